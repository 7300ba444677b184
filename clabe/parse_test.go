package clabe_test

import (
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/acctkit/acctkit/clabe"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// validCLABEs end in every control digit 0 to 9 (index = control digit),
// across current and legacy banks and plazas in and out of the catalog.
var validCLABEs = [10]string{
	"002010123457422520", // Banamex, Aguascalientes
	"012180123457422521", // BBVA, plaza 180 (17 cities)
	"014320123457343332", // Santander, Guadalajara and others
	"021027123457422523", // HSBC, Tecate and Tijuana
	"072580123457343334", // Banorte, plaza 580
	"127198123457264145", // Azteca, plaza 198 (Santa Maria del Oro)
	"137001123457580906", // BanCoppel, plaza 001 (not in the catalog)
	"646700123456947387", // STP
	"032650123459164708", // IXE, a legacy code
	"999905123456947389", // the legacy "N/A" code
}

func TestParseEveryControlDigit(t *testing.T) {
	for want, s := range validCLABEs {
		c, err := clabe.Parse(s)
		require.NoError(t, err, s)
		assert.Equal(t, want, c.ControlDigit(), s)
		assert.Equal(t, s, c.String())
		assert.NoError(t, clabe.Validate(s))
		d, err := clabe.CheckDigit(s[:17])
		require.NoError(t, err)
		assert.Equal(t, want, d)
		assert.Equal(t, want, oracleCheckDigit(s[:17]), "oracle disagrees on %s", s)
	}
}

func TestWellKnownCLABE(t *testing.T) {
	// The CLABE Banxico and Banamex use in their documentation.
	c, err := clabe.Parse("002010077777777771")
	require.NoError(t, err)
	assert.Equal(t, "002", c.BankCode())
	assert.Equal(t, "010", c.PlazaCode())
	assert.Equal(t, "07777777777", c.AccountNumber())
	assert.Equal(t, 1, c.ControlDigit())
}

func TestParseErrors(t *testing.T) {
	long := strings.Repeat("0123456789", 10)
	tests := []struct {
		in   string
		want string
		err  error
		pos  int
	}{
		{"", `clabe.Parse(""): length is 0, want 18`, clabe.ErrLength, 0},
		{"12345", `clabe.Parse("*2345"): length is 5, want 18`, clabe.ErrLength, 0},
		{"00201007777777777", `clabe.Parse("*************7777"): length is 17, want 18`, clabe.ErrLength, 0},
		{"0020100777777777710", `clabe.Parse("...7710"): length is 19, want 18`, clabe.ErrLength, 0},
		{long, `clabe.Parse("...6789"): length is 100, want 18`, clabe.ErrLength, 0},
		{"002010077777777779", `clabe.Parse("**************7779"): check digit is 9, want 1`, clabe.ErrChecksum, 0},
		{"002010077777777770", `clabe.Parse("**************7770"): check digit is 0, want 1`, clabe.ErrChecksum, 0},
		{"002010123457422521", `clabe.Parse("**************2521"): check digit is 1, want 0`, clabe.ErrChecksum, 0},
		{"000010077777777773", `clabe.Parse("**************7773"): unknown bank code 000`, clabe.ErrUnknownBank, 0},
		{"998010077777777775", `clabe.Parse("**************7775"): unknown bank code 998`, clabe.ErrUnknownBank, 0},
		{"002-010-0777777777", `clabe.Parse("**************7777"): invalid character '-' at position 4, want a digit`, clabe.ErrCharacter, 4},
		{" 002010077777777771", `clabe.Parse("...7771"): invalid character ' ' at position 1, want a digit`, clabe.ErrCharacter, 1},
		{"00201007777777777x", `clabe.Parse("**************777x"): invalid character 'x' at position 18, want a digit`, clabe.ErrCharacter, 18},
		{"0020100777777777\t1", `clabe.Parse("**************77\t1"): invalid character '\t' at position 17, want a digit`, clabe.ErrCharacter, 17},
		// A character error wins over the length when it is among the first 18 bytes.
		{"0020x0", `clabe.Parse("**20x0"): invalid character 'x' at position 5, want a digit`, clabe.ErrCharacter, 5},
		{"00201007777777777１", `clabe.Parse("...7\uff11"): invalid character '１' (U+FF11) at position 18, want a digit`, clabe.ErrCharacter, 18},
		{"\xff02010077777777771", `clabe.Parse("**************7771"): invalid byte 0xFF at position 1, want a digit`, clabe.ErrCharacter, 1},
		{"002010077777777771\x00", `clabe.Parse("...771\x00"): length is 19, want 18`, clabe.ErrLength, 0},
	}
	for _, tt := range tests {
		c, err := clabe.Parse(tt.in)
		require.Error(t, err, "Parse(%q)", tt.in)
		assert.True(t, c.IsZero(), "Parse(%q) returned a value with its error", tt.in)
		assert.Equal(t, tt.want, err.Error(), "Parse(%q)", tt.in)
		assert.ErrorIs(t, err, tt.err, "Parse(%q)", tt.in)
		var pe *clabe.ParseError
		require.ErrorAs(t, err, &pe)
		assert.Equal(t, tt.pos, pe.Pos, "Parse(%q) Pos", tt.in)
		assert.Equal(t, "Parse", pe.Func)
		assert.Equal(t, "clabe.Parse("+strconv.QuoteToASCII(pe.Input)+"): "+pe.Reason(), err.Error(), "Parse(%q) Reason", tt.in)

		verr := clabe.Validate(tt.in)
		require.Error(t, verr)
		assert.Equal(t, strings.Replace(tt.want, "clabe.Parse", "clabe.Validate", 1), verr.Error())
		assert.ErrorIs(t, verr, tt.err)

		assert.PanicsWithError(t, tt.want, func() { clabe.MustParse(tt.in) })
	}
}

// TestErrorsNeverShowTheAccount checks that no error message carries more
// than the last four digits of the account, wherever the fault is.
func TestErrorsNeverShowTheAccount(t *testing.T) {
	const secret = "002010987654321098"
	for i := range len(secret) {
		for _, c := range []byte{'x', '-', ' ', 0xff} {
			in := secret[:i] + string(c) + secret[i+1:]
			_, err := clabe.Parse(in)
			require.Error(t, err)
			assert.NotContains(t, err.Error(), "98765", "Parse(%q)", in)
			_, err = clabe.ParseLoose(in + "x")
			require.Error(t, err)
			assert.NotContains(t, err.Error(), "98765", "ParseLoose(%q)", in)
		}
	}
}

func TestParseLoose(t *testing.T) {
	valid := []string{
		"002010077777777771",
		"002 010 07777777777 1",
		"002-010-07777777777-1",
		"0020 1007 7777 7777 71",
		"  002010077777777771\n",
		"\t002 010 07777777777 1\r\n",
		"0 0 2 0 1 0 0 7 7 7 7 7 7 7 7 7 7 1",
		"--002010077777777771--",
	}
	want := clabe.MustParse("002010077777777771")
	for _, s := range valid {
		c, err := clabe.ParseLoose(s)
		require.NoError(t, err, "ParseLoose(%q)", s)
		assert.Equal(t, want, c, "ParseLoose(%q)", s)
	}
}

func TestParseLooseErrors(t *testing.T) {
	tests := []struct {
		in   string
		want string
		err  error
		pos  int
	}{
		{"", `clabe.ParseLoose(""): has 0 characters after removing white space and separators, want 18 digits`, clabe.ErrLength, 0},
		{" - ", `clabe.ParseLoose("***"): has 0 characters after removing white space and separators, want 18 digits`, clabe.ErrLength, 0},
		{"002 010 0777777777 1", `clabe.ParseLoose("...77 1"): has 17 characters after removing white space and separators, want 18 digits`, clabe.ErrLength, 0},
		{"002 010 077777777771 1", `clabe.ParseLoose("...71 1"): has 19 characters after removing white space and separators, want 18 digits`, clabe.ErrLength, 0},
		{strings.Repeat(" ", 129), `clabe.ParseLoose("...    "): input is 129 bytes, more than the loose parser reads (80)`, clabe.ErrLength, 0},
		{"002 010 07777777777 9", `clabe.ParseLoose("...77 9"): check digit is 9, want 1`, clabe.ErrChecksum, 0},
		{"000 010 07777777777 3", `clabe.ParseLoose("...77 3"): unknown bank code 000`, clabe.ErrUnknownBank, 0},
		// Positions count in the input as given, leading white space included.
		{"\t 002 010 0777777x777 1", `clabe.ParseLoose("...77 1"): invalid character 'x' at position 18, want a digit or a separator`, clabe.ErrCharacter, 18},
		{"002\u00a0010077777777771", `clabe.ParseLoose("...7771"): invalid character '\u00a0' (U+00A0) at position 4, want a digit or a separator`, clabe.ErrCharacter, 4},
		{"002–010–07777777777–1", `clabe.ParseLoose("...\u20131"): invalid character '–' (U+2013) at position 4, want a digit or a separator`, clabe.ErrCharacter, 4},
	}
	for _, tt := range tests {
		c, err := clabe.ParseLoose(tt.in)
		require.Error(t, err, "ParseLoose(%q)", tt.in)
		assert.True(t, c.IsZero())
		assert.Equal(t, tt.want, err.Error(), "ParseLoose(%q)", tt.in)
		assert.ErrorIs(t, err, tt.err, "ParseLoose(%q)", tt.in)
		var pe *clabe.ParseError
		require.ErrorAs(t, err, &pe)
		assert.Equal(t, tt.pos, pe.Pos, "ParseLoose(%q) Pos", tt.in)
		if tt.pos > 0 {
			assert.NotEqual(t, " ", tt.in[tt.pos-1:tt.pos], "Pos must point at the offending byte")
		}
	}
}

func TestCheckDigit(t *testing.T) {
	d, err := clabe.CheckDigit("00201007777777777")
	require.NoError(t, err)
	assert.Equal(t, 1, d)

	tests := []struct {
		in, want string
		err      error
	}{
		{"", `clabe.CheckDigit(""): length is 0, want 17`, clabe.ErrLength},
		{"0020100777777777", `clabe.CheckDigit("************7777"): length is 16, want 17`, clabe.ErrLength},
		{"002010077777777771", `clabe.CheckDigit("**************7771"): length is 18, want 17`, clabe.ErrLength},
		{"0020100777777777a", `clabe.CheckDigit("*************777a"): invalid character 'a' at position 17, want a digit`, clabe.ErrCharacter},
	}
	for _, tt := range tests {
		_, err := clabe.CheckDigit(tt.in)
		require.Error(t, err)
		assert.Equal(t, tt.want, err.Error())
		assert.ErrorIs(t, err, tt.err)
	}
}

func TestParseErrorWithoutReason(t *testing.T) {
	// A ParseError built by hand still reads well.
	err := &clabe.ParseError{Func: "Parse", Input: "****", Err: clabe.ErrLength}
	assert.Equal(t, `clabe.Parse("****"): wrong length`, err.Error())
	assert.Equal(t, "wrong length", err.Reason())
	assert.True(t, errors.Is(err, clabe.ErrLength))
}

func TestZeroAllocs(t *testing.T) {
	const s = "002010077777777771"
	loose := "002 010 07777777777 1"
	tests := map[string]func(){
		"Parse":      func() { _, _ = clabe.Parse(s) },
		"Validate":   func() { _ = clabe.Validate(s) },
		"ParseLoose": func() { _, _ = clabe.ParseLoose(loose) },
		"CheckDigit": func() { _, _ = clabe.CheckDigit(s[:17]) },
		"LookupBank": func() { _, _ = clabe.LookupBank("002") },
	}
	c := clabe.MustParse(s)
	buf := make([]byte, 0, 64)
	tests["BankCode+PlazaCode+Bank"] = func() { _, _, _ = c.BankCode(), c.PlazaCode(), c.Bank() }
	tests["AppendText"] = func() { _, _ = c.AppendText(buf[:0]) }
	for name, f := range tests {
		assert.Zero(t, testing.AllocsPerRun(1000, f), name)
	}
	// The functions must really have succeeded in the loops above.
	_, err := clabe.ParseLoose(loose)
	require.NoError(t, err)
}

var (
	sink    clabe.CLABE
	strSink string
)

func BenchmarkParse(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		c, err := clabe.Parse("002010077777777771")
		if err != nil {
			b.Fatal(err)
		}
		sink = c
	}
}

func BenchmarkValidate(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if err := clabe.Validate("002010077777777771"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseLoose(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		c, err := clabe.ParseLoose("002 010 07777777777 1")
		if err != nil {
			b.Fatal(err)
		}
		sink = c
	}
}

func BenchmarkParseError(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := clabe.Parse("002010077777777779"); err == nil {
			b.Fatal("no error")
		}
	}
}

func BenchmarkString(b *testing.B) {
	c := clabe.MustParse("002010077777777771")
	b.ReportAllocs()
	for b.Loop() {
		strSink = c.String()
	}
}

// Rejecting costs one allocation, the *ParseError, whatever the fault:
// the message is only formatted when someone reads it.
func TestRejectAllocs(t *testing.T) {
	for _, s := range []string{
		"002010077777777779",  // checksum
		"000010077777777773",  // unknown bank
		"00201007777777777",   // length
		"0020100777777777x1",  // character
		"0020100777777777710", // too long
	} {
		var err error
		assert.LessOrEqual(t, testing.AllocsPerRun(50, func() { _, err = clabe.Parse(s) }), 1.0, "Parse(%q)", s)
		require.Error(t, err)
		assert.LessOrEqual(t, testing.AllocsPerRun(50, func() { err = clabe.Validate(s) }), 1.0, "Validate(%q)", s)
		loose := s[:3] + " " + s[3:]
		assert.LessOrEqual(t, testing.AllocsPerRun(50, func() { _, err = clabe.ParseLoose(loose) }), 1.0, "ParseLoose(%q)", loose)
		require.Error(t, err)
	}
	_, err := clabe.Parse("002010077777777779")
	assert.Equal(t, `clabe.Parse("**************7779"): check digit is 9, want 1`, err.Error())
}

func TestParseLooseCleanUp(t *testing.T) {
	want := clabe.MustParse("002010077777777771")
	for _, s := range []string{"\uFEFF002010077777777771", "002.010.07777777777.1", "002\t010\n07777777777 1"} {
		c, err := clabe.ParseLoose(s)
		require.NoError(t, err, "ParseLoose(%q)", s)
		assert.Equal(t, want, c)
	}
	_, err := clabe.ParseLoose("002 010 0777777777x 1")
	var pe *clabe.ParseError
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, 19, pe.Pos, "the position in the input as given")
	assert.Equal(t, "002 010 0777777777x 1", pe.UnmaskedInput())
}
