package syncplan_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/acctkit/acctkit/account"
	"github.com/acctkit/acctkit/account/artu"
	"github.com/acctkit/acctkit/syncplan"
)

// TestComputeMatchedDuplicateID is the regression test of a case the fuzz
// package found (fuzz/testdata/fuzz/FuzzSyncPlan/0f1b7cac6737676f): with
// MatchExisting, a create matched by externalId an account whose id the
// store holds twice (once under an upper-case client id). Compute planned
// an update of that id, and only Apply noticed, with ErrExisting; Compute
// must refuse it itself, as it does for an id an item names.
func TestComputeMatchedDuplicateID(t *testing.T) {
	const (
		client = "8a6e0804-2bd0-4672-b79d-d97027f9071a"
		dup    = "dddddddd-dddd-4ddd-8ddd-dddddddddddd"
	)
	t0 := time.Date(2024, 1, 15, 9, 30, 0, 0, time.UTC)
	existing := []artu.BankAccount{
		{ID: dup, ClientID: "8A6E0804-2BD0-4672-B79D-D97027F9071A", AccountNumber: "0123456789", BankName: "Banamex",
			Country: "US", Currency: "USD", Type: artu.Checking, IsActive: true, CreatedAt: t0, UpdatedAt: t0},
		{ID: dup, ClientID: client, AccountNumber: "0532013000", BankName: "Commerzbank", Country: "DE", Currency: "EUR",
			Type: artu.Checking, IsActive: true, ExternalID: "erp-1", CreatedAt: t0, UpdatedAt: t0},
	}
	req := artu.SyncRequest{Items: []artu.SyncItem{{
		ClientID: account.Some(client), AccountNumber: account.Some("98765"), BankName: account.Some("Chase"),
		Country: account.Some("US"), Currency: account.Some("USD"), ExternalID: account.Some("erp-1"),
		Label: account.Some("ops"),
	}}}
	n := 0
	opts := syncplan.Options{
		MatchExisting: true,
		Now:           func() time.Time { return t0.Add(time.Hour) },
		NewID:         func() string { n++; return fmt.Sprintf("00000000-0000-4000-8000-%012x", n) },
	}
	p, err := syncplan.Compute(client, existing, req, opts)
	require.ErrorIs(t, err, syncplan.ErrExisting, "plan: %v", p)
	require.Nil(t, p)

	// With the id held once, the same request matches and updates it.
	existing[0].ID = "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa"
	n = 0
	p, err = syncplan.Compute(client, existing, req, opts)
	require.NoError(t, err)
	require.Equal(t, 1, p.Count(syncplan.Update))
	require.Equal(t, syncplan.MatchedExisting, p.Changes[0].Reason)
	require.Equal(t, dup, p.Changes[0].ID())
	_, err = p.Apply(existing)
	require.NoError(t, err)
}
