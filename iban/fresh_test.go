package iban

import (
	"testing"
	"time"

	"github.com/acctkit/acctkit/internal/freshness"
)

func TestTablesFresh(t *testing.T) {
	freshness.Check(t, freshness.Table{
		Name: "iban.RegistryDate", Date: RegistryDate, MaxAge: 12,
		Refresh: "Copy the newest SWIFT IBAN Registry TXT into iban/testdata and update iban_registry.csv " +
			"(published by SWIFT on swift.com), set txtFile and release in iban/gen.go, and run go generate ./iban.",
	}, time.Now())
}
