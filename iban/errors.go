package iban

import (
	"errors"
	"strconv"

	"github.com/acctkit/acctkit/internal/mask"
)

// The reasons a *ParseError unwraps to, one per check, in the order Parse
// applies them. Branch on them with errors.Is.
var (
	// ErrCharacter: a byte that is not an upper-case ASCII letter or digit.
	ErrCharacter = errors.New("invalid character")
	// ErrUnknownCountry: a well-formed country code that has no IBAN.
	ErrUnknownCountry = errors.New("unknown country code")
	// ErrLength: the wrong length, for any IBAN or for the country.
	ErrLength = errors.New("wrong length")
	// ErrStructure: a character of the wrong class for its position
	// (letter where a digit is due, or the reverse).
	ErrStructure = errors.New("wrong structure")
	// ErrCheckDigits: check digits 00, 01 or 99, which MOD 97-10 never
	// produces.
	ErrCheckDigits = errors.New("impossible check digits")
	// ErrChecksum: the check digits do not match (mod 97 is not 1).
	ErrChecksum = errors.New("check digits do not match")

	// ErrNationalCheck: the BBAN fails its country's own check-digit rule.
	ErrNationalCheck = errors.New("national check failed")
	// ErrNationalUnsupported: no trustworthy national rule for this
	// country (or for this account within it).
	ErrNationalUnsupported = errors.New("national check unsupported")
)

// ParseError describes why a string is not a valid IBAN (or, from
// ValidateNational, why a valid IBAN fails its national check).
//
// Input never holds the full account: it keeps the country code, the check
// digits and the last four characters and stars out the rest, so the error
// is safe to log and to show. The caller's own string is available from
// UnmaskedInput for code that needs it.
type ParseError struct {
	Func  string // the function that failed: "Parse", "ParseLoose", "New", ...
	Input string // the checked string, masked
	// Pos is the 1-based position in the checked string of the character
	// at fault, or 0 when the error is not about one character. For
	// ParseLoose the checked string is the cleaned-up one (Input shows it
	// masked); for New and NewFromParts it is country code and BBAN.
	Pos int
	Err error // one of the Err... sentinels

	reason string
	raw    string // the checked string, unmasked
}

func (e *ParseError) Error() string {
	// QuoteToASCII: an IBAN is ASCII, so anything else in the input is
	// shown escaped rather than as a look-alike.
	return "iban." + e.Func + "(" + strconv.QuoteToASCII(e.Input) + "): " + e.reason
}

// Unwrap returns the sentinel, so errors.Is(err, ErrChecksum) works.
func (e *ParseError) Unwrap() error { return e.Err }

// Reason returns the message without the function and input, for callers
// that show it beside the value: "check digits do not match (mod 97 = 28)".
func (e *ParseError) Reason() string { return e.reason }

// UnmaskedInput returns the checked string in full. It is an account
// identifier: keep it out of logs.
func (e *ParseError) UnmaskedInput() string { return e.raw }

// maxShown bounds how much of a hopeless input (one far longer than any
// IBAN) an error carries.
const maxShown = 2 * MaxLength

func newError(fn, checked string, pos int, sentinel error, reason string) *ParseError {
	return &ParseError{Func: fn, Input: maskInput(checked), Pos: pos, Err: sentinel, reason: reason, raw: checked}
}

// maskInput keeps the first four characters (country code and check
// digits) and the last four, like IBAN.Masked.
func maskInput(s string) string {
	if len(s) > maxShown {
		return mask.KeepEnds(s[:4]+"..."+s[len(s)-4:], 4, 4)
	}
	return mask.KeepEnds(s, 4, 4)
}
