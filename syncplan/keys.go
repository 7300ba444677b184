package syncplan

import (
	"strconv"
	"strings"

	"github.com/acctkit/acctkit/account/artu"
	"github.com/acctkit/acctkit/internal/ascii"
)

// appendNaturalKey appends the natural key of a to b: what makes two
// records the same bank account whatever their ids.
//
//   - A Mexican account with a CLABE (artu.BankAccount.EffectiveCLABE)
//     is its CLABE.
//   - Any other account is its country, its bank (the bank code when there
//     is one, else the bank name) and its account number, each normalized
//     (see appendNormalized).
//
// An account without an account number has no key: b is returned as is.
// The key is text, as it travels in Plan.Basis: "C" and the 18 digits, or
// "A" and the parts, each after its length in decimal and a colon, so no
// two different part lists encode alike.
func appendNaturalKey(b []byte, a *artu.BankAccount) []byte {
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
func setsKeyField(it *artu.SyncItem) bool {
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
func naturalKey(a *artu.BankAccount) string {
	var buf [96]byte
	return string(appendNaturalKey(buf[:0], a))
}

// isMX reports whether country is MX in either case: the accounts whose
// natural key may be a CLABE.
func isMX(country string) bool {
	return len(country) == 2 && ascii.ToUpper(country[0]) == 'M' && ascii.ToUpper(country[1]) == 'X'
}
