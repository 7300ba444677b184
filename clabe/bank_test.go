package clabe_test

import (
	"fmt"
	"regexp"
	"sync"
	"testing"

	"github.com/acctkit/acctkit/clabe"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var dateRE = regexp.MustCompile(`\b20[0-9]{2}-[01][0-9]-[0-3][0-9]\b`)

// TestBankCatalogMatchesCSV checks every one of the 1000 codes against the
// source file: present exactly when listed, with the listed details.
func TestBankCatalogMatchesCSV(t *testing.T) {
	clabe.ResetBanks()
	banks, err := csvBanks()
	require.NoError(t, err)
	require.Len(t, banks, 146)
	current := 0
	newest := ""
	for n := range 1000 {
		code := fmt.Sprintf("%03d", n)
		got, ok := clabe.LookupBank(code)
		row, listed := banks[code]
		if testBankCodes[code] {
			require.False(t, listed, "test code %s is a real bank code; pick another", code)
			continue
		}
		require.Equal(t, listed, ok, "LookupBank(%q)", code)
		if !listed {
			continue
		}
		want := clabe.Bank{Code: row[0], ShortName: row[1], LegalName: row[2], Current: row[3] == "current"}
		assert.Equal(t, want, got)
		if got.Current {
			current++
		}
		for _, d := range dateRE.FindAllString(row[4], -1) {
			newest = max(newest, d)
		}
	}
	assert.Equal(t, 98, current, "the data README counts 98 current codes")
	assert.Equal(t, newest, clabe.BankCatalogDate)
}

func TestLookupBankBadCodes(t *testing.T) {
	for _, code := range []string{"", "2", "02", "0002", "00a", " 02", "０02", "-02"} {
		b, ok := clabe.LookupBank(code)
		assert.False(t, ok, "LookupBank(%q)", code)
		assert.Equal(t, clabe.Bank{}, b)
	}
}

func TestLegacyBankParses(t *testing.T) {
	c := clabe.MustParse("032650123459164708")
	assert.Equal(t, clabe.Bank{Code: "032", ShortName: "IXE", LegalName: "IXE Banco", Current: false}, c.Bank())
}

func TestRegisterBank(t *testing.T) {
	clabe.ResetBanks()
	t.Cleanup(clabe.ResetBanks)
	// 990 + 010 + 07777777777 has control digit 3.
	const s = "990010077777777773"
	_, err := clabe.Parse(s)
	require.ErrorIs(t, err, clabe.ErrUnknownBank)
	assert.Equal(t, `clabe.Parse("**************7773"): unknown bank code 990`, err.Error())

	nb := clabe.Bank{Code: "990", ShortName: "Nuevo", LegalName: "Banco Nuevo", Current: true}
	require.NoError(t, clabe.RegisterBank(nb))
	c, err := clabe.Parse(s)
	require.NoError(t, err)
	assert.Equal(t, nb, c.Bank())
	got, ok := clabe.LookupBank("990")
	assert.True(t, ok)
	assert.Equal(t, nb, got)
	c, err = clabe.New("990", "010", "7777777777")
	require.NoError(t, err)
	assert.Equal(t, s, c.String())

	// The same registration again is a no-op; a different one is refused.
	require.NoError(t, clabe.RegisterBank(nb))
	other := nb
	other.ShortName = "Otro"
	err = clabe.RegisterBank(other)
	require.ErrorIs(t, err, clabe.ErrDuplicateBank)
	assert.Equal(t, `clabe.RegisterBank("990"): bank code already taken: 990 is Nuevo, registered`, err.Error())
	got, _ = clabe.LookupBank("990")
	assert.Equal(t, nb, got, "a refused registration changes nothing")

	tests := []struct {
		b    clabe.Bank
		want string
		err  error
	}{
		{clabe.Bank{Code: "002", ShortName: "Banamex 2"}, `clabe.RegisterBank("002"): bank code already taken: 002 is Banamex, in the built-in catalog of ` + clabe.BankCatalogDate, clabe.ErrDuplicateBank},
		{clabe.Bank{Code: "99", ShortName: "X"}, `clabe.RegisterBank("99"): invalid bank: code must be 3 ASCII digits`, clabe.ErrInvalidBank},
		{clabe.Bank{Code: "9911", ShortName: "X"}, `clabe.RegisterBank("9911"): invalid bank: code must be 3 ASCII digits`, clabe.ErrInvalidBank},
		{clabe.Bank{Code: "99a", ShortName: "X"}, `clabe.RegisterBank("99a"): invalid bank: code must be 3 ASCII digits`, clabe.ErrInvalidBank},
		{clabe.Bank{Code: "９９1", ShortName: "X"}, `clabe.RegisterBank("９９1"): invalid bank: code must be 3 ASCII digits`, clabe.ErrInvalidBank},
		{clabe.Bank{Code: "991"}, `clabe.RegisterBank("991"): invalid bank: short name is empty`, clabe.ErrInvalidBank},
	}
	for _, tt := range tests {
		err := clabe.RegisterBank(tt.b)
		require.Error(t, err, "RegisterBank(%+v)", tt.b)
		assert.Equal(t, tt.want, err.Error())
		assert.ErrorIs(t, err, tt.err)
	}
	_, ok = clabe.LookupBank("991")
	assert.False(t, ok)
	// Registering a built-in bank exactly as it is changes nothing either.
	banamex, _ := clabe.LookupBank("002")
	require.NoError(t, clabe.RegisterBank(banamex))
}

// TestRegisterBankConcurrent registers banks while other goroutines parse
// and look up; run with -race.
func TestRegisterBankConcurrent(t *testing.T) {
	clabe.ResetBanks()
	t.Cleanup(clabe.ResetBanks)
	codes := []string{"991", "992", "993", "994", "995", "996", "997"}
	var wg sync.WaitGroup
	for _, code := range codes {
		wg.Go(func() {
			// Two goroutines per code: exactly the same bank, so both succeed.
			assert.NoError(t, clabe.RegisterBank(clabe.Bank{Code: code, ShortName: "Bank " + code}))
		})
		wg.Go(func() {
			assert.NoError(t, clabe.RegisterBank(clabe.Bank{Code: code, ShortName: "Bank " + code}))
		})
	}
	for range 4 {
		wg.Go(func() {
			for range 2000 {
				_, err := clabe.Parse("002010077777777771")
				assert.NoError(t, err)
				_, _ = clabe.LookupBank("993")
			}
		})
	}
	wg.Wait()
	for _, code := range codes {
		b, ok := clabe.LookupBank(code)
		require.True(t, ok, code)
		assert.Equal(t, "Bank "+code, b.ShortName)
		c, err := clabe.New(code, "010", "1")
		require.NoError(t, err)
		assert.Equal(t, b, c.Bank())
	}
	banks, err := csvBanks()
	require.NoError(t, err)
	for code := range banks {
		_, ok := clabe.LookupBank(code)
		assert.True(t, ok, "built-in %s lost", code)
	}
}

func BenchmarkLookupBank(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, ok := clabe.LookupBank("646"); !ok {
			b.Fatal("646 missing")
		}
	}
}
