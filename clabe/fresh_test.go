package clabe_test

import (
	"testing"
	"time"

	"github.com/acctkit/acctkit/clabe"
	"github.com/acctkit/acctkit/internal/freshness"
)

func TestTablesFresh(t *testing.T) {
	now := time.Now()
	freshness.Check(t, freshness.Table{
		Name: "clabe.BankCatalogDate", Date: clabe.BankCatalogDate, MaxAge: 12,
		Refresh: "Update clabe/testdata/clabe_banks.csv from Banxico's current SPEI participant list " +
			"(a dated source in the sources column) and run go generate ./clabe.",
	}, now)
	freshness.Check(t, freshness.Table{
		Name: "clabe.PlazaCatalogDate", Date: clabe.PlazaCatalogDate, MaxAge: 24,
		Refresh: "Update clabe/testdata/clabe_plazas*.csv from the newest public plaza list " +
			"(a dated source in the sources column) and run go generate ./clabe.",
	}, now)
}
