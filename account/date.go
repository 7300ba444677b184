package account

import (
	"errors"
	"fmt"
	"time"
)

// Date is a calendar date without time or zone, written 2006-01-02 on the
// wire (Synctera's close_date, open_date). Like netip.Addr, its fields are
// unexported so that every Date but the zero one is a day that exists:
// build one with NewDate or ParseDate. The zero Date means absent and
// encodes as "". Dates are comparable with ==.
type Date struct {
	year  int32
	month uint8
	day   uint8
}

// ErrDate is the reason a text or a triple is not a Date.
var ErrDate = errors.New("not a calendar date in the form YYYY-MM-DD")

// NewDate returns the date year-month-day, or an error wrapping ErrDate
// when that day does not exist (2024-02-31) or the year is outside
// 1..9999, the years the wire form can write.
func NewDate(year int, month time.Month, day int) (Date, error) {
	t := time.Date(year, month, day, 0, 0, 0, 0, time.UTC)
	if year < 1 || year > 9999 || t.Year() != year || t.Month() != month || t.Day() != day {
		return Date{}, fmt.Errorf("account.NewDate(%d, %d, %d): %w", year, int(month), day, ErrDate)
	}
	return Date{int32(year), uint8(month), uint8(day)}, nil
}

// ParseDate parses a date written YYYY-MM-DD and checks that the day
// exists.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil || len(s) != len(time.DateOnly) || t.Year() < 1 {
		return Date{}, fmt.Errorf("account.ParseDate(%q): %w", truncate(s, 24), ErrDate)
	}
	return Date{int32(t.Year()), uint8(t.Month()), uint8(t.Day())}, nil
}

// Year, Month and Day return the parts of d (zero for the zero Date).
func (d Date) Year() int { return int(d.year) }

// Month returns the month of d.
func (d Date) Month() time.Month { return time.Month(d.month) }

// Day returns the day of the month of d.
func (d Date) Day() int { return int(d.day) }

// IsZero reports whether d is the zero (absent) Date.
func (d Date) IsZero() bool { return d == Date{} }

// String returns d as YYYY-MM-DD, or "" for the zero Date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return string(d.AppendText(nil))
}

// AppendText appends the YYYY-MM-DD form of d (nothing for the zero Date).
func (d Date) AppendText(b []byte) []byte {
	if d.IsZero() {
		return b
	}
	y, m, dd := int(d.year), int(d.month), int(d.day)
	return append(b, byte('0'+y/1000), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10), '-',
		byte('0'+m/10), byte('0'+m%10), '-', byte('0'+dd/10), byte('0'+dd%10))
}

// MarshalText implements encoding.TextMarshaler.
func (d Date) MarshalText() ([]byte, error) { return d.AppendText(nil), nil }

// UnmarshalText implements encoding.TextUnmarshaler with ParseDate; empty
// text gives the zero Date.
func (d *Date) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*d = Date{}
		return nil
	}
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}
