package clabe

import (
	"database/sql"

	"github.com/acctkit/acctkit/internal/sqltext"
)

// ScanLoose returns a sql.Scanner that reads a column into c with
// ParseLoose's clean-up, for legacy tables that hold CLABEs as people
// typed them ("002 010 07777777777 1"):
//
//	var c clabe.CLABE
//	err := row.Scan(clabe.ScanLoose(&c))
//
// NULL and the empty string give the zero value. CLABE's own Scan stays
// strict, so data written by this package is never silently repaired.
func ScanLoose(c *CLABE) sql.Scanner { return looseScanner{c} }

type looseScanner struct{ c *CLABE }

func (l looseScanner) Scan(src any) error {
	return sqltext.Scan(src, "clabe.ScanLoose", "a CLABE", func(s string) error {
		if s == "" {
			*l.c = CLABE{}
			return nil
		}
		v, err := ParseLoose(s)
		*l.c = v
		return err
	})
}
