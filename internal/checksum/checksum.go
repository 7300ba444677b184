// Package checksum holds the allocation-free check-digit kernels shared by
// the identifier packages: ISO 7064 MOD 97-10 (IBAN, several national BBAN
// checks) and weighted digit sums (ABA and CLABE 3-7-1, and the national
// mod-10 and mod-11 schemes).
package checksum

import "math/bits"

// Mod97 returns the ISO 7064 MOD 97-10 remainder of s read as one decimal
// number in which each letter stands for two digits (A=10 ... Z=35). ok is
// false if s holds a byte that is not a digit or an upper-case ASCII letter.
func Mod97(s string) (rem int, ok bool) {
	return Mod97From(0, s)
}

// Mod97From continues a Mod97 computation: it returns the remainder of the
// number whose leading digits left remainder rem, followed by s. It lets a
// caller check a rotated string (IBAN: BBAN, then country code and check
// digits) without building it. A rem outside 0..96 is first reduced
// modulo 97.
//
// Digits, the bulk of most IBANs, are read eight bytes at a time and
// letters up to four at a time, each run with one multiply-add; only the
// last few characters, when they hold a letter, go one at a time through
// a table. The running value is only kept below 2^63, not below 97, so
// the loop rarely divides.
func Mod97From(rem int, s string) (int, bool) {
	if uint(rem) >= 97 {
		rem %= 97
		if rem < 0 {
			rem += 97
		}
	}
	r := uint64(rem)
	i := 0
	for i+8 <= len(s) {
		x := load8(s, i)
		if allDigits(x) {
			r = fold(r)*1e8 + eightDigits(x)
			i += 8
			continue
		}
		// The k digits before the first non-digit still go in one step:
		// shifted to the top of the word behind leading '0's they read as
		// the same number. Then up to four letters go in one step, the
		// usual shape being a four-letter bank code.
		k := firstNonDigit(x)
		if k > 0 {
			r = fold(r)*pow10[k] + eightDigits(x<<(64-8*k)|'0'*lo8>>(8*k))
			i += k
			x >>= 8 * k
		}
		j := min(leadingLetters(x), 4)
		if j == 0 {
			return 0, false
		}
		r = fold(r)*pow10[2*j] + letters(x, j)
		i += j
	}
	// A tail of one to seven digits: reread it as the end of the last
	// eight bytes, with the bytes already counted replaced by '0'.
	if t := len(s) - i; t > 0 && len(s) >= 8 {
		counted := uint64(1)<<(8*(8-t)) - 1
		if x := load8(s, len(s)-8)&^counted | '0'*lo8&counted; allDigits(x) {
			return int((fold(r)*pow10[t] + eightDigits(x)) % 97), true
		}
	}
	for ; i < len(s); i++ {
		var ok bool
		if r, ok = step(r, s[i]); !ok {
			return 0, false
		}
	}
	return int(r % 97), true
}

// fold returns a number below 2^36.2 that is congruent to r modulo 97
// (2^32 = 35 mod 97), so that fold(r)*10^8 + 10^8 stays below 2^63 for
// any r below 2^63. It is a multiply and an add where r % 97 is a
// multiply, a shift, another multiply and a subtraction, all in the
// loop's critical path.
func fold(r uint64) uint64 { return (r>>32)*35 + r&0xffffffff }

// reduceAbove bounds the running value in step: below 2^56, appending two
// more decimal digits (r*100 + 35) stays under 2^63.
const reduceAbove = 1 << 56

// mod97Value maps '0'..'9' to 0..9 and 'A'..'Z' to 10..35; every other
// byte maps to notDigitOrUpper.
var mod97Value = func() (t [256]uint8) {
	for i := range t {
		t[i] = notDigitOrUpper
	}
	for c := '0'; c <= '9'; c++ {
		t[c] = uint8(c - '0')
	}
	for c := 'A'; c <= 'Z'; c++ {
		t[c] = uint8(c-'A') + 10
	}
	return t
}()

const notDigitOrUpper = 0xff

var pow10 = [9]uint64{1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000}

// step appends one character, a digit as one decimal digit, a letter as
// two, to r < 2^63.
func step(r uint64, c byte) (uint64, bool) {
	v := mod97Value[c]
	if v == notDigitOrUpper {
		return 0, false
	}
	if r >= reduceAbove {
		r %= 97
	}
	if v < 10 {
		return r*10 + uint64(v), true
	}
	return r*100 + uint64(v), true
}

// The block helpers treat eight bytes of s as one little-endian word, so
// byte 0 (the first character, the most significant digit) is the low byte.
const (
	lo8    = 0x0101010101010101
	hi8    = 0x8080808080808080
	nibble = 0xf0f0f0f0f0f0f0f0
)

func load8(s string, i int) uint64 {
	b := s[i : i+8] // one bounds check; the compiler merges the loads
	return uint64(b[0]) | uint64(b[1])<<8 | uint64(b[2])<<16 | uint64(b[3])<<24 |
		uint64(b[4])<<32 | uint64(b[5])<<40 | uint64(b[6])<<48 | uint64(b[7])<<56
}

// nonDigitBytes returns a word whose high nibble is non-zero in exactly the
// bytes of x that are not '0'..'9': a digit is 0x30..0x39, so its high
// nibble is 3 and adding 6 leaves it 3. A carry out of a non-digit byte can
// disturb only the byte above it, after the non-digit already showed.
func nonDigitBytes(x uint64) uint64 {
	return ((x & nibble) ^ 3*lo8<<4) | ((x+6*lo8)&nibble ^ 3*lo8<<4)
}

func allDigits(x uint64) bool { return nonDigitBytes(x) == 0 }

// firstNonDigit returns the index (0..7) of the first byte of x that is not
// a digit; x must hold at least one.
func firstNonDigit(x uint64) int {
	return bits.TrailingZeros64(nonDigitBytes(x)) / 8
}

// leadingLetters returns how many bytes of x, from the low one up, are
// upper-case ASCII letters. (b|0x80) - k keeps its high bit exactly when
// the low seven bits of b are at least k, without borrowing from the next
// byte; a byte with the high bit set is not ASCII.
func leadingLetters(x uint64) int {
	y := x | hi8
	upper := (y - 'A'*lo8) &^ (y - ('Z'+1)*lo8) &^ x & hi8
	return bits.TrailingZeros64(^upper&hi8) / 8
}

// letters returns the value of the first j (1 to 4) bytes of x, upper-case
// letters, each read as two digits (A = 10 ... Z = 35): at most eight
// digits. Moved to the top of a four-byte word behind zero bytes, they
// combine in base 100 as eightDigits combines digits in base 10.
func letters(x uint64, j int) uint64 {
	keep := uint64(1)<<(8*j) - 1
	v := (x&keep - ('A'-10)*lo8&keep) << (32 - 8*j)
	p := (v&0x00ff00ff)*100 + v>>8&0x00ff00ff // 16-bit halves: letter pairs
	return (p&0xffff)*10000 + p>>16
}

// eightDigits returns the value of eight ASCII digits: pairs first, then
// pairs of pairs, each step one multiply across the whole word.
func eightDigits(x uint64) uint64 {
	x -= '0' * lo8
	x = x*10 + x>>8 // byte 2k: the two-digit value of characters 2k, 2k+1
	const pairs = 0x000000ff000000ff
	x = ((x&pairs)*(100+1000000<<32) + (x>>16&pairs)*(1+10000<<32)) >> 32
	return x & 0xffffffff
}

// WeightedSum returns the sum of each decimal digit of s multiplied by its
// weight, the weights repeating from the left (3, 7, 1, 3, 7, 1, ... for
// weights {3, 7, 1}). ok is false if s holds a non-digit or weights is empty.
//
// Schemes that take each product modulo 10 before adding (CLABE) get the
// same result modulo 10 from this sum, because reduction modulo 10 commutes
// with addition.
func WeightedSum(s string, weights []int) (sum int, ok bool) {
	if len(weights) == 0 {
		return 0, false
	}
	w := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		sum += int(c-'0') * weights[w]
		w++
		if w == len(weights) {
			w = 0
		}
	}
	return sum, true
}
