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

	"github.com/acctkit/acctkit/account"
	"github.com/acctkit/acctkit/clabe"
)

func TestFingerprintChangesWithEveryField(t *testing.T) {
	seen := map[Fingerprint]string{FingerprintOf(client, base()): "base"}
	for name, change := range map[string]func(*account.BankAccount){
		"id":            func(a *account.BankAccount) { a.ID = idU },
		"clientId case": func(a *account.BankAccount) { a.ClientID = "8A6E0804-2bd0-4672-b79d-d97027f9071a" },
		"accountNumber": func(a *account.BankAccount) { a.AccountNumber += "0" },
		"bankName":      func(a *account.BankAccount) { a.BankName += " " },
		"bankCode":      func(a *account.BankAccount) { a.BankCode = "002" },
		"country":       func(a *account.BankAccount) { a.Country = "" },
		"currency":      func(a *account.BankAccount) { a.Currency = "USD" },
		"type":          func(a *account.BankAccount) { a.Type = "" },
		"isPrimary":     func(a *account.BankAccount) { a.IsPrimary = false },
		"isActive":      func(a *account.BankAccount) { a.IsActive = false },
		"label":         func(a *account.BankAccount) { a.Label = "x" },
		"externalId":    func(a *account.BankAccount) { a.ExternalID = "" },
		"metadata":      func(a *account.BankAccount) { a.Metadata = map[string]json.RawMessage{"k": json.RawMessage(`1`)} },
		"metadata {}":   func(a *account.BankAccount) { a.Metadata = map[string]json.RawMessage{} },
		"metadata key":  func(a *account.BankAccount) { a.Metadata = map[string]json.RawMessage{"k2": json.RawMessage(`1`)} },
		"metadata JSON": func(a *account.BankAccount) { a.Metadata = map[string]json.RawMessage{"k": json.RawMessage(` 1`)} },
		"clabe":         func(a *account.BankAccount) { a.CLABE = clabe.MustParse(clabeBBVA) },
		"no clabe":      func(a *account.BankAccount) { a.CLABE = clabe.CLABE{} },
		"codigoBanco":   func(a *account.BankAccount) { a.CodigoBanco = "" },
		"codigoPlaza":   func(a *account.BankAccount) { a.CodigoPlaza = "" },
		"createdAt":     func(a *account.BankAccount) { a.CreatedAt = a.CreatedAt.Add(time.Nanosecond) },
		"updatedAt":     func(a *account.BankAccount) { a.UpdatedAt = time.Time{} },
		// Parts that would run together without length prefixes.
		"shifted": func(a *account.BankAccount) { a.AccountNumber, a.BankName = a.AccountNumber+"B", "anamex" },
	} {
		accts := base()
		change(&accts[0])
		f := FingerprintOf(client, accts)
		prev, dup := seen[f]
		assert.False(t, dup, "%s gives the fingerprint of %s", name, prev)
		seen[f] = name
	}
	twice := append(base(), base()[1])
	assert.NotEqual(t, FingerprintOf(client, base()), FingerprintOf(client, twice), "a copy counts")
}

func TestFingerprintIgnores(t *testing.T) {
	want := FingerprintOf(client, base())
	reversed := base()
	slices.Reverse(reversed)
	assert.Equal(t, want, FingerprintOf(client, reversed), "order")

	zoned := base()
	mx := time.FixedZone("CST", -6*3600)
	zoned[1].CreatedAt = zoned[1].CreatedAt.In(mx)
	zoned[1].UpdatedAt = zoned[1].UpdatedAt.In(mx).Round(0)
	assert.Equal(t, want, FingerprintOf(client, zoned), "time zones: instants count")

	foreign := append(base(), account.BankAccount{ID: idU, ClientID: other})
	foreign[3].Label = "x"
	assert.Equal(t, want, FingerprintOf(client, foreign), "other clients' accounts")
	assert.Equal(t, want, FingerprintOf(canonicalID(client), base()))

	assert.NotEqual(t, FingerprintOf(client, nil), FingerprintOf(other, nil), "the client id counts")
	assert.NotEqual(t, Fingerprint{}, FingerprintOf(client, nil))
}

func TestFingerprintText(t *testing.T) {
	f := FingerprintOf(client, base())
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

func TestFingerprintAllocations(t *testing.T) {
	small, large := manyAccounts(10), manyAccounts(1000)
	a := testing.AllocsPerRun(20, func() { FingerprintOf(client, small) })
	b := testing.AllocsPerRun(20, func() { FingerprintOf(client, large) })
	assert.Equal(t, a, b, "allocations do not grow with the number of accounts")
	assert.LessOrEqual(t, b, 1.0, "one buffer")
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
	for _, x := range []account.BankAccount{a, upper, notUUID, otherType} {
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

// TestFingerprintStable pins FingerprintOf for records that take every
// branch of the encoding: the value is part of the format (version v1), so
// a change to it must come with a new version string.
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
	accts[25].Type = account.BankAccountSavings
	accts[26].ID = "3f1c2a9e-8d4b-4c6f-9a2e-1b7d5e0c4a2g"
	assert.Equal(t, "1d856a39e13f74c7ec1360f77a43f58a9ecc2f9c8e35d6e6ec50632b4053eb46", FingerprintOf(client, accts).String())
}
