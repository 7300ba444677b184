package main

import (
	"testing"

	"github.com/acctkit/acctkit/routing"

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
	assert.Equal(t, result{Valid: true, Value: routing.MustParseABA("021000021"), Facts: facts{
		{"district", "2"}, {"kind", "primary"}, {"ach", "yes"}, {"wire", "yes"},
	}}, abaKind.check("021000021"))
	assert.Equal(t, facts{
		{"district", "none"}, {"kind", "government"}, {"ach", "no"}, {"wire", "no"},
	}, abaKind.check("000000518").Facts)
	assert.Contains(t, abaKind.check("610000102").Facts, fact{"wire", "no"})

	tests := map[string]result{
		"915075033": {Code: "checksum", Reason: "check digit is 3, want 6"},
		"756392185": {Code: "prefix", Reason: "Federal Reserve routing symbol 75 is not 00-12, 21-32, 61-72 or 80"},
		"000000000": {Code: "structure", Reason: "all zeros is not a routing number"},
		"01100001":  {Code: "length", Reason: "length is 8, want 9 digits"},
		"01100001x": {Code: "character", Reason: "invalid character 'x' at position 9, want a digit"},
	}
	for in, want := range tests {
		assert.Equal(t, want, abaKind.check(in), in)
	}
}

func TestCheckBIC(t *testing.T) {
	assert.Equal(t, result{Valid: true, Value: routing.MustParseBIC("CHASUS3AXXX"), Facts: facts{
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

	tests := map[string]result{
		"DEUTZZFF":  {Code: "unknown_country", Reason: `"ZZ" at position 5 is not an ISO 3166-1 alpha-2 code`},
		"DEUT1EFF":  {Code: "character", Reason: "invalid character '1' at position 5 in the country code, want a letter"},
		"DEUTDEFF5": {Code: "length", Reason: "has 9 characters after removing white space and separators, want 8 or 11"},
	}
	for in, want := range tests {
		assert.Equal(t, want, bicKind.check(in), in)
	}
}

func TestCheckCanadian(t *testing.T) {
	want := result{Valid: true, Value: routing.MustParseCanadian("000300002"), Facts: facts{
		{"institution", "003"},
		{"institution-name", "Royal Bank of Canada"},
		{"transit", "00002"},
		{"electronic", "000300002"},
		{"micr", "00002-003"},
	}}
	assert.Equal(t, want, canadianKind.check("000300002"))
	assert.Equal(t, want, canadianKind.check("00002-003"))
	assert.Contains(t, canadianKind.check("099912345").Facts, fact{"institution-name", "unknown (not an error)"})

	tests := map[string]result{
		"02101140": {Code: "length", Reason: "length is 8, want 9: 0IIITTTTT (electronic) or TTTTT-III (MICR); " +
			"8 digits could be 0IIITTTTT without its leading 0 (institution 021, transit 01140) or TTTTT-III without its hyphen (transit 02101, institution 140), so neither is assumed"},
		"000100000": {Code: "structure", Reason: "transit 00000 is all zeros"},
		"123456789": {Code: "prefix", Reason: "the electronic form 0IIITTTTT starts with 0, not 1"},
	}
	for in, want := range tests {
		assert.Equal(t, want, canadianKind.check(in), in)
	}
}

// Detection with the real kinds: a nine-digit number starting with 0 is
// shaped like both an ABA and a Canadian routing number, and a valid ABA
// reading wins.
func TestRoutingDetection(t *testing.T) {
	withKinds(t, abaKind, canadianKind, bicKind)

	r := runCLI(t, "", "check", "CHASUS3AXXX")
	assert.Equal(t, exitOK, r.code)
	assert.Equal(t, "CHASUS3AXXX\tbic\tvalid\tbic=CHASUS3AXXX\tinstitution=CHAS\tcountry=US\tcountry-name=United States\tlocation=3A\tbranch=XXX (primary office)\ttest=no\tpassive=no\n", r.stdout)

	// Valid as an ABA number and as a Canadian one (institution 260,
	// transit 09593): ABA, with the Canadian reading as a note.
	r = runCLI(t, "", "check", "026009593")
	assert.Equal(t, exitOK, r.code)
	assert.Equal(t, "026009593\taba\tvalid\tdistrict=2\tkind=primary\tach=yes\twire=yes"+
		"\tnote=also a valid canadian (institution 260, institution-name Citibank Canada, transit 09593); --kind canadian reads it so\n", r.stdout)

	// A valid Canadian number whose ABA reading fails the checksum.
	r = runCLI(t, "", "check", "000112345")
	assert.Equal(t, exitOK, r.code)
	assert.Contains(t, r.stdout, "000112345\tcanadian\tvalid\tinstitution=001\t")
	assert.Contains(t, r.stdout, "\tnote=not a valid aba: check digit is 5, want 1")

	// Invalid as both: the ABA reading gives the error.
	r = runCLI(t, "", "check", "000000000")
	assert.Equal(t, exitInvalid, r.code)
	assert.Equal(t, "000000000\taba\tinvalid: all zeros is not a routing number\tnote=not a valid canadian: institution 000 is all zeros\n", r.stdout)

	r = runCLI(t, "", "check", "--kind", "aba", "915075033")
	assert.Equal(t, exitInvalid, r.code)
	assert.Equal(t, "915075033\taba\tinvalid: check digit is 3, want 6\n", r.stdout)
	r = runCLI(t, "", "check", "026009593", "--kind", "canadian")
	assert.Equal(t, exitOK, r.code)
	assert.Equal(t, "026009593\tcanadian\tvalid\tinstitution=260\tinstitution-name=Citibank Canada\ttransit=09593\telectronic=026009593\tmicr=09593-260\n", r.stdout)
}
