package iban

import (
	"errors"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// registryExamples are the 89 registry countries' own examples.
func registryExamples() []string {
	var ex []string
	for _, c := range Countries() {
		if c.TerritoryOf == "" {
			ex = append(ex, c.Example)
		}
	}
	return ex
}

func TestEveryRegistryExampleParsesAndRoundTrips(t *testing.T) {
	ex := registryExamples()
	require.Len(t, ex, 89)
	for _, c := range Countries() {
		x, err := Parse(c.Example)
		require.NoError(t, err, c.Code)
		assert.Equal(t, c.Example, x.String())
		assert.NoError(t, Validate(c.Example))

		y, err := ParseLoose(x.Print())
		require.NoError(t, err, c.Code)
		assert.Equal(t, x, y, "ParseLoose(Print()) of %s", c.Code)
		y, err = ParseLoose(strings.ToLower(x.Print()))
		require.NoError(t, err, c.Code)
		assert.Equal(t, x, y)

		text, err := x.MarshalText()
		require.NoError(t, err)
		var z IBAN
		require.NoError(t, z.UnmarshalText(text))
		assert.Equal(t, x, z)
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		in   string
		err  error
		pos  int
		want string
	}{
		{"", ErrLength, 0, `iban.Parse(""): empty`},
		{strings.Repeat("1", 35), ErrLength, 0, `iban.Parse("1111...1111"): length is 35, want at most 34`},
		{"DE89 3704 0044 0532 0130 00", ErrCharacter, 5, `iban.Parse("DE89*******************0 00"): invalid character ' ' at position 5`},
		{"de89370400440532013000", ErrCharacter, 1, `iban.Parse("de89**************3000"): invalid character 'd' at position 1`},
		{"DE89370400440532013000\xc3", ErrCharacter, 23, `iban.Parse("DE89***************000\xc3"): invalid byte 0xC3 at position 23`},
		{"DE8937040044053201300\t", ErrCharacter, 22, `iban.Parse("DE89**************300\t"): invalid character '\t' at position 22`},
		{"DE89-370400440532013000", ErrCharacter, 5, `iban.Parse("DE89***************3000"): invalid character '-' at position 5`},
		{"D", ErrLength, 0, `iban.Parse("*"): length is 1, want 15 to 34`},
		{"1E89370400440532013000", ErrStructure, 1, `iban.Parse("1E89**************3000"): '1' at position 1, want a letter (country code)`},
		{"D989370400440532013000", ErrStructure, 2, `iban.Parse("D989**************3000"): '9' at position 2, want a letter (country code)`},
		{"US89370400440532013000", ErrUnknownCountry, 0, `iban.Parse("US89**************3000"): no IBAN for country code "US" (United States)`},
		{"QQ89370400440532013000", ErrUnknownCountry, 0, `iban.Parse("QQ89**************3000"): unknown country code "QQ"`},
		{"DE", ErrLength, 0, `iban.Parse("**"): length is 2, want 22 for DE`},
		{"DE8937040044053201300", ErrLength, 0, `iban.Parse("DE89*************1300"): length is 21, want 22 for DE`},
		{"DE893704004405320130000", ErrLength, 0, `iban.Parse("DE89***************0000"): length is 23, want 22 for DE`},
		{"DEX9370400440532013000", ErrStructure, 3, `iban.Parse("DEX9**************3000"): 'X' at position 3, want a digit (check digits)`},
		{"DE8X370400440532013000", ErrStructure, 4, `iban.Parse("DE8X**************3000"): 'X' at position 4, want a digit (check digits)`},
		{"DE89370400440532013A00", ErrStructure, 20, `iban.Parse("DE89**************3A00"): 'A' at position 20, want a digit (BBAN position 16 in DE 8!n10!n)`},
		{"GB29NW1K60161331926819", ErrStructure, 7, `iban.Parse("GB29**************6819"): '1' at position 7, want a letter (BBAN position 3 in GB 4!a6!n8!n)`},
		{"DE00370400440532013000", ErrCheckDigits, 3, `iban.Parse("DE00**************3000"): check digits "00" are never valid (want 02 to 98)`},
		{"DE01370400440532013000", ErrCheckDigits, 3, `iban.Parse("DE01**************3000"): check digits "01" are never valid (want 02 to 98)`},
		{"DE99370400440532013000", ErrCheckDigits, 3, `iban.Parse("DE99**************3000"): check digits "99" are never valid (want 02 to 98)`},
		{"DE89370400440532013001", ErrChecksum, 0, `iban.Parse("DE89**************3001"): check digits are 89, want 62`},
		{"GB28NWBK60161331926819", ErrChecksum, 0, `iban.Parse("GB28**************6819"): check digits are 28, want 29`},
		// Checks run in order: the illegal character wins over the
		// unknown country and the wrong length.
		{"XX12!", ErrCharacter, 5, `iban.Parse("*X12!"): invalid character '!' at position 5`},
		// A territory with the parent's check digits is a different
		// number: GF's own prefix changes the checksum.
		{"GF1420041010050500013M02606", ErrChecksum, 0, `iban.Parse("GF14*******************2606"): check digits are 14, want 41`},
	}
	for _, tt := range tests {
		x, err := Parse(tt.in)
		assert.True(t, x.IsZero(), "Parse(%q) returned a value with an error", tt.in)
		var pe *ParseError
		require.ErrorAs(t, err, &pe, "Parse(%q)", tt.in)
		assert.Equal(t, tt.want, err.Error(), "Parse(%q)", tt.in)
		assert.ErrorIs(t, err, tt.err, "Parse(%q)", tt.in)
		assert.Equal(t, tt.pos, pe.Pos, "Parse(%q) position", tt.in)
		assert.Equal(t, tt.in, pe.UnmaskedInput())
		assert.Equal(t, "Parse", pe.Func)
		assert.Equal(t, tt.want, "iban.Parse("+strconv.QuoteToASCII(pe.Input)+"): "+pe.Reason())

		verr := Validate(tt.in)
		require.Error(t, verr)
		assert.Equal(t, strings.Replace(tt.want, "iban.Parse(", "iban.Validate(", 1), verr.Error())
		assert.ErrorIs(t, verr, tt.err)
	}
}

// The message never holds more of the account than Masked would show.
func TestParseErrorMasksTheAccount(t *testing.T) {
	_, err := Parse("DE89370400440532013001")
	require.Error(t, err)
	assert.NotContains(t, err.Error(), "370400440532")
	assert.Contains(t, err.Error(), "DE89")
	assert.Contains(t, err.Error(), "3001")

	long := "DE89" + strings.Repeat("1234567890", 1000)
	_, err = Parse(long)
	var pe *ParseError
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, `iban.Parse("DE89...7890"): length is 10004, want at most 34`, err.Error())
	assert.Equal(t, long, pe.UnmaskedInput())
}

func TestSentinelsAreDistinct(t *testing.T) {
	all := []error{ErrCharacter, ErrUnknownCountry, ErrLength, ErrStructure, ErrCheckDigits, ErrChecksum, ErrNationalCheck, ErrNationalUnsupported}
	for i, a := range all {
		for j, b := range all {
			assert.Equal(t, i == j, errors.Is(a, b), "%v vs %v", a, b)
		}
	}
}

func TestParseLoose(t *testing.T) {
	accept := []struct{ in, want string }{
		{"DE89370400440532013000", "DE89370400440532013000"},
		{"DE89 3704 0044 0532 0130 00", "DE89370400440532013000"},
		{"  de89 3704 0044 0532 0130 00\n", "DE89370400440532013000"},
		{"\tDE89-3704-0044-0532-0130-00\r\n", "DE89370400440532013000"},
		{"de89.3704.0044.0532.0130.00", "DE89370400440532013000"},
		{"DE89\t3704\t0044\t0532\t0130\t00", "DE89370400440532013000"},
		{"gb29 nwbk 6016 1331 9268 19", "GB29NWBK60161331926819"},
		{"D E 8 9 3 7 0 4 0 0 4 4 0 5 3 2 0 1 3 0 0 0", "DE89370400440532013000"},
		{"LC55 HEMM 0001 0001 0012 0012 0002 3015", "LC55HEMM000100010012001200023015"},
	}
	for _, tt := range accept {
		x, err := ParseLoose(tt.in)
		require.NoError(t, err, "ParseLoose(%q)", tt.in)
		assert.Equal(t, tt.want, x.String(), "ParseLoose(%q)", tt.in)
	}

	reject := []struct {
		in   string
		err  error
		want string
	}{
		{"", ErrLength, `iban.ParseLoose(""): empty`},
		{" - . ", ErrLength, `iban.ParseLoose("*- . "): nothing left after removing white space and separators`},
		// Only ASCII spaces, tabs, '-' and '.' go; other separators and
		// white space stay and are reported.
		{"DE89/3704/0044/0532/0130/00", ErrCharacter, `iban.ParseLoose("DE89*******************0/00"): invalid character '/' at position 5`},
		{"DE89_370400440532013000", ErrCharacter, `iban.ParseLoose("DE89***************3000"): invalid character '_' at position 5`},
		// No Unicode case folding or spaces: U+00A0 NO-BREAK SPACE, and
		// U+212A KELVIN SIGN, which strings.ToUpper would fold to 'K'.
		{"DE89\u00a0370400440532013000", ErrCharacter, `iban.ParseLoose("DE89****************3000"): invalid character '\u00a0' (U+00A0) at position 5`},
		{"\u212aZ86125KZT5004100100", ErrCharacter, `iban.ParseLoose("\u212aZ**************0100"): invalid character 'K' (U+212A) at position 1`},
		{"DE89 3704 0044 0532 0130 01", ErrChecksum, `iban.ParseLoose("DE89*******************0 01"): check digits are 89, want 62`},
		{"DE89 3704 0044 0532 0130 0", ErrLength, `iban.ParseLoose("DE89******************30 0"): length is 21, want 22 for DE`},
		{"DE89 3704 0044 0532 0130 0000 0000 0000 0000 0", ErrLength, `iban.ParseLoose("DE89...00 0"): length is 37, want at most 34`},
		{strings.Repeat("DE89 - ", 20), ErrLength, `iban.ParseLoose("DE89...9 - "): length is 80, want at most 34`},
		{strings.Repeat("D ", 34) + "D", ErrLength, `iban.ParseLoose("D D ... D D"): length is 35, want at most 34`},
	}
	for _, tt := range reject {
		_, err := ParseLoose(tt.in)
		require.Error(t, err, "ParseLoose(%q)", tt.in)
		assert.Equal(t, tt.want, err.Error(), "ParseLoose(%q)", tt.in)
		assert.ErrorIs(t, err, tt.err, "ParseLoose(%q)", tt.in)
		var pe *ParseError
		require.ErrorAs(t, err, &pe)
		assert.Equal(t, "ParseLoose", pe.Func)
	}
}

func TestMustParse(t *testing.T) {
	assert.Equal(t, "DE89370400440532013000", MustParse("DE89370400440532013000").String())
	assert.PanicsWithError(t, `iban.Parse("DE89**************3001"): check digits are 89, want 62`, func() {
		MustParse("DE89370400440532013001")
	})
}

// Parse reports exactly the IBANs an independent implementation accepts,
// and single-character substitutions within a class (digit for digit,
// letter for letter) never survive: 97 is prime and larger than any
// difference such a change makes.
func TestSingleSubstitutionsAreRejected(t *testing.T) {
	for _, s := range registryExamples() {
		for i := 0; i < len(s); i++ {
			alphabet := "0123456789"
			if s[i] >= 'A' {
				alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
			}
			for j := 0; j < len(alphabet); j++ {
				if alphabet[j] == s[i] {
					continue
				}
				m := s[:i] + alphabet[j:j+1] + s[i+1:]
				assert.Error(t, Validate(m), "%s with position %d changed: %s", s, i+1, m)
			}
		}
	}
}

// Every position of every example rejects every byte that is not an
// upper-case letter or digit: the gap between digits and letters, lower
// case, controls, and bytes above 0x7f, including those whose low seven
// bits spell a valid character (0x80|'5').
func TestEveryPositionRejectsForeignBytes(t *testing.T) {
	for _, s := range registryExamples() {
		for i := 0; i < len(s); i++ {
			for b := 0; b < 256; b++ {
				c := byte(b)
				if byteClass[c] != 0 {
					continue
				}
				m := s[:i] + string([]byte{c}) + s[i+1:]
				require.ErrorIs(t, Validate(m), ErrCharacter, "Validate(%q), position %d", m, i+1)
			}
		}
	}
}

func TestParseAllocs(t *testing.T) {
	ex := registryExamples()
	for _, s := range ex {
		assert.Zero(t, testing.AllocsPerRun(20, func() { _, _ = Parse(s) }), "Parse(%q)", s)
		assert.Zero(t, testing.AllocsPerRun(20, func() { _ = Validate(s) }), "Validate(%q)", s)
		padded := " " + s + "\n"
		assert.Zero(t, testing.AllocsPerRun(20, func() { _, _ = ParseLoose(padded) }), "ParseLoose(%q)", padded)
	}
}

var (
	sinkIBAN IBAN
	sinkErr  error
)

// cpuTimer adds a cpu-ns/op metric: the benchmark goroutine's thread CPU
// time per operation, which neighbours on a shared machine do not inflate.
func cpuTimer(b *testing.B) (stop func()) {
	runtime.LockOSThread()
	start, ok := threadCPUTime()
	return func() {
		end, _ := threadCPUTime()
		runtime.UnlockOSThread()
		if ok && b.N > 0 {
			b.ReportMetric(float64(end-start)/float64(b.N), "cpu-ns/op")
		}
	}
}

func BenchmarkParse(b *testing.B) {
	ex := registryExamples()
	b.ReportAllocs()
	stop := cpuTimer(b)
	i := 0
	for b.Loop() {
		sinkIBAN, sinkErr = Parse(ex[i])
		if i++; i == len(ex) {
			i = 0
		}
	}
	stop()
	require.NoError(b, sinkErr)
}

func BenchmarkValidate(b *testing.B) {
	ex := registryExamples()
	b.ReportAllocs()
	stop := cpuTimer(b)
	i := 0
	for b.Loop() {
		sinkErr = Validate(ex[i])
		if i++; i == len(ex) {
			i = 0
		}
	}
	stop()
	require.NoError(b, sinkErr)
}

// BenchmarkParseLoosePrint is the common loose case: the print format, so
// one allocation for the cleaned copy.
func BenchmarkParseLoosePrint(b *testing.B) {
	var ex []string
	for _, s := range registryExamples() {
		ex = append(ex, MustParse(s).Print())
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		sinkIBAN, sinkErr = ParseLoose(ex[i])
		if i++; i == len(ex) {
			i = 0
		}
	}
	require.NoError(b, sinkErr)
}

// BenchmarkParseInvalid is the rejection path (a checksum failure, the
// last and costliest check), which builds a *ParseError.
func BenchmarkParseInvalid(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		sinkIBAN, sinkErr = Parse("DE89370400440532013001")
	}
}

// Rejecting costs one allocation, the *ParseError, whatever the fault:
// the message is only formatted when someone reads it.
func TestRejectAllocs(t *testing.T) {
	for _, s := range []string{
		"DE89370400440532013001", // checksum
		"DE00370400440532013000", // impossible check digits
		"DE8937040044053201300",  // length for the country
		"DE89370400440532013OOO", // structure
		"US89370400440532013000", // no IBAN for the country
		"de89370400440532013000", // character
		strings.Repeat("1", 40),  // too long
		"",                       // empty
	} {
		var err error
		assert.LessOrEqual(t, testing.AllocsPerRun(50, func() { _, err = Parse(s) }), 1.0, "Parse(%q)", s)
		require.Error(t, err)
		assert.LessOrEqual(t, testing.AllocsPerRun(50, func() { err = Validate(s) }), 1.0, "Validate(%q)", s)
	}
	// Reading the message builds it from what the error kept.
	_, err := Parse("DE89370400440532013001")
	assert.Equal(t, `iban.Parse("DE89**************3001"): check digits are 89, want 62`, err.Error())
}

func TestParseLooseCleanUp(t *testing.T) {
	want := MustParse("DE89370400440532013000")
	for _, s := range []string{
		"\uFEFFDE89370400440532013000",
		"IBAN DE89 3704 0044 0532 0130 00",
		"iban\tde89-3704-0044-0532-0130-00",
		" \uFEFF DE89.3704.0044.0532.0130.00", // the mark only leads
	} {
		x, err := ParseLoose(s)
		if strings.HasPrefix(s, " \uFEFF") {
			var pe *ParseError
			require.ErrorAs(t, err, &pe, "ParseLoose(%q)", s)
			assert.Equal(t, 2, pe.Pos, "the mark's position in the input as given")
			continue
		}
		require.NoError(t, err, "ParseLoose(%q)", s)
		assert.Equal(t, want, x)
	}
	// Positions count in the input as given, separators and prefix included.
	_, err := ParseLoose("IBAN DE89 3704 0044 0532 0130 0X")
	var pe *ParseError
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, 32, pe.Pos)
	assert.Equal(t, "IBAN DE89 3704 0044 0532 0130 0X", pe.UnmaskedInput())
	assert.Equal(t, `iban.ParseLoose("IBAN************************0 0X"): 'X' at position 32, want a digit (BBAN position 18 in DE 8!n10!n)`, err.Error())
	// "IBAN" alone, or glued to the value, is not the prefix.
	_, err = ParseLoose("IBANDE89370400440532013000")
	assert.Error(t, err)
}
