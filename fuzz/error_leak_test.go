package fuzz

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/acctkit/acctkit/clabe"
	"github.com/acctkit/acctkit/iban"
	"github.com/acctkit/acctkit/internal/identtest"
	"github.com/acctkit/acctkit/routing"
)

// corpusStrings returns every string value in the identifier fuzz
// corpora on disk (go test's "go test fuzz v1" files).
func corpusStrings(t *testing.T) []string {
	t.Helper()
	var out []string
	for _, glob := range []string{"testdata/fuzz/*/*", "../iban/testdata/fuzz/*/*", "../clabe/testdata/fuzz/*/*", "../routing/testdata/fuzz/*/*"} {
		files, err := filepath.Glob(glob)
		require.NoError(t, err)
		for _, f := range files {
			b, err := os.ReadFile(f)
			require.NoError(t, err)
			for _, line := range strings.Split(string(b), "\n") {
				if q, ok := strings.CutPrefix(line, "string("); ok {
					if s, err := strconv.Unquote(strings.TrimSuffix(q, ")")); err == nil {
						out = append(out, s)
					}
				}
			}
		}
	}
	require.NotEmpty(t, out)
	return out
}

// parsers are every identifier parser, and whether its input may bear an
// account number: any input of an IBAN or CLABE parser; for a routing
// parser, one with more characters than the identifier (after the loose
// clean-up, for the loose parsers) or a run of more digits than a routing
// number has. A routing parser's other inputs are shown whole: routing
// numbers and BICs are public.
var parsers = []struct {
	name    string
	parse   func(string) error
	account func(s string) bool
}{
	{"iban.Parse", func(s string) error { _, err := iban.Parse(s); return err }, always},
	{"iban.ParseLoose", func(s string) error { _, err := iban.ParseLoose(s); return err }, always},
	{"clabe.Parse", func(s string) error { _, err := clabe.Parse(s); return err }, always},
	{"clabe.ParseLoose", func(s string) error { _, err := clabe.ParseLoose(s); return err }, always},
	{"routing.ParseABA", func(s string) error { _, err := routing.ParseABA(s); return err }, notRouting(9, false)},
	{"routing.ParseABALoose", func(s string) error { _, err := routing.ParseABALoose(s); return err }, notRouting(9, true)},
	{"routing.ParseCanadian", func(s string) error { _, err := routing.ParseCanadian(s); return err }, notRouting(9, false)},
	{"routing.ParseCanadianLoose", func(s string) error { _, err := routing.ParseCanadianLoose(s); return err }, notRouting(9, true)},
	{"routing.ParseBIC", func(s string) error { _, err := routing.ParseBIC(s); return err }, notRouting(11, false)},
	{"routing.ParseBICLoose", func(s string) error { _, err := routing.ParseBICLoose(s); return err }, notRouting(11, true)},
}

func always(string) bool { return true }

// notRouting: s cannot be a routing identifier of n characters, so it
// may hold an account number.
func notRouting(n int, loose bool) func(string) bool {
	return func(s string) bool {
		size := len(s)
		if clean, _, _ := identtest.LooseClean(s, "", n); loose && len(clean) <= n {
			size = 0
		}
		return size > n || identtest.LongDigitRun.MatchString(s)
	}
}

// No error echoes a run of 9 or more digits of an account-bearing input:
// not from the fuzz corpora, not from account numbers pasted into the
// wrong field.
func TestErrorsDoNotEchoAccountNumbers(t *testing.T) {
	inputs := corpusStrings(t)
	for _, s := range []string{
		"002010077777777771", "002010077777777779", "DE89370400440532013000", "DE89370400440532013001",
		"021000021 0123456789", "0210000210123456789", "121-000-358-0123456789", "000300002 1234567890",
		"DEUTDEFF 1234567890", "de89 3704 0044 0532 0130 01", "IBAN DE89 3704 0044 0532 0130 0X",
	} {
		inputs = append(inputs, s, " "+s, s+"x", "x"+s)
	}
	for _, s := range inputs {
		checkNoEcho(t, s)
	}
}

// checkNoEcho asserts, for every parser that rejects s, that the error
// shows no 9-digit run of s when s may bear an account number. Each
// identifier package's fuzz targets check the same of their own parsers
// on every input they try.
func checkNoEcho(t *testing.T, s string) {
	t.Helper()
	for _, p := range parsers {
		if p.account(s) {
			identtest.CheckNoEcho(t, p.parse(s), s, "%s(%q)", p.name, s)
		}
	}
}
