package iban

import (
	"errors"
	"fmt"
	"strconv"

	"github.com/acctkit/acctkit/internal/ascii"
	"github.com/acctkit/acctkit/internal/iso3166"
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
// digits and the last four characters and stars out the rest, and an input
// longer than any IBAN is cut to its first four characters, "..." and its
// last four. The error is safe to log and to show. The caller's own string
// is available from UnmaskedInput for code that needs it.
type ParseError struct {
	Func  string // the function that failed: "Parse", "ParseLoose", "New", ...
	Input string // the input as given, masked
	// Pos is the 1-based byte position in the input as given (for
	// ParseLoose too: before the clean-up) of the character at fault, or 0
	// when the error is not about one character. For New and NewFromParts
	// the input is the country code followed by the BBAN or the parts.
	Pos int
	Err error // one of the Err... sentinels

	raw string // the input, unmasked
	why reason // the message, built when asked for
	buf mask.Buf
}

// reason is what a message needs beyond the error's fields: rejecting a
// value allocates the *ParseError and nothing else, and the text is only
// formatted when Error or Reason is called.
type reason struct {
	code why
	n, m int32  // numbers the code's message shows
	text string // the message itself, for codeText
}

type why uint8

const (
	codeText         why = iota + 1 // text is the message
	codeEmpty                       // nothing to parse
	codeTooLong                     // n: length, over MaxLength
	codeLooseLimit                  // n: bytes, over what ParseLoose reads
	codeNothing                     // only separators
	codeCharacter                   // at Pos
	codeShort                       // n: length, under MinLength
	codeLengthFor                   // n: length; m: specs index
	codeCheckClass                  // a non-digit check digit at Pos
	codeCountryClass                // a non-letter country code character at Pos
	codeCountry                     // n: the two letters, c0<<8 | c1
	codeStructure                   // at Pos; n: BBAN offset; m: specs index
	codeImpossible                  // n: the check digits
	codeChecksum                    // n: the check digits; m: the ones that fit
)

func (e *ParseError) Error() string {
	// QuoteToASCII: an IBAN is ASCII, so anything else in the input is
	// shown escaped rather than as a look-alike.
	return "iban." + e.Func + "(" + strconv.QuoteToASCII(e.Input) + "): " + e.Reason()
}

// Unwrap returns the sentinel, so errors.Is(err, ErrChecksum) works.
func (e *ParseError) Unwrap() error { return e.Err }

// UnmaskedInput returns the input in full. It is an account identifier:
// keep it out of logs.
func (e *ParseError) UnmaskedInput() string { return e.raw }

// Reason returns the message without the function and input, for callers
// that show it beside the value: "check digits are 01, want 89". For a
// ParseError built outside the package it is the sentinel's text.
func (e *ParseError) Reason() string {
	w := e.why
	switch w.code {
	case codeText:
		return w.text
	case codeEmpty:
		return "empty"
	case codeTooLong:
		return fmt.Sprintf("length is %d, want at most %d", w.n, MaxLength)
	case codeLooseLimit:
		return fmt.Sprintf("input is %d bytes, more than the loose parser reads (%d)", w.n, looseLimit)
	case codeNothing:
		return "nothing left after removing white space and separators"
	case codeCharacter:
		return ascii.Describe(e.raw, e.Pos-1) + " at position " + strconv.Itoa(e.Pos)
	case codeShort:
		return fmt.Sprintf("length is %d, want %d to %d", w.n, MinLength, MaxLength)
	case codeLengthFor:
		return fmt.Sprintf("length is %d, want %d for %s", w.n, specs[w.m].length, specs[w.m].code)
	case codeCheckClass:
		return fmt.Sprintf("%s at position %d, want a digit (check digits)", quoteByte(e.at()), e.Pos)
	case codeCountryClass:
		return fmt.Sprintf("%s at position %d, want a letter (country code)", quoteByte(e.at()), e.Pos)
	case codeCountry:
		cc := string([]byte{byte(w.n >> 8), byte(w.n)})
		if name := iso3166.Name(cc); name != "" {
			return fmt.Sprintf("no IBAN for country code %q (%s)", cc, name)
		}
		return fmt.Sprintf("unknown country code %q", cc)
	case codeStructure:
		sp := &specs[w.m]
		return fmt.Sprintf("%s at position %d, want %s (BBAN position %d in %s %s)",
			quoteByte(e.at()), e.Pos, classNames[sp.classes[w.n]], w.n+1, sp.code, sp.structure)
	case codeImpossible:
		return fmt.Sprintf("check digits \"%02d\" are never valid (want 02 to 98)", w.n)
	case codeChecksum:
		if w.m == 0 { // left for later by Parse: raw is the canonical form
			w.n, w.m = int32(e.raw[2]-'0')*10+int32(e.raw[3]-'0'), int32(checkDigitsFor(e.raw[:2], e.raw[4:]))
		}
		return fmt.Sprintf("check digits are %02d, want %02d", w.n, w.m)
	}
	if e.Err != nil {
		return e.Err.Error()
	}
	return "invalid"
}

// at returns the byte at Pos in the input as given.
func (e *ParseError) at() byte {
	if e.Pos < 1 || e.Pos > len(e.raw) {
		return 0
	}
	return e.raw[e.Pos-1]
}

func quoteByte(c byte) string { return strconv.QuoteRuneToASCII(rune(c)) }

// newError returns the error for input, which an IBAN parser rejected.
func newError(fn, input string, pos int, sentinel error, w reason) *ParseError {
	return newShownError(fn, input, pos, sentinel, w, mask.IBAN)
}

// newBuildError returns the error for the input of New, NewFromParts or
// Generate: a country code, then the BBAN or its parts without check
// digits. It shows the country code and what Masked would show of the
// rest, the last four.
func newBuildError(fn, input string, pos int, sentinel error, w reason) *ParseError {
	e := newShownError(fn, input, pos, sentinel, w, mask.Account)
	switch {
	case len(input) <= 2:
		e.Input = input // a country code alone
	default:
		e.Input = input[:2] + mask.Account.ErrorInput(&e.buf, input[2:], MaxLength-2)
	}
	return e
}

func newShownError(fn, input string, pos int, sentinel error, w reason, p mask.Policy) *ParseError {
	e := &ParseError{Func: fn, Pos: pos, Err: sentinel, raw: input, why: w}
	e.Input = p.ErrorInput(&e.buf, input, MaxLength)
	return e
}

func text(s string) reason { return reason{code: codeText, text: s} }

func textf(format string, args ...any) reason { return text(fmt.Sprintf(format, args...)) }
