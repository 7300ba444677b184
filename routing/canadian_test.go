package routing

import (
	"database/sql"
	"database/sql/driver"
	"encoding"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

var (
	_ encoding.TextAppender    = Canadian{}
	_ encoding.TextMarshaler   = Canadian{}
	_ encoding.TextUnmarshaler = (*Canadian)(nil)
	_ sql.Scanner              = (*Canadian)(nil)
	_ driver.Valuer            = Canadian{}
	_ slog.LogValuer           = Canadian{}
)

func TestParseCanadian(t *testing.T) {
	tests := []struct {
		in, electronic, micr, institution, transit, name string
	}{
		{"000300002", "000300002", "00002-003", "003", "00002", "Royal Bank of Canada"},
		{"00002-003", "000300002", "00002-003", "003", "00002", "Royal Bank of Canada"},
		{"000112345", "000112345", "12345-001", "001", "12345", "Bank of Montreal"},
		{"12345-001", "000112345", "12345-001", "001", "12345", "Bank of Montreal"},
		{"081530001", "081530001", "30001-815", "815", "30001", "Federation des Caisses Desj. Quebec"},
		{"99999-999", "099999999", "99999-999", "999", "99999", ""}, // not in the table: no name, no error
		{"011700001", "011700001", "00001-117", "117", "00001", ""}, // listed without a name
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			c, err := ParseCanadian(tt.in)
			require.NoError(t, err)
			require.NoError(t, ValidateCanadian(tt.in))
			assert.False(t, c.IsZero())
			assert.Equal(t, tt.electronic, c.String())
			assert.Equal(t, tt.micr, c.MICR())
			assert.Equal(t, tt.institution, c.Institution())
			assert.Equal(t, tt.transit, c.Transit())
			assert.Equal(t, tt.name, c.InstitutionName())
			assert.Equal(t, MustParseCanadian(tt.in), c)

			from, err := CanadianFrom(tt.institution, tt.transit)
			require.NoError(t, err)
			assert.Equal(t, c, from)
		})
	}
	assert.True(t, MustParseCanadian("000112345") == MustParseCanadian("12345-001"), "both forms give equal values")
}

func TestParseCanadianErrors(t *testing.T) {
	tests := []struct {
		in       string
		msg      string
		sentinel error
		pos      int
	}{
		// The seeds' eft_ca_routing_number: eight digits, read two ways.
		{"02101140", `routing.ParseCanadian("02101140"): length is 8, want 9: 0IIITTTTT (electronic) or TTTTT-III (MICR); ` +
			`8 digits could be 0IIITTTTT without its leading 0 (institution 021, transit 01140) or TTTTT-III without its hyphen (transit 02101, institution 140), so neither is assumed`,
			ErrLength, 0},
		{"", `routing.ParseCanadian(""): length is 0, want 9: 0IIITTTTT (electronic) or TTTTT-III (MICR)`, ErrLength, 0},
		{"0001123456", `routing.ParseCanadian("...3456"): length is 10, want 9: 0IIITTTTT (electronic) or TTTTT-III (MICR)`, ErrLength, 0},
		{"1234-5678", `routing.ParseCanadian("1234-5678"): invalid character '-' at position 5, want a digit; the MICR form TTTTT-III has its hyphen at position 6`, ErrCharacter, 5},
		{"12345 001", `routing.ParseCanadian("12345 001"): invalid character ' ' at position 6, want a digit (0IIITTTTT) or '-' (TTTTT-III)`, ErrCharacter, 6},
		{"1234x-001", `routing.ParseCanadian("1234x-001"): invalid character 'x' at position 5, want a digit (TTTTT-III)`, ErrCharacter, 5},
		{"12345-00a", `routing.ParseCanadian("12345-00a"): invalid character 'a' at position 9, want a digit (TTTTT-III)`, ErrCharacter, 9},
		{"0001１234", `routing.ParseCanadian("...\x91234"): invalid character '１' (U+FF11) at position 5`, ErrCharacter, 5},
		{"123456789", `routing.ParseCanadian("123456789"): the electronic form 0IIITTTTT starts with 0, not 1`, ErrPrefix, 1},
		{"000100000", `routing.ParseCanadian("000100000"): transit 00000 is all zeros`, ErrStructure, 5},
		{"00000-001", `routing.ParseCanadian("00000-001"): transit 00000 is all zeros`, ErrStructure, 1},
		{"000012345", `routing.ParseCanadian("000012345"): institution 000 is all zeros`, ErrStructure, 2},
		{"12345-000", `routing.ParseCanadian("12345-000"): institution 000 is all zeros`, ErrStructure, 7},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			c, err := ParseCanadian(tt.in)
			assert.True(t, c.IsZero())
			requireParseError(t, err, "ParseCanadian", tt.msg, tt.sentinel, tt.pos)
			err = ValidateCanadian(tt.in)
			assert.Equal(t, strings.Replace(tt.msg, "ParseCanadian", "ValidateCanadian", 1), err.Error())
		})
	}
}

func TestCanadianFromErrors(t *testing.T) {
	tests := []struct {
		institution, transit string
		msg                  string
		sentinel             error
		input                string
		pos                  int
	}{
		{"01", "12345", `routing.CanadianFrom("01", "12345"): institution: length is 2, want 3 digits`, ErrLength, "01", 0},
		{"0001", "12345", `routing.CanadianFrom("0001", "12345"): institution: length is 4, want 3 digits`, ErrLength, "0001", 0},
		{"001", "1234", `routing.CanadianFrom("001", "1234"): transit: length is 4, want 5 digits`, ErrLength, "1234", 0},
		{"0x1", "12345", `routing.CanadianFrom("0x1", "12345"): institution: invalid character 'x' at position 2, want a digit`, ErrCharacter, "0x1", 2},
		{"001", "1234 ", `routing.CanadianFrom("001", "1234 "): transit: invalid character ' ' at position 5, want a digit`, ErrCharacter, "1234 ", 5},
		{"000", "12345", `routing.CanadianFrom("000", "12345"): institution: 000 is all zeros`, ErrStructure, "000", 1},
		{"001", "00000", `routing.CanadianFrom("001", "00000"): transit: 00000 is all zeros`, ErrStructure, "00000", 1},
	}
	for _, tt := range tests {
		t.Run(tt.institution+"/"+tt.transit, func(t *testing.T) {
			c, err := CanadianFrom(tt.institution, tt.transit)
			assert.True(t, c.IsZero())
			requireParseError(t, err, "CanadianFrom", tt.msg, tt.sentinel, tt.pos)
			var pe *ParseError
			require.ErrorAs(t, err, &pe)
			assert.Equal(t, tt.input, pe.UnmaskedInput())
		})
	}
}

func TestCanadianZero(t *testing.T) {
	var c Canadian
	assert.True(t, c.IsZero())
	for _, s := range []string{c.String(), c.MICR(), c.Institution(), c.Transit(), c.InstitutionName()} {
		assert.Equal(t, "", s)
	}
	text, err := c.MarshalText()
	require.NoError(t, err)
	assert.Equal(t, "", string(text))
	v, err := c.Value()
	require.NoError(t, err)
	assert.Nil(t, v)
}

func TestCanadianEncodings(t *testing.T) {
	type ids struct {
		EFT Canadian `json:"eft_ca_routing_number"`
	}
	var got ids
	require.NoError(t, json.Unmarshal([]byte(`{"eft_ca_routing_number":"12345-001"}`), &got))
	assert.Equal(t, MustParseCanadian("000112345"), got.EFT)
	out, err := json.Marshal(got)
	require.NoError(t, err)
	assert.JSONEq(t, `{"eft_ca_routing_number":"000112345"}`, string(out))

	// The seed's value is refused, with both readings in the message.
	err = json.Unmarshal([]byte(`{"eft_ca_routing_number":"02101140"}`), &got)
	assert.ErrorIs(t, err, ErrLength)
	assert.ErrorContains(t, err, "institution 021, transit 01140")

	app, err := MustParseCanadian("12345-001").AppendText([]byte("ca="))
	require.NoError(t, err)
	assert.Equal(t, "ca=000112345", string(app))

	var c Canadian
	require.NoError(t, c.Scan("000300002"))
	assert.Equal(t, "003", c.Institution())
	require.NoError(t, c.Scan([]byte("00002-003")))
	assert.Equal(t, "000300002", c.String())
	require.NoError(t, c.Scan(nil))
	assert.True(t, c.IsZero())
	assert.EqualError(t, c.Scan(int64(300002)), "routing: cannot scan int64 into a Canadian routing number: store it as text (a string, []byte or NULL)")
	v, err := MustParseCanadian("00002-003").Value()
	require.NoError(t, err)
	assert.Equal(t, "000300002", v)

	var buf strings.Builder
	slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{ReplaceAttr: dropTime})).Info("eft", "ca", MustParseCanadian("00002-003"))
	assert.Equal(t, "level=INFO msg=eft ca=000300002\n", buf.String())
}

func TestCanadianInstitutionTable(t *testing.T) {
	assert.Regexp(t, `^\d{4}-\d{2}-\d{2}$`, CanadianInstitutionsDate)
	assert.Equal(t, "", institutionNames[0])
	named := 0
	for _, n := range institutionNames {
		if n != "" {
			named++
		}
	}
	// 127 rows in testdata/ca_institutions.csv, 6 of them without a name.
	assert.Equal(t, 121, named)
}

func TestCanadianPropertyRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		inst := fmt.Sprintf("%03d", rapid.IntRange(1, 999).Draw(t, "institution"))
		transit := fmt.Sprintf("%05d", rapid.IntRange(1, 99999).Draw(t, "transit"))
		c, err := CanadianFrom(inst, transit)
		require.NoError(t, err, "CanadianFrom(%q, %q)", inst, transit)
		require.Equal(t, inst, c.Institution())
		require.Equal(t, transit, c.Transit())
		require.Equal(t, "0"+inst+transit, c.String())
		require.Equal(t, transit+"-"+inst, c.MICR())
		for _, s := range []string{c.String(), c.MICR()} {
			p, err := ParseCanadian(s)
			require.NoError(t, err, "ParseCanadian(%q)", s)
			require.Equal(t, c, p, "ParseCanadian(%q)", s)
		}
		text, _ := c.MarshalText()
		var back Canadian
		require.NoError(t, back.UnmarshalText(text), "text round trip")
		require.Equal(t, c, back, "text round trip")
	})
}

func TestCanadianAllocs(t *testing.T) {
	var sink Canadian
	buf := make([]byte, 0, 32)
	for _, s := range []string{"000112345", "12345-001"} {
		assert.Zero(t, testing.AllocsPerRun(100, func() { sink, _ = ParseCanadian(s) }), "ParseCanadian(%q)", s)
		assert.Zero(t, testing.AllocsPerRun(100, func() { _ = ValidateCanadian(s) }), "ValidateCanadian(%q)", s)
	}
	assert.Zero(t, testing.AllocsPerRun(100, func() { sink, _ = CanadianFrom("001", "12345") }), "CanadianFrom")
	c := MustParseCanadian("000112345")
	assert.Zero(t, testing.AllocsPerRun(100, func() { buf, _ = c.AppendText(buf[:0]) }), "AppendText")
	assert.Zero(t, testing.AllocsPerRun(100, func() { _ = c.InstitutionName() }), "InstitutionName")
	_ = sink
}

func BenchmarkParseCanadian(b *testing.B) {
	for _, s := range []string{"000112345", "12345-001"} {
		b.Run(s, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := ParseCanadian(s); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
