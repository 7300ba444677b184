package server_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/acctkit/acctkit/idempotency/pgstore"
	"github.com/acctkit/acctkit/internal/server"
	"github.com/acctkit/acctkit/internal/testservers"
)

// A private PostgreSQL server killed while a 250-item sync runs: the sync
// is applied whole or not at all, and the client's retry with the same key
// applies it exactly once. The kill lands at a different moment each round.
func TestPostgresKilledMidSync(t *testing.T) {
	if os.Getenv("ACCTKIT_RESTART_TESTS") != "1" {
		t.Skip("ACCTKIT_RESTART_TESTS is not 1: this test starts and kills a PostgreSQL server of its own; .ci/run sets it")
	}
	pg := testservers.StartPostgres(t)
	db, err := sql.Open("pgx", pg.URL())
	require.NoError(t, err)
	t.Cleanup(func() { db.Close() })
	ctx := context.Background()
	keys, err := pgstore.New(db, pgstore.Options{})
	require.NoError(t, err)
	require.NoError(t, keys.Migrate(ctx))
	backend, err := server.NewPostgres(ctx, db, keys)
	require.NoError(t, err)
	s, err := server.New(server.Config{Backend: backend, Idempotency: keys, Lease: 3 * time.Second})
	require.NoError(t, err)
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(ts.Close)

	client := newClient()
	base := len(seedAccounts(t, ts.URL, client, 2000))
	url := ts.URL + "/clients/" + client + "/bank-accounts/sync"
	count := func() int {
		for range 100 {
			r := call(t, "GET", ts.URL+"/clients/"+client+"/bank-accounts", "load", "")
			if r.status == 200 {
				var accounts []json.RawMessage
				require.NoError(t, json.Unmarshal(r.body, &accounts))
				return len(accounts)
			}
			time.Sleep(100 * time.Millisecond)
		}
		require.FailNow(t, "the server did not answer a read within 10s of the restart")
		return 0
	}
	for round, delay := range []time.Duration{0, 2 * time.Millisecond, 10 * time.Millisecond, 40 * time.Millisecond} {
		key := newClient()
		items := make([]string, 250)
		for i := range items {
			items[i] = fmt.Sprintf(`{"clientId": "%s", "accountNumber": "9%02d%06d", "bankName": "B", "country": "US", "currency": "USD"}`, client, round, i)
		}
		body := `{"items": [` + strings.Join(items, ",") + `]}`
		first := make(chan response, 1)
		go func() { first <- post(t, url, body, key) }()
		time.Sleep(delay)
		pg.Kill()
		r := <-first
		pg.Start()
		n := count()
		t.Logf("round %d: kill after %v: first answer %d, %d of 250 applied before the retry", round, delay, r.status, n-base)
		require.True(t, n == base || n == base+250, "round %d: %d accounts, want %d or %d: a sync is applied whole or not at all (first answer %d)", round, n, base, base+250, r.status)

		deadline := time.Now().Add(20 * time.Second)
		for r.status != 200 && time.Now().Before(deadline) {
			time.Sleep(200 * time.Millisecond)
			r = post(t, url, body, key)
		}
		require.Equal(t, 200, r.status, "round %d: the retry with the same key succeeds: %s", round, r.body)
		assert.Len(t, r.json(t)["created"], 250)
		base += 250
		assert.Equal(t, base, count(), "round %d: applied exactly once", round)
	}
}
