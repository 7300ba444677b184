package ascii

import (
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
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

func TestClean(t *testing.T) {
	tests := []struct {
		in, prefix, want string
		at               []int
	}{
		{"de89 3704", "", "DE893704", []int{0, 1, 2, 3, 5, 6, 7, 8}},
		{"\uFEFF1-2.3\t4\n", "", "1234", []int{3, 5, 7, 9}},
		{" IBAN DE89", "IBAN", "DE89", []int{6, 7, 8, 9}},
		{"iban\tde89", "IBAN", "DE89", []int{5, 6, 7, 8}},
		{"IBANDE89", "IBAN", "IBANDE89", []int{0, 1, 2, 3, 4, 5, 6, 7}},
		{"IBAN ", "IBAN", "", []int{}},
		{"a\uFEFFb", "", "A\xef\xbb\xbfB", []int{0, 1, 2, 3, 4}},
		{"１2", "", "\xef\xbc\x912", []int{0, 1, 2, 3}},
	}
	for _, tt := range tests {
		dst := make([]byte, 16)
		at := make([]int, 16)
		n := Clean(dst, at, tt.in, tt.prefix)
		assert.Equal(t, tt.want, string(dst[:n]), "Clean(%q, %q)", tt.in, tt.prefix)
		assert.Equal(t, tt.at, at[:n], "Clean(%q, %q) offsets", tt.in, tt.prefix)
	}
	// Past the buffer, Clean counts without storing.
	dst, at := make([]byte, 2), make([]int, 2)
	assert.Equal(t, 5, Clean(dst, at, "1 2 3 4 5", ""))
	assert.Equal(t, "12", string(dst))
}

func TestDescribe(t *testing.T) {
	assert.Equal(t, "invalid character 'x'", Describe("ax", 1))
	assert.Equal(t, `invalid character '\t'`, Describe("\t", 0))
	assert.Equal(t, "invalid character '１' (U+FF11)", Describe("１", 0))
	assert.Equal(t, "invalid byte 0xFF", Describe("\xff", 0))
	assert.Equal(t, "invalid character", Describe("", 3))
}

// FuzzClean checks Clean against the rule written out plainly, for the
// IBAN prefix and none, with a buffer that may be too small.
func FuzzClean(f *testing.F) {
	for _, s := range []string{"de89 3704", "\uFEFFIBAN\tDE89-37.04", " iban de89", "IBAN", "IBANDE89", "\uFEFF\uFEFF1", "１-2"} {
		f.Add(s, uint8(16))
	}
	f.Fuzz(func(t *testing.T, s string, size uint8) {
		for _, prefix := range []string{"", "IBAN"} {
			rest := strings.TrimPrefix(s, BOM)
			off := len(s) - len(rest)
			trimmed := strings.TrimLeft(rest, " \t\n\v\f\r")
			off += len(rest) - len(trimmed)
			if p := len(prefix); p > 0 && len(trimmed) > p && IsSpace(trimmed[p]) && strings.ToUpper(trimmed[:p]) == prefix {
				off += p
			}
			var want []byte
			var wantAt []int
			for i := off; i < len(s); i++ {
				if c := s[i]; !IsSeparator(c) {
					want = append(want, ToUpper(c))
					wantAt = append(wantAt, i)
				}
			}
			dst, at := make([]byte, size), make([]int, size)
			n := Clean(dst, at, s, prefix)
			require.Equal(t, len(want), n, "Clean(%q, %q): bytes kept", s, prefix)
			k := min(n, int(size))
			require.Equal(t, string(want[:k]), string(dst[:k]), "Clean(%q, %q)", s, prefix)
			require.True(t, slices.Equal(at[:k], wantAt[:k]), "Clean(%q, %q): positions %v, want %v", s, prefix, at[:k], wantAt[:k])
		}
	})
}
