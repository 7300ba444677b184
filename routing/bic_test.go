package routing

import (
	"database/sql"
	"database/sql/driver"
	"encoding"
	"encoding/json"
	"log/slog"
	"strings"
	"testing"

	"github.com/acctkit/acctkit/internal/iso3166"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

var (
	_ encoding.TextAppender    = BIC{}
	_ encoding.TextMarshaler   = BIC{}
	_ encoding.TextUnmarshaler = (*BIC)(nil)
	_ sql.Scanner              = (*BIC)(nil)
	_ driver.Valuer            = BIC{}
	_ slog.LogValuer           = BIC{}
)

func TestParseBIC(t *testing.T) {
	tests := []struct {
		in                                  string
		canonical                           string
		prefix, country, location, branch   string
		primary, test, passive, lettersOnly bool
	}{
		// The seeds' SWIFT codes: JPMorgan Chase and the Bank of Greece.
		{"CHASUS3AXXX", "CHASUS3AXXX", "CHAS", "US", "3A", "XXX", true, false, false, true},
		{"BNGRGRAAXXX", "BNGRGRAAXXX", "BNGR", "GR", "AA", "XXX", true, false, false, true},
		{"DEUTDEFF", "DEUTDEFFXXX", "DEUT", "DE", "FF", "XXX", true, false, false, true},
		{"DEUTDEFF500", "DEUTDEFF500", "DEUT", "DE", "FF", "500", false, false, false, true},
		{"DEUTDEF0", "DEUTDEF0XXX", "DEUT", "DE", "F0", "XXX", true, true, false, true},
		{"ABCDUS31XYZ", "ABCDUS31XYZ", "ABCD", "US", "31", "XYZ", false, false, true, true},
		{"RBOSXKPR", "RBOSXKPRXXX", "RBOS", "XK", "PR", "XXX", true, false, false, true},
		// ISO 9362:2014 allows digits in the party prefix.
		{"E097AEXX", "E097AEXXXXX", "E097", "AE", "XX", "XXX", true, false, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			v, err := ParseBIC(tt.in)
			require.NoError(t, err)
			require.NoError(t, ValidateBIC(tt.in))
			assert.False(t, v.IsZero())
			assert.Equal(t, tt.canonical, v.String())
			assert.Equal(t, tt.canonical, v.BIC11())
			assert.Equal(t, tt.canonical[:8], v.BIC8())
			assert.Equal(t, tt.prefix, v.PartyPrefix())
			assert.Equal(t, tt.country, v.CountryCode())
			assert.Equal(t, tt.location, v.Location())
			assert.Equal(t, tt.branch, v.Branch())
			assert.Equal(t, tt.primary, v.IsPrimaryOffice(), "IsPrimaryOffice")
			assert.Equal(t, tt.test, v.IsTest(), "IsTest")
			assert.Equal(t, tt.passive, v.IsPassive(), "IsPassive")
			assert.Equal(t, MustParseBIC(tt.in), v)

			strict, err := ParseBICStrict(tt.in)
			if tt.lettersOnly {
				require.NoError(t, err)
				assert.Equal(t, v, strict)
			} else {
				assert.ErrorIs(t, err, ErrCharacter)
			}
			loose, err := ParseBICLoose(" " + strings.ToLower(tt.in[:4]) + " " + tt.in[4:] + "\n")
			require.NoError(t, err)
			assert.Equal(t, v, loose)
		})
	}
}

func TestBICCanonicalEquality(t *testing.T) {
	assert.True(t, MustParseBIC("DEUTDEFF") == MustParseBIC("DEUTDEFFXXX"))
	assert.False(t, MustParseBIC("DEUTDEFF") == MustParseBIC("DEUTDEFF500"))
	seen := map[BIC]bool{MustParseBIC("CHASUS3A"): true}
	assert.True(t, seen[MustParseBIC("CHASUS3AXXX")])
}

func TestBICSameInstitution(t *testing.T) {
	head := MustParseBIC("DEUTDEFF")
	assert.True(t, head.SameInstitution(MustParseBIC("DEUTDEFF500")))
	assert.True(t, head.SameInstitution(head))
	assert.False(t, head.SameInstitution(MustParseBIC("DEUTDEDB")), "other location")
	assert.False(t, head.SameInstitution(MustParseBIC("DEUTGB2L")), "other country")
	assert.False(t, head.SameInstitution(MustParseBIC("DEUTDEF0")), "test BIC")
	assert.False(t, head.SameInstitution(BIC{}))
	assert.False(t, BIC{}.SameInstitution(BIC{}))
}

func TestParseBICErrors(t *testing.T) {
	tests := []struct {
		fn, in   string
		msg      string
		sentinel error
		pos      int
	}{
		{"ParseBIC", "", `routing.ParseBIC(""): length is 0, want 8 or 11`, ErrLength, 0},
		{"ParseBIC", "DEUTDEFF5", `routing.ParseBIC("DEUTDEFF5"): length is 9, want 8 or 11`, ErrLength, 0},
		{"ParseBIC", "DEUT DEFF", `routing.ParseBIC("DEUT DEFF"): invalid character ' ' at position 5, want an upper-case letter or digit (ParseBICLoose removes white space and separators)`, ErrCharacter, 5},
		{"ParseBIC", "DE UT-DEFF", `routing.ParseBIC("DE UT-DEFF"): invalid character ' ' at position 3, want an upper-case letter or digit (ParseBICLoose removes white space and separators)`, ErrCharacter, 3},
		{"ParseBIC", "DEUT-DE-FF", `routing.ParseBIC("DEUT-DE-FF"): invalid character '-' at position 5, want an upper-case letter or digit (ParseBICLoose removes white space and separators)`, ErrCharacter, 5},
		{"ParseBIC", "DEUTDEFF500X", `routing.ParseBIC("...500X"): length is 12, want 8 or 11`, ErrLength, 0},
		{"ParseBIC", "deutdeff", `routing.ParseBIC("deutdeff"): invalid character 'd' at position 1 in the party prefix, want an upper-case letter or digit (ParseBICLoose accepts lower case)`, ErrCharacter, 1},
		{"ParseBIC", "DEUTdeFF", `routing.ParseBIC("DEUTdeFF"): invalid character 'd' at position 5 in the country code, want an upper-case letter (ParseBICLoose accepts lower case)`, ErrCharacter, 5},
		{"ParseBIC", "DEUTDE F", `routing.ParseBIC("DEUTDE F"): invalid character ' ' at position 7 in the location, want an upper-case letter or digit (ParseBICLoose removes white space and separators)`, ErrCharacter, 7},
		{"ParseBIC", "DEUT1EFF", `routing.ParseBIC("DEUT1EFF"): invalid character '1' at position 5 in the country code, want an upper-case letter`, ErrCharacter, 5},
		{"ParseBIC", "DEUTDEFF50_", `routing.ParseBIC("DEUTDEFF50_"): invalid character '_' at position 11 in the branch, want an upper-case letter or digit`, ErrCharacter, 11},
		{"ParseBIC", "DEUTDEFé", `routing.ParseBIC("DEUTDEF\u00e9"): invalid character 'é' (U+00E9) at position 8`, ErrCharacter, 8},
		{"ParseBIC", "ДЕUTDE", `routing.ParseBIC("\u0414\u0415UTDE"): invalid character 'Д' (U+0414) at position 1 in the party prefix, want an upper-case letter or digit`, ErrCharacter, 1},
		{"ParseBIC", "DEUTZZFF", `routing.ParseBIC("DEUTZZFF"): "ZZ" at position 5 is not an ISO 3166-1 alpha-2 code`, ErrUnknownCountry, 5},
		{"ParseBIC", "DEUTUKFF", `routing.ParseBIC("DEUTUKFF"): "UK" at position 5 is not an ISO 3166-1 alpha-2 code`, ErrUnknownCountry, 5},
		// The character rules run before the country lookup.
		{"ParseBIC", "DEUTZZF!", `routing.ParseBIC("DEUTZZF!"): invalid character '!' at position 8 in the location, want an upper-case letter or digit`, ErrCharacter, 8},

		{"ParseBICStrict", "E097AEXX", `routing.ParseBICStrict("E097AEXX"): invalid character '0' at position 2 in the party prefix, want an upper-case letter (SWIFT party prefixes are letters only)`, ErrCharacter, 2},
		{"ParseBICStrict", "DEUTZZFF", `routing.ParseBICStrict("DEUTZZFF"): "ZZ" at position 5 is not an ISO 3166-1 alpha-2 code`, ErrUnknownCountry, 5},

		// Positions index the original input, spaces included.
		{"ParseBICLoose", "deut zz ff", `routing.ParseBICLoose("deut zz ff"): "ZZ" at position 6 is not an ISO 3166-1 alpha-2 code`, ErrUnknownCountry, 6},
		{"ParseBICLoose", "  deut-eff", `routing.ParseBICLoose("  deut-eff"): has 7 characters after removing white space and separators, want 8 or 11`, ErrLength, 0},
		{"ParseBICLoose", "deut de f!", `routing.ParseBICLoose("deut de f!"): invalid character '!' at position 10, want a letter, digit or separator`, ErrCharacter, 10},
		{"ParseBICLoose", "DEUTDEFF\u00a0", `routing.ParseBICLoose("DEUTDEFF\u00a0"): invalid character '\u00a0' (U+00A0) at position 9, want a letter, digit or separator`, ErrCharacter, 9},
		{"ParseBICLoose", "DEUT DE FF XX", `routing.ParseBICLoose("DEUT DE FF XX"): has 10 characters after removing white space and separators, want 8 or 11`, ErrLength, 0},
		{"ParseBICLoose", "   ", `routing.ParseBICLoose("   "): has 0 characters after removing white space and separators, want 8 or 11`, ErrLength, 0},
		{"ParseBICLoose", "DEUT" + strings.Repeat(" ", 50) + "DEFF", `routing.ParseBICLoose("...DEFF"): input is 58 bytes, more than the loose parser reads (52)`, ErrLength, 0},
	}
	parsers := map[string]func(string) (BIC, error){
		"ParseBIC": ParseBIC, "ParseBICStrict": ParseBICStrict, "ParseBICLoose": ParseBICLoose,
	}
	for _, tt := range tests {
		t.Run(tt.fn+"/"+tt.in, func(t *testing.T) {
			v, err := parsers[tt.fn](tt.in)
			assert.True(t, v.IsZero())
			requireParseError(t, err, tt.fn, tt.msg, tt.sentinel, tt.pos)
			var pe *ParseError
			require.ErrorAs(t, err, &pe)
			assert.Equal(t, tt.in, pe.UnmaskedInput())
			if tt.fn == "ParseBIC" {
				err := ValidateBIC(tt.in)
				assert.Equal(t, strings.Replace(tt.msg, "ParseBIC", "ValidateBIC", 1), err.Error())
			}
		})
	}
}

func TestBICZero(t *testing.T) {
	var v BIC
	assert.True(t, v.IsZero())
	for _, s := range []string{v.String(), v.BIC8(), v.BIC11(), v.PartyPrefix(), v.CountryCode(), v.Location(), v.Branch()} {
		assert.Equal(t, "", s)
	}
	assert.False(t, v.IsTest())
	assert.False(t, v.IsPassive())
	assert.False(t, v.IsPrimaryOffice())
	text, err := v.MarshalText()
	require.NoError(t, err)
	assert.Equal(t, "", string(text))
	val, err := v.Value()
	require.NoError(t, err)
	assert.Nil(t, val)
}

func TestBICEncodings(t *testing.T) {
	type bank struct {
		Swift BIC `json:"swift_code"`
	}
	var b bank
	require.NoError(t, json.Unmarshal([]byte(`{"swift_code":"DEUTDEFF"}`), &b))
	assert.Equal(t, MustParseBIC("DEUTDEFFXXX"), b.Swift)
	out, err := json.Marshal(b)
	require.NoError(t, err)
	assert.JSONEq(t, `{"swift_code":"DEUTDEFFXXX"}`, string(out), "canonical 11-character form")

	require.NoError(t, json.Unmarshal([]byte(`{"swift_code":""}`), &b))
	assert.True(t, b.Swift.IsZero())
	// Text decoding is strict: lower case is an error, not cleaned up.
	assert.ErrorIs(t, json.Unmarshal([]byte(`{"swift_code":"deutdeff"}`), &b), ErrCharacter)

	app, err := MustParseBIC("CHASUS3A").AppendText([]byte("bic="))
	require.NoError(t, err)
	assert.Equal(t, "bic=CHASUS3AXXX", string(app))

	var s BIC
	require.NoError(t, s.Scan("BNGRGRAA"))
	assert.Equal(t, MustParseBIC("BNGRGRAAXXX"), s)
	require.NoError(t, s.Scan([]byte("CHASUS3AXXX")))
	assert.Equal(t, MustParseBIC("CHASUS3AXXX"), s)
	require.NoError(t, s.Scan(nil))
	assert.True(t, s.IsZero())
	assert.EqualError(t, s.Scan(3.5), "routing: cannot scan float64 into a BIC: store it as text (a string, []byte or NULL)")
	val, err := MustParseBIC("CHASUS3A").Value()
	require.NoError(t, err)
	assert.Equal(t, "CHASUS3AXXX", val)

	var buf strings.Builder
	slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{ReplaceAttr: dropTime})).Info("wire", "bic", MustParseBIC("CHASUS3A"))
	assert.Equal(t, "level=INFO msg=wire bic=CHASUS3AXXX\n", buf.String())
}

func knownCountries() []string {
	var cs []string
	for a := 'A'; a <= 'Z'; a++ {
		for b := 'A'; b <= 'Z'; b++ {
			if cc := string([]rune{a, b}); iso3166.Known(cc) {
				cs = append(cs, cc)
			}
		}
	}
	return cs
}

const (
	upperAlnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	upper      = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
)

func genString(alphabet string, n int) *rapid.Generator[string] {
	return rapid.Custom(func(t *rapid.T) string {
		b := make([]byte, n)
		for i := range b {
			b[i] = alphabet[rapid.IntRange(0, len(alphabet)-1).Draw(t, "c")]
		}
		return string(b)
	})
}

// genBIC draws a valid BIC in its 8- or 11-character form.
func genBIC() *rapid.Generator[string] {
	countries := knownCountries()
	return rapid.Custom(func(t *rapid.T) string {
		prefix := rapid.OneOf(genString(upper, 4), genString(upperAlnum, 4)).Draw(t, "prefix")
		s := prefix + rapid.SampledFrom(countries).Draw(t, "country") + genString(upperAlnum, 2).Draw(t, "location")
		if rapid.Bool().Draw(t, "branch?") {
			s += genString(upperAlnum, 3).Draw(t, "branch")
		}
		return s
	})
}

func TestBICPropertyRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := genBIC().Draw(t, "bic")
		v, err := ParseBIC(s)
		require.NoError(t, err, "ParseBIC(%q)", s)
		want := s
		if len(s) == 8 {
			want += "XXX"
		}
		require.Equal(t, want, v.String())
		require.Equal(t, want, v.PartyPrefix()+v.CountryCode()+v.Location()+v.Branch(), "parts join")
		require.Equal(t, v, MustParseBIC(v.BIC11()), "BIC11 of %q does not parse back to it", s)
		b8 := MustParseBIC(v.BIC8())
		require.Equal(t, v.IsPrimaryOffice(), b8 == v, "BIC8 of %q: %v", s, b8)
		require.True(t, b8.SameInstitution(v), "BIC8 of %q: %v", s, b8)
		text, _ := v.MarshalText()
		var back BIC
		require.NoError(t, back.UnmarshalText(text), "text round trip of %q", s)
		require.Equal(t, v, back, "text round trip of %q", s)

		strict, err := ParseBICStrict(s)
		if lettersOnly := !strings.ContainsAny(s[:4], "0123456789"); lettersOnly {
			require.NoError(t, err, "ParseBICStrict(%q): prefix letters only", s)
			require.Equal(t, v, strict, "ParseBICStrict(%q)", s)
		} else {
			require.Error(t, err, "ParseBICStrict(%q) = %v: digits in the prefix", s, strict)
		}

		// Any mix of case and spaces parses loosely to the same value.
		var messy strings.Builder
		for i := 0; i < len(s); i++ {
			c := s[i]
			if rapid.Bool().Draw(t, "lower") {
				c = strings.ToLower(string(c))[0]
			}
			messy.WriteByte(c)
			if rapid.IntRange(0, 3).Draw(t, "space") == 0 {
				messy.WriteByte(' ')
			}
		}
		loose, err := ParseBICLoose(messy.String())
		require.NoError(t, err, "ParseBICLoose(%q)", messy.String())
		require.Equal(t, v, loose, "ParseBICLoose(%q)", messy.String())
	})
}

func TestBICAllocs(t *testing.T) {
	var sink BIC
	buf := make([]byte, 0, 32)
	for _, s := range []string{"CHASUS3AXXX", "DEUTDEFF", "E097AEXX"} {
		assert.Zero(t, testing.AllocsPerRun(100, func() { sink, _ = ParseBIC(s) }), "ParseBIC(%q)", s)
		assert.Zero(t, testing.AllocsPerRun(100, func() { _ = ValidateBIC(s) }), "ValidateBIC(%q)", s)
		spaced := " " + s[:4] + " " + s[4:] + " "
		assert.Zero(t, testing.AllocsPerRun(100, func() { sink, _ = ParseBICLoose(spaced) }), "ParseBICLoose(%q)", spaced)
		v := MustParseBIC(s)
		assert.Zero(t, testing.AllocsPerRun(100, func() { buf, _ = v.AppendText(buf[:0]) }), "AppendText")
		assert.Zero(t, testing.AllocsPerRun(100, func() { _ = v.SameInstitution(sink) }), "SameInstitution")
	}
	assert.Zero(t, testing.AllocsPerRun(100, func() { sink, _ = ParseBICStrict("CHASUS3AXXX") }), "ParseBICStrict")
	_ = sink
}

func BenchmarkParseBIC(b *testing.B) {
	for _, s := range []string{"CHASUS3AXXX", "DEUTDEFF"} {
		b.Run(s, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := ParseBIC(s); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkParseBICLoose(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseBICLoose(" chas us 3a xxx "); err != nil {
			b.Fatal(err)
		}
	}
}
