package account_test

import (
	"fmt"

	"github.com/shopspring/decimal"

	"github.com/acctkit/acctkit/account"
)

func ExampleAmountToMinor() {
	for _, c := range []struct{ amount, currency string }{{"123.45", "USD"}, {"123.45", "KWD"}, {"123.45", "JPY"}} {
		minor, err := account.AmountToMinor(decimal.RequireFromString(c.amount), c.currency)
		fmt.Println(minor, err)
	}
	back, _ := account.AmountFromMinor(12345, "CLF")
	fmt.Println(back)
	// Output:
	// 12345 <nil>
	// 123450 <nil>
	// 0 account: amount 123.45 JPY: amount is more precise than the currency's minor unit
	// 1.2345
}
