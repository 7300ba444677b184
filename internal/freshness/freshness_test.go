package freshness

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

type recorder struct{ msgs []string }

func (r *recorder) Helper() {}
func (r *recorder) Errorf(format string, a ...any) {
	r.msgs = append(r.msgs, fmt.Sprintf(format, a...))
}

func TestCheck(t *testing.T) {
	day := func(s string) time.Time { d, _ := time.Parse("2006-01-02", s); return d }
	tb := Table{Name: "x.DataDate", Date: "2026-03-25", MaxAge: 12, Refresh: "Run go generate ./x."}
	for _, tt := range []struct {
		now   string
		stale bool
	}{
		{"2026-12-02", false},
		{"2027-03-24", false},
		{"2027-03-25", true},
		{"2030-01-01", true},
	} {
		var r recorder
		Check(&r, tb, day(tt.now))
		if tt.stale {
			assert.Equal(t, []string{"x.DataDate is 2026-03-25: the table is more than 12 months old and its source has newer data. Run go generate ./x."}, r.msgs, tt.now)
		} else {
			assert.Empty(t, r.msgs, tt.now)
		}
	}

	// A month's date counts from the end of that month.
	var r recorder
	Check(&r, Table{Name: "y", Date: "2026-06", MaxAge: 12}, day("2027-06-30"))
	assert.Empty(t, r.msgs)
	Check(&r, Table{Name: "y", Date: "2026-06", MaxAge: 12}, day("2027-07-01"))
	assert.Len(t, r.msgs, 1)

	r = recorder{}
	Check(&r, Table{Name: "z", Date: "June 2026"}, day("2026-01-01"))
	assert.Equal(t, []string{`z = "June 2026" is not an ISO 8601 date`}, r.msgs)
}
