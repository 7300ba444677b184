package uuid

import "math/bits"

// Ids compare in one way everywhere: ignoring ASCII case, as the
// hexadecimal digits of a UUID do (RFC 9562). Canonical is that
// definition; Equal and Compare give its answers without building the
// canonical string, and agree with it by construction, as each reads the
// bytes through fold; Hash hashes equal ids alike. Other bytes, non-ASCII
// letters included, compare as they are:
// a store may hold ids that are not UUIDs, and they must still be equal
// only to themselves.

// fold is the canonical form of one byte: an ASCII upper-case letter in
// lower case, any other byte as it is.
func fold(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// Canonical returns id in the form ids compare in: ASCII letters in lower
// case, every other byte unchanged. For a UUID that is its canonical
// form. An id in canonical form already (most are) is returned as it is,
// without a copy.
func Canonical(id string) string {
	if !hasUpper(id) {
		return id
	}
	b := []byte(id)
	for i := range b {
		b[i] = fold(b[i])
	}
	return string(b)
}

// hasUpper reports whether s has an ASCII upper-case letter, that is,
// whether fold changes a byte of it. Canonical asks it of every id a scan
// reads, so it tests eight bytes at a time: the high bit of each byte of
// low7+(0x80-'A') is set when its low seven bits are 'A' or more, of
// low7+(0x80-'Z'-1) when they are more than 'Z', and &^w keeps the bytes
// under 0x80.
func hasUpper(s string) bool {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	for len(s) >= 8 {
		w := load8(s)
		low7 := w &^ highs
		if (low7+ones*(0x80-'A'))&^(low7+ones*(0x80-'Z'-1))&^w&highs != 0 {
			return true
		}
		s = s[8:]
	}
	for i := 0; i < len(s); i++ {
		if fold(s[i]) != s[i] {
			return true
		}
	}
	return false
}

// Equal reports whether a and b are the same id: whether Canonical(a) ==
// Canonical(b).
func Equal(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	if a == b {
		return true
	}
	for i := 0; i < len(a); i++ {
		if fold(a[i]) != fold(b[i]) {
			return false
		}
	}
	return true
}

// Compare orders ids as their canonical forms order: it returns
// strings.Compare(Canonical(a), Canonical(b)).
func Compare(a, b string) int {
	for i := 0; i < len(a) && i < len(b); i++ {
		if x, y := fold(a[i]), fold(b[i]); x != y {
			if x < y {
				return -1
			}
			return 1
		}
	}
	switch {
	case len(a) < len(b):
		return -1
	case len(a) > len(b):
		return 1
	}
	return 0
}

// Hash returns a hash of id that ignores ASCII case: ids Equal reports
// the same hash alike. It reads the length and the first and last eight
// bytes, where every UUID version varies (time or random bits first,
// random or node bits last), so that a filter can rule out most ids for
// the price of two loads; ids alike there collide, which a filter only
// pays for with a probe. It sets bit 5 of every byte, which lower-cases
// the ASCII letters (and merges a few other pairs of bytes, as a hash
// may): bytes that fold alike stay alike.
func Hash(id string) uint64 {
	const bit5 = 0x2020202020202020
	h := uint64(len(id))
	if len(id) < 8 {
		var w uint64
		for i := 0; i < len(id); i++ {
			w = w<<8 | uint64(id[i])
		}
		return mix(h, w|bit5)
	}
	return mix(mix(h, load8(id)|bit5), load8(id[len(id)-8:])|bit5)
}

func load8(s string) uint64 {
	_ = s[7]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

func mix(h, w uint64) uint64 {
	return bits.RotateLeft64(h^w, 29) * 0xff51afd7ed558ccd
}
