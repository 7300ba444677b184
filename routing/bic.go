package routing

import (
	"database/sql/driver"
	"log/slog"

	"github.com/acctkit/acctkit/internal/ascii"
	"github.com/acctkit/acctkit/internal/iso3166"
	"github.com/acctkit/acctkit/internal/mask"
)

// BIC is a SWIFT / ISO 9362 Business Identifier Code. It is held in its
// 11-character form: an 8-character BIC names the primary office and is
// stored with branch "XXX", so MustParseBIC("DEUTDEFF") ==
// MustParseBIC("DEUTDEFFXXX") and both print as "DEUTDEFFXXX".
//
// The zero value is not a BIC; it means "absent" and encodes as "" and
// SQL NULL. BIC values are comparable and can be map keys.
type BIC struct {
	// The characters, upper-case ASCII, byte i of each word being
	// character i of its part. Two words rather than an [11]byte array
	// keep a BIC in registers through parsing and comparison.
	id     uint64 // characters 1-8; 0 only in the zero value
	branch uint32 // characters 9-11
}

const (
	bic8Len  = 8
	bic11Len = 11
)

// primaryBranchWord is the branch XXX of the primary office, as stored.
const primaryBranchWord = 'X' | 'X'<<8 | 'X'<<16

// ParseBIC parses a BIC by the format of ISO 9362:2014:
//
//   - 8 or 11 characters, upper-case ASCII letters and digits only;
//   - characters 1-4, the party prefix: letters or digits (ISO 9362:2014
//     allows digits; the 2009 edition and the SWIFT network do not, see
//     ParseBICStrict);
//   - characters 5-6, the country code: an assigned ISO 3166-1 alpha-2 code
//     or XK (Kosovo), which SWIFT uses;
//   - characters 7-8, the location (party suffix): letters or digits;
//   - characters 9-11, optional, the branch: letters or digits, XXX or
//     absent for the primary office.
//
// Lower case and spaces are errors; ParseBICLoose cleans them up. A BIC
// that passes may still be unassigned: only SWIFT's BIC directory says
// which codes exist.
func ParseBIC(s string) (BIC, error) { return parseBIC("ParseBIC", s, false) }

// ParseBICStrict is ParseBIC plus the rule of SWIFT's own network, where
// every connected institution has a party prefix of four letters (the
// ISO 9362:2009 form). Use it for values that must be reachable over SWIFT
// FIN; ParseBIC also accepts the digit-bearing prefixes ISO 9362:2014
// allows for non-connected parties.
func ParseBICStrict(s string) (BIC, error) { return parseBIC("ParseBICStrict", s, true) }

// ParseBICLoose applies the clean-up every acctkit loose parser shares:
// it drops a leading UTF-8 byte-order mark, ASCII white space anywhere,
// '-' and '.', upper-cases ASCII letters, then applies the rules of
// ParseBIC. It never touches non-ASCII bytes: they are reported as
// invalid characters. Input longer than 52 bytes is rejected unread.
// Errors show the input as given and Pos counts in it.
func ParseBICLoose(s string) (BIC, error) {
	const fn = "ParseBICLoose"
	var buf [bicLoose]byte
	var at [bicLoose]int
	n, err := looseClean(fn, s, bic11Len, buf[:], at[:])
	if err != nil {
		return BIC{}, err
	}
	if i := ascii.IndexNonUpperAlnum(string(buf[:n])); i >= 0 {
		return BIC{}, looseError(fn, s, n, bic11Len, at[:], i+1, ErrCharacter, reason{code: codeCharacter, txt: "a letter, digit or separator"})
	}
	if n != bic8Len && n != bic11Len {
		return BIC{}, looseError(fn, s, n, bic11Len, at[:], 0, ErrLength, reason{code: codeDigits, n: n, txt: "8 or 11"})
	}
	v, bad := scanBIC(buf[:n], false)
	if bad != -1 {
		w, sentinel := bicFault(fn, bad, string(buf[4:6]), 0, false)
		return BIC{}, looseError(fn, s, n, bic11Len, at[:], badIndex(bad)+1, sentinel, w)
	}
	return v, nil
}

// bicLoose is ascii.LooseLimit(bic11Len), ParseBICLoose's buffer size.
const bicLoose = 4*bic11Len + 8

// ValidateBIC reports whether s is a valid BIC, with the same rules and
// errors as ParseBIC.
func ValidateBIC(s string) error {
	_, err := parseBIC("ValidateBIC", s, false)
	return err
}

// MustParseBIC is like ParseBIC but panics on error. It is intended for
// tests and package variables with hard-coded strings.
func MustParseBIC(s string) BIC {
	v, err := ParseBIC(s)
	if err != nil {
		panic(err)
	}
	return v
}

func parseBIC(fn, s string, strict bool) (BIC, error) {
	if len(s) != bic8Len && len(s) != bic11Len {
		e := wrongLength(fn, s, bic11Len, "8 or 11")
		// A space or separator explains a wrong length better than the count.
		if i := indexNotAlnum(s[:min(len(s), scanLimit)]); e.Err == ErrLength && i >= 0 {
			return BIC{}, newError(fn, s, bic11Len, i+1, ErrCharacter, reason{code: codeCharacter, txt: "an upper-case letter or digit", extra: strictHint(s[i])})
		}
		return BIC{}, e
	}
	v, bad := scanBIC(s, strict)
	if bad != -1 {
		w, sentinel := bicFault(fn, bad, s[4:6], s[badIndex(bad)], strict)
		return BIC{}, newError(fn, s, bic11Len, badIndex(bad)+1, sentinel, w)
	}
	return v, nil
}

// indexNotAlnum returns the index of the first byte of s that is not an
// ASCII letter (either case) or digit, or -1.
func indexNotAlnum(s string) int {
	for i := 0; i < len(s); i++ {
		if !ascii.IsUpperAlnum(ascii.ToUpper(s[i])) {
			return i
		}
	}
	return -1
}

// badCountry is scanBIC's report of an unknown country code; other
// failures are the index of the offending character.
const badCountry = -2

// Character classes for the table-driven check: one lookup per byte
// instead of a branch on the position.
const (
	classUpper = 1 << iota
	classDigit
	classAlnum = classUpper | classDigit
)

var byteClass = func() (t [256]uint8) {
	for c := 'A'; c <= 'Z'; c++ {
		t[c] = classUpper
	}
	for c := '0'; c <= '9'; c++ {
		t[c] = classDigit
	}
	return t
}()

// bicAllowed is the class allowed at each position: by ISO 9362:2014, and
// with SWIFT's letters-only party prefix.
var bicAllowed = [2][bic11Len]uint8{
	{classAlnum, classAlnum, classAlnum, classAlnum, classUpper, classUpper, classAlnum, classAlnum, classAlnum, classAlnum, classAlnum},
	{classUpper, classUpper, classUpper, classUpper, classUpper, classUpper, classAlnum, classAlnum, classAlnum, classAlnum, classAlnum},
}

// scanBIC applies the rules, in order, to b (8 or 11 bytes) and packs it
// into a BIC, completing an 8-character BIC with the primary-office branch.
// bad is -1 when every rule holds, the index of the first bad character,
// or badCountry. Nothing here allocates or builds a message: ParseBIC sits
// on hot paths, and the message is only made once a failure is returned.
func scanBIC[T string | []byte](b T, strict bool) (v BIC, bad int) {
	allowed := &bicAllowed[0]
	if strict {
		allowed = &bicAllowed[1]
	}
	_ = b[bic8Len-1]
	for i := range bic8Len {
		c := b[i]
		if byteClass[c]&allowed[i] == 0 {
			return BIC{}, i
		}
		v.id |= uint64(c) << (8 * i)
	}
	if len(b) == bic8Len {
		v.branch = primaryBranchWord
	} else {
		_ = b[bic11Len-1]
		for i := bic8Len; i < bic11Len; i++ {
			if byteClass[b[i]] == 0 {
				return BIC{}, i
			}
		}
		v.branch = uint32(b[8]) | uint32(b[9])<<8 | uint32(b[10])<<16
	}
	if !iso3166.Known(string(b[4:6])) {
		return BIC{}, badCountry
	}
	return v, -1
}

// bicField names the part each position belongs to, for messages.
func bicField(i int) string {
	switch {
	case i < 4:
		return "party prefix"
	case i < 6:
		return "country code"
	case i < 8:
		return "location"
	}
	return "branch"
}

// badIndex is the index of the character scanBIC's report bad is about.
func badIndex(bad int) int {
	if bad == badCountry {
		return 4
	}
	return bad
}

// bicFault says what the error for scanBIC's report bad is, on a value
// whose country code is cc.
func bicFault(fn string, bad int, cc string, c byte, strict bool) (reason, error) {
	if bad == badCountry {
		return reason{code: codeCountry, n: int(cc[0])<<8 | int(cc[1])}, ErrUnknownCountry
	}
	want := "an upper-case letter or digit"
	switch {
	case bad < 4 && strict:
		want = "an upper-case letter (SWIFT party prefixes are letters only)"
	case bad >= 4 && bad < 6:
		want = "an upper-case letter"
	}
	if fn == "ParseBICLoose" {
		switch want {
		case "an upper-case letter or digit":
			want = "a letter or digit"
		case "an upper-case letter":
			want = "a letter"
		}
		return reason{code: codeBICChar, n: bad, txt: want}, ErrCharacter
	}
	return reason{code: codeBICChar, n: bad, txt: want, extra: strictHint(c)}, ErrCharacter
}

// strictHint points a strict parser's caller at the loose one for the
// bytes it would clean up.
func strictHint(c byte) string {
	switch {
	case ascii.IsLower(c):
		return " (ParseBICLoose accepts lower case)"
	case ascii.IsSeparator(c):
		return " (ParseBICLoose removes white space and separators)"
	}
	return ""
}

// IsZero reports whether v is the zero value (absent).
func (v BIC) IsZero() bool { return v.id == 0 }

// PartyPrefix returns characters 1-4, the code of the institution (the
// ISO 9362:2014 business party prefix, often called the bank code).
func (v BIC) PartyPrefix() string { return v.part(0, 4) }

// CountryCode returns characters 5-6, the ISO 3166-1 alpha-2 country code.
func (v BIC) CountryCode() string { return v.part(4, 6) }

// Location returns characters 7-8, the location code (party suffix).
func (v BIC) Location() string { return v.part(6, 8) }

// Branch returns characters 9-11; "XXX" for the primary office, including
// a BIC parsed from its 8-character form.
func (v BIC) Branch() string { return v.part(8, 11) }

// IsPrimaryOffice reports whether the branch is XXX (or was absent).
func (v BIC) IsPrimaryOffice() bool {
	return !v.IsZero() && v.branch == primaryBranchWord
}

// BIC8 returns the 8-character form (party prefix, country, location),
// which identifies the institution without the branch.
func (v BIC) BIC8() string { return v.part(0, 8) }

// BIC11 returns the 11-character form, with XXX for the primary office.
// It is the canonical form and the same as String.
func (v BIC) BIC11() string { return v.part(0, 11) }

// IsTest reports whether the location's second character is '0', which
// SWIFT assigns to test and training BICs.
func (v BIC) IsTest() bool { return byte(v.id>>56) == '0' }

// IsPassive reports whether the location's second character is '1', which
// SWIFT assigns to passive participants: BICs not connected to the SWIFT
// network, reached through another institution.
func (v BIC) IsPassive() bool { return byte(v.id>>56) == '1' }

// SameInstitution reports whether v and other have the same 8-character
// BIC: the same party prefix, country and location, differing at most in
// the branch. ISO 9362 uses those eight characters to identify the party;
// the same prefix in another country or location may be a separate legal
// entity. Zero values are not the same institution as anything.
func (v BIC) SameInstitution(other BIC) bool {
	return !v.IsZero() && v.id == other.id
}

func (v BIC) part(from, to int) string {
	if v.IsZero() {
		return ""
	}
	var b [bic11Len]byte
	return string(v.appendChars(b[:0])[from:to])
}

// appendChars appends the 11 characters.
func (v BIC) appendChars(b []byte) []byte {
	for i := range bic8Len {
		b = append(b, byte(v.id>>(8*i)))
	}
	return append(b, byte(v.branch), byte(v.branch>>8), byte(v.branch>>16))
}

// String returns the canonical 11-character form, or "" for the zero BIC.
func (v BIC) String() string { return v.BIC11() }

// AppendText implements encoding.TextAppender: the 11-character form, or
// nothing for the zero BIC.
func (v BIC) AppendText(b []byte) ([]byte, error) {
	if v.IsZero() {
		return b, nil
	}
	return v.appendChars(b), nil
}

// MarshalText implements encoding.TextMarshaler; the zero BIC is "".
func (v BIC) MarshalText() ([]byte, error) {
	return v.AppendText(make([]byte, 0, bic11Len))
}

// UnmarshalText implements encoding.TextUnmarshaler with ParseBIC; empty
// text gives the zero BIC.
func (v *BIC) UnmarshalText(text []byte) error {
	if len(text) == 0 {
		*v = BIC{}
		return nil
	}
	p, err := ParseBIC(string(text))
	if err != nil {
		return err
	}
	*v = p
	return nil
}

// Scan implements sql.Scanner: a string or []byte is parsed with ParseBIC,
// NULL gives the zero BIC.
func (v *BIC) Scan(src any) error { return scanText(src, "a BIC", v.UnmarshalText) }

// Value implements driver.Valuer: the 11-character form, or NULL for the
// zero BIC.
func (v BIC) Value() (driver.Value, error) {
	if v.IsZero() {
		return nil, nil
	}
	return v.String(), nil
}

// Masked returns the BIC as acctkit's masking policy shows it: whole,
// because a BIC is public. It exists so that every identifier type has
// Masked.
func (v BIC) Masked() string { return mask.Public.Mask(v.String()) }

// LogValue implements slog.LogValuer with Masked: a BIC is public, so it
// is logged in full.
func (v BIC) LogValue() slog.Value { return slog.StringValue(v.Masked()) }
