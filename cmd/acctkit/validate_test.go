package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const seedExternal = "../../account/synctera/testdata/external_create_request.json"

func TestValidateSeedExternalAccount(t *testing.T) {
	r := runCLI(t, "", "validate", "--schema", "synctera-external-account", seedExternal)
	assert.Equal(t, exitInvalid, r.code)
	assert.Contains(t, r.stdout, "invalid synctera-external-account: 4 error(s)")
	assert.Contains(t, r.stdout, "routing_identifiers.wire_routing_number\tchecksum\tis not a valid ABA routing number: check digit is 3, want 6")
	assert.Contains(t, r.stdout, "routing_identifiers.ach_routing_number\tformat\t")
	assert.Contains(t, r.stdout, "(body)\tconflict\texactly one of business_id and customer_id is allowed, got both")
}

func TestValidateProblem(t *testing.T) {
	r := runCLI(t, "", "validate", "--schema", "synctera-external-account", "--problem", seedExternal)
	assert.Equal(t, exitInvalid, r.code)
	var p struct {
		Status int `json:"status"`
		Errors []struct {
			Pointer, Code string
		} `json:"errors"`
	}
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &p))
	assert.Equal(t, 422, p.Status)
	require.Len(t, p.Errors, 4)
	assert.Equal(t, "/routing_identifiers/ach_routing_number", p.Errors[0].Pointer)
}

func TestValidateValidFromStdin(t *testing.T) {
	body, err := os.ReadFile("../../account/artu/testdata/sync_request.json")
	require.NoError(t, err)
	r := runCLI(t, string(body), "validate", "--schema", "artu-sync-request", "-")
	assert.Equal(t, exitOK, r.code, r.stdout+r.stderr)
	assert.Equal(t, "standard input: valid artu-sync-request\n", r.stdout)
}

func TestValidateBadInput(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.json")

	tests := []struct {
		name   string
		stdin  string
		args   []string
		code   int
		stderr string
	}{
		{"no schema", "", []string{"validate", "x.json"}, exitUsage, "--schema is required"},
		{"wrong schema", "", []string{"validate", "--schema", "nope", "x.json"}, exitUsage, `unknown schema "nope"`},
		{"no file", "", []string{"validate", "--schema", "synctera-account"}, exitUsage, "want one FILE or -, got 0 arguments"},
		{"missing file", "", []string{"validate", "--schema", "synctera-account", filepath.Join(dir, "none.json")}, exitUsage, "no such file"},
		{"unreadable file (a directory)", "", []string{"validate", "--schema", "synctera-account", dir}, exitUsage, "is a directory"},
		{"bad flag", "", []string{"validate", "--nope"}, exitUsage, "acctkit validate: unknown flag --nope\nRun \"acctkit validate --help\" for usage.\n"},
		{"two files", "", []string{"validate", "--schema", "synctera-account", bad, bad}, exitUsage, "want one FILE or -, got 2 arguments"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runCLI(t, tt.stdin, tt.args...)
			assert.Equal(t, tt.code, r.code)
			assert.Contains(t, r.stderr, tt.stderr)
		})
	}
}

func TestValidateUnknownFieldIsReported(t *testing.T) {
	r := runCLI(t, `{"items":[],"replaceMode":true,"replace_mode":true}`, "validate", "--schema", "artu-sync-request", "-")
	assert.Equal(t, exitInvalid, r.code)
	assert.Contains(t, r.stdout, "replace_mode\tunknown_field\tunknown field \"replace_mode\"")
}

func TestValidateHelp(t *testing.T) {
	r := runCLI(t, "", "validate", "--help")
	assert.Equal(t, exitOK, r.code)
	assert.Empty(t, r.stderr)
	assert.Contains(t, r.stdout, "Schemas: artu-sync-request, synctera-account, synctera-external-account,\nsynctera-external-account-patch.")
	assert.Contains(t, r.stdout, "\n  --schema NAME ")
	assert.Contains(t, r.stdout, "\n  --problem ")
	assert.Contains(t, r.stdout, "\n  --mask ")
}

// Malformed JSON is reported with line, column (characters) and byte
// offset, for every way a body can stop being JSON.
func TestValidateMalformed(t *testing.T) {
	tests := []struct {
		body, want string
	}{
		{"", "1:1: malformed JSON: unexpected end of JSON input (byte offset 0)"},
		{`{"items": [`, "1:12: malformed JSON: unexpected end of JSON input (byte offset 11)"},
		{"{\n  \"items\": [\n    {\"a\": 1,}\n  ]\n}", "3:13: malformed JSON: invalid character '}' looking for beginning of object key string (byte offset 27)"},
		{"{\"bankName\": \"Société\", x}", "1:25: malformed JSON: invalid character 'x' looking for beginning of object key string (byte offset 26)"},
		{`{"items": []} {}`, "1:15: malformed JSON: invalid character '{' after top-level value (byte offset 14)"},
		{"{\"a\": \"\xff\"}", "1:8: malformed JSON: invalid UTF-8 (JSON text is UTF-8, RFC 8259 section 8.1) (byte offset 7)"},
	}
	for _, tt := range tests {
		r := runCLI(t, tt.body, "validate", "--schema", "artu-sync-request", "-")
		assert.Equal(t, exitInvalid, r.code, tt.body)
		assert.Equal(t, "standard input:"+tt.want+"\n", r.stdout, tt.body)

		r = runCLI(t, tt.body, "validate", "--schema", "artu-sync-request", "--problem", "-")
		assert.Equal(t, exitInvalid, r.code, tt.body)
		var p malformedProblem
		require.NoError(t, json.Unmarshal([]byte(r.stdout), &p), r.stdout)
		assert.Equal(t, 400, p.Status)
		assert.Equal(t, "malformed_json", p.Code)
		assert.Equal(t, "https://acctkit.dev/problems/malformed-json", p.Type)
		assert.Equal(t, tt.want, fmt.Sprintf("%d:%d: malformed JSON: %s (byte offset %d)", p.Line, p.Column,
			strings.TrimSuffix(p.Detail, fmt.Sprintf(" at line %d, column %d (byte offset %d)", p.Line, p.Column, p.Offset)), p.Offset), tt.body)
	}
}
