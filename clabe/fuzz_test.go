package clabe_test

import (
	"encoding/csv"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/acctkit/acctkit/clabe"
	"github.com/acctkit/acctkit/internal/identtest"
)

// The reference below is the 3-7-1 rule as the standard states it and the
// bank catalog read straight from its source file: it shares no code with
// the parser.

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

// oracle says what Parse must return for s: nil or the sentinel, and the
// 1-based position of the character at fault (0 when the error is not
// about one), checking in the documented order: characters among the
// first 18, length, check digit, bank.
func oracle(t testing.TB, s string) (int, error) {
	for i := 0; i < len(s) && i < 18; i++ {
		if !identtest.IsDigit(s[i]) {
			return i + 1, clabe.ErrCharacter
		}
	}
	if len(s) != 18 {
		return 0, clabe.ErrLength
	}
	if oracleCheckDigit(s) != int(s[17]-'0') {
		return 0, clabe.ErrChecksum
	}
	if !oracleKnownBank(t, s[:3]) {
		return 0, clabe.ErrUnknownBank
	}
	return 0, nil
}

// oracleNew returns the sentinel New must report for its parts, or nil:
// each part's characters and length in turn (bank 3 digits, plaza 3,
// account 1 to 11), then the bank catalog.
func oracleNew(t testing.TB, bank, plaza, account string) error {
	for _, p := range []struct {
		s        string
		min, max int
	}{{bank, 3, 3}, {plaza, 3, 3}, {account, 1, 11}} {
		for i := 0; i < len(p.s) && i < p.max; i++ {
			if !identtest.IsDigit(p.s[i]) {
				return clabe.ErrCharacter
			}
		}
		if len(p.s) < p.min || len(p.s) > p.max {
			return clabe.ErrLength
		}
	}
	if !oracleKnownBank(t, bank) {
		return clabe.ErrUnknownBank
	}
	return nil
}

// wantMasked is the documented masking of ParseError.Input: every byte but
// the last four hidden (all of them when there are four or fewer), and
// "..." and the last four bytes when the input is longer than a CLABE.
func wantMasked(s string) string {
	return identtest.ShownInput(s, clabe.Length, 0, func(s string) string {
		if len(s) <= 4 {
			return strings.Repeat("*", len(s))
		}
		return strings.Repeat("*", len(s)-4) + s[len(s)-4:]
	})
}

func seedCorpus(f *testing.F) {
	for _, s := range validCLABEs {
		f.Add(s)
	}
	for _, s := range []string{
		"", "002010077777777771", "002010077777777779", "000010077777777773", "012180012345678909",
		"014320655012345670", "000000000000000000", "999000000000000009", "002 010 07777777777 1",
		"002-010-07777777777-1", "00201007777777777１", "\xff", "0020x0", strings.Repeat("9", 200),
		" 002010077777777771 ", " \t002010077777777771\n", "0020100777777777710", "00201007777777777",
		"00201007777777777\u0661", "002010077777777771\x00", "  ", "--", "002\t010077777777771",
		"002.010.077777777771", strings.Repeat(" ", 110) + "002010077777777771",
		strings.Repeat(" ", 111) + "002010077777777771",
	} {
		f.Add(s)
	}
}

// FuzzParse checks Parse and Validate against the reference (which
// sentinel, at which position), the accessors, builders and every
// encoding of what parses, and ParseLoose on the same input.
func FuzzParse(f *testing.F) {
	seedCorpus(f)
	f.Fuzz(func(t *testing.T, s string) {
		c, err := clabe.Parse(s)
		pos, want := oracle(t, s)
		if want == nil {
			require.NoError(t, err, "Parse(%q)", s)
			checkValidCLABE(t, s, c)
		} else {
			require.Error(t, err, "Parse(%q): oracle says %v", s, want)
			require.True(t, c.IsZero())
			require.ErrorIs(t, err, want, "Parse(%q)", s)
			var pe *clabe.ParseError
			require.ErrorAs(t, err, &pe)
			require.Equal(t, wantMasked(s), pe.Input)
			require.Equal(t, "Parse", pe.Func)
			require.Equal(t, pos, pe.Pos, "Parse(%q): %v", s, err)
			require.True(t, strings.HasPrefix(err.Error(), "clabe.Parse(") && strings.HasSuffix(err.Error(), "): "+pe.Reason()), "Error %q, Reason %q", err, pe.Reason())
			identtest.CheckNoEcho(t, err, s, "Parse(%q)", s)
		}
		verr := clabe.Validate(s)
		if err == nil {
			require.NoError(t, verr)
		} else {
			require.Error(t, verr)
			require.Equal(t, strings.Replace(err.Error(), "clabe.Parse(", "clabe.Validate(", 1), verr.Error())
		}
		identtest.CheckDecodeAgrees(t, s, clabe.Parse)
		checkLoose(t, s)
	})
}

func checkValidCLABE(t *testing.T, s string, c clabe.CLABE) {
	t.Helper()
	require.Equal(t, s, c.String())
	require.Equal(t, s[:3], c.BankCode())
	require.Equal(t, s[3:6], c.PlazaCode())
	require.Equal(t, s[6:17], c.AccountNumber())
	require.Equal(t, int(s[17]-'0'), c.ControlDigit())
	bank, _ := clabe.LookupBank(s[:3])
	require.Equal(t, bank, c.Bank())
	require.Equal(t, clabe.LookupPlazas(s[3:6]), c.Plazas())
	require.Equal(t, strings.Repeat("*", 14)+s[14:], c.Masked())
	identtest.CheckEncodings(t, c, clabe.Parse, true)

	d, err := clabe.CheckDigit(s[:17])
	require.NoError(t, err)
	require.Equal(t, c.ControlDigit(), d)
	n, err := clabe.New(s[:3], s[3:6], s[6:17])
	require.NoError(t, err)
	require.Equal(t, c, n)
	// New zero-pads a short account number.
	if short := strings.TrimLeft(s[6:17], "0"); short != "" {
		n, err = clabe.New(s[:3], s[3:6], short)
		require.NoError(t, err)
		require.Equal(t, c, n)
	}
	for _, written := range []string{s[:3] + " " + s[3:6] + " " + s[6:17] + " " + s[17:], s[:3] + "-" + s[3:6] + "-" + s[6:17] + "-" + s[17:]} {
		l, err := clabe.ParseLoose(written)
		require.NoError(t, err, "ParseLoose(%q)", written)
		require.Equal(t, c, l)
	}
}

// FuzzParseLoose checks ParseLoose against Parse of the input cleaned up
// by hand.
func FuzzParseLoose(f *testing.F) {
	seedCorpus(f)
	f.Fuzz(checkLoose)
}

// checkLoose: ParseLoose(s) is Parse of s cleaned up the documented way
// (a leading byte-order mark, then ASCII white space, '-' and '.'
// anywhere, dropped), within the documented bound; its error masks the
// input as given and points into it.
func checkLoose(t *testing.T, s string) {
	t.Helper()
	c, err := clabe.ParseLoose(s)
	clean, _, tooLong := identtest.LooseClean(s, "", clabe.Length)
	var want error
	switch {
	case tooLong:
		want = clabe.ErrLength
	case strings.Trim(clean, "0123456789") != "":
		// Any byte the clean-up keeps that is not a digit is a character
		// error wherever it is.
		want = clabe.ErrCharacter
	default:
		_, want = oracle(t, clean)
	}
	if want == nil {
		require.NoError(t, err, "ParseLoose(%q)", s)
		require.Equal(t, clean, c.String())
		strict, err := clabe.Parse(c.String())
		require.NoError(t, err)
		require.Equal(t, c, strict)
		return
	}
	require.Error(t, err, "ParseLoose(%q) = %v; the oracle says %v", s, c, want)
	require.True(t, c.IsZero())
	require.ErrorIs(t, err, want, "ParseLoose(%q)", s)
	var pe *clabe.ParseError
	require.ErrorAs(t, err, &pe)
	require.Equal(t, "ParseLoose", pe.Func)
	require.Equal(t, wantMasked(s), pe.Input)
	if want == clabe.ErrCharacter {
		require.True(t, pe.Pos >= 1 && pe.Pos <= len(s), "ParseLoose(%q): Pos %d", s, pe.Pos)
	}
	if pe.Pos > 0 {
		b := s[pe.Pos-1]
		require.False(t, strings.IndexByte(" \t\n\v\f\r-.0123456789", b) >= 0, "Pos %d points at an allowed byte", pe.Pos)
	}
	identtest.CheckNoEcho(t, err, s, "ParseLoose(%q)", s)
}

// FuzzNew checks New, CheckDigit and Generate against the reference.
func FuzzNew(f *testing.F) {
	f.Add("002", "010", "7777777777", uint64(0))
	f.Add("012", "180", "12345678909", uint64(1))
	f.Add("002", "010", "0", uint64(2))
	f.Add("999", "198", "1", uint64(3))
	f.Add("02", "x", "123456789012", uint64(4))
	f.Add("002", "01", "", uint64(5))
	f.Add("0020", "10077", "777777777717", uint64(6))
	f.Fuzz(func(t *testing.T, bank, plaza, account string, seed uint64) {
		c, err := clabe.New(bank, plaza, account)
		if want := oracleNew(t, bank, plaza, account); want != nil {
			require.ErrorIs(t, err, want, "New(%q, %q, %q)", bank, plaza, account)
			require.True(t, c.IsZero())
		} else {
			require.NoError(t, err, "New(%q, %q, %q)", bank, plaza, account)
			require.Equal(t, bank, c.BankCode())
			require.Equal(t, plaza, c.PlazaCode())
			first17 := bank + plaza + strings.Repeat("0", 11-len(account)) + account
			require.Equal(t, first17[6:], c.AccountNumber())
			require.Equal(t, first17+strconv.Itoa(oracleCheckDigit(first17)), c.String())
			_, perr := oracle(t, c.String())
			require.NoError(t, perr)
		}

		// CheckDigit on any string: 17 digits or an error.
		for _, s := range []string{bank + plaza + account, account} {
			d, err := clabe.CheckDigit(s)
			if len(s) == 17 && strings.Trim(s, "0123456789") == "" {
				require.NoError(t, err, "CheckDigit(%q)", s)
				require.Equal(t, oracleCheckDigit(s), d, "CheckDigit(%q)", s)
			} else {
				require.Error(t, err, "CheckDigit(%q) = %d", s, d)
			}
		}

		g, gerr := clabe.Generate(rand.New(rand.NewPCG(seed, ^seed)), bank)
		if want := oracleNew(t, bank, "000", "0"); want != nil {
			require.ErrorIs(t, gerr, want, "Generate(%q)", bank)
			require.True(t, g.IsZero())
			return
		}
		require.NoError(t, gerr, "Generate(%q)", bank)
		_, gw := oracle(t, g.String())
		require.NoError(t, gw, "Generate(%q) = %q, which the reference refuses", bank, g)
		require.Equal(t, bank, g.BankCode())
		require.NotEmpty(t, g.Plazas(), "Generate(%q) = %q: plaza not in the catalog", bank, g)
	})
}
