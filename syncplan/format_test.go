package syncplan

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/acctkit/acctkit/account/artu"
)

func TestWriteTo(t *testing.T) {
	req := request(t, `{"items":[`+mxCreate+`,{"id":"`+idB+`","label":"secret words","accountNumber":"000123450000","isPrimary":true,"isActive":true},{"id":"`+idE+`"}],"replaceMode":true}`)
	p, err := Compute(client, base(), req, testOptions(false))
	require.NoError(t, err)
	want := `+ create 00000000-0000-4000-8000-000000000001 MX "Santander" **** (requested, items[0])
~ update bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb US "JPMorgan Chase" ********0000 (requested, items[1])
    accountNumber: "********6789" -> "********0000"
    isPrimary: false -> true
    label: changed
- delete aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa MX "Banamex" ******6789 (replace_mode)
- delete cccccccc-cccc-4ccc-8ccc-cccccccccccc DE "Commerzbank" ******************3000 (replace_mode)
= unchanged eeeeeeee-eeee-4eee-8eee-eeeeeeeeeeee MX "BBVA México" **************8909 (requested, items[2])
Plan: 1 to create, 1 to update, 2 to delete, 1 unchanged
`
	var b strings.Builder
	n, err := p.WriteTo(&b)
	require.NoError(t, err)
	assert.Equal(t, want, b.String())
	assert.Equal(t, int64(len(want)), n)
	assert.Equal(t, strings.TrimSuffix(want, "\n"), p.String())
	for _, secret := range []string{"000123456789", "000123450000", clabeBBVA, clabeOther, ibanDE, "secret"} {
		assert.NotContains(t, b.String(), secret)
	}
}

func TestWriteToFields(t *testing.T) {
	req := request(t, `{"items":[{"id":"`+idA+`","clabe":"`+clabeBanamex+`","accountNumber":"`+clabeBanamex+`","externalId":"erp-000A","metadata":{},"type":"other","bankCode":"002","currency":"USD","bankName":"Citi","country":"MX"}]}`)
	p, err := Compute(client, base(), req, testOptions(false))
	require.NoError(t, err)
	assert.Equal(t, `~ update aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa MX "Citi" **************7771 (requested, items[0])
    accountNumber: "******6789" -> "**************7771"
    bankName: "Banamex" -> "Citi"
    bankCode: "" -> "002"
    currency: "MXN" -> "USD"
    type: "checking" -> "other"
    externalId: "*rp-A" -> "****000A"
    metadata: changed
Plan: 0 to create, 1 to update, 0 to delete, 0 unchanged`, p.String())
}

type failingWriter struct{ err error }

func (w failingWriter) Write([]byte) (int, error) { return 0, w.err }

func TestWriteToError(t *testing.T) {
	p, err := Compute(client, base(), request(t, `{"items":[]}`), testOptions(false))
	require.NoError(t, err)
	boom := errors.New("disk full")
	n, err := p.WriteTo(failingWriter{boom})
	assert.ErrorIs(t, err, boom)
	assert.Zero(t, n)
}

func TestWriteToSparseRecords(t *testing.T) {
	// A stored record with little in it still prints (its old problems
	// are not the item's), and a default the update fills in is listed:
	// the caller must write it.
	existing := []artu.BankAccount{{ID: idB, ClientID: client, Country: "MX", CreatedAt: t0, UpdatedAt: t0}}
	p, err := Compute(client, existing, request(t, `{"items":[{"id":"`+idB+`","codigoBanco":"002","codigoPlaza":"010","country":"MX"}]}`), testOptions(false))
	require.NoError(t, err)
	assert.Equal(t, `~ update bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb MX (requested, items[0])
    type: "" -> "checking"
    codigoBanco: "" -> "002"
    codigoPlaza: "" -> "010"
Plan: 0 to create, 1 to update, 0 to delete, 0 unchanged`, p.String())
}
