package iban

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// nationalField is a check run and the BBAN positions it covers, 1-based
// and inclusive, written from iban_national_checks.md rather than read
// from the implementation.
type nationalField struct{ check, over [2]int }

var nationalCoverage = map[string][]nationalField{
	"AL": {{[2]int{8, 8}, [2]int{1, 7}}},
	"BA": {{[2]int{15, 16}, [2]int{1, 14}}},
	"BE": {{[2]int{11, 12}, [2]int{1, 10}}},
	"CZ": {{[2]int{10, 10}, [2]int{5, 9}}, {[2]int{20, 20}, [2]int{11, 19}}},
	"DJ": {{[2]int{22, 23}, [2]int{1, 21}}},
	"EE": {{[2]int{16, 16}, [2]int{3, 15}}},
	"ES": {{[2]int{9, 9}, [2]int{1, 8}}, {[2]int{10, 10}, [2]int{11, 20}}},
	"FI": {{[2]int{14, 14}, [2]int{1, 13}}},
	"FR": {{[2]int{22, 23}, [2]int{1, 21}}},
	"HR": {{[2]int{7, 7}, [2]int{1, 6}}, {[2]int{17, 17}, [2]int{8, 16}}},
	"HU": {{[2]int{8, 8}, [2]int{1, 7}}, {[2]int{24, 24}, [2]int{9, 23}}},
	"IT": {{[2]int{1, 1}, [2]int{2, 23}}},
	"MC": {{[2]int{22, 23}, [2]int{1, 21}}},
	"ME": {{[2]int{17, 18}, [2]int{1, 16}}},
	"MK": {{[2]int{14, 15}, [2]int{1, 13}}},
	"MR": {{[2]int{22, 23}, [2]int{1, 21}}},
	"NO": {{[2]int{11, 11}, [2]int{1, 10}}},
	"PL": {{[2]int{8, 8}, [2]int{1, 7}}},
	"PT": {{[2]int{20, 21}, [2]int{1, 19}}},
	"RS": {{[2]int{17, 18}, [2]int{1, 16}}},
	"SI": {{[2]int{14, 15}, [2]int{1, 13}}},
	"SK": {{[2]int{10, 10}, [2]int{5, 9}}, {[2]int{20, 20}, [2]int{11, 19}}},
	"SM": {{[2]int{1, 1}, [2]int{2, 23}}},
	"TL": {{[2]int{18, 19}, [2]int{1, 17}}},
	"TN": {{[2]int{19, 20}, [2]int{1, 18}}},
}

// nationalParent maps a territory to the country whose rule it uses.
func nationalParent(c Country) string {
	if c.TerritoryOf != "" {
		return c.TerritoryOf
	}
	return c.Code
}

// withBBAN returns the IBAN for x's country and a changed BBAN, with fresh
// check digits, so only the national check can object.
func withBBAN(t *testing.T, cc, bban string) IBAN {
	t.Helper()
	y, err := New(cc, bban)
	require.NoError(t, err)
	return y
}

func replaceAt(s string, i int, with string) string { return s[:i] + with + s[i+len(with):] }

func TestNationalSupportedCountries(t *testing.T) {
	var supported []string
	for _, c := range Countries() {
		if _, ok := nationalCoverage[nationalParent(c)]; ok {
			supported = append(supported, c.Code)
		}
	}
	// 25 countries, plus AX (FI) and the 12 French territories.
	assert.Len(t, supported, 25+1+12)
	assert.Len(t, nationalRules, len(nationalCoverage), "every rule has a coverage row and the reverse")
	for cc := range nationalRules {
		_, ok := nationalCoverage[cc]
		assert.True(t, ok, cc)
	}
}

func TestNationalRegistryExamples(t *testing.T) {
	for _, c := range Countries() {
		x := MustParse(c.Example)
		// A territory's example carries its parent's prefix; the
		// territory's own prefix must pass the same way.
		own := withBBAN(t, c.Code, x.BBAN())
		for _, y := range []IBAN{x, own} {
			err := y.ValidateNational()
			if _, ok := nationalCoverage[nationalParent(c)]; ok {
				assert.NoError(t, err, "%s (%s)", y, c.Code)
			} else {
				assert.ErrorIs(t, err, ErrNationalUnsupported, "%s (%s)", y, c.Code)
			}
		}
	}
}

// Every other value of a check run fails, and so does every
// digit-for-digit change of a position the run covers. (A letter-for-
// letter change need not be caught: the French RIB reads A and J both as
// 1.)
func TestNationalFailingVariants(t *testing.T) {
	for cc, fields := range nationalCoverage {
		sp := lookupCode(cc)
		bban := MustParse(sp.example).BBAN()
		for _, f := range fields {
			first, last := f.check[0]-1, f.check[1]
			width := last - first
			alphabet := []string{}
			switch {
			case width == 1 && bban[first] >= 'A':
				for c := 'A'; c <= 'Z'; c++ {
					alphabet = append(alphabet, string(c))
				}
			case width == 1:
				for d := 0; d < 10; d++ {
					alphabet = append(alphabet, fmt.Sprint(d))
				}
			default:
				for d := 0; d < 100; d++ {
					alphabet = append(alphabet, fmt.Sprintf("%02d", d))
				}
			}
			for _, v := range alphabet {
				if v == bban[first:last] {
					continue
				}
				y := withBBAN(t, cc, replaceAt(bban, first, v))
				err := y.ValidateNational()
				require.ErrorIs(t, err, ErrNationalCheck, "%s: check %d-%d = %s", cc, f.check[0], f.check[1], v)
				assert.Equal(t, 4+f.check[0], err.(*ParseError).Pos, cc)
			}
			for i := f.over[0] - 1; i < f.over[1]; i++ {
				if bban[i] > '9' {
					continue
				}
				for d := byte('0'); d <= '9'; d++ {
					if d == bban[i] {
						continue
					}
					y := withBBAN(t, cc, replaceAt(bban, i, string(d)))
					assert.ErrorIs(t, y.ValidateNational(), ErrNationalCheck, "%s: BBAN position %d = %c", cc, i+1, d)
				}
			}
		}
	}
}

// Positions no national rule covers are left to the IBAN checksum: the
// Czech bank code, the Polish and Albanian account.
func TestNationalUncoveredPositionsAreFree(t *testing.T) {
	for _, tt := range []struct {
		cc  string
		pos int
	}{{"CZ", 1}, {"SK", 4}, {"PL", 9}, {"AL", 20}, {"EE", 1}} {
		bban := MustParse(lookupCode(tt.cc).example).BBAN()
		d := byte('0' + (bban[tt.pos-1]-'0'+1)%10)
		y := withBBAN(t, tt.cc, replaceAt(bban, tt.pos-1, string(d)))
		assert.NoError(t, y.ValidateNational(), "%s position %d", tt.cc, tt.pos)
	}
}

func TestNationalErrorText(t *testing.T) {
	tests := []struct{ cc, bban, want string }{
		{"BE", "539007547035", `iban.ValidateNational("BE41********7035"): national check digits at positions 15-16 (BBAN 11-12) do not match (mod 97 of BBAN positions 1-10)`},
		{"ES", "21000418550200051332", `iban.ValidateNational("ES53****************1332"): national check character at position 13 (BBAN 9) does not match (mod 11 over bank and branch, BBAN positions 1-8)`},
		{"ES", "21000418450200051333", `iban.ValidateNational("ES64****************1333"): national check character at position 14 (BBAN 10) does not match (mod 11 over the account, BBAN positions 11-20)`},
		{"FR", "20041010050500013M02607", `iban.ValidateNational("FR84*******************2607"): national check digits at positions 26-27 (BBAN 22-23) do not match (RIB key, mod 97)`},
		{"IT", "Y0542811101000000123456", `iban.ValidateNational("IT64*******************3456"): national check character at position 5 (BBAN 1) does not match (CIN over BBAN positions 2-23)`},
		{"CZ", "08000000192000145398", `iban.ValidateNational("CZ92****************5398"): national check character at position 24 (BBAN 20) does not match (mod 11 over the account number, BBAN positions 11-20)`},
	}
	for _, tt := range tests {
		y, err := New(tt.cc, tt.bban)
		require.NoError(t, err)
		assert.EqualError(t, y.ValidateNational(), tt.want)
	}
}

func TestNationalUnsupported(t *testing.T) {
	tests := []struct{ in, want string }{
		{"DE89370400440532013000", `iban.ValidateNational("DE89**************3000"): German account check digits follow one of about 150 per-bank methods; not enforced`},
		{"NL91ABNA0417164300", `iban.ValidateNational("NL91**********4300"): the Dutch elfproef was abolished in 2020 and is not enforced`},
		{"GB29NWBK60161331926819", `iban.ValidateNational("GB29**************6819"): no trustworthy national check-digit rule for GB`},
		{"XK051212012345678906", `iban.ValidateNational("XK05************8906"): no trustworthy national check-digit rule for XK`},
	}
	for _, tt := range tests {
		err := MustParse(tt.in).ValidateNational()
		assert.ErrorIs(t, err, ErrNationalUnsupported)
		assert.NotErrorIs(t, err, ErrNationalCheck)
		assert.EqualError(t, err, tt.want)
	}

	// Norway: bank 0000 and accounts with digits 5-6 = 00 are checked
	// differently by different sources, so the rule abstains.
	for _, bban := range []string{"00001117947", "86010017947"} {
		err := withBBAN(t, "NO", bban).ValidateNational()
		assert.ErrorIs(t, err, ErrNationalUnsupported, bban)
		assert.Contains(t, err.Error(), "Norwegian accounts with bank 0000 or digits 5-6 = 00")
	}
	// North Macedonia allows letters in the account; no source knows the
	// rule for them.
	err := withBBAN(t, "MK", "250120000A58984").ValidateNational()
	assert.ErrorIs(t, err, ErrNationalUnsupported)
	// Norway never issues a number whose check would be 10.
	err = withBBAN(t, "NO", "86011117940").ValidateNational()
	assert.ErrorIs(t, err, ErrNationalCheck)
}

// Published examples beyond the registry's own, checked by hand against
// the rules in iban_national_checks.md.
func TestNationalMoreVectors(t *testing.T) {
	for _, s := range []string{
		"ES7620770024003102575766",
		"FR7630006000011234567890189",
		"PL27114020040000300201355387",
	} {
		x, err := Parse(s)
		require.NoError(t, err)
		assert.NoError(t, x.ValidateNational(), s)
	}
}

func TestNationalDoesNotAllocateOnSuccess(t *testing.T) {
	for _, cc := range []string{"BE", "ES", "FR", "IT", "PT", "NO", "CZ", "EE", "FI", "HR", "PL", "AL", "HU", "TN"} {
		x := MustParse(lookupCode(cc).example)
		allocs := testing.AllocsPerRun(20, func() { _ = x.ValidateNational() })
		assert.Zero(t, allocs, cc)
	}
}

func TestGenerate(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, c := range Countries() {
		for range 50 {
			x, err := Generate(r, c.Code)
			require.NoError(t, err, c.Code)
			require.Equal(t, c.Code, x.CountryCode())
			require.Equal(t, x, MustParse(x.String()))
			err = x.ValidateNational()
			if _, ok := nationalCoverage[nationalParent(c)]; ok {
				require.NoError(t, err, "%s", x)
			} else {
				require.ErrorIs(t, err, ErrNationalUnsupported, "%s", x)
			}
		}
	}
	// Seeded sources repeat; a nil source works.
	a, _ := Generate(rand.New(rand.NewPCG(7, 7)), "DE")
	b, _ := Generate(rand.New(rand.NewPCG(7, 7)), "DE")
	assert.Equal(t, a, b)
	x, err := Generate(nil, "FR")
	require.NoError(t, err)
	assert.NoError(t, x.ValidateNational())

	_, err = Generate(r, "US")
	assert.EqualError(t, err, `iban.Generate("US"): no IBAN for country code "US" (United States)`)
	assert.ErrorIs(t, err, ErrUnknownCountry)
	_, err = Generate(r, "fr")
	assert.ErrorIs(t, err, ErrCharacter)
	_, err = Generate(r, "FRA")
	assert.ErrorIs(t, err, ErrStructure)
}

// constSource always returns the same number, so every character Generate
// draws is the same: it must still produce valid IBANs, so it cannot rely
// on drawing again. (The constants are ones math/rand/v2's IntN accepts at
// once for n = 10, 26 and 36; others make IntN itself retry forever.)
type constSource uint64

func (c constSource) Uint64() uint64 { return uint64(c) }

func TestGenerateWithDegenerateSource(t *testing.T) {
	for _, v := range []uint64{0x1234567812345678, 0x5555555555555555, 0x7777777777777777, 0x9999999999999999, 0xaaaaaaaaaaaaaaaa} {
		r := rand.New(constSource(v))
		for _, cc := range []string{"NO", "CZ", "SK", "MK", "IT", "FR", "ES", "HU"} {
			x, err := Generate(r, cc)
			require.NoError(t, err, cc)
			assert.NoError(t, x.ValidateNational(), "%s from source %#x", x, v)
			assert.False(t, strings.ContainsAny(x.BBAN(), "ABCDEFGHIJKLMNOPQRSTUVWXYZ") && cc == "MK")
		}
	}
}
