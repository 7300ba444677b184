package iso4217

import (
	"testing"
	"time"

	"github.com/acctkit/acctkit/internal/freshness"
)

func TestTablesFresh(t *testing.T) {
	freshness.Check(t, freshness.Table{
		Name: "iso4217.CurrenciesDate", Date: CurrenciesDate, MaxAge: 18,
		Refresh: "Update internal/iso4217/testdata/iso4217.csv from SIX's current List One " +
			"(its publication date in the source column) and run go generate ./internal/iso4217.",
	}, time.Now())
}
