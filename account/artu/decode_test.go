package artu

import (
	"encoding/json"
	"errors"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/acctkit/acctkit/account"
)

// fault is a FieldError without its cause, for exact comparisons.
type fault struct{ Path, Code, Message string }

func faults(t *testing.T, body string) []fault {
	t.Helper()
	var r SyncRequest
	err := account.Decode([]byte(body), &r)
	if err == nil {
		return nil
	}
	ve, ok := account.AsValidationError(err)
	require.True(t, ok, "%v", err)
	var out []fault
	for _, fe := range ve.Errors {
		out = append(out, fault{fe.Path, fe.Code, fe.Message})
	}
	return out
}

// oneItem is a sync request of one item: a create with the given members
// (raw JSON) added to a valid MX create.
func oneItem(members string) string {
	base := `"clientId":"` + client + `","accountNumber":"0123456789","bankName":"Banamex","country":"MX","currency":"MXN"`
	if members != "" {
		base += "," + members
	}
	return `{"items":[{` + base + `}]}`
}

// oneUpdate is a sync request of one update item with the given members.
func oneUpdate(members string) string {
	return `{"items":[{"id":"` + uuidA + `",` + members + `}]}`
}

// Each class of bad input the decoder handles, at its path in an ARTU
// body, with its code.
func TestDecodeClasses(t *testing.T) {
	const (
		msgUUID     = "must be a UUID (8-4-4-4-12 hexadecimal digits)"
		msgCurrency = "must be an ISO 4217 alphabetic currency code in upper case, such as USD"
		msgCountry  = "must be an ISO 3166-1 alpha-2 country code in upper case, such as US"
		msgTypes    = "must be one of: checking, savings, investment, other"
	)
	for _, tc := range []struct {
		name string
		body string
		want []fault
	}{
		// null is a type error, never absence; an update with a null
		// member is still an update (no "required" for the create shape).
		{"null items", `{"items":null}`, []fault{{"items", account.CodeType, "must be an array, got null"}}},
		{"null item", `{"items":[null]}`, []fault{{"items[0]", account.CodeType, "must be an object, got null"}}},
		{"null replaceMode", `{"items":[],"replaceMode":null}`, []fault{{"replaceMode", account.CodeType, "must be a boolean, got null"}}},
		{"null id", `{"items":[{"id":null}]}`, []fault{{"items[0].id", account.CodeType, "must be a string, got null"}}},
		{"null currency", oneUpdate(`"currency":null`), []fault{{"items[0].currency", account.CodeType, "must be a string, got null"}}},
		{"null metadata", oneUpdate(`"metadata":null`), []fault{{"items[0].metadata", account.CodeType, "must be an object, got null"}}},
		{"null isPrimary", oneUpdate(`"isPrimary":null`), []fault{{"items[0].isPrimary", account.CodeType, "must be a boolean, got null"}}},
		{"null clabe", oneUpdate(`"clabe":null`), []fault{{"items[0].clabe", account.CodeType, "must be a string, got null"}}},

		// "" is a value, judged by the field's rule.
		{"empty id", `{"items":[{"id":""}]}`, []fault{{"items[0].id", account.CodeFormat, msgUUID}}},
		{"empty clientId", `{"items":[{"clientId":"","accountNumber":"1","bankName":"B","country":"MX","currency":"MXN"}]}`,
			[]fault{{"items[0].clientId", account.CodeFormat, msgUUID}}},
		{"empty currency", oneUpdate(`"currency":""`), []fault{{"items[0].currency", account.CodeFormat, msgCurrency}}},
		{"empty country", oneUpdate(`"country":""`), []fault{{"items[0].country", account.CodeFormat, msgCountry}}},
		{"empty type", oneUpdate(`"type":""`), []fault{{"items[0].type", account.CodeNotSupported, msgTypes}}},
		{"empty clabe", oneUpdate(`"clabe":""`), []fault{{"items[0].clabe", account.CodeFormat, "must not be empty"}}},
		{"empty accountNumber", oneUpdate(`"accountNumber":""`), []fault{{"items[0].accountNumber", account.CodeFormat, "must not be empty"}}},
		{"empty codigoBanco", oneUpdate(`"codigoBanco":""`), []fault{{"items[0].codigoBanco", account.CodeFormat, "must be 3 digits"}}},
		{"empty label is a label", oneUpdate(`"label":""`), nil},

		// Wrong types by kind, never by content; no cascade into the
		// rules of the item (accountNumber is not also "required").
		{"number as accountNumber", `{"items":[{"clientId":"` + client + `","accountNumber":2010077777777771,"bankName":"B","country":"MX","currency":"MXN"}]}`,
			[]fault{{"items[0].accountNumber", account.CodeType, "must be a string, got a number"}}},
		{"number as clabe", oneUpdate(`"clabe":2010077777777771`), []fault{{"items[0].clabe", account.CodeType, "must be a string, got a number"}}},
		{"string as isActive", oneUpdate(`"isActive":"true"`), []fault{{"items[0].isActive", account.CodeType, "must be a boolean, got a string"}}},
		{"object as items", `{"items":{}}`, []fault{{"items", account.CodeType, "must be an array, got an object"}}},

		// The same fault has the same code as in Synctera.
		{"lower-case currency", oneUpdate(`"currency":"mxn"`), []fault{{"items[0].currency", account.CodeFormat, msgCurrency}}},
		{"unknown currency", oneUpdate(`"currency":"XXY"`), []fault{{"items[0].currency", account.CodeNotSupported, "is not a current ISO 4217 currency code"}}},
		{"malformed country", oneUpdate(`"country":"mex"`), []fault{{"items[0].country", account.CodeFormat, msgCountry}}},
		{"unknown country", oneUpdate(`"country":"XX"`), []fault{{"items[0].country", account.CodeUnknownCountry, "is not an assigned ISO 3166-1 alpha-2 country code"}}},

		// Unknown and repeated members.
		{"unknown member", oneUpdate(`"iban":"x"`), []fault{{"items[0].iban", account.CodeUnknownField, `unknown field "iban"`}}},
		{"repeated member", oneUpdate(`"label":"a","label":"b"`), []fault{{"items[0].label", account.CodeDuplicate, `field "label" appears more than once`}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, faults(t, tc.body), tc.body)
		})
	}
}

// TestDecodeItemsCap: past 250 items the decoder stops, with one error at
// items, however long the body (100,000 items here) and whatever follows.
func TestDecodeItemsCap(t *testing.T) {
	item := oneItem("")
	item = item[len(`{"items":[`) : len(item)-2]
	for _, n := range []int{MaxSyncItems + 1, 100000} {
		body := `{"items":[` + strings.Repeat(item+",", n-1) + item + `],"replaceMode":true}`
		assert.Equal(t, []fault{{"items", account.CodeTooMany, "has more than 250 items, at most 250 are allowed"}}, faults(t, body), n)
	}
	body := `{"items":[` + strings.Repeat(item+",", MaxSyncItems) + `not JSON`
	assert.Equal(t, []fault{{"items", account.CodeTooMany, "has more than 250 items, at most 250 are allowed"}}, faults(t, body))
	require.Nil(t, faults(t, `{"items":[`+strings.Repeat(item+",", MaxSyncItems-1)+item+`]}`))
}

func BenchmarkDecodeItemsCap(b *testing.B) {
	item := oneItem("")
	item = item[len(`{"items":[`) : len(item)-2]
	body := []byte(`{"items":[` + strings.Repeat(item+",", 99999) + item + `]}`)
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		var r SyncRequest
		if err := account.Decode(body, &r); err == nil {
			b.Fatal("accepted")
		}
	}
}

func TestDecodeMalformedBody(t *testing.T) {
	var r SyncRequest
	err := account.Decode([]byte("{\"items\": [\n  {\"label\": \"x\",}\n]}"), &r)
	require.ErrorIs(t, err, account.ErrMalformed)
	var se *account.SyntaxError
	require.ErrorAs(t, err, &se)
	assert.Equal(t, 2, se.Line)
	assert.Equal(t, 17, se.Column)
	assert.Equal(t, int64(28), se.Offset)
	p, ok := account.ProblemFor(err, "/clients/x/bank-accounts/sync")
	require.True(t, ok)
	assert.Equal(t, 400, p.Status)

	err = account.Decode([]byte("\xef\xbb\xbf{\"items\":[]}"), &r)
	assert.True(t, errors.Is(err, account.ErrByteOrderMark) && errors.Is(err, account.ErrMalformed), "%v", err)
}

// No error of a refused body carries a run of nine or more digits of it.
func TestDecodeErrorsDoNotEchoDigits(t *testing.T) {
	long := regexp.MustCompile(`[0-9]{9,}`)
	for _, body := range []string{
		oneUpdate(`"accountNumber":123456789012345678`),
		oneUpdate(`"clabe":"002010077777777779"`),
		oneUpdate(`"clabe":"00201007777777777"`),
		oneUpdate(`"123456789012":1`),
		oneUpdate(`"metadata":{"123456789012":1,"123456789012":2}`),
		oneUpdate(`"country":"US","accountNumber":"DE89370400440532013001"`),
		`{"items":[{"clientId":"` + client + `","accountNumber":"002010077777777779","bankName":"B","country":"MX","currency":"MXN"}]}`,
	} {
		var r SyncRequest
		err := account.Decode([]byte(body), &r)
		require.Error(t, err, body)
		assert.False(t, long.MatchString(err.Error()), "%s: %v", body, err)
		p, _ := account.ProblemFor(err, "")
		b, _ := json.Marshal(p)
		assert.False(t, long.MatchString(string(b)), "%s: %s", body, b)
	}
}

// The decoder's cap on items is the documented maximum.
func TestItemsCapIsMaxSyncItems(t *testing.T) {
	f, ok := reflect.TypeFor[SyncRequest]().FieldByName("Items")
	require.True(t, ok)
	assert.Equal(t, "max="+strconv.Itoa(MaxSyncItems), f.Tag.Get("wire"))
}

// Metadata values are kept as sent, null included: a key whose value is
// null is not the same as an absent key (found by a rapid property once,
// for the empty key).
func TestMetadataNullValueRoundTrip(t *testing.T) {
	for _, metadata := range []string{`{"":null}`, `{"k":null,"n":1.50}`, `{"nested":{"a":null}}`} {
		var r SyncRequest
		require.NoError(t, account.Decode([]byte(oneUpdate(`"metadata":`+metadata)), &r), metadata)
		m, ok := r.Items[0].Metadata.Get()
		require.True(t, ok)
		got, err := json.Marshal(m)
		require.NoError(t, err)
		assert.JSONEq(t, metadata, string(got))
		for k, v := range m {
			assert.NotNil(t, v, "metadata[%q] keeps its raw JSON", k)
		}
	}
}
