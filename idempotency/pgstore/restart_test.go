package pgstore_test

import (
	"testing"

	"github.com/acctkit/acctkit/idempotency/internal/storetesting"
	"github.com/acctkit/acctkit/internal/testservers"
)

// TestServerRestart drives the middleware with concurrent clients while the
// server is restarted and then crashed. Requests during the outage get
// 503s; no request runs its handler twice, and every response whose
// Complete succeeded is replayed afterwards.
func TestServerRestart(t *testing.T) {
	storetesting.RestartTests(t, "PostgreSQL cluster (initdb, pg_ctl)")
	c := testservers.StartPostgres(t)
	db := openDB(t, c.URL(), nil)
	s := newStore(t, db)
	storetesting.RunRestarts(t, s, map[string]func(){"restart": c.Restart, "crash": c.Crash})
}

// TestCompleteAcrossOutage kills the server after the handler answered and
// starts it again within the lease: the middleware's retried Complete
// lands, the handler ran once, and the client's retry replays.
func TestCompleteAcrossOutage(t *testing.T) {
	storetesting.RestartTests(t, "PostgreSQL cluster (initdb, pg_ctl)")
	c := testservers.StartPostgres(t)
	db := openDB(t, c.URL(), nil)
	s := newStore(t, db)
	storetesting.CompleteAcrossOutage(t, s, c.Kill, c.Start)
}
