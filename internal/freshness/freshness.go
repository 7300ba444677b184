// Package freshness lets each generated reference table's tests fail once
// the table is older than its source's publishing cadence allows, with a
// message that says how to refresh it (see CONTRIBUTING.md).
package freshness

import (
	"fmt"
	"time"
)

// Reporter is the part of testing.TB that Check uses.
type Reporter interface {
	Helper()
	Errorf(format string, args ...any)
}

// Table is one generated table's data date and how long it may go
// without a refresh.
type Table struct {
	Name    string // the exported date constant: "iban.RegistryDate"
	Date    string // its value: ISO 8601, to the day ("2026-03-25") or the month ("2026-06")
	MaxAge  int    // months after Date at which the table is stale
	Refresh string // what to do, for the failure message
}

// StaleAfter returns the day from which the table is stale, or an error
// when Date is not an ISO 8601 date.
func (tb Table) StaleAfter() (time.Time, error) {
	d, err := time.Parse("2006-01-02", tb.Date)
	if err != nil {
		if d, err = time.Parse("2006-01", tb.Date); err != nil {
			return time.Time{}, fmt.Errorf("%s = %q is not an ISO 8601 date", tb.Name, tb.Date)
		}
		d = d.AddDate(0, 1, 0) // a month's date covers the whole month
	}
	return d.AddDate(0, tb.MaxAge, 0), nil
}

// Check reports through r when tb is stale at now.
func Check(r Reporter, tb Table, now time.Time) {
	r.Helper()
	stale, err := tb.StaleAfter()
	if err != nil {
		r.Errorf("%v", err)
		return
	}
	if !now.Before(stale) {
		r.Errorf("%s is %s: the table is more than %d months old and its source has newer data. %s",
			tb.Name, tb.Date, tb.MaxAge, tb.Refresh)
	}
}
