// Package rule holds the field rules that the ARTU and Synctera bodies
// share, each written once, so that the same fault gets the same code and
// message in every API. A rule checks a value that is present (an empty
// string included) and reports at the path it is given; whether the field
// is required is the caller's business.
package rule

import (
	"github.com/acctkit/acctkit/account"
	"github.com/acctkit/acctkit/internal/ascii"
	"github.com/acctkit/acctkit/internal/iso3166"
	"github.com/acctkit/acctkit/internal/iso4217"
	"github.com/acctkit/acctkit/internal/uuid"
)

// Messages shared with tests and with the decoder's own checks.
const (
	MsgRequired       = "is required"
	MsgUUID           = "must be a UUID (8-4-4-4-12 hexadecimal digits)"
	MsgCountryFormat  = "must be an ISO 3166-1 alpha-2 country code in upper case, such as US"
	MsgCountryUnknown = "is not an assigned ISO 3166-1 alpha-2 country code"
	MsgCurrencyFormat = "must be an ISO 4217 alphabetic currency code in upper case, such as USD"
	MsgCurrencyUnknwn = "is not a current ISO 4217 currency code"
	MsgNoMinorUnit    = "has no minor unit, so amounts cannot be counted in it"
	MsgNotEmpty       = "must not be empty"
	MsgNegative       = "must not be negative"
)

// Required reports a required field that is absent.
func Required(c *account.Collector, at account.Path) {
	c.Add(at, account.CodeRequired, MsgRequired, nil)
}

// Null reports a null where the documents allow none: a Go value can hold
// one (account.Null), the wire must not. The message is the decoder's.
func Null(c *account.Collector, at account.Path, kind string) {
	c.Add(at, account.CodeType, "must be "+kind+", got null", nil)
}

// UUID checks the canonical 8-4-4-4-12 hexadecimal form (either case).
func UUID(c *account.Collector, at account.Path, s string) bool {
	if uuid.Valid(s) {
		return true
	}
	c.Add(at, account.CodeFormat, MsgUUID, nil)
	return false
}

// Country checks an ISO 3166-1 alpha-2 code: malformed (CodeFormat) is not
// the same fault as well-formed but unassigned (CodeUnknownCountry).
func Country(c *account.Collector, at account.Path, cc string) bool {
	switch {
	case len(cc) != 2 || ascii.IndexNonUpper(cc) >= 0:
		c.Add(at, account.CodeFormat, MsgCountryFormat, nil)
		return false
	case !iso3166.Known(cc):
		c.Add(at, account.CodeUnknownCountry, MsgCountryUnknown, nil)
		return false
	}
	return true
}

// Currency checks an ISO 4217 alphabetic code: malformed (CodeFormat) is
// not the same fault as well-formed but not current (CodeNotSupported).
func Currency(c *account.Collector, at account.Path, code string) bool {
	switch {
	case len(code) != 3 || ascii.IndexNonUpper(code) >= 0:
		c.Add(at, account.CodeFormat, MsgCurrencyFormat, nil)
		return false
	case !iso4217.Known(code):
		c.Add(at, account.CodeNotSupported, MsgCurrencyUnknwn, nil)
		return false
	}
	return true
}

// MoneyCurrency is Currency for the currency that amounts count: it must
// also have a minor unit.
func MoneyCurrency(c *account.Collector, at account.Path, code string) bool {
	if !Currency(c, at, code) {
		return false
	}
	if cur, _ := iso4217.Lookup(code); cur.MinorUnits < 0 {
		c.Add(at, account.CodeNotSupported, MsgNoMinorUnit, nil)
		return false
	}
	return true
}

// Enum checks that v is one of allowed; the message lists them.
func Enum[T ~string](c *account.Collector, at account.Path, v T, allowed []T) bool {
	for _, a := range allowed {
		if v == a {
			return true
		}
	}
	c.Add(at, account.CodeNotSupported, oneOf(allowed), nil)
	return false
}

func oneOf[T ~string](allowed []T) string {
	n := len("must be one of: ")
	for _, a := range allowed {
		n += len(a) + 2
	}
	b := make([]byte, 0, n)
	b = append(b, "must be one of: "...)
	for i, a := range allowed {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = append(b, a...)
	}
	return string(b)
}

// NotEmpty checks that a present free-text value is not empty.
func NotEmpty(c *account.Collector, at account.Path, s string) bool {
	if s != "" {
		return true
	}
	c.Add(at, account.CodeFormat, MsgNotEmpty, nil)
	return false
}

// NonNegative checks an amount or a count.
func NonNegative(c *account.Collector, at account.Path, v int64) bool {
	if v >= 0 {
		return true
	}
	c.Add(at, account.CodeRange, MsgNegative, nil)
	return false
}

// Identifier reports the error of an identifier parser at at, with the
// code and message account.ClassifyError gives it.
func Identifier(c *account.Collector, at account.Path, err error) {
	code, msg := account.ClassifyError(err)
	c.Add(at, code, msg, err)
}
