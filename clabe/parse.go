package clabe

import (
	"errors"
	"fmt"
	"strconv"

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

// weights are the CLABE control-digit weights, repeated over 17 digits.
var weights = [...]int{3, 7, 1}

// The reasons a parse fails. A *ParseError unwraps to exactly one of them.
var (
	// ErrLength means the input, or one part of it, has the wrong length.
	ErrLength = errors.New("wrong length")
	// ErrCharacter means the input holds a byte that is not an ASCII digit
	// (or, for ParseLoose, a separator it removes).
	ErrCharacter = errors.New("invalid character")
	// ErrChecksum means the control digit does not match the first 17.
	ErrChecksum = errors.New("check digits do not match")
	// ErrUnknownBank means the CLABE is well formed and its control digit
	// is right, but its bank code is neither in the built-in catalog nor
	// registered with RegisterBank.
	ErrUnknownBank = errors.New("unknown bank code")
)

// ParseError reports why a string is not a CLABE. It never holds the full
// account number: Input is the input with every byte but the last four
// replaced by '*' (all of them when there are four or fewer), and an
// input longer than a CLABE is shown as "..." and its last four bytes. For
// New and Generate, the input is the bank, plaza and account run together.
type ParseError struct {
	Func  string // the function that failed, without the package: "Parse", "ParseLoose", "New", ...
	Input string // the masked input
	// Pos is the 1-based position of the offending character, or 0 when the
	// error is not about one character. It counts in the input as given
	// (ParseLoose: before the clean-up), and for New and Generate within
	// the part the reason names.
	Pos int
	Err error // ErrLength, ErrCharacter, ErrChecksum or ErrUnknownBank

	raw string // the input, unmasked
	why reason // the message, built when asked for
	buf mask.Buf
}

// reason is what a message needs beyond the error's fields: rejecting a
// value allocates the *ParseError and nothing else, and the text is only
// formatted when Error or Reason is called.
type reason struct {
	code      why
	n, m      int
	what, txt string // static texts the code's message uses
}

type why uint8

const (
	codeText        why = iota + 1 // txt is the message
	codeCharacter                  // at Pos (within the part at raw offset n); what: the part; txt: what is wanted
	codeLength                     // n: length; m: the length wanted
	codeLooseLimit                 // n: bytes
	codeDigits                     // n: digits left after ParseLoose's clean-up
	codeChecksum                   // n: the control digit; m: the one that fits
	codeUnknownBank                // n: the bank code
)

// Error returns the function, the quoted masked input and the reason:
// clabe.Parse("**************7779"): check digit is 9, want 1.
func (e *ParseError) Error() string {
	return "clabe." + e.Func + "(" + strconv.QuoteToASCII(e.Input) + "): " + e.Reason()
}

// Reason returns the message without the function and input, for callers
// that show it beside the value: "check digit is 9, want 1". For a
// ParseError built outside the package it is the sentinel's text.
func (e *ParseError) Reason() string {
	w := e.why
	switch w.code {
	case codeText:
		return w.txt
	case codeCharacter:
		return ascii.Describe(e.raw, w.n+e.Pos-1) + " at position " + strconv.Itoa(e.Pos) + w.what + ", want " + w.txt
	case codeLength:
		return fmt.Sprintf("length is %d, want %d", w.n, w.m)
	case codeLooseLimit:
		return fmt.Sprintf("input is %d bytes, more than the loose parser reads (%d)", w.n, looseLimit)
	case codeDigits:
		return fmt.Sprintf("has %d characters after removing white space and separators, want %d digits", w.n, Length)
	case codeChecksum:
		return fmt.Sprintf("check digit is %d, want %d", w.n, w.m)
	case codeUnknownBank:
		return fmt.Sprintf("unknown bank code %03d", w.n)
	}
	if e.Err != nil {
		return e.Err.Error()
	}
	return "invalid"
}

// Unwrap returns the sentinel, so errors.Is(err, ErrChecksum) works.
func (e *ParseError) Unwrap() error { return e.Err }

// UnmaskedInput returns the input in full. It is an account number: keep
// it out of logs.
func (e *ParseError) UnmaskedInput() string { return e.raw }

func textf(format string, args ...any) reason {
	return reason{code: codeText, txt: fmt.Sprintf(format, args...)}
}

func newError(fn, input string, pos int, sentinel error, w reason) *ParseError {
	e := &ParseError{Func: fn, Pos: pos, Err: sentinel, raw: input, why: w}
	e.Input = mask.Account.ErrorInput(&e.buf, input, Length)
	return e
}

// charError reports the byte at offset i of the part at offset off of
// input: what names the part for New (" of the bank code"), want says what
// is allowed.
func charError(fn, input string, off, i int, what, want string) *ParseError {
	return newError(fn, input, i+1, ErrCharacter, reason{code: codeCharacter, n: off, what: what, txt: want})
}

// Parse parses a CLABE in its canonical electronic form: exactly 18 ASCII
// digits, nothing else. It reports, in this order, the first byte among the
// first 18 that is not a digit (ErrCharacter), a length other than 18
// (ErrLength), a wrong control digit (ErrChecksum) and a bank code that is
// neither in the catalog nor registered (ErrUnknownBank). The plaza code is
// never checked against the plaza catalog: an unknown plaza is not an
// error. Parse does not allocate unless it fails.
func Parse(s string) (CLABE, error) {
	return parse("Parse", s)
}

// parse checks s, the input as given.
func parse(fn, s string) (CLABE, error) {
	c, pos, w, sentinel := check(s)
	if sentinel != nil {
		return CLABE{}, newError(fn, s, pos, sentinel, w)
	}
	return c, nil
}

// check applies Parse's rules to s: the CLABE, or the position at fault
// (1-based, 0 for none), the sentinel and what the message needs. It
// builds no error, so ParseLoose can report against its own input.
func check(s string) (CLABE, int, reason, error) {
	if len(s) != Length {
		return malformed(s)
	}
	lo, hi, sum, ok := fastParse(s)
	if !ok {
		return malformed(s)
	}
	if got, want := int(s[Length-1]-'0'), (10-sum%10)%10; got != want {
		return CLABE{}, 0, reason{code: codeChecksum, n: got, m: want}, ErrChecksum
	}
	c := CLABE{lo: lo, hi: hi, tail: uint16(s[16]) | uint16(s[17])<<8}
	if !knownBank(c.bank()) {
		return CLABE{}, 0, reason{code: codeUnknownBank, n: c.bank()}, ErrUnknownBank
	}
	return c, 0, reason{}, nil
}

// malformed explains an s that is not 18 digits: the first non-digit
// among the first 18 bytes, else the length.
func malformed(s string) (CLABE, int, reason, error) {
	if i := ascii.IndexNonDigit(s[:min(len(s), Length)]); i >= 0 {
		return CLABE{}, i + 1, reason{code: codeCharacter, txt: "a digit"}, ErrCharacter
	}
	return CLABE{}, 0, reason{code: codeLength, n: len(s), m: Length}, ErrLength
}

// looseLimit bounds what ParseLoose reads.
var looseLimit = ascii.LooseLimit(Length)

// ParseLoose parses a CLABE as people write it, with the clean-up every
// acctkit loose parser shares: it drops a leading UTF-8 byte-order mark,
// ASCII white space anywhere, '-' and '.', then applies the rules of
// Parse. Any other byte (a letter, a Unicode digit or space) is an
// ErrCharacter; errors show the input as given (masked) and Pos counts in
// it. Inputs longer than 80 bytes are rejected unread.
func ParseLoose(s string) (CLABE, error) {
	const fn = "ParseLoose"
	if len(s) > looseLimit {
		return CLABE{}, newError(fn, s, 0, ErrLength, reason{code: codeLooseLimit, n: len(s)})
	}
	var buf [maxLoose]byte
	var at [maxLoose]int
	n := ascii.Clean(buf[:], at[:], s, "")
	if i := ascii.IndexNonDigit(string(buf[:n])); i >= 0 {
		return CLABE{}, newError(fn, s, at[i]+1, ErrCharacter, reason{code: codeCharacter, txt: "a digit or a separator"})
	}
	if n != Length {
		return CLABE{}, newError(fn, s, 0, ErrLength, reason{code: codeDigits, n: n})
	}
	c, _, w, sentinel := check(string(buf[:n]))
	if sentinel != nil {
		return CLABE{}, newError(fn, s, 0, sentinel, w)
	}
	return c, nil
}

// maxLoose is looseLimit as a constant, for ParseLoose's buffers.
const maxLoose = 4*Length + 8

// Validate reports whether s is a CLABE in canonical form, with the error
// Parse would return.
func Validate(s string) error {
	_, err := parse("Validate", s)
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
		return 0, charError(fn, first17, 0, i, "", "a digit")
	}
	if len(first17) != Length-1 {
		return 0, newError(fn, first17, 0, ErrLength, reason{code: codeLength, n: len(first17), m: Length - 1})
	}
	// Summing the unreduced products gives the same result modulo 10 (see
	// checksum.WeightedSum).
	sum, _ := checksum.WeightedSum(first17, weights[:])
	return (10 - sum%10) % 10, nil
}
