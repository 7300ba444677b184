package routing

import (
	"database/sql"
	"database/sql/driver"
	"encoding"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

var (
	_ encoding.TextAppender    = ABA{}
	_ encoding.TextMarshaler   = ABA{}
	_ encoding.TextUnmarshaler = (*ABA)(nil)
	_ sql.Scanner              = (*ABA)(nil)
	_ driver.Valuer            = ABA{}
	_ slog.LogValuer           = ABA{}
)

// requireParseError checks every field of a parse error a caller may use.
func requireParseError(t *testing.T, err error, fn, msg string, sentinel error, pos int) {
	t.Helper()
	require.Error(t, err)
	assert.Equal(t, msg, err.Error())
	assert.ErrorIs(t, err, sentinel)
	var pe *ParseError
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, fn, pe.Func)
	assert.Equal(t, pos, pe.Pos, "Pos")
}

func TestParseABA(t *testing.T) {
	tests := []struct {
		in       string
		kind     ABAKind
		district int
		ach      bool
		wire     bool
	}{
		{"011000015", ABAPrimary, 1, true, true},  // Federal Reserve Bank of Boston
		{"021000021", ABAPrimary, 2, true, true},  // JPMorgan Chase, New York
		{"121000358", ABAPrimary, 12, true, true}, // Bank of America, San Francisco
		{"322271627", ABAThrift, 12, true, true},  // JPMorgan Chase, California
		{"261073546", ABAThrift, 6, true, true},
		{"610000102", ABAElectronic, 1, true, false},
		{"671012346", ABAElectronic, 7, true, false},
		{"000000518", ABAGovernment, 0, false, false}, // U.S. Treasury
		{"800000006", ABATravelersCheque, 0, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			a, err := ParseABA(tt.in)
			require.NoError(t, err)
			require.NoError(t, ValidateABA(tt.in))
			assert.False(t, a.IsZero())
			assert.Equal(t, tt.in, a.String())
			assert.Equal(t, tt.kind, a.Kind())
			assert.Equal(t, tt.district, a.FederalReserveDistrict())
			assert.Equal(t, tt.ach, a.ACHEligible(), "ACHEligible")
			assert.Equal(t, tt.wire, a.WireEligible(), "WireEligible")
			assert.Equal(t, int(tt.in[8]-'0'), a.CheckDigit())
			assert.Equal(t, tt.in, a.Masked(), "routing numbers are public")
			assert.Equal(t, MustParseABA(tt.in), a)
		})
	}
}

func TestParseABAErrors(t *testing.T) {
	tests := []struct {
		in       string
		msg      string
		sentinel error
		pos      int
	}{
		// The seeds' placeholders: a wire routing number with a bad check
		// digit, and an ACH routing number whose checksum passes but whose
		// routing symbol is unassigned.
		{"915075033", `routing.ParseABA("915075033"): check digit is 3, want 6`, ErrChecksum, 9},
		{"952391102", `routing.ParseABA("952391102"): check digit is 2, want 0`, ErrChecksum, 9},
		{"756392185", `routing.ParseABA("756392185"): Federal Reserve routing symbol 75 is not 00-12, 21-32, 61-72 or 80`, ErrPrefix, 1},
		{"131000018", `routing.ParseABA("131000018"): Federal Reserve routing symbol 13 is not 00-12, 21-32, 61-72 or 80`, ErrPrefix, 1},
		{"000000000", `routing.ParseABA("000000000"): all zeros is not a routing number`, ErrStructure, 0},
		{"", `routing.ParseABA(""): length is 0, want 9 digits`, ErrLength, 0},
		{"01100001", `routing.ParseABA("01100001"): length is 8, want 9 digits`, ErrLength, 0},
		{"0110000150", `routing.ParseABA("...0150"): length is 10, want 9 digits`, ErrLength, 0},
		{" 011000015", `routing.ParseABA("...0015"): length is 10, want 9 digits`, ErrLength, 0},
		{strings.Repeat("1", 100), `routing.ParseABA("...1111"): length is 100, want 9 digits`, ErrLength, 0},
		{"01100001x", `routing.ParseABA("01100001x"): invalid character 'x' at position 9, want a digit`, ErrCharacter, 9},
		{"0110-0001", `routing.ParseABA("0110-0001"): invalid character '-' at position 5, want a digit`, ErrCharacter, 5},
		{"01100001\t", `routing.ParseABA("01100001\t"): invalid character '\t' at position 9, want a digit`, ErrCharacter, 9},
		{"\xff11000015", `routing.ParseABA("\xff11000015"): invalid byte 0xFF at position 1, want a digit`, ErrCharacter, 1},
		// A multi-byte character makes the length wrong; it is reported as
		// the character it is.
		{"01100001é", `routing.ParseABA("...01\u00e9"): invalid character 'é' (U+00E9) at position 9`, ErrCharacter, 9},
		{"０11000015", `routing.ParseABA("...0015"): invalid character '０' (U+FF10) at position 1`, ErrCharacter, 1},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			a, err := ParseABA(tt.in)
			assert.True(t, a.IsZero())
			requireParseError(t, err, "ParseABA", tt.msg, tt.sentinel, tt.pos)
			var pe *ParseError
			require.ErrorAs(t, err, &pe)
			assert.Equal(t, tt.in, pe.UnmaskedInput())

			err = ValidateABA(tt.in)
			assert.ErrorIs(t, err, tt.sentinel)
			assert.Equal(t, strings.Replace(tt.msg, "ParseABA", "ValidateABA", 1), err.Error())
		})
	}
}

func TestMustParseABAPanics(t *testing.T) {
	assert.PanicsWithError(t, `routing.ParseABA("915075033"): check digit is 3, want 6`, func() {
		MustParseABA("915075033")
	})
}

func TestCheckDigit(t *testing.T) {
	for _, s := range []string{"011000015", "021000021", "000000518", "322271627"} {
		d, err := ABACheckDigit(s[:8])
		require.NoError(t, err)
		assert.Equal(t, int(s[8]-'0'), d, s)
	}
	d, err := ABACheckDigit("91507503")
	require.NoError(t, err)
	assert.Equal(t, 6, d)

	_, err = ABACheckDigit("9150750")
	requireParseError(t, err, "ABACheckDigit", `routing.ABACheckDigit("9150750"): length is 7, want 8 digits`, ErrLength, 0)
	_, err = ABACheckDigit("9150750x")
	requireParseError(t, err, "ABACheckDigit", `routing.ABACheckDigit("9150750x"): invalid character 'x' at position 8, want a digit`, ErrCharacter, 8)
}

func TestABAZero(t *testing.T) {
	var a ABA
	assert.True(t, a.IsZero())
	assert.Equal(t, "", a.String())
	assert.Equal(t, "", a.Masked())
	assert.Equal(t, ABAKind(0), a.Kind())
	assert.Equal(t, "none", a.Kind().String())
	assert.Equal(t, 0, a.FederalReserveDistrict())
	assert.False(t, a.ACHEligible())
	assert.False(t, a.WireEligible())

	text, err := a.MarshalText()
	require.NoError(t, err)
	assert.Equal(t, "", string(text))
	v, err := a.Value()
	require.NoError(t, err)
	assert.Nil(t, v)
}

func TestABAKindString(t *testing.T) {
	assert.Equal(t, "government", ABAGovernment.String())
	assert.Equal(t, "primary", ABAPrimary.String())
	assert.Equal(t, "thrift", ABAThrift.String())
	assert.Equal(t, "electronic", ABAElectronic.String())
	assert.Equal(t, "travelers-cheque", ABATravelersCheque.String())
	assert.Equal(t, "ABAKind(9)", ABAKind(9).String())
}

func TestABAText(t *testing.T) {
	a := MustParseABA("011000015")
	text, err := a.MarshalText()
	require.NoError(t, err)
	assert.Equal(t, "011000015", string(text))
	b, err := a.AppendText([]byte("aba="))
	require.NoError(t, err)
	assert.Equal(t, "aba=011000015", string(b))

	var got ABA
	require.NoError(t, got.UnmarshalText(text))
	assert.Equal(t, a, got)
	require.NoError(t, got.UnmarshalText(nil))
	assert.True(t, got.IsZero())

	err = got.UnmarshalText([]byte("915075033"))
	assert.ErrorIs(t, err, ErrChecksum)
}

func TestABAJSON(t *testing.T) {
	type payload struct {
		ACH  ABA `json:"ach_routing_number"`
		Wire ABA `json:"wire_routing_number"`
	}
	in := payload{ACH: MustParseABA("021000021")}
	out, err := json.Marshal(in)
	require.NoError(t, err)
	assert.JSONEq(t, `{"ach_routing_number":"021000021","wire_routing_number":""}`, string(out))

	var back payload
	require.NoError(t, json.Unmarshal(out, &back))
	assert.Equal(t, in, back)

	// The seed's routing numbers are refused with the reason.
	err = json.Unmarshal([]byte(`{"ach_routing_number":"756392185"}`), &back)
	assert.ErrorIs(t, err, ErrPrefix)
}

func TestABASQL(t *testing.T) {
	a := MustParseABA("011000015")
	v, err := a.Value()
	require.NoError(t, err)
	assert.Equal(t, "011000015", v)

	var got ABA
	require.NoError(t, got.Scan("011000015"))
	assert.Equal(t, a, got)
	require.NoError(t, got.Scan([]byte("021000021")))
	assert.Equal(t, MustParseABA("021000021"), got)
	require.NoError(t, got.Scan(nil))
	assert.True(t, got.IsZero())
	assert.ErrorIs(t, got.Scan("915075033"), ErrChecksum)

	err = got.Scan(int64(11000015))
	require.Error(t, err)
	assert.Equal(t, "routing: cannot scan int64 into an ABA: store it as text (a string, []byte or NULL)", err.Error())
}

func TestABALogValue(t *testing.T) {
	var buf strings.Builder
	log := slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{ReplaceAttr: dropTime}))
	log.Info("paid", "aba", MustParseABA("011000015"))
	assert.Equal(t, "level=INFO msg=paid aba=011000015\n", buf.String())
}

func dropTime(_ []string, a slog.Attr) slog.Attr {
	if a.Key == slog.TimeKey {
		return slog.Attr{}
	}
	return a
}

// validPrefixes are all 37 assigned routing symbols.
func validPrefixes() []int {
	var p []int
	for i := 0; i < 100; i++ {
		if kindOfSymbol(i) != 0 {
			p = append(p, i)
		}
	}
	return p
}

// genABA draws a valid routing number as a string.
func genABA() *rapid.Generator[string] {
	return rapid.Custom(func(t *rapid.T) string {
		prefix := rapid.SampledFrom(validPrefixes()).Draw(t, "prefix")
		rest := rapid.IntRange(0, 999999).Draw(t, "rest")
		first8 := fmt.Sprintf("%02d%06d", prefix, rest)
		if first8 == "00000000" {
			first8 = "00000001"
		}
		d, err := ABACheckDigit(first8)
		require.NoError(t, err, "ABACheckDigit(%q)", first8)
		return first8 + string(rune('0'+d))
	})
}

func TestABAPropertyRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := genABA().Draw(t, "aba")
		a, err := ParseABA(s)
		require.NoError(t, err, "ParseABA(%q)", s)
		require.Equal(t, s, a.String())
		text, _ := a.MarshalText()
		var back ABA
		require.NoError(t, back.UnmarshalText(text), "text round trip of %q", s)
		require.Equal(t, a, back, "text round trip of %q", s)
		d := a.FederalReserveDistrict()
		require.True(t, d >= 0 && d <= 12, "district %d", d)
	})
}

// TestABAPropertySubstitution: 3, 7 and 1 are all coprime with 10, so
// changing any one digit changes the weighted sum modulo 10 and the
// checksum fails. It is always the checksum that fails, because ParseABA
// checks it before the prefix.
func TestABAPropertySubstitution(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := genABA().Draw(t, "aba")
		i := rapid.IntRange(0, 8).Draw(t, "index")
		d := rapid.IntRange(1, 9).Draw(t, "delta")
		b := []byte(s)
		b[i] = byte('0' + (int(b[i]-'0')+d)%10)
		_, err := ParseABA(string(b))
		var pe *ParseError
		require.ErrorAs(t, err, &pe, "ParseABA(%q), one digit off %q", b, s)
		require.Same(t, ErrChecksum, pe.Err, "ParseABA(%q), one digit off %q: %v", b, s, err)
	})
}

// TestABAPropertyTransposition pins what 3-7-1 does not catch: swapping
// adjacent digits a and b changes the sum by (w1-w2)(b-a), and w1-w2 is
// ±2, ±4 or ±6, so the swap goes unnoticed exactly when a and b differ by 5
// (or are equal, when nothing changes).
func TestABAPropertyTransposition(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := genABA().Draw(t, "aba")
		i := rapid.IntRange(0, 7).Draw(t, "index")
		b := []byte(s)
		b[i], b[i+1] = b[i+1], b[i]
		diff := int(s[i]) - int(s[i+1])
		_, err := ParseABA(string(b))
		var pe *ParseError
		checksumFailed := errors.As(err, &pe) && pe.Err == ErrChecksum
		require.Equal(t, diff%5 != 0, checksumFailed, "swap at %d of %q -> %q: %v", i, s, b, err)
	})
}

func TestABAAllocs(t *testing.T) {
	var sink ABA
	buf := make([]byte, 0, 32)
	for _, s := range []string{"011000015", "322271627", "000000518"} {
		assert.Zero(t, testing.AllocsPerRun(100, func() { sink, _ = ParseABA(s) }), "ParseABA(%q)", s)
		assert.Zero(t, testing.AllocsPerRun(100, func() { _ = ValidateABA(s) }), "ValidateABA(%q)", s)
		a := MustParseABA(s)
		assert.Zero(t, testing.AllocsPerRun(100, func() { buf, _ = a.AppendText(buf[:0]) }), "AppendText")
	}
	assert.Zero(t, testing.AllocsPerRun(100, func() { _, _ = ABACheckDigit("01100001") }), "ABACheckDigit")
	_ = sink
}

func BenchmarkParseABA(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseABA("322271627"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkABAString(b *testing.B) {
	a := MustParseABA("322271627")
	b.ReportAllocs()
	for b.Loop() {
		_ = a.String()
	}
}

// Rejecting costs one allocation, the *ParseError, whatever the fault:
// the message is only formatted when someone reads it.
func TestRejectAllocs(t *testing.T) {
	parsers := map[string]func(string) error{
		"ParseABA":           func(s string) error { _, err := ParseABA(s); return err },
		"ParseABALoose":      func(s string) error { _, err := ParseABALoose(s); return err },
		"ParseBIC":           func(s string) error { _, err := ParseBIC(s); return err },
		"ParseBICLoose":      func(s string) error { _, err := ParseBICLoose(s); return err },
		"ParseCanadian":      func(s string) error { _, err := ParseCanadian(s); return err },
		"ParseCanadianLoose": func(s string) error { _, err := ParseCanadianLoose(s); return err },
	}
	for fn, inputs := range map[string][]string{
		"ParseABA":           {"915075033", "756392185", "000000000", "01100001x", "0110000150"},
		"ParseABALoose":      {"915-075-033", "756 392 185", "011-000-01x"},
		"ParseBIC":           {"DEUTZZFF", "deutdeff", "DEUTDEFF5"},
		"ParseBICLoose":      {"deut zz ff", "deut de f!", "deut de ff 5"},
		"ParseCanadian":      {"100300002", "00000-003", "0003000x2"},
		"ParseCanadianLoose": {"1003 00002", "00000 003", "0003 000x2"},
	} {
		for _, s := range inputs {
			var err error
			assert.LessOrEqual(t, testing.AllocsPerRun(50, func() { err = parsers[fn](s) }), 1.0, "%s(%q)", fn, s)
			require.Error(t, err, "%s(%q)", fn, s)
		}
	}
	_, err := ParseABA("915075033")
	assert.Equal(t, `routing.ParseABA("915075033"): check digit is 3, want 6`, err.Error())
}

func TestParseABALoose(t *testing.T) {
	want := MustParseABA("121000358")
	for _, s := range []string{"121-000-358", " 121 000 358\n", "\uFEFF121.000.358", "121000358"} {
		a, err := ParseABALoose(s)
		require.NoError(t, err, "ParseABALoose(%q)", s)
		assert.Equal(t, want, a)
	}
	tests := []struct {
		in, msg  string
		sentinel error
		pos      int
	}{
		{"121-000-359", `routing.ParseABALoose("121-000-359"): check digit is 9, want 8`, ErrChecksum, 11},
		{"121-0x0-358", `routing.ParseABALoose("121-0x0-358"): invalid character 'x' at position 6, want a digit or a separator`, ErrCharacter, 6},
		{"121-000-35", `routing.ParseABALoose("121-000-35"): has 8 characters after removing white space and separators, want 9 digits`, ErrLength, 0},
		// A routing number and an account number in one field: the
		// account number is not echoed.
		{"121000358 0123456789", `routing.ParseABALoose("...6789"): has 19 characters after removing white space and separators, want 9 digits`, ErrLength, 0},
	}
	for _, tt := range tests {
		_, err := ParseABALoose(tt.in)
		requireParseError(t, err, "ParseABALoose", tt.msg, tt.sentinel, tt.pos)
	}
}

func TestParseCanadianLoose(t *testing.T) {
	want := MustParseCanadian("000300002")
	for _, s := range []string{"00002-003", "00002 003", "0003 00002", "0003-00002", "\uFEFF 000300002 "} {
		c, err := ParseCanadianLoose(s)
		require.NoError(t, err, "ParseCanadianLoose(%q)", s)
		assert.Equal(t, want, c)
	}
	tests := []struct {
		in, msg  string
		sentinel error
		pos      int
	}{
		{"000-0200-3", `routing.ParseCanadianLoose("000-0200-3"): length is 8, want 9: 0IIITTTTT (electronic) or TTTTT-III (MICR); 8 digits could be 0IIITTTTT without its leading 0 (institution 000, transit 02003) or TTTTT-III without its hyphen (transit 00002, institution 003), so neither is assumed`, ErrLength, 0},
		{"1003 00002", `routing.ParseCanadianLoose("1003 00002"): the electronic form 0IIITTTTT starts with 0, not 1`, ErrPrefix, 1},
		{"00000 003", `routing.ParseCanadianLoose("00000 003"): transit 00000 is all zeros`, ErrStructure, 1},
		{"00002 000", `routing.ParseCanadianLoose("00002 000"): institution 000 is all zeros`, ErrStructure, 7},
		{"0003 0000x", `routing.ParseCanadianLoose("0003 0000x"): invalid character 'x' at position 10, want a digit or a separator`, ErrCharacter, 10},
	}
	for _, tt := range tests {
		_, err := ParseCanadianLoose(tt.in)
		requireParseError(t, err, "ParseCanadianLoose", tt.msg, tt.sentinel, tt.pos)
	}
}

func TestScanLoose(t *testing.T) {
	var a ABA
	require.NoError(t, ScanABALoose(&a).Scan("121-000-358"))
	assert.Equal(t, MustParseABA("121000358"), a)
	assert.ErrorIs(t, a.Scan("121-000-358"), ErrLength, "Scan stays strict")
	require.NoError(t, ScanABALoose(&a).Scan(nil))
	assert.True(t, a.IsZero())

	var b BIC
	require.NoError(t, ScanBICLoose(&b).Scan([]byte("deut de ff")))
	assert.Equal(t, MustParseBIC("DEUTDEFF"), b)
	require.NoError(t, ScanBICLoose(&b).Scan(""))
	assert.True(t, b.IsZero())

	var c Canadian
	require.NoError(t, ScanCanadianLoose(&c).Scan("00002 003"))
	assert.Equal(t, MustParseCanadian("000300002"), c)
	assert.ErrorIs(t, ScanCanadianLoose(&c).Scan("1003 00002"), ErrPrefix)
	assert.True(t, c.IsZero())
	assert.Error(t, ScanCanadianLoose(&c).Scan(300002))
}
