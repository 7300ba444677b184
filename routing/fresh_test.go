package routing

import (
	"testing"
	"time"

	"github.com/acctkit/acctkit/internal/freshness"
)

func TestTablesFresh(t *testing.T) {
	freshness.Check(t, freshness.Table{
		Name: "routing.CanadianInstitutionsDate", Date: CanadianInstitutionsDate, MaxAge: 36,
		Refresh: "Update routing/testdata/ca_institutions.csv from Payments Canada's financial institution list " +
			"(a dated source in the sources column) and run go generate ./routing.",
	}, time.Now())
}
