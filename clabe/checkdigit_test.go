package clabe_test

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"testing"

	"github.com/acctkit/acctkit/clabe"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

// withCheckDigit completes 17 digits with their control digit.
func withCheckDigit(t testing.TB, first17 []byte) []byte {
	d, err := clabe.CheckDigit(string(first17))
	require.NoError(t, err)
	return append(first17[:17:17], byte('0'+d))
}

// TestEverySingleSubstitutionDetected proves the claim in the package doc:
// whatever digit a stands at whatever of the first 17 positions, replacing
// it with any other digit b makes the control digit wrong. The change to
// the sum is weight*(b-a) whatever the other digits are, so one context
// per (position, a) covers every CLABE: the test runs all 17*10*9 cases.
// A changed control digit is caught trivially, checked last.
func TestEverySingleSubstitutionDetected(t *testing.T) {
	cases := 0
	for p := range 17 {
		for a := byte('0'); a <= '9'; a++ {
			d := []byte("00201007777777777")
			d[p] = a
			base := withCheckDigit(t, d)
			for b := byte('0'); b <= '9'; b++ {
				if b == a {
					continue
				}
				mutated := append([]byte(nil), base...)
				mutated[p] = b
				require.ErrorIs(t, clabe.Validate(string(mutated)), clabe.ErrChecksum, "%s -> %s", base, mutated)
				cases++
			}
		}
	}
	assert.Equal(t, 17*10*9, cases)
	for _, s := range validCLABEs {
		for b := byte('0'); b <= '9'; b++ {
			if b != s[17] {
				assert.ErrorIs(t, clabe.Validate(s[:17]+string(b)), clabe.ErrChecksum)
			}
		}
	}
}

// TestAdjacentTranspositionRate measures, by exhaustion, how many swaps of
// two different neighbouring digits the check digit catches, as the
// package doc states: 1360 of 1530, missing exactly the pairs 5 apart.
//
// For places inside the first 17 digits the outcome depends only on the
// two digits, so each ordered pair (a, b) is tried once per place. For the
// last place (digit 17 and the control digit c) the outcome depends on the
// rest of the sum; a free digit of weight 3 at place 3 runs through every
// residue, which yields each ordered pair (a, c) exactly once.
func TestAdjacentTranspositionRate(t *testing.T) {
	detected, total := 0, 0
	try := func(clabeDigits []byte, i int) {
		if clabeDigits[i] == clabeDigits[i+1] {
			return
		}
		a, b := clabeDigits[i], clabeDigits[i+1]
		swapped := append([]byte(nil), clabeDigits...)
		swapped[i], swapped[i+1] = b, a
		total++
		err := clabe.Validate(string(swapped))
		if errors.Is(err, clabe.ErrChecksum) {
			detected++
			return
		}
		diff := int(a) - int(b)
		assert.True(t, diff == 5 || diff == -5, "undetected swap of %c and %c at %d: %v", a, b, i, err)
	}
	for i := range 16 {
		for a := byte('0'); a <= '9'; a++ {
			for b := byte('0'); b <= '9'; b++ {
				d := []byte("00201000000000000")
				d[i], d[i+1] = a, b
				try(withCheckDigit(t, d), i)
			}
		}
	}
	seen := map[[2]byte]bool{}
	for a := byte('0'); a <= '9'; a++ {
		for free := byte('0'); free <= '9'; free++ {
			d := []byte("00201000000000000")
			d[3], d[16] = free, a
			full := withCheckDigit(t, d)
			if full[16] != full[17] {
				seen[[2]byte{full[16], full[17]}] = true
			}
			try(full, 16)
		}
	}
	assert.Len(t, seen, 90, "the last place must see every ordered pair once")
	assert.Equal(t, 17*90, total)
	assert.Equal(t, 1360, detected, "detection rate %d/%d", detected, total)
	t.Logf("adjacent transpositions detected: %d of %d (%.1f%%)", detected, total, 100*float64(detected)/float64(total))
}

func TestSubstitutionDetectedProperty(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		c, err := clabe.New(drawBank(t), rapid.StringMatching(`[0-9]{3}`).Draw(t, "plaza"), rapid.StringMatching(`[0-9]{1,11}`).Draw(t, "account"))
		require.NoError(t, err)
		s := []byte(c.String())
		p := rapid.IntRange(0, 16).Draw(t, "position")
		delta := byte(rapid.IntRange(1, 9).Draw(t, "delta"))
		s[p] = '0' + (s[p]-'0'+delta)%10
		require.ErrorIs(t, clabe.Validate(string(s)), clabe.ErrChecksum, "%s", s)
	})
}

func TestNewAlwaysParses(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		bank := drawBank(t)
		plaza := rapid.StringMatching(`[0-9]{3}`).Draw(t, "plaza")
		account := rapid.StringMatching(`[0-9]{1,11}`).Draw(t, "account")
		c, err := clabe.New(bank, plaza, account)
		require.NoError(t, err)
		back, err := clabe.Parse(c.String())
		require.NoError(t, err)
		require.Equal(t, c, back)
		require.Equal(t, bank, back.BankCode())
		require.Equal(t, plaza, back.PlazaCode())
		require.Equal(t, fmt.Sprintf("%011s", account), back.AccountNumber())
		require.Equal(t, oracleCheckDigit(c.String()[:17]), back.ControlDigit())
	})
}

// TestParseAgreesWithCheckDigit ties Parse's eight-bytes-at-a-time check to
// CheckDigit's plain one: for any 18 digits of a known bank, Parse accepts
// exactly when CheckDigit gives the last digit.
func TestParseAgreesWithCheckDigit(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := drawBank(t) + rapid.StringMatching(`[0-9]{15}`).Draw(t, "rest")
		d, err := clabe.CheckDigit(s[:17])
		require.NoError(t, err)
		_, err = clabe.Parse(s)
		if int(s[17]-'0') == d {
			require.NoError(t, err)
		} else {
			require.ErrorIs(t, err, clabe.ErrChecksum)
		}
	})
}

// drawBank draws a code from the built-in catalog.
func drawBank(t *rapid.T) string {
	banks, err := csvBanks()
	require.NoError(t, err)
	return rapid.SampledFrom(slices.Sorted(maps.Keys(banks))).Draw(t, "bank")
}
