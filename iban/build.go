package iban

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"github.com/acctkit/acctkit/internal/checksum"
)

// New builds the IBAN for a country code and BBAN, computing the check
// digits. Both must be in the electronic format (upper case, no spaces);
// the BBAN must have the country's length and structure. Errors are
// *ParseError values whose Input is the country code followed by the BBAN,
// masked.
//
// New does not run the national check: a BBAN with wrong national check
// digits still gets an IBAN, as it would from a bank's IBAN calculator
// (see ValidateNational).
func New(country, bban string) (IBAN, error) {
	return build("New", country, bban)
}

func build(fn, country, bban string) (IBAN, error) {
	sp, err := checkBuild(fn, country, bban)
	if err != nil {
		return IBAN{}, err
	}
	var buf [MaxLength]byte
	copy(buf[:], country)
	copy(buf[4:], bban)
	r, _ := checksum.Mod97(bban)
	cc := (int(country[0]-'A')+10)*100 + int(country[1]-'A') + 10
	cd := 98 - (r*1000000+cc*100)%97
	buf[2], buf[3] = byte('0'+cd/10), byte('0'+cd%10)
	return IBAN{s: string(buf[:sp.length])}, nil
}

// checkBuild applies Parse's checks, in Parse's order, to a country code
// and a BBAN given apart. Positions in errors count in country+bban.
func checkBuild(fn, country, bban string) (*spec, *ParseError) {
	sp := lookupCode(country)
	if sp != nil && len(bban) == sp.length-4 && misfit(sp, bban) < 0 {
		return sp, nil
	}
	checked := country + bban
	for i := 0; i < len(checked); i++ {
		if byteClass[checked[i]] == 0 {
			return nil, newBuildError(fn, checked, i+1, ErrCharacter, reason{code: codeCharacter})
		}
	}
	if sp == nil {
		return nil, countryError(fn, country, checked)
	}
	if len(bban) != sp.length-4 {
		return nil, newBuildError(fn, checked, 0, ErrLength, textf("BBAN length is %d, want %d for %s", len(bban), sp.length-4, sp.code))
	}
	i := misfit(sp, bban)
	return nil, newBuildError(fn, checked, 2+i+1, ErrStructure, reason{code: codeStructure, n: int32(i), m: int32(specIndex(sp))})
}

// countryError explains why country, given on its own, has no spec;
// checked is the input the error shows.
func countryError(fn, country, checked string) *ParseError {
	for i := 0; i < len(country); i++ {
		if byteClass[country[i]] == 0 {
			return newBuildError(fn, checked, i+1, ErrCharacter, reason{code: codeCharacter})
		}
	}
	if len(country) != 2 {
		return newBuildError(fn, checked, 0, ErrStructure, text(fmt.Sprintf("country code %q is not two letters", country)))
	}
	_, pos, w, sentinel := countryOf(country)
	return newBuildError(fn, checked, pos, sentinel, w)
}

// NewFromParts builds an IBAN from a country code, bank code, branch code
// and account number, each in the electronic format. bank and branch fill
// the registry's positions; branch must be "" where the registry has none.
// account is the rest of the BBAN after them, as AccountNumber returns it.
//
// Leading zeros may be left out where that cannot be ambiguous: a bank or
// branch code whose positions are all digits, and an account that is one
// all-digit field of the structure (Germany's 10!n, not Spain's
// 1!n1!n10!n, whose control digits must be given). In Italy and San
// Marino the leading CIN check letter, which is no part of bank, branch or
// account, is computed.
func NewFromParts(country, bank, branch, account string) (IBAN, error) {
	const fn = "NewFromParts"
	joined := func() string { return country + bank + branch + account }
	sp := lookupCode(country)
	if sp == nil {
		return IBAN{}, countryError(fn, country, joined())
	}
	bban := make([]byte, 0, sp.length-4)
	if sp.bank.First > 1 {
		bban = append(bban, strings.Repeat("A", sp.bank.First-1)...) // the CIN, computed below
	}
	numericPart := func(p Span) bool { return strings.Trim(sp.classes[p.First-1:p.Last], "n") == "" }
	parts := []struct {
		name, value string
		span        Span
		pad         bool
	}{
		{"bank code", bank, sp.bank, numericPart(sp.bank)},
		{"branch code", branch, sp.branch, !sp.branch.IsZero() && numericPart(sp.branch)},
		{"account number", account, Span{sp.accountStart() + 1, sp.length - 4}, accountPaddable(sp)},
	}
	for _, p := range parts {
		width := p.span.Len()
		switch {
		case width == 0 && p.value != "":
			return IBAN{}, newBuildError(fn, joined(), 0, ErrStructure, textf("%s has no %s in its BBAN, got %d characters", sp.code, p.name, len(p.value)))
		case width != 0 && p.value == "":
			return IBAN{}, newBuildError(fn, joined(), 0, ErrLength, textf("%s is empty, want %d characters for %s", p.name, width, sp.code))
		case len(p.value) > width || (len(p.value) < width && !p.pad):
			return IBAN{}, newBuildError(fn, joined(), 0, ErrLength, textf("%s is %d characters, want %d for %s", p.name, len(p.value), width, sp.code))
		}
		for range width - len(p.value) {
			bban = append(bban, '0')
		}
		bban = append(bban, p.value...)
	}
	if _, err := checkBuild(fn, country, string(bban)); err != nil {
		return IBAN{}, err
	}
	if sp.bank.First > 1 {
		rule, _ := nationalRuleFor(sp)
		f := rule.fields[0]
		want, _ := f.compute(string(bban))
		copy(bban[f.at:], want)
	}
	return build(fn, country, string(bban))
}

// accountPaddable reports whether the account positions are exactly one
// all-digit element of the registry structure.
func accountPaddable(sp *spec) bool {
	start, pos := sp.accountStart(), 0
	for rest := sp.structure; rest != ""; {
		bang := strings.IndexByte(rest, '!')
		n := 0
		for _, c := range rest[:bang] {
			n = n*10 + int(c-'0')
		}
		cls := rest[bang+1]
		if pos == start {
			return cls == 'n' && pos+n == sp.length-4
		}
		pos += n
		rest = rest[bang+2:]
	}
	return false
}

// Generate returns a random IBAN for the country that passes Parse and,
// where the country has one, ValidateNational: test data that looks like
// the real thing. r is the random source (math/rand/v2); nil uses the
// package-level source. The account almost certainly does not exist, but
// nothing guarantees that: never send money to one.
func Generate(r *rand.Rand, country string) (IBAN, error) {
	intN := rand.IntN
	if r != nil {
		intN = r.IntN
	}
	sp := lookupCode(country)
	if sp == nil {
		return IBAN{}, countryError("Generate", country, country)
	}
	rule, _ := nationalRuleFor(sp)
	const digits, letters = "0123456789", "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	alnum := digits + letters
	if rule != nil && rule.digitsOnly {
		alnum = digits
	}
	b := make([]byte, sp.length-4)
	for i := range b {
		switch sp.classes[i] {
		case 'n':
			b[i] = digits[intN(len(digits))]
		case 'a':
			b[i] = letters[intN(len(letters))]
		default:
			b[i] = alnum[intN(len(alnum))]
		}
	}
	if rule != nil {
		if rule.prepare != nil {
			rule.prepare(b)
		}
		for _, f := range rule.fields {
			at := f.offset(string(b))
			want, ok := f.compute(string(b))
			if !ok {
				b[f.bump] = '0' + (b[f.bump]-'0'+1)%10
				want, _ = f.compute(string(b))
			}
			copy(b[at:], want)
		}
	}
	return build("Generate", country, string(b))
}
