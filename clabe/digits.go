package clabe

// Parse's fast path reads a CLABE eight bytes at a time (SWAR: SIMD within
// a register): the digit check is two word compares and the weighted sum
// four multiplies, where checksum.WeightedSum loops over 17 bytes and
// takes most of the 20 ns budget of BenchmarkParse by itself. CheckDigit
// and New use checksum.WeightedSum, and the tests prove the two sums equal
// on every input.
//
// A word holds eight bytes of the string little-endian: the first
// character, the most significant digit, is the low byte.

const (
	lo8     = 0x0101010101010101 // 0x01 in every byte
	nibbles = 0xf0f0f0f0f0f0f0f0 // the high nibble of every byte
	even8   = 0x00ff00ff00ff00ff // the even bytes, as four 16-bit lanes
)

func load8(s string) uint64 {
	_ = s[7]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// allDigits reports whether every byte of x is '0'..'9'. A digit's high
// nibble is 3 and stays 3 after adding 6; any other byte fails one of the
// two tests. Adding 6 can carry out of a byte only if that byte is 0xfa or
// more, which the first test has already failed.
func allDigits(x uint64) bool {
	return x&nibbles == 0x30*lo8 && (x+6*lo8)&nibbles == 0x30*lo8
}

// laneWeights returns the multiplier that gives the weighted sum of four
// digits held in 16-bit lanes. Multiplying lanes x_j (j = 0..3) by lanes
// m_k adds into the top lane every x_j*m_(3-j), so m_k is the weight of
// the digit in lane 3-k. Lower lanes stay under 4*9*7 and never carry into
// the top one. pos is the CLABE position of the digit in lane 0; lanes are
// two positions apart.
func laneWeights(pos int) uint64 {
	var m uint64
	for k := range 4 {
		m |= uint64(weights[(pos+2*(3-k))%len(weights)]) << (16 * k)
	}
	return m
}

// The multipliers for the even and odd bytes of the words at positions 0
// and 8.
var (
	mEven0, mOdd0 = laneWeights(0), laneWeights(1)
	mEven8, mOdd8 = laneWeights(8), laneWeights(9)
)

// fastParse returns the first 16 bytes of s as two words and the weighted
// sum of its first 17 digits, or ok false when s is not 18 ASCII digits.
func fastParse(s string) (lo, hi uint64, sum int, ok bool) {
	_ = s[Length-1]
	lo, hi = load8(s), load8(s[8:])
	c16, c17 := s[16]-'0', s[17]-'0'
	if !allDigits(lo) || !allDigits(hi) || c16 > 9 || c17 > 9 {
		return 0, 0, 0, false
	}
	a, b := lo-0x30*lo8, hi-0x30*lo8
	sum = int((a&even8)*mEven0>>48 + (a>>8&even8)*mOdd0>>48 +
		(b&even8)*mEven8>>48 + (b>>8&even8)*mOdd8>>48 +
		uint64(c16)*uint64(weights[16%len(weights)]))
	return lo, hi, sum, true
}
