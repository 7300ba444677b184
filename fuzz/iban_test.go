package fuzz

import (
	"errors"
	"fmt"
	"math/big"
	"math/rand/v2"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/acctkit/acctkit/iban"
)

// The IBAN reference knows ISO 13616 and the registry's notation, and
// takes from the package only the registry table (LookupCountry,
// Countries): length, structure and identifier positions. It reads the
// structure notation itself and computes MOD 97-10 on a math/big integer,
// so it shares no code with the parser.

const ibanMaxLength = 34 // ISO 13616: no IBAN is longer

// expandStructure turns registry notation ("4!n2!a10!c") into one class
// letter per BBAN position ("nnnnaacccccccccc").
func expandStructure(notation string) (string, error) {
	var b strings.Builder
	for rest := notation; rest != ""; {
		bang := strings.IndexByte(rest, '!')
		if bang < 1 || bang+1 >= len(rest) {
			return "", fmt.Errorf("bad structure %q at %q", notation, rest)
		}
		n, err := strconv.Atoi(rest[:bang])
		if err != nil || n < 1 {
			return "", fmt.Errorf("bad count in structure %q: %q", notation, rest[:bang])
		}
		class := rest[bang+1]
		if class != 'n' && class != 'a' && class != 'c' {
			return "", fmt.Errorf("bad class %q in structure %q", class, notation)
		}
		b.WriteString(strings.Repeat(string(class), n))
		rest = rest[bang+2:]
	}
	return b.String(), nil
}

// bbanClasses maps each country code to its expanded BBAN structure.
var bbanClasses = sync.OnceValues(func() (map[string]string, error) {
	m := map[string]string{}
	for _, c := range iban.Countries() {
		classes, err := expandStructure(c.Structure)
		if err != nil {
			return nil, err
		}
		m[c.Code] = classes
	}
	return m, nil
})

func classOK(class, c byte) bool {
	switch class {
	case 'n':
		return isDigit(c)
	case 'a':
		return isUpper(c)
	}
	return isDigit(c) || isUpper(c)
}

// mod97 is MOD 97-10 the textbook way: the first four characters moved to
// the end, each letter replaced by its two-digit value (A = 10), the whole
// read as one decimal number.
func mod97(s string) int64 {
	var digits strings.Builder
	for _, c := range []byte(s[4:] + s[:4]) {
		if isUpper(c) {
			digits.WriteString(strconv.Itoa(int(c-'A') + 10))
		} else {
			digits.WriteByte(c)
		}
	}
	n, ok := new(big.Int).SetString(digits.String(), 10)
	if !ok {
		panic("mod97: not a number: " + digits.String())
	}
	return new(big.Int).Mod(n, big.NewInt(97)).Int64()
}

// refIBAN returns the sentinel Parse must report for s and the 1-based
// position of the character at fault (0 when the error is not about one),
// or nil. The order is the documented one (characters, country code,
// length, structure, check digits, checksum), after the bound on the work:
// anything longer than an IBAN can be is a length error unread.
func refIBAN(t *testing.T, s string) (int, error) {
	if len(s) == 0 || len(s) > ibanMaxLength {
		return 0, iban.ErrLength
	}
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) && !isUpper(s[i]) {
			return i + 1, iban.ErrCharacter
		}
	}
	if len(s) < 2 {
		return 0, iban.ErrLength
	}
	for i := range 2 {
		if !isUpper(s[i]) {
			return i + 1, iban.ErrStructure
		}
	}
	c, ok := iban.LookupCountry(s[:2])
	if !ok {
		return 0, iban.ErrUnknownCountry
	}
	if len(s) != c.Length {
		return 0, iban.ErrLength
	}
	classes, err := bbanClasses()
	require.NoError(t, err)
	all := "nn" + classes[c.Code]
	require.Len(t, all, c.Length-2, "registry entry %s: structure %q does not fill length %d", c.Code, c.Structure, c.Length)
	for i := 2; i < len(s); i++ {
		if !classOK(all[i-2], s[i]) {
			return i + 1, iban.ErrStructure
		}
	}
	if cd := s[2:4]; cd == "00" || cd == "01" || cd == "99" {
		return -1, iban.ErrCheckDigits // about the pair: no single position is the rule
	}
	if mod97(s) != 1 {
		return 0, iban.ErrChecksum
	}
	return 0, nil
}

// ibanLooseClean is ParseLoose's documented clean-up: the shared one,
// with the paper form's "IBAN " prefix.
func ibanLooseClean(s string) (clean string, where []int, tooLong bool) {
	return looseClean(s, "IBAN", ibanMaxLength)
}

// ibanMaskedInput is the documented mask of an input no longer than an
// IBAN: the first four and the last four bytes kept, only the last four
// when that would show everything, nothing when even that would.
func ibanMaskedInput(s string) string {
	head, tail := 4, 4
	if head+tail >= len(s) {
		head = 0
		if tail >= len(s) {
			tail = 0
		}
	}
	return s[:head] + strings.Repeat("*", len(s)-head-tail) + s[len(s)-tail:]
}

func ibanSeeds(f *testing.F) {
	for _, c := range iban.Countries() {
		f.Add(c.Example)
		if x, err := iban.New(c.Code, c.Example[4:]); err == nil {
			f.Add(x.String()) // a territory under its own code
		}
	}
	for _, s := range []string{
		"", "D", "DE", "DE89", "de89370400440532013000", "DE 89 3704 0044 0532 0130 00",
		"DE00370400440532013000", "DE01370400440532013000", "DE99370400440532013000",
		"DE89370400440532013001", "1E89370400440532013000", "QQ89370400440532013000",
		"US89370400440532013000", "FR1420041010050500013M0260", "NO9386011117947",
		"GB29NWBK60161331926819", "GB29 nwbk-6016.1331\t9268 19", " \tGB29NWBK60161331926819\r\n",
		"GB29NWBK6016133192681\u00a09", "\xff", "GB29NWBK60161331926819" + strings.Repeat(" ", 120),
		strings.Repeat("-", 140) + "GB29NWBK60161331926819", "  ", ".", "LC55HEMM000100010012001200023015",
		"IT60X0542811101000000123456", "it60 x054 2811 1010 0000 0123 456",
	} {
		f.Add(s)
	}
}

// FuzzIBAN checks Parse and Validate against the reference (which sentinel,
// at which position), every accessor and encoding of what parses, the
// builders on its parts, and ParseLoose against Parse of the input cleaned
// up by hand.
func FuzzIBAN(f *testing.F) {
	ibanSeeds(f)
	f.Fuzz(func(t *testing.T, s string) {
		checkNoEcho(t, s)
		x, err := iban.Parse(s)
		pos, want := refIBAN(t, s)
		if want == nil {
			require.NoError(t, err, "Parse(%q): the reference accepts it", s)
			checkValidIBAN(t, s, x)
		} else {
			require.Error(t, err, "Parse(%q) accepted; the reference says %v", s, want)
			require.True(t, x.IsZero())
			require.ErrorIs(t, err, want, "Parse(%q)", s)
			var pe *iban.ParseError
			require.ErrorAs(t, err, &pe)
			require.Equal(t, "Parse", pe.Func)
			require.Equal(t, s, pe.UnmaskedInput())
			require.Equal(t, shownInput(s, ibanMaxLength, 4, ibanMaskedInput), pe.Input)
			if pos >= 0 {
				require.Equal(t, pos, pe.Pos, "Parse(%q): %v", s, err)
			}
			require.True(t, strings.HasPrefix(err.Error(), "iban.Parse(") && strings.HasSuffix(err.Error(), "): "+pe.Reason()), "message %q", err)
		}
		verr := iban.Validate(s)
		if err == nil {
			require.NoError(t, verr)
		} else {
			require.Error(t, verr)
			require.Equal(t, strings.Replace(err.Error(), "iban.Parse(", "iban.Validate(", 1), verr.Error())
		}
		checkDecodeAgrees(t, s, iban.Parse)
		checkIBANLoose(t, s)
	})
}

func checkValidIBAN(t *testing.T, s string, x iban.IBAN) {
	t.Helper()
	require.Equal(t, s, x.String())
	cc, bban := s[:2], s[4:]
	require.Equal(t, cc, x.CountryCode())
	require.Equal(t, s[2:4], x.CheckDigits())
	require.Equal(t, bban, x.BBAN())
	c, ok := iban.LookupCountry(cc)
	require.True(t, ok)
	require.Equal(t, c, x.Country())
	require.Equal(t, c.SEPA, x.IsSEPA())
	span := func(sp iban.Span) string {
		if sp.IsZero() {
			return ""
		}
		return bban[sp.First-1 : sp.Last]
	}
	require.Equal(t, span(c.Bank), x.BankCode())
	require.Equal(t, span(c.Branch), x.BranchCode())
	require.Equal(t, bban[max(c.Bank.Last, c.Branch.Last):], x.AccountNumber())

	var groups []string
	for i := 0; i < len(s); i += 4 {
		groups = append(groups, s[i:min(i+4, len(s))])
	}
	require.Equal(t, strings.Join(groups, " "), x.Print())
	require.Equal(t, s[:4]+strings.Repeat("*", len(s)-8)+s[len(s)-4:], x.Masked())

	checkEncodings(t, x, iban.Parse, true)
	for _, printed := range []string{x.Print(), strings.ToLower(x.Print()), " " + x.Print() + "\n"} {
		y, err := iban.ParseLoose(printed)
		require.NoError(t, err, "ParseLoose(%q)", printed)
		require.Equal(t, x, y)
	}

	// The builders agree: the check digits of a BBAN are unique in 02-98.
	y, err := iban.New(cc, bban)
	require.NoError(t, err, "New(%q, %q)", cc, bban)
	require.Equal(t, x, y)
	checkFromParts(t, x)

	if nerr := x.ValidateNational(); nerr != nil {
		require.True(t, errors.Is(nerr, iban.ErrNationalCheck) != errors.Is(nerr, iban.ErrNationalUnsupported),
			"ValidateNational(%q) = %v", s, nerr)
		var pe *iban.ParseError
		require.ErrorAs(t, nerr, &pe)
		require.Equal(t, "ValidateNational", pe.Func)
	}
}

// checkFromParts asserts that NewFromParts rebuilds x from its parts.
// Positions before the bank code (Italy's and San Marino's CIN) are no
// part of bank, branch or account: NewFromParts computes them, so they
// match x only when x passes its national check.
func checkFromParts(t *testing.T, x iban.IBAN) {
	t.Helper()
	y, err := iban.NewFromParts(x.CountryCode(), x.BankCode(), x.BranchCode(), x.AccountNumber())
	require.NoError(t, err, "NewFromParts of %q", x)
	lead := x.Country().Bank.First - 1
	if lead <= 0 || x.ValidateNational() == nil {
		require.Equal(t, x, y, "NewFromParts of %q", x)
		return
	}
	require.Equal(t, x.BBAN()[lead:], y.BBAN()[lead:], "NewFromParts of %q = %q", x, y)
	require.NoError(t, y.ValidateNational(), "NewFromParts of %q = %q", x, y)
}

// checkIBANLoose: ParseLoose(s) is Parse(ibanLooseClean(s)), error
// included (the error describes the input as given: Pos counts in s),
// within the documented bound.
func checkIBANLoose(t *testing.T, s string) {
	t.Helper()
	x, err := iban.ParseLoose(s)
	clean, where, tooLong := ibanLooseClean(s)
	if tooLong {
		require.ErrorIs(t, err, iban.ErrLength, "ParseLoose(%q): past the bound", s)
		return
	}
	y, perr := iban.Parse(clean)
	if perr == nil {
		require.NoError(t, err, "ParseLoose(%q); Parse(%q) accepts", s, clean)
		require.Equal(t, y, x)
		return
	}
	require.Error(t, err, "ParseLoose(%q) = %v; Parse(%q) refuses: %v", s, x, clean, perr)
	require.True(t, x.IsZero())
	var le, pe *iban.ParseError
	require.ErrorAs(t, err, &le)
	require.ErrorAs(t, perr, &pe)
	require.Equal(t, "ParseLoose", le.Func)
	require.Equal(t, pe.Err, le.Err, "ParseLoose(%q) = %v; Parse(%q) = %v", s, err, clean, perr)
	if pe.Pos > 0 {
		require.Equal(t, where[pe.Pos-1]+1, le.Pos, "ParseLoose(%q) = %v; Parse(%q) = %v", s, err, clean, perr)
	} else {
		require.Zero(t, le.Pos, "ParseLoose(%q) = %v", s, err)
	}
	require.Equal(t, s, le.UnmaskedInput())
	require.Equal(t, shownInput(s, ibanMaxLength, 4, ibanMaskedInput), le.Input)
}

// FuzzIBANBuild checks New against the reference (the country's length and
// structure, check digits by math/big), NewFromParts on the registry's
// positions, and Generate for the country.
func FuzzIBANBuild(f *testing.F) {
	for i, c := range iban.Countries() {
		f.Add(c.Code, c.Example[4:], uint64(i))
	}
	f.Add("DE", "370400440532013000", uint64(0))
	f.Add("DE", "37040044053201300", uint64(1))
	f.Add("de", "370400440532013000", uint64(2))
	f.Add("XX", "370400440532013000", uint64(3))
	f.Add("FR", "2004101005050001 3M02606", uint64(4))
	f.Add("", "", uint64(5))
	f.Fuzz(func(t *testing.T, cc, bban string, seed uint64) {
		x, err := iban.New(cc, bban)
		want := refBBAN(t, cc, bban)
		if want != nil {
			require.Error(t, err, "New(%q, %q) accepted; the reference says %v", cc, bban, want)
			require.ErrorIs(t, err, want, "New(%q, %q)", cc, bban)
			require.True(t, x.IsZero())
		} else {
			require.NoError(t, err, "New(%q, %q)", cc, bban)
			d := 98 - mod97(cc+"00"+bban)
			want := fmt.Sprintf("%s%02d%s", cc, d, bban)
			require.Equal(t, want, x.String())
			y, err := iban.Parse(want)
			require.NoError(t, err)
			require.Equal(t, x, y)
			checkFromParts(t, x)
		}

		// Generate: valid for any registry code, nationally valid where a
		// rule exists, and an error for any other code.
		g, gerr := iban.Generate(rand.New(rand.NewPCG(seed, seed>>1)), cc)
		if _, known := iban.LookupCountry(cc); !known {
			require.Error(t, gerr, "Generate(%q)", cc)
			require.True(t, g.IsZero())
			return
		}
		require.NoError(t, gerr, "Generate(%q)", cc)
		gs := g.String()
		_, gw := refIBAN(t, gs)
		require.NoError(t, gw, "Generate(%q) = %q, which the reference refuses", cc, gs)
		require.Equal(t, cc, g.CountryCode())
		if nerr := g.ValidateNational(); nerr != nil {
			require.ErrorIs(t, nerr, iban.ErrNationalUnsupported, "Generate(%q) = %q", cc, gs)
		}
	})
}

// refBBAN returns the sentinel New must report for a country code and
// BBAN, or nil: Parse's checks in Parse's order on country code + BBAN.
func refBBAN(t *testing.T, cc, bban string) error {
	joined := cc + bban
	for i := 0; i < len(joined); i++ {
		if !isDigit(joined[i]) && !isUpper(joined[i]) {
			return iban.ErrCharacter
		}
	}
	if _, ok := iban.LookupCountry(cc); !ok {
		if len(cc) == 2 && isUpper(cc[0]) && isUpper(cc[1]) {
			return iban.ErrUnknownCountry
		}
		return iban.ErrStructure // not two letters
	}
	classes, err := bbanClasses()
	require.NoError(t, err)
	want := classes[cc]
	if len(bban) != len(want) {
		return iban.ErrLength
	}
	for i := 0; i < len(bban); i++ {
		if !classOK(want[i], bban[i]) {
			return iban.ErrStructure
		}
	}
	return nil
}

// TestRegistryTable checks the table the reference trusts against itself:
// every structure reads and fills the country's length, the identifier
// spans lie inside the BBAN, a territory has its parent's rules, and every
// example passes the reference.
func TestRegistryTable(t *testing.T) {
	byCode := map[string]iban.Country{}
	for _, c := range iban.Countries() {
		byCode[c.Code] = c
	}
	for _, c := range iban.Countries() {
		classes, err := expandStructure(c.Structure)
		require.NoError(t, err, c.Code)
		require.Len(t, classes, c.Length-4, "%s: structure %q, length %d", c.Code, c.Structure, c.Length)
		require.True(t, c.Length >= 15 && c.Length <= ibanMaxLength, "%s: length %d", c.Code, c.Length)
		for _, sp := range []iban.Span{c.Bank, c.Branch} {
			if !sp.IsZero() {
				require.True(t, 1 <= sp.First && sp.First <= sp.Last && sp.Last <= c.Length-4, "%s: span %v", c.Code, sp)
			}
		}
		if !c.Branch.IsZero() {
			require.Greater(t, c.Branch.First, c.Bank.Last, "%s: branch %v overlaps bank %v", c.Code, c.Branch, c.Bank)
		}
		if c.TerritoryOf != "" {
			parent, ok := byCode[c.TerritoryOf]
			require.True(t, ok, "%s: parent %s", c.Code, c.TerritoryOf)
			require.Empty(t, parent.TerritoryOf)
			require.Equal(t, parent.Length, c.Length, c.Code)
			require.Equal(t, parent.Structure, c.Structure, c.Code)
			require.Equal(t, parent.Example, c.Example, c.Code)
		}
		_, want := refIBAN(t, c.Example)
		require.NoError(t, want, "%s: example %q", c.Code, c.Example)
		got, ok := iban.LookupCountry(c.Code)
		require.True(t, ok)
		require.Equal(t, c, got)
	}
}
