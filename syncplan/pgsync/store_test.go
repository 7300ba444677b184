package pgsync_test

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"sort"
	"sync"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/acctkit/acctkit/account"
	"github.com/acctkit/acctkit/account/artu"
	"github.com/acctkit/acctkit/syncplan"
	"github.com/acctkit/acctkit/syncplan/pgsync"
)

// newStore returns a Store on a table of its own in ACCTKIT_POSTGRES_URL's
// database, dropped when the test ends.
func newStore(t testing.TB) (*pgsync.Store, *sql.DB) {
	t.Helper()
	url := os.Getenv("ACCTKIT_POSTGRES_URL")
	if url == "" {
		t.Skip("ACCTKIT_POSTGRES_URL is not set: these tests need a PostgreSQL server, e.g. ACCTKIT_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable (see README, Integration tests)")
	}
	db, err := sql.Open("pgx", url)
	require.NoError(t, err)
	t.Cleanup(func() { db.Close() })
	var suffix [6]byte
	rand.Read(suffix[:])
	table := "pgsync_test_" + hex.EncodeToString(suffix[:])
	s, err := pgsync.New(db, pgsync.Options{Table: table})
	require.NoError(t, err)
	require.NoError(t, s.Migrate(context.Background()))
	t.Cleanup(func() {
		db.Exec(`DROP TABLE IF EXISTS "` + table + `", "` + table + `_version"`)
	})
	return s, db
}

const client = "8a6e0804-2bd0-4672-b79d-d97027f9071a"

func request(t *testing.T, body string) artu.SyncRequest {
	t.Helper()
	var req artu.SyncRequest
	require.NoError(t, account.Decode([]byte(body), &req))
	return req
}

// fixed makes plans reproducible: a clock that moves on by a millisecond
// per call, plus some nanoseconds the store must drop, and ids in sequence.
func fixed() syncplan.Options {
	var mu sync.Mutex
	now, n := time.Date(2026, 12, 2, 9, 0, 0, 123456789, time.UTC), 0
	return syncplan.Options{
		Now: func() time.Time { mu.Lock(); defer mu.Unlock(); now = now.Add(time.Millisecond); return now },
		NewID: func() string {
			mu.Lock()
			defer mu.Unlock()
			n++
			return fmt.Sprintf("00000000-0000-4000-8000-%012d", n)
		},
	}
}

func TestSyncAppliesThePlan(t *testing.T) {
	s, _ := newStore(t)
	ctx := context.Background()
	opts := pgsync.SyncOptions{Plan: fixed()}

	first, err := s.Sync(ctx, client, request(t, `{"items": [
		{"clientId": "`+client+`", "accountNumber": "014320655012345670", "bankName": "Santander",
		 "country": "MX", "currency": "MXN", "clabe": "014320655012345670", "isPrimary": true, "isActive": true,
		 "externalId": "erp-1", "metadata": {"n": 1.50, "big": 123456789012345678901234567890, "s": "é"}},
		{"clientId": "`+client+`", "accountNumber": "0532013000", "bankName": "Commerzbank",
		 "country": "DE", "currency": "EUR", "label": "ops", "type": "savings"}]}`), opts)
	require.NoError(t, err)
	require.Equal(t, 2, first.Count(syncplan.Create))
	want, err := first.Apply(nil)
	require.NoError(t, err)
	got, err := s.Accounts(ctx, client)
	require.NoError(t, err)
	assert.Equal(t, want, got, "the table holds what the plan created, metadata byte for byte, times to the microsecond")
	assert.Equal(t, `1.50`, string(got[0].Metadata["n"]))

	second, err := s.Sync(ctx, client, request(t, `{"items": [
		{"id": "`+want[1].ID+`", "isPrimary": true, "isActive": true, "label": "payroll"},
		{"id": "`+want[0].ID+`", "_delete": true},
		{"clientId": "`+client+`", "accountNumber": "12345678", "bankName": "Chase",
		 "country": "US", "currency": "USD", "bankCode": "021000021", "externalId": "erp-1"}]}`), opts)
	require.NoError(t, err)
	want, err = second.Apply(want)
	require.NoError(t, err)
	sort.Slice(want, func(i, j int) bool { return want[i].ID < want[j].ID })
	got, err = s.Accounts(ctx, client)
	require.NoError(t, err)
	assert.Equal(t, want, got, "an externalId a deleted account gave up is free in the same sync")
	assert.Equal(t, []string{want0ID(t, second)}, second.Response().Deleted)

	other, err := s.Accounts(ctx, "11111111-1111-4111-8111-111111111111")
	require.NoError(t, err)
	assert.Empty(t, other)
	other, err = s.WithScope("tenant-b").Accounts(ctx, client)
	require.NoError(t, err)
	assert.Empty(t, other, "another scope does not see the client's accounts")
}

// One client id in two scopes is two clients: the same natural key and
// externalId in both, and a primary in each.
func TestScopesAreSeparate(t *testing.T) {
	s, _ := newStore(t)
	ctx := context.Background()
	body := `{"items": [{"clientId": "` + client + `", "accountNumber": "1", "bankName": "A", "country": "US",
		"currency": "USD", "externalId": "x", "isPrimary": true, "isActive": true, "metadata": {}}]}`
	for _, scope := range []string{"live", "test"} {
		_, err := s.WithScope(scope).Sync(ctx, client, request(t, body), pgsync.SyncOptions{})
		require.NoError(t, err, scope)
	}
	for _, scope := range []string{"live", "test"} {
		got, err := s.WithScope(scope).Accounts(ctx, client)
		require.NoError(t, err)
		require.Len(t, got, 1, scope)
		assert.NotNil(t, got[0].Metadata, "an empty metadata object stays an object")
	}
	got, err := s.Accounts(ctx, client)
	require.NoError(t, err)
	assert.Empty(t, got)
}

func want0ID(t *testing.T, p *syncplan.Plan) string {
	t.Helper()
	for _, c := range p.Changes {
		if c.Action == syncplan.Delete {
			return c.Before.ID
		}
	}
	require.FailNow(t, "the plan deletes nothing")
	return ""
}

func TestSyncRefusedChangesNothing(t *testing.T) {
	s, _ := newStore(t)
	ctx := context.Background()
	_, err := s.Sync(ctx, client, request(t, `{"items": [
		{"clientId": "`+client+`", "accountNumber": "1", "bankName": "A", "country": "US", "currency": "USD"},
		{"clientId": "`+client+`", "accountNumber": "1", "bankName": "A", "country": "US", "currency": "USD"}]}`),
		pgsync.SyncOptions{Plan: fixed()})
	var ve *account.ValidationError
	require.ErrorAs(t, err, &ve, "a duplicate natural key is the planner's 422")
	got, err := s.Accounts(ctx, client)
	require.NoError(t, err)
	assert.Empty(t, got)

	boom := errors.New("idempotency store refused")
	_, err = s.Sync(ctx, client, request(t, `{"items": [
		{"clientId": "`+client+`", "accountNumber": "1", "bankName": "A", "country": "US", "currency": "USD"}]}`),
		pgsync.SyncOptions{Plan: fixed(), BeforeCommit: func(ctx context.Context, tx *sql.Tx, p *syncplan.Plan) error {
			var n int
			require.NoError(t, tx.QueryRowContext(ctx, `SELECT count(*) FROM "`+s.Table()+`"`).Scan(&n))
			assert.Equal(t, 1, n, "BeforeCommit sees the applied plan in its transaction")
			return boom
		}})
	require.ErrorIs(t, err, boom)
	got, err = s.Accounts(ctx, client)
	require.NoError(t, err)
	assert.Empty(t, got, "an error in BeforeCommit rolls the sync back")
}

// Twenty syncs of one client at once, each creating an account and making
// it the primary: without the client lock two would plan from the same
// state and one would fail on the one-primary index.
func TestConcurrentSyncsOfOneClientSerialize(t *testing.T) {
	s, _ := newStore(t)
	ctx := context.Background()
	const n = 20
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Go(func() {
			_, errs[i] = s.Sync(ctx, client, request(t, fmt.Sprintf(`{"items": [{"clientId": "%s",
				"accountNumber": "%d", "bankName": "A", "country": "US", "currency": "USD",
				"isPrimary": true, "isActive": true}]}`, client, 1000+i)), pgsync.SyncOptions{})
		})
	}
	wg.Wait()
	for _, err := range errs {
		require.NoError(t, err)
	}
	got, err := s.Accounts(ctx, client)
	require.NoError(t, err)
	require.Len(t, got, n)
	primaries := 0
	for _, a := range got {
		if a.IsPrimary {
			primaries++
		}
	}
	assert.Equal(t, 1, primaries, "some serial order of the syncs: the last one's account is the primary")
}

func TestSyncsOfOtherClientsDoNotWait(t *testing.T) {
	s, _ := newStore(t)
	ctx := context.Background()
	holding, release := make(chan struct{}), make(chan struct{})
	done := make(chan error, 1)
	go func() {
		_, err := s.Sync(ctx, client, request(t, `{"items": []}`), pgsync.SyncOptions{
			BeforeCommit: func(context.Context, *sql.Tx, *syncplan.Plan) error {
				close(holding)
				<-release
				return nil
			}})
		done <- err
	}()
	<-holding
	other := "22222222-2222-4222-8222-222222222222"
	ctxOther, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	_, err := s.Sync(ctxOther, other, request(t, `{"items": [{"clientId": "`+other+`",
		"accountNumber": "1", "bankName": "A", "country": "US", "currency": "USD"}]}`), pgsync.SyncOptions{})
	require.NoError(t, err, "another client's sync runs while the first client's lock is held")
	close(release)
	require.NoError(t, <-done)
}

func TestMigrateAndDDL(t *testing.T) {
	s, db := newStore(t)
	ctx := context.Background()
	require.NoError(t, s.Migrate(ctx), "a second Migrate is a no-op")
	var version int
	require.NoError(t, db.QueryRowContext(ctx, `SELECT max(version) FROM "`+s.Table()+`_version"`).Scan(&version))
	assert.Equal(t, pgsync.SchemaVersion, version)

	other, err := pgsync.New(db, pgsync.Options{Table: "acct.accounts"})
	require.NoError(t, err)
	ddl := other.DDL()
	assert.Contains(t, ddl, `CREATE TRIGGER "accounts_bump_update" AFTER UPDATE ON "acct"."accounts"`)
	assert.Contains(t, ddl, `CREATE TABLE "acct"."accounts"`)
	_, err = pgsync.New(db, pgsync.Options{Table: "Accounts; DROP"})
	assert.ErrorIs(t, err, pgsync.ErrTableName)

	// The DDL alone makes a table Sync works on.
	fresh, err := pgsync.New(db, pgsync.Options{Table: s.Table() + "_ddl"})
	require.NoError(t, err)
	_, err = db.ExecContext(ctx, fresh.DDL())
	require.NoError(t, err)
	t.Cleanup(func() { db.Exec(`DROP TABLE "` + fresh.Table() + `"`) })
	_, err = fresh.Sync(ctx, client, request(t, `{"items": [{"clientId": "`+client+`", "accountNumber": "1",
		"bankName": "A", "country": "US", "currency": "USD"}]}`), pgsync.SyncOptions{})
	require.NoError(t, err)
}
