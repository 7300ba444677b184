package checksum

import (
	"math/big"
	"math/bits"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

// bigMod97 is the textbook oracle: expand letters to two digits, parse the
// whole thing as one big integer, take it modulo 97.
func bigMod97(s string) (int, bool) {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			b.WriteByte(c)
		case c >= 'A' && c <= 'Z':
			b.WriteString(big.NewInt(int64(c - 'A' + 10)).String())
		default:
			return 0, false
		}
	}
	if b.Len() == 0 {
		return 0, true
	}
	n, ok := new(big.Int).SetString(b.String(), 10)
	if !ok {
		return 0, false
	}
	return int(new(big.Int).Mod(n, big.NewInt(97)).Int64()), true
}

func TestMod97(t *testing.T) {
	tests := []struct {
		in   string
		want int
		ok   bool
	}{
		{"", 0, true},
		{"0", 0, true},
		{"96", 96, true},
		{"97", 0, true},
		{"A", 10, true},
		{"Z", 35, true},
		// DE89370400440532013000 rotated: a valid IBAN leaves 1.
		{"370400440532013000DE89", 1, true},
		{"370400440532013000DE88", 0, true},
		// GB82WEST12345698765432 rotated.
		{"WEST12345698765432GB82", 1, true},
		{"99999999999999999999999999999999999999999999", 42, true}, // long run of 9s exercises the reduction
		{"12a", 0, false},
		{"12 3", 0, false},
		{"\xff", 0, false},
	}
	for _, tt := range tests {
		got, ok := Mod97(tt.in)
		assert.Equal(t, tt.ok, ok, "Mod97(%q) ok", tt.in)
		if tt.ok {
			want, _ := bigMod97(tt.in)
			require.Equal(t, want, tt.want, "table disagrees with oracle for %q", tt.in)
			assert.Equal(t, tt.want, got, "Mod97(%q)", tt.in)
		}
	}
}

func TestMod97FromSplits(t *testing.T) {
	s := "370400440532013000DE89"
	for i := 0; i <= len(s); i++ {
		r, ok := Mod97(s[:i])
		require.True(t, ok)
		r, ok = Mod97From(r, s[i:])
		require.True(t, ok)
		assert.Equal(t, 1, r, "split at %d", i)
	}
}

func TestMod97MatchesBigInt(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := rapid.StringMatching(`[0-9A-Z]{0,80}`).Draw(t, "s")
		got, ok := Mod97(s)
		want, wantOK := bigMod97(s)
		require.Equal(t, wantOK, ok, "Mod97(%q)", s)
		require.Equal(t, want, got, "Mod97(%q)", s)
	})
}

// Most IBAN characters are digits, which Mod97From reads eight at a time,
// and most letters come in runs of four, which it reads four at a time;
// this drives every split of digit runs against letter runs, block edges
// and the rem argument.
func TestMod97DigitRunsMatchBigInt(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := rapid.StringMatching(`([0-9]{0,12}[A-Z]{0,6}){0,6}`).Draw(t, "s")
		split := rapid.IntRange(0, len(s)).Draw(t, "split")
		want, _ := bigMod97(s)
		r, ok := Mod97(s[:split])
		require.True(t, ok, "Mod97(%q) not ok", s[:split])
		got, ok := Mod97From(r, s[split:])
		require.True(t, ok, "Mod97From(Mod97(%q), %q) not ok", s[:split], s[split:])
		require.Equal(t, want, got, "Mod97From(Mod97(%q), %q)", s[:split], s[split:])
	})
}

func TestMod97RejectsEveryBadByteAnywhere(t *testing.T) {
	for _, base := range []string{"37040044053201300012345678901234DE89", "NWBK60161331926819GB29", "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "12345678LC", "LC55", "1A"} {
		checkEveryBadByte(t, base)
	}
}

func checkEveryBadByte(t *testing.T, base string) {
	for pos := 0; pos < len(base); pos++ {
		for _, bad := range []byte{' ', '/', ':', '@', '[', 'a', 'z', 0x00, 0x7f, 0x80, 0xff} {
			s := base[:pos] + string([]byte{bad}) + base[pos+1:]
			_, ok := Mod97(s)
			assert.False(t, ok, "Mod97(%q)", s)
		}
	}
}

func TestMod97FromReducesRem(t *testing.T) {
	for _, rem := range []int{97, 98, 1000, -1, -97, -98} {
		want := ((rem % 97) + 97) % 97
		got, ok := Mod97From(rem, "")
		assert.True(t, ok)
		assert.Equal(t, want, got, "Mod97From(%d, \"\")", rem)
	}
	got, _ := Mod97From(97+3, "12345678")
	want, _ := Mod97From(3, "12345678")
	assert.Equal(t, want, got)
}

func TestLetters(t *testing.T) {
	for _, s := range []string{"ABCDEFGH", "ZZZZZZZZ", "A1234567", "AB123456", "ABC12345", "NWBK6016", "Z", "QR"} {
		n := len(s)
		x := load8(s+"\x00\x00\x00\x00\x00\x00\x00"[:8-min(n, 8)], 0)
		j := leadingLetters(x)
		want := 0
		for want < n && s[want] >= 'A' {
			want++
		}
		assert.Equal(t, want, j, s)
		j = min(j, 4)
		var v uint64
		for i := 0; i < j; i++ {
			v = v*100 + uint64(s[i]-'A'+10)
		}
		assert.Equal(t, v, letters(x, j), s)
	}
}

func TestEightDigits(t *testing.T) {
	for _, s := range []string{"00000000", "00000001", "10000000", "12345678", "99999999", "09090909", "31415926"} {
		var v uint64
		for i := 0; i < 8; i++ {
			v = v*10 + uint64(s[i]-'0')
		}
		x := load8(s, 0)
		require.Zero(t, nonDigitBytes(x), s)
		assert.Equal(t, v, eightDigits(x), s)
	}
	for k := 0; k < 8; k++ {
		s := []byte("12345678")
		s[k] = 'X'
		x := load8(string(s), 0)
		assert.Equal(t, k, bits.TrailingZeros64(nonDigitBytes(x))/8, "%s", s)
	}
	// A byte that carries when 6 is added must not hide behind or unmask
	// its neighbour.
	x := load8("9\xfa999999", 0)
	assert.Equal(t, 1, bits.TrailingZeros64(nonDigitBytes(x))/8)
}

func TestWeightedSum(t *testing.T) {
	w371 := []int{3, 7, 1}
	tests := []struct {
		in      string
		weights []int
		want    int
		ok      bool
	}{
		{"", w371, 0, true},
		{"1", w371, 3, true},
		{"111", w371, 11, true},
		{"1111", w371, 14, true},
		// ABA 011000015: the 3-7-1 sum over all nine digits is a multiple of 10.
		{"011000015", w371, 20, true},
		{"99", []int{2}, 36, true},
		{"1a", w371, 0, false},
		{"12", nil, 0, false},
	}
	for _, tt := range tests {
		got, ok := WeightedSum(tt.in, tt.weights)
		assert.Equal(t, tt.ok, ok, "WeightedSum(%q) ok", tt.in)
		assert.Equal(t, tt.want, got, "WeightedSum(%q)", tt.in)
	}
}

// The CLABE rule takes each product mod 10 before summing; WeightedSum
// documents that the unreduced sum gives the same check digit.
func TestWeightedSumMatchesPerProductReduction(t *testing.T) {
	w := []int{3, 7, 1}
	rapid.Check(t, func(t *rapid.T) {
		s := rapid.StringMatching(`[0-9]{0,40}`).Draw(t, "s")
		reduced := 0
		for i := 0; i < len(s); i++ {
			reduced += (int(s[i]-'0') * w[i%3]) % 10
		}
		sum, ok := WeightedSum(s, w)
		require.True(t, ok, "WeightedSum(%q) not ok", s)
		require.Equal(t, reduced%10, sum%10, "WeightedSum(%q) = %d; per-product sum %d", s, sum, reduced)
	})
}

func TestAllocs(t *testing.T) {
	w := []int{3, 7, 1}
	allocs := testing.AllocsPerRun(100, func() {
		r, _ := Mod97("WEST12345698765432")
		_, _ = Mod97From(r, "GB82")
		_, _ = WeightedSum("00201007777777777", w)
	})
	assert.Zero(t, allocs)
}

var sink int

func BenchmarkMod97(b *testing.B) {
	// The longest IBAN body in the registry (LC, 32 characters) rotated.
	s := "HEMM000100010012001200023015LC55"
	for b.Loop() {
		sink, _ = Mod97(s)
	}
}

func BenchmarkWeightedSum(b *testing.B) {
	w := []int{3, 7, 1}
	for b.Loop() {
		sink, _ = WeightedSum("00201007777777777", w)
	}
}
