package main

import (
	"bytes"
	"encoding/json"
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

func fakeKind(name string, shaped func(string) bool, valid func(string) bool) kind {
	return kind{
		name:   name,
		shaped: shaped,
		check: func(s string) result {
			if valid(s) {
				return result{Valid: true, Facts: []fact{{"len", string(rune('0' + len(s)%10))}}}
			}
			return result{Reason: name + " says no"}
		},
	}
}

func TestUsage(t *testing.T) {
	r := runCLI(t, "")
	assert.Equal(t, exitUsage, r.code)
	assert.Contains(t, r.stderr, "Commands:")

	r = runCLI(t, "", "--help")
	assert.Equal(t, exitOK, r.code)
	assert.Contains(t, r.stdout, "check")

	r = runCLI(t, "", "frobnicate")
	assert.Equal(t, exitUsage, r.code)
	assert.Contains(t, r.stderr, `unknown command "frobnicate"`)
}

func TestVersion(t *testing.T) {
	r := runCLI(t, "", "version")
	assert.Equal(t, exitOK, r.code)
	assert.Equal(t, "acctkit devel\n", r.stdout)
	assert.Equal(t, exitUsage, runCLI(t, "", "version", "extra").code)
}

func TestCheckFlags(t *testing.T) {
	r := runCLI(t, "", "check", "--help")
	assert.Equal(t, exitOK, r.code)
	assert.Contains(t, r.stderr, "Usage: acctkit check")

	r = runCLI(t, "", "check", "--bogus")
	assert.Equal(t, exitUsage, r.code)

	r = runCLI(t, "", "check", "--kind", "nope", "x")
	assert.Equal(t, exitUsage, r.code)
	assert.Contains(t, r.stderr, `unknown kind "nope"`)
}

func TestCheckDetection(t *testing.T) {
	nine := func(s string) bool { return len(s) == 9 }
	startsZero := func(s string) bool { return len(s) == 9 && s[0] == '0' }
	withKinds(t,
		fakeKind("aba", nine, func(s string) bool { return s != "999999999" }),
		fakeKind("cad", startsZero, func(s string) bool { return s == "011111111" }),
	)

	r := runCLI(t, "", "check", "123456789")
	assert.Equal(t, exitOK, r.code)
	assert.Equal(t, "123456789\taba\tvalid\tlen=9\n", r.stdout)

	r = runCLI(t, "", "check", "999999999", "12")
	assert.Equal(t, exitInvalid, r.code)
	assert.Equal(t, "999999999\taba\tinvalid: aba says no\n12\t-\tinvalid: not the shape of any known identifier (known: aba, cad)\n", r.stdout)

	// Shaped like both, valid as one: that one wins and the line says so.
	r = runCLI(t, "", "check", "022222222")
	assert.Equal(t, exitOK, r.code)
	assert.Equal(t, "022222222\taba\tvalid\tlen=9\talso-shaped-like=cad\n", r.stdout)

	// Valid as both: reported as ambiguous.
	r = runCLI(t, "", "check", "011111111")
	assert.Equal(t, exitOK, r.code)
	assert.Contains(t, r.stdout, "aba|cad\tvalid\tambiguous=valid as aba and cad; use --kind to choose\taba.len=9\tcad.len=9\n")

	// --kind forces one reading.
	r = runCLI(t, "", "check", "--kind", "CAD", "022222222")
	assert.Equal(t, exitInvalid, r.code)
	assert.Equal(t, "022222222\tcad\tinvalid: cad says no\n", r.stdout)
}

func TestCheckStdin(t *testing.T) {
	withKinds(t, fakeKind("aba", func(s string) bool { return len(s) == 9 }, func(s string) bool { return s != "999999999" }))

	r := runCLI(t, "123456789\n\n  999999999  \n", "check")
	assert.Equal(t, exitInvalid, r.code)
	assert.True(t, strings.HasSuffix(r.stdout, "checked 2: 1 valid, 1 invalid\n"), r.stdout)

	r = runCLI(t, "\n\n", "check")
	assert.Equal(t, exitUsage, r.code)
	assert.Contains(t, r.stderr, "no values on standard input")

	r = runCLI(t, strings.Repeat("1", maxLine+1)+"\n", "check")
	assert.Equal(t, exitUsage, r.code)
	assert.Contains(t, r.stderr, "token too long")
}

func TestCheckJSON(t *testing.T) {
	withKinds(t, fakeKind("aba", func(s string) bool { return len(s) == 9 }, func(s string) bool { return true }))
	r := runCLI(t, "", "check", "--json", "123456789", "x")
	assert.Equal(t, exitInvalid, r.code)
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	require.Len(t, lines, 2)
	var got checkLine
	require.NoError(t, json.Unmarshal([]byte(lines[0]), &got))
	assert.Equal(t, checkLine{Input: "123456789", Kind: "aba", Valid: true, Facts: []fact{{"len", "9"}}}, got)
	require.NoError(t, json.Unmarshal([]byte(lines[1]), &got))
	assert.False(t, got.Valid)
}
