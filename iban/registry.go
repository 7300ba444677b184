package iban

//go:generate go run gen.go

// Bounds over every country in the registry: no IBAN is shorter than
// Norway's or longer than MaxLength.
const (
	MinLength = 15
	MaxLength = 34
)

// Span is a run of BBAN positions as the registry writes them: 1-based and
// inclusive, so the bank identifier of a German BBAN is Span{1, 8}. The
// zero Span means the registry defines no such identifier.
type Span struct{ First, Last int }

// Len returns the number of positions in s.
func (s Span) Len() int {
	if s.First == 0 {
		return 0
	}
	return s.Last - s.First + 1
}

// IsZero reports whether s is absent.
func (s Span) IsZero() bool { return s == Span{} }

// Country is one IBAN country code's entry in the SWIFT IBAN Registry.
type Country struct {
	Code string // ISO 3166-1 alpha-2 code, the IBAN prefix ("DE")
	Name string // the registry's name for it
	// TerritoryOf is the registry country a territory belongs to ("FR" for
	// "GF"); empty for registry countries. A territory has its parent's
	// rules under its own code.
	TerritoryOf string
	Length      int    // IBAN length in characters
	Structure   string // BBAN structure in registry notation ("8!n10!n")
	Bank        Span   // bank identifier within the BBAN
	Branch      Span   // branch identifier within the BBAN; zero if none
	SEPA        bool   // registry SEPA flag (territories: see the package doc)
	// Example is the registry's IBAN example. For a territory it is the
	// parent's example, which starts with the parent's code: SWIFT says
	// accounts there carry the parent's prefix.
	Example string
}

// spec is a registry row plus what the parser needs precomputed.
type spec struct {
	code, name, territoryOf string
	structure               string
	classes                 string // 'n', 'a' or 'c' per BBAN position
	example                 string
	length                  int
	bank, branch            Span
	sepa                    bool
}

// lookup returns the spec for the code c0 c1, or nil.
func lookup(c0, c1 byte) *spec {
	if i := index(c0, c1); i >= 0 {
		return &specs[i]
	}
	return nil
}

// index returns the position in specs of the code c0 c1, or -1. It is the
// O(1) path every parse takes: two subtractions and two array loads.
func index(c0, c1 byte) int {
	a, b := c0-'A', c1-'A'
	if a >= 26 || b >= 26 {
		return -1
	}
	return int(countryIndex[int(a)*26+int(b)]) - 1
}

func lookupCode(cc string) *spec {
	if len(cc) != 2 {
		return nil
	}
	return lookup(cc[0], cc[1])
}

// LookupCountry returns the registry entry for an upper-case country code
// and whether the code has IBANs.
func LookupCountry(cc string) (Country, bool) {
	sp := lookupCode(cc)
	if sp == nil {
		return Country{}, false
	}
	return sp.country(), true
}

// Countries returns every IBAN country code's entry, territories included,
// in code order. The slice is new on every call.
func Countries() []Country {
	out := make([]Country, len(specs))
	for i := range specs {
		out[i] = specs[i].country()
	}
	return out
}

func (sp *spec) country() Country {
	return Country{
		Code:        sp.code,
		Name:        sp.name,
		TerritoryOf: sp.territoryOf,
		Length:      sp.length,
		Structure:   sp.structure,
		Bank:        sp.bank,
		Branch:      sp.branch,
		SEPA:        sp.sepa,
		Example:     sp.example,
	}
}

// accountStart is the 0-based BBAN offset where the account number starts:
// right after the bank identifier, or the branch identifier when there is
// one (gen.go checks that the branch follows the bank).
func (sp *spec) accountStart() int {
	if sp.branch.Last != 0 {
		return sp.branch.Last
	}
	return sp.bank.Last
}
