package main

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestIBANShaped(t *testing.T) {
	for _, s := range []string{
		"DE89370400440532013000", "DE89 3704 0044 0532 0130 00", "de89-3704-0044-0532-0130-00",
		"NO9386011117947", "LC55HEMM000100010012001200023015", "DE89370400440532013001", "XX00000000000000",
	} {
		assert.True(t, ibanKind.shaped(s), s)
	}
	for _, s := range []string{
		"", "DE89", "DE8937040044", "002010077777777771", "011000015", "DEUTDEFF",
		"1E89370400440532013000", "DEX9370400440532013000", "DE89" + "1234567890123456789012345678901",
	} {
		assert.False(t, ibanKind.shaped(s), s)
	}
}

func TestIBANCheck(t *testing.T) {
	assert.Equal(t, facts{
		{"country", "DE"},
		{"country-name", "Germany"},
		{"bank-code", "37040044"},
		{"sepa", "yes"},
		{"national-check", "unsupported"},
	}, ibanKind.check("DE89370400440532013000").Facts)

	assert.Equal(t, facts{
		{"country", "GB"},
		{"country-name", "United Kingdom"},
		{"bank-code", "NWBK"},
		{"branch-code", "601613"},
		{"sepa", "yes"},
		{"national-check", "unsupported"},
	}, ibanKind.check("gb29 nwbk 6016 1331 9268 19").Facts)

	assert.Equal(t, facts{
		{"country", "BE"},
		{"country-name", "Belgium"},
		{"bank-code", "539"},
		{"sepa", "yes"},
		{"national-check", "ok"},
	}, ibanKind.check("BE68539007547034").Facts)

	// Valid as an IBAN, but the Belgian check digits are wrong: still
	// valid, with the national failure as a fact.
	r := ibanKind.check("BE41 5390 0754 7035")
	assert.True(t, r.Valid)
	assert.Contains(t, r.Facts, fact{"national-check", "failed"})
	assert.Contains(t, r.Facts, fact{"national-check-reason", "national check digits at positions 15-16 (BBAN 11-12) do not match (mod 97 of BBAN positions 1-10)"})
	assert.Equal(t, "BE41539007547035", r.Value.String())

	// A territory under its own code, and a country the registry calls
	// by a longer name.
	r = ibanKind.check("AE070331234567890123456")
	assert.Contains(t, r.Facts, fact{"country-name", "United Arab Emirates"})
	assert.Contains(t, r.Facts, fact{"sepa", "no"})
	gf := ibanKind.check("GF4120041010050500013M02606")
	assert.True(t, gf.Valid, gf.Reason)
	assert.Contains(t, gf.Facts, fact{"territory-of", "FR"})
	assert.Contains(t, gf.Facts, fact{"national-check", "ok"})

	tests := map[string]struct{ code, reason string }{
		"DE89370400440532013001":      {"checksum", "check digits are 89, want 62"},
		"DE89 3704 0044 0532 0130 0":  {"length", "length is 21, want 22 for DE"},
		"US89370400440532013000":      {"unknown_country", "no IBAN for country code \"US\" (United States)"},
		"DE00370400440532013000":      {"check_digits", "check digits \"00\" are never valid (want 02 to 98)"},
		"DE89/3704/0044/0532/0130/00": {"character", "invalid character '/' at position 5"},
		"GB29NW1K60161331926819":      {"structure", "'1' at position 7, want a letter (BBAN position 3 in GB 4!a6!n8!n)"},
	}
	for in, want := range tests {
		r := ibanKind.check(in)
		assert.False(t, r.Valid, in)
		assert.Equal(t, want.code, r.Code, in)
		assert.Equal(t, want.reason, r.Reason, in)
		assert.Empty(t, r.Facts, in)
		assert.NotContains(t, r.Reason, "0532", "the reason must not repeat the account")
	}
}

func TestIBANCheckLine(t *testing.T) {
	withKinds(t, ibanKind)
	r := runCLI(t, "", "check", "DE89 3704 0044 0532 0130 00", "DE89370400440532013001")
	assert.Equal(t, exitInvalid, r.code)
	assert.Equal(t, "DE89 3704 0044 0532 0130 00\tiban\tvalid\tcountry=DE\tcountry-name=Germany\tbank-code=37040044\tsepa=yes\tnational-check=unsupported\tcanonical=DE89370400440532013000\n"+
		"DE89370400440532013001\tiban\tinvalid: check digits are 89, want 62\n", r.stdout)
}
