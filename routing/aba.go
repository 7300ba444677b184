package routing

import (
	"database/sql/driver"
	"fmt"
	"log/slog"

	"github.com/acctkit/acctkit/internal/ascii"
	"github.com/acctkit/acctkit/internal/checksum"
	"github.com/acctkit/acctkit/internal/mask"
	"github.com/acctkit/acctkit/internal/sqltext"
)

// ABA is a U.S. ABA routing transit number: nine digits, the first four
// the Federal Reserve routing symbol, the next four the ABA institution
// identifier, the last a 3-7-1 check digit.
//
// The zero value is not a routing number (000000000 is rejected by
// ParseABA); it means "absent" and encodes as "" and SQL NULL. ABA values
// are comparable: == compares the nine digits, and an ABA can be a map key.
type ABA struct {
	n uint32 // the nine digits read as a number; 0 only in the zero value
}

const abaLen = 9

// abaWeights are the 3-7-1 weights, repeating from the left.
var abaWeights = []int{3, 7, 1}

// ParseABA parses exactly nine ASCII digits with no spaces or punctuation.
// It checks, in this order: length, characters, the 3-7-1 checksum, that
// the number is not all zeros, and that the Federal Reserve routing symbol
// (first two digits) is 00-12, 21-32, 61-72 or 80. A number that passes all
// of these may still be unassigned: only the ABA registrar's directory
// says which numbers exist.
func ParseABA(s string) (ABA, error) { return parseABA("ParseABA", s) }

// ValidateABA reports whether s is a valid ABA routing number, with the
// same checks and errors as ParseABA.
func ValidateABA(s string) error {
	_, err := parseABA("ValidateABA", s)
	return err
}

// MustParseABA is like ParseABA but panics on error. It is intended for
// tests and package variables with hard-coded strings.
func MustParseABA(s string) ABA {
	a, err := ParseABA(s)
	if err != nil {
		panic(err)
	}
	return a
}

// ParseABALoose parses an ABA routing number as people write it
// ("121-000-358", "121 000 358"), with the clean-up every acctkit loose
// parser shares: it drops a leading UTF-8 byte-order mark, ASCII white
// space anywhere, '-' and '.', then applies ParseABA's rules. Any other
// byte is an ErrCharacter. Errors show the input as given and Pos counts
// in it. Input longer than 44 bytes is rejected unread.
func ParseABALoose(s string) (ABA, error) {
	const fn = "ParseABALoose"
	var buf [abaLoose]byte
	var at [abaLoose]int
	n, err := looseClean(fn, s, abaLen, buf[:], at[:])
	if err != nil {
		return ABA{}, err
	}
	if i := ascii.IndexNonDigit(string(buf[:n])); i >= 0 {
		return ABA{}, looseError(fn, s, n, abaLen, at[:], i+1, ErrCharacter, reason{code: codeCharacter, txt: "a digit or a separator"})
	}
	if n != abaLen {
		return ABA{}, looseError(fn, s, n, abaLen, at[:], 0, ErrLength, reason{code: codeDigits, n: n, txt: "9 digits"})
	}
	a, pos, w, sentinel := checkABA(string(buf[:n]))
	if sentinel != nil {
		return ABA{}, looseError(fn, s, n, abaLen, at[:], pos, sentinel, w)
	}
	return a, nil
}

// abaLoose is ascii.LooseLimit(abaLen), ParseABALoose's buffer size.
const abaLoose = 4*abaLen + 8

func parseABA(fn, s string) (ABA, error) {
	if len(s) != abaLen {
		return ABA{}, wrongLength(fn, s, abaLen, "9 digits")
	}
	a, pos, w, sentinel := checkABA(s)
	if sentinel != nil {
		return ABA{}, newError(fn, s, abaLen, pos, sentinel, w)
	}
	return a, nil
}

// checkABA applies ParseABA's rules after the length to s, nine bytes:
// the ABA, or the 1-based position at fault (0 for none), the sentinel and
// what the message needs. It builds no error, so the loose parser can
// report against its own input.
func checkABA(s string) (ABA, int, reason, error) {
	// Unrolled by hand: ParseABA sits on hot paths (every payout row), and
	// a loop over the digits costs twice as much. Each d is 0-9 for a digit
	// and 10-255 for anything else, the byte subtraction wrapping.
	_ = s[abaLen-1]
	d0, d1, d2 := uint32(s[0]-'0'), uint32(s[1]-'0'), uint32(s[2]-'0')
	d3, d4, d5 := uint32(s[3]-'0'), uint32(s[4]-'0'), uint32(s[5]-'0')
	d6, d7, d8 := uint32(s[6]-'0'), uint32(s[7]-'0'), uint32(s[8]-'0')
	if d0 > 9 || d1 > 9 || d2 > 9 || d3 > 9 || d4 > 9 || d5 > 9 || d6 > 9 || d7 > 9 || d8 > 9 {
		return ABA{}, ascii.IndexNonDigit(s) + 1, reason{code: codeCharacter, txt: "a digit"}, ErrCharacter
	}
	// The 3-7-1 weights.
	if sum := 3*(d0+d3+d6) + 7*(d1+d4+d7) + d2 + d5 + d8; sum%10 != 0 {
		return ABA{}, abaLen, reason{code: codeChecksum, n: int(d8), m: checkDigitFor(int(sum - d8))}, ErrChecksum
	}
	symbol := d0*10 + d1
	n := ((((((symbol*10+d2)*10+d3)*10+d4)*10+d5)*10+d6)*10+d7)*10 + d8
	if n == 0 {
		return ABA{}, 0, reason{code: codeText, txt: "all zeros is not a routing number"}, ErrStructure
	}
	if kindOfSymbol(int(symbol)) == 0 {
		return ABA{}, 1, reason{code: codeSymbol, n: int(symbol)}, ErrPrefix
	}
	return ABA{n: n}, 0, reason{}, nil
}

// ABACheckDigit returns the 3-7-1 check digit that completes the first
// eight digits of an ABA routing number. The 3-7-1 scheme catches every
// single-digit substitution (3, 7 and 1 are coprime with 10) and every
// swap of adjacent digits except digits that differ by 5 (0 and 5, 1 and
// 6, ...).
func ABACheckDigit(first8 string) (int, error) {
	const fn = "ABACheckDigit"
	if len(first8) != abaLen-1 {
		return 0, wrongLength(fn, first8, abaLen-1, "8 digits")
	}
	if i := ascii.IndexNonDigit(first8); i >= 0 {
		return 0, badChar(fn, first8, abaLen-1, i, "a digit")
	}
	sum, _ := checksum.WeightedSum(first8, abaWeights)
	return checkDigitFor(sum), nil
}

// checkDigitFor returns the digit that brings the weighted sum of the first
// eight digits to a multiple of 10.
func checkDigitFor(sum8 int) int { return (10 - sum8%10) % 10 }

// ABAKind is what the Federal Reserve routing symbol says about the
// institution. The zero ABAKind belongs only to the zero ABA.
type ABAKind uint8

const (
	ABAGovernment      ABAKind = iota + 1 // 00: the U.S. Government (Treasury)
	ABAPrimary                            // 01-12: a bank, by Federal Reserve district
	ABAThrift                             // 21-32: assigned to thrifts until 1985, by district
	ABAElectronic                         // 61-72: electronic transaction identifier, by district
	ABATravelersCheque                    // 80: traveler's cheques
)

var abaKindNames = [...]string{"none", "government", "primary", "thrift", "electronic", "travelers-cheque"}

// String returns the kind's name: "government", "primary", "thrift",
// "electronic", "travelers-cheque", or "none" for the zero ABAKind.
func (k ABAKind) String() string {
	if int(k) < len(abaKindNames) {
		return abaKindNames[k]
	}
	return fmt.Sprintf("ABAKind(%d)", uint8(k))
}

// kindOfSymbol classifies the first two digits; 0 means unassigned.
func kindOfSymbol(p int) ABAKind {
	switch {
	case p == 0:
		return ABAGovernment
	case p <= 12:
		return ABAPrimary
	case 21 <= p && p <= 32:
		return ABAThrift
	case 61 <= p && p <= 72:
		return ABAElectronic
	case p == 80:
		return ABATravelersCheque
	}
	return 0
}

// IsZero reports whether a is the zero value (absent).
func (a ABA) IsZero() bool { return a.n == 0 }

func (a ABA) symbol() int { return int(a.n / 1e7) }

// Kind returns what the routing symbol says the number is for.
func (a ABA) Kind() ABAKind {
	if a.IsZero() {
		return 0
	}
	return kindOfSymbol(a.symbol())
}

// FederalReserveDistrict returns the Federal Reserve district (1 Boston
// ... 12 San Francisco) encoded in the routing symbol: the symbol itself
// for primary numbers, minus 20 for thrift and minus 60 for electronic
// ones. It returns 0 for government (00) and traveler's cheque (80)
// numbers, which name no district, and for the zero ABA.
func (a ABA) FederalReserveDistrict() int {
	switch a.Kind() {
	case ABAPrimary:
		return a.symbol()
	case ABAThrift:
		return a.symbol() - 20
	case ABAElectronic:
		return a.symbol() - 60
	}
	return 0
}

// ACHEligible reports whether the routing symbol is one the ACH network
// routes to: primary (01-12), thrift (21-32) and electronic (61-72)
// numbers. Government (00) numbers identify Treasury paper items and
// traveler's cheque (80) numbers identify paper instruments, so neither
// receives ACH entries. This rests on the routing symbol alone: whether an
// institution actually takes ACH is in the FedACH participant directory,
// which this package does not carry.
func (a ABA) ACHEligible() bool {
	switch a.Kind() {
	case ABAPrimary, ABAThrift, ABAElectronic:
		return true
	}
	return false
}

// WireEligible reports whether the routing symbol is one Fedwire Funds
// transfers can be sent to: primary (01-12) and thrift (21-32) numbers.
// Electronic (61-72) numbers are electronic transaction identifiers issued
// to payment processors for ACH, not Fedwire participants, and government
// (00) and traveler's cheque (80) numbers identify paper items. Like
// ACHEligible this rests on the routing symbol alone; the Fedwire directory
// says which institutions actually receive wires.
func (a ABA) WireEligible() bool {
	switch a.Kind() {
	case ABAPrimary, ABAThrift:
		return true
	}
	return false
}

// CheckDigit returns the last digit, or 0 for the zero ABA.
func (a ABA) CheckDigit() int { return int(a.n % 10) }

// String returns the nine digits, or "" for the zero ABA. Routing numbers
// are public (printed on every cheque), so String does not mask.
func (a ABA) String() string {
	if a.IsZero() {
		return ""
	}
	var buf [abaLen]byte
	return string(a.appendDigits(buf[:0]))
}

// Masked returns the number as acctkit's masking policy shows it: whole,
// because a routing number is public. It exists so that every identifier
// type has Masked.
func (a ABA) Masked() string { return mask.Public.Mask(a.String()) }

func (a ABA) appendDigits(b []byte) []byte {
	var d [abaLen]byte
	n := a.n
	for i := abaLen - 1; i >= 0; i-- {
		d[i] = byte('0' + n%10)
		n /= 10
	}
	return append(b, d[:]...)
}

// AppendText implements encoding.TextAppender: the nine digits, or nothing
// for the zero ABA.
func (a ABA) AppendText(b []byte) ([]byte, error) {
	if a.IsZero() {
		return b, nil
	}
	return a.appendDigits(b), nil
}

// MarshalText implements encoding.TextMarshaler; the zero ABA is "".
func (a ABA) MarshalText() ([]byte, error) {
	return a.AppendText(make([]byte, 0, abaLen))
}

// UnmarshalText implements encoding.TextUnmarshaler with ParseABA; empty
// text gives the zero ABA.
func (a *ABA) UnmarshalText(text []byte) error {
	if len(text) == 0 {
		*a = ABA{}
		return nil
	}
	v, err := ParseABA(string(text))
	if err != nil {
		return err
	}
	*a = v
	return nil
}

// Scan implements sql.Scanner: a string or []byte is parsed with ParseABA,
// NULL gives the zero ABA. Integers are refused: a routing number stored
// as a number has lost its leading zeros.
func (a *ABA) Scan(src any) error {
	return scanText(src, "an ABA", a.UnmarshalText)
}

// Value implements driver.Valuer: the nine digits, or NULL for the zero ABA.
func (a ABA) Value() (driver.Value, error) {
	if a.IsZero() {
		return nil, nil
	}
	return a.String(), nil
}

// LogValue implements slog.LogValuer with Masked: routing numbers are not
// secret, so the full number is logged.
func (a ABA) LogValue() slog.Value { return slog.StringValue(a.Masked()) }

// scanText is the routing types' sql.Scanner body: text goes through
// unmarshal, NULL gives the zero value.
func scanText(src any, into string, unmarshal func([]byte) error) error {
	return sqltext.Scan(src, "routing", into, func(s string) error { return unmarshal([]byte(s)) })
}
