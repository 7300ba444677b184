package clabe_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"os"

	"github.com/acctkit/acctkit/clabe"
)

func ExampleParse() {
	c, err := clabe.Parse("002010077777777771")
	if err != nil {
		panic(err)
	}
	fmt.Println(c.BankCode(), c.PlazaCode(), c.AccountNumber(), c.ControlDigit())
	fmt.Println(c.Bank().ShortName, c.Masked())

	_, err = clabe.Parse("002010077777777779")
	fmt.Println(err)
	fmt.Println(errors.Is(err, clabe.ErrChecksum))
	// Output:
	// 002 010 07777777777 1
	// Banamex **************7771
	// clabe.Parse("**************7779"): check digit is 9, want 1
	// true
}

func ExampleParse_errors() {
	for _, s := range []string{
		"00201007777777777",  // 17 digits
		"0020100777777x7771", // a letter
		"000010077777777773", // right check digit, no such bank
	} {
		_, err := clabe.Parse(s)
		var pe *clabe.ParseError
		if errors.As(err, &pe) {
			fmt.Printf("%v | pos %d | unknown bank: %t\n", err, pe.Pos, errors.Is(err, clabe.ErrUnknownBank))
		}
	}
	// Output:
	// clabe.Parse("*************7777"): length is 17, want 18 | pos 0 | unknown bank: false
	// clabe.Parse("**************7771"): invalid character 'x' at position 14, want a digit | pos 14 | unknown bank: false
	// clabe.Parse("**************7773"): unknown bank code 000 | pos 0 | unknown bank: true
}

func ExampleParseLoose() {
	c, err := clabe.ParseLoose(" 002-010-07777777777-1 ")
	fmt.Println(c, err)
	// Output: 002010077777777771 <nil>
}

func ExampleNew() {
	c, err := clabe.New("646", "180", "12345")
	if err != nil {
		panic(err)
	}
	fmt.Println(c, c.Bank().ShortName)
	// Output: 646180000000123452 STP
}

func ExampleCheckDigit() {
	d, err := clabe.CheckDigit("00201007777777777")
	fmt.Println(d, err)
	// Output: 1 <nil>
}

func ExampleCLABE_Bank() {
	c := clabe.MustParse("032650123459164708")
	b := c.Bank()
	fmt.Printf("%s: %s (%s), current: %t\n", b.Code, b.ShortName, b.LegalName, b.Current)
	// Output: 032: IXE (IXE Banco), current: false
}

func ExampleCLABE_Plazas() {
	for _, p := range clabe.MustParse("021027123457422523").Plazas() {
		fmt.Println(p.Code, p.City, p.StateCode)
	}
	// A plaza code missing from the catalog is not an error.
	c := clabe.MustParse("137001123457580906")
	fmt.Println(c.PlazaCode(), len(c.Plazas()))
	// Output:
	// 027 Tecate MX-BCN
	// 027 Tijuana MX-BCN
	// 001 0
}

func ExampleRegisterBank() {
	// At program start, before parsing: a bank assigned after the catalog.
	err := clabe.RegisterBank(clabe.Bank{Code: "745", ShortName: "Nuevo Banco", Current: true})
	fmt.Println(err)

	c, err := clabe.New("745", "010", "1")
	fmt.Println(c, c.Bank().ShortName, err)

	err = clabe.RegisterBank(clabe.Bank{Code: "002", ShortName: "Not Banamex"})
	fmt.Println(errors.Is(err, clabe.ErrDuplicateBank))
	// Output:
	// <nil>
	// 745010000000000012 Nuevo Banco <nil>
	// true
}

func ExampleGenerate() {
	r := rand.New(rand.NewPCG(1, 2))
	c, err := clabe.Generate(r, "012")
	fmt.Println(err == nil, c.BankCode(), clabe.Validate(c.String()))
	// Output: true 012 <nil>
}

func ExampleCLABE_LogValue() {
	logger := slog.New(slog.NewTextHandler(os.Stdout, &slog.HandlerOptions{
		ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
			if a.Key == slog.TimeKey {
				return slog.Attr{}
			}
			return a
		},
	}))
	logger.Info("payout", "clabe", clabe.MustParse("002010077777777771"))
	// Output: level=INFO msg=payout clabe=**************7771
}

func ExampleCLABE_MarshalText() {
	out, _ := json.Marshal(struct {
		CLABE clabe.CLABE `json:"clabe"`
		Other clabe.CLABE `json:"other"`
	}{CLABE: clabe.MustParse("002010077777777771")})
	fmt.Println(string(out))
	// Output: {"clabe":"002010077777777771","other":""}
}
