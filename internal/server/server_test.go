package server_test

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/acctkit/acctkit/internal/server"
)

// backends runs fn against a server on loopback for each back end: memory
// always, PostgreSQL when ACCTKIT_POSTGRES_URL is set (it says so when not).
func backends(t *testing.T, fn func(t *testing.T, base string)) {
	t.Run("memory", func(t *testing.T) { fn(t, start(t, "")) })
	t.Run("postgres", func(t *testing.T) {
		url := os.Getenv("ACCTKIT_POSTGRES_URL")
		if url == "" {
			t.Skip("ACCTKIT_POSTGRES_URL is not set: the PostgreSQL back end needs a server (see README, Integration tests)")
		}
		fn(t, start(t, url))
	})
}

// start runs the server as "acctkit serve" does, on a free loopback port,
// until the test ends.
func start(t testing.TB, postgres string) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	addr := make(chan string, 1)
	done := make(chan error, 1)
	go func() {
		done <- server.Run(ctx, server.RunConfig{Addr: "127.0.0.1:0", Postgres: postgres,
			Listening: func(a string) { addr <- a }})
	}()
	select {
	case a := <-addr:
		t.Cleanup(func() {
			cancel()
			require.NoError(t, <-done)
		})
		return "http://" + a
	case err := <-done:
		cancel()
		require.FailNow(t, "server did not start", "%v", err)
	case <-time.After(30 * time.Second):
		cancel()
		require.FailNow(t, "server did not start within 30s")
	}
	return ""
}

type response struct {
	status int
	header http.Header
	body   []byte
}

func (r response) json(t testing.TB) map[string]any {
	t.Helper()
	var v map[string]any
	require.NoError(t, json.Unmarshal(r.body, &v), string(r.body))
	return v
}

// call sends one request with a bearer token (tenant) and any extra
// headers given as name, value pairs.
func call(t testing.TB, method, url, tenant, body string, headers ...string) response {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	require.NoError(t, err)
	if tenant != "" {
		req.Header.Set("Authorization", "Bearer "+tenant)
	}
	req.Header.Set("Content-Type", "application/json")
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return response{resp.StatusCode, resp.Header, b}
}

func newClient() string {
	var b [16]byte
	rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
}

const mxItem = `{"clientId": "%s", "accountNumber": "014320655012345670", "bankName": "Santander",
	"country": "MX", "currency": "MXN", "clabe": "014320655012345670", "isPrimary": true, "isActive": true, "externalId": "erp-1"}`

func TestSyncEndpoint(t *testing.T) {
	backends(t, func(t *testing.T, base string) {
		client, key := newClient(), newClient()
		url := base + "/clients/" + client + "/bank-accounts/sync"

		r := call(t, "POST", url, "", `{"items": []}`)
		assert.Equal(t, 401, r.status, "no token")
		assert.Equal(t, "application/problem+json", r.header.Get("Content-Type"))

		r = call(t, "POST", url, "tenant-a", `{"items": [`+fmt.Sprintf(mxItem, client)+`]}`, "Idempotency-Key", key)
		require.Equal(t, 200, r.status, string(r.body))
		body := r.json(t)
		created := body["created"].([]any)
		require.Len(t, created, 1)
		rec := created[0].(map[string]any)
		assert.Equal(t, "checking", rec["type"], "the default type")
		assert.Equal(t, "014", rec["codigoBanco"])
		assert.NotEmpty(t, rec["createdAt"])
		assert.Equal(t, []any{}, body["updated"])
		assert.Equal(t, []any{}, body["deleted"])

		again := call(t, "POST", url, "tenant-a", `{"items": [`+fmt.Sprintf(mxItem, client)+`]}`, "Idempotency-Key", key)
		assert.Equal(t, r.body, again.body, "a retry with the key replays byte for byte")
		assert.Equal(t, "true", again.header.Get("Idempotent-Replayed"))

		list := call(t, "GET", base+"/clients/"+client+"/bank-accounts", "tenant-a", "")
		require.Equal(t, 200, list.status)
		var accounts []map[string]any
		require.NoError(t, json.Unmarshal(list.body, &accounts))
		require.Len(t, accounts, 1, "applied once")
		assert.Equal(t, rec, accounts[0])

		r = call(t, "POST", url, "tenant-a", `{"items": [`+fmt.Sprintf(mxItem, client)+`]}`)
		assert.Equal(t, 422, r.status, "the same account again is a duplicate")
		assert.Equal(t, "application/problem+json", r.header.Get("Content-Type"))
		assert.Contains(t, string(r.body), "/items/0/")

		other := call(t, "GET", base+"/clients/"+client+"/bank-accounts", "tenant-b", "")
		assert.Equal(t, "[]", string(other.body), "another tenant sees nothing")
		live := call(t, "GET", base+"/clients/"+client+"/bank-accounts", "tenant-a", "", "X-Environment", "live")
		assert.Equal(t, "[]", string(live.body), "live and test are separate data sets")
		bad := call(t, "GET", base+"/clients/"+client+"/bank-accounts", "tenant-a", "", "X-Environment", "prod")
		assert.Equal(t, 400, bad.status)

		fixKey := newClient()
		r = call(t, "POST", url, "tenant-a", `{"items": [{"id": "`+newClient()+`", "label": "x"}]}`, "Idempotency-Key", fixKey)
		assert.Equal(t, 422, r.status, "an unknown id")
		r = call(t, "POST", url, "tenant-a", `{"items": [{"id": "`+rec["id"].(string)+`", "label": "fixed"}]}`, "Idempotency-Key", fixKey)
		assert.Equal(t, 200, r.status, "a refused request released its key: the corrected one runs: %s", r.body)
		assert.Equal(t, "fixed", r.json(t)["updated"].([]any)[0].(map[string]any)["label"])

		r = call(t, "POST", url, "tenant-a", `{"items": [`)
		assert.Equal(t, 400, r.status, "malformed JSON")
		assert.Equal(t, "application/problem+json", r.header.Get("Content-Type"))
		r = call(t, "POST", base+"/clients/not-a-uuid/bank-accounts/sync", "tenant-a", `{"items": []}`)
		assert.Equal(t, 400, r.status)
	})
}

// Twenty syncs of one client at once, each adding an account and making it
// the primary: the end state is that of some serial order.
func TestConcurrentSyncsOfOneClient(t *testing.T) {
	backends(t, func(t *testing.T, base string) {
		client := newClient()
		var wg sync.WaitGroup
		for i := range 20 {
			wg.Go(func() {
				r := call(t, "POST", base+"/clients/"+client+"/bank-accounts/sync", "t", fmt.Sprintf(`{"items": [{"clientId": "%s",
					"accountNumber": "%d", "bankName": "A", "country": "US", "currency": "USD", "isPrimary": true, "isActive": true}]}`, client, 1000+i))
				assert.Equal(t, 200, r.status, string(r.body))
			})
		}
		wg.Wait()
		var accounts []map[string]any
		require.NoError(t, json.Unmarshal(call(t, "GET", base+"/clients/"+client+"/bank-accounts", "t", "").body, &accounts))
		require.Len(t, accounts, 20)
		primaries := 0
		for _, a := range accounts {
			if a["isPrimary"] == true {
				primaries++
			}
		}
		assert.Equal(t, 1, primaries)
	})
}

const externalAccount = `{
  "account_identifiers": {"number": "78277121"},
  "account_owner_names": ["Jane Smith"],
  "customer_id": "7d943c51-e4ff-4e57-9558-08cab6b963c7",
  "currency": "USD",
  "customer_type": "PERSONAL",
  "metadata": {"n": 1.50},
  "nickname": "Vacation savings",
  "routing_identifiers": {
    "ach_routing_number": "021000021",
    "bank_countries": ["US"],
    "bank_name": "Chase",
    "international_wire_details": {"swift_code": "CHASUS33XXX", "bank_address": {"city": "New York", "country_code": "US"}}
  },
  "type": "CHECKING"
}`

func TestExternalAccountEndpoints(t *testing.T) {
	backends(t, func(t *testing.T, base string) {
		r := call(t, "POST", base+"/v0/external_accounts", "t", externalAccount, "Idempotency-Key", newClient())
		require.Equal(t, 201, r.status, string(r.body))
		created := r.json(t)
		id := created["id"].(string)
		assert.Equal(t, "ACTIVE", created["status"])
		assert.NotEmpty(t, created["creation_time"])
		assert.Equal(t, created["creation_time"], created["last_updated_time"])
		assert.Equal(t, "CHASUS33XXX", created["routing_identifiers"].(map[string]any)["swift_code"], "wire details in the response's flat form")
		assert.Contains(t, string(r.body), `"n":1.50`, "metadata as sent")

		got := call(t, "GET", base+"/v0/external_accounts/"+id, "t", "")
		require.Equal(t, 200, got.status)
		assert.Equal(t, created, got.json(t))
		assert.Equal(t, 404, call(t, "GET", base+"/v0/external_accounts/"+id, "other", "").status, "another tenant")
		assert.Equal(t, 404, call(t, "GET", base+"/v0/external_accounts/"+newClient(), "t", "").status)
		assert.Equal(t, 404, call(t, "GET", base+"/v0/external_accounts/nope", "t", "").status)

		p := call(t, "PATCH", base+"/v0/external_accounts/"+id, "t", `{"nickname": null, "status": "INACTIVE"}`)
		require.Equal(t, 200, p.status, string(p.body))
		patched := p.json(t)
		assert.Equal(t, "INACTIVE", patched["status"])
		assert.Nil(t, patched["nickname"])
		assert.Equal(t, created["creation_time"], patched["creation_time"])
		assert.Equal(t, patched, call(t, "GET", base+"/v0/external_accounts/"+id, "t", "").json(t))

		assert.Equal(t, 422, call(t, "PATCH", base+"/v0/external_accounts/"+id, "t", `{"status": "CLOSED"}`).status)
		assert.Equal(t, 404, call(t, "PATCH", base+"/v0/external_accounts/"+newClient(), "t", `{"status": "ACTIVE"}`).status)

		bad := strings.Replace(externalAccount, `"customer_id"`, `"business_id": "7d943c51-e4ff-4e57-9558-08cab6b963c7", "customer_id"`, 1)
		r = call(t, "POST", base+"/v0/external_accounts", "t", bad)
		assert.Equal(t, 422, r.status, "exactly one of business_id and customer_id")
	})
}

func TestAccountEndpoints(t *testing.T) {
	backends(t, func(t *testing.T, base string) {
		r := call(t, "POST", base+"/v0/accounts", "t", `{"account_type": "CHECKING", "currency": "USD",
			"relationships": [{"customer_id": "3c90c3cc-0d44-4b50-8888-8dd25736052a", "relationship_type": "ACCOUNT_HOLDER"}],
			"spending_limits": {"day": {"amount": 1, "transactions": 1}}}`)
		require.Equal(t, 201, r.status, string(r.body))
		a := r.json(t)
		assert.Equal(t, "ACTIVE", a["access_status"])
		assert.Equal(t, []any{"3c90c3cc-0d44-4b50-8888-8dd25736052a"}, a["customer_ids"])
		number := a["account_number"].(string)
		assert.Len(t, number, 12)
		assert.Equal(t, "********"+number[8:], a["account_number_masked"])
		got := call(t, "GET", base+"/v0/accounts/"+a["id"].(string), "t", "")
		assert.Equal(t, a, got.json(t))
		assert.Equal(t, 404, call(t, "GET", base+"/v0/accounts/"+newClient(), "t", "").status)
	})
}

func TestHealthAndRequestIDs(t *testing.T) {
	base := start(t, "")
	r := call(t, "GET", base+"/healthz", "", "")
	assert.Equal(t, 200, r.status)
	r = call(t, "GET", base+"/readyz", "", "")
	assert.Equal(t, 200, r.status)
	assert.Len(t, r.header.Get("X-Request-Id"), 24)
	r = call(t, "GET", base+"/healthz", "", "", "X-Request-Id", "abc-123")
	assert.Equal(t, "abc-123", r.header.Get("X-Request-Id"))
	r = call(t, "GET", base+"/nope", "t", "")
	assert.Equal(t, 404, r.status)
}
