// Package ascii holds the byte-class checks every identifier parser runs
// before any other work. They look at bytes, never runes: an identifier is
// ASCII by definition, so a multi-byte UTF-8 sequence is simply a byte that
// fails every class.
package ascii

import (
	"fmt"
	"strconv"
	"unicode/utf8"
)

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

// The one "loose" clean-up of every identifier kind (iban.ParseLoose,
// clabe.ParseLoose, routing.ParseBICLoose, ParseABALoose,
// ParseCanadianLoose): a leading UTF-8 byte-order mark, ASCII white space
// anywhere, '-' and '.' are dropped and ASCII letters are upper-cased.
// Nothing else is forgiven, so a Unicode digit or space reaches the strict
// rules and is reported there.

// BOM is the UTF-8 byte-order mark some editors and spreadsheet exports
// put in front of a file's first field.
const BOM = "\uFEFF"

// LooseLimit is how many bytes a loose parser reads for an identifier of
// at most n characters: room for a separator of up to three bytes (" - ")
// between every two characters, a byte-order mark and a prefix. Longer
// input is rejected unread, which bounds the work.
func LooseLimit(n int) int { return 4*n + 8 }

// IsSeparator reports whether the loose clean-up drops b.
func IsSeparator(b byte) bool { return b == '-' || b == '.' || IsSpace(b) }

// Clean applies the loose clean-up to s. prefix, when not empty, is an
// upper-case word that may lead the value, followed by white space
// ("IBAN" in the paper form "IBAN DE89 3704 ..."), and is dropped too. The
// kept bytes go to dst and their offsets in s to at (which must be as long
// as dst); n counts every kept byte, also those past len(dst), which are
// not stored.
func Clean(dst []byte, at []int, s, prefix string) (n int) {
	i := 0
	if len(s) >= len(BOM) && s[:len(BOM)] == BOM {
		i = len(BOM)
	}
	for i < len(s) && IsSpace(s[i]) {
		i++
	}
	if p := len(prefix); p > 0 && len(s)-i > p && IsSpace(s[i+p]) && equalFoldUpper(s[i:i+p], prefix) {
		i += p
	}
	for ; i < len(s); i++ {
		c := s[i]
		if IsSeparator(c) {
			continue
		}
		if n < len(dst) {
			dst[n], at[n] = ToUpper(c), i
		}
		n++
	}
	return n
}

// equalFoldUpper reports whether s upper-cased is upper.
func equalFoldUpper(s, upper string) bool {
	for i := 0; i < len(s); i++ {
		if ToUpper(s[i]) != upper[i] {
			return false
		}
	}
	return true
}

// Describe names the character that starts at s[i] for an error message,
// the same way in every identifier package: invalid character 'x' (ASCII,
// escaped if it does not print), invalid character '１' (U+FF11) for other
// Unicode, invalid byte 0xFF for a byte that does not start valid UTF-8.
// It never shows the bytes around it.
func Describe(s string, i int) string {
	if i < 0 || i >= len(s) {
		return "invalid character"
	}
	if c := s[i]; c < utf8.RuneSelf {
		return "invalid character " + strconv.QuoteRuneToASCII(rune(c))
	}
	r, size := utf8.DecodeRuneInString(s[i:])
	if r == utf8.RuneError && size <= 1 {
		return fmt.Sprintf("invalid byte 0x%02X", s[i])
	}
	return fmt.Sprintf("invalid character %q (%U)", r, r)
}
