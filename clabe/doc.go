// Package clabe parses, validates and builds CLABEs (Clave Bancaria
// Estandarizada), the 18-digit account numbers of Mexico's SPEI transfers:
//
//	002 010 07777777777 1
//	bank plaza account  control digit
//
// # Values
//
// A CLABE is a small comparable value: == compares two of them and they can
// be map keys. The zero value is not a CLABE; it means "absent", prints and
// encodes as "" and is stored as SQL NULL. The canonical form, what String,
// MarshalText and Value produce and what Parse, UnmarshalText and Scan
// accept, is the 18 ASCII digits with nothing around them. ParseLoose also
// accepts the forms people write, with the clean-up every acctkit loose
// parser shares (a leading UTF-8 byte-order mark, ASCII white space, '-'
// and '.' dropped), and ScanLoose reads legacy SQL columns with it; Scan
// stays strict. Logging a CLABE
// through log/slog shows only its last four digits (Masked); String and
// fmt print all 18.
//
// # Control digit
//
// The control digit is computed over the first 17 digits with the weights
// 3, 7, 1, 3, 7, 1, ...: each digit times its weight, each product taken
// modulo 10, the products summed, and (10 - sum mod 10) mod 10. A control
// digit of 0 is valid.
//
// The scheme detects every single-digit substitution: changing one digit by
// d (1 to 9) changes the sum by weight*d, which is never a multiple of 10
// because 3, 7 and 1 are coprime to 10. It detects 8 in 9 adjacent
// transpositions (1360 of the 1530 swaps of two different neighbouring
// digits, at any of the 17 places, control digit included): swapping a and
// b changes the sum by (w1-w2)*(b-a), and w1-w2 is -4, 6 or -2, so a swap
// goes unnoticed exactly when a and b differ by 5 (0 and 5, 1 and 6, ...).
// The tests prove both figures by exhaustion.
//
// # Errors
//
// Parse failures are a *ParseError whose message names the function, the
// input masked to its last four digits, and the reason, as in
//
//	clabe.Parse("**************7779"): check digit is 9, want 1
//
// Its fields hold the function without the package (Func "Parse"), the
// masked input (an input longer than a CLABE as "..." and its last four
// bytes), and Pos, the 1-based position of the offending character in the
// input as given (0 when the error is not about one character); its Reason method returns
// the reason alone. It unwraps to one sentinel, for errors.Is: ErrLength,
// ErrCharacter (the reason and Pos give the position and the character),
// ErrChecksum (the reason gives the expected digit) or ErrUnknownBank. ErrUnknownBank is
// not malformed input: the CLABE is well formed and its control digit is
// right, but its bank code is in neither the built-in catalog nor the
// registrations. A plaza code missing from the plaza catalog is never an
// error: no official plaza list exists, and rejecting unknown plazas is
// the most common false rejection among CLABE validators.
//
// # Catalogs
//
// The bank catalog (BankCatalogDate) holds the codes of the current SPEI
// participants and legacy codes of banks that merged or closed, whose
// CLABEs are still printed on documents. RegisterBank adds a bank assigned
// after the catalog's date without waiting for a release. The plaza
// catalog (PlazaCatalogDate) maps plaza codes to cities and states. Both
// are generated from testdata/ by go generate.
//
// Everything in the package is safe for concurrent use.
package clabe

//go:generate go run gen.go
