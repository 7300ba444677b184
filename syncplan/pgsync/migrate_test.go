package pgsync

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"os"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/acctkit/acctkit/account"
	"github.com/acctkit/acctkit/account/artu"
	"github.com/acctkit/acctkit/internal/pgschema"
)

// A table made by the first release's schema, with accounts in it, is
// migrated in place to the current one and keeps working, cache included.
func TestMigrateFromVersion1(t *testing.T) {
	url := os.Getenv("ACCTKIT_POSTGRES_URL")
	if url == "" {
		t.Skip("ACCTKIT_POSTGRES_URL is not set: this test needs a PostgreSQL server (see README, Integration tests)")
	}
	db, err := sql.Open("pgx", url)
	require.NoError(t, err)
	t.Cleanup(func() { db.Close() })
	var suffix [6]byte
	rand.Read(suffix[:])
	table := "pgsync_v1_" + hex.EncodeToString(suffix[:])
	t.Cleanup(func() {
		db.Exec(`DROP TABLE IF EXISTS "` + table + `", "` + table + `_version", "` + table + `_clients"`)
		db.Exec(`DROP FUNCTION IF EXISTS "` + table + `_bump"()`)
	})
	ctx := context.Background()
	s, err := New(db, Options{Table: table, CacheRecords: 100})
	require.NoError(t, err)
	require.NoError(t, pgschema.Migrate(ctx, db, "github.com/acctkit/acctkit/syncplan/pgsync", s.table, migrations(s.table)[:1]))

	const client = "8a6e0804-2bd0-4672-b79d-d97027f9071a"
	sync := func(store *Store, body string) {
		t.Helper()
		var req artu.SyncRequest
		require.NoError(t, account.Decode([]byte(body), &req))
		_, err := store.Sync(ctx, client, req, SyncOptions{})
		require.NoError(t, err)
	}
	v1, err := New(db, Options{Table: table}) // no cache: the first release had none
	require.NoError(t, err)
	sync(v1, `{"items": [{"clientId": "`+client+`", "accountNumber": "1", "bankName": "A", "country": "US", "currency": "USD"}]}`)

	require.NoError(t, s.Migrate(ctx))
	var version int
	require.NoError(t, db.QueryRowContext(ctx, `SELECT max(version) FROM "`+table+`_version"`).Scan(&version))
	assert.Equal(t, SchemaVersion, version)
	sync(s, `{"items": [{"clientId": "`+client+`", "accountNumber": "2", "bankName": "A", "country": "US", "currency": "USD"}]}`)
	sync(s, `{"items": [{"clientId": "`+client+`", "accountNumber": "3", "bankName": "A", "country": "US", "currency": "USD"}]}`)
	got, err := s.Accounts(ctx, client)
	require.NoError(t, err)
	assert.Len(t, got, 3, "the account written before the migration is still there")
}
