// Package uuid checks the textual form of UUIDs, the ids the account APIs
// carry, without a dependency.
package uuid

// Valid reports whether s is a UUID in the 8-4-4-4-12 hexadecimal form
// (RFC 9562), in either case, as validator/v10's "uuid" tag accepts.
func Valid(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch i {
		case 8, 13, 18, 23:
			if c != '-' {
				return false
			}
		default:
			if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
				return false
			}
		}
	}
	return true
}
