package iso3166

import (
	"testing"
	"time"

	"github.com/acctkit/acctkit/internal/freshness"
)

func TestTablesFresh(t *testing.T) {
	freshness.Check(t, freshness.Table{
		Name: "iso3166.CountriesDate", Date: CountriesDate, MaxAge: 60,
		Refresh: "Copy iso_3166-1.json from the newest Debian iso-codes release into internal/iso3166/testdata, " +
			"set isoCodesVersion and isoCodesDate in gen.go from its CHANGELOG.md, and run go generate ./internal/iso3166.",
	}, time.Now())
}
