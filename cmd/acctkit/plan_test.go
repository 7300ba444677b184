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
	exampleRequest  = "../../examples/artu-sync-request.json"
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
    label: "payroll" -> "payroll 2026"
~ update 0b7f3a52-6f1e-4a8e-9d61-2c3b4a5d6e01 MX "Banamex" **************7771 (primary_demoted)
    isPrimary: true -> false
- delete 0b7f3a52-6f1e-4a8e-9d61-2c3b4a5d6e03 DE "Commerzbank" DE89**************3000 (requested, items[2])
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
	// A request that does not decode is not planned: only its decoding
	// problems are reported, not rules that would follow from them.
	req := `{"items":[{"id":"0b7f3a52-6f1e-4a8e-9d61-2c3b4a5d6eff","label":"x"},{"clientId":"` + exampleClient + `","accountNumber":"1","bankName":"X","country":"MX","currency":"MXN","clabe":"002010077777777779"}]}`
	r := runCLI(t, req, "plan", "--client", exampleClient, "--existing", exampleExisting, "--request", "-")
	assert.Equal(t, exitInvalid, r.code)
	assert.Contains(t, r.stdout, "items[1].clabe\tchecksum\t")
	assert.NotContains(t, r.stdout, "not_found")
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

	// One that decodes is planned, and the plan's problems are reported.
	req = `{"items":[{"id":"0b7f3a52-6f1e-4a8e-9d61-2c3b4a5d6eff","label":"x"}]}`
	r = runCLI(t, req, "plan", "--client", exampleClient, "--existing", exampleExisting, "--request", "-")
	assert.Equal(t, exitInvalid, r.code)
	assert.Contains(t, r.stdout, "items[0].id\tnot_found\t")
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
		{"empty existing", append(base, "--existing", "-", "--request", exampleRequest), "", exitUsage, "standard input:1:1: malformed JSON: unexpected end of JSON input (byte offset 0)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runCLI(t, tt.stdin, tt.args...)
			assert.Equal(t, tt.code, r.code, r.stdout+r.stderr)
			assert.Contains(t, r.stderr, tt.stderr)
		})
	}
}

// A request that is not JSON is an invalid request (exit 1), reported
// with its position, or as the 400 problem body with --json.
func TestPlanMalformedRequest(t *testing.T) {
	args := []string{"plan", "--client", exampleClient, "--existing", exampleExisting, "--request", "-"}
	r := runCLI(t, "{\n  \"items\": [}", args...)
	assert.Equal(t, exitInvalid, r.code)
	assert.Equal(t, "standard input:2:13: malformed JSON: invalid character '}' looking for beginning of value (byte offset 14)\n", r.stdout)

	r = runCLI(t, "", append(args, "--json")...)
	assert.Equal(t, exitInvalid, r.code)
	assert.JSONEq(t, `{"type":"https://acctkit.dev/problems/malformed-json","title":"Your request body is not valid JSON.","status":400,
		"detail":"unexpected end of JSON input at line 1, column 1 (byte offset 0)","code":"malformed_json","line":1,"column":1,"offset":0}`, r.stdout)
}

func TestPlanHelp(t *testing.T) {
	r := runCLI(t, "", "plan", "--help")
	assert.Equal(t, exitOK, r.code)
	assert.Empty(t, r.stderr)
	for _, flag := range []string{"--client UUID", "--existing FILE", "--request FILE", "--match-existing", "--json", "--mask", "--now TIME", "--seed N", "--help"} {
		assert.Contains(t, r.stdout, "\n  "+flag+" ", flag)
	}
	assert.NotRegexp(t, `(^|\s)-[a-z]{2,}`, r.stdout, "flags are spelled with two dashes")
	assert.Contains(t, r.stdout, "examples/artu-sync-request.json")
}

// The same inputs, --now and --seed give the same bytes; another seed
// gives other ids.
func TestPlanSeed(t *testing.T) {
	args := func(seed string, extra ...string) []string {
		return append([]string{"plan", "--client", exampleClient, "--existing", exampleExisting, "--request", exampleRequest,
			"--now", "2026-11-21T12:00:00Z", "--seed", seed}, extra...)
	}
	for _, extra := range [][]string{nil, {"--json"}} {
		a, b := runCLI(t, "", args("42", extra...)...), runCLI(t, "", args("42", extra...)...)
		require.Equal(t, exitOK, a.code, a.stderr)
		assert.Equal(t, a.stdout, b.stdout)
		c := runCLI(t, "", args("43", extra...)...)
		assert.NotEqual(t, a.stdout, c.stdout)
		assert.Len(t, uuidRE.FindAllString(a.stdout, -1), len(uuidRE.FindAllString(c.stdout, -1)))
	}
	r := runCLI(t, "", args("x")...)
	assert.Equal(t, exitUsage, r.code)
	assert.Contains(t, r.stderr, `invalid value "x" for --seed: want an integer`)
}

func TestSeededIDs(t *testing.T) {
	next := seededIDs(-7)
	seen := map[string]bool{}
	for range 1000 {
		id := next()
		require.Regexp(t, uuidRE, id)
		require.Len(t, id, 36)
		require.False(t, seen[id])
		seen[id] = true
	}
	assert.Equal(t, seededIDs(-7)(), seededIDs(-7)())
	assert.NotEqual(t, seededIDs(1)(), seededIDs(2)())
}

// --mask masks the account identifiers of the JSON response; the text
// plan masks them always.
func TestPlanMask(t *testing.T) {
	base := []string{"plan", "--json", "--seed", "1", "--client", exampleClient, "--existing", exampleExisting, "--request", exampleRequest}
	plain := runCLI(t, "", base...)
	require.Equal(t, exitOK, plain.code, plain.stderr)
	assert.Contains(t, plain.stdout, `"accountNumber": "014320655012345670"`)
	masked := runCLI(t, "", append(base, "--mask")...)
	require.Equal(t, exitOK, masked.code, masked.stderr)
	assert.NotContains(t, masked.stdout, "014320655012345670")
	assert.Contains(t, masked.stdout, `"accountNumber": "**************5670"`)
	assert.Contains(t, masked.stdout, `"clabe": "**************5670"`)
	assert.Contains(t, masked.stdout, `"externalId": "***-004"`)
	// Only the masked members differ: the rest keeps its order and bytes.
	assert.Equal(t, strings.Count(plain.stdout, "\n"), strings.Count(masked.stdout, "\n"))
	var v any
	require.NoError(t, json.Unmarshal([]byte(masked.stdout), &v))
}

func TestMaskJSONAccounts(t *testing.T) {
	in := `{"accountNumber":"123456789012","note":"\"accountNumber\": \"123456789012\"","clabe" : "002010077777777771","x":{"externalId":"erp\"-42"}}`
	assert.Equal(t, `{"accountNumber":"********9012","note":"\"accountNumber\": \"123456789012\"","clabe" : "**************7771","x":{"externalId":"***\"-42"}}`,
		string(maskJSONAccounts([]byte(in))))
}
