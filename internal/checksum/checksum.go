// Package checksum holds the allocation-free check-digit kernels shared by
// the identifier packages: ISO 7064 MOD 97-10 (IBAN, several national BBAN
// checks) and weighted digit sums (ABA and CLABE 3-7-1, and the national
// mod-10 and mod-11 schemes).
package checksum

// reduceAbove bounds the running value of Mod97From. Below 2^56, appending
// two more decimal digits (r*100 + 99) stays under 2^63, so the loop only
// divides about once every 16 digits instead of once per character.
const reduceAbove = 1 << 56

// Mod97 returns the ISO 7064 MOD 97-10 remainder of s read as one decimal
// number in which each letter stands for two digits (A=10 ... Z=35). ok is
// false if s holds a byte that is not a digit or an upper-case ASCII letter.
func Mod97(s string) (rem int, ok bool) {
	return Mod97From(0, s)
}

// Mod97From continues a Mod97 computation: it returns the remainder of the
// number whose leading digits left remainder rem, followed by s. It lets a
// caller check a rotated string (IBAN: BBAN, then country code and check
// digits) without building it.
func Mod97From(rem int, s string) (int, bool) {
	r := uint64(rem)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case '0' <= c && c <= '9':
			r = r*10 + uint64(c-'0')
		case 'A' <= c && c <= 'Z':
			r = r*100 + uint64(c-'A'+10)
		default:
			return 0, false
		}
		if r >= reduceAbove {
			r %= 97
		}
	}
	return int(r % 97), true
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
