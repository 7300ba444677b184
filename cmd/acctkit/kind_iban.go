package main

import (
	"errors"

	"github.com/acctkit/acctkit/iban"
	"github.com/acctkit/acctkit/internal/ascii"
	"github.com/acctkit/acctkit/internal/iso3166"
)

var ibanKind = kind{name: "iban", shaped: ibanShaped, check: checkIBAN}

// ibanShaped reports whether s, without the separators iban.ParseLoose
// removes, starts with two letters (either case) and two digits and has a
// length some IBAN has.
func ibanShaped(s string) bool {
	var head [4]byte
	n := 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case ' ', '\t', '-', '.':
		default:
			if n < len(head) {
				head[n] = c
			}
			if n++; n > iban.MaxLength {
				return false
			}
		}
	}
	letter := func(c byte) bool { return ascii.IsUpper(ascii.ToUpper(c)) }
	return n >= iban.MinLength && letter(head[0]) && letter(head[1]) && ascii.IsDigit(head[2]) && ascii.IsDigit(head[3])
}

func checkIBAN(s string) result {
	x, err := iban.ParseLoose(s)
	if err != nil {
		return invalid(err)
	}
	c := x.Country()
	name := iso3166.Name(c.Code)
	if name == "" {
		name = c.Name
	}
	out := facts{{"country", c.Code}, {"country-name", name}}
	if c.TerritoryOf != "" {
		out = append(out, fact{"territory-of", c.TerritoryOf})
	}
	out = append(out, fact{"bank-code", x.BankCode()})
	if b := x.BranchCode(); b != "" {
		out = append(out, fact{"branch-code", b})
	}
	sepa := "no"
	if x.IsSEPA() {
		sepa = "yes"
	}
	out = append(out, fact{"sepa", sepa})
	switch err := x.ValidateNational(); {
	case err == nil:
		out = append(out, fact{"national-check", "ok"})
	case errors.Is(err, iban.ErrNationalUnsupported):
		out = append(out, fact{"national-check", "unsupported"})
	default:
		// The IBAN itself is valid; a failed national check is a warning
		// worth a look, not a rejection (see iban.IBAN.ValidateNational).
		out = append(out, fact{"national-check", "failed"})
		var pe *iban.ParseError
		if errors.As(err, &pe) {
			out = append(out, fact{"national-check-reason", pe.Reason()})
		}
	}
	return result{Valid: true, Value: x, Facts: out}
}
