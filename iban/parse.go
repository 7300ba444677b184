package iban

import (
	"fmt"
	"strings"

	"github.com/acctkit/acctkit/internal/ascii"
	"github.com/acctkit/acctkit/internal/checksum"
	"github.com/acctkit/acctkit/internal/iso3166"
)

// Parse parses an IBAN in the electronic format: upper-case ASCII letters
// and digits only, no spaces ("DE89370400440532013000"). An empty input or
// one longer than any IBAN (34 bytes) is an ErrLength before anything else,
// which bounds the work. Then it checks, in this order, that every byte is
// an upper-case letter or digit (ErrCharacter),
// that the country code has IBANs (ErrUnknownCountry), the length for that
// country (ErrLength), the class of every position (ErrStructure), that the
// check digits are 02 to 98 (ErrCheckDigits) and the MOD 97-10 checksum
// (ErrChecksum). The error is a *ParseError.
//
// The IBAN keeps a reference to s instead of copying it, which is what
// makes Parse allocation-free. If s is a slice of a much larger string
// (a field cut out of a file kept in memory), the whole string stays
// reachable while the IBAN is; pass strings.Clone(s) in that case.
func Parse(s string) (IBAN, error) {
	if valid(s) {
		return IBAN{s: s}, nil
	}
	return IBAN{}, diagnose("Parse", s)
}

// MustParse is Parse for hard-coded IBANs in tests and package variables:
// it panics if s is not a valid IBAN.
func MustParse(s string) IBAN {
	x, err := Parse(s)
	if err != nil {
		panic(err)
	}
	return x
}

// Validate reports whether s is an IBAN in the electronic format, with the
// same checks and errors as Parse, without building a value.
func Validate(s string) error {
	if valid(s) {
		return nil
	}
	return diagnose("Validate", s)
}

// ParseLoose accepts the forms people type and print: it trims surrounding
// ASCII white space, removes ASCII spaces, tabs, '-' and '.', upper-cases
// ASCII letters, and applies Parse's rules to the result. Nothing else is
// forgiven: no Unicode case folding, no other separators, no other white
// space inside. Errors describe the cleaned-up string (Input shows it
// masked; Pos counts in it). To bound the work, more than 133 bytes left
// after trimming (34 characters with a three-byte separator between each
// two) is rejected with ErrLength before any clean-up.
//
// Input that needs no cleaning (canonical, or canonical with surrounding
// white space) is parsed without allocating and, as with Parse, the IBAN
// then refers to s; otherwise the result owns a fresh copy.
func ParseLoose(s string) (IBAN, error) {
	t := ascii.TrimSpace(s)
	if valid(t) {
		return IBAN{s: t}, nil
	}
	if len(t) > maxLoose {
		return IBAN{}, newError("ParseLoose", t, 0, ErrLength, fmt.Sprintf("input is %d bytes, too long for an IBAN even with separators", len(t)))
	}
	var buf [MaxLength]byte
	n := 0
	for i := 0; i < len(t); i++ {
		c := t[i]
		if isSeparator(c) {
			continue
		}
		if n == len(buf) {
			n = -1 // longer than any IBAN: diagnose below
			break
		}
		buf[n] = ascii.ToUpper(c)
		n++
	}
	if n >= 0 {
		clean := string(buf[:n])
		if valid(clean) {
			return IBAN{s: clean}, nil
		}
		if clean == "" && s != "" {
			return IBAN{}, newError("ParseLoose", "", 0, ErrLength, "nothing left after removing spaces and separators")
		}
		return IBAN{}, diagnose("ParseLoose", clean)
	}
	return IBAN{}, diagnose("ParseLoose", cleanAll(t))
}

// maxLoose bounds ParseLoose's work: the longest IBAN with a separator of
// up to three bytes (" - ") between every two characters.
const maxLoose = 4*MaxLength - 3

func isSeparator(c byte) bool { return c == ' ' || c == '\t' || c == '-' || c == '.' }

// cleanAll is ParseLoose's clean-up without the IBAN length bound, for the
// error of an input too long to be one.
func cleanAll(t string) string {
	var b strings.Builder
	for i := 0; i < len(t); i++ {
		if c := t[i]; !isSeparator(c) {
			b.WriteByte(ascii.ToUpper(c))
		}
	}
	return b.String()
}

// byteClass is classDigit for '0'..'9', classLetter for 'A'..'Z', 0 for
// every other byte. diagnose uses it; valid has a word-at-a-time version.
var byteClass = func() (t [256]uint8) {
	for c := '0'; c <= '9'; c++ {
		t[c] = classDigit
	}
	for c := 'A'; c <= 'Z'; c++ {
		t[c] = classLetter
	}
	return t
}()

const (
	classDigit  = 1
	classLetter = 2
)

// valid is the whole of Parse for good input. Any failure is explained
// afterwards by diagnose, so this path carries no error detail. The work
// is split so nothing is checked twice: the lookup proves the country
// code letters, the block check proves the class of every digit-only and
// letter-only position, and Mod97 rejects any byte that is not an
// upper-case letter or digit.
func valid(s string) bool {
	n := len(s)
	if n < MinLength || n > MaxLength {
		return false
	}
	i := index(s[0], s[1])
	if i < 0 || n != specs[i].length {
		return false
	}
	d2, d3 := s[2]-'0', s[3]-'0'
	cd := uint64(d2)*10 + uint64(d3)
	if d2 > 9 || d3 > 9 || cd < 2 || cd > 98 {
		return false
	}
	// Eight bytes at a time: the blocks at 0, 8, 16, 24 that fit, then
	// the last eight bytes if they are not already covered.
	ln := &specLanes[i]
	var bad uint64
	k, off := 0, 0
	for ; off+8 <= n; off += 8 {
		bad |= badLanes(load8(s, off), ln[k])
		k++
	}
	if off < n {
		bad |= badLanes(load8(s, n-8), ln[k])
	}
	if bad&hi8 != 0 {
		return false
	}
	r, ok := checksum.Mod97(s[4:])
	// The rotated tail, country code then check digits, is four more
	// decimal digits for the letters and two for the check digits.
	cc := uint64(s[0]-'A'+10)*100 + uint64(s[1]-'A'+10)
	return ok && (uint64(r)*1e6+cc*100+cd)%97 == 1
}

// allowed is, for one block of eight IBAN positions, the range each
// byte's low seven bits must fall in: lo <= b < hi, byte by byte. Only
// digit-only ('0' to '9') and letter-only ('A' to 'Z') positions are
// limited; the rest of what makes a byte acceptable is Mod97's to check.
type allowed struct{ lo, hi uint64 }

// specLanes holds each country's allowed ranges for the blocks valid
// reads, derived once from the generated structure classes.
var specLanes = func() (t [len(specs)][5]allowed) {
	for i := range specs {
		sp := &specs[i]
		classes := "aann" + sp.classes
		k, off := 0, 0
		for ; off+8 <= sp.length; off += 8 {
			t[i][k] = blockAllowed(classes[off : off+8])
			k++
		}
		if off < sp.length {
			t[i][k] = blockAllowed(classes[sp.length-8:])
		}
	}
	return t
}()

func blockAllowed(classes string) (a allowed) {
	for j := 0; j < 8; j++ {
		lo, hi := uint64(0), uint64(0x80)
		switch classes[j] {
		case 'n':
			lo, hi = '0', '9'+1
		case 'a':
			lo, hi = 'A', 'Z'+1
		}
		a.lo |= lo << (8 * j)
		a.hi |= hi << (8 * j)
	}
	return a
}

// badLanes returns 0x80 in each byte of x whose low seven bits are outside
// its allowed range. (b|0x80) - k keeps its high bit exactly when the low
// seven bits of b are at least k, and cannot borrow from the next byte.
// Only the high bit of each byte is meaningful.
func badLanes(x uint64, a allowed) uint64 {
	y := x | hi8
	return hi8 &^ ((y - a.lo) &^ (y - a.hi))
}

const (
	lo8 = 0x0101010101010101
	hi8 = 0x8080808080808080
)

// load8 reads s[i:i+8] as a little-endian word: s[i] is the low byte.
func load8(s string, i int) uint64 {
	b := s[i : i+8] // one bounds check; the compiler merges the loads
	return uint64(b[0]) | uint64(b[1])<<8 | uint64(b[2])<<16 | uint64(b[3])<<24 |
		uint64(b[4])<<32 | uint64(b[5])<<40 | uint64(b[6])<<48 | uint64(b[7])<<56
}

// diagnose explains why valid rejected s, applying the checks in the
// documented order.
func diagnose(fn, s string) *ParseError {
	n := len(s)
	if n == 0 {
		return newError(fn, s, 0, ErrLength, "empty")
	}
	if n > MaxLength {
		return newError(fn, s, 0, ErrLength, fmt.Sprintf("length is %d, want at most %d", n, MaxLength))
	}
	for i := 0; i < n; i++ {
		if byteClass[s[i]] == 0 {
			return newError(fn, s, i+1, ErrCharacter, describeByte(s[i])+fmt.Sprintf(" at position %d", i+1))
		}
	}
	if n < 2 {
		return newError(fn, s, 0, ErrLength, fmt.Sprintf("length is %d, want %d to %d", n, MinLength, MaxLength))
	}
	sp, err := countryOf(fn, s, s[:2])
	if err != nil {
		return err
	}
	if n != sp.length {
		return newError(fn, s, 0, ErrLength, fmt.Sprintf("length is %d, want %d for %s", n, sp.length, sp.code))
	}
	for i := 2; i < 4; i++ {
		if byteClass[s[i]] != classDigit {
			return newError(fn, s, i+1, ErrStructure, fmt.Sprintf("%q at position %d, want a digit (check digits)", rune(s[i]), i+1))
		}
	}
	if err := structureError(fn, s, s[4:], 4, sp); err != nil {
		return err
	}
	if cd := s[2:4]; cd == "00" || cd == "01" || cd == "99" {
		return newError(fn, s, 3, ErrCheckDigits, fmt.Sprintf("check digits %q are never valid (want 02 to 98)", cd))
	}
	r, _ := checksum.Mod97(s[4:])
	r, _ = checksum.Mod97From(r, s[:4])
	return newError(fn, s, 0, ErrChecksum, fmt.Sprintf("check digits do not match (mod 97 = %d)", r))
}

// countryOf returns the spec for cc, the first two bytes of checked, or
// the error that says why there is none. The bytes of cc are already known
// to be upper-case letters or digits.
func countryOf(fn, checked, cc string) (*spec, *ParseError) {
	for i := 0; i < 2; i++ {
		if byteClass[cc[i]] != classLetter {
			return nil, newError(fn, checked, i+1, ErrStructure, fmt.Sprintf("%q at position %d, want a letter (country code)", rune(cc[i]), i+1))
		}
	}
	if sp := lookupCode(cc); sp != nil {
		return sp, nil
	}
	if name := iso3166.Name(cc); name != "" {
		return nil, newError(fn, checked, 0, ErrUnknownCountry, fmt.Sprintf("no IBAN for country code %q (%s)", cc, name))
	}
	return nil, newError(fn, checked, 0, ErrUnknownCountry, fmt.Sprintf("unknown country code %q", cc))
}

// misfit returns the first BBAN offset whose character is not of the
// class the country's structure wants there, or -1.
func misfit(sp *spec, bban string) int {
	for i := 0; i < len(bban); i++ {
		c := byteClass[bban[i]]
		switch sp.classes[i] {
		case 'n':
			if c != classDigit {
				return i
			}
		case 'a':
			if c != classLetter {
				return i
			}
		default:
			if c == 0 {
				return i
			}
		}
	}
	return -1
}

var classNames = map[byte]string{'n': "a digit", 'a': "a letter", 'c': "a letter or digit"}

// structureError reports the first BBAN position whose class is wrong, or
// nil; bban starts at offset off of checked.
func structureError(fn, checked, bban string, off int, sp *spec) *ParseError {
	i := misfit(sp, bban)
	if i < 0 {
		return nil
	}
	pos := off + i + 1
	return newError(fn, checked, pos, ErrStructure, fmt.Sprintf("%q at position %d, want %s (BBAN position %d in %s %s)",
		rune(bban[i]), pos, classNames[sp.classes[i]], i+1, sp.code, sp.structure))
}

func describeByte(c byte) string {
	switch {
	case c >= 0x80:
		return fmt.Sprintf("non-ASCII byte %#02x", c)
	case ascii.IsLower(c):
		return fmt.Sprintf("lower-case letter %q", rune(c))
	}
	return fmt.Sprintf("invalid character %q", rune(c))
}
