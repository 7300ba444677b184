package clabe

import (
	"errors"
	"fmt"
	"strconv"
	"unicode/utf8"

	"github.com/acctkit/acctkit/internal/ascii"
	"github.com/acctkit/acctkit/internal/checksum"
	"github.com/acctkit/acctkit/internal/mask"
)

// Length is the number of digits in a CLABE.
const Length = 18

// Field widths, in digits, of the parts of a CLABE.
const (
	bankLen    = 3
	plazaLen   = 3
	accountLen = 11
)

// maxLooseLen bounds what ParseLoose looks at: 18 digits with a separator
// between every pair and some surrounding space fit well within it.
const maxLooseLen = 128

// weights are the CLABE control-digit weights, repeated over 17 digits.
var weights = [...]int{3, 7, 1}

// The reasons a parse fails. A *ParseError unwraps to exactly one of them.
var (
	// ErrLength means the input, or one part of it, has the wrong length.
	ErrLength = errors.New("wrong length")
	// ErrCharacter means the input holds a byte that is not an ASCII digit
	// (or, for ParseLoose, a space or hyphen).
	ErrCharacter = errors.New("invalid character")
	// ErrChecksum means the control digit does not match the first 17.
	ErrChecksum = errors.New("check digit mismatch")
	// ErrUnknownBank means the CLABE is well formed and its control digit
	// is right, but its bank code is neither in the built-in catalog nor
	// registered with RegisterBank.
	ErrUnknownBank = errors.New("unknown bank code")
)

// ParseError reports why a string is not a CLABE. It never holds the full
// account number: Input is the input with every byte but the last four
// replaced by '*' (all of them when there are four or fewer); an input
// longer than 32 bytes is cut to "..." and its last 29. For New, the input
// is the bank, plaza and account run together.
type ParseError struct {
	Func  string // the function that failed, without the package: "Parse", "ParseLoose", "New", ...
	Input string // the masked input
	// Pos is the 1-based position of the offending character, or 0 when the
	// error is not about one character. It counts in the input as given
	// (ParseLoose: before spaces and hyphens are removed), and for New and
	// Generate within the part the reason names.
	Pos int
	Err error // ErrLength, ErrCharacter, ErrChecksum or ErrUnknownBank

	reason string
}

// Error returns the function, the quoted masked input and the reason:
// clabe.Parse("**************7779"): check digit is 9, want 1.
func (e *ParseError) Error() string {
	return "clabe." + e.Func + "(" + strconv.Quote(e.Input) + "): " + e.Reason()
}

// Reason returns the message without the function and input, for callers
// that show it beside the value: "check digit is 9, want 1". For a
// ParseError built outside the package it is the sentinel's text.
func (e *ParseError) Reason() string {
	if e.reason == "" && e.Err != nil {
		return e.Err.Error()
	}
	return e.reason
}

// Unwrap returns the sentinel, so errors.Is(err, ErrChecksum) works.
func (e *ParseError) Unwrap() error { return e.Err }

// maxShown bounds ParseError.Input, so a huge input makes a small error.
const maxShown = 32

func maskInput(s string) string {
	if len(s) > maxShown {
		return "..." + mask.Last(s[len(s)-(maxShown-3):], 4)
	}
	return mask.Last(s, 4)
}

func newError(fn, input string, pos int, sentinel error, format string, args ...any) *ParseError {
	return &ParseError{Func: fn, Input: maskInput(input), Pos: pos, Err: sentinel, reason: fmt.Sprintf(format, args...)}
}

// charError reports the character starting at s[i]. It names the character
// itself, never the digits around it; a byte that does not start valid
// UTF-8 is shown in hex.
func charError(fn, input, s string, i int, what, want string) *ParseError {
	r, size := utf8.DecodeRuneInString(s[i:])
	var reason string
	switch {
	case r == utf8.RuneError && size <= 1:
		reason = fmt.Sprintf("invalid byte 0x%02X at position %d%s, want %s", s[i], i+1, what, want)
	case r >= utf8.RuneSelf:
		reason = fmt.Sprintf("invalid character %q (%U) at position %d%s, want %s", r, r, i+1, what, want)
	default:
		reason = fmt.Sprintf("invalid character %q at position %d%s, want %s", r, i+1, what, want)
	}
	return &ParseError{Func: fn, Input: maskInput(input), Pos: i + 1, Err: ErrCharacter, reason: reason}
}

// Parse parses a CLABE in its canonical electronic form: exactly 18 ASCII
// digits, nothing else. It reports, in this order, the first byte among the
// first 18 that is not a digit (ErrCharacter), a length other than 18
// (ErrLength), a wrong control digit (ErrChecksum) and a bank code that is
// neither in the catalog nor registered (ErrUnknownBank). The plaza code is
// never checked against the plaza catalog: an unknown plaza is not an
// error. Parse does not allocate unless it fails.
func Parse(s string) (CLABE, error) {
	return parse("Parse", s, s)
}

// parse checks s, reporting errors against input (what the caller passed,
// which ParseLoose has not yet cleaned).
func parse(fn, input, s string) (CLABE, error) {
	if len(s) != Length {
		return CLABE{}, malformed(fn, input, s)
	}
	lo, hi, sum, ok := fastParse(s)
	if !ok {
		return CLABE{}, malformed(fn, input, s)
	}
	if got, want := int(s[Length-1]-'0'), (10-sum%10)%10; got != want {
		return CLABE{}, newError(fn, input, 0, ErrChecksum, "check digit is %d, want %d", got, want)
	}
	c := CLABE{lo: lo, hi: hi, tail: uint16(s[16]) | uint16(s[17])<<8}
	if !knownBank(c.bank()) {
		// The code is formatted from c, not sliced from s, so that s does not
		// escape and ParseLoose's buffer can stay on the stack.
		return CLABE{}, newError(fn, input, 0, ErrUnknownBank, "unknown bank code %03d", c.bank())
	}
	return c, nil
}

// malformed returns the error for an s that is not 18 digits: the first
// non-digit among the first 18 bytes, else the length.
func malformed(fn, input, s string) *ParseError {
	if i := ascii.IndexNonDigit(s[:min(len(s), Length)]); i >= 0 {
		return charError(fn, input, s, i, "", "an ASCII digit")
	}
	return newError(fn, input, 0, ErrLength, "length is %d, want %d", len(s), Length)
}

// ParseLoose parses a CLABE as people write it: it trims ASCII white space
// from both ends, removes every ASCII space and hyphen, then applies the
// rules of Parse. Errors report positions in s as given, and reject any
// other byte (tabs inside the number, dots, Unicode digits or spaces).
// Inputs longer than 128 bytes are rejected without being read.
func ParseLoose(s string) (CLABE, error) {
	const fn = "ParseLoose"
	if len(s) > maxLooseLen {
		return CLABE{}, newError(fn, s, 0, ErrLength, "length is %d, want %d digits and at most %d bytes with spaces and hyphens", len(s), Length, maxLooseLen)
	}
	lead := 0
	for lead < len(s) && ascii.IsSpace(s[lead]) {
		lead++
	}
	t := ascii.TrimSpace(s[lead:])
	var buf [Length]byte
	n := 0
	for i := 0; i < len(t); i++ {
		switch c := t[i]; {
		case c == ' ' || c == '-':
		case ascii.IsDigit(c):
			if n < Length {
				buf[n] = c
			}
			n++
		default:
			return CLABE{}, charError(fn, s, s, lead+i, "", "an ASCII digit, space or hyphen")
		}
	}
	if n != Length {
		return CLABE{}, newError(fn, s, 0, ErrLength, "has %d digits, want %d", n, Length)
	}
	return parse(fn, s, string(buf[:]))
}

// Validate reports whether s is a CLABE in canonical form, with the error
// Parse would return.
func Validate(s string) error {
	_, err := parse("Validate", s, s)
	return err
}

// MustParse is like Parse but panics on error. It is intended for tests
// and package variables with hard-coded CLABEs.
func MustParse(s string) CLABE {
	c, err := Parse(s)
	if err != nil {
		panic(err)
	}
	return c
}

// CheckDigit returns the control digit for the first 17 digits of a CLABE:
// each digit times its weight (3, 7, 1, 3, 7, 1, ...), each product taken
// modulo 10, summed, and (10 - sum mod 10) mod 10. The errors are
// ErrCharacter and ErrLength.
func CheckDigit(first17 string) (int, error) {
	const fn = "CheckDigit"
	if i := ascii.IndexNonDigit(first17[:min(len(first17), Length-1)]); i >= 0 {
		return 0, charError(fn, first17, first17, i, "", "an ASCII digit")
	}
	if len(first17) != Length-1 {
		return 0, newError(fn, first17, 0, ErrLength, "length is %d, want %d", len(first17), Length-1)
	}
	// Summing the unreduced products gives the same result modulo 10 (see
	// checksum.WeightedSum).
	sum, _ := checksum.WeightedSum(first17, weights[:])
	return (10 - sum%10) % 10, nil
}
