package main

import (
	"errors"
	"strings"

	"github.com/acctkit/acctkit/clabe"
	"github.com/acctkit/acctkit/internal/ascii"
	"github.com/acctkit/acctkit/internal/mask"
)

var clabeKind = kind{name: "clabe", shaped: clabeShaped, check: checkCLABE}

// clabeShaped reports whether s is 18 digits once spaces and hyphens are
// removed, the forms clabe.ParseLoose accepts.
func clabeShaped(s string) bool {
	digits := 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == ' ' || c == '-':
		case ascii.IsDigit(c):
			digits++
		default:
			return false
		}
	}
	return digits == clabe.Length
}

func checkCLABE(s string) result {
	c, err := clabe.ParseLoose(s)
	if err != nil {
		return result{Reason: clabeReason(err)}
	}
	b := c.Bank()
	bank := b.ShortName
	if b.LegalName != "" && b.LegalName != b.ShortName {
		bank += " (" + b.LegalName + ")"
	}
	status := "legacy"
	if b.Current {
		status = "current"
	}
	plaza := "unknown (not an error)"
	if ps := c.Plazas(); len(ps) > 0 {
		cities := make([]string, len(ps))
		for i, p := range ps {
			cities[i] = p.City
		}
		plaza = strings.Join(cities, ", ")
	}
	return result{Valid: true, Facts: []fact{
		{"bank-code", c.BankCode()},
		{"bank", bank},
		{"bank-status", status},
		{"plaza-code", c.PlazaCode()},
		{"plaza", plaza},
		{"account", mask.Last(c.AccountNumber(), 4)},
	}}
}

// clabeReason is the parse error without the function name and masked
// input, which the output line already shows in full.
func clabeReason(err error) string {
	var pe *clabe.ParseError
	if !errors.As(err, &pe) {
		return err.Error()
	}
	reason := pe.Reason()
	if errors.Is(err, clabe.ErrUnknownBank) {
		reason += " (not in the bank catalog of " + clabe.BankCatalogDate + ")"
	}
	return reason
}
