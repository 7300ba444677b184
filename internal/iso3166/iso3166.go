// Package iso3166 answers whether a two-letter code is an assigned
// ISO 3166-1 alpha-2 country code, from a table generated out of Debian's
// iso-codes data.
package iso3166

//go:generate go run gen.go

// Kosovo's XK is user-assigned, not in ISO 3166-1, but SWIFT, the IBAN
// registry and the European Commission all use it, so the identifier
// packages accept it.
const kosovo = "XK"

func index(cc string) (int, bool) {
	if len(cc) != 2 || cc[0] < 'A' || cc[0] > 'Z' || cc[1] < 'A' || cc[1] > 'Z' {
		return 0, false
	}
	return int(cc[0]-'A')*26 + int(cc[1]-'A'), true
}

// Known reports whether cc is an assigned alpha-2 code (upper case) or XK.
func Known(cc string) bool {
	i, ok := index(cc)
	return ok && (names[i] != "" || cc == kosovo)
}

// Name returns the country's short English name, or "" for an unknown code.
func Name(cc string) string {
	if cc == kosovo {
		return "Kosovo"
	}
	if i, ok := index(cc); ok {
		return names[i]
	}
	return ""
}
