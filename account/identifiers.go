package account

import (
	"errors"
	"strings"
	"time"

	"github.com/acctkit/acctkit/clabe"
	"github.com/acctkit/acctkit/iban"
	"github.com/acctkit/acctkit/routing"
)

// ClassifyError maps an error from an identifier value type's parser or
// UnmarshalText (and the other text types the wire structs hold: time.Time
// and Date) to a Code and a message for people. For the identifier
// packages the message is built from the parse error's reason, never from
// its input, so it cannot carry an account number, IBAN or CLABE. Any
// other error is CodeInvalid with a generic message: its text may quote
// the input.
func ClassifyError(err error) (code, message string) {
	var (
		ce *clabe.ParseError
		ie *iban.ParseError
		re *routing.ParseError
		te *time.ParseError
	)
	switch {
	case errors.As(err, &ce):
		return reasonCode(err), "is not a valid CLABE: " + ce.Reason()
	case errors.As(err, &ie):
		return reasonCode(err), "is not a valid IBAN: " + ie.Reason()
	case errors.As(err, &re):
		return reasonCode(err), "is not a valid " + routingKind(re.Func) + ": " + re.Reason()
	case errors.As(err, &te):
		return CodeFormat, "must be an RFC 3339 date-time, such as 2024-05-01T12:00:00Z"
	case errors.Is(err, ErrDate):
		return CodeFormat, "must be a calendar date in the form YYYY-MM-DD, such as 2024-05-01"
	}
	return CodeInvalid, "is not a valid value"
}

// reasonCode maps the identifier packages' sentinels to Codes: malformed
// input is a format error, wrong check digits a checksum error, and a
// well-formed value naming something unassigned is unknown.
func reasonCode(err error) string {
	switch {
	case errors.Is(err, clabe.ErrChecksum), errors.Is(err, iban.ErrChecksum),
		errors.Is(err, iban.ErrCheckDigits), errors.Is(err, iban.ErrNationalCheck),
		errors.Is(err, routing.ErrChecksum):
		return CodeChecksum
	case errors.Is(err, clabe.ErrUnknownBank):
		return CodeUnknownBank
	case errors.Is(err, iban.ErrUnknownCountry), errors.Is(err, routing.ErrUnknownCountry):
		return CodeUnknownCountry
	}
	// ErrLength, ErrCharacter, ErrStructure and routing's ErrPrefix (an
	// unassigned Federal Reserve symbol makes the number invalid, not
	// merely unknown to a catalog).
	return CodeFormat
}

func routingKind(fn string) string {
	switch {
	case strings.Contains(fn, "ABA"):
		return "ABA routing number"
	case strings.Contains(fn, "BIC"):
		return "BIC"
	}
	return "Canadian routing number"
}
