package syncplan

import (
	"crypto/rand"
	"math/bits"
	"strconv"
	"strings"
)

// canonicalID is the form ids are compared in: UUIDs are case-insensitive
// (RFC 9562), so "3F1C..." and "3f1c..." name the same account. Most ids
// are canonical already and come back as they are, without a copy.
func canonicalID(s string) string {
	if !hasUpper(s) {
		return s
	}
	return strings.ToLower(s)
}

// hasUpper reports whether s has an ASCII upper-case letter, that is,
// whether canonicalID would change an id. It tests eight bytes at a time.
func hasUpper(s string) bool {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	for len(s) >= 8 {
		w := uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
			uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
		// The high bit of each byte of low7+(0x80-'A') is set when its
		// low seven bits are 'A' or more, of low7+(0x80-'Z'-1) when they
		// are more than 'Z'; ^w keeps the bytes under 0x80.
		low7 := w &^ highs
		if (low7+ones*(0x80-'A'))&^(low7+ones*(0x80-'Z'-1))&^w&highs != 0 {
			return true
		}
		s = s[8:]
	}
	for i := 0; i < len(s); i++ {
		if 'A' <= s[i] && s[i] <= 'Z' {
			return true
		}
	}
	return false
}

// sameID reports whether a and b are the same id, ignoring case.
func sameID(a, b string) bool {
	return a == b || len(a) == len(b) && strings.EqualFold(a, b)
}

// newUUIDv4 is the default Options.NewID: a random (version 4, RFC 9562)
// UUID in lower case. crypto/rand.Read never returns an error.
func newUUIDv4() string {
	var u [16]byte
	_, _ = rand.Read(u[:])
	u[6] = u[6]&0x0f | 0x40
	u[8] = u[8]&0x3f | 0x80
	const hex = "0123456789abcdef"
	var b [36]byte
	j := 0
	for i, c := range u {
		if i == 4 || i == 6 || i == 8 || i == 10 {
			b[j] = '-'
			j++
		}
		b[j], b[j+1] = hex[c>>4], hex[c&0x0f]
		j += 2
	}
	return string(b[:])
}

// short quotes s for an error message, cut to a readable length: ids are
// 36 bytes, and a caller's garbage should not flood a log.
func short(s string) string {
	const max = 40
	if len(s) > max {
		return strconv.Quote(s[:max]) + "..."
	}
	return strconv.Quote(s)
}

// idHash is the filter hash of an id of 36 bytes, ignoring ASCII case:
// setting bit 5 of every byte lower-cases letters and leaves the digits
// and '-' of a UUID as they are, so ids equal ignoring case hash alike. It
// reads the first and the last eight bytes, where every UUID version
// varies (a time or random bits first, random or node bits last); ids
// alike there only cost the scan a map probe.
func idHash(s string) uint64 {
	s = s[:36]
	return foldWord(foldWord(0, s[0:8]), s[28:36])
}

func foldWord(h uint64, s string) uint64 {
	const fold = 0x2020202020202020
	_ = s[7]
	w := uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
	return bits.RotateLeft64(h^(w|fold), 29) * 0xff51afd7ed558ccd
}
