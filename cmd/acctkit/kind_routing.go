package main

import (
	"strconv"

	"github.com/acctkit/acctkit/internal/ascii"
	"github.com/acctkit/acctkit/internal/iso3166"
	"github.com/acctkit/acctkit/routing"
)

var (
	abaKind      = kind{name: "aba", shaped: abaShaped, check: checkABA}
	bicKind      = kind{name: "bic", shaped: bicShaped, check: checkBIC}
	canadianKind = kind{name: "canadian", shaped: canadianShaped, check: checkCanadian}
)

// abaShaped: nine ASCII digits.
func abaShaped(s string) bool {
	return len(s) == 9 && ascii.IndexNonDigit(s) < 0
}

// canadianShaped: nine digits starting with 0 (electronic), or five
// digits, a hyphen and three digits (MICR).
func canadianShaped(s string) bool {
	if len(s) != 9 {
		return false
	}
	if s[5] == '-' {
		return ascii.IndexNonDigit(s[:5]) < 0 && ascii.IndexNonDigit(s[6:]) < 0
	}
	return s[0] == '0' && ascii.IndexNonDigit(s) < 0
}

// bicShaped: what routing.ParseBICLoose cleans up to 8 or 11 letters and
// digits with letters in positions 5-6 (the country code).
func bicShaped(s string) bool {
	s = ascii.TrimSpace(s)
	n := 0
	for i := 0; i < len(s); i++ {
		c := ascii.ToUpper(s[i])
		switch {
		case c == ' ':
			continue
		case !ascii.IsUpperAlnum(c):
			return false
		case (n == 4 || n == 5) && !ascii.IsUpper(c):
			return false
		}
		n++
	}
	return n == 8 || n == 11
}

func checkABA(s string) result {
	a, err := routing.ParseABA(s)
	if err != nil {
		return invalid(err)
	}
	district := "none"
	if d := a.FederalReserveDistrict(); d != 0 {
		district = strconv.Itoa(d)
	}
	return result{Valid: true, Value: a, Facts: facts{
		{"district", district},
		{"kind", a.Kind().String()},
		{"ach", routingYesNo(a.ACHEligible())},
		{"wire", routingYesNo(a.WireEligible())},
	}}
}

func checkBIC(s string) result {
	b, err := routing.ParseBICLoose(s)
	if err != nil {
		return invalid(err)
	}
	branch := b.Branch()
	if b.IsPrimaryOffice() {
		branch += " (primary office)"
	}
	return result{Valid: true, Value: b, Facts: facts{
		{"bic", b.String()},
		{"institution", b.PartyPrefix()},
		{"country", b.CountryCode()},
		{"country-name", iso3166.Name(b.CountryCode())},
		{"location", b.Location()},
		{"branch", branch},
		{"test", routingYesNo(b.IsTest())},
		{"passive", routingYesNo(b.IsPassive())},
	}}
}

func checkCanadian(s string) result {
	c, err := routing.ParseCanadian(s)
	if err != nil {
		return invalid(err)
	}
	name := c.InstitutionName()
	if name == "" {
		name = "unknown (not an error)"
	}
	return result{Valid: true, Value: c, Facts: facts{
		{"institution", c.Institution()},
		{"institution-name", name},
		{"transit", c.Transit()},
		{"electronic", c.String()},
		{"micr", c.MICR()},
	}}
}

func routingYesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}
