package iban

import (
	"database/sql"

	"github.com/acctkit/acctkit/internal/sqltext"
)

// ScanLoose returns a sql.Scanner that reads a column into x with
// ParseLoose's clean-up, for legacy tables that hold IBANs as people typed
// them ("de89 3704 0044 0532 0130 00"):
//
//	var x iban.IBAN
//	err := row.Scan(iban.ScanLoose(&x))
//
// NULL and the empty string give the zero value. IBAN's own Scan stays
// strict, so data written by this package is never silently repaired.
func ScanLoose(x *IBAN) sql.Scanner { return looseScanner{x} }

type looseScanner struct{ x *IBAN }

func (l looseScanner) Scan(src any) error {
	return sqltext.Scan(src, "iban.ScanLoose", "an IBAN", func(s string) error {
		if s == "" {
			*l.x = IBAN{}
			return nil
		}
		v, err := ParseLoose(s)
		*l.x = v
		return err
	})
}
