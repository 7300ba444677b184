package pgstore_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/acctkit/acctkit/idempotency"
	"github.com/acctkit/acctkit/idempotency/internal/storetesting"
	"github.com/acctkit/acctkit/idempotency/pgstore"
	"github.com/acctkit/acctkit/idempotency/storetest"
)

func TestConformance(t *testing.T) {
	db := openDB(t, postgresURL(t), nil)
	db.SetMaxOpenConns(32)
	s := newStore(t, db)
	storetest.Run(t, func(t *testing.T) (idempotency.Store, storetest.Clock) {
		return s, storetest.RealClock{}
	})
}

// TestConformanceSerializable runs the suite on sessions whose default
// isolation is SERIALIZABLE, where concurrent claims of one key fail with
// serialization errors that the store retries.
func TestConformanceSerializable(t *testing.T) {
	db := openDB(t, postgresURL(t), nil, "default_transaction_isolation", "serializable")
	db.SetMaxOpenConns(32)
	var level string
	require.NoError(t, db.QueryRow(`SHOW transaction_isolation`).Scan(&level))
	require.Equal(t, "serializable", level)
	s := newStore(t, db)
	storetest.Run(t, func(t *testing.T) (idempotency.Store, storetest.Clock) {
		return s, storetest.RealClock{}
	})
}

func TestTableName(t *testing.T) {
	db, err := sql.Open("pgx", "postgres://unused") // New does not touch the database
	require.NoError(t, err)
	defer db.Close()
	for name, want := range map[string]string{
		"":                 "idempotency_keys",
		"idem":             "idem",
		"_x9":              "_x9",
		"acct.idempotency": "acct.idempotency",
		"s.t":              "s.t",
		"a23456789012345678901234567890123456789b": "a23456789012345678901234567890123456789b",
	} {
		s, err := pgstore.New(db, pgstore.Options{Table: name})
		require.NoError(t, err, name)
		assert.Equal(t, want, s.Table())
	}
	for name, want := range map[string]string{
		"Idem":      `pgstore.New: invalid table name "Idem": byte 0 ('I') is not allowed; use a lower-case letter or underscore, then letters, digits and underscores, optionally as schema.table`,
		"9lives":    `pgstore.New: invalid table name "9lives": byte 0 ('9') is not allowed; use a lower-case letter or underscore, then letters, digits and underscores, optionally as schema.table`,
		`x"; drop`:  `pgstore.New: invalid table name "x\"; drop": byte 1 ('"') is not allowed; use a lower-case letter or underscore, then letters, digits and underscores, optionally as schema.table`,
		"a.b.c":     `pgstore.New: invalid table name "a.b.c": byte 3 ('.') is not allowed; use a lower-case letter or underscore, then letters, digits and underscores, optionally as schema.table`,
		"s.":        `pgstore.New: invalid table name "s.": the table name is empty`,
		".t":        `pgstore.New: invalid table name ".t": the schema name is empty`,
		"idem-keys": `pgstore.New: invalid table name "idem-keys": byte 4 ('-') is not allowed; use a lower-case letter or underscore, then letters, digits and underscores, optionally as schema.table`,
		"t\u00e9":   `pgstore.New: invalid table name "té": byte 1 (0xc3) is not allowed; use a lower-case letter or underscore, then letters, digits and underscores, optionally as schema.table`,
		"a2345678901234567890123456789012345678901": `pgstore.New: invalid table name "a2345678901234567890123456789012345678901": the table name is 41 bytes, more than 40`,
	} {
		_, err := pgstore.New(db, pgstore.Options{Table: name})
		require.ErrorIs(t, err, pgstore.ErrTableName, name)
		assert.EqualError(t, err, want)
	}
	_, err = pgstore.New(nil, pgstore.Options{})
	assert.EqualError(t, err, "pgstore.New: db is nil")
}

func TestMigrate(t *testing.T) {
	db := openDB(t, postgresURL(t), nil)
	ctx := context.Background()

	t.Run("idempotent and concurrent", func(t *testing.T) {
		s, err := pgstore.New(db, pgstore.Options{Table: uniqueTable()})
		require.NoError(t, err)
		t.Cleanup(func() { dropTable(t, db, s.Table()) })
		var wg sync.WaitGroup
		errs := make([]error, 8)
		for i := range errs {
			wg.Go(func() { errs[i] = s.Migrate(ctx) })
		}
		wg.Wait()
		for i, err := range errs {
			require.NoError(t, err, "concurrent Migrate %d", i)
		}
		require.NoError(t, s.Migrate(ctx), "a later Migrate")
		var versions []int
		rows, err := db.Query(`SELECT version FROM "` + s.Table() + `_version" ORDER BY version`)
		require.NoError(t, err)
		for rows.Next() {
			var v int
			require.NoError(t, rows.Scan(&v))
			versions = append(versions, v)
		}
		require.NoError(t, rows.Err())
		assert.Equal(t, []int{pgstore.SchemaVersion}, versions, "each version recorded once")
	})

	t.Run("schema too new", func(t *testing.T) {
		s := newStore(t, db)
		_, err := db.Exec(`INSERT INTO "`+s.Table()+`_version" (version) VALUES ($1)`, pgstore.SchemaVersion+1)
		require.NoError(t, err)
		err = s.Migrate(ctx)
		require.ErrorIs(t, err, pgstore.ErrSchemaTooNew)
		assert.Contains(t, err.Error(), fmt.Sprintf("the table is at version %d, this release knows up to %d", pgstore.SchemaVersion+1, pgstore.SchemaVersion))
	})

	t.Run("foreign table of the same name", func(t *testing.T) {
		name := uniqueTable()
		_, err := db.Exec(`CREATE TABLE "` + name + `" (id int)`)
		require.NoError(t, err)
		t.Cleanup(func() { dropTable(t, db, name) })
		s, err := pgstore.New(db, pgstore.Options{Table: name})
		require.NoError(t, err)
		err = s.Migrate(ctx)
		require.Error(t, err)
		assert.Contains(t, err.Error(), "to version 1")
		assert.Contains(t, err.Error(), "already exists")
	})

	t.Run("schema-qualified", func(t *testing.T) {
		schema := uniqueTable()
		_, err := db.Exec(`CREATE SCHEMA "` + schema + `"`)
		require.NoError(t, err)
		t.Cleanup(func() { db.Exec(`DROP SCHEMA "` + schema + `" CASCADE`) })
		s, err := pgstore.New(db, pgstore.Options{Table: schema + ".idem"})
		require.NoError(t, err)
		require.NoError(t, s.Migrate(ctx))
		k := idempotency.Key{Scope: "s", Key: "k"}
		c, err := s.Claim(ctx, k, idempotency.Fingerprint{1}, time.Minute)
		require.NoError(t, err)
		require.Equal(t, idempotency.Acquired, c.Status)
		var n int
		require.NoError(t, db.QueryRow(`SELECT count(*) FROM "`+schema+`".idem`).Scan(&n))
		assert.Equal(t, 1, n)
	})

	t.Run("missing table", func(t *testing.T) {
		s, err := pgstore.New(db, pgstore.Options{Table: uniqueTable()})
		require.NoError(t, err)
		_, err = s.Claim(ctx, idempotency.Key{Key: "k"}, idempotency.Fingerprint{}, time.Minute)
		require.Error(t, err)
		assert.Contains(t, err.Error(), "does not exist; run Migrate first")
	})
}

func TestCompleteTx(t *testing.T) {
	db := openDB(t, postgresURL(t), nil)
	s := newStore(t, db)
	ctx := context.Background()
	fp := idempotency.Fingerprint{7}
	resp := idempotency.Response{Status: http.StatusCreated, Header: http.Header{"Location": {"/payments/1"}}, Body: []byte(`{"id":1}`)}
	_, err := db.Exec(`CREATE TABLE "` + s.Table() + `_payments" (key text PRIMARY KEY)`)
	require.NoError(t, err)
	t.Cleanup(func() { db.Exec(`DROP TABLE "` + s.Table() + `_payments"`) })
	pay := func(tx *sql.Tx, key string) {
		_, err := tx.Exec(`INSERT INTO "`+s.Table()+`_payments" (key) VALUES ($1)`, key)
		require.NoError(t, err)
	}
	paid := func(key string) bool {
		var n int
		require.NoError(t, db.QueryRow(`SELECT count(*) FROM "`+s.Table()+`_payments" WHERE key = $1`, key).Scan(&n))
		return n == 1
	}

	t.Run("commit stores the response with the business write", func(t *testing.T) {
		k := idempotency.Key{Scope: "tenant", Key: "commit"}
		c := storetesting.Claim(t, s, k, fp, time.Minute, idempotency.Acquired)
		tx, err := db.BeginTx(ctx, nil)
		require.NoError(t, err)
		pay(tx, k.Key)
		require.NoError(t, s.CompleteTx(ctx, tx, k, c.Token, resp, time.Hour))

		// Until the commit, a concurrent claim waits on the row lock; then
		// it sees the response, never a half-done state.
		got := make(chan idempotency.Claim, 1)
		go func() {
			c, err := s.Claim(ctx, k, fp, time.Minute)
			assert.NoError(t, err)
			got <- c
		}()
		select {
		case c := <-got:
			require.FailNow(t, "a claim returned while CompleteTx's transaction was open", "status %v", c.Status)
		case <-time.After(200 * time.Millisecond):
		}
		require.NoError(t, tx.Commit())
		c2 := <-got
		require.Equal(t, idempotency.Completed, c2.Status)
		assert.Equal(t, resp.Body, c2.Response.Body)
		assert.True(t, paid(k.Key))
	})

	t.Run("rollback undoes both", func(t *testing.T) {
		k := idempotency.Key{Scope: "tenant", Key: "rollback"}
		c := storetesting.Claim(t, s, k, fp, time.Minute, idempotency.Acquired)
		tx, err := db.BeginTx(ctx, nil)
		require.NoError(t, err)
		pay(tx, k.Key)
		require.NoError(t, s.CompleteTx(ctx, tx, k, c.Token, resp, time.Hour))
		require.NoError(t, tx.Rollback())
		assert.False(t, paid(k.Key))
		storetesting.Claim(t, s, k, fp, time.Minute, idempotency.InProgress)
		// Still held by the same token: the holder may try again.
		require.NoError(t, s.Complete(ctx, k, c.Token, resp, time.Hour))
		storetesting.Claim(t, s, k, fp, time.Minute, idempotency.Completed)
	})

	t.Run("lease checked when the statement runs, not when the transaction began", func(t *testing.T) {
		k := idempotency.Key{Scope: "tenant", Key: "late"}
		tx, err := db.BeginTx(ctx, nil)
		require.NoError(t, err)
		defer tx.Rollback()
		_, err = tx.Exec(`SELECT 1`) // now() is fixed from here on
		require.NoError(t, err)
		c := storetesting.Claim(t, s, k, fp, 100*time.Millisecond, idempotency.Acquired)
		time.Sleep(150 * time.Millisecond)
		err = s.CompleteTx(ctx, tx, k, c.Token, resp, time.Hour)
		require.ErrorIs(t, err, idempotency.ErrNotOwner, "CompleteTx after the lease ran out")
	})

	t.Run("fencing", func(t *testing.T) {
		k := idempotency.Key{Scope: "tenant", Key: "fenced"}
		storetesting.Claim(t, s, k, fp, time.Minute, idempotency.Acquired)
		tx, err := db.BeginTx(ctx, nil)
		require.NoError(t, err)
		defer tx.Rollback()
		err = s.CompleteTx(ctx, tx, k, idempotency.Token{1}, resp, time.Hour)
		require.ErrorIs(t, err, idempotency.ErrNotOwner)
		assert.EqualError(t, s.CompleteTx(ctx, nil, k, idempotency.Token{1}, resp, time.Hour), "pgstore: complete in transaction: tx is nil")
	})
}

func TestKeysAreBytes(t *testing.T) {
	db := openDB(t, postgresURL(t), nil)
	storetesting.KeysAreBytes(t, newStore(t, db))
}

func TestCompleteRejectsUnstorableStatus(t *testing.T) {
	db := openDB(t, postgresURL(t), nil)
	storetesting.CompleteRejectsUnstorableStatus(t, newStore(t, db), "pgstore")
}

func TestSweep(t *testing.T) {
	db := openDB(t, postgresURL(t), nil)
	s := newStore(t, db)
	ctx := context.Background()
	fp := idempotency.Fingerprint{1}
	const expiring, live = 25, 5
	for i := range expiring {
		k := idempotency.Key{Scope: "sweep", Key: fmt.Sprint("expiring-", i)}
		c := storetesting.Claim(t, s, k, fp, time.Minute, idempotency.Acquired)
		if i%2 == 0 { // half expire as leases, half as completed responses
			storetesting.Claim(t, s, idempotency.Key{Scope: "sweep", Key: fmt.Sprint("lease-", i)}, fp, 50*time.Millisecond, idempotency.Acquired)
			require.NoError(t, s.Release(ctx, k, c.Token))
			continue
		}
		require.NoError(t, s.Complete(ctx, k, c.Token, idempotency.Response{Status: 200}, 50*time.Millisecond))
	}
	for i := range live {
		k := idempotency.Key{Scope: "sweep", Key: fmt.Sprint("live-", i)}
		c := storetesting.Claim(t, s, k, fp, time.Minute, idempotency.Acquired)
		if i%2 == 0 {
			require.NoError(t, s.Complete(ctx, k, c.Token, idempotency.Response{Status: 200}, time.Hour))
		}
	}
	time.Sleep(100 * time.Millisecond)
	count := func() int {
		var n int
		require.NoError(t, db.QueryRow(`SELECT count(*) FROM "`+s.Table()+`"`).Scan(&n))
		return n
	}
	require.Equal(t, 13+12+live, count())

	n, err := s.Sweep(ctx, 4) // 25 expired rows: batches of 4,4,4,4,4,4,1
	require.NoError(t, err)
	assert.Equal(t, 25, n)
	assert.Equal(t, live, count(), "only live records remain")
	n, err = s.Sweep(ctx, 4)
	require.NoError(t, err)
	assert.Zero(t, n)
	for i := range live {
		want := idempotency.InProgress
		if i%2 == 0 {
			want = idempotency.Completed
		}
		storetesting.Claim(t, s, idempotency.Key{Scope: "sweep", Key: fmt.Sprint("live-", i)}, fp, time.Minute, want)
	}

	_, err = s.Sweep(ctx, 0)
	assert.EqualError(t, err, "pgstore: sweep: batch 0 is not positive")
	canceled, cancel := context.WithCancel(ctx)
	cancel()
	_, err = s.Sweep(canceled, 10)
	assert.True(t, errors.Is(err, context.Canceled), "Sweep with a canceled context: %v", err)
}

// TestRoundTrips pins the cost the package documents: one round trip per
// call, so two per request (Claim + Complete).
func TestRoundTrips(t *testing.T) {
	var trips atomic.Int64
	db := openDB(t, postgresURL(t), &trips)
	db.SetMaxOpenConns(1)
	s := newStore(t, db)
	k := storetesting.RoundTrips(t, s, &trips)
	assert.Equal(t, int64(1), storetesting.ReplayTrips(t, s, k, &trips), "round trips for a replay")
}

// TestDDL creates the table from DDL, as a migration tool would, and runs
// the conformance suite on it.
func TestDDL(t *testing.T) {
	db := openDB(t, postgresURL(t), nil)
	db.SetMaxOpenConns(32)
	s, err := pgstore.New(db, pgstore.Options{Table: uniqueTable()})
	require.NoError(t, err)
	t.Cleanup(func() { dropTable(t, db, s.Table()) })
	_, err = db.Exec(s.DDL())
	require.NoError(t, err)
	storetest.Run(t, func(t *testing.T) (idempotency.Store, storetest.Clock) {
		return s, storetest.RealClock{}
	})
}
