package syncplan

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/acctkit/acctkit/account/artu"
	"github.com/acctkit/acctkit/clabe"
)

// touchA plans a label change of A, so the plan depends on A's record.
func touchA(t *testing.T) *Plan {
	t.Helper()
	p, err := Compute(client, base(), request(t, `{"items":[{"id":"`+idA+`","label":"x"}]}`), testOptions(false))
	require.NoError(t, err)
	return p
}

func TestVerifyEveryFieldOfTouchedAccounts(t *testing.T) {
	p := touchA(t)
	require.NoError(t, p.Verify(base()))
	for name, change := range map[string]func(*artu.BankAccount){
		"id":            func(a *artu.BankAccount) { a.ID = idU },
		"clientId case": func(a *artu.BankAccount) { a.ClientID = "8A6E0804-2bd0-4672-b79d-d97027f9071a" },
		"accountNumber": func(a *artu.BankAccount) { a.AccountNumber += "0" },
		"bankName":      func(a *artu.BankAccount) { a.BankName += " " },
		"bankCode":      func(a *artu.BankAccount) { a.BankCode = "002" },
		"country":       func(a *artu.BankAccount) { a.Country = "" },
		"currency":      func(a *artu.BankAccount) { a.Currency = "USD" },
		"type":          func(a *artu.BankAccount) { a.Type = "" },
		"isPrimary":     func(a *artu.BankAccount) { a.IsPrimary = false },
		"isActive":      func(a *artu.BankAccount) { a.IsActive = false },
		"label":         func(a *artu.BankAccount) { a.Label = "y" },
		"externalId":    func(a *artu.BankAccount) { a.ExternalID = "" },
		"metadata":      func(a *artu.BankAccount) { a.Metadata = map[string]json.RawMessage{"k": json.RawMessage(`1`)} },
		"metadata {}":   func(a *artu.BankAccount) { a.Metadata = map[string]json.RawMessage{} },
		"clabe":         func(a *artu.BankAccount) { a.CLABE = clabe.MustParse(clabeBBVA) },
		"no clabe":      func(a *artu.BankAccount) { a.CLABE = clabe.CLABE{} },
		"codigoBanco":   func(a *artu.BankAccount) { a.CodigoBanco = "" },
		"codigoPlaza":   func(a *artu.BankAccount) { a.CodigoPlaza = "" },
		"createdAt":     func(a *artu.BankAccount) { a.CreatedAt = a.CreatedAt.Add(time.Nanosecond) },
		"updatedAt":     func(a *artu.BankAccount) { a.UpdatedAt = time.Time{} },
		"other client":  func(a *artu.BankAccount) { a.ClientID = other },
	} {
		accts := base()
		change(&accts[0])
		require.ErrorIs(t, p.Verify(accts), ErrStale, name)
	}
	twice := append(base(), base()[0])
	err := p.Verify(twice)
	require.ErrorIs(t, err, ErrExisting, "A held twice")
	assert.EqualError(t, err, `syncplan: existing accounts hold id "`+idA+`" twice: existing accounts are inconsistent`)
	err = p.Verify(base()[1:])
	require.ErrorIs(t, err, ErrStale)
	assert.EqualError(t, err, `syncplan: account "`+idA+`", which the plan updates, is gone: `+ErrStale.Error())
}

// TestVerifyIgnores: what a plan does not depend on does not make it
// stale; computing it again would give the same changes.
func TestVerifyIgnores(t *testing.T) {
	p := touchA(t)
	for name, change := range map[string]func([]artu.BankAccount) []artu.BankAccount{
		"order": func(a []artu.BankAccount) []artu.BankAccount { slices.Reverse(a); return a },
		"time zones": func(a []artu.BankAccount) []artu.BankAccount {
			mx := time.FixedZone("CST", -6*3600)
			a[0].CreatedAt, a[0].UpdatedAt = a[0].CreatedAt.In(mx), a[0].UpdatedAt.In(mx)
			return a
		},
		"another account's label": func(a []artu.BankAccount) []artu.BankAccount { a[1].Label = "y"; return a },
		"another account deleted": func(a []artu.BankAccount) []artu.BankAccount { return slices.Delete(a, 2, 3) },
		"an account added": func(a []artu.BankAccount) []artu.BankAccount {
			return append(a, artu.BankAccount{ID: idU, ClientID: client, AccountNumber: "1", BankName: "X", Country: "US", Currency: "USD"})
		},
		"another primary": func(a []artu.BankAccount) []artu.BankAccount { a[1].IsPrimary = true; return a },
		"other clients' accounts": func(a []artu.BankAccount) []artu.BankAccount {
			a[3].Label = "y"
			return append(a, artu.BankAccount{ID: idA, ClientID: other})
		},
	} {
		accts := change(base())
		require.NoError(t, p.Verify(accts), name)
		again, err := Compute(client, accts, request(t, `{"items":[{"id":"`+idA+`","label":"x"}]}`), testOptions(false))
		require.NoError(t, err, name)
		assert.Equal(t, lines(p), lines(again), name)
		assert.Equal(t, p.Fingerprint, again.Fingerprint, name)
	}
	q, err := Compute(strings.ToUpper(client), base(), request(t, `{"items":[{"id":"`+idA+`","label":"x"}]}`), testOptions(false))
	require.NoError(t, err)
	assert.Equal(t, p.Fingerprint, q.Fingerprint, "the client id's case")
}

// TestVerifyBasis: the keys a plan brings, the primaries when it sets one,
// every account in replace mode and the ids it creates are what else it
// depends on.
func TestVerifyBasis(t *testing.T) {
	plan := func(body string, match bool) *Plan {
		t.Helper()
		p, err := Compute(client, base(), request(t, body), testOptions(match))
		require.NoError(t, err)
		require.NoError(t, p.Verify(base()))
		return p
	}
	withKey := func(a []artu.BankAccount) []artu.BankAccount {
		a[1].AccountNumber, a[1].BankCode = "000999888", "021000021" // usCreate's key
		return a
	}
	cases := []struct {
		name, body string
		match      bool
		change     func([]artu.BankAccount) []artu.BankAccount
		want       error
	}{
		{"a create's natural key taken", `{"items":[` + usCreate + `]}`, false, withKey, ErrStale},
		{"a matched key gets a holder", `{"items":[` + usCreate + `]}`, true, withKey, ErrStale},
		{"an update's new key taken", `{"items":[{"id":"` + idC + `","accountNumber":"000999888","bankCode":"021000021","country":"US","currency":"USD"}]}`, false,
			func(a []artu.BankAccount) []artu.BankAccount {
				a[1].AccountNumber, a[1].BankCode, a[1].Country = "000999888", "021000021", "US"
				return a
			}, ErrStale},
		{"a CLABE key taken", `{"items":[` + mxCreate + `]}`, false,
			func(a []artu.BankAccount) []artu.BankAccount { a[4].AccountNumber = clabeOther; return a }, ErrStale},
		{"an externalId taken", `{"items":[{"id":"` + idB + `","externalId":"erp-B"}]}`, false,
			func(a []artu.BankAccount) []artu.BankAccount { a[2].ExternalID = "erp-B"; return a }, ErrStale},
		{"an externalId freed", `{"items":[{"id":"` + idB + `","externalId":"erp-A"},{"id":"` + idA + `","_delete":true}]}`, false,
			func(a []artu.BankAccount) []artu.BankAccount { a[2].ExternalID = "erp-A"; return a }, ErrStale},
		{"a new primary, when the plan moves it", `{"items":[{"id":"` + idB + `","isPrimary":true}]}`, false,
			func(a []artu.BankAccount) []artu.BankAccount { a[2].IsPrimary = true; return a }, ErrStale},
		{"an account added in replace mode", `{"items":[],"replaceMode":true}`, false,
			func(a []artu.BankAccount) []artu.BankAccount {
				return append(a, artu.BankAccount{ID: idU, ClientID: client, AccountNumber: "1", BankName: "X", Currency: "USD"})
			}, ErrStale},
		{"a created id taken, by any client", `{"items":[` + usCreate + `]}`, false,
			func(a []artu.BankAccount) []artu.BankAccount {
				return append(a, artu.BankAccount{ID: "00000000-0000-4000-8000-000000000001", ClientID: other})
			}, ErrStale},
		{"an unrelated key taken", `{"items":[` + usCreate + `]}`, false,
			func(a []artu.BankAccount) []artu.BankAccount { a[1].AccountNumber = "42"; return a }, nil},
		{"a new primary, when the plan leaves it", `{"items":[{"id":"` + idB + `","label":"x"}]}`, false,
			func(a []artu.BankAccount) []artu.BankAccount { a[2].IsPrimary = true; return a }, nil},
	}
	for _, c := range cases {
		p := plan(c.body, c.match)
		accts := c.change(base())
		err := p.Verify(accts)
		if c.want == nil {
			require.NoError(t, err, c.name)
			continue
		}
		require.ErrorIs(t, err, c.want, c.name)
		// Stale means the plan is no longer what Compute would give.
		again, cerr := Compute(client, accts, request(t, c.body), testOptions(c.match))
		if cerr == nil {
			assert.NotEqual(t, p.Changes, again.Changes, c.name)
		}
	}
}

func TestFingerprintText(t *testing.T) {
	f := touchA(t).Fingerprint
	s := f.String()
	assert.Regexp(t, `^[0-9a-f]{64}$`, s)
	text, err := f.MarshalText()
	require.NoError(t, err)
	assert.Equal(t, s, string(text))
	var back Fingerprint
	require.NoError(t, back.UnmarshalText(text))
	assert.Equal(t, f, back)
	require.NoError(t, back.UnmarshalText([]byte(string(text[:10])+"ABCDEF"+string(text[16:]))))

	for in, msg := range map[string]string{
		"abc":             "syncplan: fingerprint of 3 characters: fingerprint is not 64 hexadecimal digits",
		s[:63] + "g":      "syncplan: fingerprint is not 64 hexadecimal digits: encoding/hex: invalid byte: U+0067 'g'",
		"":                "syncplan: fingerprint of 0 characters: fingerprint is not 64 hexadecimal digits",
		s[:62] + "\u00e9": "syncplan: fingerprint is not 64 hexadecimal digits: encoding/hex: invalid byte: U+00C3 'Ã'",
	} {
		v := f
		err := v.UnmarshalText([]byte(in))
		require.ErrorIs(t, err, ErrFingerprintSyntax, in)
		assert.EqualError(t, err, msg)
		assert.Equal(t, f, v, "unchanged on error")
	}
}

func TestFingerprintEncodingForms(t *testing.T) {
	// The compact forms and the plain ones never meet.
	a := base()[1]
	upper := a
	upper.ID = "BBBBBBBB-bbbb-4bbb-8bbb-bbbbbbbbbbbb"
	notUUID := a
	notUUID.ID = "b"
	otherType := a
	otherType.Type = "brokerage"
	seen := map[string]bool{}
	for _, x := range []artu.BankAccount{a, upper, notUUID, otherType} {
		for _, client := range []string{client, strings.ToUpper(client)} {
			k := string(appendAccount(nil, &x, client))
			assert.False(t, seen[k])
			seen[k] = true
		}
	}
}

func TestAppendUUID(t *testing.T) {
	assert.Equal(t, []byte{1, 0x3f, 0x1c, 0x2a, 0x9e, 0x8d, 0x4b, 0x4c, 0x6f, 0x9a, 0x2e, 0x1b, 0x7d, 0x5e, 0x0c, 0x4a, 0x21},
		appendUUID(nil, "3f1c2a9e-8d4b-4c6f-9a2e-1b7d5e0c4a21"))
	for _, s := range []string{"3F1C2A9E-8D4B-4C6F-9A2E-1B7D5E0C4A21", "3f1c2a9e-8d4b-4c6f-9a2e-1b7d5e0c4a2g",
		"3f1c2a9e08d4b-4c6f-9a2e-1b7d5e0c4a21", "3f1c2a9e-8d4b-4c6f-9a2e-1b7d5e0c4a2", ""} {
		assert.Equal(t, appendString([]byte{0}, s), appendUUID(nil, s), s)
	}
}

// TestFingerprintStable pins the fingerprint of a replace-mode plan, which
// depends on every account, over records that take every branch of the
// encoding: the value is part of the format (version v2), so a change to
// it must come with a new version string.
func TestFingerprintStable(t *testing.T) {
	accts := append(base(), manyAccounts(40)...)
	meta := func(n int) map[string]json.RawMessage {
		m := make(map[string]json.RawMessage, n)
		for i := range n {
			m[fmt.Sprintf("k%02d", (i*7)%n)] = json.RawMessage(fmt.Sprint(i))
		}
		return m
	}
	for i, m := range []map[string]json.RawMessage{{}, {"": json.RawMessage(`null`)}, meta(1), meta(2), meta(3), meta(16), meta(17), meta(40)} {
		accts[10+i].Metadata = m
	}
	accts[20].ID = strings.ToUpper(accts[20].ID)
	accts[21].ID = "not-a-uuid"
	accts[22].ClientID = strings.ToUpper(client)
	accts[23].Label = strings.Repeat("long label ", 30)
	accts[24].Type = "brokerage"
	accts[25].Type = artu.Savings
	accts[26].ID = "3f1c2a9e-8d4b-4c6f-9a2e-1b7d5e0c4a2g"
	body := `{"items":[` + usCreate + `,{"id":"` + idB + `","isPrimary":true,"externalId":"erp-B"}],"replaceMode":true}`
	p, err := Compute(client, accts, request(t, body), testOptions(false))
	require.NoError(t, err)
	assert.Equal(t, Basis{NaturalKeys: []string{"A2:USc9:0210000219:000999888"}, ExternalIDs: []string{"erp-B"}, Primary: true, ReplaceMode: true}, p.Basis)
	assert.Equal(t, "1da241c05eb7ced947cc0a8cd3163be53f4f994f8eb57111da77acf5b245f06f", p.Fingerprint.String())
}

func TestVerifyMessages(t *testing.T) {
	replace, err := Compute(client, base(), request(t, `{"items":[],"replaceMode":true}`), testOptions(false))
	require.NoError(t, err)
	err = replace.Verify(append(base(), mustAccount(idU)))
	require.ErrorIs(t, err, ErrStale)
	assert.EqualError(t, err, `syncplan: account "`+idU+`" is new, and the plan deletes every account it does not name: `+ErrStale.Error())

	create, err := Compute(client, base(), request(t, `{"items":[`+usCreate+`]}`), testOptions(false))
	require.NoError(t, err)
	taken := append(base(), artu.BankAccount{ID: create.Changes[0].After.ID, ClientID: other})
	err = create.Verify(taken)
	require.ErrorIs(t, err, ErrStale)
	assert.EqualError(t, err, `syncplan: account id "00000000-0000-4000-8000-000000000001", which the plan creates, exists: `+ErrStale.Error())
}
