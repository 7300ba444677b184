package syncplan

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/acctkit/acctkit/account"
	"github.com/acctkit/acctkit/account/artu"
)

// benchInput is the benchmark workload: n existing accounts of the client
// (one primary) and a full request of 250 items against them: 100
// creates, 99 label updates, one update making another account primary
// and 50 deletes, spread over the existing accounts.
func benchInput(n int) ([]artu.BankAccount, artu.SyncRequest) {
	return benchMix(n, 100, 100, 50)
}

// benchMix is benchInput with the given numbers of creates, updates (the
// last of them making an account primary) and deletes.
func benchMix(n, creates, updates, deletes int) ([]artu.BankAccount, artu.SyncRequest) {
	existing := manyAccounts(n)
	existing[n/2].IsPrimary = true
	req := artu.SyncRequest{Items: make([]artu.SyncItem, 0, creates+updates+deletes)}
	for i := range creates {
		req.Items = append(req.Items, artu.SyncItem{
			ClientID: account.Some(client), AccountNumber: account.Some(fmt.Sprintf("9%09d", i)),
			BankName: account.Some("Bank of Tests"), BankCode: account.Some("021000021"), Country: account.Some("US"),
			Currency: account.Some("USD"), IsActive: account.Some(true), ExternalID: account.Some(fmt.Sprintf("new-%d", i)),
		})
	}
	step := n / (updates + deletes)
	for i := range updates - 1 {
		req.Items = append(req.Items, artu.SyncItem{ID: account.Some(existing[(i+1)*step].ID), Label: account.Some("payroll")})
	}
	req.Items = append(req.Items, artu.SyncItem{ID: account.Some(existing[1].ID), IsPrimary: account.Some(true)})
	for i := range deletes {
		req.Items = append(req.Items, artu.SyncItem{ID: account.Some(existing[(updates+i)*step+1].ID), Delete: account.Some(true)})
	}
	return existing, req
}

// benchOptions returns options whose NewID hands out the same ids on each
// run, without allocating.
func benchOptions() (Options, func()) {
	ids := make([]string, artu.MaxSyncItems)
	for i := range ids {
		ids[i] = fmt.Sprintf("f0000000-0000-4000-8000-%012x", i)
	}
	next := 0
	return Options{Now: fixed(), NewID: func() string { next++; return ids[next-1] }}, func() { next = 0 }
}

func TestBenchInputPlans(t *testing.T) {
	existing, req := benchInput(1000)
	opts, _ := benchOptions()
	p, err := Compute(client, existing, req, opts)
	require.NoError(t, err)
	assert.Equal(t, "Plan: 100 to create, 101 to update, 50 to delete, 0 unchanged", p.Summary())
}

// TestComputeAllocations: allocations grow with the request, linearly, and
// not with the number of existing accounts (outside replace mode, where
// every unnamed account is a change).
func TestComputeAllocations(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts vary under the race detector (sync.Pool drops items at random)")
	}
	allocs := func(existing []artu.BankAccount, req artu.SyncRequest) float64 {
		// A plan copies the metadata of each record it carries: give
		// every account some, so that which accounts a request touches
		// (it depends on their number) does not matter.
		for i := range existing {
			existing[i].Metadata = map[string]json.RawMessage{"erp": json.RawMessage(`"sap"`)}
		}
		opts, reset := benchOptions()
		return testing.AllocsPerRun(5, func() {
			reset()
			if _, err := Compute(client, existing, req, opts); err != nil {
				t.Fatal(err)
			}
		})
	}
	full, large := allocs(benchInput(1000)), allocs(benchInput(20000))
	half, quarter := allocs(benchMix(1000, 50, 50, 25)), allocs(benchMix(1000, 25, 25, 13))
	t.Logf("allocations: 250 items, 1000 accounts: %v; 20000 accounts: %v; 125 items: %v; 63 items: %v", full, large, half, quarter)
	// The few extra allocations are validator's sync.Pool refilling after
	// a collection.
	assert.InEpsilon(t, full, large, 0.02, "20 times the accounts")
	// Linear: each doubling of the items adds twice what the one before
	// added (the 63-item request is not exactly half of 125, hence 10%).
	assert.InEpsilon(t, 2*(half-quarter), full-half, 0.1, "allocations per item")
}

func BenchmarkCompute(b *testing.B) {
	for _, n := range []int{1000, 10000, 100000} {
		b.Run(fmt.Sprintf("existing=%d", n), func(b *testing.B) {
			existing, req := benchInput(n)
			opts, reset := benchOptions()
			b.ReportAllocs()
			for b.Loop() {
				reset()
				if _, err := Compute(client, existing, req, opts); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkComputeReplace: replace mode, where the plan deletes every
// account the request does not name.
func BenchmarkComputeReplace(b *testing.B) {
	for _, n := range []int{1000, 10000, 100000} {
		b.Run(fmt.Sprintf("existing=%d", n), func(b *testing.B) {
			existing, req := benchInput(n)
			req.ReplaceMode = account.Some(true)
			opts, reset := benchOptions()
			b.ReportAllocs()
			for b.Loop() {
				reset()
				if _, err := Compute(client, existing, req, opts); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkVerify checks the benchmark plan against the accounts it was
// computed from: what a caller does inside its write transaction.
func BenchmarkVerify(b *testing.B) {
	for _, n := range []int{1000, 10000, 100000} {
		b.Run(fmt.Sprintf("existing=%d", n), func(b *testing.B) {
			existing, req := benchInput(n)
			opts, _ := benchOptions()
			p, err := Compute(client, existing, req, opts)
			require.NoError(b, err)
			b.ReportAllocs()
			for b.Loop() {
				if err := p.Verify(existing); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestVerifyAllocations: Verify's allocations depend on the plan, not on
// the number of accounts.
func TestVerifyAllocations(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts vary under the race detector (sync.Pool drops items at random)")
	}
	allocs := func(n int) float64 {
		existing, req := benchInput(n)
		opts, _ := benchOptions()
		p, err := Compute(client, existing, req, opts)
		require.NoError(t, err)
		return testing.AllocsPerRun(5, func() {
			if err := p.Verify(existing); err != nil {
				t.Fatal(err)
			}
		})
	}
	small, large := allocs(1000), allocs(20000)
	t.Logf("allocations: 1000 accounts: %v; 20000 accounts: %v", small, large)
	assert.InEpsilon(t, small, large, 0.02, "20 times the accounts")
}
