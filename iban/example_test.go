package iban_test

import (
	"errors"
	"fmt"
	"math/rand/v2"

	"github.com/acctkit/acctkit/iban"
)

func ExampleParse() {
	x, err := iban.Parse("GB29NWBK60161331926819")
	if err != nil {
		panic(err)
	}
	fmt.Println(x.CountryCode(), x.CheckDigits(), x.BankCode(), x.BranchCode(), x.AccountNumber(), x.IsSEPA())

	_, err = iban.Parse("GB29NWBK60161331926818")
	fmt.Println(err)
	fmt.Println(errors.Is(err, iban.ErrChecksum))
	// Output:
	// GB 29 NWBK 601613 31926819 true
	// iban.Parse("GB29**************6818"): check digits are 29, want 56
	// true
}

func ExampleParseLoose() {
	x, err := iban.ParseLoose("  de89 3704 0044 0532 0130 00 ")
	fmt.Println(x, err)
	x, err = iban.ParseLoose("IBAN DE89-3704-0044-0532-0130-00") // the paper form
	fmt.Println(x, err)

	// Only ASCII white space, '-' and '.' are removed; positions count in
	// the input as given.
	_, err = iban.ParseLoose("DE89/3704/0044/0532/0130/00")
	fmt.Println(err)
	// Output:
	// DE89370400440532013000 <nil>
	// DE89370400440532013000 <nil>
	// iban.ParseLoose("DE89*******************0/00"): invalid character '/' at position 5
}

func ExampleIBAN_Print() {
	x := iban.MustParse("FR1420041010050500013M02606")
	fmt.Println(x.Print())
	fmt.Println(x.Masked())
	// Output:
	// FR14 2004 1010 0505 0001 3M02 606
	// FR14*******************2606
}

func ExampleNew() {
	x, err := iban.New("DE", "370400440532013000")
	fmt.Println(x, err)
	// Output: DE89370400440532013000 <nil>
}

func ExampleNewFromParts() {
	// The Italian CIN check letter is computed; leading zeros of the
	// German account number may be left out.
	it, _ := iban.NewFromParts("IT", "05428", "11101", "000000123456")
	de, _ := iban.NewFromParts("DE", "37040044", "", "532013000")
	fmt.Println(it)
	fmt.Println(de)
	// Output:
	// IT60X0542811101000000123456
	// DE89370400440532013000
}

func ExampleIBAN_ValidateNational() {
	fmt.Println(iban.MustParse("BE68539007547034").ValidateNational())

	// A valid IBAN whose Belgian check digits are wrong.
	x, _ := iban.New("BE", "539007547035")
	err := x.ValidateNational()
	fmt.Println(err)
	fmt.Println(errors.Is(err, iban.ErrNationalCheck))

	err = iban.MustParse("DE89370400440532013000").ValidateNational()
	fmt.Println(errors.Is(err, iban.ErrNationalUnsupported))
	// Output:
	// <nil>
	// iban.ValidateNational("BE41********7035"): national check digits at positions 15-16 (BBAN 11-12) do not match (mod 97 of BBAN positions 1-10)
	// true
	// true
}

func ExampleGenerate() {
	r := rand.New(rand.NewPCG(1, 2))
	x, _ := iban.Generate(r, "ES")
	_, err := iban.Parse(x.String())
	fmt.Println(x.CountryCode(), err, x.ValidateNational())
	// Output: ES <nil> <nil>
}

func ExampleLookupCountry() {
	c, _ := iban.LookupCountry("GF")
	fmt.Println(c.Name, c.TerritoryOf, c.Length, c.Structure, c.SEPA)
	// Output: French Guiana FR 27 5!n5!n11!c2!n true
}

func ExampleParseError() {
	_, err := iban.Parse("DE89370400440532013001")
	var pe *iban.ParseError
	if errors.As(err, &pe) {
		fmt.Println(pe.Func, pe.Input, pe.Pos, pe.Err)
		fmt.Println(pe.Reason())
	}
	// Output:
	// Parse DE89**************3001 0 check digits do not match
	// check digits are 89, want 62
}

func ExampleScanLoose() {
	// A legacy column holds IBANs as people typed them; Scan would refuse
	// this value, ScanLoose reads it.
	var x iban.IBAN
	err := iban.ScanLoose(&x).Scan([]byte("de89 3704 0044 0532 0130 00"))
	fmt.Println(x, err)
	// Output: DE89370400440532013000 <nil>
}
