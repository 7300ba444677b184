package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const seedExternal = "../../account/testdata/synctera/external_create_request.json"

func TestValidateSeedExternalAccount(t *testing.T) {
	r := runCLI(t, "", "validate", "--schema", "synctera-external-account", seedExternal)
	assert.Equal(t, exitInvalid, r.code)
	assert.Contains(t, r.stdout, "invalid synctera-external-account: 4 error(s)")
	assert.Contains(t, r.stdout, "routing_identifiers.wire_routing_number\tchecksum\tis not a valid ABA routing number: checksum failed: check digit is 3, want 6")
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
	body, err := os.ReadFile("../../account/testdata/artu/sync_request.json")
	require.NoError(t, err)
	r := runCLI(t, string(body), "validate", "--schema", "artu-sync-request", "-")
	assert.Equal(t, exitOK, r.code, r.stdout+r.stderr)
	assert.Equal(t, "standard input: valid artu-sync-request\n", r.stdout)
}

func TestValidateBadInput(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.json")
	require.NoError(t, os.WriteFile(bad, []byte(`{"items": [`), 0o600))

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
		{"invalid JSON", "", []string{"validate", "--schema", "synctera-account", bad}, exitInvalid, "malformed JSON"},
		{"empty stdin", "", []string{"validate", "--schema", "synctera-account", "-"}, exitUsage, "standard input is empty"},
		{"bad flag", "", []string{"validate", "--nope"}, exitUsage, "flag provided but not defined"},
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
	assert.Contains(t, r.stderr, "Schemas: artu-sync-request, synctera-account, synctera-external-account, synctera-external-account-patch")
}
