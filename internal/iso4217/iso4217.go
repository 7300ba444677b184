// Package iso4217 looks up ISO 4217 currencies (alpha code, numeric code,
// minor units) in a table generated from SIX's List One. It exists because
// golang.org/x/text/currency carries 2017 data with wrong exponents for
// several currencies (IQD, RSD, ...) and no MRU, VES, SLE or ZWG.
package iso4217

//go:generate go run gen.go

// Currency is one entry of ISO 4217 List One.
type Currency struct {
	Code    string // alpha code in upper case, "MXN"
	Numeric uint16 // numeric code; print it with %03d ("008" for ALL)
	// MinorUnits is the exponent of the minor unit (USD 2, JPY 0, KWD 3,
	// CLF 4), or -1 where ISO 4217 says "N.A." (gold, SDR, test codes):
	// such a currency has no minor unit to count amounts in.
	MinorUnits int
	Name       string // English name as published, "Mexican Peso"
}

// Lookup returns the currency with the given alpha code. Codes are upper
// case; "usd" is not found. It neither allocates nor searches.
func Lookup(code string) (Currency, bool) {
	i, ok := position(code)
	if !ok {
		return Currency{}, false
	}
	return currencies[i], true
}

// Known reports whether code is a current ISO 4217 alpha code.
func Known(code string) bool {
	_, ok := position(code)
	return ok
}

func position(code string) (int, bool) {
	if len(code) != 3 {
		return 0, false
	}
	k := 0
	for i := 0; i < 3; i++ {
		c := code[i]
		if c < 'A' || c > 'Z' {
			return 0, false
		}
		k = k*26 + int(c-'A')
	}
	n := index[k]
	return int(n) - 1, n != 0
}
