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
			assert.Equal(t, "*****"+tt.in[5:], a.Masked())
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
		{"915075033", `routing.ParseABA("915075033"): checksum failed: check digit is 3, want 6`, ErrChecksum, 9},
		{"952391102", `routing.ParseABA("952391102"): checksum failed: check digit is 2, want 0`, ErrChecksum, 9},
		{"756392185", `routing.ParseABA("756392185"): invalid prefix: Federal Reserve routing symbol 75 is not 00-12, 21-32, 61-72 or 80`, ErrPrefix, 1},
		{"131000018", `routing.ParseABA("131000018"): invalid prefix: Federal Reserve routing symbol 13 is not 00-12, 21-32, 61-72 or 80`, ErrPrefix, 1},
		{"000000000", `routing.ParseABA("000000000"): invalid structure: all zeros is not a routing number`, ErrStructure, 0},
		{"", `routing.ParseABA(""): wrong length: 0 characters, want 9 digits`, ErrLength, 0},
		{"01100001", `routing.ParseABA("01100001"): wrong length: 8 characters, want 9 digits`, ErrLength, 0},
		{"0110000150", `routing.ParseABA("0110000150"): wrong length: 10 characters, want 9 digits`, ErrLength, 0},
		{" 011000015", `routing.ParseABA(" 011000015"): wrong length: 10 characters, want 9 digits`, ErrLength, 0},
		{strings.Repeat("1", 100), `routing.ParseABA("1111111111111111111111111111111111111111"...): wrong length: 100 bytes, want 9 digits`, ErrLength, 0},
		{"01100001x", `routing.ParseABA("01100001x"): invalid character: 'x' at position 9, want a digit`, ErrCharacter, 9},
		{"0110-0001", `routing.ParseABA("0110-0001"): invalid character: '-' at position 5, want a digit`, ErrCharacter, 5},
		{"01100001\t", `routing.ParseABA("01100001\t"): invalid character: '\t' at position 9, want a digit`, ErrCharacter, 9},
		{"\xff11000015", `routing.ParseABA("\xff11000015"): invalid character: byte 0xff at position 1, want a digit`, ErrCharacter, 1},
		// A multi-byte character makes the length wrong; it is reported as
		// the character it is.
		{"01100001é", `routing.ParseABA("01100001é"): invalid character: non-ASCII 'é' (U+00E9) at position 9`, ErrCharacter, 9},
		{"０11000015", `routing.ParseABA("０11000015"): invalid character: non-ASCII '０' (U+FF10) at position 1`, ErrCharacter, 1},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			a, err := ParseABA(tt.in)
			assert.True(t, a.IsZero())
			requireParseError(t, err, "ParseABA", tt.msg, tt.sentinel, tt.pos)
			var pe *ParseError
			require.ErrorAs(t, err, &pe)
			assert.Equal(t, tt.in, pe.Input)

			err = ValidateABA(tt.in)
			assert.ErrorIs(t, err, tt.sentinel)
			assert.Equal(t, strings.Replace(tt.msg, "ParseABA", "ValidateABA", 1), err.Error())
		})
	}
}

func TestMustParseABAPanics(t *testing.T) {
	assert.PanicsWithError(t, `routing.ParseABA("915075033"): checksum failed: check digit is 3, want 6`, func() {
		MustParseABA("915075033")
	})
}

func TestCheckDigit(t *testing.T) {
	for _, s := range []string{"011000015", "021000021", "000000518", "322271627"} {
		d, err := CheckDigit(s[:8])
		require.NoError(t, err)
		assert.Equal(t, int(s[8]-'0'), d, s)
	}
	d, err := CheckDigit("91507503")
	require.NoError(t, err)
	assert.Equal(t, 6, d)

	_, err = CheckDigit("9150750")
	requireParseError(t, err, "CheckDigit", `routing.CheckDigit("9150750"): wrong length: 7 characters, want 8 digits`, ErrLength, 0)
	_, err = CheckDigit("9150750x")
	requireParseError(t, err, "CheckDigit", `routing.CheckDigit("9150750x"): invalid character: 'x' at position 8, want a digit`, ErrCharacter, 8)
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
	assert.Equal(t, "routing: cannot scan int64 into ABA: want a string, []byte or NULL", err.Error())
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
		d, err := CheckDigit(first8)
		if err != nil {
			t.Fatalf("CheckDigit(%q): %v", first8, err)
		}
		return first8 + string(rune('0'+d))
	})
}

func TestABAPropertyRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := genABA().Draw(t, "aba")
		a, err := ParseABA(s)
		if err != nil {
			t.Fatalf("ParseABA(%q): %v", s, err)
		}
		if a.String() != s {
			t.Fatalf("String() = %q, want %q", a.String(), s)
		}
		text, _ := a.MarshalText()
		var back ABA
		if err := back.UnmarshalText(text); err != nil || back != a {
			t.Fatalf("text round trip of %q: %v, %v", s, back, err)
		}
		if d := a.FederalReserveDistrict(); d < 0 || d > 12 {
			t.Fatalf("district %d", d)
		}
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
		if !errors.As(err, &pe) || pe.Err != ErrChecksum {
			t.Fatalf("ParseABA(%q), one digit off %q: got %v, want a checksum error", b, s, err)
		}
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
		if want := diff%5 != 0; checksumFailed != want {
			t.Fatalf("swap at %d of %q -> %q: checksum failed = %v, want %v (err %v)", i, s, b, checksumFailed, want, err)
		}
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
	assert.Zero(t, testing.AllocsPerRun(100, func() { _, _ = CheckDigit("01100001") }), "CheckDigit")
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
