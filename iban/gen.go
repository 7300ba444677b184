//go:build ignore

// gen writes tables.go from the SWIFT IBAN Registry.
//
// Both inputs are copies from the project's shared data folder.
// testdata/swift_iban_registry_r102.txt is the registry's own TXT release
// 102 of June 2026 (a UTF-8 copy of the file vendored by skwasjer/IbanNet
// at a47f4f3; transposed: one row per field, one column per country) and
// is the authority for the 89 registry countries.
// testdata/iban_registry.csv adds the 16 territories the registry lists
// under "Country code includes other countries/territories", each under
// its own code with its parent's rules. Every CSV row for a registry
// country must agree with the TXT column, every territory must be listed
// by its parent, and every example must pass the rules it documents, or
// gen stops without writing anything.
package main

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"go/format"
	"log"
	"math/big"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"
)

const (
	txtFile = "testdata/swift_iban_registry_r102.txt"
	csvFile = "testdata/iban_registry.csv"
	release = "102"
)

// country is one row of the generated table.
type country struct {
	code, name, territoryOf string
	structure, example      string
	classes                 string // one of 'n', 'a', 'c' per BBAN position
	length                  int
	bankFirst, bankLast     int
	branchFirst, branchLast int
	sepa                    bool
	includes, sepaIncludes  []string // registry countries only
}

func main() {
	log.SetFlags(0)
	log.SetPrefix("gen: ")
	reg := readTXT()
	all := readCSV(reg)
	for _, c := range all {
		checkCountry(c)
	}
	write(all, registryDate())
}

// registryDate returns the month of the newest "Last update date" in the
// registry, as an ISO 8601 year and month ("2026-06"): the release's date.
func registryDate() string {
	raw, err := os.ReadFile(txtFile)
	if err != nil {
		log.Fatal(err)
	}
	var newest time.Time
	for _, line := range strings.Split(string(raw), "\n") {
		cells := strings.Split(strings.TrimRight(line, "\r"), "\t")
		if strings.TrimSpace(cells[0]) != "Last update date" {
			continue
		}
		for _, c := range cells[1:] {
			if c = strings.TrimSpace(c); c == "" {
				continue
			}
			t, err := time.Parse("Jan-06", c)
			if err != nil {
				log.Fatalf("%s: last update date %q: %v", txtFile, c, err)
			}
			if t.After(newest) {
				newest = t
			}
		}
	}
	if newest.IsZero() {
		log.Fatalf("%s: no last update date", txtFile)
	}
	return newest.Format("2006-01")
}

// readTXT returns the 89 registry countries keyed by code.
func readTXT() map[string]*country {
	raw, err := os.ReadFile(txtFile)
	if err != nil {
		log.Fatal(err)
	}
	// The fields gen needs are single-line cells at the top of the file;
	// the contact rows further down hold quoted multi-line addresses, so
	// reading stops at the last field used.
	rows := map[string][]string{}
	for _, line := range strings.Split(string(raw), "\n") {
		cells := strings.Split(strings.TrimRight(line, "\r"), "\t")
		label := strings.TrimSpace(cells[0])
		for i, c := range cells {
			cells[i] = strings.TrimSpace(strings.Trim(strings.TrimSpace(c), `"`))
		}
		rows[label] = cells[1:]
		if label == "IBAN print format example" {
			break
		}
	}
	field := func(label string, i int) string {
		r, ok := rows[label]
		if !ok {
			log.Fatalf("%s: no row %q", txtFile, label)
		}
		if i >= len(r) {
			log.Fatalf("%s: row %q has %d cells, want column %d", txtFile, label, len(r), i+1)
		}
		return r[i]
	}
	codes := rows["IBAN prefix country code (ISO 3166)"]
	out := map[string]*country{}
	for i, code := range codes {
		if code == "" {
			continue
		}
		c := &country{code: code, name: field("Name of country", i)}
		c.structure = field("BBAN structure", i)
		c.length = atoi(code, "IBAN length", field("IBAN length", i))
		c.bankFirst, c.bankLast = span(code, field("Bank identifier position within the BBAN", i))
		c.branchFirst, c.branchLast = span(code, field("Branch identifier position within the BBAN", i))
		c.example = field("IBAN electronic format example", i)
		switch s := field("SEPA country", i); s {
		case "Yes":
			c.sepa = true
		case "No":
		default:
			log.Fatalf("%s: SEPA country is %q", code, s)
		}
		c.includes = list(field("Country code includes other countries/territories", i))
		c.sepaIncludes = list(field("SEPA country also includes", i))
		c.classes = expand(code, c.structure)
		if n := atoi(code, "BBAN length", field("BBAN length", i)); n != len(c.classes) {
			log.Fatalf("%s: BBAN length %d, structure %q has %d positions", code, n, c.structure, len(c.classes))
		}
		// CZ's IBAN-structure cell still uses the pre-r100 split of the
		// same digits, so compare position classes, not notation.
		ibanStruct := field("IBAN structure", i)
		if !strings.HasPrefix(ibanStruct, code) || expand(code, ibanStruct[2:]) != "nn"+c.classes {
			log.Fatalf("%s: IBAN structure %q disagrees with BBAN structure %q", code, ibanStruct, c.structure)
		}
		if p := strings.ReplaceAll(field("IBAN print format example", i), " ", ""); p != c.example {
			log.Fatalf("%s: print example %q differs from electronic example %q", code, p, c.example)
		}
		if _, dup := out[code]; dup {
			log.Fatalf("%s: listed twice", code)
		}
		out[code] = c
	}
	if len(out) != 89 {
		log.Fatalf("%s: %d countries, want 89", txtFile, len(out))
	}
	return out
}

// readCSV returns every IBAN code: the registry countries, cross-checked
// against the TXT, and the territories.
func readCSV(reg map[string]*country) []*country {
	f, err := os.Open(csvFile)
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		log.Fatal(err)
	}
	want := []string{"country_code", "country_name", "iban_length", "bban_structure", "bank_id_position", "branch_id_position", "iban_example", "sepa", "territory_of", "registry_release"}
	if !slices.Equal(recs[0][:len(want)], want) {
		log.Fatalf("%s: header %q, want it to start %q", csvFile, recs[0], want)
	}
	var all []*country
	seen := map[string]bool{}
	for _, r := range recs[1:] {
		code, parent := r[0], r[8]
		if seen[code] {
			log.Fatalf("%s: %s listed twice", csvFile, code)
		}
		seen[code] = true
		if r[9] != release {
			log.Fatalf("%s: %s is from release %q, want %q", csvFile, code, r[9], release)
		}
		c := &country{code: code, name: r[1], territoryOf: parent, structure: r[3], example: r[6]}
		c.length = atoi(code, "iban_length", r[2])
		c.bankFirst, c.bankLast = span(code, r[4])
		c.branchFirst, c.branchLast = span(code, r[5])
		c.sepa = r[7] == "Y"
		if r[7] != "Y" && r[7] != "N" {
			log.Fatalf("%s: sepa %q", code, r[7])
		}
		c.classes = expand(code, c.structure)
		if parent == "" {
			t, ok := reg[code]
			if !ok {
				log.Fatalf("%s: %s is not in the registry TXT", csvFile, code)
			}
			agree(code, "name", c.name, t.name)
			agree(code, "length", c.length, t.length)
			agree(code, "structure", c.structure, t.structure)
			agree(code, "bank position", [2]int{c.bankFirst, c.bankLast}, [2]int{t.bankFirst, t.bankLast})
			agree(code, "branch position", [2]int{c.branchFirst, c.branchLast}, [2]int{t.branchFirst, t.branchLast})
			agree(code, "example", c.example, t.example)
			agree(code, "SEPA", c.sepa, t.sepa)
		} else {
			p, ok := reg[parent]
			if !ok || !slices.Contains(p.includes, code) {
				log.Fatalf("%s: %s claims parent %s, which does not list it", csvFile, code, parent)
			}
			agree(code, "length (parent's)", c.length, p.length)
			agree(code, "structure (parent's)", c.structure, p.structure)
			agree(code, "bank position (parent's)", [2]int{c.bankFirst, c.bankLast}, [2]int{p.bankFirst, p.bankLast})
			agree(code, "branch position (parent's)", [2]int{c.branchFirst, c.branchLast}, [2]int{p.branchFirst, p.branchLast})
			// SWIFT: territory accounts carry the parent's prefix, so the
			// example is the parent's.
			agree(code, "example (parent's)", c.example, p.example)
			if slices.Contains(p.sepaIncludes, code) && !c.sepa {
				log.Fatalf("%s: the registry lists %s as SEPA through %s, the CSV does not", csvFile, code, parent)
			}
		}
		all = append(all, c)
	}
	for code, t := range reg {
		if !seen[code] {
			log.Fatalf("%s: registry country %s missing", csvFile, code)
		}
		for _, inc := range t.includes {
			if !seen[inc] {
				log.Fatalf("%s: territory %s of %s missing", csvFile, inc, code)
			}
		}
	}
	if len(all) != 105 {
		log.Fatalf("%s: %d codes, want 105", csvFile, len(all))
	}
	slices.SortFunc(all, func(a, b *country) int { return strings.Compare(a.code, b.code) })
	return all
}

// checkCountry enforces what the parser relies on: consistent lengths and
// positions, and an example that passes every rule.
func checkCountry(c *country) {
	code := c.code
	if len(code) != 2 || code[0] < 'A' || code[0] > 'Z' || code[1] < 'A' || code[1] > 'Z' {
		log.Fatalf("bad country code %q", code)
	}
	if c.length != len(c.classes)+4 || c.length > 34 {
		log.Fatalf("%s: IBAN length %d, BBAN structure %q has %d positions", code, c.length, c.structure, len(c.classes))
	}
	n := len(c.classes)
	if c.bankFirst == 0 || c.bankLast < c.bankFirst || c.bankLast > n {
		log.Fatalf("%s: bank position %d-%d outside the %d-character BBAN", code, c.bankFirst, c.bankLast, n)
	}
	// The bank identifier starts the BBAN everywhere except in IT and SM,
	// where the national check character (CIN) comes first; a branch
	// identifier always follows the bank's directly. NewFromParts and
	// AccountNumber rely on this layout.
	if c.bankFirst != 1 && !(c.bankFirst == 2 && (code == "IT" || code == "SM")) {
		log.Fatalf("%s: bank identifier starts at BBAN position %d", code, c.bankFirst)
	}
	if c.branchFirst != 0 && (c.branchFirst != c.bankLast+1 || c.branchLast < c.branchFirst || c.branchLast > n) {
		log.Fatalf("%s: branch position %d-%d does not follow the bank's %d-%d", code, c.branchFirst, c.branchLast, c.bankFirst, c.bankLast)
	}
	e := c.example
	wantPrefix := code
	if c.territoryOf != "" {
		wantPrefix = c.territoryOf
	}
	if len(e) != c.length || e[:2] != wantPrefix {
		log.Fatalf("%s: example %q does not have length %d and prefix %s", code, e, c.length, wantPrefix)
	}
	for i, cls := range []byte("aann" + c.classes) {
		if !fits(e[i], cls) {
			log.Fatalf("%s: example %q position %d is %q, want class %c", code, e, i+1, e[i], cls)
		}
	}
	if mod97(e[4:]+e[:4]) != 1 {
		log.Fatalf("%s: example %q fails mod 97", code, e)
	}
}

func fits(b, cls byte) bool {
	digit := '0' <= b && b <= '9'
	upper := 'A' <= b && b <= 'Z'
	switch cls {
	case 'n':
		return digit
	case 'a':
		return upper
	case 'c':
		return digit || upper
	}
	return false
}

// mod97 is the textbook ISO 7064 MOD 97-10 computation, kept independent of
// the package's own kernel.
func mod97(s string) int {
	var digits strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] >= 'A' && s[i] <= 'Z' {
			digits.WriteString(strconv.Itoa(int(s[i]-'A') + 10))
		} else {
			digits.WriteByte(s[i])
		}
	}
	n, ok := new(big.Int).SetString(digits.String(), 10)
	if !ok {
		log.Fatalf("mod97: %q is not a number", s)
	}
	return int(new(big.Int).Mod(n, big.NewInt(97)).Int64())
}

// expand turns registry notation ("4!a6!n") into one class per position.
// Every IBAN structure is fixed-length, so a missing '!' is an error.
func expand(code, s string) string {
	var b strings.Builder
	for rest := s; rest != ""; {
		i := strings.IndexByte(rest, '!')
		if i <= 0 || i+1 >= len(rest) {
			log.Fatalf("%s: cannot read structure %q", code, s)
		}
		n, err := strconv.Atoi(rest[:i])
		cls := rest[i+1]
		if err != nil || n <= 0 || (cls != 'n' && cls != 'a' && cls != 'c') {
			log.Fatalf("%s: cannot read structure %q at %q", code, s, rest)
		}
		b.WriteString(strings.Repeat(string(cls), n))
		rest = rest[i+2:]
	}
	return b.String()
}

// span reads "5-8" (1-based, inclusive); "", "N/A" mean absent.
func span(code, s string) (first, last int) {
	if s == "" || s == "N/A" {
		return 0, 0
	}
	a, b, ok := strings.Cut(s, "-")
	if !ok {
		log.Fatalf("%s: cannot read position %q", code, s)
	}
	return atoi(code, "position", a), atoi(code, "position", b)
}

func list(s string) []string {
	if s == "" || s == "N/A" {
		return nil
	}
	var out []string
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		code, _, _ := strings.Cut(f, " ") // "MF (French part)"
		if len(code) == 2 {
			out = append(out, code)
		}
	}
	return out
}

func atoi(code, what, s string) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		log.Fatalf("%s: %s %q is not a number", code, what, s)
	}
	return n
}

func agree[T comparable](code, what string, csvValue, txtValue T) {
	if csvValue != txtValue {
		log.Fatalf("%s: %s is %v in %s but %v in %s", code, what, csvValue, csvFile, txtValue, txtFile)
	}
}

func write(all []*country, date string) {
	var b bytes.Buffer
	fmt.Fprintf(&b, "// Code generated by gen.go from %s and %s; DO NOT EDIT.\n\npackage iban\n\n", txtFile, csvFile)
	fmt.Fprintf(&b, "// RegistryVersion is the SWIFT IBAN Registry release the table was\n// generated from.\nconst RegistryVersion = %q\n\n", release)
	fmt.Fprintf(&b, "// RegistryDate is when that release was published (ISO 8601, to the\n// month: the registry dates its changes by month). SWIFT publishes a\n// release every one to three months; TestTablesFresh fails a year after\n// this date.\nconst RegistryDate = %q\n\n", date)
	fmt.Fprintf(&b, "// specs holds every IBAN country code in code order: the registry's\n// countries and, under their own codes, the territories it lists.\n")
	fmt.Fprintf(&b, "var specs = [...]spec{\n")
	for _, c := range all {
		fmt.Fprintf(&b, "\t{code: %q, name: %q, territoryOf: %q, structure: %q, classes: %q, example: %q, length: %d, bank: Span{%d, %d}, branch: Span{%d, %d}, sepa: %t},\n",
			c.code, c.name, c.territoryOf, c.structure, c.classes, c.example, c.length, c.bankFirst, c.bankLast, c.branchFirst, c.branchLast, c.sepa)
	}
	fmt.Fprintf(&b, "}\n\n")
	fmt.Fprintf(&b, "// countryIndex maps a code's two letters, (c0-'A')*26 + (c1-'A'), to\n// its position in specs plus one; 0 means no IBAN.\n")
	fmt.Fprintf(&b, "var countryIndex = [26 * 26]uint8{\n")
	for i, c := range all {
		fmt.Fprintf(&b, "\t%d: %d, // %s\n", int(c.code[0]-'A')*26+int(c.code[1]-'A'), i+1, c.code)
	}
	fmt.Fprintf(&b, "}\n")
	out, err := format.Source(b.Bytes())
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile("tables.go", out, 0o644); err != nil {
		log.Fatal(err)
	}
}
