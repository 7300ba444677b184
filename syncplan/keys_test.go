package syncplan

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/acctkit/acctkit/account"
	"github.com/acctkit/acctkit/account/artu"
	"github.com/acctkit/acctkit/clabe"
)

func TestNaturalKey(t *testing.T) {
	mx := func(number string, c string) artu.BankAccount {
		a := artu.BankAccount{Country: "MX", AccountNumber: number, BankName: "Banamex"}
		if c != "" {
			a.CLABE = clabe.MustParse(c)
		}
		return a
	}
	us := func(number, code, name string) artu.BankAccount {
		return artu.BankAccount{Country: "US", AccountNumber: number, BankCode: code, BankName: name}
	}
	same := [][2]artu.BankAccount{
		{mx("0123", clabeBanamex), mx(clabeBanamex, "")},                                                      // CLABE field or number
		{mx("0123", clabeBanamex), {Country: "MX", AccountNumber: "9", CLABE: clabe.MustParse(clabeBanamex)}}, // bank name does not matter
		{us("000-123.456 789", "021000021", "A"), us("000123456789", "021000021", "B")},                       // bank code wins over name
		{us("ab12", "", "J.P. Morgan"), us("AB 12", "", "jp morgan")},                                         // normalized name
		{{Country: "DE", AccountNumber: "de89 3704 0044 0532 0130 00", BankName: "C"}, {Country: "DE", AccountNumber: ibanDE, BankName: "c"}},
		{{Country: "mx", AccountNumber: clabeBanamex}, mx(clabeBanamex, "")}, // country case
		{us("1\t2", "", "x"), us("12", "", "X")},                             // ASCII white space
	}
	for _, p := range same {
		assert.Equal(t, naturalKey(&p[0]), naturalKey(&p[1]), "%+v", p)
		assert.NotEmpty(t, naturalKey(&p[0]))
	}
	differ := [][2]artu.BankAccount{
		{mx("0123", clabeBanamex), mx("0123", clabeBBVA)},
		{us("1", "021000021", "A"), us("1", "", "A")},  // code vs name: unknown, so different
		{us("1", "", "México"), us("1", "", "Mexico")}, // non-ASCII kept
		{us("12", "", "A"), us("2", "", "A1")},         // parts do not run together
		{us("1", "", "A"), {Country: "CA", AccountNumber: "1", BankName: "A"}},
		{mx("0123", ""), mx("0124", "")},        // MX without CLABE: the general key
		{us("1_2", "", "A"), us("12", "", "A")}, // only spaces, hyphens and dots go
	}
	for _, p := range differ {
		assert.NotEqual(t, naturalKey(&p[0]), naturalKey(&p[1]), "%+v", p)
	}
	assert.Empty(t, naturalKey(&artu.BankAccount{Country: "US", BankName: "X"}), "no account number, no key")
	assert.Empty(t, naturalKey(&artu.BankAccount{Country: "US", AccountNumber: " -.", BankName: "X"}))
	assert.Equal(t, "C"+clabeBanamex, naturalKey(&artu.BankAccount{Country: "MX", AccountNumber: clabeBanamex}))
}

func TestNaturalKeyAllocations(t *testing.T) {
	a := base()[1]
	buf := make([]byte, 0, 64)
	m := map[string]struct{}{naturalKey(&a): {}}
	n := testing.AllocsPerRun(100, func() {
		buf = appendNaturalKey(buf[:0], &a)
		if _, ok := m[string(buf)]; !ok {
			t.Fatal("key not found")
		}
	})
	assert.Zero(t, n, "the scan looks keys up without allocating")
}

// TestSetsKeyField: an update that sets no field setsKeyField names leaves
// the natural key of the account as it was, so the planner need not build
// it again. The items set any subset of the fields of another account.
func TestSetsKeyField(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		var a, b artu.BankAccount
		genIdentity(t, &a)
		genIdentity(t, &b)
		b.Currency, b.Label, b.ExternalID, b.Type = "EUR", "l", "e", artu.Savings
		var it artu.SyncItem
		maybe := func(name string, set func()) {
			if rapid.Bool().Draw(t, name) {
				set()
			}
		}
		maybe("country", func() { it.Country = account.Some(b.Country) })
		maybe("accountNumber", func() { it.AccountNumber = account.Some(b.AccountNumber) })
		maybe("bankName", func() { it.BankName = account.Some(b.BankName) })
		maybe("bankCode", func() { it.BankCode = account.Some(b.BankCode) })
		maybe("clabe", func() { it.CLABE = account.Some(b.CLABE) })
		maybe("currency", func() { it.Currency = account.Some(b.Currency) })
		maybe("label", func() { it.Label = account.Some(b.Label) })
		maybe("externalId", func() { it.ExternalID = account.Some(b.ExternalID) })
		maybe("type", func() { it.Type = account.Some(b.Type) })
		if !setsKeyField(&it) {
			require.Equal(t, naturalKey(&a), naturalKey(new(it.ApplyTo(a))))
		}
	})
}
