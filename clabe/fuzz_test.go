package clabe_test

import (
	"encoding/csv"
	"errors"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/acctkit/acctkit/clabe"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// oracleCheckDigit is the rule as the standard states it, written
// independently of the package: each product reduced modulo 10 before
// adding.
func oracleCheckDigit(first17 string) int {
	w := [3]int{3, 7, 1}
	sum := 0
	for i := 0; i < 17; i++ {
		sum += (int(first17[i]-'0') * w[i%3]) % 10
	}
	return (10 - sum%10) % 10
}

// csvBanks reads the bank codes straight from the catalog's source file.
var csvBanks = sync.OnceValues(func() (map[string][]string, error) {
	f, err := os.Open("testdata/clabe_banks.csv")
	if err != nil {
		return nil, err
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		return nil, err
	}
	m := map[string][]string{}
	for _, r := range recs[1:] {
		m[r[0]] = r
	}
	return m, nil
})

// testBankCodes are the codes tests and examples may register. They are
// not in the catalog; the oracle asks LookupBank about them because
// whether they are registered yet depends on which tests ran.
var testBankCodes = map[string]bool{"745": true, "990": true, "991": true, "992": true, "993": true, "994": true, "995": true, "996": true, "997": true}

func oracleKnownBank(t testing.TB, code string) bool {
	banks, err := csvBanks()
	require.NoError(t, err)
	if testBankCodes[code] {
		_, ok := clabe.LookupBank(code)
		return ok
	}
	_, ok := banks[code]
	return ok
}

// oracle says what Parse must return for s: nil or the sentinel, checking
// in the documented order.
func oracle(t testing.TB, s string) error {
	for i := 0; i < len(s) && i < 18; i++ {
		if s[i] < '0' || s[i] > '9' {
			return clabe.ErrCharacter
		}
	}
	if len(s) != 18 {
		return clabe.ErrLength
	}
	if oracleCheckDigit(s) != int(s[17]-'0') {
		return clabe.ErrChecksum
	}
	if !oracleKnownBank(t, s[:3]) {
		return clabe.ErrUnknownBank
	}
	return nil
}

// oracleLoose cleans s the naive way and defers to oracle.
func oracleLoose(t testing.TB, s string) error {
	if len(s) > 4*18+8 {
		return clabe.ErrLength
	}
	// The shared clean-up: a leading byte-order mark, then ASCII white
	// space, '-' and '.' anywhere.
	digits := strings.Map(func(r rune) rune {
		if strings.ContainsRune(" \t\n\v\f\r-.", r) {
			return -1
		}
		return r
	}, strings.TrimPrefix(s, "\uFEFF"))
	if strings.Trim(digits, "0123456789") != "" {
		return clabe.ErrCharacter
	}
	if len(digits) != 18 {
		return clabe.ErrLength
	}
	return oracle(t, digits)
}

// wantMasked is the documented masking of ParseError.Input: every byte but
// the last four hidden (all of them when there are four or fewer), and
// "..." and the last four bytes when the input is longer than a CLABE.
func wantMasked(s string) string {
	if len(s) > clabe.Length {
		return "..." + s[len(s)-4:]
	}
	if len(s) <= 4 {
		return strings.Repeat("*", len(s))
	}
	return strings.Repeat("*", len(s)-4) + s[len(s)-4:]
}

func seedCorpus(f *testing.F) {
	for _, s := range validCLABEs {
		f.Add(s)
	}
	for _, s := range []string{
		"", "002010077777777771", "002010077777777779", "000010077777777773",
		"002 010 07777777777 1", "00201007777777777１", "\xff", "0020x0",
		strings.Repeat("9", 200), " 002010077777777771 ",
	} {
		f.Add(s)
	}
}

func FuzzParse(f *testing.F) {
	seedCorpus(f)
	f.Fuzz(func(t *testing.T, s string) {
		c, err := clabe.Parse(s)
		want := oracle(t, s)
		if want == nil {
			require.NoError(t, err, "Parse(%q)", s)
			require.Equal(t, s, c.String(), "round trip")
			again, err := clabe.Parse(c.String())
			require.NoError(t, err)
			require.Equal(t, c, again)
			require.Equal(t, s, c.BankCode()+c.PlazaCode()+c.AccountNumber()+string(rune('0'+c.ControlDigit())))
			require.Equal(t, s[14:], c.Masked()[14:])
			return
		}
		require.Error(t, err, "Parse(%q): oracle says %v", s, want)
		require.True(t, c.IsZero())
		require.ErrorIs(t, err, want, "Parse(%q)", s)
		var pe *clabe.ParseError
		require.ErrorAs(t, err, &pe)
		require.Equal(t, wantMasked(s), pe.Input)
		require.Equal(t, "Parse", pe.Func)
		require.True(t, strings.HasSuffix(err.Error(), "): "+pe.Reason()), "Error %q, Reason %q", err, pe.Reason())
		if errors.Is(err, clabe.ErrCharacter) {
			require.True(t, pe.Pos >= 1 && pe.Pos <= 18, "Pos %d", pe.Pos)
			require.False(t, s[pe.Pos-1] >= '0' && s[pe.Pos-1] <= '9', "Pos %d points at a digit", pe.Pos)
		}
		verr := clabe.Validate(s)
		require.Error(t, verr)
		require.Equal(t, strings.Replace(err.Error(), "clabe.Parse", "clabe.Validate", 1), verr.Error())
	})
}

func FuzzParseLoose(f *testing.F) {
	seedCorpus(f)
	f.Fuzz(func(t *testing.T, s string) {
		c, err := clabe.ParseLoose(s)
		want := oracleLoose(t, s)
		if want == nil {
			require.NoError(t, err, "ParseLoose(%q)", s)
			strict, err := clabe.Parse(c.String())
			require.NoError(t, err)
			require.Equal(t, c, strict)
			return
		}
		require.ErrorIs(t, err, want, "ParseLoose(%q)", s)
		var pe *clabe.ParseError
		require.ErrorAs(t, err, &pe)
		require.Equal(t, wantMasked(s), pe.Input)
		if pe.Pos > 0 {
			b := s[pe.Pos-1]
			require.False(t, strings.IndexByte(" \t\n\v\f\r-.0123456789", b) >= 0, "Pos %d points at an allowed byte", pe.Pos)
		}
	})
}

func FuzzNew(f *testing.F) {
	f.Add("002", "010", "7777777777")
	f.Add("999", "198", "0")
	f.Add("02", "x", "123456789012")
	f.Fuzz(func(t *testing.T, bank, plaza, account string) {
		c, err := clabe.New(bank, plaza, account)
		if err != nil {
			assert.True(t, c.IsZero())
			assert.True(t, errors.Is(err, clabe.ErrLength) || errors.Is(err, clabe.ErrCharacter) || errors.Is(err, clabe.ErrUnknownBank), "New: %v", err)
			return
		}
		require.Equal(t, bank, c.BankCode())
		require.Equal(t, plaza, c.PlazaCode())
		require.Equal(t, strings.Repeat("0", 11-len(account))+account, c.AccountNumber())
		require.NoError(t, oracle(t, c.String()))
	})
}
