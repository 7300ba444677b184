package fuzz

import (
	"bytes"
	"encoding/json"
	"errors"
	"math/big"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/acctkit/acctkit/account"
	"github.com/acctkit/acctkit/account/artu"
	"github.com/acctkit/acctkit/account/synctera"
	"github.com/acctkit/acctkit/clabe"
	"github.com/acctkit/acctkit/iban"
)

// bodyTypes are the account package's request and response bodies, each
// with the seed example that is its instance.
var bodyTypes = []struct {
	name string
	seed string // <api>/<file>, in account/<api>/testdata
	new  func() any
}{
	{"SyncRequest", "artu/sync_request.json", func() any { return new(artu.SyncRequest) }},
	{"SyncResponse", "artu/sync_response.json", func() any { return new(artu.SyncResponse) }},
	{"BankAccount", "", func() any { return new(artu.BankAccount) }},
	{"ExternalAccountRequest", "synctera/external_create_request.json", func() any { return new(synctera.ExternalAccountRequest) }},
	{"ExternalAccountPatch", "synctera/external_patch_request.json", func() any { return new(synctera.ExternalAccountPatch) }},
	{"ExternalAccount", "synctera/external_create_response.json", func() any { return new(synctera.ExternalAccount) }},
	{"ExternalAccount", "synctera/external_patch_response.json", func() any { return new(synctera.ExternalAccount) }},
	{"SyncteraAccountRequest", "synctera/account_create_request.json", func() any { return new(synctera.AccountRequest) }},
	{"SyncteraAccount", "synctera/account_create_response.json", func() any { return new(synctera.Account) }},
}

// repairs replace, by key, the seeds' placeholders and the identifiers
// that do not pass (the Synctera examples use "<string>", routing numbers
// with unassigned prefixes and the ambiguous 8-digit Canadian form), so the
// repaired bodies reach the path where a body decodes and validates.
var repairs = map[string]any{
	"ach_routing_number":    "021000021",
	"wire_routing_number":   "021000021",
	"bank_routing":          "021000021",
	"eft_ca_routing_number": "000300002",
	"eft_routing_number":    "000300002",
	"iban":                  "DE89370400440532013000",
	"swift_code":            "DEUTDEFFXXX",
}

// repairSeed returns body with repairs applied, with one party where the
// examples name several (business and customer), and the balance floor at
// the ceiling.
func repairSeed(tb testing.TB, body []byte) []byte {
	tb.Helper()
	var v any
	require.NoError(tb, json.Unmarshal(body, &v))
	var walk func(any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			for k, x := range v {
				if r, ok := repairs[k]; ok {
					if _, isString := x.(string); isString {
						v[k] = r
						continue
					}
				}
				walk(x)
			}
			if _, ok := v["business_id"]; ok {
				delete(v, "customer_id")
				delete(v, "person_id")
			}
			if floor, ok := v["balance_floor"].(map[string]any); ok {
				floor["balance"] = 1
			}
		case []any:
			for _, x := range v {
				walk(x)
			}
		}
	}
	walk(v)
	out, err := json.Marshal(v)
	require.NoError(tb, err)
	return out
}

// TestRepairedSeedsValidate makes sure the corpus reaches the valid path
// of every body type.
func TestRepairedSeedsValidate(t *testing.T) {
	for _, bt := range bodyTypes {
		if bt.seed == "" {
			continue
		}
		body := repairSeed(t, readSeed(t, bt.seed))
		require.NoError(t, account.Decode(body, bt.new()), "%s: %s", bt.seed, body)
	}
}

var longDigits = regexp.MustCompile(`[0-9]{9,}`)

var knownCodes = []string{
	account.CodeRequired, account.CodeForbidden, account.CodeInvalid, account.CodeFormat, account.CodeChecksum,
	account.CodeUnknownBank, account.CodeUnknownCountry, account.CodeNotSupported, account.CodeRange,
	account.CodeConflict, account.CodeDuplicate, account.CodeNotFound, account.CodeTooMany, account.CodeType,
	account.CodeUnknownField,
}

// The decode targets feed arbitrary bytes to Decode for every request and
// response type of one API (ARTU, Synctera): two targets rather than one,
// so each input costs half and the corpus of one API is not spent on the
// other's types. Decode must not panic and must fail only with
// ErrMalformed or a well-formed *ValidationError whose messages never hold
// a full account identifier of the body. A body that decodes (Decode also
// validates):
//
//   - keeps every member it gave with a value: each non-empty leaf of the
//     body has its place in the re-encoding (nothing silently dropped);
//   - re-encodes to JSON that Decode accepts and that decodes to the same
//     value (reflect.DeepEqual, json.RawMessage compared compacted:
//     encoding/json compacts raw metadata, so its white space is the one
//     thing the first round may change; everything else, including
//     canonical identifier forms, is already fixed);
//   - and that second value encodes to the same bytes.

func FuzzDecodeARTU(f *testing.F) {
	fuzzDecode(f, "artu/")
}

func FuzzDecodeSynctera(f *testing.F) {
	fuzzDecode(f, "synctera/")
}

func fuzzDecode(f *testing.F, api string) {
	var types []int
	for i, bt := range bodyTypes {
		if strings.HasPrefix(bt.seed, api) || (bt.seed == "" && api == "artu/") {
			types = append(types, i)
			if bt.seed != "" {
				b := readSeed(f, bt.seed)
				f.Add(b)
				f.Add(repairSeed(f, b))
			}
		}
	}
	for _, s := range []string{
		`{}`, `null`, `[]`, `{"items":[]}`, `{"items":null}`, `{"items":[{}],"items":[]}`, `{"ITEMS":[]}`,
		`{"account_identifiers":{"number":87654321}}`, `{"account_identifiers":{"number":8.7e7}}`,
		`{"metadata":{"a":  [1, 2 ,{"b" : null}]}}`, `{"creation_time":"0001-01-01T00:00:00Z"}`,
		`{"nickname":null,"verification":null}`, "\xef\xbb\xbf{}", `{"items":[{"label":"\ud800"}]}`,
		"{\"name\":\"286\xc50\"}",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		secrets := sync.OnceValue(func() []string { return accountSecrets(body) })
		seen := map[string]bool{}
		for _, i := range types {
			if bt := bodyTypes[i]; !seen[bt.name] {
				seen[bt.name] = true
				checkDecodeBody(t, bt.name, body, bt.new, secrets)
			}
		}
	})
}

func checkDecodeBody(t *testing.T, name string, body []byte, newV func() any, secrets func() []string) {
	t.Helper()
	v := newV()
	err := account.Decode(body, v)
	if err != nil {
		checkDecodeError(t, name, body, err, secrets())
		return
	}
	// Differential: encoding/json, given what Decode accepted, either
	// refuses it too or reads the same value.
	if std := newV(); json.Unmarshal(body, std) == nil {
		require.Equal(t, std, v, "%s: encoding/json reads %q otherwise", name, body)
	}
	once, err := json.Marshal(v)
	require.NoError(t, err, "%s: encoding what Decode accepted", name)
	checkNothingDropped(t, name, body, once)

	again := newV()
	require.NoError(t, account.Decode(once, again), "%s: re-decoding %s", name, once)
	if !equalCompacted(reflect.ValueOf(v), reflect.ValueOf(again)) {
		require.Equal(t, v, again, "%s: %q re-encodes to %s, which decodes to another value", name, body, once)
		require.Fail(t, "values differ", "%s: only in raw metadata, beyond white space", name)
	}
	twice, err := json.Marshal(again)
	require.NoError(t, err)
	require.Equal(t, string(once), string(twice), "%s: encoding is not a fixed point", name)
}

// checkDecodeError: ErrMalformed, or a *ValidationError listing problems
// with known codes, pointers and messages that never disclose a full
// account identifier from the body.
func checkDecodeError(t *testing.T, name string, body []byte, err error, secrets []string) {
	t.Helper()
	// No error text holds a run of nine or more digits of the body (an
	// account number, whatever member or key it came in).
	for _, run := range longDigits.FindAllString(err.Error(), -1) {
		if bytes.Contains(body, []byte(run)) {
			t.Fatalf("%s: the error repeats the digits %s of the body: %v", name, run, err)
		}
	}
	if errors.Is(err, account.ErrMalformed) {
		var se *account.SyntaxError
		if !errors.As(err, &se) || se.Line < 1 || se.Column < 1 || se.Offset < 0 || se.Offset > int64(len(body)) {
			t.Fatalf("%s: malformed without a position: %v", name, err)
		}
		return
	}
	ve, ok := account.AsValidationError(err)
	require.True(t, ok, "%s: Decode error %T %v is neither ErrMalformed nor a *ValidationError", name, err, err)
	require.NotEmpty(t, ve.Errors, "%s: empty ValidationError", name)
	// Plain conditions: this loop runs for every problem of every body,
	// and testify's helpers cost more than the decoding.
	for _, fe := range ve.Errors {
		if !slices.Contains(knownCodes, fe.Code) || fe.Message == "" {
			t.Fatalf("%s: bad field error %#v", name, fe)
		}
		if fe.Path != "" && !strings.HasPrefix(fe.Pointer(), "/") {
			t.Fatalf("%s: pointer %q of %q", name, fe.Pointer(), fe.Path)
		}
		for _, s := range secrets {
			if strings.Contains(fe.Message, s) {
				t.Fatalf("%s: the message of %s discloses the account identifier %q: %s", name, fe.Path, s, fe.Message)
			}
		}
	}
	if len(secrets) > 0 {
		msg := ve.Error()
		for _, s := range secrets {
			if strings.Contains(msg, s) {
				t.Fatalf("%s: the error discloses the account identifier %q: %s", name, s, msg)
			}
		}
	}
	problem, err := ve.ProblemJSON("/x")
	require.NoError(t, err)
	require.True(t, json.Valid(problem))
}

// accountSecrets returns the strings of the body that are account
// identifiers: valid CLABEs and IBANs (in any member), which a message may
// show masked but never whole.
func accountSecrets(body []byte) []string {
	var out []string
	leaves(body, func(path []string, v any) {
		s, ok := v.(string)
		if !ok || len(s) < 15 {
			return
		}
		if clabe.Validate(s) == nil || iban.Validate(s) == nil {
			out = append(out, s)
		}
	})
	return out
}

// leaves calls fn with every scalar of the JSON document and its path
// (object keys and "[i]" for array elements). Numbers are json.Number.
// Nothing happens for a document that is not valid JSON.
func leaves(doc []byte, fn func(path []string, v any)) {
	dec := json.NewDecoder(bytes.NewReader(doc))
	dec.UseNumber()
	var v any
	if dec.Decode(&v) != nil {
		return
	}
	var walk func(path []string, v any)
	walk = func(path []string, v any) {
		switch v := v.(type) {
		case map[string]any:
			for k, x := range v {
				walk(append(slices.Clip(path), k), x)
			}
		case []any:
			for i, x := range v {
				walk(append(slices.Clip(path), "["+strconv.Itoa(i)+"]"), x)
			}
		default:
			fn(path, v)
		}
	}
	walk(nil, v)
}

// meaningful reports whether a JSON scalar is one encoding may not leave
// out: not null, false, "", a zero number, or the zero time (the "absent"
// values omitempty and omitzero drop, as the types document).
func meaningful(v any) bool {
	switch v := v.(type) {
	case nil:
		return false
	case bool:
		return v
	case string:
		if v == "" {
			return false
		}
		if tm, err := time.Parse(time.RFC3339Nano, v); err == nil && tm.IsZero() {
			return false
		}
		return true
	case json.Number:
		r, ok := new(big.Rat).SetString(string(v))
		return !ok || r.Sign() != 0
	}
	return true
}

// checkNothingDropped asserts that every meaningful scalar of body has a
// place in the re-encoding enc (its value may be canonicalized).
func checkNothingDropped(t *testing.T, name string, body, enc []byte) {
	t.Helper()
	have := map[string]bool{}
	leaves(enc, func(path []string, _ any) {
		for i := range path {
			have[strings.Join(path[:i+1], "\x00")] = true
		}
	})
	leaves(body, func(path []string, v any) {
		if meaningful(v) && len(path) > 0 && !have[strings.Join(path, "\x00")] {
			require.Failf(t, "field dropped", "%s: %q = %v is in the body but not in the encoding %s", name, strings.Join(path, "."), v, enc)
		}
	})
}

// existingAccounts are the external accounts FuzzExternalAccountApply
// patches: the repaired seed responses (decoded afresh for each input, so
// the run can check Apply leaves its argument alone), and one CLOSED.
func existingAccounts(tb testing.TB) [][]byte {
	tb.Helper()
	var out [][]byte
	for _, name := range []string{"synctera/external_create_response.json", "synctera/external_patch_response.json"} {
		out = append(out, repairSeed(tb, readSeed(tb, name)))
	}
	closed := bytes.Replace(out[0], []byte(`"status":"ACTIVE"`), []byte(`"status":"CLOSED"`), 1)
	require.NotEqual(tb, out[0], closed)
	return append(out, closed)
}

// FuzzExternalAccountApply decodes arbitrary bytes as a PATCH body and
// applies it to a stored external account. Apply must not panic, must
// leave its argument alone, and must refuse a CLOSED account. A patch it
// applies must be idempotent (RFC 7396) and give exactly what a naive JSON
// merge patch of the account's JSON gives, member by member.
func FuzzExternalAccountApply(f *testing.F) {
	for i, b := range seedBodies(f) {
		f.Add(b, uint8(i))
		f.Add(repairSeed(f, b), uint8(i))
	}
	for i, s := range []string{
		`{}`, `{"currency":null}`, `{"nickname":null,"status_reason":null}`, `{"status":"INACTIVE","type":"WALLET"}`,
		`{"account_identifiers":{"number":null}}`, `{"account_identifiers":{"number":null,"iban":null}}`,
		`{"account_identifiers":{"iban":"GB29NWBK60161331926819"}}`, `{"account_owner_names":["A","B"]}`,
		`{"routing_identifiers":{"international_wire_details":null}}`, `{"verification":null}`,
		`{"routing_identifiers":{"international_wire_details":{"bank_address":{"city":null,"state":"CA"},"swift_code":"DEUTDEFF"}}}`,
		`{"routing_identifiers":{"eft_ca_routing_number":"00002-003","network":"ALGORAND"}}`,
		`{"verification":{"status":null}}`, `{"account_identifiers":null}`, `{"status":"CLOSED"}`,
	} {
		f.Add([]byte(s), uint8(i))
	}
	stored := existingAccounts(f)
	f.Fuzz(func(t *testing.T, body []byte, which uint8) {
		raw := stored[int(which)%len(stored)]
		var existing, pristine synctera.ExternalAccount
		require.NoError(t, account.Decode(raw, &existing))
		require.NoError(t, account.Decode(raw, &pristine))

		var patch synctera.ExternalAccountPatch
		decodeErr := account.Decode(body, &patch)
		out, err := synctera.Apply(patch, existing)
		require.True(t, reflect.DeepEqual(pristine, existing), "Apply changed the account it was given")
		if existing.Status == synctera.ExternalClosed {
			require.ErrorIs(t, err, synctera.ErrTerminalStatus)
			return
		}
		if err != nil {
			_, ok := account.AsValidationError(err)
			require.True(t, ok, "Apply error %T %v", err, err)
			require.True(t, reflect.DeepEqual(synctera.ExternalAccount{}, out), "Apply returned a value with its error")
			return
		}
		if decodeErr != nil {
			return // a half-decoded patch: not panicking is all it owes
		}
		require.NoError(t, out.Validate(), "Apply(%s) left an invalid account", body)

		again, err := synctera.Apply(patch, out)
		require.NoError(t, err, "Apply(%s) twice", body)
		require.True(t, reflect.DeepEqual(out, again), "Apply(%s) is not idempotent:\n%#v\n%#v", body, out, again)

		checkMergePatch(t, raw, body, out)
	})
}

// checkMergePatch compares Apply's result with RFC 7396 applied by hand to
// the JSON of the stored account. The patch is first decoded and
// re-encoded, so identifiers take the canonical form the result holds.
// The response holds the international wire details flat in its routing
// identifiers and mirrors eft_ca_routing_number in eft_routing_number;
// the reference does the same. null, "" and absent members are the same
// (see dropNulls).
func checkMergePatch(t *testing.T, storedJSON, body []byte, out synctera.ExternalAccount) {
	t.Helper()
	var patch synctera.ExternalAccountPatch
	require.NoError(t, account.Decode(body, &patch))
	canon, err := json.Marshal(patch)
	require.NoError(t, err)
	var target, p map[string]any
	require.NoError(t, json.Unmarshal(storedJSON, &target))
	require.NoError(t, json.Unmarshal(canon, &p))

	if ri, ok := p["routing_identifiers"].(map[string]any); ok {
		if w, present := ri["international_wire_details"]; present {
			delete(ri, "international_wire_details")
			if w == nil {
				ri["bank_address"], ri["correspondent_bank_details"], ri["swift_code"] = nil, nil, nil
			} else {
				for k, v := range w.(map[string]any) {
					if k == "correspondent_banks_details" {
						k = "correspondent_bank_details"
					}
					ri[k] = v
				}
			}
		}
		if eft, present := ri["eft_ca_routing_number"]; present {
			ri["eft_routing_number"] = eft
		}
	}
	want := dropNulls(mergePatch(target, p))

	got, err := json.Marshal(out)
	require.NoError(t, err)
	var have any
	require.NoError(t, json.Unmarshal(got, &have))
	require.Equal(t, want, dropNulls(have), "Apply(%s) to %s", body, storedJSON)
}

// mergePatch is RFC 7396 section 2, word for word.
func mergePatch(target, patch any) any {
	p, ok := patch.(map[string]any)
	if !ok {
		return patch
	}
	t, ok := target.(map[string]any)
	if !ok {
		t = map[string]any{}
	}
	out := map[string]any{}
	for k, v := range t {
		out[k] = v
	}
	for k, v := range p {
		if v == nil {
			delete(out, k)
		} else {
			out[k] = mergePatch(out[k], v)
		}
	}
	return out
}

// dropNulls removes null and "" members, so null, "" and absent compare
// equal: the types encode a zero value (an empty string, the zero
// identifier) as absent or "", and a patch of "" to an identifier clears
// it as null does.
func dropNulls(v any) any {
	switch v := v.(type) {
	case map[string]any:
		out := map[string]any{}
		for k, x := range v {
			if x == nil || x == "" {
				continue
			}
			out[k] = dropNulls(x)
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, x := range v {
			out[i] = dropNulls(x)
		}
		return out
	}
	return v
}
