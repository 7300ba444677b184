package clabe

import (
	"database/sql/driver"
	"encoding/binary"
	"fmt"
	"log/slog"
	"slices"
	"strings"

	"github.com/acctkit/acctkit/internal/sqltext"
)

// CLABE is a Mexican standardized bank account number (Clave Bancaria
// Estandarizada): 3 digits of bank, 3 of plaza, 11 of account and one
// control digit. It is a small comparable value: == compares two CLABEs
// and it can be a map key. The zero value is not a CLABE; it means
// "absent" and prints as "".
//
// The ASCII digits are copied into three integers: a CLABE never pins the
// (possibly large) buffer it was parsed from, Parse builds it from the
// words it has already loaded, and it travels in registers.
type CLABE struct {
	lo, hi uint64 // bytes 0-7 and 8-15 of the digits, little-endian; lo is 0 only in the zero value
	tail   uint16 // bytes 16 and 17
}

// digits returns the 18 ASCII digits of a non-zero c.
func (c CLABE) digits() (b [Length]byte) {
	binary.LittleEndian.PutUint64(b[:8], c.lo)
	binary.LittleEndian.PutUint64(b[8:16], c.hi)
	binary.LittleEndian.PutUint16(b[16:], c.tail)
	return b
}

// digitAt returns the value of digit i (0..7).
func (c CLABE) digitAt(i int) int { return int(byte(c.lo>>(8*i)) - '0') }

func (c CLABE) bank() int  { return c.digitAt(0)*100 + c.digitAt(1)*10 + c.digitAt(2) }
func (c CLABE) plaza() int { return c.digitAt(3)*100 + c.digitAt(4)*10 + c.digitAt(5) }

// IsZero reports whether c is the zero value.
func (c CLABE) IsZero() bool { return c.lo == 0 }

// BankCode returns the 3-digit bank code, e.g. "002", or "" for the zero
// value. It does not allocate.
func (c CLABE) BankCode() string {
	if c.IsZero() {
		return ""
	}
	return code3(c.bank())
}

// Bank returns the bank c belongs to, from the built-in catalog or a
// registration, or the zero Bank for the zero CLABE.
func (c CLABE) Bank() Bank {
	if c.IsZero() {
		return Bank{}
	}
	b, _ := lookupBank(c.bank())
	return b
}

// PlazaCode returns the 3-digit plaza code, e.g. "010", or "" for the zero
// value. It does not allocate.
func (c CLABE) PlazaCode() string {
	if c.IsZero() {
		return ""
	}
	return code3(c.plaza())
}

// Plazas returns the cities the plaza code names: usually one, several when
// cities share a code, none when the code is not in the plaza catalog
// (which is not an error: no official list exists). The slice is the
// caller's to keep and change.
func (c CLABE) Plazas() []Plaza {
	if c.IsZero() {
		return nil
	}
	return plazasOf(c.PlazaCode())
}

// AccountNumber returns the 11-digit account number, leading zeros kept,
// or "" for the zero value.
func (c CLABE) AccountNumber() string {
	if c.IsZero() {
		return ""
	}
	b := c.digits()
	return string(b[bankLen+plazaLen : Length-1])
}

// ControlDigit returns the control (check) digit, 0 to 9, or -1 for the
// zero value.
func (c CLABE) ControlDigit() int {
	if c.IsZero() {
		return -1
	}
	return int(byte(c.tail>>8) - '0')
}

// String returns the 18 digits, or "" for the zero value. It prints the
// full account number: log c.Masked(), or c itself through log/slog.
func (c CLABE) String() string {
	if c.IsZero() {
		return ""
	}
	b := c.digits()
	return string(b[:])
}

// Masked returns c with all but its last four digits replaced by '*', as
// "**************7771", or "" for the zero value.
func (c CLABE) Masked() string {
	if c.IsZero() {
		return ""
	}
	b := c.digits()
	for i := range Length - 4 {
		b[i] = '*'
	}
	return string(b[:])
}

// AppendText implements encoding.TextAppender: it appends the 18 digits,
// or nothing for the zero value.
func (c CLABE) AppendText(b []byte) ([]byte, error) {
	if c.IsZero() {
		return b, nil
	}
	d := c.digits()
	return append(b, d[:]...), nil
}

// MarshalText implements encoding.TextMarshaler. The zero value encodes as
// the empty string, so JSON carries it as "".
func (c CLABE) MarshalText() ([]byte, error) {
	return c.AppendText(make([]byte, 0, Length))
}

// UnmarshalText implements encoding.TextUnmarshaler with the strict rules
// of Parse; empty text gives the zero value. On error c is unchanged.
func (c *CLABE) UnmarshalText(text []byte) error {
	return c.set(string(text))
}

// Scan implements sql.Scanner for text columns: NULL gives the zero value,
// a string or []byte is parsed like UnmarshalText.
func (c *CLABE) Scan(src any) error {
	return sqltext.Scan(src, "clabe.Scan", "a CLABE", c.set)
}

func (c *CLABE) set(s string) error {
	if s == "" {
		*c = CLABE{}
		return nil
	}
	v, err := Parse(s)
	if err != nil {
		return err
	}
	*c = v
	return nil
}

// Value implements driver.Valuer: the 18 digits as a string, or NULL for
// the zero value.
func (c CLABE) Value() (driver.Value, error) {
	if c.IsZero() {
		return nil, nil
	}
	return c.String(), nil
}

// LogValue implements slog.LogValuer so that logging a CLABE shows only
// its last four digits.
func (c CLABE) LogValue() slog.Value {
	return slog.StringValue(c.Masked())
}

// codes holds "000" through "999" back to back, so a code's string can be
// sliced out without allocating.
var codes = func() string {
	var b strings.Builder
	for i := range 1000 {
		fmt.Fprintf(&b, "%03d", i)
	}
	return b.String()
}()

func code3(i int) string { return codes[i*3 : i*3+3] }

// plazasOf returns a copy of the catalog's rows for code.
func plazasOf(code string) []Plaza {
	i, found := slices.BinarySearchFunc(plazaTable[:], code, func(p Plaza, code string) int {
		return strings.Compare(p.Code, code)
	})
	if !found {
		return nil
	}
	j := i
	for j < len(plazaTable) && plazaTable[j].Code == code {
		j++
	}
	return slices.Clone(plazaTable[i:j])
}
