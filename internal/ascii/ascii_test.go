package ascii

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestClasses(t *testing.T) {
	for b := 0; b < 256; b++ {
		c := byte(b)
		assert.Equal(t, c >= '0' && c <= '9', IsDigit(c), "IsDigit(%q)", c)
		assert.Equal(t, c >= 'A' && c <= 'Z', IsUpper(c), "IsUpper(%q)", c)
		assert.Equal(t, c >= 'a' && c <= 'z', IsLower(c), "IsLower(%q)", c)
		assert.Equal(t, IsDigit(c) || IsUpper(c), IsUpperAlnum(c), "IsUpperAlnum(%q)", c)
		want := c
		if IsLower(c) {
			want = c - 32
		}
		assert.Equal(t, want, ToUpper(c), "ToUpper(%q)", c)
	}
}

func TestIndex(t *testing.T) {
	tests := []struct {
		in                                 string
		nonDigit, nonAlnum, nonUpper, non8 int
	}{
		{"", -1, -1, -1, -1},
		{"0123456789", -1, -1, 0, -1},
		{"ABCXYZ", 0, -1, -1, -1},
		{"AB1", 0, -1, 2, -1},
		{"12a", 2, 2, 0, -1},
		{"12 3", 2, 2, 0, -1},
		{"12\u00e93", 2, 2, 0, 2},
		{"DE\uff1189", 0, 2, 2, 2},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.nonDigit, IndexNonDigit(tt.in), "IndexNonDigit(%q)", tt.in)
		assert.Equal(t, tt.nonAlnum, IndexNonUpperAlnum(tt.in), "IndexNonUpperAlnum(%q)", tt.in)
		assert.Equal(t, tt.nonUpper, IndexNonUpper(tt.in), "IndexNonUpper(%q)", tt.in)
		assert.Equal(t, tt.non8, IndexNonASCII(tt.in), "IndexNonASCII(%q)", tt.in)
	}
}

func TestTrimSpace(t *testing.T) {
	tests := map[string]string{
		"":                 "",
		"   ":              "",
		" \t\r\nab c\v\f ": "ab c",
		"\u00a0ab\u00a0":   "\u00a0ab\u00a0", // NBSP is not ASCII space: left for the parser to reject
		"abc":              "abc",
	}
	for in, want := range tests {
		assert.Equal(t, want, TrimSpace(in), "TrimSpace(%q)", in)
	}
}

func TestDigits(t *testing.T) {
	tests := []struct {
		in   string
		want int64
		ok   bool
	}{
		{"0", 0, true},
		{"007", 7, true},
		{"999999999999999999", 999999999999999999, true},
		{"1000000000000000000", 0, false},
		{"", 0, false},
		{"12a", 0, false},
		{"-1", 0, false},
	}
	for _, tt := range tests {
		n, ok := Digits(tt.in)
		assert.Equal(t, tt.ok, ok, "Digits(%q) ok", tt.in)
		assert.Equal(t, tt.want, n, "Digits(%q)", tt.in)
	}
}

func TestAllocs(t *testing.T) {
	s := "DE89370400440532013000"
	allocs := testing.AllocsPerRun(100, func() {
		_ = IndexNonDigit(s)
		_ = IndexNonUpperAlnum(s)
		_ = IndexNonASCII(s)
		_ = TrimSpace("  " + s[:4])
		_, _ = Digits(s[4:])
	})
	assert.Zero(t, allocs)
}

var sinkInt int

func BenchmarkIndexNonUpperAlnum(b *testing.B) {
	s := "GB82WEST12345698765432"
	for b.Loop() {
		sinkInt = IndexNonUpperAlnum(s)
	}
}

func BenchmarkIndexNonDigit(b *testing.B) {
	s := "002010077777777771"
	for b.Loop() {
		sinkInt = IndexNonDigit(s)
	}
}
