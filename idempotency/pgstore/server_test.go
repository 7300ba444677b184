package pgstore_test

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net"
	"sync/atomic"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/stretchr/testify/require"

	"github.com/acctkit/acctkit/idempotency/internal/storetesting"
	"github.com/acctkit/acctkit/idempotency/pgstore"
)

// postgresURL returns the test server's URL, or skips the test when
// ACCTKIT_POSTGRES_URL is not set.
func postgresURL(t testing.TB) string {
	t.Helper()
	return storetesting.Env(t, "ACCTKIT_POSTGRES_URL", "PostgreSQL server", "postgres://postgres@127.0.0.1:5432/acctkit_test?sslmode=disable")
}

// openDB opens url through pgx's database/sql adapter. A non-nil trips
// counts round trips: every switch from reading to writing on a connection
// is one request sent after a reply was awaited. params are set on every
// session.
func openDB(t testing.TB, url string, trips *atomic.Int64, params ...string) *sql.DB {
	t.Helper()
	cfg, err := pgx.ParseConfig(url)
	require.NoError(t, err)
	for i := 0; i+1 < len(params); i += 2 {
		cfg.RuntimeParams[params[i]] = params[i+1]
	}
	var opts []stdlib.OptionOpenDB
	if trips != nil {
		dial := cfg.DialFunc
		cfg.DialFunc = func(ctx context.Context, network, addr string) (net.Conn, error) {
			c, err := dial(ctx, network, addr)
			if err != nil {
				return nil, err
			}
			return &countingConn{Conn: c, trips: trips}, nil
		}
		// The adapter pings a connection idle for over a second before
		// reusing it; that is not the store's round trip.
		opts = append(opts, stdlib.OptionShouldPing(func(context.Context, stdlib.ShouldPingParams) bool { return false }))
	}
	db := stdlib.OpenDB(*cfg, opts...)
	t.Cleanup(func() { db.Close() })
	return db
}

type countingConn struct {
	net.Conn
	trips   *atomic.Int64
	writing atomic.Bool
}

func (c *countingConn) Write(p []byte) (int, error) {
	if !c.writing.Swap(true) {
		c.trips.Add(1)
	}
	return c.Conn.Write(p)
}

func (c *countingConn) Read(p []byte) (int, error) {
	c.writing.Store(false)
	return c.Conn.Read(p)
}

// uniqueTable returns a table name no other test run uses.
func uniqueTable() string {
	var b [6]byte
	rand.Read(b[:])
	return "idem_test_" + hex.EncodeToString(b[:])
}

// newStore returns a migrated store on a fresh table of db that is dropped
// when the test ends.
func newStore(t testing.TB, db *sql.DB) *pgstore.Store {
	t.Helper()
	s, err := pgstore.New(db, pgstore.Options{Table: uniqueTable()})
	require.NoError(t, err)
	require.NoError(t, s.Migrate(context.Background()))
	t.Cleanup(func() { dropTable(t, db, s.Table()) })
	return s
}

func dropTable(t testing.TB, db *sql.DB, table string) {
	t.Helper()
	for _, name := range []string{table, table + "_version"} {
		if _, err := db.Exec(`DROP TABLE IF EXISTS "` + name + `"`); err != nil {
			t.Logf("dropping test table %s: %v", name, err)
		}
	}
}
