package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type runResult struct {
	code           int
	stdout, stderr string
}

func runCLI(t *testing.T, stdin string, args ...string) runResult {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(args, strings.NewReader(stdin), &out, &errOut)
	return runResult{code, out.String(), errOut.String()}
}

// withKinds swaps in test kinds so detection logic is tested apart from the
// identifier packages.
func withKinds(t *testing.T, ks ...kind) {
	t.Helper()
	saved := kinds
	kinds = ks
	t.Cleanup(func() { kinds = saved })
}

// fakeValue stands for a parsed identifier in fake kinds.
type fakeValue string

func (v fakeValue) String() string { return string(v) }

func fakeKind(name string, shaped func(string) bool, valid func(string) bool) kind {
	return kind{
		name:   name,
		shaped: shaped,
		check: func(s string) result {
			if valid(s) {
				return result{Valid: true, Value: fakeValue(s), Facts: facts{{"len", string(rune('0' + len(s)%10))}}}
			}
			return result{Code: "checksum", Reason: name + " says no"}
		},
	}
}

func TestUsage(t *testing.T) {
	r := runCLI(t, "")
	assert.Equal(t, exitUsage, r.code)
	assert.Contains(t, r.stderr, "Commands:")
	assert.Empty(t, r.stdout)

	for _, help := range [][]string{{"--help"}, {"-h"}, {"help"}} {
		r = runCLI(t, "", help...)
		assert.Equal(t, exitOK, r.code, help)
		assert.Contains(t, r.stdout, "Commands:", help)
		assert.Empty(t, r.stderr, help)
	}

	r = runCLI(t, "", "frobnicate")
	assert.Equal(t, exitUsage, r.code)
	assert.Contains(t, r.stderr, `unknown command "frobnicate"`)

	r = runCLI(t, "", "help", "plan")
	assert.Equal(t, exitOK, r.code)
	assert.Contains(t, r.stdout, "Usage: acctkit plan")
	assert.Equal(t, exitUsage, runCLI(t, "", "help", "nope").code)
}

func TestCheckDetection(t *testing.T) {
	nine := func(s string) bool { return len(s) == 9 }
	startsZero := func(s string) bool { return len(s) == 9 && s[0] == '0' }
	withKinds(t,
		fakeKind("aba", nine, func(s string) bool { return s != "999999999" && s != "022222222" }),
		fakeKind("cad", startsZero, func(s string) bool { return s == "011111111" || s == "022222222" }),
	)

	r := runCLI(t, "", "check", "123456789")
	assert.Equal(t, exitOK, r.code)
	assert.Equal(t, "123456789\taba\tvalid\tlen=9\n", r.stdout)

	r = runCLI(t, "", "check", "999999999", "12")
	assert.Equal(t, exitInvalid, r.code)
	assert.Equal(t, "999999999\taba\tinvalid: aba says no\n12\t-\tinvalid: not the shape of any known identifier (known: aba, cad)\n", r.stdout)

	// Shaped like both, valid as the second: the second wins and the
	// line says why not the first.
	r = runCLI(t, "", "check", "022222222")
	assert.Equal(t, exitOK, r.code)
	assert.Equal(t, "022222222\tcad\tvalid\tlen=9\tnote=not a valid aba: aba says no\n", r.stdout)

	// Valid as both: the first kind wins, the other reading is a note.
	r = runCLI(t, "", "check", "011111111")
	assert.Equal(t, exitOK, r.code)
	assert.Equal(t, "011111111\taba\tvalid\tlen=9\tnote=also a valid cad (len 9); --kind cad reads it so\n", r.stdout)

	// --kind forces one reading.
	r = runCLI(t, "", "check", "--kind", "CAD", "033333333")
	assert.Equal(t, exitInvalid, r.code)
	assert.Equal(t, "033333333\tcad\tinvalid: cad says no\n", r.stdout)
}

func TestCheckStdin(t *testing.T) {
	withKinds(t, fakeKind("aba", func(s string) bool { return len(s) == 9 }, func(s string) bool { return s != "999999999" }))

	r := runCLI(t, "123456789\n\n  999999999  \r\n", "check")
	assert.Equal(t, exitInvalid, r.code)
	assert.Equal(t, "123456789\taba\tvalid\tlen=9\n999999999\taba\tinvalid: aba says no\nchecked 2: 1 valid, 1 invalid\n", r.stdout)

	// "-" reads standard input where it stands.
	r = runCLI(t, "123456789\n", "check", "999999999", "-")
	assert.Equal(t, exitInvalid, r.code)
	assert.Equal(t, "999999999\taba\tinvalid: aba says no\n123456789\taba\tvalid\tlen=9\nchecked 2: 1 valid, 1 invalid\n", r.stdout)

	r = runCLI(t, "", "check", "-", "-")
	assert.Equal(t, exitUsage, r.code)
	assert.Contains(t, r.stderr, "standard input (-) can be read only once")

	r = runCLI(t, "\n\n", "check")
	assert.Equal(t, exitUsage, r.code)
	assert.Contains(t, r.stderr, "no values on standard input")
}

// A line longer than the reader's buffer is one invalid value at its line
// number, whatever its length, and the lines after it are checked.
func TestCheckLongLines(t *testing.T) {
	withKinds(t, fakeKind("aba", func(s string) bool { return len(s) == 9 }, func(s string) bool { return true }))
	// The line ends in "\r\n": the longest line kept is maxLineBytes-2 bytes.
	for _, n := range []int{maxLineBytes - 2, maxLineBytes - 1, maxLineBytes, 3*maxLineBytes + 7, 2 << 20} {
		long := strings.Repeat("7", n)
		r := runCLI(t, "123456789\n"+long+"\r\n123456789", "check", "--json")
		require.Equal(t, exitInvalid, r.code, n)
		lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
		require.Len(t, lines, 3, n)
		var got struct {
			Input string
			Line  int
			Valid bool
			Error *lineError
		}
		require.NoError(t, json.Unmarshal([]byte(lines[1]), &got))
		assert.Equal(t, 2, got.Line, n)
		require.NotNil(t, got.Error, n)
		if n > maxLineBytes-2 {
			assert.Equal(t, "too_long", got.Error.Code, n)
			assert.Equal(t, fmt.Sprintf("line 2 is %d bytes, longer than any identifier", n), got.Error.Message)
			assert.Less(t, len(got.Input), 64, "the input is cut short")
		} else {
			assert.Equal(t, "unrecognized", got.Error.Code, n)
		}
		got.Error = nil
		require.NoError(t, json.Unmarshal([]byte(lines[2]), &got))
		assert.Equal(t, 3, got.Line, n)
		assert.True(t, got.Valid, n)
		assert.Equal(t, "checked 3: 2 valid, 1 invalid\n", r.stderr, n)
	}
}

func TestCheckJSON(t *testing.T) {
	withKinds(t, fakeKind("aba", func(s string) bool { return len(s) == 9 }, func(s string) bool { return s != "999999999" }))
	r := runCLI(t, "", "check", "--json", "123456789", "999999999", "x")
	assert.Equal(t, exitInvalid, r.code)
	assert.Equal(t, `{"input":"123456789","kind":"aba","kinds":["aba"],"valid":true,"canonical":"123456789","facts":{"len":"9"}}
{"input":"999999999","kind":"aba","kinds":["aba"],"valid":false,"error":{"code":"checksum","message":"aba says no"}}
{"input":"x","kinds":[],"valid":false,"error":{"code":"unrecognized","message":"not the shape of any known identifier (known: aba)"}}
`, r.stdout)
}

func TestFactsJSONKeepsOrder(t *testing.T) {
	b, err := json.Marshal(facts{{"z", "1"}, {"a", "\"q\""}, {"m", "<&>"}})
	require.NoError(t, err)
	assert.Equal(t, `{"z":"1","a":"\"q\"","m":"\u003c\u0026\u003e"}`, string(b))
	b, err = json.Marshal(facts{})
	require.NoError(t, err)
	assert.Equal(t, `{}`, string(b))
}

func TestCheckLineJSONMatches(t *testing.T) {
	lines := []checkLine{
		{Input: "", Kinds: []string{}},
		{Input: "x", Kinds: nil, Error: &lineError{"too_long", "line 3 is 5000 bytes"}, Line: 3},
		{Input: "<&>\u2028\"\\\x00", Kind: "iban", Kinds: []string{"iban", "é"}, Valid: true, Canonical: "C",
			Facts: facts{{"k", "v\t"}, {"a", ""}}, Notes: []string{"n1", "<n2>"}},
	}
	for _, in := range []string{"DE89370400440532013000", "026009593", "026009594", "000000000", "nonsense", "CHASUS3AXXX"} {
		lines = append(lines, checkValue(in, nil))
	}
	for _, l := range lines {
		want, err := json.Marshal(l)
		require.NoError(t, err)
		assert.Equal(t, string(want), string(appendCheckLineJSON(nil, &l)))
	}
}
