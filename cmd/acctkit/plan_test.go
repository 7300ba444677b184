package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	exampleClient   = "8a6e0804-2bd0-4672-b79d-d97027f9071a"
	exampleExisting = "../../examples/existing.json"
	exampleRequest  = "../../examples/sync-request.json"
)

var uuidRE = regexp.MustCompile(`[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}`)

func TestPlanExample(t *testing.T) {
	r := runCLI(t, "", "plan", "--client", exampleClient, "--existing", exampleExisting, "--request", exampleRequest)
	require.Equal(t, exitOK, r.code, r.stderr)
	// The created account gets a random id; everything else is fixed.
	out := uuidRE.ReplaceAllStringFunc(r.stdout, func(id string) string {
		if strings.HasPrefix(id, "0b7f3a52-") {
			return id
		}
		return "NEW-ID"
	})
	assert.Equal(t, `+ create NEW-ID MX "Santander" **************5670 (requested, items[0])
~ update 0b7f3a52-6f1e-4a8e-9d61-2c3b4a5d6e02 US "JPMorgan Chase" ********6789 (requested, items[1])
    label: changed
~ update 0b7f3a52-6f1e-4a8e-9d61-2c3b4a5d6e01 MX "Banamex" **************7771 (primary_demoted)
    isPrimary: true -> false
- delete 0b7f3a52-6f1e-4a8e-9d61-2c3b4a5d6e03 DE "Commerzbank" ******************3000 (requested, items[2])
Plan: 1 to create, 2 to update, 1 to delete, 0 unchanged
`, out)
	assert.NotContains(t, r.stdout, "014320655012345670", "account numbers are masked")
}

func TestPlanJSON(t *testing.T) {
	r := runCLI(t, "", "plan", "--json", "--now", "2026-11-21T12:00:00Z", "--client", exampleClient,
		"--existing", exampleExisting, "--request", exampleRequest)
	require.Equal(t, exitOK, r.code, r.stderr)
	var resp struct {
		Created []map[string]any `json:"created"`
		Updated []map[string]any `json:"updated"`
		Deleted []string         `json:"deleted"`
	}
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &resp))
	require.Len(t, resp.Created, 1)
	assert.Equal(t, "2026-11-21T12:00:00Z", resp.Created[0]["createdAt"])
	assert.Equal(t, true, resp.Created[0]["isPrimary"])
	require.Len(t, resp.Updated, 2)
	assert.Equal(t, "2026-11-21T12:00:00Z", resp.Updated[0]["updatedAt"])
	assert.Equal(t, []string{"0b7f3a52-6f1e-4a8e-9d61-2c3b4a5d6e03"}, resp.Deleted)
}

func TestPlanMatchExisting(t *testing.T) {
	// Resending the existing MX account without its id is a duplicate,
	// unless --match-existing turns it into an update.
	req := `{"items":[{"clientId":"` + exampleClient + `","accountNumber":"002010077777777771","bankName":"Banamex","country":"MX","currency":"MXN","clabe":"002010077777777771","label":"main"}]}`
	r := runCLI(t, req, "plan", "--client", exampleClient, "--existing", exampleExisting, "--request", "-")
	assert.Equal(t, exitInvalid, r.code)
	assert.Contains(t, r.stdout, "duplicate")

	r = runCLI(t, req, "plan", "--match-existing", "--client", exampleClient, "--existing", exampleExisting, "--request", "-")
	require.Equal(t, exitOK, r.code, r.stdout+r.stderr)
	assert.Contains(t, r.stdout, "~ update 0b7f3a52-6f1e-4a8e-9d61-2c3b4a5d6e01 MX \"Banamex\" **************7771 (matched_existing, items[0])")
}

func TestPlanInvalidRequest(t *testing.T) {
	req := `{"items":[{"id":"0b7f3a52-6f1e-4a8e-9d61-2c3b4a5d6eff","label":"x"},{"clientId":"` + exampleClient + `","accountNumber":"1","bankName":"X","country":"MX","currency":"MXN","clabe":"002010077777777779"}]}`
	r := runCLI(t, req, "plan", "--client", exampleClient, "--existing", exampleExisting, "--request", "-")
	assert.Equal(t, exitInvalid, r.code)
	assert.Contains(t, r.stdout, "items[0].id\tnot_found\t")
	assert.Contains(t, r.stdout, "items[1].clabe\tchecksum\t")
	assert.NotContains(t, r.stdout, "002010077777777779", "messages never carry a full CLABE")

	r = runCLI(t, req, "plan", "--json", "--client", exampleClient, "--existing", exampleExisting, "--request", "-")
	assert.Equal(t, exitInvalid, r.code)
	var p struct {
		Status int `json:"status"`
		Errors []struct{ Pointer, Code string }
	}
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &p))
	assert.Equal(t, 422, p.Status)
	assert.Equal(t, "/items/1/clabe", p.Errors[len(p.Errors)-1].Pointer)
}

func TestPlanBadInput(t *testing.T) {
	dir := t.TempDir()
	notJSON := filepath.Join(dir, "bad.json")
	require.NoError(t, os.WriteFile(notJSON, []byte("{"), 0o600))
	base := []string{"plan", "--client", exampleClient}
	tests := []struct {
		name   string
		args   []string
		stdin  string
		code   int
		stderr string
	}{
		{"no client", []string{"plan", "--existing", exampleExisting, "--request", exampleRequest}, "", exitUsage, "--client is required"},
		{"no existing", append(base, "--request", exampleRequest), "", exitUsage, "--existing is required"},
		{"no request", append(base, "--existing", exampleExisting), "", exitUsage, "--request is required"},
		{"both stdin", append(base, "--existing", "-", "--request", "-"), "", exitUsage, "only one of --existing and --request"},
		{"stray argument", append(base, "--existing", exampleExisting, "--request", exampleRequest, "extra"), "", exitUsage, `unexpected argument "extra"`},
		{"bad client id", []string{"plan", "--client", "nope", "--existing", exampleExisting, "--request", exampleRequest}, "", exitUsage, "client id is not a UUID"},
		{"bad --now", append(base, "--now", "yesterday", "--existing", exampleExisting, "--request", exampleRequest), "", exitUsage, "--now"},
		{"missing existing file", append(base, "--existing", filepath.Join(dir, "none.json"), "--request", exampleRequest), "", exitUsage, "no such file"},
		{"existing not JSON", append(base, "--existing", notJSON, "--request", exampleRequest), "", exitUsage, "malformed JSON"},
		{"request not JSON", append(base, "--existing", exampleExisting, "--request", notJSON), "", exitInvalid, "malformed JSON"},
		{"empty stdin", append(base, "--existing", exampleExisting, "--request", "-"), "", exitUsage, "standard input is empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runCLI(t, tt.stdin, tt.args...)
			assert.Equal(t, tt.code, r.code, r.stdout+r.stderr)
			assert.Contains(t, r.stderr, tt.stderr)
		})
	}
}

func TestPlanHelp(t *testing.T) {
	r := runCLI(t, "", "plan", "--help")
	assert.Equal(t, exitOK, r.code)
	assert.Contains(t, r.stderr, "--match-existing")
	assert.Contains(t, r.stderr, "examples/sync-request.json")
}
