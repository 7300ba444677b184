package main

// These tests build the acctkit acctkitBinary once and run it as a user would, one
// test per convention of the command line.

import (
	"bufio"
	"bytes"
	"debug/buildinfo"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// acctkitBinary is the acctkit built by TestMain.
var acctkitBinary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "acctkit-cli-test")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	acctkitBinary = filepath.Join(dir, "acctkit")
	build := exec.Command("go", "build", "-o", acctkitBinary, ".")
	if out, err := build.CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "building acctkit: %v\n%s", err, out)
		os.RemoveAll(dir)
		os.Exit(2)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

type procResult struct {
	code           int
	stdout, stderr string
}

// acctkit runs the acctkitBinary in the repository root (so examples/ and the
// README's paths work) with stdin as its standard input.
func acctkit(t *testing.T, stdin string, args ...string) procResult {
	t.Helper()
	cmd := exec.Command(acctkitBinary, args...)
	cmd.Dir = "../.."
	cmd.Stdin = strings.NewReader(stdin)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else {
		require.NoError(t, err)
	}
	return procResult{code, out.String(), errOut.String()}
}

const (
	cliClient = "8a6e0804-2bd0-4672-b79d-d97027f9071a"
	deIBAN    = "DE89370400440532013000"
)

func planArgs(extra ...string) []string {
	return append([]string{"plan", "--client", cliClient, "--existing", "examples/existing.json", "--request", "examples/artu-sync-request.json"}, extra...)
}

func TestCLIFlagsAnywhere(t *testing.T) {
	r := acctkit(t, "", "check", deIBAN, "--json")
	require.Equal(t, exitOK, r.code, r.stderr)
	assert.True(t, json.Valid([]byte(r.stdout)), "a flag after the values is a flag: %s", r.stdout)

	r = acctkit(t, "", "check", deIBAN, "--kind=iban", "002010077777777771")
	assert.Equal(t, exitInvalid, r.code, "--kind=iban applies to the value before it too")
	assert.Contains(t, r.stdout, "002010077777777771\tiban\tinvalid")

	// "--" ends the flags: what follows is a value, even "--json".
	r = acctkit(t, "", "check", "--", "--json", "-h")
	assert.Equal(t, exitInvalid, r.code)
	assert.Equal(t, "--json\t-\tinvalid: not the shape of any known identifier (known: iban, clabe, aba, canadian, bic)\n"+
		"-h\t-\tinvalid: not the shape of any known identifier (known: iban, clabe, aba, canadian, bic)\n", r.stdout)

	r = acctkit(t, "", "validate", "examples/artu-sync-request.json", "--schema", "artu-sync-request")
	assert.Equal(t, exitOK, r.code, r.stderr)
	r = acctkit(t, "", append([]string{"plan", "--json"}, planArgs("--seed", "1")[1:]...)...)
	assert.Equal(t, exitOK, r.code, r.stderr)
}

func TestCLIHelp(t *testing.T) {
	flagsOf := map[string][]string{
		"check":    {"--json", "--kind KIND", "--mask", "--help"},
		"validate": {"--schema NAME", "--problem", "--mask", "--help"},
		"plan":     {"--client UUID", "--existing FILE", "--request FILE", "--match-existing", "--json", "--mask", "--now TIME", "--seed N", "--help"},
		"version":  {"--help"},
	}
	singleDash := regexp.MustCompile(`(^|[\s\[(])-[a-z][a-z-]+`)
	for cmd, flags := range flagsOf {
		for _, args := range [][]string{{cmd, "--help"}, {cmd, "-h"}, {"help", cmd}, {cmd, "-help"}} {
			r := acctkit(t, "", args...)
			assert.Equal(t, exitOK, r.code, args)
			assert.Empty(t, r.stderr, args)
			assert.Contains(t, r.stdout, "Usage: acctkit "+cmd, args)
			for _, f := range flags {
				assert.Contains(t, r.stdout, "\n  "+f+" ", args)
			}
			assert.NotRegexp(t, singleDash, r.stdout, "flags are spelled as users type them")
		}
	}
	for _, args := range [][]string{{"--help"}, {"-h"}, {"help"}} {
		r := acctkit(t, "", args...)
		assert.Equal(t, exitOK, r.code, args)
		assert.Empty(t, r.stderr)
		assert.Contains(t, r.stdout, "Commands:")
	}
}

func TestCLIUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{},
		{"frobnicate"},
		{"check", "--bogus", deIBAN},
		{"check", "--kind"},
		{"check", "--kind", "nope", deIBAN},
		{"check", "--json=maybe", deIBAN},
		{"check", "-", "-"},
		{"validate", "examples/artu-sync-request.json"},
		{"validate", "--schema", "nope", "examples/artu-sync-request.json"},
		{"validate", "--schema", "artu-sync-request"},
		{"plan", "--client", cliClient},
		{"plan", "--seed", "one"},
		{"plan", "--now", "yesterday"},
		{"version", "extra"},
		{"help", "nope"},
	} {
		r := acctkit(t, "", args...)
		assert.Equal(t, exitUsage, r.code, args)
		assert.Empty(t, r.stdout, args)
		assert.NotEmpty(t, r.stderr, args)
	}
	r := acctkit(t, "", "check", "--bogus")
	assert.Equal(t, "acctkit check: unknown flag --bogus\nRun \"acctkit check --help\" for usage.\n", r.stderr)
}

func TestCLIStdinDash(t *testing.T) {
	r := acctkit(t, deIBAN+"\n021000021\n", "check", "-")
	assert.Equal(t, exitOK, r.code, r.stderr)
	assert.Contains(t, r.stdout, deIBAN+"\tiban\tvalid")
	assert.Contains(t, r.stdout, "021000021\taba\tvalid")
	assert.Contains(t, r.stdout, "checked 2: 2 valid, 0 invalid\n")

	body, err := os.ReadFile("../../examples/synctera-account.json")
	require.NoError(t, err)
	r = acctkit(t, string(body), "validate", "--schema", "synctera-account", "-")
	assert.Equal(t, exitOK, r.code, r.stdout+r.stderr)
	assert.Equal(t, "standard input: valid synctera-account\n", r.stdout)

	req, err := os.ReadFile("../../examples/artu-sync-request.json")
	require.NoError(t, err)
	fromFile := acctkit(t, "", planArgs("--seed", "3", "--now", "2026-11-21T12:00:00Z")...)
	fromStdin := acctkit(t, string(req), "plan", "--client", cliClient, "--existing", "examples/existing.json", "--request", "-", "--seed", "3", "--now", "2026-11-21T12:00:00Z")
	assert.Equal(t, exitOK, fromStdin.code, fromStdin.stderr)
	assert.Equal(t, fromFile.stdout, fromStdin.stdout)
}

func TestCLIVersion(t *testing.T) {
	info, err := buildinfo.ReadFile(acctkitBinary)
	require.NoError(t, err)
	want := versionText(info)
	for _, args := range [][]string{{"version"}, {"--version"}} {
		r := acctkit(t, "", args...)
		assert.Equal(t, exitOK, r.code, args)
		assert.Equal(t, want, r.stdout, args)
	}
	assert.True(t, strings.HasPrefix(want, "acctkit "+info.Main.Version+"\n"))
	assert.Contains(t, want, info.GoVersion)
}

func TestVersionText(t *testing.T) {
	info := &debug.BuildInfo{GoVersion: "go1.26.0"}
	info.Main.Version = "v1.2.3"
	info.Settings = append(info.Settings,
		debug.BuildSetting{Key: "vcs.revision", Value: "0123456789abcdef0123456789abcdef01234567"},
		debug.BuildSetting{Key: "vcs.time", Value: "2026-12-01T10:00:00Z"},
		debug.BuildSetting{Key: "vcs.modified", Value: "true"})
	got := versionText(info)
	assert.True(t, strings.HasPrefix(got, "acctkit v1.2.3\nrevision 0123456789abcdef0123456789abcdef01234567 (2026-12-01T10:00:00Z, modified)\ngo1.26.0 "), got)
	assert.True(t, strings.HasPrefix(versionText(nil), "acctkit (unknown: built without module information)\n"))
}

// Every command that writes a report exits 2 with a message when standard
// output cannot be written (a full disk: /dev/full).
func TestCLIWriteErrors(t *testing.T) {
	full, err := os.OpenFile("/dev/full", os.O_WRONLY, 0)
	if err != nil {
		t.Skipf("no /dev/full on this system to make writes fail: %v", err)
	}
	defer full.Close()
	many := strings.Repeat(deIBAN+"\n", 10_000)
	for _, tc := range []struct {
		stdin string
		args  []string
	}{
		{"", []string{"check", deIBAN}},
		{"", []string{"check", "--json", "nonsense"}},
		{many, []string{"check", "-"}},
		{"", []string{"validate", "--schema", "synctera-account", "examples/synctera-account.json"}},
		{"{", []string{"validate", "--schema", "synctera-account", "--problem", "-"}},
		{"", planArgs()},
		{"", planArgs("--json")},
		{"", []string{"version"}},
		{"", []string{"--help"}},
		{"", []string{"check", "--help"}},
	} {
		cmd := exec.Command(acctkitBinary, tc.args...)
		cmd.Dir = "../.."
		cmd.Stdin = strings.NewReader(tc.stdin)
		cmd.Stdout = full
		var errOut bytes.Buffer
		cmd.Stderr = &errOut
		err := cmd.Run()
		var ee *exec.ExitError
		require.ErrorAs(t, err, &ee, tc.args)
		assert.Equal(t, exitUsage, ee.ExitCode(), tc.args)
		assert.Contains(t, errOut.String(), "acctkit: writing standard output: ", tc.args)
		assert.Contains(t, errOut.String(), "no space left on device", tc.args)
	}
}

// jsonLine is one line of check --json as a jq user reads it.
type jsonLine struct {
	Input     string            `json:"input"`
	Line      int               `json:"line"`
	Kind      *string           `json:"kind"`
	Kinds     []string          `json:"kinds"`
	Valid     bool              `json:"valid"`
	Canonical *string           `json:"canonical"`
	Facts     map[string]string `json:"facts"`
	Notes     []string          `json:"notes"`
	Error     *struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

func jsonLines(t *testing.T, out string) []jsonLine {
	t.Helper()
	var lines []jsonLine
	sc := bufio.NewScanner(strings.NewReader(out))
	for sc.Scan() {
		var l jsonLine
		dec := json.NewDecoder(strings.NewReader(sc.Text()))
		dec.DisallowUnknownFields()
		require.NoError(t, dec.Decode(&l), sc.Text())
		lines = append(lines, l)
	}
	return lines
}

func TestCLIABABeforeCanadian(t *testing.T) {
	r := acctkit(t, "", "check", "--json", "026009593", "011000015", "026009594")
	assert.Equal(t, exitOK, r.code, r.stderr)
	lines := jsonLines(t, r.stdout)
	require.Len(t, lines, 3)
	for _, l := range lines[:2] {
		assert.Equal(t, "aba", *l.Kind, l.Input)
		assert.Equal(t, []string{"aba", "canadian"}, l.Kinds, l.Input)
		require.Len(t, l.Notes, 1)
		assert.Contains(t, l.Notes[0], "also a valid canadian", l.Input)
	}
	assert.Contains(t, lines[0].Notes[0], "Citibank Canada")
	// Fails the ABA checksum: Canadian, and the note says why not ABA.
	assert.Equal(t, "canadian", *lines[2].Kind)
	assert.Equal(t, []string{"canadian"}, lines[2].Kinds)
	assert.Equal(t, []string{"not a valid aba: check digit is 4, want 3"}, lines[2].Notes)

	r = acctkit(t, "", "check", "--json", "--kind", "canadian", "026009593")
	assert.Equal(t, exitOK, r.code)
	forced := jsonLines(t, r.stdout)
	assert.Equal(t, "canadian", *forced[0].Kind)
	assert.Equal(t, "Citibank Canada", forced[0].Facts["institution-name"])
	assert.Empty(t, forced[0].Notes)
}

func TestCLIJSONLines(t *testing.T) {
	r := acctkit(t, "", "check", "--json", "gb29 nwbk 6016 1331 9268 19", "002010077777777779", "hello", "CHASUS3AXXX")
	assert.Equal(t, exitInvalid, r.code)
	lines := jsonLines(t, r.stdout)
	require.Len(t, lines, 4)

	gb := lines[0]
	assert.True(t, gb.Valid)
	assert.Equal(t, "iban", *gb.Kind)
	assert.Equal(t, []string{"iban"}, gb.Kinds)
	assert.Equal(t, "GB29NWBK60161331926819", *gb.Canonical)
	assert.Equal(t, "NWBK", gb.Facts["bank-code"])
	assert.Nil(t, gb.Error)

	clabeLine := lines[1]
	assert.False(t, clabeLine.Valid)
	assert.Equal(t, "clabe", *clabeLine.Kind)
	assert.Nil(t, clabeLine.Canonical)
	require.NotNil(t, clabeLine.Error)
	assert.Equal(t, "checksum", clabeLine.Error.Code)
	assert.Equal(t, "check digit is 9, want 1", clabeLine.Error.Message)

	assert.Nil(t, lines[2].Kind)
	assert.Equal(t, []string{}, lines[2].Kinds)
	assert.Equal(t, "unrecognized", lines[2].Error.Code)

	bic := lines[3]
	assert.Equal(t, "CHASUS3AXXX", *bic.Canonical, "canonical is there even when it equals the input")

	// The error codes are the sentinels' names.
	for in, code := range map[string]string{
		"DE89370400440532013001": "checksum", "DE00370400440532013000": "check_digits", "US89370400440532013000": "unknown_country",
		"DE8937040044053201300": "length", "000010077777777773": "unknown_bank", "756392185": "prefix",
	} {
		r := acctkit(t, "", "check", "--json", in)
		l := jsonLines(t, r.stdout)
		require.Len(t, l, 1)
		require.NotNil(t, l[0].Error, in)
		assert.Equal(t, code, l[0].Error.Code, in)
	}

	// Text output escapes control bytes; JSON output is JSON.
	r = acctkit(t, `{"items":[],"x\u001b[2Jy":1}`, "validate", "--schema", "artu-sync-request", "-")
	assert.Equal(t, exitInvalid, r.code)
	assert.NotContains(t, r.stdout, "\x1b")
	assert.Contains(t, r.stdout, `"x\x1b[2Jy"`)
	r = acctkit(t, "DE89\x1b[2J370400440532013000\n\tCHAS\x07US3AXXX\n", "check")
	assert.Equal(t, exitInvalid, r.code)
	assert.NotContains(t, r.stdout, "\x1b")
	assert.NotContains(t, r.stdout, "\x07")
	assert.Contains(t, r.stdout, `"DE89\x1b[2J370400440532013000"`)
	assert.Contains(t, r.stdout, `"CHAS\aUS3AXXX"`)
}

func TestCLILongLines(t *testing.T) {
	in := deIBAN + "\n" + strings.Repeat("9", 2<<20) + "\n021000021\n" + strings.Repeat("x", 5000) + "\n"
	r := acctkit(t, in, "check", "--json")
	assert.Equal(t, exitInvalid, r.code)
	lines := jsonLines(t, r.stdout)
	require.Len(t, lines, 4)
	assert.True(t, lines[0].Valid)
	assert.Equal(t, 2, lines[1].Line)
	assert.Equal(t, "too_long", lines[1].Error.Code)
	assert.Equal(t, "line 2 is 2097152 bytes, longer than any identifier", lines[1].Error.Message)
	assert.True(t, lines[2].Valid, "the run goes on after a long line")
	assert.Equal(t, 3, lines[2].Line)
	assert.Equal(t, 4, lines[3].Line)
	assert.Equal(t, "checked 4: 2 valid, 2 invalid\n", r.stderr)
}

func TestCLIMalformedJSON(t *testing.T) {
	r := acctkit(t, "{\n  \"items\": [\n    {\"label\": \"x\"\n", "validate", "--schema", "artu-sync-request", "-")
	assert.Equal(t, exitInvalid, r.code)
	assert.Equal(t, "standard input:4:1: malformed JSON: unexpected end of JSON input (byte offset 33)\n", r.stdout)

	r = acctkit(t, `{"items": [}`, "validate", "--problem", "--schema", "artu-sync-request", "-")
	assert.Equal(t, exitInvalid, r.code)
	var p map[string]any
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &p))
	assert.Equal(t, map[string]any{
		"type": "https://acctkit.dev/problems/malformed-json", "title": "Your request body is not valid JSON.", "status": 400.0,
		"detail": "invalid character '}' looking for beginning of value at line 1, column 12 (byte offset 11)",
		"code":   "malformed_json", "line": 1.0, "column": 12.0, "offset": 11.0,
	}, p)
}

func TestCLIPlan(t *testing.T) {
	args := planArgs("--now", "2026-11-21T12:00:00Z", "--seed", "7")
	a, b := acctkit(t, "", args...), acctkit(t, "", args...)
	require.Equal(t, exitOK, a.code, a.stderr)
	assert.Equal(t, a.stdout, b.stdout, "byte-identical with --now and --seed")
	assert.Contains(t, a.stdout, "    label: \"payroll\" -> \"payroll 2026\"\n")
	assert.Contains(t, a.stdout, "    isPrimary: true -> false\n")
	assert.NotContains(t, a.stdout, "014320655012345670", "account numbers are masked")
	assert.NotContains(t, a.stdout, deIBAN)

	aj, bj := acctkit(t, "", append(args, "--json")...), acctkit(t, "", append(args, "--json")...)
	require.Equal(t, exitOK, aj.code, aj.stderr)
	assert.Equal(t, aj.stdout, bj.stdout)
	masked := acctkit(t, "", append(args, "--json", "--mask")...)
	assert.NotContains(t, masked.stdout, "014320655012345670")
	assert.Contains(t, aj.stdout, "014320655012345670", "unmasked without --mask")
}

func TestCLIMask(t *testing.T) {
	r := acctkit(t, "", "check", "--mask", deIBAN, "de89 3704 0044 0532 0130 00", "DE89370400440532013001", "002010077777777771", "021000021", "CHASUS3AXXX", "000300002")
	assert.Equal(t, exitInvalid, r.code)
	for _, secret := range []string{"370400440532", "3704 0044 0532", "0100777777"} {
		assert.NotContains(t, r.stdout, secret)
	}
	assert.Contains(t, r.stdout, "DE89**************3000\tiban\tvalid")
	assert.Contains(t, r.stdout, "de89 **** **** **** **30 00\tiban\tvalid")
	assert.Contains(t, r.stdout, "CHASUS3AXXX\tbic\tvalid", "a BIC is public")
	assert.Contains(t, r.stdout, "000300002\tcanadian\tvalid", "a Canadian routing number is public")

	r = acctkit(t, "", "check", "--mask", "--json", deIBAN)
	l := jsonLines(t, r.stdout)
	assert.Equal(t, "DE89**************3000", l[0].Input)
	assert.Equal(t, "DE89**************3000", *l[0].Canonical)

	body := `{"routing_identifiers":{"ach_routing_number":"021000021"},"account_identifiers":{"number":"123456789012"},"nickname":"x","customer_id":"7d943c51-e4ff-4e57-9558-08cab6b963c7","currency":"USD","type":"CHECKING","account_owner_names":["J"],"customer_type":"PERSONAL","vendor_account_id":"v","zzz_123456789012":1}`
	plain := acctkit(t, body, "validate", "--schema", "synctera-external-account", "-")
	r = acctkit(t, body, "validate", "--mask", "--schema", "synctera-external-account", "-")
	assert.Equal(t, plain.code, r.code)
	assert.NotContains(t, plain.stdout, "123456789012", "the decoder itself never echoes a long digit run")
	assert.NotContains(t, r.stdout, "123456789012")
	assert.Contains(t, r.stdout, "unknown_field\tunknown field \"zzz_********9012\"")
	r = acctkit(t, body, "validate", "--mask", "--problem", "--schema", "synctera-external-account", "-")
	assert.Equal(t, exitInvalid, r.code)
	assert.Contains(t, r.stdout, `"pointer":"/zzz_********9012"`)
	assert.NotContains(t, r.stdout, "123456789012")
}

// The README's CLI commands run: each "go run ./cmd/acctkit ..." line, run
// with the built acctkitBinary from the repository root, ends with 0 or 1, never
// a usage error, and every file it names exists.
func TestCLIREADMECommands(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	require.NoError(t, err)
	var cmds []string
	lines := strings.Split(string(readme), "\n")
	for i := 0; i < len(lines); i++ {
		line := lines[i]
		if !strings.HasPrefix(line, "go run ./cmd/acctkit ") || strings.HasPrefix(line, "go run ./cmd/acctkit serve") {
			continue // serve runs until stopped: TestServeREADME runs it
		}
		for strings.HasSuffix(strings.TrimSpace(line), `\`) && i+1 < len(lines) {
			i++
			line = strings.TrimSuffix(strings.TrimSpace(line), `\`) + " " + strings.TrimSpace(lines[i])
		}
		if j := strings.Index(line, "  #"); j >= 0 {
			line = line[:j]
		}
		cmds = append(cmds, strings.Replace(line, "go run ./cmd/acctkit", acctkitBinary, 1))
	}
	require.NotEmpty(t, cmds)
	for _, c := range cmds {
		cmd := exec.Command("sh", "-c", c)
		cmd.Dir = "../.."
		out, err := cmd.CombinedOutput()
		code := 0
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		} else {
			require.NoError(t, err, c)
		}
		assert.Contains(t, []int{exitOK, exitInvalid}, code, "%s\n%s", c, out)
	}
}

// Each example body is valid against its schema, and every schema has one.
func TestCLIExamples(t *testing.T) {
	for name := range schemas {
		path := "examples/" + name + ".json"
		r := acctkit(t, "", "validate", "--schema", name, path)
		assert.Equal(t, exitOK, r.code, r.stdout+r.stderr)
		assert.Equal(t, path+": valid "+name+"\n", r.stdout)
	}
	r := acctkit(t, "", "check", "-")
	assert.Equal(t, exitUsage, r.code, "no values on standard input")
	ids, err := os.ReadFile("../../examples/identifiers.txt")
	require.NoError(t, err)
	r = acctkit(t, string(ids), "check")
	assert.Equal(t, exitInvalid, r.code, "the identifier examples hold valid and invalid values")
	assert.Contains(t, r.stdout, " valid, ")
}
