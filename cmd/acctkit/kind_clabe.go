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
		r := invalid(err)
		if errors.Is(err, clabe.ErrUnknownBank) {
			r.Reason += " (not in the bank catalog of " + clabe.BankCatalogDate + ")"
		}
		return r
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
	return result{Valid: true, Value: c, Facts: facts{
		{"bank-code", c.BankCode()},
		{"bank", bank},
		{"bank-status", status},
		{"plaza-code", c.PlazaCode()},
		{"plaza", plaza},
		{"account", mask.Last(c.AccountNumber(), 4)},
	}}
}
