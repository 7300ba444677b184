package syncplan

import (
	"encoding/binary"

	"github.com/acctkit/acctkit/account"
	"github.com/acctkit/acctkit/internal/ascii"
)

// appendNaturalKey appends the natural key of a to b: what makes two
// records the same bank account whatever their ids.
//
//   - A Mexican account with a CLABE (account.BankAccount.EffectiveCLABE)
//     is its CLABE.
//   - Any other account is its country, its bank (the bank code when there
//     is one, else the bank name) and its account number, each normalized
//     (see appendNormalized).
//
// An account without an account number has no key: b is returned as is.
// The parts are length-prefixed, so no two different part lists encode
// alike.
func appendNaturalKey(b []byte, a *account.BankAccount) []byte {
	start := len(b)
	if isMX(a.Country) {
		mx := a
		if a.Country != "MX" { // a store may hold "mx"; EffectiveCLABE wants "MX"
			c := *a
			c.Country = "MX"
			mx = &c
		}
		if c := mx.EffectiveCLABE(); !c.IsZero() {
			b = append(b, 'C')
			b, _ = c.AppendText(b)
			return b
		}
	}
	b = append(b, 'A')
	b = appendPart(b, a.Country)
	n := len(b)
	if b = appendPart(append(b, 'c'), a.BankCode); len(b) == n+1+partHeader {
		b = appendPart(append(b[:n], 'n'), a.BankName)
	}
	n = len(b)
	if b = appendPart(b, a.AccountNumber); len(b) == n+partHeader {
		return b[:start]
	}
	return b
}

// partHeader is the size of the length in front of each part of a key.
const partHeader = 4

// appendPart appends s normalized, after its length; the length is
// written once the part is, so s is read only once.
func appendPart(b []byte, s string) []byte {
	n := len(b)
	b = appendNormalized(append(b, 0, 0, 0, 0), s)
	binary.BigEndian.PutUint32(b[n:], uint32(len(b)-n-partHeader))
	return b
}

// appendNormalized appends s in the form natural keys compare in: ASCII
// letters in upper case, and ASCII white space, hyphens and dots left out,
// so "de89 3704-0044.0532" and "DE8937040044 0532" are the same number.
// Other bytes, including non-ASCII letters, are kept as they are: "México"
// and "Mexico" stay different.
func appendNormalized(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if c := s[i]; !ignored(c) {
			b = append(b, ascii.ToUpper(c))
		}
	}
	return b
}

func ignored(c byte) bool { return c == '-' || c == '.' || ascii.IsSpace(c) }

// naturalKey is appendNaturalKey into a new string, "" when a has none.
func naturalKey(a *account.BankAccount) string {
	var buf [96]byte
	return string(appendNaturalKey(buf[:0], a))
}

// filter is a Bloom filter with one hash function over 8192 bits: the
// scans of the existing accounts ask it, for a few nanoseconds, whether a
// map from the items can hold an account's key, and build and look up the
// key only when it says maybe. With at most 250 items, it says maybe
// wrongly about 3% of the time.
type filter [128]uint64

func (f *filter) slot(h uint64) (int, uint64) {
	h *= 0x9e3779b97f4a7c15 // Fibonacci hashing: the top bits mix all of h
	return int(h >> 57), 1 << (h >> 51 & 63)
}

func (f *filter) add(h uint64) {
	i, bit := f.slot(h)
	f[i] |= bit
}

func (f *filter) has(h uint64) bool {
	i, bit := f.slot(h)
	return f[i]&bit != 0
}

// numberTail is the filter hash of an account number: its last four
// bytes as appendNormalized writes them, and how many there are. Equal
// normalized numbers have equal tails; reading from the end, it stops
// after four bytes.
func numberTail(s string) uint64 {
	var t uint64
	n := 0
	for i := len(s) - 1; i >= 0 && n < 4; i-- {
		if c := s[i]; !ignored(c) {
			t = t<<8 | uint64(ascii.ToUpper(c))
			n++
		}
	}
	return t<<3 | uint64(n)
}

// stringTail is the filter hash of an externalId: its length and last
// four bytes.
func stringTail(s string) uint64 {
	t := uint64(len(s))
	for i := max(len(s)-4, 0); i < len(s); i++ {
		t = t<<8 | uint64(s[i])
	}
	return t
}

// isMX reports whether country is MX in either case: the accounts whose
// natural key may be a CLABE.
func isMX(country string) bool {
	return len(country) == 2 && ascii.ToUpper(country[0]) == 'M' && ascii.ToUpper(country[1]) == 'X'
}
