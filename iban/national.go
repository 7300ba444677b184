package iban

import (
	"fmt"

	"github.com/acctkit/acctkit/internal/checksum"
)

// ValidateNational checks the BBAN's own check digits: the ones a
// country's banks used before the IBAN, which the IBAN check digits do not
// replace. It returns nil when they hold, an error wrapping
// ErrNationalCheck when they do not, and one wrapping ErrNationalUnsupported
// when there is no trustworthy rule for the country (or for this kind of
// account in it). The errors are *ParseError values.
//
// Supported: AL, BA, BE, CZ, DJ, EE, ES, FI, FR, HR, HU, IT, MC, ME, MK, MR,
// NO, PL, PT, RS, SI, SK, SM, TL, TN, and the territories of FI and FR
// under their own codes. Never enforced: NL (the "elfproef" was abolished
// in 2020) and DE (each bank has its own method). The check is opt-in
// because a bank can issue an account that breaks its national rule; an
// IBAN that fails it still passed every registry check.
func (x IBAN) ValidateNational() error {
	sp := x.spec()
	if sp == nil {
		return newError("ValidateNational", "", 0, ErrNationalUnsupported, text("zero IBAN"))
	}
	rule, code := nationalRuleFor(sp)
	if rule == nil {
		return newError("ValidateNational", x.s, 0, ErrNationalUnsupported, text(unsupportedReason(code)))
	}
	bban := x.s[4:]
	if rule.unsupported != nil {
		if why := rule.unsupported(bban); why != "" {
			return newError("ValidateNational", x.s, 0, ErrNationalUnsupported, text(why))
		}
	}
	for _, f := range rule.fields {
		at := f.offset(bban)
		want, ok := f.compute(bban)
		if !ok || bban[at:at+f.width] != want {
			return newError("ValidateNational", x.s, 4+at+1, ErrNationalCheck, text(f.failure(at)))
		}
	}
	return nil
}

// nationalRule is one country's national check: one or more check fields,
// each computed from other BBAN positions.
type nationalRule struct {
	fields []checkField
	// unsupported returns why the rule cannot judge this BBAN, or "".
	unsupported func(bban string) string
	// prepare makes a random BBAN one the rule can judge (Generate).
	prepare func(b []byte)
	// digitsOnly: Generate puts digits in alphanumeric positions, because
	// the rule is only known for digits there.
	digitsOnly bool
}

// checkField is one run of check characters in the BBAN.
type checkField struct {
	at    int // 0-based BBAN offset; negative counts from the end
	width int
	rule  string // how it is computed, for messages
	// compute returns the check characters the rest of the BBAN calls for,
	// or false when no value can satisfy the rule (such numbers are never
	// issued).
	compute func(bban string) (string, bool)
	// bump is the BBAN offset of a payload digit Generate may change when
	// compute returns false; changing it always changes the result.
	bump int
}

func (f checkField) offset(bban string) int {
	if f.at < 0 {
		return len(bban) + f.at
	}
	return f.at
}

// failure describes a mismatch at BBAN offset at; positions count in the
// IBAN, like ParseError.Pos, with the BBAN position beside them.
func (f checkField) failure(at int) string {
	if f.width == 1 {
		return fmt.Sprintf("national check character at position %d (BBAN %d) does not match (%s)", 4+at+1, at+1, f.rule)
	}
	return fmt.Sprintf("national check digits at positions %d-%d (BBAN %d-%d) do not match (%s)", 4+at+1, 4+at+f.width, at+1, at+f.width, f.rule)
}

// nationalRuleFor returns the rule for sp's country (a territory uses its
// parent's) and the code whose rule it is.
func nationalRuleFor(sp *spec) (*nationalRule, string) {
	code := sp.code
	if sp.territoryOf != "" {
		code = sp.territoryOf
	}
	return nationalRules[code], code
}

func unsupportedReason(code string) string {
	switch code {
	case "NL":
		return "the Dutch elfproef was abolished in 2020 and is not enforced"
	case "DE":
		return "German account check digits follow one of about 150 per-bank methods; not enforced"
	}
	return "no trustworthy national check-digit rule for " + code
}

// Rules, from iban_national_checks.md in the project's shared data: every
// high-confidence country, and the medium ones whose evidence holds.
var nationalRules = map[string]*nationalRule{
	"AL": {fields: []checkField{weighted10(7, 0, 7, []int{9, 7, 3, 1}, "weights 9-7-3-1 over BBAN positions 1-7")}},
	"BE": {fields: []checkField{{at: 10, width: 2, rule: "mod 97 of BBAN positions 1-10", compute: belgian}}},
	"ES": {fields: []checkField{
		{at: 8, width: 1, rule: "mod 11 over bank and branch, BBAN positions 1-8", compute: spanishBankBranch},
		{at: 9, width: 1, rule: "mod 11 over the account, BBAN positions 11-20", compute: spanishAccount},
	}},
	"FR": ribRule,
	"MC": ribRule,
	"DJ": ribRule,
	"MR": ribRule,
	"TN": ribRule,
	"IT": cinRule,
	"SM": cinRule,
	"PT": iso7064Rule,
	"BA": iso7064Rule,
	"ME": iso7064Rule,
	"RS": iso7064Rule,
	"SI": iso7064Rule,
	"TL": iso7064Rule,
	"MK": {
		fields:      iso7064Rule.fields,
		unsupported: macedonianLetters,
		digitsOnly:  true,
	},
	"NO": {
		fields: []checkField{{at: 10, width: 1, rule: "mod 11 over BBAN positions 1-10", compute: norwegian, bump: 9}},
		unsupported: func(b string) string {
			if b[:4] == "0000" || b[4:6] == "00" {
				return "Norwegian accounts with bank 0000 or digits 5-6 = 00 are checked differently by different sources"
			}
			return ""
		},
		prepare: func(b []byte) {
			if string(b[:4]) == "0000" {
				b[0] = '1'
			}
			if string(b[4:6]) == "00" {
				b[5] = '1'
			}
		},
	},
	"CZ": czechSlovakRule,
	"SK": czechSlovakRule,
	"EE": {fields: []checkField{weighted10(15, 2, 13, []int{7, 1, 3}, "weights 7-3-1 from the right over BBAN positions 3-15")}},
	"FI": {fields: []checkField{{at: 13, width: 1, rule: "Luhn over BBAN positions 1-13", compute: luhn13}}},
	"HR": {fields: []checkField{
		{at: 6, width: 1, rule: "ISO 7064 MOD 11,10 over the bank code, BBAN positions 1-6", compute: func(b string) (string, bool) { return mod1110(b[0:6]), true }},
		{at: 16, width: 1, rule: "ISO 7064 MOD 11,10 over the account, BBAN positions 8-16", compute: func(b string) (string, bool) { return mod1110(b[7:16]), true }},
	}},
	"PL": {fields: []checkField{weighted10(7, 0, 7, []int{3, 9, 7, 1}, "weights 3-9-7-1 over BBAN positions 1-7")}},
	// Hungary's 16-digit accounts end in eight zeros; the 24-digit rule
	// then reduces to theirs (check at 16 over 9-15), because the weights
	// repeat every four positions.
	"HU": {fields: []checkField{
		weighted10(7, 0, 7, []int{9, 7, 3, 1}, "weights 9-7-3-1 over BBAN positions 1-7"),
		weighted10(23, 8, 15, []int{9, 7, 3, 1}, "weights 9-7-3-1 over BBAN positions 9-23"),
	}},
}

// ribRule: the French RIB key (also Monaco, Djibouti, Mauritania,
// Tunisia): 97 minus the rest of the BBAN times 100, mod 97, with letters
// read as digits 1-9 (A-I, J-R) and 2-9 (S-Z).
var ribRule = &nationalRule{fields: []checkField{{at: -2, width: 2, rule: "RIB key, mod 97", compute: ribKey}}}

// cinRule: the Italian CIN (also San Marino), a letter over the bank,
// branch and account.
var cinRule = &nationalRule{fields: []checkField{{at: 0, width: 1, rule: "CIN over BBAN positions 2-23", compute: cin}}}

// iso7064Rule: the whole BBAN satisfies ISO 7064 MOD 97-10, its last two
// digits being the check.
var iso7064Rule = &nationalRule{fields: []checkField{{at: -2, width: 2, rule: "ISO 7064 MOD 97-10 over the BBAN", compute: iso7064}}}

// czechSlovakRule: no separate check digit; prefix and account number are
// each a multiple of 11 under their weights, which end in 1, so the last
// digit of each acts as the check.
var czechSlovakRule = &nationalRule{fields: []checkField{
	{at: 9, width: 1, rule: "mod 11 over the account prefix, BBAN positions 5-10", bump: 8, compute: func(b string) (string, bool) {
		return mod11Zero(b[4:9], []int{10, 5, 8, 4, 2})
	}},
	{at: 19, width: 1, rule: "mod 11 over the account number, BBAN positions 11-20", bump: 18, compute: func(b string) (string, bool) {
		return mod11Zero(b[10:19], []int{6, 3, 7, 9, 10, 5, 8, 4, 2})
	}},
}}

// digit, twoDigits and letter slice constants, so a passing check does
// not allocate.
func digit(v int) string { return "0123456789"[v : v+1] }

func twoDigits(v int) string { return pairs[2*v : 2*v+2] }

func letter(v int) string { return "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[v : v+1] }

var pairs = func() string {
	b := make([]byte, 0, 200)
	for v := range 100 {
		b = append(b, byte('0'+v/10), byte('0'+v%10))
	}
	return string(b)
}()

// weighted10 is a check digit at offset at: ten minus the weighted sum of
// n digits from offset from, mod 10.
func weighted10(at, from, n int, weights []int, rule string) checkField {
	return checkField{at: at, width: 1, rule: rule, compute: func(b string) (string, bool) {
		sum, ok := checksum.WeightedSum(b[from:from+n], weights)
		return digit((10 - sum%10) % 10), ok
	}}
}

func belgian(b string) (string, bool) {
	r, ok := checksum.Mod97(b[:10])
	if r == 0 {
		r = 97
	}
	return twoDigits(r), ok
}

// spanishDigit: 11 minus the weighted sum mod 11, where 11 is written 0
// and 10 is written 1.
func spanishDigit(s string, weights []int) (string, bool) {
	sum, ok := checksum.WeightedSum(s, weights)
	d := 11 - sum%11
	switch d {
	case 11:
		d = 0
	case 10:
		d = 1
	}
	return digit(d), ok
}

func spanishBankBranch(b string) (string, bool) {
	return spanishDigit(b[0:8], []int{4, 8, 5, 10, 9, 7, 3, 6})
}

func spanishAccount(b string) (string, bool) {
	return spanishDigit(b[10:20], []int{1, 2, 4, 8, 5, 10, 9, 7, 3, 6})
}

// ribDigit reads a RIB character as one digit: itself, or a letter's
// place in A-I, J-R (1-9) or S-Z (2-9).
func ribDigit(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'A' && c <= 'I':
		return int(c-'A') + 1
	case c >= 'J' && c <= 'R':
		return int(c-'J') + 1
	}
	return int(c-'S') + 2
}

func ribKey(b string) (string, bool) {
	r := 0
	for i := 0; i < len(b)-2; i++ {
		r = (r*10 + ribDigit(b[i])) % 97
	}
	return twoDigits(97 - r*100%97), true
}

// cinOdd is the CIN's table for characters in odd places, indexed by a
// digit's value or a letter's place in the alphabet (A = 0).
var cinOdd = [26]int{1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23}

func cin(b string) (string, bool) {
	sum := 0
	for i, c := range []byte(b[1:23]) {
		v := int(c - 'A')
		if c <= '9' {
			v = int(c - '0')
		}
		if i%2 == 0 {
			v = cinOdd[v]
		}
		sum += v
	}
	return letter(sum % 26), true
}

func iso7064(b string) (string, bool) {
	r, ok := checksum.Mod97(b[:len(b)-2])
	return twoDigits(98 - r*100%97), ok
}

func macedonianLetters(b string) string {
	for i := 0; i < len(b); i++ {
		if byteClass[b[i]] == classLetter {
			return "North Macedonian accounts with letters have no known national check"
		}
	}
	return ""
}

// norwegian: 11 minus the weighted sum mod 11, 11 written 0; a result of
// 10 is never issued.
func norwegian(b string) (string, bool) {
	sum, ok := checksum.WeightedSum(b[:10], []int{5, 4, 3, 2, 7, 6, 5, 4, 3, 2})
	if d := (11 - sum%11) % 11; ok && d != 10 {
		return digit(d), true
	}
	return "", false
}

// mod11Zero returns the last digit (weight 1) that makes the weighted sum
// of s plus that digit a multiple of 11.
func mod11Zero(s string, weights []int) (string, bool) {
	sum, ok := checksum.WeightedSum(s, weights)
	if d := (11 - sum%11) % 11; ok && d != 10 {
		return digit(d), true
	}
	return "", false
}

func luhn13(b string) (string, bool) {
	sum := 0
	for i := 12; i >= 0; i-- {
		d := int(b[i] - '0')
		if (12-i)%2 == 0 {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
	}
	return digit((10 - sum%10) % 10), true
}

// mod1110 is the ISO 7064 MOD 11,10 check digit of s.
func mod1110(s string) string {
	p := 10
	for i := 0; i < len(s); i++ {
		t := (p + int(s[i]-'0')) % 10
		if t == 0 {
			t = 10
		}
		p = t * 2 % 11
	}
	return digit((11 - p) % 10)
}
