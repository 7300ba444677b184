package synctera

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/acctkit/acctkit/account"
	"github.com/acctkit/acctkit/iban"
)

// withMember returns the JSON of v with the member at path (dotted, as in
// synSet) replaced by raw JSON, or removed when raw is "".
func withMember(t *testing.T, v any, path, raw string) []byte {
	t.Helper()
	tree := synTree(t, synJSON(t, v))
	parts := strings.Split(path, ".")
	m := tree.(map[string]any)
	for _, p := range parts[:len(parts)-1] {
		next, ok := m[p].(map[string]any)
		if !ok {
			next = map[string]any{}
			m[p] = next
		}
		m = next
	}
	last := parts[len(parts)-1]
	if raw == "" {
		delete(m, last)
	} else {
		m[last] = json.RawMessage(raw)
	}
	return synJSON(t, tree)
}

// Each class of bad input the decoder handles, at its path in a Synctera
// body, with its code; the same fault has the code it has in ARTU.
func TestDecodeClasses(t *testing.T) {
	const (
		msgUUID     = "must be a UUID (8-4-4-4-12 hexadecimal digits)"
		msgCurrency = "must be an ISO 4217 alphabetic currency code in upper case, such as USD"
		msgCountry  = "must be an ISO 3166-1 alpha-2 country code in upper case, such as US"
		msgEmpty    = "must not be empty: leave the member out instead"
		msgEnum     = "must be one of the documented values, not empty: leave the member out instead"
	)
	ext, resp, acct := synValidExternalRequest(), synValidExternalAccount(), synValidAccountRequest()
	for _, tc := range []struct {
		name   string
		v      any
		path   string
		raw    string
		target func() any
		want   []synErr
	}{
		// null where the documents allow none is a type error.
		{"request currency null", ext, "currency", `null`, newExt, []synErr{{"currency", account.CodeType, "must be a string, got null"}}},
		{"request metadata null", ext, "metadata", `null`, newExt, []synErr{{"metadata", account.CodeType, "must be an object, got null"}}},
		{"request tenant null", ext, "tenant", `null`, newExt, []synErr{{"tenant", account.CodeType, "must be a string, got null"}}},
		{"request nickname null", ext, "nickname", `null`, newExt, []synErr{{"nickname", account.CodeType, "must be a string, got null"}}},
		{"request owner names null", ext, "account_owner_names", `null`, newExt, []synErr{{"account_owner_names", account.CodeType, "must be an array, got null"}}},
		{"request identifiers null", ext, "account_identifiers", `null`, newExt, []synErr{{"account_identifiers", account.CodeType, "must be an object, got null"}}},
		{"request iban null", ext, "account_identifiers.iban", `null`, newExt, []synErr{{"account_identifiers.iban", account.CodeType, "must be a string, got null"}}},
		{"request verification null", ext, "verification", `null`, newExt, nil},
		{"response nickname null", resp, "nickname", `null`, newResp, nil},
		{"response status null", resp, "status", `null`, newResp, []synErr{{"status", account.CodeType, "must be a string, got null"}}},
		{"account flag null", acct, "is_wire_enabled", `null`, newAcct, []synErr{{"is_wire_enabled", account.CodeType, "must be a boolean, got null"}}},
		{"account limit null", acct, "overdraft_limit", `null`, newAcct, []synErr{{"overdraft_limit", account.CodeType, "must be an integer, got null"}}},

		// "" where an id, enum, currency, country or identifier is expected
		// is refused, never dropped: "exactly one of" does not pass on it.
		{"empty business_id", ext, "business_id", `""`, newExt, []synErr{{"business_id", account.CodeFormat, msgEmpty}}},
		{"empty customer_id", withOwner(ext), "customer_id", `""`, newExt, []synErr{{"customer_id", account.CodeFormat, msgEmpty}}},
		{"empty currency", ext, "currency", `""`, newExt, []synErr{{"currency", account.CodeFormat, msgEmpty}}},
		{"empty customer_type", ext, "customer_type", `""`, newExt, []synErr{{"customer_type", account.CodeNotSupported, msgEnum}}},
		{"empty iban", ext, "account_identifiers.iban", `""`, newExt, []synErr{{"account_identifiers.iban", account.CodeFormat, "must not be empty"}}},
		{"empty number", ext, "account_identifiers.number", `""`, newExt, []synErr{{"account_identifiers.number", account.CodeFormat, msgEmpty}}},
		{"empty swift", ext, "routing_identifiers.international_wire_details.swift_code", `""`, newExt,
			[]synErr{{"routing_identifiers.international_wire_details.swift_code", account.CodeFormat, "must not be empty"}}},
		{"empty bank country", ext, "routing_identifiers.bank_countries", `[""]`, newExt,
			[]synErr{{"routing_identifiers.bank_countries[0]", account.CodeFormat, msgCountry}}},
		{"empty application_id", acct, "application_id", `""`, newAcct, []synErr{{"application_id", account.CodeFormat, msgEmpty}}},
		{"empty relationship party", acct, "relationships", `[{"business_id":"","customer_id":"` + goodUUID + `","relationship_type":"ACCOUNT_HOLDER"}]`, newAcct,
			[]synErr{{"relationships[0].business_id", account.CodeFormat, msgEmpty}}},
		{"empty nickname", ext, "nickname", `""`, newExt, []synErr{{"nickname", account.CodeFormat, "must not be empty"}}},

		// Wrong types by kind, never by content, and no cascade: a number
		// that is not a string is not also a missing number.
		{"number as number", withoutIBAN(ext), "account_identifiers.number", `12345678901234`, newExt,
			[]synErr{{"account_identifiers.number", account.CodeType, "must be a string, got a number"}}},
		{"number as business_id", ext, "business_id", `7`, newExt, []synErr{{"business_id", account.CodeType, "must be a string, got a number"}}},
		{"string as balance", acct, "balance_floor.balance", `"5"`, newAcct,
			[]synErr{{"balance_floor.balance", account.CodeType, "must be an integer, got a string"}}},
		{"fraction as balance", acct, "overdraft_limit", `1.5`, newAcct,
			[]synErr{{"overdraft_limit", account.CodeType, "must be an integer, got a number with a fraction or exponent"}}},

		// One code per fault in every API.
		{"lower-case currency", ext, "currency", `"usd"`, newExt, []synErr{{"currency", account.CodeFormat, msgCurrency}}},
		{"unknown currency", ext, "currency", `"XXY"`, newExt, []synErr{{"currency", account.CodeNotSupported, "is not a current ISO 4217 currency code"}}},
		{"malformed country", ext, "routing_identifiers.bank_countries", `["usa"]`, newExt,
			[]synErr{{"routing_identifiers.bank_countries[0]", account.CodeFormat, msgCountry}}},
		{"malformed uuid", ext, "customer_id", `"nope"`, newExt, []synErr{{"customer_id", account.CodeFormat, msgUUID}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			body := withMember(t, tc.v, tc.path, tc.raw)
			assert.Equal(t, tc.want, synErrs(t, account.Decode(body, tc.target())), "%s", body)
		})
	}
}

func newExt() any  { return new(ExternalAccountRequest) }
func newResp() any { return new(ExternalAccount) }
func newAcct() any { return new(AccountRequest) }

// withOwner is r owned by a customer instead of a business.
func withOwner(r ExternalAccountRequest) ExternalAccountRequest {
	r.CustomerID, r.BusinessID = r.BusinessID, ""
	return r
}

func withoutIBAN(r ExternalAccountRequest) ExternalAccountRequest {
	ai := *r.AccountIdentifiers
	ai.IBAN = iban.IBAN{}
	r.AccountIdentifiers = &ai
	return r
}

// A PATCH takes null to clear and "" as a value that must be valid.
func TestDecodePatchNullAndEmpty(t *testing.T) {
	for _, tc := range []struct {
		body string
		want []synErr
	}{
		{`{"currency":null}`, nil},
		{`{"nickname":null}`, nil},
		{`{"verification":null}`, nil},
		{`{"routing_identifiers":{"ach_routing_number":null}}`, nil},
		{`{"currency":""}`, []synErr{{"currency", account.CodeFormat, "must be an ISO 4217 alphabetic currency code in upper case, such as USD"}}},
		{`{"nickname":""}`, []synErr{{"nickname", account.CodeFormat, "must not be empty"}}},
		{`{"status":""}`, []synErr{{"status", account.CodeNotSupported, "must be one of: ACTIVE, INACTIVE"}}},
		{`{"routing_identifiers":{"ach_routing_number":""}}`, []synErr{{"routing_identifiers.ach_routing_number", account.CodeFormat, "must not be empty"}}},
		{`{"account_identifiers":{"number":87654321}}`, nil},
		{`{"routing_identifiers":{"network":""}}`, []synErr{{"routing_identifiers.network", account.CodeFormat, "must not be empty"}}},
		{`{"routing_identifiers":{"network":null}}`, nil},
		{`{"account_identifiers":{"number":-1}}`, []synErr{{"account_identifiers.number", account.CodeType,
			"must be a string or a whole number, got a number with a sign, fraction or exponent"}}},
		{`{"status":null}`, []synErr{{"status", account.CodeForbidden, "cannot be cleared: an external account must have one"}}},
	} {
		var p ExternalAccountPatch
		assert.Equal(t, tc.want, synErrs(t, account.Decode([]byte(tc.body), &p)), tc.body)
	}
}

// The seed examples keep their exact errors, and no error of a refused body
// repeats nine digits of it.
func TestDecodeErrorsDoNotEchoDigits(t *testing.T) {
	long := regexp.MustCompile(`[0-9]{9,}`)
	ext := synValidExternalRequest()
	for _, body := range [][]byte{
		withMember(t, ext, "account_identifiers.number", `123456789012`),
		withMember(t, ext, "routing_identifiers.ach_routing_number", `"123456789"`),
		withMember(t, ext, "routing_identifiers.ach_routing_number", `123456789`),
		withMember(t, ext, "account_identifiers.iban", `"DE89370400440532013001"`),
		withMember(t, ext, "metadata", `{"123456789012":1,"123456789012":2}`),
		[]byte(`{"account_identifiers":{"number":"1234567890"},"123456789012":true}`),
	} {
		err := account.Decode(body, new(ExternalAccountRequest))
		require.Error(t, err, "%s", body)
		for _, run := range long.FindAllString(err.Error(), -1) {
			assert.NotContains(t, string(body), run, "%v", err)
		}
	}
}

// Identifiers log masked at any depth: the nested types carry LogValue
// too, for a handler that resolves LogValuer inside groups and structs.
func TestNestedIdentifiersLogMasked(t *testing.T) {
	ai := AccountIdentifiers{IBAN: iban.MustParse("DE89370400440532013000"), Number: "123456789012"}
	var buf bytes.Buffer
	slog.New(slog.NewTextHandler(&buf, nil)).Info("x", "ids", ai, "patch", AccountIdentifiersPatch{Number: account.Some(account.NumberString("123456789012"))})
	out := buf.String()
	assert.NotContains(t, out, "123456789012")
	assert.NotContains(t, out, "DE89370400440532013000")
	assert.Contains(t, out, "9012")
	n := account.NumberString("87654321")
	assert.Equal(t, "****4321", n.LogValue().String())
}
