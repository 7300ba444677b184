package routing

import (
	"errors"
	"fmt"
	"strconv"

	"github.com/acctkit/acctkit/internal/ascii"
	"github.com/acctkit/acctkit/internal/mask"
)

// The reasons a *ParseError unwraps to. Malformed values (length,
// character, checksum, structure) and well-formed values that name
// something unassigned (prefix, country) are distinct sentinels.
var (
	// ErrLength: the value has the wrong number of characters.
	ErrLength = errors.New("wrong length")
	// ErrCharacter: a byte is not allowed where it stands (including
	// any non-ASCII byte and, in the strict parsers, lower case).
	ErrCharacter = errors.New("invalid character")
	// ErrChecksum: an ABA routing number whose 3-7-1 check digit is wrong.
	ErrChecksum = errors.New("check digits do not match")
	// ErrPrefix: the leading digits are not an assigned prefix: an ABA
	// Federal Reserve routing symbol outside 00-12, 21-32, 61-72 and 80,
	// or a Canadian electronic routing number not starting with 0.
	ErrPrefix = errors.New("invalid prefix")
	// ErrUnknownCountry: a BIC country code that is not an assigned
	// ISO 3166-1 alpha-2 code (or XK, Kosovo).
	ErrUnknownCountry = errors.New("unknown country code")
	// ErrStructure: every character is allowed but the value as a whole
	// is not an identifier, such as an all-zero routing number or transit.
	ErrStructure = errors.New("wrong structure")
)

// ParseError reports why a string is not a valid routing identifier.
// Routing numbers and BICs name institutions, not accounts, and are
// printed on cheques and published in directories, so an input no longer
// than the identifier is shown as given, not masked. A longer one (a
// routing number and an account number pasted into one field, a CLABE in
// an ABA field) is shown as "..." and its last four bytes, because it may
// carry an account number.
type ParseError struct {
	Func  string // the function that failed: "ParseABA", "ParseBIC", ...
	Input string // the input as shown; for CanadianFrom, the argument at fault
	// Pos is the 1-based byte position of the character at fault in the
	// input as given (for the loose parsers too: before the clean-up), or
	// 0 when the error is about the whole value, such as its length.
	Pos int
	Err error // one of the sentinels above

	raw  string // the input, as given
	why  reason // the message, built when asked for
	call string // set by CanadianFrom: its argument list, shown instead of Input
	buf  mask.Buf
}

// reason is what a message needs beyond the error's fields: rejecting a
// value allocates the *ParseError and nothing else, and the text is only
// formatted when Error or Reason is called.
type reason struct {
	code       why
	n, m       int
	txt, extra string // static texts the code's message uses
}

type why uint8

const (
	codeText       why = iota + 1 // txt is the message
	codeLength                    // n: length; txt: what is wanted
	codeCharacter                 // at Pos; txt: what is wanted there, if known; extra: a hint
	codeChecksum                  // n: the check digit; m: the one that fits
	codeSymbol                    // n: the ABA routing symbol
	codeCanadian0                 // n: the first digit of an electronic form
	codeCountry                   // n: the two letters, c0<<8 | c1
	codeBICChar                   // at Pos; n: the BIC offset; txt: what is wanted; extra: a hint
	codeDigits                    // n: digits left after a loose clean-up; txt: what is wanted
	codeLooseLimit                // n: bytes; m: the most a loose parser reads
)

// Error returns, for example,
// routing.ParseABA("915075033"): check digit is 3, want 6.
func (e *ParseError) Error() string {
	args := e.call
	if args == "" {
		args = strconv.QuoteToASCII(e.Input)
	}
	return "routing." + e.Func + "(" + args + "): " + e.Reason()
}

// Reason returns the message without the function and input, for callers
// that show the input beside it (forms, CLI output): "check digit is 3,
// want 6". For a ParseError built outside the package it is the
// sentinel's text.
func (e *ParseError) Reason() string {
	w := e.why
	switch w.code {
	case codeText:
		return w.txt
	case codeLength:
		return fmt.Sprintf("length is %d, want %s", w.n, w.txt) + w.extra
	case codeCharacter:
		d := ascii.Describe(e.raw, e.Pos-1) + " at position " + strconv.Itoa(e.Pos)
		if w.txt != "" {
			d += ", want " + w.txt
		}
		return d + w.extra
	case codeChecksum:
		return fmt.Sprintf("check digit is %d, want %d", w.n, w.m)
	case codeSymbol:
		return fmt.Sprintf("Federal Reserve routing symbol %02d is not 00-12, 21-32, 61-72 or 80", w.n)
	case codeCanadian0:
		return fmt.Sprintf("the electronic form 0IIITTTTT starts with 0, not %d", w.n)
	case codeCountry:
		cc := string([]byte{byte(w.n >> 8), byte(w.n)})
		return fmt.Sprintf("%q at position %d is not an ISO 3166-1 alpha-2 code", cc, e.Pos)
	case codeBICChar:
		return ascii.Describe(e.raw, e.Pos-1) + " at position " + strconv.Itoa(e.Pos) +
			" in the " + bicField(w.n) + ", want " + w.txt + w.extra
	case codeDigits:
		return fmt.Sprintf("has %d characters after removing white space and separators, want %s", w.n, w.txt)
	case codeLooseLimit:
		return fmt.Sprintf("input is %d bytes, more than the loose parser reads (%d)", w.n, w.m)
	}
	if e.Err != nil {
		return e.Err.Error()
	}
	return "invalid"
}

// Unwrap returns the sentinel, so errors.Is(err, ErrChecksum) works.
func (e *ParseError) Unwrap() error { return e.Err }

// UnmaskedInput returns the input in full, for callers that need it where
// Input is shortened.
func (e *ParseError) UnmaskedInput() string { return e.raw }

// newError returns the error for input, given to a parser of identifiers
// of at most maxLen characters.
func newError(fn, input string, maxLen, pos int, sentinel error, w reason) *ParseError {
	e := &ParseError{Func: fn, Pos: pos, Err: sentinel, raw: input, why: w}
	e.Input = mask.Public.ErrorInput(&e.buf, input, maxLen)
	return e
}

// wrongLength returns the error for an input of the wrong length. want
// completes "want ...". A non-ASCII byte near the start is reported
// instead, because a multi-byte character makes the length misleading.
func wrongLength(fn, s string, maxLen int, want string) *ParseError {
	if i := ascii.IndexNonASCII(s[:min(len(s), scanLimit)]); i >= 0 {
		return badChar(fn, s, maxLen, i, "")
	}
	return newError(fn, s, maxLen, 0, ErrLength, reason{code: codeLength, n: len(s), txt: want})
}

// scanLimit bounds the search for a non-ASCII byte in an input of the
// wrong length: far longer than any routing identifier, so a stray
// multi-byte character is reported as such rather than as a length.
const scanLimit = 64

// badChar returns the ErrCharacter error for s[i] (0-based); want, when
// not empty, says what is allowed there.
func badChar(fn, s string, maxLen, i int, want string) *ParseError {
	return newError(fn, s, maxLen, i+1, ErrCharacter, reason{code: codeCharacter, txt: want})
}

// looseClean applies the clean-up every loose parser shares (see
// ascii.Clean) to s, the input of a parser of identifiers of at most
// maxLen characters: the number of bytes kept, stored in dst with their
// offsets in at. Both must hold ascii.LooseLimit(maxLen) bytes; a longer
// input is rejected unread.
func looseClean(fn, s string, maxLen int, dst []byte, at []int) (int, *ParseError) {
	if limit := ascii.LooseLimit(maxLen); len(s) > limit {
		return 0, newError(fn, s, maxLen, 0, ErrLength, reason{code: codeLooseLimit, n: len(s), m: limit})
	}
	return ascii.Clean(dst, at, s, ""), nil
}

// looseError returns the error for s, whose n cleaned bytes (offsets in
// at) failed with pos (1-based in the cleaned value, 0 for none). The
// input is shown as given when the clean-up leaves no more than an
// identifier's worth of characters.
func looseError(fn, s string, n, maxLen int, at []int, pos int, sentinel error, w reason) *ParseError {
	if pos > 0 {
		pos = at[pos-1] + 1
	}
	shown := maxLen
	if n <= maxLen {
		shown = len(s)
	}
	return newError(fn, s, shown, pos, sentinel, w)
}
