package account

import (
	"math"
	"math/big"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

func TestMinorUnits(t *testing.T) {
	for cur, want := range map[string]int{"JPY": 0, "USD": 2, "MXN": 2, "KWD": 3, "CLF": 4, "IQD": 3} {
		got, err := MinorUnits(cur)
		require.NoError(t, err, cur)
		assert.Equal(t, want, got, cur)
	}
	_, err := MinorUnits("XAU")
	assert.ErrorIs(t, err, ErrNoMinorUnit)
	assert.EqualError(t, err, `account: currency "XAU": currency has no minor unit`)
	for _, cur := range []string{"", "usd", "BGN", "ZZZ", "US"} {
		_, err := MinorUnits(cur)
		assert.ErrorIs(t, err, ErrUnknownCurrency, cur)
	}
}

func TestAmountFromMinor(t *testing.T) {
	for _, tc := range []struct {
		minor int64
		cur   string
		want  string
	}{
		{12345, "USD", "123.45"},
		{12345, "JPY", "12345"},
		{12345, "KWD", "12.345"},
		{12345, "CLF", "1.2345"},
		{-1, "MXN", "-0.01"},
		{0, "EUR", "0"},
		{math.MaxInt64, "USD", "92233720368547758.07"},
		{math.MinInt64, "CLF", "-922337203685477.5808"},
	} {
		d, err := AmountFromMinor(tc.minor, tc.cur)
		require.NoError(t, err)
		assert.Equal(t, tc.want, d.String(), "%d %s", tc.minor, tc.cur)
	}
	_, err := AmountFromMinor(1, "XDR")
	assert.ErrorIs(t, err, ErrNoMinorUnit)
	_, err = AmountFromMinor(1, "usd")
	assert.ErrorIs(t, err, ErrUnknownCurrency)
}

func TestAmountToMinor(t *testing.T) {
	for _, tc := range []struct {
		amount string
		cur    string
		want   int64
	}{
		{"123.45", "USD", 12345},
		{"123.4500", "USD", 12345},
		{"123", "USD", 12300},
		{"1.2E3", "USD", 120000},
		{"12345", "JPY", 12345},
		{"12.345", "KWD", 12345},
		{"1.2345", "CLF", 12345},
		{"-0.01", "MXN", -1},
		{"0", "JPY", 0},
		{"0.000000000", "JPY", 0},
		{"92233720368547758.07", "USD", math.MaxInt64},
		{"-92233720368547758.08", "USD", math.MinInt64},
		{"9223372036854775807", "JPY", math.MaxInt64},
		{"922337203685477580.7e1", "JPY", math.MaxInt64},
	} {
		got, err := AmountToMinor(decimal.RequireFromString(tc.amount), tc.cur)
		require.NoError(t, err, "%s %s", tc.amount, tc.cur)
		assert.Equal(t, tc.want, got, "%s %s", tc.amount, tc.cur)
	}
	// Extreme exponents, which decimal's parser refuses, cost no work.
	got, err := AmountToMinor(decimal.New(0, math.MinInt32), "USD")
	require.NoError(t, err)
	assert.Zero(t, got)
}

func TestAmountToMinorErrors(t *testing.T) {
	for _, tc := range []struct {
		amount string
		cur    string
		want   error
		msg    string
	}{
		{"123.456", "USD", ErrSubMinorUnit, "account: amount 123.456 USD: amount is more precise than the currency's minor unit"},
		{"1.5", "JPY", ErrSubMinorUnit, "account: amount 1.5 JPY: amount is more precise than the currency's minor unit"},
		{"0.00001", "CLF", ErrSubMinorUnit, ""},
		{"-0.001", "MXN", ErrSubMinorUnit, ""},
		{"123456789012345678901234567890e-28", "USD", ErrSubMinorUnit, ""},
		{"92233720368547758.08", "USD", ErrAmountRange, "account: amount 92233720368547758.08 USD: amount in minor units does not fit in 64 bits"},
		{"-92233720368547758.09", "USD", ErrAmountRange, ""},
		{"9223372036854775808", "JPY", ErrAmountRange, ""},
		{"1e19", "JPY", ErrAmountRange, ""},
		{"1", "XAU", ErrNoMinorUnit, `account: currency "XAU": currency has no minor unit`},
		{"1", "mxn", ErrUnknownCurrency, `account: currency "mxn": not a current ISO 4217 currency code`},
	} {
		_, err := AmountToMinor(decimal.RequireFromString(tc.amount), tc.cur)
		require.ErrorIs(t, err, tc.want, "%s %s", tc.amount, tc.cur)
		if tc.msg != "" {
			assert.EqualError(t, err, tc.msg)
		}
	}
	// Exponents far beyond what decimal's parser accepts fail fast with a
	// short message.
	_, err := AmountToMinor(decimal.New(1, math.MinInt32), "USD")
	require.ErrorIs(t, err, ErrSubMinorUnit)
	assert.EqualError(t, err, "account: amount 1E-2147483648 USD: amount is more precise than the currency's minor unit")
	_, err = AmountToMinor(decimal.New(-7, math.MaxInt32), "CLF")
	require.ErrorIs(t, err, ErrAmountRange)
	assert.EqualError(t, err, "account: amount -7E2147483647 CLF: amount in minor units does not fit in 64 bits")
}

func TestAmountRoundTripProperty(t *testing.T) {
	currencies := []string{"JPY", "USD", "MXN", "KWD", "CLF", "EUR", "BHD"}
	rapid.Check(t, func(t *rapid.T) {
		cur := rapid.SampledFrom(currencies).Draw(t, "currency")
		minor := rapid.Int64().Draw(t, "minor")
		d, err := AmountFromMinor(minor, cur)
		require.NoError(t, err)
		// Trailing zeros and a different representation of the same value
		// must convert back to the same integer.
		zeros := rapid.Int32Range(0, 30).Draw(t, "zeros")
		padded := decimal.NewFromBigInt(new(big.Int).Mul(d.Coefficient(), pow10(int64(zeros))), d.Exponent()-zeros)
		for _, v := range []decimal.Decimal{d, padded} {
			back, err := AmountToMinor(v, cur)
			require.NoError(t, err)
			require.Equal(t, minor, back)
		}
		// One more digit than the minor unit allows is always refused.
		exp, _ := MinorUnits(cur)
		finer := d.Add(decimal.New(rapid.SampledFrom([]int64{1, -3, 7}).Draw(t, "frac"), -int32(exp)-1))
		_, err = AmountToMinor(finer, cur)
		require.ErrorIs(t, err, ErrSubMinorUnit)
	})
}

func BenchmarkAmountToMinor(b *testing.B) {
	d := decimal.RequireFromString("1234.56")
	for b.Loop() {
		if _, err := AmountToMinor(d, "MXN"); err != nil {
			b.Fatal(err)
		}
	}
}
