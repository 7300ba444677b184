package syncplan

import (
	"reflect"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/acctkit/acctkit/account"
	"github.com/acctkit/acctkit/account/artu"
)

// TestPlansAlike: a plan does not depend on what Compute computed before
// (other requests, failed ones, other clients).
func TestPlansAlike(t *testing.T) {
	existing, req := benchInput(1000)
	opts, reset := benchOptions()
	first, err := Compute(client, existing, req, opts)
	require.NoError(t, err)
	bad := req
	bad.Items = append([]artu.SyncItem{{AccountNumber: account.Some("x")}}, req.Items[1:]...)
	for range 3 {
		reset()
		_, err := Compute(client, existing, bad, opts)
		require.Error(t, err)
		reset()
		_, err = Compute(client, existing[:10], artu.SyncRequest{Items: req.Items[:10], ReplaceMode: account.Some(true)}, opts)
		require.NoError(t, err)
	}
	reset()
	again, err := Compute(client, existing, req, opts)
	require.NoError(t, err)
	assert.Equal(t, first, again)
}

// TestComputeConcurrent: goroutines get the plans they would get alone
// (run with -race, it also checks they share no memory).
func TestComputeConcurrent(t *testing.T) {
	existing, req := benchInput(1000)
	want := make([]*Plan, 8)
	for g := range want {
		opts, _ := benchOptions()
		var err error
		want[g], err = Compute(client, existing, artu.SyncRequest{Items: req.Items[g*25 : g*25+50]}, opts)
		require.NoError(t, err)
	}
	got := make([]*Plan, len(want))
	var wg sync.WaitGroup
	for g := range want {
		wg.Go(func() {
			for range 20 {
				opts, _ := benchOptions()
				p, err := Compute(client, existing, artu.SyncRequest{Items: req.Items[g*25 : g*25+50]}, opts)
				if err != nil || !reflect.DeepEqual(p, want[g]) {
					got[g] = p
					return
				}
			}
			got[g] = want[g]
		})
	}
	wg.Wait()
	for g := range want {
		assert.Same(t, want[g], got[g], "goroutine %d", g)
	}
}
