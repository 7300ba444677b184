package routing

import (
	"database/sql/driver"
	"fmt"
	"log/slog"
	"strconv"

	"github.com/acctkit/acctkit/internal/ascii"
	"github.com/acctkit/acctkit/internal/mask"
)

//go:generate go run gen.go

// Canadian is a Canadian payment routing number: a 3-digit financial
// institution number and a 5-digit branch transit number. It has two
// written forms:
//
//   - electronic (EFT, Payments Canada Standard 005): 0IIITTTTT, nine
//     digits, a leading zero, the institution, then the transit;
//   - paper (MICR line of a cheque): TTTTT-III, transit, hyphen,
//     institution.
//
// String gives the electronic form and MICR the paper form. The zero value
// is not a routing number; it means "absent" and encodes as "" and SQL
// NULL. Canadian values are comparable: the two forms of one number give
// equal values.
type Canadian struct {
	institution uint16 // 1-999
	transit     uint32 // 1-99999; 0 only in the zero value
}

const (
	canadianLen       = 9
	canadianMICRSep   = 5 // index of the hyphen in TTTTT-III
	institutionDigits = 3
	transitDigits     = 5
)

const canadianForms = "0IIITTTTT (electronic) or TTTTT-III (MICR)"

// ParseCanadian parses either form: nine digits starting with 0
// (0IIITTTTT) or five digits, a hyphen and three digits (TTTTT-III).
// Nothing else is accepted: no spaces, no other separators, and no
// 8-digit forms. An 8-digit value such as "02101140" (the example in
// Synctera's external-accounts API) is ambiguous: it could be the
// electronic form without its leading zero (institution 021, transit
// 01140) or the MICR form without its hyphen (transit 02101, institution
// 140). ParseCanadian refuses it with an ErrLength error that names both
// readings rather than guessing.
//
// The institution and transit must not be all zeros. An institution
// number missing from the built-in table is not an error: InstitutionName
// is then "".
func ParseCanadian(s string) (Canadian, error) { return parseCanadian("ParseCanadian", s) }

// ValidateCanadian reports whether s is a valid Canadian routing number,
// with the same rules and errors as ParseCanadian.
func ValidateCanadian(s string) error {
	_, err := parseCanadian("ValidateCanadian", s)
	return err
}

// MustParseCanadian is like ParseCanadian but panics on error. It is
// intended for tests and package variables with hard-coded strings.
func MustParseCanadian(s string) Canadian {
	c, err := ParseCanadian(s)
	if err != nil {
		panic(err)
	}
	return c
}

// ParseCanadianLoose parses a Canadian routing number as people write
// it, with the clean-up every acctkit loose parser shares: it drops a
// leading UTF-8 byte-order mark, ASCII white space anywhere, '-' and '.'.
// Nine digits left are the electronic form 0IIITTTTT ("0003 00002");
// eight digits are the paper form TTTTT-III when the input separates the
// fifth digit from the sixth ("00002 003"), and are refused as ambiguous
// otherwise, as ParseCanadian refuses them. Errors show the input as given
// and Pos counts in it. Input longer than 44 bytes is rejected unread.
func ParseCanadianLoose(s string) (Canadian, error) {
	const fn = "ParseCanadianLoose"
	var buf [canadianLoose]byte
	var at [canadianLoose]int
	n, err := looseClean(fn, s, canadianLen, buf[:], at[:])
	if err != nil {
		return Canadian{}, err
	}
	d := buf[:n]
	if i := ascii.IndexNonDigit(string(d)); i >= 0 {
		return Canadian{}, looseError(fn, s, n, canadianLen, at[:], i+1, ErrCharacter, reason{code: codeCharacter, txt: "a digit or a separator"})
	}
	var c Canadian
	var pos int
	var sentinel error
	var w reason
	switch {
	case n == canadianLen:
		c, pos, w, sentinel = checkElectronic(string(d))
	case n == canadianLen-1 && at[transitDigits]-at[transitDigits-1] > 1:
		c, pos, w, sentinel = checkParts(string(d[transitDigits:]), transitDigits, string(d[:transitDigits]), 0)
	case n == canadianLen-1:
		w, sentinel = reason{code: codeText, txt: ambiguous(string(d))}, ErrLength
	default:
		w, sentinel = reason{code: codeDigits, n: n, txt: "9 (0IIITTTTT) or 8 written TTTTT-III"}, ErrLength
	}
	if sentinel != nil {
		return Canadian{}, looseError(fn, s, n, canadianLen, at[:], pos, sentinel, w)
	}
	return c, nil
}

// canadianLoose is ascii.LooseLimit(canadianLen), ParseCanadianLoose's
// buffer size.
const canadianLoose = 4*canadianLen + 8

func parseCanadian(fn, s string) (Canadian, error) {
	if len(s) != canadianLen {
		return Canadian{}, canadianLength(fn, s)
	}
	if s[canadianMICRSep] == '-' {
		for i := 0; i < canadianLen; i++ {
			if i != canadianMICRSep && !ascii.IsDigit(s[i]) {
				return Canadian{}, badChar(fn, s, canadianLen, i, "a digit (TTTTT-III)")
			}
		}
		c, pos, w, sentinel := checkParts(s[canadianMICRSep+1:], canadianMICRSep+1, s[:canadianMICRSep], 0)
		return result(fn, s, c, pos, sentinel, w)
	}
	for i := 0; i < canadianLen; i++ {
		c := s[i]
		if ascii.IsDigit(c) {
			continue
		}
		want := "a digit"
		switch {
		case i == canadianMICRSep:
			want = "a digit (0IIITTTTT) or '-' (TTTTT-III)"
		case c == '-':
			want = "a digit; the MICR form TTTTT-III has its hyphen at position 6"
		}
		return Canadian{}, badChar(fn, s, canadianLen, i, want)
	}
	c, pos, w, sentinel := checkElectronic(s)
	return result(fn, s, c, pos, sentinel, w)
}

// result turns a check's verdict on s into ParseCanadian's result.
func result(fn, s string, c Canadian, pos int, sentinel error, w reason) (Canadian, error) {
	if sentinel != nil {
		return Canadian{}, newError(fn, s, canadianLen, pos, sentinel, w)
	}
	return c, nil
}

// checkElectronic checks nine digits as the electronic form 0IIITTTTT.
func checkElectronic(s string) (Canadian, int, reason, error) {
	if s[0] != '0' {
		return Canadian{}, 1, reason{code: codeCanadian0, n: int(s[0] - '0')}, ErrPrefix
	}
	return checkParts(s[1:4], 1, s[4:], 4)
}

// canadianLength explains a wrong length, naming both readings of the
// ambiguous 8-digit form.
func canadianLength(fn, s string) *ParseError {
	if len(s) == canadianLen-1 && ascii.IndexNonDigit(s) < 0 {
		return newError(fn, s, canadianLen, 0, ErrLength, reason{code: codeText, txt: ambiguous(s)})
	}
	return wrongLength(fn, s, canadianLen, "9: "+canadianForms)
}

// ambiguous explains why 8 digits are not read as either form.
func ambiguous(s string) string {
	return fmt.Sprintf("length is 8, want 9: %s; 8 digits could be 0IIITTTTT without its leading 0 (institution %s, transit %s)"+
		" or TTTTT-III without its hyphen (transit %s, institution %s), so neither is assumed",
		canadianForms, s[:3], s[3:], s[:5], s[5:])
}

// checkParts checks an all-digit institution and transit found at the
// 0-based offsets instAt and transitAt of the value.
func checkParts(inst string, instAt int, transit string, transitAt int) (Canadian, int, reason, error) {
	i, _ := ascii.Digits(inst)
	t, _ := ascii.Digits(transit)
	if i == 0 {
		return Canadian{}, instAt + 1, reason{code: codeText, txt: "institution 000 is all zeros"}, ErrStructure
	}
	if t == 0 {
		return Canadian{}, transitAt + 1, reason{code: codeText, txt: "transit 00000 is all zeros"}, ErrStructure
	}
	return Canadian{institution: uint16(i), transit: uint32(t)}, 0, reason{}, nil
}

// CanadianFrom builds a routing number from a 3-digit institution number
// and a 5-digit transit number, such as CanadianFrom("003", "00002"). Both
// must have exactly that many ASCII digits (leading zeros included) and
// must not be all zeros. On failure the *ParseError's Input is the
// argument at fault, Pos counts within it, and Reason names it.
func CanadianFrom(institution, transit string) (Canadian, error) {
	fail := func(e *ParseError, part string) (Canadian, error) {
		e.call = strconv.QuoteToASCII(institution) + ", " + strconv.QuoteToASCII(transit)
		e.why = reason{code: codeText, txt: part + ": " + e.Reason()}
		return Canadian{}, e
	}
	if e := checkPart(institution, institutionDigits); e != nil {
		return fail(e, "institution")
	}
	if e := checkPart(transit, transitDigits); e != nil {
		return fail(e, "transit")
	}
	i, _ := ascii.Digits(institution)
	t, _ := ascii.Digits(transit)
	if i == 0 {
		return fail(newError(canadianFromFunc, institution, institutionDigits, 1, ErrStructure, reason{code: codeText, txt: "000 is all zeros"}), "institution")
	}
	if t == 0 {
		return fail(newError(canadianFromFunc, transit, transitDigits, 1, ErrStructure, reason{code: codeText, txt: "00000 is all zeros"}), "transit")
	}
	return Canadian{institution: uint16(i), transit: uint32(t)}, nil
}

const canadianFromFunc = "CanadianFrom"

// checkPart checks one argument of CanadianFrom: exactly n ASCII digits.
func checkPart(s string, n int) *ParseError {
	if len(s) != n {
		return wrongLength(canadianFromFunc, s, n, strconv.Itoa(n)+" digits")
	}
	if i := ascii.IndexNonDigit(s); i >= 0 {
		return badChar(canadianFromFunc, s, n, i, "a digit")
	}
	return nil
}

// IsZero reports whether c is the zero value (absent).
func (c Canadian) IsZero() bool { return c.transit == 0 }

// Institution returns the 3-digit financial institution number, such as
// "003", or "" for the zero value.
func (c Canadian) Institution() string {
	if c.IsZero() {
		return ""
	}
	var b [institutionDigits]byte
	return string(appendPadded(b[:0], uint32(c.institution), institutionDigits))
}

// Transit returns the 5-digit branch transit number, such as "00002", or
// "" for the zero value.
func (c Canadian) Transit() string {
	if c.IsZero() {
		return ""
	}
	var b [transitDigits]byte
	return string(appendPadded(b[:0], c.transit, transitDigits))
}

// InstitutionName returns the institution's name from a table generated
// from public lists of Canadian institution numbers (see
// CanadianInstitutionsDate), or "" when the number is not in it. An unknown
// institution is not an error: the lists are incomplete and go stale, so
// the table is informational only.
func (c Canadian) InstitutionName() string {
	if c.IsZero() {
		return ""
	}
	return institutionNames[c.institution]
}

// String returns the electronic form 0IIITTTTT, or "" for the zero value.
func (c Canadian) String() string {
	if c.IsZero() {
		return ""
	}
	var b [canadianLen]byte
	return string(c.appendElectronic(b[:0]))
}

// MICR returns the paper form TTTTT-III, or "" for the zero value.
func (c Canadian) MICR() string {
	if c.IsZero() {
		return ""
	}
	var b [canadianLen]byte
	out := appendPadded(b[:0], c.transit, transitDigits)
	out = append(out, '-')
	return string(appendPadded(out, uint32(c.institution), institutionDigits))
}

func (c Canadian) appendElectronic(b []byte) []byte {
	b = append(b, '0')
	b = appendPadded(b, uint32(c.institution), institutionDigits)
	return appendPadded(b, c.transit, transitDigits)
}

// appendPadded appends v as exactly width decimal digits.
func appendPadded(b []byte, v uint32, width int) []byte {
	var d [transitDigits]byte
	for i := width - 1; i >= 0; i-- {
		d[i] = byte('0' + v%10)
		v /= 10
	}
	return append(b, d[:width]...)
}

// AppendText implements encoding.TextAppender: the electronic form, or
// nothing for the zero value.
func (c Canadian) AppendText(b []byte) ([]byte, error) {
	if c.IsZero() {
		return b, nil
	}
	return c.appendElectronic(b), nil
}

// MarshalText implements encoding.TextMarshaler: the electronic form, ""
// for the zero value.
func (c Canadian) MarshalText() ([]byte, error) {
	return c.AppendText(make([]byte, 0, canadianLen))
}

// UnmarshalText implements encoding.TextUnmarshaler with ParseCanadian
// (either form); empty text gives the zero value.
func (c *Canadian) UnmarshalText(text []byte) error {
	if len(text) == 0 {
		*c = Canadian{}
		return nil
	}
	v, err := ParseCanadian(string(text))
	if err != nil {
		return err
	}
	*c = v
	return nil
}

// Scan implements sql.Scanner: a string or []byte is parsed with
// ParseCanadian, NULL gives the zero value.
func (c *Canadian) Scan(src any) error {
	return scanText(src, "a Canadian routing number", c.UnmarshalText)
}

// Value implements driver.Valuer: the electronic form, or NULL for the
// zero value.
func (c Canadian) Value() (driver.Value, error) {
	if c.IsZero() {
		return nil, nil
	}
	return c.String(), nil
}

// Masked returns the electronic form as acctkit's masking policy shows
// it: whole, because a routing number is public. It exists so that every
// identifier type has Masked.
func (c Canadian) Masked() string { return mask.Public.Mask(c.String()) }

// LogValue implements slog.LogValuer with Masked: routing numbers are not
// secret, so the electronic form is logged in full.
func (c Canadian) LogValue() slog.Value { return slog.StringValue(c.Masked()) }
