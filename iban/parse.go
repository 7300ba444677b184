package iban

import (
	"github.com/acctkit/acctkit/internal/ascii"
	"github.com/acctkit/acctkit/internal/checksum"
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
	if v := check(s); v != ok {
		return IBAN{}, reject("Parse", s, v)
	}
	return IBAN{s: s}, nil
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
	if v := check(s); v != ok {
		return reject("Validate", s, v)
	}
	return nil
}

// ParseLoose accepts the forms people type and print, with the clean-up
// every acctkit loose parser shares: it drops a leading UTF-8 byte-order
// mark, the paper form's "IBAN " prefix (any case), ASCII white space
// anywhere, '-' and '.', upper-cases ASCII letters, and applies Parse's
// rules to the result. Nothing else is forgiven: no Unicode case folding,
// no other separators. Errors show the input as given (masked) and Pos
// counts in it. To bound the work, input longer than 144 bytes (34
// characters with a three-byte separator between each two, and room for
// the mark and the prefix) is rejected with ErrLength unread.
//
// Input that needs no cleaning (canonical, or canonical with surrounding
// white space) is parsed without allocating and, as with Parse, the IBAN
// then refers to s; otherwise the result owns a fresh copy.
func ParseLoose(s string) (IBAN, error) {
	const fn = "ParseLoose"
	if len(s) > looseLimit {
		return IBAN{}, newError(fn, s, 0, ErrLength, reason{code: codeLooseLimit, n: int32(len(s))})
	}
	if t := ascii.TrimSpace(s); valid(t) {
		return IBAN{s: t}, nil
	}
	var buf [MaxLength]byte
	var at [MaxLength]int
	n := ascii.Clean(buf[:], at[:], s, "IBAN")
	switch {
	case n == 0 && s == "":
		return IBAN{}, newError(fn, s, 0, ErrLength, reason{code: codeEmpty})
	case n == 0:
		return IBAN{}, newError(fn, s, 0, ErrLength, reason{code: codeNothing})
	case n > MaxLength:
		return IBAN{}, newError(fn, s, 0, ErrLength, reason{code: codeTooLong, n: int32(n)})
	}
	clean := string(buf[:n])
	if valid(clean) {
		return IBAN{s: clean}, nil
	}
	pos, w, sentinel := diagnose(clean)
	if pos > 0 {
		pos = at[pos-1] + 1
	}
	return IBAN{}, newError(fn, s, pos, sentinel, w)
}

// looseLimit bounds ParseLoose's work.
var looseLimit = ascii.LooseLimit(MaxLength)

// reject returns the error for s, which check refused with v.
func reject(fn, s string, v verdict) *ParseError {
	if v == badChecksum {
		// The check digits that would fit are worked out from s only
		// if someone reads the message.
		return newError(fn, s, 0, ErrChecksum, reason{code: codeChecksum})
	}
	pos, w, sentinel := diagnose(s)
	return newError(fn, s, pos, sentinel, w)
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

// valid is the whole of Parse for good input.
func valid(s string) bool { return check(s) == ok }

// verdict is check's finding: ok, badChecksum (every rule holds but the
// checksum), or malformed, which diagnose explains.
type verdict uint8

const (
	ok verdict = iota
	badChecksum
	malformed
)

// check applies every rule of Parse to s. It carries no error detail:
// a bad checksum, the common mistake, needs none beyond s itself, and any
// other failure is explained afterwards by diagnose. The work
// is split so nothing is checked twice: the lookup proves the country
// code letters, the block check proves the class of every digit-only and
// letter-only position, and Mod97 rejects any byte that is not an
// upper-case letter or digit.
func check(s string) verdict {
	n := len(s)
	if n < MinLength || n > MaxLength {
		return malformed
	}
	i := index(s[0], s[1])
	if i < 0 || n != specs[i].length {
		return malformed
	}
	d2, d3 := s[2]-'0', s[3]-'0'
	cd := uint64(d2)*10 + uint64(d3)
	if d2 > 9 || d3 > 9 || cd < 2 || cd > 98 {
		return malformed
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
		return malformed
	}
	r, alnum := checksum.Mod97(s[4:])
	if !alnum {
		return malformed
	}
	// The rotated tail, country code then check digits, is four more
	// decimal digits for the letters and two for the check digits.
	cc := uint64(s[0]-'A'+10)*100 + uint64(s[1]-'A'+10)
	if (uint64(r)*1e6+cc*100+cd)%97 != 1 {
		return badChecksum
	}
	return ok
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
// documented order: the position at fault (1-based, 0 for none), the
// sentinel and what the message needs. It formats nothing: the message is
// built only if someone reads it.
func diagnose(s string) (int, reason, error) {
	n := len(s)
	if n == 0 {
		return 0, reason{code: codeEmpty}, ErrLength
	}
	if n > MaxLength {
		return 0, reason{code: codeTooLong, n: int32(n)}, ErrLength
	}
	for i := 0; i < n; i++ {
		if byteClass[s[i]] == 0 {
			return i + 1, reason{code: codeCharacter}, ErrCharacter
		}
	}
	if n < 2 {
		return 0, reason{code: codeShort, n: int32(n)}, ErrLength
	}
	sp, pos, w, sentinel := countryOf(s[:2])
	if sp == nil {
		return pos, w, sentinel
	}
	if n != sp.length {
		return 0, reason{code: codeLengthFor, n: int32(n), m: int32(specIndex(sp))}, ErrLength
	}
	for i := 2; i < 4; i++ {
		if byteClass[s[i]] != classDigit {
			return i + 1, reason{code: codeCheckClass}, ErrStructure
		}
	}
	if i := misfit(sp, s[4:]); i >= 0 {
		return 4 + i + 1, reason{code: codeStructure, n: int32(i), m: int32(specIndex(sp))}, ErrStructure
	}
	cd := int(s[2]-'0')*10 + int(s[3]-'0')
	if cd < 2 || cd > 98 {
		return 3, reason{code: codeImpossible, n: int32(cd)}, ErrCheckDigits
	}
	return 0, reason{code: codeChecksum, n: int32(cd), m: int32(checkDigitsFor(s[:2], s[4:]))}, ErrChecksum
}

// checkDigitsFor returns the check digits that complete country code cc
// and bban, which hold only upper-case letters and digits.
func checkDigitsFor(cc, bban string) int {
	r, _ := checksum.Mod97(bban)
	r, _ = checksum.Mod97From(r, cc)
	return 98 - r*100%97
}

func specIndex(sp *spec) int { return index(sp.code[0], sp.code[1]) }

// countryOf returns the spec for cc, whose bytes are upper-case letters
// or digits, or what the error says about it.
func countryOf(cc string) (*spec, int, reason, error) {
	for i := 0; i < 2; i++ {
		if byteClass[cc[i]] != classLetter {
			return nil, i + 1, reason{code: codeCountryClass}, ErrStructure
		}
	}
	if sp := lookupCode(cc); sp != nil {
		return sp, 0, reason{}, nil
	}
	return nil, 0, reason{code: codeCountry, n: int32(int(cc[0])<<8 | int(cc[1]))}, ErrUnknownCountry
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
