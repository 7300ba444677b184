package fuzz

import (
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/acctkit/acctkit/clabe"
)

// The CLABE reference is the 3-7-1 rule as the package doc states it and
// the bank catalog as LookupBank exposes it.

// naiveCheckDigit: each of the 17 digits times its weight (3, 7, 1, ...),
// each product taken modulo 10, summed, and (10 - sum mod 10) mod 10.
func naiveCheckDigit(first17 string) int {
	weights := []int{3, 7, 1}
	sum := 0
	for i := range 17 {
		d, _ := strconv.Atoi(first17[i : i+1])
		sum += d * weights[i%3] % 10
	}
	return (10 - sum%10) % 10
}

// refCLABE returns the sentinel Parse must report for s and the position
// of the character at fault, or nil: characters among the first 18,
// length, check digit, bank, in the documented order.
func refCLABE(s string) (int, error) {
	for i := 0; i < len(s) && i < 18; i++ {
		if !isDigit(s[i]) {
			return i + 1, clabe.ErrCharacter
		}
	}
	if len(s) != 18 {
		return 0, clabe.ErrLength
	}
	if naiveCheckDigit(s) != int(s[17]-'0') {
		return 0, clabe.ErrChecksum
	}
	if _, ok := clabe.LookupBank(s[:3]); !ok {
		return 0, clabe.ErrUnknownBank
	}
	return 0, nil
}

// clabeLooseClean is ParseLoose's documented clean-up: trim ASCII white
// space at both ends, remove every ASCII space and hyphen. Inputs longer
// than 128 bytes are refused unread.
func clabeLooseClean(s string) (clean string, tooLong bool) {
	clean, _, tooLong = looseClean(s, "", 18)
	return clean, tooLong
}

// clabeMasked is the documented ParseError.Input: every byte but the last
// four replaced by '*' (all of them when there are four or fewer), and an
// input longer than a CLABE shown as "..." and its last four bytes.
func clabeMasked(s string) string {
	return shownInput(s, 18, 0, func(s string) string {
		keep := max(len(s)-4, 0)
		if len(s) <= 4 {
			keep = len(s)
		}
		return strings.Repeat("*", keep) + s[keep:]
	})
}

func clabeSeeds(f *testing.F) {
	for _, s := range []string{
		"002010077777777771", "002010077777777779", "012180012345678909", "014320655012345670",
		"000000000000000000", "999000000000000009", "002 010 07777777777 1", "002-010-07777777777-1",
		" \t002010077777777771\n", "0020100777777777710", "00201007777777777", "00201007777777777\u0661",
		"002010077777777771\x00", "\xff", "", "  ", "--", "002\t010077777777771", "002.010.077777777771",
		strings.Repeat(" ", 110) + "002010077777777771", strings.Repeat(" ", 111) + "002010077777777771",
	} {
		f.Add(s)
	}
}

// FuzzCLABE checks Parse and Validate against the reference, the accessors
// and every encoding of what parses, and ParseLoose against Parse of the
// input cleaned up by hand.
func FuzzCLABE(f *testing.F) {
	clabeSeeds(f)
	f.Fuzz(func(t *testing.T, s string) {
		checkNoEcho(t, s)
		c, err := clabe.Parse(s)
		pos, want := refCLABE(s)
		if want == nil {
			require.NoError(t, err, "Parse(%q): the reference accepts it", s)
			checkValidCLABE(t, s, c)
		} else {
			require.Error(t, err, "Parse(%q) accepted; the reference says %v", s, want)
			require.True(t, c.IsZero())
			require.ErrorIs(t, err, want, "Parse(%q)", s)
			var pe *clabe.ParseError
			require.ErrorAs(t, err, &pe)
			require.Equal(t, "Parse", pe.Func)
			require.Equal(t, pos, pe.Pos, "Parse(%q): %v", s, err)
			require.Equal(t, clabeMasked(s), pe.Input)
		}
		verr := clabe.Validate(s)
		if err == nil {
			require.NoError(t, verr)
		} else {
			require.Equal(t, strings.Replace(err.Error(), "clabe.Parse(", "clabe.Validate(", 1), verr.Error())
		}
		checkDecodeAgrees(t, s, clabe.Parse)

		lc, lerr := clabe.ParseLoose(s)
		clean, tooLong := clabeLooseClean(s)
		if tooLong {
			require.ErrorIs(t, lerr, clabe.ErrLength, "ParseLoose(%q): past the bound", s)
			return
		}
		pc, perr := clabe.Parse(clean)
		if perr == nil {
			require.NoError(t, lerr, "ParseLoose(%q); Parse(%q) accepts", s, clean)
			require.Equal(t, pc, lc)
			return
		}
		require.Error(t, lerr, "ParseLoose(%q) = %v; Parse(%q) refuses: %v", s, lc, clean, perr)
		require.True(t, lc.IsZero())
		var le *clabe.ParseError
		require.ErrorAs(t, lerr, &le)
		require.Equal(t, "ParseLoose", le.Func)
		if strings.Trim(clean, "0123456789") != "" {
			// Any byte the clean-up keeps that is not a digit is a character
			// error wherever it is, at its place in s.
			require.ErrorIs(t, lerr, clabe.ErrCharacter, "ParseLoose(%q)", s)
			require.True(t, le.Pos >= 1 && le.Pos <= len(s), "ParseLoose(%q): Pos %d", s, le.Pos)
			b := s[le.Pos-1]
			require.False(t, isDigit(b) || strings.IndexByte(" \t\n\v\f\r-.", b) >= 0, "ParseLoose(%q): Pos %d points at %q", s, le.Pos, b)
			return
		}
		var pe *clabe.ParseError
		require.ErrorAs(t, perr, &pe)
		require.Equal(t, pe.Err, le.Err, "ParseLoose(%q) = %v; Parse(%q) = %v", s, lerr, clean, perr)
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
	checkEncodings(t, c, clabe.Parse, true)

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

// refNew returns the sentinel New must report for its parts, or nil: each
// part's characters and length in turn (bank 3 digits, plaza 3, account 1
// to 11), then the bank catalog.
func refNew(bank, plaza, account string) error {
	for _, p := range []struct {
		s        string
		min, max int
	}{{bank, 3, 3}, {plaza, 3, 3}, {account, 1, 11}} {
		for i := 0; i < len(p.s) && i < p.max; i++ {
			if !isDigit(p.s[i]) {
				return clabe.ErrCharacter
			}
		}
		if len(p.s) < p.min || len(p.s) > p.max {
			return clabe.ErrLength
		}
	}
	if _, ok := clabe.LookupBank(bank); !ok {
		return clabe.ErrUnknownBank
	}
	return nil
}

// FuzzCLABEBuild checks New, CheckDigit and Generate against the
// reference.
func FuzzCLABEBuild(f *testing.F) {
	f.Add("002", "010", "7777777777", uint64(0))
	f.Add("012", "180", "12345678909", uint64(1))
	f.Add("002", "010", "0", uint64(2))
	f.Add("999", "198", "1", uint64(3))
	f.Add("02", "x", "123456789012", uint64(4))
	f.Add("002", "01", "", uint64(5))
	f.Add("0020", "10077", "777777777717", uint64(6))
	f.Fuzz(func(t *testing.T, bank, plaza, account string, seed uint64) {
		c, err := clabe.New(bank, plaza, account)
		if want := refNew(bank, plaza, account); want != nil {
			require.ErrorIs(t, err, want, "New(%q, %q, %q)", bank, plaza, account)
			require.True(t, c.IsZero())
		} else {
			require.NoError(t, err, "New(%q, %q, %q)", bank, plaza, account)
			first17 := bank + plaza + strings.Repeat("0", 11-len(account)) + account
			require.Equal(t, first17+strconv.Itoa(naiveCheckDigit(first17)), c.String())
		}

		// CheckDigit on any string: 17 digits or an error.
		for _, s := range []string{bank + plaza + account, account} {
			d, err := clabe.CheckDigit(s)
			if len(s) == 17 && strings.Trim(s, "0123456789") == "" {
				require.NoError(t, err, "CheckDigit(%q)", s)
				require.Equal(t, naiveCheckDigit(s), d, "CheckDigit(%q)", s)
			} else {
				require.Error(t, err, "CheckDigit(%q) = %d", s, d)
			}
		}

		g, gerr := clabe.Generate(rand.New(rand.NewPCG(seed, ^seed)), bank)
		if want := refNew(bank, "000", "0"); want != nil {
			require.ErrorIs(t, gerr, want, "Generate(%q)", bank)
			require.True(t, g.IsZero())
			return
		}
		require.NoError(t, gerr, "Generate(%q)", bank)
		_, gw := refCLABE(g.String())
		require.NoError(t, gw, "Generate(%q) = %q, which the reference refuses", bank, g)
		require.Equal(t, bank, g.BankCode())
		require.NotEmpty(t, g.Plazas(), "Generate(%q) = %q: plaza not in the catalog", bank, g)
	})
}
