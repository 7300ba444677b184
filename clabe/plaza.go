package clabe

// Plaza is one city a 3-digit plaza code names. A code can name several
// cities, and a city can appear under several codes.
type Plaza struct {
	Code      string // three ASCII digits, e.g. "320"
	City      string // e.g. "Guadalajara"
	State     string // the state's name as the sources write it, e.g. "Jalisco"; empty when unknown
	StateCode string // the state's ISO 3166-2 code, e.g. "MX-JAL"; empty when unknown
}

// LookupPlazas returns the cities the 3-digit plaza code names, or nil when
// the code is not in the plaza catalog (see PlazaCatalogDate). Like
// CLABE.Plazas, the result is a copy the caller may keep and change.
func LookupPlazas(code string) []Plaza {
	if parseCode3(code) < 0 {
		return nil
	}
	return plazasOf(code)
}
