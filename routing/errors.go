package routing

import (
	"errors"
	"fmt"
	"strconv"
	"unicode/utf8"
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
	ErrChecksum = errors.New("checksum failed")
	// ErrPrefix: the leading digits are not an assigned prefix: an ABA
	// Federal Reserve routing symbol outside 00-12, 21-32, 61-72 and 80,
	// or a Canadian electronic routing number not starting with 0.
	ErrPrefix = errors.New("invalid prefix")
	// ErrUnknownCountry: a BIC country code that is not an assigned
	// ISO 3166-1 alpha-2 code (or XK, Kosovo).
	ErrUnknownCountry = errors.New("unknown country code")
	// ErrStructure: every character is allowed but the value as a whole
	// is not an identifier, such as an all-zero routing number or transit.
	ErrStructure = errors.New("invalid structure")
)

// ParseError reports why a string is not a valid routing identifier.
// Routing numbers and BICs name institutions, not accounts, and are
// printed on cheques and published in directories, so the input is kept
// and shown as given, not masked.
type ParseError struct {
	Func  string // the function that failed: "ParseABA", "ParseBIC", ...
	Input string // the text at fault; for CanadianFrom, the argument at fault
	// Pos is the 1-based byte position in Input of the character at fault
	// (the first of the part at fault, for a prefix or an all-zero part),
	// or 0 when the error is about the whole value, such as its length.
	Pos int
	Err error // one of the sentinels above

	detail string // what exactly is wrong, for people: "check digit is 3, want 6"
	call   string // set by CanadianFrom: its argument list, shown instead of Input
}

// maxShown bounds how much of a long input an error message quotes.
const maxShown = 40

// Error returns, for example,
// routing.ParseABA("915075033"): checksum failed: check digit is 3, want 6.
func (e *ParseError) Error() string {
	args := e.call
	if args == "" {
		args = quoteInput(e.Input)
	}
	return "routing." + e.Func + "(" + args + "): " + e.Reason()
}

// Reason returns the message without the function and input, for callers
// that show the input beside it (forms, CLI output): "checksum failed:
// check digit is 3, want 6".
func (e *ParseError) Reason() string {
	reason := "invalid"
	if e.Err != nil {
		reason = e.Err.Error()
	}
	if e.detail == "" {
		return reason
	}
	return reason + ": " + e.detail
}

// Unwrap returns the sentinel, so errors.Is(err, ErrChecksum) works.
func (e *ParseError) Unwrap() error { return e.Err }

func quoteInput(s string) string {
	if len(s) <= maxShown {
		return strconv.Quote(s)
	}
	return strconv.Quote(s[:maxShown]) + "..."
}

// scanLimit bounds the search for a non-ASCII byte in an input of the
// wrong length: far longer than any routing identifier, so a stray
// multi-byte character is reported as such rather than as a length.
const scanLimit = 64

// wrongLength returns the error for an input of the wrong length. want
// completes "want ...". A non-ASCII byte near the start is reported
// instead, because a multi-byte character makes the length misleading.
func wrongLength(fn, s, want string) *ParseError {
	n := min(len(s), scanLimit)
	for i := range n {
		if s[i] >= utf8.RuneSelf {
			return badChar(fn, s, i, "")
		}
	}
	unit := "characters"
	if len(s) > scanLimit {
		unit = "bytes" // not all checked to be ASCII
	}
	return &ParseError{Func: fn, Input: s, Err: ErrLength,
		detail: fmt.Sprintf("%d %s, want %s", len(s), unit, want)}
}

// badChar returns the ErrCharacter error for s[i] (0-based); want, when
// not empty, says what is allowed there.
func badChar(fn, s string, i int, want string) *ParseError {
	d := describeByte(s, i) + " at position " + strconv.Itoa(i+1)
	if want != "" {
		d += ", want " + want
	}
	return &ParseError{Func: fn, Input: s, Pos: i + 1, Err: ErrCharacter, detail: d}
}

// describeByte names s[i] for a message: 'x', '\t', non-ASCII 'é' (U+00E9),
// or byte 0xff when it does not start valid UTF-8.
func describeByte(s string, i int) string {
	c := s[i]
	if c < utf8.RuneSelf {
		return strconv.QuoteRuneToASCII(rune(c))
	}
	r, size := utf8.DecodeRuneInString(s[i:])
	if r == utf8.RuneError && size <= 1 {
		return fmt.Sprintf("byte 0x%02x", c)
	}
	return fmt.Sprintf("non-ASCII %s (%U)", strconv.QuoteRune(r), r)
}
