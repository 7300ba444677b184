package syncplan

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/acctkit/acctkit/account"
	"github.com/acctkit/acctkit/clabe"
	"github.com/acctkit/acctkit/internal/ascii"
)

func TestNaturalKey(t *testing.T) {
	mx := func(number string, c string) account.BankAccount {
		a := account.BankAccount{Country: "MX", AccountNumber: number, BankName: "Banamex"}
		if c != "" {
			a.CLABE = clabe.MustParse(c)
		}
		return a
	}
	us := func(number, code, name string) account.BankAccount {
		return account.BankAccount{Country: "US", AccountNumber: number, BankCode: code, BankName: name}
	}
	same := [][2]account.BankAccount{
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
	differ := [][2]account.BankAccount{
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
	assert.Empty(t, naturalKey(&account.BankAccount{Country: "US", BankName: "X"}), "no account number, no key")
	assert.Empty(t, naturalKey(&account.BankAccount{Country: "US", AccountNumber: " -.", BankName: "X"}))
	assert.Equal(t, "C"+clabeBanamex, naturalKey(&account.BankAccount{Country: "MX", AccountNumber: clabeBanamex}))
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

// TestFilterHashes: the hashes the scan filters on agree wherever the keys
// they stand for do, or the filter would hide a match.
func TestFilterHashes(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := rapid.StringMatching(`[0-9A-Za-z .\-\t\x{e9}]{0,12}`).Draw(t, "number")
		var b strings.Builder
		for _, r := range s {
			switch rapid.IntRange(0, 3).Draw(t, "how") {
			case 0:
				b.WriteString(strings.ToUpper(string(r)))
			case 1:
				b.WriteString(strings.ToLower(string(r)))
			case 2:
				b.WriteString(rapid.SampledFrom([]string{" ", "-", ".", "\t"}).Draw(t, "noise") + string(r))
			default:
				b.WriteRune(r)
			}
		}
		v := b.String()
		if string(appendNormalized(nil, s)) == string(appendNormalized(nil, v)) {
			require.Equal(t, numberTail(s), numberTail(v), "%q and %q", s, v)
		}

		u := rapid.StringMatching(`[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`).Draw(t, "uuid")
		require.Equal(t, idHash(u), idHash(strings.ToUpper(u)))
		mixed := []byte(u)
		for i := range mixed {
			if rapid.Bool().Draw(t, "upper") {
				mixed[i] = ascii.ToUpper(mixed[i])
			}
		}
		require.Equal(t, idHash(u), idHash(string(mixed)))
	})
}

func TestFilter(t *testing.T) {
	var f filter
	ids := manyAccounts(10250)
	for _, a := range ids[:250] {
		f.add(idHash(a.ID))
	}
	for _, a := range ids[:250] {
		require.True(t, f.has(idHash(a.ID)), "an added key is always in")
	}
	wrong := 0
	for _, a := range ids[250:] {
		if f.has(idHash(a.ID)) {
			wrong++
		}
	}
	assert.Less(t, wrong, 150, "at most 1.5%% of 10000 other ids pass")
	assert.Equal(t, numberTail("de89 3704-0044.0532"), numberTail("DE8937040044 0532"))
	assert.NotEqual(t, numberTail("532"), numberTail("0532"), "the count of bytes counts")
	assert.Equal(t, stringTail("ext-1"), stringTail("ext-1"))
	assert.NotEqual(t, stringTail("ext-1"), stringTail("ext-01"))
}

// TestNumberTailDefinition: the fast paths of numberTail give what its
// definition says: the last four bytes of the normalized number, and how
// many there are.
func TestNumberTailDefinition(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := rapid.StringOfN(rapid.SampledFrom([]rune("0123456789aZ -.\t\x00/:;@`")), 0, 8, -1).Draw(t, "number")
		norm := appendNormalized(nil, s)
		norm = norm[max(len(norm)-4, 0):]
		var want uint64
		for i := len(norm) - 1; i >= 0; i-- {
			want = want<<8 | uint64(norm[i])
		}
		want = want<<3 | uint64(len(norm))
		require.Equal(t, want, numberTail(s), "%q", s)
	})
}

// TestSetsKeyField: an update that sets no field setsKeyField names leaves
// the natural key of the account as it was, so the planner need not build
// it again. The items set any subset of the fields of another account.
func TestSetsKeyField(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		var a, b account.BankAccount
		genIdentity(t, &a)
		genIdentity(t, &b)
		b.Currency, b.Label, b.ExternalID, b.Type = "EUR", "l", "e", account.BankAccountSavings
		var it account.SyncItem
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

// TestHasUpper: the word-at-a-time hasUpper agrees with its definition,
// on bytes around the edges of 'A'-'Z' in both halves of the byte range.
func TestHasUpper(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := string(rapid.SliceOfN(rapid.SampledFrom([]byte("@AZ[az0-\x00\x7f\x80\xc1\xda\xdb\xff")), 0, 20).Draw(t, "s"))
		want := strings.IndexFunc(s, func(r rune) bool { return 'A' <= r && r <= 'Z' }) >= 0
		require.Equal(t, want, hasUpper(s), "%q", s)
	})
}
