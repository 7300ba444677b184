package routing

import (
	"errors"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/require"

	"github.com/acctkit/acctkit/internal/identtest"
	"github.com/acctkit/acctkit/internal/iso3166"
)

// The references below are written from the package doc and the
// standards (3-7-1 weights, the Federal Reserve symbols, ISO 9362's
// classes, the Canadian forms) and share no code with the parsers they
// check.

// refWrongLength is the routing package's documented treatment of an input
// of the wrong length: a length error, unless a non-ASCII byte near the
// start (the first 64 bytes) explains it better.
func refWrongLength(s string) (int, error) {
	for i := 0; i < len(s) && i < 64; i++ {
		if s[i] >= 0x80 {
			return i + 1, ErrCharacter
		}
	}
	return 0, ErrLength
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
func abaSymbolKind(symbol int) ABAKind {
	switch {
	case symbol == 0:
		return ABAGovernment
	case symbol <= 12:
		return ABAPrimary
	case 21 <= symbol && symbol <= 32:
		return ABAThrift
	case 61 <= symbol && symbol <= 72:
		return ABAElectronic
	case symbol == 80:
		return ABATravelersCheque
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
		if !identtest.IsDigit(s[i]) {
			return i + 1, ErrCharacter
		}
	}
	if naiveABASum(s)%10 != 0 {
		return -1, ErrChecksum
	}
	if s == "000000000" {
		return -1, ErrStructure
	}
	if symbol, _ := strconv.Atoi(s[:2]); abaSymbolKind(symbol) == 0 {
		return -1, ErrPrefix
	}
	return 0, nil
}

// FuzzParseABA checks ParseABA, ValidateABA and CheckDigit against the naive
// 3-7-1 and prefix reference, and what parses in every encoding.
func FuzzParseABA(f *testing.F) {
	for _, s := range []string{
		"011000015", "021000021", "915075033", "756392185", "952391102", "000000000", "000000518",
		"800000006", "611000010", "130000007", "01100001", "0110000155", "01100001x", "01100001é",
		"", "é", "\xff11000015", "0110 0001", strings.Repeat("9", 70) + "é", "01100001x",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a, err := ParseABA(s)
		pos, want := refABA(s)
		if want == nil {
			require.NoError(t, err, "ParseABA(%q): the reference accepts it", s)
			require.Equal(t, s, a.String())
			symbol, _ := strconv.Atoi(s[:2])
			kind := abaSymbolKind(symbol)
			require.Equal(t, kind, a.Kind())
			district := map[ABAKind]int{ABAPrimary: symbol, ABAThrift: symbol - 20, ABAElectronic: symbol - 60}[kind]
			require.Equal(t, district, a.FederalReserveDistrict())
			require.Equal(t, kind == ABAPrimary || kind == ABAThrift || kind == ABAElectronic, a.ACHEligible())
			require.Equal(t, kind == ABAPrimary || kind == ABAThrift, a.WireEligible())
			require.Equal(t, int(s[8]-'0'), a.CheckDigit())
			require.Equal(t, s, a.Masked(), "routing numbers are public")
			identtest.CheckEncodings(t, a, ParseABA, false)
		} else {
			require.Error(t, err, "ParseABA(%q) accepted; the reference says %v", s, want)
			require.True(t, a.IsZero())
			require.ErrorIs(t, err, want, "ParseABA(%q)", s)
			checkRoutingError(t, err, "ParseABA", s, pos)
		}
		verr := ValidateABA(s)
		require.Equal(t, err == nil, verr == nil)
		if err != nil {
			require.ErrorIs(t, verr, want)
		}
		identtest.CheckDecodeAgrees(t, s, ParseABA)

		// CheckDigit completes any eight digits so that ParseABA's
		// checksum holds.
		first8 := s[:min(len(s), 8)]
		d, derr := ABACheckDigit(first8)
		if len(first8) == 8 && strings.Trim(first8, "0123456789") == "" {
			require.NoError(t, derr, "CheckDigit(%q)", first8)
			require.Equal(t, (10-naiveABASum(first8)%10)%10, d, "CheckDigit(%q)", first8)
			full := first8 + strconv.Itoa(d)
			_, perr := ParseABA(full)
			require.NotErrorIs(t, perr, ErrChecksum, "ParseABA(%q)", full)
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

// checkRoutingError asserts the shape every routing parse error has: a
// *ParseError naming the function, one sentinel, a message built from a
// reason, the input in full (routing numbers are public) unless it is
// longer than the identifier or holds an account number, which no part
// of the message echoes, and the position the reference expects (pos < 0:
// only that it lies in the input).
func checkRoutingError(t *testing.T, err error, fn, s string, pos int) {
	t.Helper()
	var pe *ParseError
	require.ErrorAs(t, err, &pe, "%s(%q)", fn, s)
	require.Equal(t, fn, pe.Func)
	require.Equal(t, s, pe.UnmaskedInput())
	require.True(t, slices.Contains(sentinels, pe.Err), "%s(%q): unwraps to %v, not a sentinel", fn, s, pe.Err)
	require.True(t, pe.Pos >= 0 && pe.Pos <= len(s), "%s(%q): Pos %d out of range", fn, s, pe.Pos)
	// A character error points at the character; a length is about the
	// whole value.
	if pe.Err == ErrCharacter {
		require.NotZero(t, pe.Pos, "%s(%q): %v", fn, s, err)
	}
	if pe.Err == ErrLength {
		require.Zero(t, pe.Pos, "%s(%q): %v", fn, s, err)
	}
	shown := routingMax[fn]
	// A loose parser shows an input its clean-up brings within bounds
	// whole; one past the bound it does not read.
	if clean, _, tooLong := identtest.LooseClean(s, "", shown); strings.HasSuffix(fn, "Loose") && !tooLong && len(clean) <= shown {
		shown = len(s)
	}
	if identtest.LongDigitRun.MatchString(s) {
		shown = 0 // more digits in a row than any routing identifier: an account number perhaps
	}
	require.Equal(t, identtest.ShownInput(s, shown, 0, func(s string) string { return s }), pe.Input)
	if len(s) > shown {
		identtest.CheckNoEcho(t, err, s, "%s(%q)", fn, s)
	}
	if pos >= 0 {
		require.Equal(t, pos, pe.Pos, "%s(%q): %v", fn, s, err)
	}
	require.NotZero(t, pe.why.code, "%s(%q): no reason", fn, s)
	require.True(t, strings.HasPrefix(err.Error(), "routing."+fn+"(") && strings.HasSuffix(err.Error(), "): "+pe.Reason()), "message %q", err)
}

var sentinels = []error{ErrLength, ErrCharacter, ErrChecksum, ErrPrefix, ErrUnknownCountry, ErrStructure}

// refBIC returns the sentinel ParseBIC (or, strict, ParseBICStrict) must
// report and the position at fault, or nil. Positions are checked one by
// one against ISO 9362's classes; a wrong length is an ErrLength, or an
// ErrCharacter when a non-ASCII byte, or failing that a byte that is no
// letter or digit, explains it.
func refBIC(s string, strict bool) (int, error) {
	if len(s) != 8 && len(s) != 11 {
		if pos, err := refWrongLength(s); err != ErrLength {
			return pos, err
		}
		for i := 0; i < len(s) && i < 64; i++ {
			if c := identtest.UpperASCII(s[i]); !identtest.IsDigit(c) && !identtest.IsUpper(c) {
				return i + 1, ErrCharacter
			}
		}
		return 0, ErrLength
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		ok := identtest.IsDigit(c) || identtest.IsUpper(c)
		if (4 <= i && i < 6) || (strict && i < 4) {
			ok = identtest.IsUpper(c)
		}
		if !ok {
			return i + 1, ErrCharacter
		}
	}
	if !iso3166.Known(s[4:6]) {
		return 5, ErrUnknownCountry
	}
	return 0, nil
}

// FuzzParseBIC checks ParseBIC and ParseBICStrict against the reference, what
// parses in every encoding and form (BIC8, BIC11), and ParseBICLoose
// against ParseBIC of the input cleaned up by hand.
func FuzzParseBIC(f *testing.F) {
	for _, s := range []string{
		"DEUTDEFF", "DEUTDEFFXXX", "DEUTDEFF500", "CHASUS3AXXX", "BNGRGRAAXXX", "E097AEXX", "1234DEFF",
		"DEUTZZFF", "DEUTXKFF", "DEUT1EFF", "deutdeff", "deut de ff 500", " DEUTDEFF\t", "DEUT\u00a0DEFF",
		"DEUTDEF", "DEUTDEFF50", "DEUTDEFF5000", "DEUTDEFé", "", " ", " \t", "DEUT-DEFF", strings.Repeat(" D", 16),
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := ParseBIC(s)
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
		require.Equal(t, err == nil, ValidateBIC(s) == nil)
		identtest.CheckDecodeAgrees(t, s, ParseBIC)

		sv, serr := ParseBICStrict(s)
		if pos, want := refBIC(s, true); want == nil {
			require.NoError(t, serr, "ParseBICStrict(%q): the reference accepts it", s)
			require.Equal(t, v, sv)
		} else {
			require.ErrorIs(t, serr, want, "ParseBICStrict(%q)", s)
			checkRoutingError(t, serr, "ParseBICStrict", s, pos)
		}

		lv, lerr := ParseBICLoose(s)
		checkLooseAgrees(t, "ParseBICLoose", s, lv, lerr, 11, func(c byte) bool { return identtest.IsUpper(c) || identtest.IsDigit(c) }, ParseBIC)
	})
}

func checkValidBIC(t *testing.T, s string, v BIC) {
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
	require.False(t, v.SameInstitution(BIC{}))
	identtest.CheckEncodings(t, v, ParseBIC, false)
	for _, form := range []string{s[:8], bic11} {
		w, err := ParseBIC(form)
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
	if strings.Trim(inst+transit, "0123456789") != "" || (s[5] != '-' && !identtest.IsDigit(s[0])) {
		return "", "", ErrCharacter
	}
	if s[5] != '-' && s[0] != '0' {
		return "", "", ErrPrefix
	}
	if inst == "000" || transit == "00000" {
		return "", "", ErrStructure
	}
	return inst, transit, nil
}

// FuzzParseCanadian checks ParseCanadian against the reference, both forms of
// what parses, and CanadianFrom on its parts.
func FuzzParseCanadian(f *testing.F) {
	for _, s := range []string{
		"000112345", "000300002", "12345-001", "00002-003", "02101140", "000012345", "000100000",
		"123456789", "12345 001", "1234-5001", "0001１234", "", "-", "00000-001", "12345-000",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := ParseCanadian(s)
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
			micr, err := ParseCanadian(c.MICR())
			require.NoError(t, err)
			require.Equal(t, c, micr)
			from, err := CanadianFrom(inst, transit)
			require.NoError(t, err)
			require.Equal(t, c, from)
			_ = c.InstitutionName()
			identtest.CheckEncodings(t, c, ParseCanadian, false)
		}
		require.Equal(t, err == nil, ValidateCanadian(s) == nil)
		identtest.CheckDecodeAgrees(t, s, ParseCanadian)

		// CanadianFrom on the two halves of s, whatever they are.
		half := min(len(s), 3)
		fi, ft := s[:half], s[half:]
		fc, ferr := CanadianFrom(fi, ft)
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

// allDigits reports whether s holds only ASCII digits (or nothing).
func allDigits(s string) bool { return strings.Trim(s, "0123456789") == "" }

func FuzzCanadianFrom(f *testing.F) {
	f.Add("001", "12345")
	f.Add("000", "12345")
	f.Add("01", "1234x")
	f.Fuzz(func(t *testing.T, inst, transit string) {
		c, err := CanadianFrom(inst, transit)
		if len(inst) != 3 || len(transit) != 5 || !allDigits(inst+transit) {
			require.Error(t, err, "CanadianFrom(%q, %q) accepted %v", inst, transit, c)
		} else {
			// The electronic form holds the same digits.
			p, perr := ParseCanadian("0" + inst + transit)
			require.Equal(t, perr == nil, err == nil, "CanadianFrom(%q, %q) = %v; ParseCanadian = %v", inst, transit, err, perr)
			require.Equal(t, p, c, "CanadianFrom(%q, %q)", inst, transit)
		}
		if err != nil {
			var pe *ParseError
			require.ErrorAs(t, err, &pe, "CanadianFrom(%q, %q)", inst, transit)
			require.Equal(t, "CanadianFrom", pe.Func)
			require.True(t, pe.UnmaskedInput() == inst || pe.UnmaskedInput() == transit, "CanadianFrom(%q, %q): %v", inst, transit, err)
			require.True(t, strings.HasPrefix(err.Error(), "routing.CanadianFrom("+strconv.QuoteToASCII(inst)+", "+strconv.QuoteToASCII(transit)+"): "), "message %q", err.Error())
		}
	})
}

// checkLooseAgrees: a loose parser's result on s is its strict parser's
// on s cleaned up the documented way, within the documented bound of an
// identifier of maxLen characters; a byte the clean-up keeps that ok
// refuses is a character error wherever it is, and every position counts
// in s, at the place the blamed byte had before the clean-up.
func checkLooseAgrees[T comparable](t *testing.T, fn, s string, got T, err error, maxLen int, ok func(byte) bool, strict func(string) (T, error)) {
	t.Helper()
	clean, where, tooLong := identtest.LooseClean(s, "", maxLen)
	if tooLong {
		require.ErrorIs(t, err, ErrLength, "%s(%q): past the bound", fn, s)
		checkRoutingError(t, err, fn, s, 0)
		return
	}
	var zero T
	if i := strings.IndexFunc(clean, func(r rune) bool { return r >= utf8.RuneSelf || !ok(byte(r)) }); i >= 0 {
		require.ErrorIs(t, err, ErrCharacter, "%s(%q)", fn, s)
		require.Equal(t, zero, got)
		checkRoutingError(t, err, fn, s, where[i]+1)
		return
	}
	want, serr := strict(clean)
	if serr == nil {
		require.NoError(t, err, "%s(%q); the strict parser accepts %q", fn, s, clean)
		require.Equal(t, want, got, "%s(%q)", fn, s)
		return
	}
	require.Error(t, err, "%s(%q) = %v; the strict parser refuses %q: %v", fn, s, got, clean, serr)
	require.Equal(t, zero, got)
	var le, pe *ParseError
	require.ErrorAs(t, err, &le)
	require.ErrorAs(t, serr, &pe)
	checkRoutingError(t, err, fn, s, -1)
	require.Same(t, pe.Err, le.Err, "%s(%q) = %v; strict(%q) = %v", fn, s, err, clean, serr)
	if pe.Pos > 0 {
		require.Equal(t, where[pe.Pos-1]+1, le.Pos, "%s(%q) = %v; strict(%q) = %v", fn, s, err, clean, serr)
	} else {
		require.Zero(t, le.Pos, "%s(%q) = %v", fn, s, err)
	}
}

// FuzzParseABALoose: ParseABALoose(s) is ParseABA of the cleaned-up s,
// positions counted in s, within the documented bound.
func FuzzParseABALoose(f *testing.F) {
	for _, s := range []string{"121-000-358", " 121 000 358\n", "121.000.359", "\uFEFF011000015", "121-0x0-358", "", "---", "0210000210123456789"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a, err := ParseABALoose(s)
		checkLooseAgrees(t, "ParseABALoose", s, a, err, 9, identtest.IsDigit, ParseABA)
	})
}

// FuzzParseCanadianLoose: nine digits left are the electronic form, eight
// with a separator after the fifth the MICR form, as ParseCanadian reads
// them.
func FuzzParseCanadianLoose(f *testing.F) {
	for _, s := range []string{"00002-003", "00002 003", "0003 00002", "02101140", "000-0200-3", "1003 00002", "00000 003", "", "0003 0000x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := ParseCanadianLoose(s)
		clean, where, tooLong := identtest.LooseClean(s, "", 9)
		if tooLong {
			require.ErrorIs(t, err, ErrLength, "ParseCanadianLoose(%q): past the bound", s)
			checkRoutingError(t, err, "ParseCanadianLoose", s, 0)
			return
		}
		var want Canadian
		var werr error = ErrLength
		switch {
		case !allDigits(clean):
			werr = ErrCharacter
		case len(clean) == 9:
			want, werr = ParseCanadian(clean)
		case len(clean) == 8 && where[5]-where[4] > 1:
			want, werr = ParseCanadian(clean[:5] + "-" + clean[5:])
		}
		if werr == nil {
			require.NoError(t, err, "ParseCanadianLoose(%q)", s)
			require.Equal(t, want, c, "ParseCanadianLoose(%q)", s)
			return
		}
		require.True(t, errors.Is(err, werr) || (errors.As(werr, new(*ParseError)) && errors.Is(err, errors.Unwrap(werr))),
			"ParseCanadianLoose(%q) = %v, %v; want an error like %v", s, c, err, werr)
		require.True(t, c.IsZero())
		checkRoutingError(t, err, "ParseCanadianLoose", s, -1)
	})
}
