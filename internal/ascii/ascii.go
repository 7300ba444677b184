// Package ascii holds the byte-class checks every identifier parser runs
// before any other work. They look at bytes, never runes: an identifier is
// ASCII by definition, so a multi-byte UTF-8 sequence is simply a byte that
// fails every class.
package ascii

// IsDigit reports whether b is '0'..'9'.
func IsDigit(b byte) bool { return '0' <= b && b <= '9' }

// IsUpper reports whether b is 'A'..'Z'.
func IsUpper(b byte) bool { return 'A' <= b && b <= 'Z' }

// IsLower reports whether b is 'a'..'z'.
func IsLower(b byte) bool { return 'a' <= b && b <= 'z' }

// IsUpperAlnum reports whether b is an upper-case letter or a digit.
func IsUpperAlnum(b byte) bool { return IsDigit(b) || IsUpper(b) }

// ToUpper upper-cases an ASCII letter and returns any other byte unchanged.
func ToUpper(b byte) byte {
	if IsLower(b) {
		return b - ('a' - 'A')
	}
	return b
}

// IsSpace reports whether b is ASCII white space (space, \t, \n, \v, \f, \r).
func IsSpace(b byte) bool {
	switch b {
	case ' ', '\t', '\n', '\v', '\f', '\r':
		return true
	}
	return false
}

// IndexNonDigit returns the index of the first byte of s that is not a digit,
// or -1 if every byte is one.
func IndexNonDigit(s string) int {
	for i := 0; i < len(s); i++ {
		if !IsDigit(s[i]) {
			return i
		}
	}
	return -1
}

// IndexNonUpperAlnum returns the index of the first byte of s that is not an
// upper-case letter or a digit, or -1 if there is none.
func IndexNonUpperAlnum(s string) int {
	for i := 0; i < len(s); i++ {
		if !IsUpperAlnum(s[i]) {
			return i
		}
	}
	return -1
}

// IndexNonUpper returns the index of the first byte of s that is not an
// upper-case letter, or -1 if there is none.
func IndexNonUpper(s string) int {
	for i := 0; i < len(s); i++ {
		if !IsUpper(s[i]) {
			return i
		}
	}
	return -1
}

// IndexNonASCII returns the index of the first byte of s at or above 0x80,
// or -1 if s is pure ASCII.
func IndexNonASCII(s string) int {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return i
		}
	}
	return -1
}

// TrimSpace removes leading and trailing ASCII white space. Unlike
// strings.TrimSpace it leaves Unicode spaces alone, so they reach the
// parser and are reported as illegal characters rather than vanishing.
func TrimSpace(s string) string {
	start, end := 0, len(s)
	for start < end && IsSpace(s[start]) {
		start++
	}
	for end > start && IsSpace(s[end-1]) {
		end--
	}
	return s[start:end]
}

// Digits returns the value of s read as a decimal number. ok is false when
// s is empty, longer than 18 bytes (the most that fits in an int64 without
// overflow) or holds a non-digit.
func Digits(s string) (n int64, ok bool) {
	if len(s) == 0 || len(s) > 18 {
		return 0, false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !IsDigit(c) {
			return 0, false
		}
		n = n*10 + int64(c-'0')
	}
	return n, true
}
