package account

import (
	"errors"
	"fmt"
	"math/big"

	"github.com/shopspring/decimal"

	"github.com/acctkit/acctkit/internal/iso4217"
)

// Errors of the money conversions. They are wrapped with the amount and the
// currency; test for them with errors.Is.
var (
	// ErrUnknownCurrency: the code is not a current ISO 4217 alpha code
	// (codes are upper case).
	ErrUnknownCurrency = errors.New("not a current ISO 4217 currency code")
	// ErrNoMinorUnit: ISO 4217 gives the currency no minor unit (gold,
	// SDR, test and bond units), so it has no integer wire form.
	ErrNoMinorUnit = errors.New("currency has no minor unit")
	// ErrSubMinorUnit: the amount is more precise than the currency's minor
	// unit (12.345 USD). It is reported, never rounded away.
	ErrSubMinorUnit = errors.New("amount is more precise than the currency's minor unit")
	// ErrAmountRange: the amount in minor units does not fit in an int64.
	ErrAmountRange = errors.New("amount in minor units does not fit in 64 bits")
)

// MinorUnits returns the ISO 4217 exponent of currency's minor unit: 0 for
// JPY, 2 for USD and MXN, 3 for KWD, 4 for CLF. It fails with
// ErrUnknownCurrency or ErrNoMinorUnit.
func MinorUnits(currency string) (int, error) {
	c, ok := iso4217.Lookup(currency)
	if !ok {
		return 0, fmt.Errorf("account: currency %q: %w", currency, ErrUnknownCurrency)
	}
	if c.MinorUnits < 0 {
		return 0, fmt.Errorf("account: currency %q: %w", currency, ErrNoMinorUnit)
	}
	return c.MinorUnits, nil
}

// AmountFromMinor converts a wire amount, an integer count of currency's
// minor unit, into a decimal: 12345 USD is 123.45, 12345 JPY is 12345,
// 12345 KWD is 12.345. The result is exact.
func AmountFromMinor(minor int64, currency string) (decimal.Decimal, error) {
	exp, err := MinorUnits(currency)
	if err != nil {
		return decimal.Decimal{}, err
	}
	return decimal.New(minor, -int32(exp)), nil
}

// AmountToMinor converts a decimal amount into the integer count of
// currency's minor unit that goes on the wire: 123.45 USD is 12345. An
// amount finer than the minor unit (123.456 USD, 1.5 JPY) fails with
// ErrSubMinorUnit instead of being rounded; one too large for an int64
// fails with ErrAmountRange. Trailing zeros do not count as precision:
// 123.4500 USD is 12345.
func AmountToMinor(amount decimal.Decimal, currency string) (int64, error) {
	exp, err := MinorUnits(currency)
	if err != nil {
		return 0, err
	}
	c := amount.Coefficient()
	if c.Sign() == 0 {
		return 0, nil
	}
	// The value is c × 10^e in minor units. int64 arithmetic cannot
	// overflow here: the exponent is an int32 and exp is at most 9.
	e := int64(amount.Exponent()) + int64(exp)
	digits := int64(amount.NumDigits())
	switch {
	case e < 0:
		// A nonzero c with fewer digits than -e cannot be a multiple of
		// 10^-e; checking first also bounds the power computed below.
		if -e > digits {
			return 0, fmt.Errorf("account: amount %s %s: %w", printAmount(amount), currency, ErrSubMinorUnit)
		}
		var r big.Int
		c.QuoRem(c, pow10(-e), &r)
		if r.Sign() != 0 {
			return 0, fmt.Errorf("account: amount %s %s: %w", printAmount(amount), currency, ErrSubMinorUnit)
		}
	case e > 0:
		// 20 or more digits never fit in an int64.
		if digits+e > 19 {
			return 0, fmt.Errorf("account: amount %s %s: %w", printAmount(amount), currency, ErrAmountRange)
		}
		c.Mul(c, pow10(e))
	}
	if !c.IsInt64() {
		return 0, fmt.Errorf("account: amount %s %s: %w", printAmount(amount), currency, ErrAmountRange)
	}
	return c.Int64(), nil
}

func pow10(n int64) *big.Int {
	return new(big.Int).Exp(big.NewInt(10), big.NewInt(n), nil)
}

// printAmount keeps error messages short: String would write out every zero
// of an amount like 1e-1000000000.
func printAmount(d decimal.Decimal) string {
	if e := d.Exponent(); e < -40 || e > 40 {
		return d.ScientificNotationString()
	}
	return d.String()
}
