package fuzz

import (
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/require"

	"github.com/acctkit/acctkit/internal/iso3166"
	"github.com/acctkit/acctkit/routing"
)

// refWrongLength is the routing package's documented treatment of an input
// of the wrong length: a length error, unless a non-ASCII byte near the
// start (the first 64 bytes) explains it better.
func refWrongLength(s string) (int, error) {
	for i := 0; i < len(s) && i < 64; i++ {
		if s[i] >= 0x80 {
			return i + 1, routing.ErrCharacter
		}
	}
	return 0, routing.ErrLength
}

// naiveABASum is the 3-7-1 weighted sum of a string of digits.
func naiveABASum(digits string) int {
	weights := []int{3, 7, 1}
	sum := 0
	for i := range len(digits) {
		sum += int(digits[i]-'0') * weights[i%3]
	}
	return sum
}

// abaSymbolKind is what the Federal Reserve routing symbol (the first two
// digits) says: the ranges of the package doc, or 0 for an unassigned one.
func abaSymbolKind(symbol int) routing.ABAKind {
	switch {
	case symbol == 0:
		return routing.ABAGovernment
	case symbol <= 12:
		return routing.ABAPrimary
	case 21 <= symbol && symbol <= 32:
		return routing.ABAThrift
	case 61 <= symbol && symbol <= 72:
		return routing.ABAElectronic
	case symbol == 80:
		return routing.ABATravelersCheque
	}
	return 0
}

// refABA returns the sentinel ParseABA must report and the position at
// fault, or nil: length, characters, checksum, all zeros, prefix.
func refABA(s string) (int, error) {
	if len(s) != 9 {
		return refWrongLength(s)
	}
	for i := range 9 {
		if !isDigit(s[i]) {
			return i + 1, routing.ErrCharacter
		}
	}
	if naiveABASum(s)%10 != 0 {
		return -1, routing.ErrChecksum
	}
	if s == "000000000" {
		return -1, routing.ErrStructure
	}
	if symbol, _ := strconv.Atoi(s[:2]); abaSymbolKind(symbol) == 0 {
		return -1, routing.ErrPrefix
	}
	return 0, nil
}

// FuzzABA checks ParseABA, ValidateABA and CheckDigit against the naive
// 3-7-1 and prefix reference, and what parses in every encoding.
func FuzzABA(f *testing.F) {
	for _, s := range []string{
		"011000015", "021000021", "915075033", "756392185", "952391102", "000000000", "000000518",
		"800000006", "611000010", "130000007", "01100001", "0110000155", "01100001x", "01100001é",
		"", "é", "\xff11000015", "0110 0001", strings.Repeat("9", 70) + "é",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkNoEcho(t, s)
		a, err := routing.ParseABA(s)
		pos, want := refABA(s)
		if want == nil {
			require.NoError(t, err, "ParseABA(%q): the reference accepts it", s)
			require.Equal(t, s, a.String())
			symbol, _ := strconv.Atoi(s[:2])
			kind := abaSymbolKind(symbol)
			require.Equal(t, kind, a.Kind())
			district := map[routing.ABAKind]int{routing.ABAPrimary: symbol, routing.ABAThrift: symbol - 20, routing.ABAElectronic: symbol - 60}[kind]
			require.Equal(t, district, a.FederalReserveDistrict())
			require.Equal(t, kind == routing.ABAPrimary || kind == routing.ABAThrift || kind == routing.ABAElectronic, a.ACHEligible())
			require.Equal(t, kind == routing.ABAPrimary || kind == routing.ABAThrift, a.WireEligible())
			require.Equal(t, int(s[8]-'0'), a.CheckDigit())
			require.Equal(t, s, a.Masked(), "routing numbers are public")
			checkEncodings(t, a, routing.ParseABA, false)
		} else {
			require.Error(t, err, "ParseABA(%q) accepted; the reference says %v", s, want)
			require.True(t, a.IsZero())
			require.ErrorIs(t, err, want, "ParseABA(%q)", s)
			checkRoutingError(t, err, "ParseABA", s, pos)
		}
		verr := routing.ValidateABA(s)
		require.Equal(t, err == nil, verr == nil)
		if err != nil {
			require.ErrorIs(t, verr, want)
		}
		checkDecodeAgrees(t, s, routing.ParseABA)

		// CheckDigit completes any eight digits so that ParseABA's
		// checksum holds.
		first8 := s[:min(len(s), 8)]
		d, derr := routing.ABACheckDigit(first8)
		if len(first8) == 8 && strings.Trim(first8, "0123456789") == "" {
			require.NoError(t, derr, "CheckDigit(%q)", first8)
			require.Equal(t, (10-naiveABASum(first8)%10)%10, d, "CheckDigit(%q)", first8)
			full := first8 + strconv.Itoa(d)
			_, perr := routing.ParseABA(full)
			require.NotErrorIs(t, perr, routing.ErrChecksum, "ParseABA(%q)", full)
		} else {
			require.Error(t, derr, "CheckDigit(%q) = %d", first8, d)
		}
	})
}

// routingMax is the length of what each parser parses: an input longer
// than that is shown shortened.
var routingMax = map[string]int{
	"ParseABA": 9, "ParseABALoose": 9, "ABACheckDigit": 8, "ParseCanadian": 9, "ParseCanadianLoose": 9,
	"ParseBIC": 11, "ParseBICStrict": 11, "ParseBICLoose": 11,
}

// checkRoutingError asserts the shape every routing parse error has: the
// function, the input in full (routing numbers are public) unless it is
// longer than the identifier, and the position the reference expects
// (pos < 0: not checked).
func checkRoutingError(t *testing.T, err error, fn, s string, pos int) {
	t.Helper()
	var pe *routing.ParseError
	require.ErrorAs(t, err, &pe)
	require.Equal(t, fn, pe.Func)
	require.Equal(t, s, pe.UnmaskedInput())
	shown := routingMax[fn]
	if clean, _, _ := looseClean(s, "", shown); strings.HasSuffix(fn, "Loose") && len(clean) <= shown {
		shown = len(s)
	}
	if longDigitRun.MatchString(s) {
		shown = 0 // more digits in a row than any routing identifier: an account number perhaps
	}
	require.Equal(t, shownInput(s, shown, 0, func(s string) string { return s }), pe.Input)
	if pos >= 0 {
		require.Equal(t, pos, pe.Pos, "%s(%q): %v", fn, s, err)
	}
	require.True(t, strings.HasPrefix(err.Error(), "routing."+fn+"(") && strings.HasSuffix(err.Error(), "): "+pe.Reason()), "message %q", err)
}

// refBIC returns the sentinel ParseBIC (or, strict, ParseBICStrict) must
// report and the position at fault, or nil. Positions are checked one by
// one against ISO 9362's classes; a wrong length is an ErrLength, or an
// ErrCharacter when a non-ASCII byte, or failing that a byte that is no
// letter or digit, explains it.
func refBIC(s string, strict bool) (int, error) {
	if len(s) != 8 && len(s) != 11 {
		if pos, err := refWrongLength(s); err != routing.ErrLength {
			return pos, err
		}
		for i := 0; i < len(s) && i < 64; i++ {
			if c := upperASCII(s[i]); !isDigit(c) && !isUpper(c) {
				return i + 1, routing.ErrCharacter
			}
		}
		return 0, routing.ErrLength
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		ok := isDigit(c) || isUpper(c)
		if (4 <= i && i < 6) || (strict && i < 4) {
			ok = isUpper(c)
		}
		if !ok {
			return i + 1, routing.ErrCharacter
		}
	}
	if !iso3166.Known(s[4:6]) {
		return 5, routing.ErrUnknownCountry
	}
	return 0, nil
}

// bicLooseClean is ParseBICLoose's documented clean-up: trim ASCII white
// space, remove spaces, upper-case ASCII letters; more than 32 bytes left
// after trimming is refused unread. where maps each byte of clean to its
// 0-based offset in s.
func bicLooseClean(s string) (clean string, where []int, tooLong bool) {
	return looseClean(s, "", 11)
}

// FuzzBIC checks ParseBIC and ParseBICStrict against the reference, what
// parses in every encoding and form (BIC8, BIC11), and ParseBICLoose
// against ParseBIC of the input cleaned up by hand.
func FuzzBIC(f *testing.F) {
	for _, s := range []string{
		"DEUTDEFF", "DEUTDEFFXXX", "DEUTDEFF500", "CHASUS3AXXX", "BNGRGRAAXXX", "E097AEXX", "1234DEFF",
		"DEUTZZFF", "DEUTXKFF", "DEUT1EFF", "deutdeff", "deut de ff 500", " DEUTDEFF\t", "DEUT\u00a0DEFF",
		"DEUTDEF", "DEUTDEFF50", "DEUTDEFF5000", "DEUTDEFé", "", " ", "DEUT-DEFF", strings.Repeat(" D", 16),
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkNoEcho(t, s)
		v, err := routing.ParseBIC(s)
		pos, want := refBIC(s, false)
		if want == nil {
			require.NoError(t, err, "ParseBIC(%q): the reference accepts it", s)
			checkValidBIC(t, s, v)
		} else {
			require.Error(t, err, "ParseBIC(%q) accepted; the reference says %v", s, want)
			require.True(t, v.IsZero())
			require.ErrorIs(t, err, want, "ParseBIC(%q)", s)
			checkRoutingError(t, err, "ParseBIC", s, pos)
		}
		require.Equal(t, err == nil, routing.ValidateBIC(s) == nil)
		checkDecodeAgrees(t, s, routing.ParseBIC)

		sv, serr := routing.ParseBICStrict(s)
		if pos, want := refBIC(s, true); want == nil {
			require.NoError(t, serr, "ParseBICStrict(%q): the reference accepts it", s)
			require.Equal(t, v, sv)
		} else {
			require.ErrorIs(t, serr, want, "ParseBICStrict(%q)", s)
			checkRoutingError(t, serr, "ParseBICStrict", s, pos)
		}

		lv, lerr := routing.ParseBICLoose(s)
		clean, where, tooLong := bicLooseClean(s)
		if tooLong {
			require.ErrorIs(t, lerr, routing.ErrLength, "ParseBICLoose(%q): past the bound", s)
			return
		}
		if i := strings.IndexFunc(clean, func(r rune) bool { return r >= utf8.RuneSelf || !isUpper(byte(r)) && !isDigit(byte(r)) }); i >= 0 {
			// A byte the clean-up keeps that no BIC has is refused before
			// anything else, at its place in s.
			require.ErrorIs(t, lerr, routing.ErrCharacter, "ParseBICLoose(%q)", s)
			checkRoutingError(t, lerr, "ParseBICLoose", s, where[i]+1)
			return
		}
		if len(clean) != 8 && len(clean) != 11 {
			require.ErrorIs(t, lerr, routing.ErrLength, "ParseBICLoose(%q)", s)
			checkRoutingError(t, lerr, "ParseBICLoose", s, 0)
			return
		}
		pv, perr := routing.ParseBIC(clean)
		if perr == nil {
			require.NoError(t, lerr, "ParseBICLoose(%q); ParseBIC(%q) accepts", s, clean)
			require.Equal(t, pv, lv)
			return
		}
		require.Error(t, lerr, "ParseBICLoose(%q) = %v; ParseBIC(%q) refuses: %v", s, lv, clean, perr)
		var le, pe *routing.ParseError
		require.ErrorAs(t, lerr, &le)
		require.ErrorAs(t, perr, &pe)
		checkRoutingError(t, lerr, "ParseBICLoose", s, -1)
		require.Equal(t, pe.Err, le.Err, "ParseBICLoose(%q) = %v; ParseBIC(%q) = %v", s, lerr, clean, perr)
		// Positions count in s: the character ParseBIC blames, where it
		// was before the clean-up.
		if pe.Pos > 0 {
			require.Equal(t, where[pe.Pos-1]+1, le.Pos, "ParseBICLoose(%q) = %v; ParseBIC(%q) = %v", s, lerr, clean, perr)
		} else {
			require.Zero(t, le.Pos)
		}
	})
}

func checkValidBIC(t *testing.T, s string, v routing.BIC) {
	t.Helper()
	bic11 := s
	if len(s) == 8 {
		bic11 += "XXX"
	}
	require.Equal(t, bic11, v.String())
	require.Equal(t, bic11, v.BIC11())
	require.Equal(t, s[:8], v.BIC8())
	require.Equal(t, s[:4], v.PartyPrefix())
	require.Equal(t, s[4:6], v.CountryCode())
	require.Equal(t, s[6:8], v.Location())
	require.Equal(t, bic11[8:], v.Branch())
	require.Equal(t, bic11[8:] == "XXX", v.IsPrimaryOffice())
	require.Equal(t, s[7] == '0', v.IsTest())
	require.Equal(t, s[7] == '1', v.IsPassive())
	require.True(t, v.SameInstitution(v))
	require.False(t, v.SameInstitution(routing.BIC{}))
	checkEncodings(t, v, routing.ParseBIC, false)
	for _, form := range []string{s[:8], bic11} {
		w, err := routing.ParseBIC(form)
		require.NoError(t, err, "ParseBIC(%q)", form)
		require.True(t, w.SameInstitution(v))
		require.Equal(t, form == bic11 || v.IsPrimaryOffice(), w == v, "ParseBIC(%q) vs %v", form, v)
	}
}

// refCanadian returns the institution and transit a valid ParseCanadian
// input holds, or the sentinel it must report: the electronic form
// 0IIITTTTT or the MICR form TTTTT-III, neither part all zeros.
func refCanadian(s string) (inst, transit string, want error) {
	if len(s) != 9 {
		_, err := refWrongLength(s)
		return "", "", err
	}
	if s[5] == '-' {
		inst, transit = s[6:], s[:5]
	} else {
		inst, transit = s[1:4], s[4:]
	}
	if strings.Trim(inst+transit, "0123456789") != "" || (s[5] != '-' && !isDigit(s[0])) {
		return "", "", routing.ErrCharacter
	}
	if s[5] != '-' && s[0] != '0' {
		return "", "", routing.ErrPrefix
	}
	if inst == "000" || transit == "00000" {
		return "", "", routing.ErrStructure
	}
	return inst, transit, nil
}

// FuzzCanadian checks ParseCanadian against the reference, both forms of
// what parses, and CanadianFrom on its parts.
func FuzzCanadian(f *testing.F) {
	for _, s := range []string{
		"000112345", "000300002", "12345-001", "00002-003", "02101140", "000012345", "000100000",
		"123456789", "12345 001", "1234-5001", "0001１234", "", "-", "00000-001", "12345-000",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkNoEcho(t, s)
		c, err := routing.ParseCanadian(s)
		inst, transit, want := refCanadian(s)
		if want != nil {
			require.Error(t, err, "ParseCanadian(%q) accepted; the reference says %v", s, want)
			require.ErrorIs(t, err, want, "ParseCanadian(%q)", s)
			require.True(t, c.IsZero())
			checkRoutingError(t, err, "ParseCanadian", s, -1)
		} else {
			require.NoError(t, err, "ParseCanadian(%q): the reference accepts it", s)
			require.Equal(t, inst, c.Institution())
			require.Equal(t, transit, c.Transit())
			require.Equal(t, "0"+inst+transit, c.String())
			require.Equal(t, transit+"-"+inst, c.MICR())
			micr, err := routing.ParseCanadian(c.MICR())
			require.NoError(t, err)
			require.Equal(t, c, micr)
			from, err := routing.CanadianFrom(inst, transit)
			require.NoError(t, err)
			require.Equal(t, c, from)
			_ = c.InstitutionName()
			checkEncodings(t, c, routing.ParseCanadian, false)
		}
		require.Equal(t, err == nil, routing.ValidateCanadian(s) == nil)
		checkDecodeAgrees(t, s, routing.ParseCanadian)

		// CanadianFrom on the two halves of s, whatever they are.
		half := min(len(s), 3)
		fi, ft := s[:half], s[half:]
		fc, ferr := routing.CanadianFrom(fi, ft)
		if len(fi) == 3 && len(ft) == 5 && strings.Trim(fi+ft, "0123456789") == "" && fi != "000" && ft != "00000" {
			require.NoError(t, ferr, "CanadianFrom(%q, %q)", fi, ft)
			require.Equal(t, fi, fc.Institution())
			require.Equal(t, ft, fc.Transit())
		} else {
			require.Error(t, ferr, "CanadianFrom(%q, %q) = %v", fi, ft, fc)
			require.True(t, fc.IsZero())
		}
	})
}
