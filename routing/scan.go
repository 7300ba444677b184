package routing

import "database/sql"

// ScanABALoose, ScanBICLoose and ScanCanadianLoose return sql.Scanners
// that read a column into the value with the loose parser's clean-up, for
// legacy tables that hold identifiers as people typed them ("121-000-358",
// "deut de ff", "00002-003"):
//
//	var a routing.ABA
//	err := row.Scan(routing.ScanABALoose(&a))
//
// NULL and the empty string give the zero value. The types' own Scan
// methods stay strict, so data written by this package is never silently
// repaired.
func ScanABALoose(a *ABA) sql.Scanner { return looseScanner[ABA]{a, "an ABA", ParseABALoose} }

// ScanBICLoose is ScanABALoose for BICs, with ParseBICLoose.
func ScanBICLoose(v *BIC) sql.Scanner { return looseScanner[BIC]{v, "a BIC", ParseBICLoose} }

// ScanCanadianLoose is ScanABALoose for Canadian routing numbers, with
// ParseCanadianLoose.
func ScanCanadianLoose(c *Canadian) sql.Scanner {
	return looseScanner[Canadian]{c, "a Canadian routing number", ParseCanadianLoose}
}

type looseScanner[T any] struct {
	dst   *T
	into  string
	parse func(string) (T, error)
}

func (l looseScanner[T]) Scan(src any) error {
	return scanText(src, l.into, func(text []byte) error {
		var zero T
		if len(text) == 0 {
			*l.dst = zero
			return nil
		}
		v, err := l.parse(string(text))
		*l.dst = v
		return err
	})
}
