package routing

import (
	"errors"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/acctkit/acctkit/internal/iso3166"
)

// The references below are written the obvious way (regular expressions,
// strconv) so they share no code with the parsers they check.

var (
	naiveNine   = regexp.MustCompile(`^[0-9]{9}$`)
	naiveBIC    = regexp.MustCompile(`^[A-Z0-9]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?$`)
	naiveBICSW  = regexp.MustCompile(`^[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?$`)
	naiveEFT    = regexp.MustCompile(`^0([0-9]{3})([0-9]{5})$`)
	naiveMICR   = regexp.MustCompile(`^([0-9]{5})-([0-9]{3})$`)
	sentinels   = []error{ErrLength, ErrCharacter, ErrChecksum, ErrPrefix, ErrUnknownCountry, ErrStructure}
	naiveDigits = regexp.MustCompile(`^[0-9]*$`)
)

// naiveABA returns nil for a valid routing number, the sentinel the parser
// must report, or ErrLength for any shape problem (length or character).
func naiveABA(s string) error {
	if !naiveNine.MatchString(s) {
		return ErrLength
	}
	w := []int{3, 7, 1, 3, 7, 1, 3, 7, 1}
	sum := 0
	for i := range 9 {
		d, _ := strconv.Atoi(s[i : i+1])
		sum += w[i] * d
	}
	if sum%10 != 0 {
		return ErrChecksum
	}
	if s == "000000000" {
		return ErrStructure
	}
	p, _ := strconv.Atoi(s[:2])
	if !(p <= 12 || 21 <= p && p <= 32 || 61 <= p && p <= 72 || p == 80) {
		return ErrPrefix
	}
	return nil
}

// checkParseError checks what every parse error must satisfy.
func checkParseError(t *testing.T, err error, fn, input string, want error) {
	t.Helper()
	var pe *ParseError
	if !errors.As(err, &pe) {
		t.Fatalf("%s(%q): error %v (%T) is not a *ParseError", fn, input, err, err)
	}
	if pe.Func != fn || pe.UnmaskedInput() != input {
		t.Fatalf("%s(%q): Func %q, UnmaskedInput %q", fn, input, pe.Func, pe.UnmaskedInput())
	}
	if pe.Pos < 0 || pe.Pos > len(input) {
		t.Fatalf("%s(%q): Pos %d out of range", fn, input, pe.Pos)
	}
	// A character error points at the character; a length is about the
	// whole value.
	if pe.Err == ErrCharacter && pe.Pos == 0 || pe.Err == ErrLength && pe.Pos != 0 {
		t.Fatalf("%s(%q): %v with Pos %d", fn, input, pe.Err, pe.Pos)
	}
	known := false
	for _, s := range sentinels {
		known = known || pe.Err == s
	}
	if !known {
		t.Fatalf("%s(%q): unwraps to %v, not a sentinel", fn, input, pe.Err)
	}
	if want == ErrLength { // any shape problem
		if pe.Err != ErrLength && pe.Err != ErrCharacter {
			t.Fatalf("%s(%q): %v, want a length or character error", fn, input, err)
		}
	} else if pe.Err != want {
		t.Fatalf("%s(%q): %v, want %v", fn, input, err, want)
	}
	if msg := err.Error(); !strings.HasPrefix(msg, "routing."+fn+"(") || pe.why.code == 0 {
		t.Fatalf("%s(%q): message %q", fn, input, msg)
	}
}

func FuzzParseABA(f *testing.F) {
	for _, s := range []string{"915075033", "756392185", "952391102", "011000015", "000000518", "000000000", "", "01100001x", "01100001é", "800000006"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a, err := ParseABA(s)
		want := naiveABA(s)
		if want == nil {
			if err != nil {
				t.Fatalf("ParseABA(%q): %v; the reference accepts it", s, err)
			}
			if a.String() != s {
				t.Fatalf("ParseABA(%q).String() = %q", s, a.String())
			}
			text, _ := a.MarshalText()
			var back ABA
			if err := back.UnmarshalText(text); err != nil || back != a {
				t.Fatalf("round trip of %q: %v, %v", s, back, err)
			}
			d, err := ABACheckDigit(s[:8])
			if err != nil || d != a.CheckDigit() {
				t.Fatalf("ABACheckDigit(%q) = %d, %v; want %d", s[:8], d, err, a.CheckDigit())
			}
			return
		}
		if err == nil {
			t.Fatalf("ParseABA(%q) accepted; the reference says %v", s, want)
		}
		if !a.IsZero() {
			t.Fatalf("ParseABA(%q) returned %v with an error", s, a)
		}
		checkParseError(t, err, "ParseABA", s, want)
	})
}

// naiveLooseBIC cleans s the way ParseBICLoose documents: trim ASCII
// white space, bound the length, drop spaces, upper-case ASCII letters.
func naiveLooseBIC(s string) (string, bool) {
	if len(s) > 4*11+8 {
		return "", false
	}
	s = strings.TrimPrefix(s, "\uFEFF")
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case strings.IndexByte(" \t\n\v\f\r-.", c) >= 0:
			continue
		case 'a' <= c && c <= 'z':
			c -= 'a' - 'A'
		}
		b.WriteByte(c)
	}
	return b.String(), true
}

func FuzzParseBIC(f *testing.F) {
	for _, s := range []string{"CHASUS3AXXX", "BNGRGRAAXXX", "DEUTDEFF", "deut de ff 500", "E097AEXX", "DEUTZZFF", "DEUTDEFé", "", " \t", "DEUT\u00a0DEFF"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		validISO := naiveBIC.MatchString(s)
		var wantISO error = ErrLength
		switch {
		case validISO && iso3166.Known(s[4:6]):
			wantISO = nil
		case validISO:
			wantISO = ErrUnknownCountry
		}
		canonical := s
		if len(s) == 8 {
			canonical += "XXX"
		}

		v, err := ParseBIC(s)
		if wantISO == nil {
			if err != nil || v.String() != canonical {
				t.Fatalf("ParseBIC(%q) = %v, %v; want %s", s, v, err, canonical)
			}
			if back, err := ParseBIC(v.BIC8()); err != nil || back.SameInstitution(v) != true {
				t.Fatalf("ParseBIC(BIC8 of %q) = %v, %v", s, back, err)
			}
		} else {
			if err == nil {
				t.Fatalf("ParseBIC(%q) accepted %v; the reference refuses it", s, v)
			}
			checkParseError(t, err, "ParseBIC", s, wantISO)
		}

		sv, err := ParseBICStrict(s)
		switch {
		case wantISO == nil && naiveBICSW.MatchString(s):
			if err != nil || sv != v {
				t.Fatalf("ParseBICStrict(%q) = %v, %v; want %v", s, sv, err, v)
			}
		case wantISO == nil: // digits in the party prefix
			checkParseError(t, err, "ParseBICStrict", s, ErrCharacter)
		default:
			if err == nil {
				t.Fatalf("ParseBICStrict(%q) accepted what ParseBIC refuses", s)
			}
			var pe *ParseError
			if !errors.As(err, &pe) || pe.Func != "ParseBICStrict" {
				t.Fatalf("ParseBICStrict(%q): %v", s, err)
			}
		}

		lv, err := ParseBICLoose(s)
		clean, ok := naiveLooseBIC(s)
		if ok && naiveBIC.MatchString(clean) && iso3166.Known(clean[4:6]) {
			if err != nil || lv != MustParseBIC(clean) {
				t.Fatalf("ParseBICLoose(%q) = %v, %v; want %s", s, lv, err, clean)
			}
		} else if err == nil {
			t.Fatalf("ParseBICLoose(%q) accepted %v; the reference refuses it", s, lv)
		} else {
			var pe *ParseError
			if !errors.As(err, &pe) || pe.Func != "ParseBICLoose" || pe.Pos < 0 || pe.Pos > len(s) {
				t.Fatalf("ParseBICLoose(%q): %v", s, err)
			}
		}
	})
}

func FuzzParseCanadian(f *testing.F) {
	for _, s := range []string{"02101140", "000112345", "12345-001", "00000-001", "000012345", "123456789", "12345 001", "", "0001１234"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var inst, transit string
		if m := naiveEFT.FindStringSubmatch(s); m != nil {
			inst, transit = m[1], m[2]
		} else if m := naiveMICR.FindStringSubmatch(s); m != nil {
			transit, inst = m[1], m[2]
		}
		valid := inst != "" && inst != "000" && transit != "00000"

		c, err := ParseCanadian(s)
		if !valid {
			if err == nil {
				t.Fatalf("ParseCanadian(%q) accepted %v; the reference refuses it", s, c)
			}
			want := ErrLength // any shape problem
			switch {
			case inst != "":
				want = ErrStructure
			case naiveNine.MatchString(s):
				want = ErrPrefix // nine digits not starting with 0
			}
			checkParseError(t, err, "ParseCanadian", s, want)
			return
		}
		if err != nil {
			t.Fatalf("ParseCanadian(%q): %v; the reference accepts it", s, err)
		}
		if c.Institution() != inst || c.Transit() != transit {
			t.Fatalf("ParseCanadian(%q) = %s/%s, want %s/%s", s, c.Institution(), c.Transit(), inst, transit)
		}
		if c.String() != s && c.MICR() != s {
			t.Fatalf("ParseCanadian(%q): neither form %q nor %q is the input", s, c.String(), c.MICR())
		}
		from, err := CanadianFrom(inst, transit)
		if err != nil || from != c {
			t.Fatalf("CanadianFrom(%q, %q) = %v, %v; want %v", inst, transit, from, err, c)
		}
	})
}

func FuzzCanadianFrom(f *testing.F) {
	f.Add("001", "12345")
	f.Add("000", "12345")
	f.Add("01", "1234x")
	f.Fuzz(func(t *testing.T, inst, transit string) {
		c, err := CanadianFrom(inst, transit)
		if len(inst) != 3 || len(transit) != 5 || !naiveDigits.MatchString(inst+transit) {
			if err == nil {
				t.Fatalf("CanadianFrom(%q, %q) accepted %v", inst, transit, c)
			}
		} else {
			// The electronic form holds the same digits.
			p, perr := ParseCanadian("0" + inst + transit)
			if (err == nil) != (perr == nil) || c != p {
				t.Fatalf("CanadianFrom(%q, %q) = %v, %v; ParseCanadian = %v, %v", inst, transit, c, err, p, perr)
			}
		}
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) || pe.Func != "CanadianFrom" || (pe.UnmaskedInput() != inst && pe.UnmaskedInput() != transit) {
				t.Fatalf("CanadianFrom(%q, %q): %v", inst, transit, err)
			}
			if !strings.HasPrefix(err.Error(), "routing.CanadianFrom("+strconv.QuoteToASCII(inst)+", "+strconv.QuoteToASCII(transit)+"): ") {
				t.Fatalf("message %q", err.Error())
			}
		}
	})
}

// naiveLoose is the shared loose clean-up written out plainly: a leading
// byte-order mark, then ASCII white space, '-' and '.' anywhere, dropped;
// ASCII letters upper-cased. where holds each kept byte's offset in s.
func naiveLoose(s string) (clean string, where []int) {
	i := 0
	if strings.HasPrefix(s, "\uFEFF") {
		i = 3
	}
	var b strings.Builder
	for ; i < len(s); i++ {
		c := s[i]
		if strings.IndexByte(" \t\n\v\f\r-.", c) >= 0 {
			continue
		}
		if 'a' <= c && c <= 'z' {
			c -= 'a' - 'A'
		}
		b.WriteByte(c)
		where = append(where, i)
	}
	return b.String(), where
}

// FuzzParseABALoose: ParseABALoose(s) is ParseABA of the cleaned-up s,
// positions counted in s, within the documented bound.
func FuzzParseABALoose(f *testing.F) {
	for _, s := range []string{"121-000-358", " 121 000 358\n", "121.000.359", "\uFEFF011000015", "121-0x0-358", "", "---", "0210000210123456789"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a, err := ParseABALoose(s)
		if len(s) > 4*9+8 {
			checkParseError(t, err, "ParseABALoose", s, ErrLength)
			return
		}
		clean, where := naiveLoose(s)
		want, werr := ParseABA(clean)
		if werr == nil {
			if err != nil || a != want {
				t.Fatalf("ParseABALoose(%q) = %v, %v; ParseABA(%q) = %v", s, a, err, clean, want)
			}
			return
		}
		var pe *ParseError
		if !errors.As(err, &pe) || pe.Func != "ParseABALoose" || pe.UnmaskedInput() != s {
			t.Fatalf("ParseABALoose(%q) = %v, %v; ParseABA(%q) refuses: %v", s, a, err, clean, werr)
		}
		if i := strings.IndexFunc(clean, func(r rune) bool { return r < '0' || r > '9' }); i >= 0 {
			if pe.Err != ErrCharacter || pe.Pos != where[i]+1 {
				t.Fatalf("ParseABALoose(%q): %v (Pos %d), want the character at %d", s, err, pe.Pos, where[i]+1)
			}
			return
		}
		var strict *ParseError
		errors.As(werr, &strict)
		if pe.Err != strict.Err {
			t.Fatalf("ParseABALoose(%q): %v; ParseABA(%q): %v", s, err, clean, werr)
		}
		if strict.Pos > 0 && pe.Pos != where[strict.Pos-1]+1 {
			t.Fatalf("ParseABALoose(%q): Pos %d, want %d", s, pe.Pos, where[strict.Pos-1]+1)
		}
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
		if len(s) > 4*9+8 {
			checkParseError(t, err, "ParseCanadianLoose", s, ErrLength)
			return
		}
		clean, where := naiveLoose(s)
		var want Canadian
		var werr error = ErrLength
		switch {
		case !naiveDigits.MatchString(clean):
			werr = ErrCharacter
		case len(clean) == 9:
			want, werr = ParseCanadian(clean)
		case len(clean) == 8 && where[5]-where[4] > 1:
			want, werr = ParseCanadian(clean[:5] + "-" + clean[5:])
		}
		if werr == nil {
			if err != nil || c != want {
				t.Fatalf("ParseCanadianLoose(%q) = %v, %v; want %v", s, c, err, want)
			}
			return
		}
		if !errors.Is(err, werr) && !(errors.As(werr, new(*ParseError)) && errors.Is(err, errors.Unwrap(werr))) {
			t.Fatalf("ParseCanadianLoose(%q) = %v, %v; want an error like %v", s, c, err, werr)
		}
		var pe *ParseError
		if !errors.As(err, &pe) || pe.Func != "ParseCanadianLoose" || pe.UnmaskedInput() != s || pe.Pos < 0 || pe.Pos > len(s) {
			t.Fatalf("ParseCanadianLoose(%q): %#v", s, err)
		}
	})
}
