package main

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/acctkit/acctkit/clabe"
	"github.com/acctkit/acctkit/iban"
	"github.com/acctkit/acctkit/internal/ascii"
	"github.com/acctkit/acctkit/internal/mask"
	"github.com/acctkit/acctkit/routing"
)

// errorCodes gives each identifier sentinel its stable name in --json
// output: the sentinel's name without "Err", in snake case.
var errorCodes = []struct {
	err  error
	code string
}{
	{iban.ErrLength, "length"}, {clabe.ErrLength, "length"}, {routing.ErrLength, "length"},
	{iban.ErrCharacter, "character"}, {clabe.ErrCharacter, "character"}, {routing.ErrCharacter, "character"},
	{iban.ErrChecksum, "checksum"}, {clabe.ErrChecksum, "checksum"}, {routing.ErrChecksum, "checksum"},
	{iban.ErrCheckDigits, "check_digits"},
	{iban.ErrStructure, "structure"}, {routing.ErrStructure, "structure"},
	{routing.ErrPrefix, "prefix"},
	{iban.ErrUnknownCountry, "unknown_country"}, {routing.ErrUnknownCountry, "unknown_country"},
	{clabe.ErrUnknownBank, "unknown_bank"},
}

// errorCode is the stable name of the sentinel err wraps, or "invalid".
func errorCode(err error) string {
	for _, c := range errorCodes {
		if errors.Is(err, c.err) {
			return c.code
		}
	}
	return "invalid"
}

// invalid is the result of a failed parse: its code and, as the reason,
// the error without the function name and input that the output line
// already shows.
func invalid(err error) result {
	reason := err.Error()
	var pe interface{ Reason() string } // each package's *ParseError
	if errors.As(err, &pe) {
		reason = pe.Reason()
	}
	return result{Code: errorCode(err), Reason: reason}
}

// masker is what every identifier type has, or will have, to print itself
// with its account number hidden. A type without it is public (BIC,
// Canadian routing number) and shows whole.
type masker interface{ Masked() string }

func maskedString(v fmt.Stringer) string {
	if m, ok := v.(masker); ok {
		return m.Masked()
	}
	return v.String()
}

// maskLine hides the account numbers of one check output line: a valid
// value as its type masks it (the input keeps its own spacing), an invalid
// one all but its last four characters, and long digit runs in the texts.
func maskLine(l *checkLine) {
	if l.value != nil {
		m := maskedString(l.value)
		l.Canonical = m
		l.Input = maskLike(l.Input, m)
	} else {
		l.Input = maskChars(l.Input, 0, 4)
	}
	if l.Error != nil {
		l.Error.Message = maskText(l.Error.Message)
	}
	for i := range l.Notes {
		l.Notes[i] = maskText(l.Notes[i])
	}
}

// maskLike hides the characters of in that the masked canonical form
// hides: as many characters as masked shows before its first '*' and after
// its last stay, counted over in's letters and digits, so separators and
// case survive. A masked form without '*' is public and in shows whole.
func maskLike(in, masked string) string {
	first := strings.IndexByte(masked, mask.Fill)
	if first < 0 {
		return in
	}
	return maskChars(in, first, len(masked)-1-strings.LastIndexByte(masked, mask.Fill))
}

// maskChars replaces every character of s but the first head and last
// tail with mask.Fill, counting only what could be part of an account
// number (anything but ASCII spaces and punctuation); like mask.KeepEnds, a
// value too short to hide anything is hidden whole.
func maskChars(s string, head, tail int) string {
	head, tail = max(head, 0), max(tail, 0)
	n := 0
	for i := 0; i < len(s); i++ {
		if secretByte(s[i]) {
			n++
		}
	}
	if head+tail >= n {
		head = 0
		if tail >= n {
			tail = 0
		}
	}
	b := []byte(s)
	k := 0
	for i, c := range b {
		if !secretByte(c) {
			continue
		}
		if k >= head && k < n-tail {
			b[i] = mask.Fill
		}
		k++
	}
	return string(b)
}

func secretByte(c byte) bool {
	return ascii.IsDigit(c) || ascii.IsUpper(ascii.ToUpper(c)) || c >= utf8.RuneSelf
}

// maskText hides long runs of letters and digits with at least five digits
// in free text (error messages): anything an account number could hide in.
// Shorter runs are words, bank codes, positions and counts.
func maskText(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		j := i
		digits := 0
		for j < len(s) && (ascii.IsDigit(s[j]) || ascii.IsUpper(ascii.ToUpper(s[j]))) {
			if ascii.IsDigit(s[j]) {
				digits++
			}
			j++
		}
		if j == i {
			b.WriteByte(s[i])
			i++
			continue
		}
		if run := s[i:j]; j-i >= 9 && digits >= 5 {
			b.WriteString(mask.Last(run, 4))
		} else {
			b.WriteString(run)
		}
		i = j
	}
	return b.String()
}

// escapeControl makes s safe for a terminal: control characters (C0, DEL,
// C1), invalid UTF-8 and a leading quote are shown Go-quoted, so a value
// with an escape sequence cannot rewrite the screen and a tab cannot shift
// the columns.
func escapeControl(s string) string {
	if strings.HasPrefix(s, `"`) {
		return strconv.Quote(s)
	}
	for _, r := range s {
		if r < ' ' || r == 0x7f || (r >= 0x80 && r < 0xa0) || r == utf8.RuneError || isBidiControl(r) {
			return strconv.Quote(s)
		}
	}
	return s
}

// isBidiControl reports the invisible characters that reorder text on a
// terminal (Trojan Source, CVE-2021-42574).
func isBidiControl(r rune) bool {
	return r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069 || r == 0x200e || r == 0x200f || r == 0x061c
}
