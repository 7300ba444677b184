package main

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestRoutingKindNames(t *testing.T) {
	assert.Equal(t, "aba", abaKind.name)
	assert.Equal(t, "bic", bicKind.name)
	assert.Equal(t, "canadian", canadianKind.name)
}

func TestABAShaped(t *testing.T) {
	for _, s := range []string{"011000015", "915075033", "000000000", "756392185"} {
		assert.True(t, abaKind.shaped(s), s)
	}
	for _, s := range []string{"", "01100001", "0110000150", "01100001x", " 011000015", "0110-0001", "０11000015"} {
		assert.False(t, abaKind.shaped(s), s)
	}
}

func TestCanadianShaped(t *testing.T) {
	for _, s := range []string{"000112345", "12345-001", "000000000", "00000-000"} {
		assert.True(t, canadianKind.shaped(s), s)
	}
	for _, s := range []string{"", "02101140", "123456789", "1234-5001", "12345-00x", "12345 001", "0001123456"} {
		assert.False(t, canadianKind.shaped(s), s)
	}
}

func TestBICShaped(t *testing.T) {
	for _, s := range []string{"CHASUS3AXXX", "DEUTDEFF", " deut de ff 500 ", "E097AEXX", "DEUTZZFF"} {
		assert.True(t, bicKind.shaped(s), s)
	}
	for _, s := range []string{"", "DEUTDEF", "DEUTDEFF5", "DEUT1EFF", "DEUT-DEFF", "011000015", "DE89370400440532013000", "DEUTDEFé"} {
		assert.False(t, bicKind.shaped(s), s)
	}
}

func TestCheckABA(t *testing.T) {
	assert.Equal(t, result{Valid: true, Facts: []fact{
		{"district", "2"}, {"kind", "primary"}, {"ach", "yes"}, {"wire", "yes"},
	}}, abaKind.check("021000021"))
	assert.Equal(t, result{Valid: true, Facts: []fact{
		{"district", "none"}, {"kind", "government"}, {"ach", "no"}, {"wire", "no"},
	}}, abaKind.check("000000518"))
	assert.Contains(t, abaKind.check("610000102").Facts, fact{"wire", "no"})

	tests := map[string]string{
		"915075033": "checksum failed: check digit is 3, want 6",
		"756392185": "invalid prefix: Federal Reserve routing symbol 75 is not 00-12, 21-32, 61-72 or 80",
		"000000000": "invalid structure: all zeros is not a routing number",
		"01100001":  "wrong length: 8 characters, want 9 digits",
		"01100001x": "invalid character: 'x' at position 9, want a digit",
	}
	for in, want := range tests {
		assert.Equal(t, result{Reason: want}, abaKind.check(in), in)
	}
}

func TestCheckBIC(t *testing.T) {
	assert.Equal(t, result{Valid: true, Facts: []fact{
		{"bic", "CHASUS3AXXX"},
		{"institution", "CHAS"},
		{"country", "US"},
		{"country-name", "United States"},
		{"location", "3A"},
		{"branch", "XXX (primary office)"},
		{"test", "no"},
		{"passive", "no"},
	}}, bicKind.check("CHASUS3AXXX"))

	// The check is loose: case and spaces are cleaned up.
	r := bicKind.check(" bngr gr aa ")
	assert.True(t, r.Valid)
	assert.Contains(t, r.Facts, fact{"bic", "BNGRGRAAXXX"})
	assert.Contains(t, r.Facts, fact{"country-name", "Greece"})

	r = bicKind.check("DEUTDEF0500")
	assert.Contains(t, r.Facts, fact{"branch", "500"})
	assert.Contains(t, r.Facts, fact{"test", "yes"})
	assert.Contains(t, bicKind.check("ABCDUS31").Facts, fact{"passive", "yes"})

	tests := map[string]string{
		"DEUTZZFF":  `unknown country code: "ZZ" at position 5 is not an ISO 3166-1 alpha-2 code`,
		"DEUT1EFF":  "invalid character: '1' at position 5 in the country code, want a letter",
		"DEUTDEFF5": "wrong length: 9 characters without spaces, want 8 or 11",
	}
	for in, want := range tests {
		assert.Equal(t, result{Reason: want}, bicKind.check(in), in)
	}
}

func TestCheckCanadian(t *testing.T) {
	want := result{Valid: true, Facts: []fact{
		{"institution", "003"},
		{"institution-name", "Royal Bank of Canada"},
		{"transit", "00002"},
		{"electronic", "000300002"},
		{"micr", "00002-003"},
	}}
	assert.Equal(t, want, canadianKind.check("000300002"))
	assert.Equal(t, want, canadianKind.check("00002-003"))
	assert.Contains(t, canadianKind.check("099912345").Facts, fact{"institution-name", "unknown (not an error)"})

	tests := map[string]string{
		"02101140": "wrong length: 8 characters, want 9: 0IIITTTTT (electronic) or TTTTT-III (MICR); " +
			"8 digits could be 0IIITTTTT without its leading 0 (institution 021, transit 01140) or TTTTT-III without its hyphen (transit 02101, institution 140), so neither is assumed",
		"000100000": "invalid structure: transit 00000 is all zeros",
		"123456789": "invalid prefix: the electronic form 0IIITTTTT starts with 0, not 1",
	}
	for in, want := range tests {
		assert.Equal(t, result{Reason: want}, canadianKind.check(in), in)
	}
}

// Detection with the real kinds: a nine-digit number starting with 0 is
// shaped like both an ABA and a Canadian routing number.
func TestRoutingDetection(t *testing.T) {
	withKinds(t, abaKind, bicKind, canadianKind)

	r := runCLI(t, "", "check", "CHASUS3AXXX")
	assert.Equal(t, exitOK, r.code)
	assert.Equal(t, "CHASUS3AXXX\tbic\tvalid\tbic=CHASUS3AXXX\tinstitution=CHAS\tcountry=US\tcountry-name=United States\tlocation=3A\tbranch=XXX (primary office)\ttest=no\tpassive=no\n", r.stdout)

	// Valid as an ABA number and as a Canadian one (institution 110,
	// transit 00015), so it is reported as ambiguous.
	r = runCLI(t, "", "check", "011000015")
	assert.Equal(t, exitOK, r.code)
	assert.Contains(t, r.stdout, "aba|canadian\tvalid\tambiguous=valid as aba and canadian; use --kind to choose")

	// A valid Canadian number whose ABA reading fails the checksum.
	r = runCLI(t, "", "check", "000112345")
	assert.Equal(t, exitOK, r.code)
	assert.Contains(t, r.stdout, "000112345\tcanadian\tvalid\tinstitution=001\t")
	assert.Contains(t, r.stdout, "also-shaped-like=aba")

	r = runCLI(t, "", "check", "--kind", "aba", "915075033")
	assert.Equal(t, exitInvalid, r.code)
	assert.Equal(t, "915075033\taba\tinvalid: checksum failed: check digit is 3, want 6\n", r.stdout)
}
