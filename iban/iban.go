package iban

import (
	"database/sql/driver"
	"log/slog"

	"github.com/acctkit/acctkit/internal/mask"
	"github.com/acctkit/acctkit/internal/sqltext"
)

// IBAN is a valid International Bank Account Number, or the zero value,
// which means "absent" and is not a valid IBAN. It is a small comparable
// value: == compares IBANs and it can be a map key. Only Parse, ParseLoose,
// New, NewFromParts, Generate and the decoding methods make non-zero IBANs,
// so a non-zero IBAN has passed every registry check.
type IBAN struct {
	s string // electronic format; "" for the zero value
}

// String returns the electronic format ("DE89370400440532013000"), or ""
// for the zero value.
func (x IBAN) String() string { return x.s }

// IsZero reports whether x is the zero value.
func (x IBAN) IsZero() bool { return x.s == "" }

// Print returns the print format: groups of four separated by spaces
// ("DE89 3704 0044 0532 0130 00").
func (x IBAN) Print() string {
	if x.s == "" {
		return ""
	}
	b := make([]byte, 0, len(x.s)+len(x.s)/4)
	for i := 0; i < len(x.s); i++ {
		if i > 0 && i%4 == 0 {
			b = append(b, ' ')
		}
		b = append(b, x.s[i])
	}
	return string(b)
}

// Masked returns the electronic format with everything but the country
// code, the check digits and the last four characters starred out
// ("DE89**************3000"): enough to recognise an account in a log
// without disclosing it.
func (x IBAN) Masked() string {
	if x.s == "" {
		return ""
	}
	return mask.KeepEnds(x.s, 4, 4)
}

// CountryCode returns the two-letter country code ("DE").
func (x IBAN) CountryCode() string {
	if x.s == "" {
		return ""
	}
	return x.s[:2]
}

// CheckDigits returns the two IBAN check digits ("89").
func (x IBAN) CheckDigits() string {
	if x.s == "" {
		return ""
	}
	return x.s[2:4]
}

// BBAN returns the Basic Bank Account Number: everything after the check
// digits.
func (x IBAN) BBAN() string {
	if x.s == "" {
		return ""
	}
	return x.s[4:]
}

// Country returns the registry entry for x's country code; the zero
// Country for the zero IBAN.
func (x IBAN) Country() Country {
	if sp := x.spec(); sp != nil {
		return sp.country()
	}
	return Country{}
}

// BankCode returns the bank identifier at the registry's position ("37040044"
// for a German IBAN).
func (x IBAN) BankCode() string { return x.part(func(sp *spec) Span { return sp.bank }) }

// BranchCode returns the branch identifier, or "" where the registry
// defines none (Germany, and France, whose code guichet the registry does
// not mark).
func (x IBAN) BranchCode() string { return x.part(func(sp *spec) Span { return sp.branch }) }

// AccountNumber returns the part of the BBAN after the bank and branch
// identifiers. The registry gives no account position, so this is
// everything that follows them, including any national check digits or
// other fields there (Spain: the two control digits, then the account).
func (x IBAN) AccountNumber() string {
	sp := x.spec()
	if sp == nil {
		return ""
	}
	return x.s[4+sp.accountStart():]
}

// IsSEPA reports whether the registry marks x's country as part of the
// Single Euro Payments Area.
func (x IBAN) IsSEPA() bool {
	sp := x.spec()
	return sp != nil && sp.sepa
}

func (x IBAN) spec() *spec {
	if x.s == "" {
		return nil
	}
	return lookup(x.s[0], x.s[1])
}

func (x IBAN) part(which func(*spec) Span) string {
	sp := x.spec()
	if sp == nil {
		return ""
	}
	p := which(sp)
	if p.First == 0 {
		return ""
	}
	return x.s[4+p.First-1 : 4+p.Last]
}

// AppendText appends the electronic format to b (nothing for the zero
// value).
func (x IBAN) AppendText(b []byte) ([]byte, error) {
	return append(b, x.s...), nil
}

// MarshalText returns the electronic format; the zero value marshals to an
// empty text (JSON "").
func (x IBAN) MarshalText() ([]byte, error) {
	return []byte(x.s), nil
}

// UnmarshalText parses text with Parse's strict rules; an empty text gives
// the zero value. On error x is set to the zero value. To accept spaces or
// lower case from people, decode into a string and call ParseLoose.
func (x *IBAN) UnmarshalText(text []byte) error {
	if len(text) == 0 {
		*x = IBAN{}
		return nil
	}
	s := string(text)
	if v := check(s); v != ok {
		*x = IBAN{}
		return reject("UnmarshalText", s, v)
	}
	*x = IBAN{s: s}
	return nil
}

// Scan implements sql.Scanner: NULL and the empty string give the zero
// value, a string or []byte is parsed strictly.
func (x *IBAN) Scan(src any) error {
	return sqltext.Scan(src, "iban.Scan", "an IBAN", func(s string) error {
		if s == "" {
			*x = IBAN{}
			return nil
		}
		if v := check(s); v != ok {
			*x = IBAN{}
			return reject("Scan", s, v)
		}
		*x = IBAN{s: s}
		return nil
	})
}

// Value implements driver.Valuer: the electronic format, or NULL for the
// zero value.
func (x IBAN) Value() (driver.Value, error) {
	if x.s == "" {
		return nil, nil
	}
	return x.s, nil
}

// LogValue implements slog.LogValuer with the masked form, so a logged
// IBAN never discloses the account.
func (x IBAN) LogValue() slog.Value {
	return slog.StringValue(x.Masked())
}
