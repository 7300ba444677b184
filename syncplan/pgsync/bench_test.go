package pgsync_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/acctkit/acctkit/account"
	"github.com/acctkit/acctkit/account/artu"
	"github.com/acctkit/acctkit/syncplan/pgsync"
)

// BenchmarkSync250 runs a sync of 250 label updates against a client with
// 10,000 accounts: lock, read the accounts (or, with the cache, one version
// number), plan, one UPDATE of 250 rows, commit.
func BenchmarkSync250(b *testing.B) {
	base, db := newStore(b)
	for _, records := range []int{0, 100_000} {
		s, err := pgsync.New(db, pgsync.Options{Table: base.Table(), CacheRecords: records})
		require.NoError(b, err)
		s = s.WithScope(fmt.Sprint(records))
		b.Run(fmt.Sprintf("cache=%d", records), func(b *testing.B) { benchSync250(b, s) })
	}
}

func benchSync250(b *testing.B, s *pgsync.Store) {
	ids := seed(b, s, 10_000)
	reqs := [2]artu.SyncRequest{}
	for r := range reqs {
		items := make([]string, artu.MaxSyncItems)
		for i := range items {
			items[i] = fmt.Sprintf(`{"id": "%s", "label": "round %d"}`, ids[i*40], r)
		}
		require.NoError(b, account.Decode([]byte(`{"items": [`+strings.Join(items, ",")+`]}`), &reqs[r]))
	}
	ctx := context.Background()
	i := 0
	for b.Loop() {
		plan, err := s.Sync(ctx, client, reqs[i%2], pgsync.SyncOptions{})
		require.NoError(b, err, "Sync")
		require.Len(b, plan.Changes, artu.MaxSyncItems)
		i++
	}
}

func seed(tb testing.TB, s *pgsync.Store, n int) []string {
	ctx := context.Background()
	var ids []string
	for start := 0; start < n; start += artu.MaxSyncItems {
		var items []string
		for i := start; i < min(n, start+artu.MaxSyncItems); i++ {
			items = append(items, fmt.Sprintf(`{"clientId": "%s", "accountNumber": "%09d", "bankName": "Bank",
				"country": "US", "currency": "USD", "externalId": "erp-%d"}`, client, i, i))
		}
		var req artu.SyncRequest
		require.NoError(tb, account.Decode([]byte(`{"items": [`+strings.Join(items, ",")+`]}`), &req))
		plan, err := s.Sync(ctx, client, req, pgsync.SyncOptions{})
		require.NoError(tb, err)
		for _, c := range plan.Changes {
			ids = append(ids, c.After.ID)
		}
	}
	return ids
}
