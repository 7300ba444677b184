package artu

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/acctkit/acctkit/account"
	"github.com/acctkit/acctkit/clabe"
	"github.com/acctkit/acctkit/iban"
	"github.com/acctkit/acctkit/routing"
)

const (
	uuidA  = "3f1c2a9e-8d4b-4c6f-9a2e-1b7d5e0c4a21"
	client = "8a6e0804-2bd0-4672-b79d-d97027f9071a"

	clabeBanamex   = "002010077777777771" // bank 002, plaza 010
	clabeBBVA      = "012180012345678909" // bank 012, plaza 180
	clabeUnknown   = "500010000000000011" // right control digit, bank 500 unassigned
	clabeBadCheck  = "002010077777777779"
	ibanDE         = "DE89370400440532013000"
	ibanFR         = "FR1420041010050500013M02606"
	abaChase       = "021000021"
	abaPlaceholder = "915075033" // the seeds' placeholder: check digit 3, want 6
)

// absent removes a key in with.
var absent = struct{}{}

func mxCreate() map[string]any {
	return map[string]any{
		"clientId": client, "accountNumber": "0123456789", "bankName": "Banamex", "country": "MX",
		"currency": "MXN", "clabe": clabeBanamex, "codigoBanco": "002", "codigoPlaza": "010",
	}
}

func usCreate() map[string]any {
	return map[string]any{
		"clientId": client, "accountNumber": "000123456789", "bankName": "Chase", "bankCode": abaChase,
		"country": "US", "currency": "USD",
	}
}

func update(kv ...any) map[string]any { return with(map[string]any{"id": uuidA}, kv...) }

// with returns a copy of base with each key set to its value (or removed
// for absent).
func with(base map[string]any, kv ...any) map[string]any {
	m := make(map[string]any, len(base))
	for k, v := range base {
		m[k] = v
	}
	for i := 0; i < len(kv); i += 2 {
		if kv[i+1] == absent {
			delete(m, kv[i].(string))
		} else {
			m[kv[i].(string)] = kv[i+1]
		}
	}
	return m
}

// problems decodes body into v with account.Decode and lists its errors as
// "path code", in order.
func problems(t *testing.T, body []byte, v any) []string {
	t.Helper()
	err := account.Decode(body, v)
	if err == nil {
		return nil
	}
	ve, ok := account.AsValidationError(err)
	require.True(t, ok, "%v", err)
	out := make([]string, len(ve.Errors))
	for i, fe := range ve.Errors {
		out[i] = fe.Path + " " + fe.Code
		assert.NotEmpty(t, fe.Message, fe.Path)
	}
	return out
}

func itemProblems(t *testing.T, item map[string]any) []string {
	t.Helper()
	body, err := json.Marshal(item)
	require.NoError(t, err)
	var it SyncItem
	return problems(t, body, &it)
}

func TestSyncItemRules(t *testing.T) {
	tests := []struct {
		name string
		item map[string]any
		want []string
	}{
		// Shapes and required fields.
		{"MX create", mxCreate(), nil},
		{"US create", usCreate(), nil},
		{"create requires clientId", with(mxCreate(), "clientId", absent), []string{"clientId required"}},
		{"create requires accountNumber", with(mxCreate(), "accountNumber", absent), []string{"accountNumber required"}},
		{"create requires bankName", with(mxCreate(), "bankName", absent), []string{"bankName required"}},
		{"create requires country", with(usCreate(), "country", absent), []string{"country required"}},
		{"create requires currency", with(mxCreate(), "currency", absent), []string{"currency required"}},
		{"empty create", map[string]any{}, []string{
			"clientId required", "accountNumber required", "bankName required", "country required", "currency required"}},
		{"update needs only id", update(), nil},
		{"update sets isPrimary false", update("isPrimary", false), nil},
		{"delete", update("_delete", true), nil},
		{"_delete without id", map[string]any{"_delete": true}, []string{"id required"}},
		{"update without id", map[string]any{"_delete": false, "label": "x"}, []string{"id required"}},

		// Field formats.
		{"null fields", update("isPrimary", nil, "label", nil, "metadata", nil, "clabe", nil, "type", nil),
			// Decode reports them in the order of the body (keys sorted here).
			[]string{"clabe type", "isPrimary type", "label type", "metadata type", "type type"}},
		{"null id", map[string]any{"id": nil}, []string{"id type"}},
		{"id not a UUID", update("id", "42"), []string{"id format"}},
		{"empty id", update("id", ""), []string{"id format"}},
		{"upper-case UUID", update("id", strings.ToUpper(uuidA)), nil},
		{"clientId not a UUID", with(mxCreate(), "clientId", "client-1"), []string{"clientId format"}},
		{"empty accountNumber", with(mxCreate(), "accountNumber", ""), []string{"accountNumber format"}},
		{"empty bankName", update("bankName", ""), []string{"bankName format"}},
		{"empty bankCode, label, externalId", update("bankCode", "", "label", "", "externalId", ""), nil},
		{"type enum", update("type", "loan"), []string{"type not_supported"}},
		{"type case", update("type", "Checking"), []string{"type not_supported"}},
		{"empty type", update("type", ""), []string{"type not_supported"}},
		{"every type", update("type", "investment"), nil},
		{"country lower case", with(usCreate(), "country", "us"), []string{"country format"}},
		{"country alpha-3", with(usCreate(), "country", "USA"), []string{"country format"}},
		{"country unassigned", with(usCreate(), "country", "ZZ"), []string{"country unknown_country"}},
		{"country Kosovo", with(usCreate(), "country", "XK", "bankCode", absent), nil},
		{"currency lower case", with(mxCreate(), "currency", "mxn"), []string{"currency format"}},
		{"currency withdrawn", with(mxCreate(), "currency", "MXV1"), []string{"currency format"}},
		{"currency unknown", with(mxCreate(), "currency", "BGN"), []string{"currency not_supported"}},
		{"currency of another country", with(mxCreate(), "currency", "USD"), nil},
		{"JSON type errors", update("isActive", "yes", "label", 7, "metadata", []int{1}),
			[]string{"isActive type", "label type", "metadata type"}},
		{"unknown field", update("iban", ibanDE), []string{"iban unknown_field"}},

		// Mexico.
		{"MX CLABE only", with(mxCreate(), "codigoBanco", absent, "codigoPlaza", absent), nil},
		{"MX without CLABE fields", with(mxCreate(), "clabe", absent, "codigoBanco", absent, "codigoPlaza", absent), nil},
		{"MX clabe checksum", with(mxCreate(), "clabe", clabeBadCheck), []string{"clabe checksum"}},
		{"MX clabe unknown bank", with(mxCreate(), "clabe", clabeUnknown, "codigoBanco", absent, "codigoPlaza", absent),
			[]string{"clabe unknown_bank"}},
		{"MX clabe short", with(mxCreate(), "clabe", "00201007777777777"), []string{"clabe format"}},
		{"MX clabe spaced", with(mxCreate(), "clabe", "002 010 07777777777 1"), []string{"clabe format"}},
		{"MX clabe empty", with(mxCreate(), "clabe", ""), []string{"clabe format"}},
		{"MX codigoBanco differs", with(mxCreate(), "codigoBanco", "012"), []string{"codigoBanco conflict"}},
		{"MX codigoPlaza differs", with(mxCreate(), "codigoPlaza", "011"), []string{"codigoPlaza conflict"}},
		{"MX codigoBanco two digits", with(mxCreate(), "codigoBanco", "02"), []string{"codigoBanco format"}},
		{"MX codigoPlaza letters", with(mxCreate(), "codigoPlaza", "0A0"), []string{"codigoPlaza format"}},
		{"MX codigoBanco without CLABE, known", with(mxCreate(), "clabe", absent, "codigoBanco", "012", "codigoPlaza", "999"), nil},
		{"MX codigoBanco without CLABE, unknown", with(mxCreate(), "clabe", absent, "codigoBanco", "500", "codigoPlaza", absent),
			[]string{"codigoBanco unknown_bank"}},
		{"MX accountNumber is the CLABE", with(mxCreate(), "accountNumber", clabeBanamex), nil},
		{"MX accountNumber CLABE, no clabe", with(mxCreate(), "accountNumber", clabeBBVA, "clabe", absent,
			"codigoBanco", "012", "codigoPlaza", "180"), nil},
		{"MX accountNumber CLABE checks codigos", with(mxCreate(), "accountNumber", clabeBBVA, "clabe", absent),
			[]string{"codigoBanco conflict", "codigoPlaza conflict"}},
		{"MX accountNumber other CLABE", with(mxCreate(), "accountNumber", clabeBBVA), []string{"clabe conflict"}},
		{"MX accountNumber bad CLABE", with(mxCreate(), "accountNumber", clabeBadCheck), []string{"accountNumber checksum"}},
		{"MX accountNumber CLABE of unknown bank", with(mxCreate(), "accountNumber", clabeUnknown),
			[]string{"accountNumber unknown_bank"}},
		{"MX accountNumber of 17 digits is no CLABE", with(mxCreate(), "accountNumber", "00201007777777777"), nil},
		{"MX accountNumber of 16 digits (card)", with(mxCreate(), "accountNumber", "4152313412345678"), nil},
		{"MX accepts any bankCode", with(mxCreate(), "bankCode", "BANAMEX"), nil},

		// Other countries.
		{"US forbids CLABE fields", with(usCreate(), "clabe", clabeBanamex, "codigoBanco", "002", "codigoPlaza", "010"),
			[]string{"clabe forbidden", "codigoBanco forbidden", "codigoPlaza forbidden"}},
		{"US forbids an invalid clabe too", with(usCreate(), "clabe", clabeBadCheck), []string{"clabe checksum"}},
		{"US bankCode ABA", with(usCreate(), "bankCode", abaPlaceholder), []string{"bankCode checksum"}},
		{"US bankCode short", with(usCreate(), "bankCode", "02100002"), []string{"bankCode format"}},
		{"US without bankCode", with(usCreate(), "bankCode", absent), nil},
		{"CA bankCode is not ABA", with(usCreate(), "country", "CA", "currency", "CAD", "bankCode", "00301234"), nil},
		{"DE IBAN", with(usCreate(), "country", "DE", "currency", "EUR", "bankCode", absent, "accountNumber", ibanDE), nil},
		{"DE IBAN printed", with(usCreate(), "country", "DE", "currency", "EUR", "bankCode", absent,
			"accountNumber", "de89 3704 0044 0532 0130 00"), nil},
		{"DE IBAN checksum", with(usCreate(), "country", "DE", "currency", "EUR", "bankCode", absent,
			"accountNumber", "DE89370400440532013001"), []string{"accountNumber checksum"}},
		{"DE IBAN length", with(usCreate(), "country", "DE", "currency", "EUR", "bankCode", absent,
			"accountNumber", "DE8937040044053201300"), []string{"accountNumber format"}},
		{"IBAN of another country", with(usCreate(), "country", "ES", "currency", "EUR", "bankCode", absent,
			"accountNumber", ibanDE), []string{"accountNumber conflict"}},
		{"IBAN on a US account", with(usCreate(), "accountNumber", ibanDE), []string{"accountNumber conflict"}},
		{"IBAN with unknown prefix", with(usCreate(), "country", "DE", "currency", "EUR", "bankCode", absent,
			"accountNumber", "QQ89370400440532013000"), []string{"accountNumber unknown_country"}},
		{"French territory with FR IBAN", with(usCreate(), "country", "GF", "currency", "EUR", "bankCode", absent,
			"accountNumber", ibanFR), nil},
		{"national number is not IBAN form", with(usCreate(), "country", "DE", "currency", "EUR", "bankCode", absent,
			"accountNumber", "0532013000"), nil},
		{"short alphanumeric is not IBAN form", with(usCreate(), "country", "GB", "currency", "GBP", "bankCode", absent,
			"accountNumber", "AB12CD"), nil},

		// Update items without a country.
		{"update clabe with matching codigos", update("clabe", clabeBBVA, "codigoBanco", "012", "codigoPlaza", "180"), nil},
		{"update clabe with other codigoBanco", update("clabe", clabeBBVA, "codigoBanco", "002"), []string{"codigoBanco conflict"}},
		{"update codigoBanco unknown", update("codigoBanco", "500"), []string{"codigoBanco unknown_bank"}},
		{"update accountNumber not taken for a CLABE", update("accountNumber", clabeBadCheck), nil},
		{"update setting country US with clabe", update("country", "US", "clabe", clabeBBVA), []string{"clabe forbidden"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, itemProblems(t, tc.item))
		})
	}
}

func TestSyncItemAllErrorsTogether(t *testing.T) {
	item := map[string]any{
		"clientId": "nope", "accountNumber": clabeBadCheck, "bankName": "", "country": "MX", "currency": "pesos",
		"type": "loan", "isPrimary": nil, "clabe": clabeBBVA, "codigoBanco": "002", "codigoPlaza": "1", "extra": 1,
	}
	assert.Equal(t, []string{
		"extra unknown_field",
		"isPrimary type",
		"clientId format", "bankName format", "currency format", "type not_supported", "codigoPlaza format",
		"accountNumber checksum", "codigoBanco conflict",
	}, itemProblems(t, item))
}

func TestSyncItemMessages(t *testing.T) {
	body, err := json.Marshal(with(mxCreate(), "accountNumber", clabeBadCheck, "codigoBanco", "012",
		"country", "MX", "type", "loan", "clientId", absent))
	require.NoError(t, err)
	var it SyncItem
	err = account.Decode(body, &it)
	require.Error(t, err)
	assert.Equal(t, "validation failed with 4 errors: "+
		"clientId: is required; "+
		"type: must be one of: checking, savings, investment, other; "+
		"accountNumber: is 18 digits, so a CLABE, but not a valid CLABE: check digit is 9, want 1; "+
		"codigoBanco: is 012 but the CLABE's bank code is 002", err.Error())
	assert.ErrorIs(t, err, clabe.ErrChecksum)
	var pe *clabe.ParseError
	require.ErrorAs(t, err, &pe)
	assert.NotContains(t, err.Error(), clabeBadCheck)

	ve, _ := account.AsValidationError(err)
	assert.Equal(t, "/accountNumber", ve.Errors[2].Pointer())

	var us SyncItem
	body, _ = json.Marshal(with(usCreate(), "bankCode", abaPlaceholder, "accountNumber", ibanDE, "clabe", clabeBanamex))
	err = account.Decode(body, &us)
	assert.Equal(t, "validation failed with 3 errors: "+
		`clabe: is only allowed when country is "MX"; `+
		"accountNumber: is an IBAN of DE, not of US; "+
		"bankCode: is not a valid ABA routing number: check digit is 3, want 6", err.Error())
	assert.ErrorIs(t, err, routing.ErrChecksum)

	var de SyncItem
	body, _ = json.Marshal(with(usCreate(), "country", "DE", "bankCode", absent, "accountNumber", "DE89370400440532013001"))
	err = account.Decode(body, &de)
	assert.Equal(t, "validation failed: accountNumber: is in IBAN form but not a valid IBAN: check digits are 89, want 62",
		err.Error())
	assert.ErrorIs(t, err, iban.ErrChecksum)
}

func TestSyncItemShapes(t *testing.T) {
	for _, tc := range []struct {
		body                     string
		create, update, isDelete bool
	}{
		{`{}`, true, false, false},
		{`{"clientId":"` + client + `"}`, true, false, false},
		{`{"id":"` + uuidA + `"}`, false, true, false},
		{`{"id":"` + uuidA + `","_delete":false}`, false, true, false},
		{`{"id":"` + uuidA + `","_delete":true}`, false, false, true},
		{`{"_delete":true}`, false, false, true},
		{`{"id":null}`, false, true, false},
	} {
		var it SyncItem
		require.NoError(t, json.Unmarshal([]byte(tc.body), &it))
		assert.Equal(t, tc.create, it.IsCreate(), tc.body)
		assert.Equal(t, tc.update, it.IsUpdate(), tc.body)
		assert.Equal(t, tc.isDelete, it.IsDelete(), tc.body)
	}
}

func TestSyncItemValidateAt(t *testing.T) {
	it := SyncItem{ID: account.Some("x"), Type: account.Some(AccountType("loan"))}
	errs := it.ValidateAt(indexPath("items", 7))
	require.Len(t, errs, 2)
	assert.Equal(t, "items[7].id", errs[0].Path)
	assert.Equal(t, "/items/7/type", errs[1].Pointer())
	assert.Nil(t, SyncItem{ID: account.Some(uuidA)}.ValidateAt(indexPath("items", 0)))
	assert.NoError(t, SyncItem{ID: account.Some(uuidA)}.Validate())

	// Values built in Go get the checks JSON would: a metadata value that
	// is not JSON cannot be encoded later, so it is refused now.
	bad := SyncItem{ID: account.Some(uuidA), Metadata: account.Some(map[string]json.RawMessage{
		"z": json.RawMessage(`{`), "a.b": json.RawMessage(`nope`), "ok": json.RawMessage(`[1]`), "null": nil, "empty": json.RawMessage{},
	})}
	assert.Equal(t, []string{`metadata["a.b"] format`, "metadata.empty format", "metadata.z format"}, codes(bad.ValidateAt(account.Path{})))
}

func TestSyncRequestRules(t *testing.T) {
	item, _ := json.Marshal(mxCreate())
	items := func(n int) string {
		parts := make([]string, n)
		for i := range parts {
			parts[i] = string(item)
		}
		return "[" + strings.Join(parts, ",") + "]"
	}
	for _, tc := range []struct {
		body string
		want []string
	}{
		{`{"items":[]}`, nil},
		{`{"items":[],"replaceMode":false}`, nil},
		{`{"items":` + items(MaxSyncItems) + `,"replaceMode":true}`, nil},
		{`{"items":` + items(MaxSyncItems+1) + `}`, []string{"items too_many"}},
		{`{}`, []string{"items required"}},
		{`{"items":null}`, []string{"items type"}}, // null is not absence
		{`{"items":{}}`, []string{"items type"}},
		{`{"items":[],"replaceMode":null}`, []string{"replaceMode type"}},
		{`{"items":[],"replaceMode":"true"}`, []string{"replaceMode type"}},
		{`{"items":[{"id":"1"},` + string(item) + `,{"_delete":true,"country":"mx"}]}`,
			[]string{"items[0].id format", "items[2].id required", "items[2].country format"}},
		{`{"items":[{"id":"` + uuidA + `","bankName":1,"bankName":"x"}]}`,
			[]string{"items[0].bankName type", "items[0].bankName duplicate"}},
	} {
		var r SyncRequest
		assert.Equal(t, tc.want, problems(t, []byte(tc.body), &r), tc.body[:min(len(tc.body), 80)])
	}

	var r SyncRequest
	require.NoError(t, account.Decode([]byte(`{"items":[],"replaceMode":true}`), &r))
	assert.True(t, r.Replace())
	assert.False(t, SyncRequest{}.Replace())

	err := account.Decode([]byte(`{"items":[`), &r)
	assert.ErrorIs(t, err, account.ErrMalformed)
}

func TestBankAccountRules(t *testing.T) {
	created := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	mx := BankAccount{
		ID: uuidA, ClientID: client, AccountNumber: clabeBanamex, BankName: "Banamex", Country: "MX", Currency: "MXN",
		Type: Checking, CLABE: clabe.MustParse(clabeBanamex), CodigoBanco: "002", CodigoPlaza: "010",
		CreatedAt: created, UpdatedAt: created,
	}
	require.NoError(t, mx.Validate())

	var zero BankAccount
	assert.Equal(t, []string{"id required", "clientId required", "accountNumber required", "bankName required",
		"currency required", "createdAt required", "updatedAt required"}, codes(zero.ValidateAt(account.Path{})))

	// A record without a country is the seed's non-MX variant: its CLABE
	// fields are errors, not dropped.
	noCountry := mx
	noCountry.Country = ""
	assert.Equal(t, []string{"clabe forbidden", "codigoBanco forbidden", "codigoPlaza forbidden"},
		codes(noCountry.ValidateAt(account.Path{})))
	noCountry.CLABE, noCountry.CodigoBanco, noCountry.CodigoPlaza = clabe.CLABE{}, "", ""
	assert.NoError(t, noCountry.Validate())

	bad := mx
	bad.Country = "US"
	bad.BankCode = abaPlaceholder
	bad.Type = "loan"
	bad.ID = "x"
	assert.Equal(t, []string{"created[2].id format", "created[2].type not_supported",
		"created[2].clabe forbidden", "created[2].codigoBanco forbidden", "created[2].codigoPlaza forbidden",
		"created[2].bankCode checksum"}, codes(bad.ValidateAt(indexPath("created", 2))))

	conflict := mx
	conflict.AccountNumber = clabeBBVA
	assert.Equal(t, []string{"clabe conflict"}, codes(conflict.ValidateAt(account.Path{})))
}

func codes(errs []account.FieldError) []string {
	var out []string
	for _, fe := range errs {
		out = append(out, fe.Path+" "+fe.Code)
	}
	return out
}

func TestNormalizeAndEffectiveCLABE(t *testing.T) {
	a := BankAccount{Country: "MX", AccountNumber: clabeBBVA}
	assert.Equal(t, clabe.MustParse(clabeBBVA), a.EffectiveCLABE())
	n := a.Normalize()
	assert.Equal(t, Checking, n.Type)
	assert.Equal(t, "012", n.CodigoBanco)
	assert.Equal(t, "180", n.CodigoPlaza)
	assert.True(t, n.CLABE.IsZero(), "the clabe field is not invented")

	// The clabe field wins over the account number; present values stay.
	a = BankAccount{Country: "MX", AccountNumber: clabeBBVA, CLABE: clabe.MustParse(clabeBanamex), CodigoPlaza: "999", Type: Savings}
	n = a.Normalize()
	assert.Equal(t, "002", n.CodigoBanco)
	assert.Equal(t, "999", n.CodigoPlaza)
	assert.Equal(t, Savings, n.Type)

	// No CLABE outside Mexico, nor from an invalid number.
	assert.True(t, BankAccount{Country: "US", AccountNumber: clabeBBVA}.EffectiveCLABE().IsZero())
	assert.True(t, BankAccount{Country: "MX", AccountNumber: clabeBadCheck}.EffectiveCLABE().IsZero())
	assert.Empty(t, BankAccount{Country: "US", AccountNumber: clabeBBVA}.Normalize().CodigoBanco)
}

func TestAccountAndApplyTo(t *testing.T) {
	var it SyncItem
	require.NoError(t, account.Decode(mustJSON(t, with(mxCreate(), "codigoBanco", absent, "codigoPlaza", absent,
		"metadata", map[string]any{"n": 1}, "isActive", true)), &it))
	require.True(t, it.IsCreate())
	a := it.Account()
	assert.Equal(t, BankAccount{
		ClientID: client, AccountNumber: "0123456789", BankName: "Banamex", Country: "MX", Currency: "MXN",
		Type: Checking, IsActive: true, Metadata: map[string]json.RawMessage{"n": json.RawMessage("1")},
		CLABE: clabe.MustParse(clabeBanamex), CodigoBanco: "002", CodigoPlaza: "010",
	}, a)

	created := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	existing := a
	existing.ID, existing.CreatedAt, existing.UpdatedAt = uuidA, created, created
	existing.IsPrimary, existing.Label = true, "nómina"
	require.NoError(t, existing.Validate())

	apply := func(body string) BankAccount {
		t.Helper()
		var it SyncItem
		require.NoError(t, json.Unmarshal([]byte(body), &it))
		return it.ApplyTo(existing)
	}
	id := `"id":"` + uuidA + `"`
	assert.Equal(t, existing, apply(`{`+id+`}`), "an empty update changes nothing")
	assert.Equal(t, existing, apply(`{`+id+`,"label":null,"_delete":true}`), "null and _delete are not values")

	got := apply(`{` + id + `,"isPrimary":false}`)
	want := existing
	want.IsPrimary = false
	assert.Equal(t, want, got, "false is a value, not absence")

	got = apply(`{` + id + `,"clabe":"` + clabeBBVA + `"}`)
	want = existing
	want.CLABE, want.CodigoBanco, want.CodigoPlaza = clabe.MustParse(clabeBBVA), "012", "180"
	assert.Equal(t, want, got, "a new CLABE brings its own codigos")
	assert.NoError(t, got.Validate())

	got = apply(`{` + id + `,"clabe":"` + clabeBBVA + `","codigoPlaza":"181"}`)
	assert.Equal(t, "012", got.CodigoBanco)
	assert.Equal(t, "181", got.CodigoPlaza, "a given value is kept, and then reported")
	assert.Equal(t, []string{"codigoPlaza conflict"}, codes(got.ValidateAt(account.Path{})))

	noCLABE := existing
	noCLABE.CLABE = clabe.CLABE{}
	var it2 SyncItem
	require.NoError(t, json.Unmarshal([]byte(`{`+id+`,"accountNumber":"`+clabeBBVA+`"}`), &it2))
	got = it2.ApplyTo(noCLABE)
	assert.Equal(t, "012", got.CodigoBanco, "an accountNumber that is a CLABE re-derives the codigos")
	assert.Equal(t, "180", got.CodigoPlaza)

	got = apply(`{` + id + `,"accountNumber":"0987654321","type":"savings","metadata":{"k":[1,2]}}`)
	assert.Equal(t, "002", got.CodigoBanco, "the clabe field still holds the account's CLABE")
	assert.Equal(t, Savings, got.Type)
	assert.Equal(t, map[string]json.RawMessage{"k": json.RawMessage("[1,2]")}, got.Metadata)

	var it3 SyncItem
	require.NoError(t, json.Unmarshal([]byte(`{`+id+`,"metadata":{"k":1}}`), &it3))
	got = it3.ApplyTo(existing)
	m, _ := it3.Metadata.Get()
	m["k"] = json.RawMessage("2")
	assert.Equal(t, json.RawMessage("1"), got.Metadata["k"], "metadata is copied")
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return b
}

func TestAccountTypeValid(t *testing.T) {
	for _, v := range []AccountType{Checking, Savings, Investment, Other} {
		assert.True(t, v.Valid(), v)
	}
	for _, v := range []AccountType{"", "Checking", "loan", "checking "} {
		assert.False(t, v.Valid(), v)
	}
	assert.Equal(t, Checking, DefaultAccountType)
}
