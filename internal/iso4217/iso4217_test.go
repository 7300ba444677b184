package iso4217

import (
	"encoding/csv"
	"os"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestLookupMatchesSource(t *testing.T) {
	f, err := os.Open("testdata/iso4217.csv")
	require.NoError(t, err)
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	require.NoError(t, err)
	want := map[string]Currency{}
	for _, r := range recs[1:] {
		n, err := strconv.Atoi(r[1])
		require.NoError(t, err)
		m := -1
		if r[2] != "" {
			m, err = strconv.Atoi(r[2])
			require.NoError(t, err)
		}
		want[r[0]] = Currency{Code: r[0], Numeric: uint16(n), MinorUnits: m, Name: r[3]}
	}
	require.Len(t, want, 178)
	found := 0
	for a := 'A'; a <= 'Z'; a++ {
		for b := 'A'; b <= 'Z'; b++ {
			for c := 'A'; c <= 'Z'; c++ {
				code := string([]rune{a, b, c})
				got, ok := Lookup(code)
				w, wok := want[code]
				require.Equal(t, wok, ok, code)
				require.Equal(t, wok, Known(code), code)
				assert.Equal(t, w, got, code)
				if ok {
					found++
				}
			}
		}
	}
	assert.Equal(t, len(want), found)
}

func TestLookup(t *testing.T) {
	for code, minor := range map[string]int{
		"JPY": 0, "USD": 2, "MXN": 2, "EUR": 2, "KWD": 3, "IQD": 3, "BHD": 3, "CLF": 4, "UYW": 4,
		"MRU": 2, "RSD": 2, "VES": 2, "SLE": 2, "ZWG": 2, "XCG": 2, "XAD": 2,
		"XAU": -1, "XDR": -1, "XTS": -1, "XXX": -1,
	} {
		c, ok := Lookup(code)
		require.True(t, ok, code)
		assert.Equal(t, minor, c.MinorUnits, code)
		assert.Equal(t, code, c.Code)
	}
	c, _ := Lookup("ALL")
	assert.Equal(t, Currency{Code: "ALL", Numeric: 8, MinorUnits: 2, Name: "Lek"}, c)

	// Withdrawn codes, wrong case, wrong length, non-ASCII.
	for _, code := range []string{"", "U", "US", "USDX", "usd", "Usd", "BGN", "MRO", "VEF", "SLL", "HRK", "ZZZ", "US1", "\xffSD", "ÜSD"} {
		c, ok := Lookup(code)
		assert.False(t, ok, code)
		assert.Zero(t, c, code)
		assert.False(t, Known(code), code)
	}
	assert.Equal(t, "2026-01-01", CurrenciesDate)
}

func TestLookupAllocs(t *testing.T) {
	assert.Zero(t, testing.AllocsPerRun(100, func() { _, _ = Lookup("KWD") }))
	assert.Zero(t, testing.AllocsPerRun(100, func() { _, _ = Lookup("nope") }))
}

var sink Currency

func BenchmarkLookup(b *testing.B) {
	for b.Loop() {
		sink, _ = Lookup("MXN")
	}
}
