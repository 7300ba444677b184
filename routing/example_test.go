package routing_test

import (
	"errors"
	"fmt"

	"github.com/acctkit/acctkit/routing"
)

func ExampleParseABA() {
	a, err := routing.ParseABA("021000021")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(a, a.Kind(), a.FederalReserveDistrict(), a.ACHEligible(), a.WireEligible())
	// Output: 021000021 primary 2 true true
}

// The routing numbers in Synctera's API examples are placeholders: one has
// a wrong check digit, the other a valid checksum but an unassigned
// Federal Reserve routing symbol.
func ExampleParseABA_seedPlaceholders() {
	for _, s := range []string{"915075033", "756392185"} {
		_, err := routing.ParseABA(s)
		fmt.Println(err)
		fmt.Println(errors.Is(err, routing.ErrChecksum), errors.Is(err, routing.ErrPrefix))
	}
	// Output:
	// routing.ParseABA("915075033"): check digit is 3, want 6
	// true false
	// routing.ParseABA("756392185"): Federal Reserve routing symbol 75 is not 00-12, 21-32, 61-72 or 80
	// false true
}

func ExampleABACheckDigit() {
	d, err := routing.ABACheckDigit("01100001")
	fmt.Println(d, err)
	// Output: 5 <nil>
}

func ExampleABA_Masked() {
	// A routing number names a bank, not a customer: it is shown whole.
	fmt.Println(routing.MustParseABA("011000015").Masked())
	// Output: 011000015
}

func ExampleParseABALoose() {
	a, err := routing.ParseABALoose(" 121-000-358 ")
	fmt.Println(a, err)
	_, err = routing.ParseABALoose("121-000-359")
	fmt.Println(err)
	// Output:
	// 121000358 <nil>
	// routing.ParseABALoose("121-000-359"): check digit is 9, want 8
}

func ExampleParseCanadianLoose() {
	micr, _ := routing.ParseCanadianLoose("00002 003")
	eft, _ := routing.ParseCanadianLoose("0003-00002")
	fmt.Println(micr, eft, micr == eft)
	// Output: 000300002 000300002 true
}

func ExampleParseBIC() {
	b, err := routing.ParseBIC("DEUTDEFF")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(b, b.BIC8(), b.PartyPrefix(), b.CountryCode(), b.Location(), b.Branch())
	// An 8-character BIC is its primary office: the same value as the
	// 11-character form with XXX.
	fmt.Println(b == routing.MustParseBIC("DEUTDEFFXXX"))
	// Output:
	// DEUTDEFFXXX DEUTDEFF DEUT DE FF XXX
	// true
}

func ExampleParseBICLoose() {
	b, err := routing.ParseBICLoose(" chas us 3a xxx ")
	fmt.Println(b, err)
	_, err = routing.ParseBIC("chasus3axxx")
	fmt.Println(err)
	// Output:
	// CHASUS3AXXX <nil>
	// routing.ParseBIC("chasus3axxx"): invalid character 'c' at position 1 in the party prefix, want an upper-case letter or digit (ParseBICLoose accepts lower case)
}

// ISO 9362:2014 allows digits in the party prefix; SWIFT's network does
// not.
func ExampleParseBICStrict() {
	_, err := routing.ParseBIC("E097AEXX")
	fmt.Println(err)
	_, err = routing.ParseBICStrict("E097AEXX")
	fmt.Println(err)
	// Output:
	// <nil>
	// routing.ParseBICStrict("E097AEXX"): invalid character '0' at position 2 in the party prefix, want an upper-case letter (SWIFT party prefixes are letters only)
}

func ExampleBIC_SameInstitution() {
	head := routing.MustParseBIC("DEUTDEFF")
	fmt.Println(head.SameInstitution(routing.MustParseBIC("DEUTDEFF500")))
	fmt.Println(head.SameInstitution(routing.MustParseBIC("DEUTGB2L")))
	fmt.Println(routing.MustParseBIC("DEUTDEF0").IsTest())
	// Output:
	// true
	// false
	// true
}

func ExampleParseCanadian() {
	for _, s := range []string{"000300002", "00002-003"} {
		c, err := routing.ParseCanadian(s)
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Println(c, c.MICR(), c.Institution(), c.Transit(), c.InstitutionName())
	}
	// Output:
	// 000300002 00002-003 003 00002 Royal Bank of Canada
	// 000300002 00002-003 003 00002 Royal Bank of Canada
}

// The eft_ca_routing_number in Synctera's API examples has eight digits.
// It is refused, and the message names both ways it could be read.
func ExampleParseCanadian_eightDigits() {
	_, err := routing.ParseCanadian("02101140")
	fmt.Println(err)
	// Output:
	// routing.ParseCanadian("02101140"): length is 8, want 9: 0IIITTTTT (electronic) or TTTTT-III (MICR); 8 digits could be 0IIITTTTT without its leading 0 (institution 021, transit 01140) or TTTTT-III without its hyphen (transit 02101, institution 140), so neither is assumed
}

func ExampleCanadianFrom() {
	c, err := routing.CanadianFrom("001", "12345")
	fmt.Println(c, c.MICR(), err)
	_, err = routing.CanadianFrom("001", "00000")
	fmt.Println(err)
	// Output:
	// 000112345 12345-001 <nil>
	// routing.CanadianFrom("001", "00000"): transit: 00000 is all zeros
}
