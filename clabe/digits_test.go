package clabe

import (
	"strings"
	"testing"

	"github.com/acctkit/acctkit/internal/checksum"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

// TestFastParseLinear proves the SWAR sum equals checksum.WeightedSum on
// every input: both are linear in the digits, so agreeing on each digit
// value at each position alone is enough, provided no lane overflows,
// which the all-nines case (the largest lane sums) checks.
func TestFastParseLinear(t *testing.T) {
	for p := range Length - 1 {
		for d := byte('0'); d <= '9'; d++ {
			b := []byte(strings.Repeat("0", Length))
			b[p] = d
			s := string(b)
			_, _, sum, ok := fastParse(s)
			require.True(t, ok)
			want, _ := checksum.WeightedSum(s[:Length-1], weights[:])
			assert.Equal(t, want, sum, "digit %c at %d", d, p)
		}
	}
	nines := strings.Repeat("9", Length)
	_, _, sum, ok := fastParse(nines)
	require.True(t, ok)
	want, _ := checksum.WeightedSum(nines[:Length-1], weights[:])
	assert.Equal(t, want, sum)
}

func TestFastParseMatchesWeightedSum(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := rapid.StringMatching(`[0-9]{18}`).Draw(t, "s")
		_, _, sum, ok := fastParse(s)
		require.True(t, ok)
		want, _ := checksum.WeightedSum(s[:Length-1], weights[:])
		require.Equal(t, want, sum)
	})
}

// TestFastParseRejectsEveryNonDigit puts each of the 246 non-digit bytes
// at each of the 18 positions.
func TestFastParseRejectsEveryNonDigit(t *testing.T) {
	base := []byte("002010077777777771")
	for p := range Length {
		for c := range 256 {
			b := append([]byte(nil), base...)
			b[p] = byte(c)
			_, _, _, ok := fastParse(string(b))
			assert.Equal(t, c >= '0' && c <= '9', ok, "byte %#x at %d", c, p)
		}
	}
}
