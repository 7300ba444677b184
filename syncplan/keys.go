package syncplan

import (
	"strconv"
	"strings"

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
// The key is text, as it travels in Plan.Basis: "C" and the 18 digits, or
// "A" and the parts, each after its length in decimal and a colon, so no
// two different part lists encode alike.
func appendNaturalKey(b []byte, a *account.BankAccount) []byte {
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
	number := normalizedLen(a.AccountNumber)
	if number == 0 {
		return b
	}
	b = appendPart(append(b, 'A'), a.Country, normalizedLen(a.Country))
	if n := normalizedLen(a.BankCode); n > 0 {
		b = appendPart(append(b, 'c'), a.BankCode, n)
	} else {
		b = appendPart(append(b, 'n'), a.BankName, normalizedLen(a.BankName))
	}
	return appendPart(b, a.AccountNumber, number)
}

// setsKeyField reports whether an item carries a field that the natural
// key is made of: an update that carries none leaves its account's key as
// it was.
func setsKeyField(it *account.SyncItem) bool {
	return it.Country.IsSet() || it.AccountNumber.IsSet() || it.BankCode.IsSet() || it.BankName.IsSet() || it.CLABE.IsSet()
}

// appendPart appends s normalized, after n, its normalized length.
func appendPart(b []byte, s string, n int) []byte {
	if n < 10 {
		b = append(b, byte('0'+n), ':')
	} else {
		b = append(strconv.AppendInt(b, int64(n), 10), ':')
	}
	return appendNormalized(b, s)
}

// keyNumber returns the account number part of a natural key of the "A"
// form, "" for any other string.
func keyNumber(key string) string {
	rest, ok := strings.CutPrefix(key, "A")
	if !ok {
		return ""
	}
	var part string
	for i := range 3 { // country, bank (after its letter), number
		if i == 1 {
			if rest == "" || rest[0] != 'c' && rest[0] != 'n' {
				return ""
			}
			rest = rest[1:]
		}
		n, r, ok := strings.Cut(rest, ":")
		size, err := strconv.Atoi(n)
		if !ok || err != nil || size < 0 || size > len(r) {
			return ""
		}
		part, rest = r[:size], r[size:]
	}
	if rest != "" {
		return ""
	}
	return part
}

// keyTail is the filter hash of a natural key: the numberTail of the
// account number or CLABE it ends in, which keyHits computes from the
// account without building its key.
func keyTail(key string) uint64 {
	if strings.HasPrefix(key, "C") {
		return numberTail(key[1:])
	}
	return numberTail(keyNumber(key))
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

// normalizedLen is the length appendNormalized gives s.
func normalizedLen(s string) int {
	n := len(s)
	for i := 0; i < len(s); i++ {
		if ignored(s[i]) {
			n--
		}
	}
	return n
}

// naturalKey is appendNaturalKey into a new string, "" when a has none.
func naturalKey(a *account.BankAccount) string {
	var buf [96]byte
	return string(appendNaturalKey(buf[:0], a))
}

// filter is a Bloom filter of 8192 bits that sets two bits of one word
// per key: the scans of the existing accounts ask it, for a few
// nanoseconds, whether a map from the items can hold an account's key,
// and build and look up the key only when it says maybe. With 350 keys
// (250 items and 100 new ids), it says maybe wrongly about 1% of the time
// (4% with one bit per key), and each wrong maybe costs a map probe.
type filter [128]uint64

func (f *filter) slot(h uint64) (int, uint64) {
	h *= 0x9e3779b97f4a7c15 // Fibonacci hashing: the top bits mix all of h
	return int(h >> 57), 1<<(h>>51&63) | 1<<(h>>45&63)
}

func (f *filter) add(h uint64) {
	i, bits := f.slot(h)
	f[i] |= bits
}

func (f *filter) has(h uint64) bool {
	i, bits := f.slot(h)
	return f[i]&bits == bits
}

// numberTail is the filter hash of an account number: its last four
// bytes as appendNormalized writes them, and how many there are. Equal
// normalized numbers have equal tails.
func numberTail(s string) uint64 {
	if n := len(s); n >= 4 {
		// Most numbers end in four ASCII digits, which this tests on the
		// word at once (each byte is 0x3_, and adding 6 keeps it 0x3_):
		// nothing to drop or fold.
		w := uint32(s[n-4]) | uint32(s[n-3])<<8 | uint32(s[n-2])<<16 | uint32(s[n-1])<<24
		if w&0xf0f0f0f0 == 0x30303030 && (w+0x06060606)&0xf0f0f0f0 == 0x30303030 {
			return uint64(w)<<3 | 4
		}
	}
	return normalizedTail(s)
}

// normalizedTail is numberTail the long way: from the end, up to four
// bytes that appendNormalized keeps, upper-cased.
func normalizedTail(s string) uint64 {
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

// extFilter screens externalIds for a set of them: first by length,
// which needs no read of the id's bytes (a cache miss per account in a
// scan), then by stringTail.
type extFilter struct {
	lens uint64 // bit len%64 of each id in the set
	f    filter
}

func (e *extFilter) add(id string) {
	e.lens |= 1 << (len(id) & 63)
	e.f.add(stringTail(id))
}

func (e *extFilter) has(id string) bool {
	return e.lens&(1<<(len(id)&63)) != 0 && e.f.has(stringTail(id))
}

// mayHoldKey reports whether a's natural key can be in a set whose keys'
// keyTail values f holds: it looks at the account number and, for a
// Mexican account, the CLABE, either of which can end its key.
func mayHoldKey(f *filter, a *account.BankAccount) bool {
	return f.has(numberTail(a.AccountNumber)) || !a.CLABE.IsZero() && mayHoldCLABE(f, a)
}

// mayHoldCLABE is the CLABE half of mayHoldKey.
func mayHoldCLABE(f *filter, a *account.BankAccount) bool {
	if !isMX(a.Country) { // the country's bytes are one more cache line
		return false
	}
	var buf [18]byte
	digits, _ := a.CLABE.AppendText(buf[:0])
	return f.has(numberTail(string(digits)))
}

// isMX reports whether country is MX in either case: the accounts whose
// natural key may be a CLABE.
func isMX(country string) bool {
	return len(country) == 2 && ascii.ToUpper(country[0]) == 'M' && ascii.ToUpper(country[1]) == 'X'
}
