package pgsync_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/acctkit/acctkit/account"
	"github.com/acctkit/acctkit/syncplan"
	"github.com/acctkit/acctkit/syncplan/pgsync"
)

// A cached Store and an uncached one, on the same table in two scopes, fed
// the same requests, give the same plans, errors and accounts.
func TestCachedAndUncachedAgree(t *testing.T) {
	plain, db := newStore(t)
	cachedStore, err := pgsync.New(db, pgsync.Options{Table: plain.Table(), CacheRecords: 1000})
	require.NoError(t, err)
	stores := map[string]*pgsync.Store{"plain": plain.WithScope("a"), "cached": cachedStore.WithScope("b")}
	ctx := context.Background()
	opts := map[string]syncplan.Options{"plain": fixed(), "cached": fixed()}

	item := func(n int, extra string) string {
		return fmt.Sprintf(`{"clientId": "%s", "accountNumber": "%d", "bankName": "B", "country": "US", "currency": "USD"%s}`, client, n, extra)
	}
	var ids []string
	steps := []func() string{
		func() string {
			return `{"items": [` + item(1, `, "isPrimary": true, "isActive": true`) + `, ` + item(2, "") + `, ` + item(3, `, "externalId": "x"`) + `]}`
		},
		func() string { return `{"items": [{"id": "` + ids[1] + `", "label": "two"}]}` },
		func() string { return `{"items": [` + item(2, "") + `]}` }, // a duplicate: refused
		func() string {
			return `{"items": [{"id": "` + ids[2] + `", "_delete": true}, ` + item(4, `, "externalId": "x"`) + `]}`
		},
		func() string { return `{"items": [{"id": "` + ids[1] + `", "isPrimary": true, "isActive": true}]}` },
		func() string { return `{"items": [{"id": "` + ids[0] + `"}], "replaceMode": true}` },
		func() string { return `{"items": [` + item(5, `, "metadata": {"k": [1, 2]}`) + `]}` },
		func() string { return `{"items": []}` },
	}
	for i, step := range steps {
		body := step()
		var plans [2]*syncplan.Plan
		var errs [2]error
		for j, name := range []string{"plain", "cached"} {
			plans[j], errs[j] = stores[name].Sync(ctx, client, request(t, body), pgsync.SyncOptions{Plan: opts[name]})
		}
		require.Equal(t, errs[0] == nil, errs[1] == nil, "step %d: %v / %v", i, errs[0], errs[1])
		if errs[0] != nil {
			assert.Equal(t, errs[0].Error(), errs[1].Error(), "step %d", i)
			continue
		}
		assert.Equal(t, plans[0].Changes, plans[1].Changes, "step %d", i)
		a, err := stores["plain"].Accounts(ctx, client)
		require.NoError(t, err)
		b, err := stores["cached"].Accounts(ctx, client)
		require.NoError(t, err)
		assert.Equal(t, a, b, "step %d", i)
		if i == 0 {
			for _, acct := range a {
				ids = append(ids, acct.ID)
			}
		}
	}
}

// Writes made outside the Store (here plain SQL) bump the client's version:
// the cache is not used past them.
func TestCacheSeesOutsideWrites(t *testing.T) {
	base, db := newStore(t)
	s, err := pgsync.New(db, pgsync.Options{Table: base.Table(), CacheRecords: 1000})
	require.NoError(t, err)
	ctx := context.Background()
	plan, err := s.Sync(ctx, client, request(t, `{"items": [
		{"clientId": "`+client+`", "accountNumber": "1", "bankName": "A", "country": "US", "currency": "USD", "label": "old"},
		{"clientId": "`+client+`", "accountNumber": "2", "bankName": "A", "country": "US", "currency": "USD"}]}`), pgsync.SyncOptions{})
	require.NoError(t, err)
	first, second := plan.Changes[0].After.ID, plan.Changes[1].After.ID

	_, err = db.ExecContext(ctx, `UPDATE "`+s.Table()+`" SET label = 'outside' WHERE id = $1`, first)
	require.NoError(t, err)
	plan, err = s.Sync(ctx, client, request(t, `{"items": [{"id": "`+first+`", "label": "outside"}]}`), pgsync.SyncOptions{})
	require.NoError(t, err)
	assert.Equal(t, 1, plan.Count(syncplan.Unchanged), "the label written outside is seen: nothing to change")

	_, err = db.ExecContext(ctx, `DELETE FROM "`+s.Table()+`" WHERE id = $1`, second)
	require.NoError(t, err)
	_, err = s.Sync(ctx, client, request(t, `{"items": [{"id": "`+second+`", "label": "x"}]}`), pgsync.SyncOptions{})
	var ve *account.ValidationError
	require.ErrorAs(t, err, &ve, "the account deleted outside is gone for the next sync")
	assert.Equal(t, account.CodeNotFound, ve.Errors[0].Code)
}
