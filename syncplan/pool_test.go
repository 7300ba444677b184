package syncplan

import (
	"reflect"
	"slices"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/acctkit/acctkit/account"
)

// TestResetKeepsNothing: a planner going back to the pool holds no data of
// the Compute that used it, whatever fields planner gains: every slice is
// zero up to its capacity, every map empty, everything else zero. One
// planner serves a full request, an invalid one and a small one, as a
// pooled planner would.
func TestResetKeepsNothing(t *testing.T) {
	existing, valid := benchInput(1000)
	// A create that matches an account by natural key and externalId
	// (so the maps of holders fill), in place of another create.
	a := existing[7]
	valid.Items[0] = account.SyncItem{ClientID: account.Some(client), AccountNumber: account.Some(a.AccountNumber),
		BankName: account.Some(a.BankName), Country: account.Some(a.Country), Currency: account.Some(a.Currency), ExternalID: account.Some(a.ExternalID)}
	invalid := valid
	invalid.Items = slices.Clone(valid.Items)
	invalid.Items[1] = account.SyncItem{IsPrimary: account.Some(true)} // errors
	small := valid
	small.Items = valid.Items[:3]
	p := new(planner)
	for _, r := range []account.SyncRequest{valid, invalid, small} {
		opts, _ := benchOptions()
		opts.MatchExisting = true
		p.clientID, p.existing, p.req, p.opts, p.replace = client, existing, r, opts, true
		_, _ = p.plan()
		require.Len(t, p.items, len(r.Items))
		require.NotEmpty(t, p.natHits)
		require.NotEmpty(t, p.extHits)
		require.NotEmpty(t, p.keyBuf)
		p.keyBuf = p.keyBuf[:1] // the last key built can be shorter than the one before
		p.reset()
		assertEmpty(t, reflect.ValueOf(p).Elem(), "planner")
	}
}

func assertEmpty(t *testing.T, v reflect.Value, path string) {
	t.Helper()
	switch v.Kind() {
	case reflect.Slice:
		all := v.Slice(0, v.Cap())
		for i := range all.Len() {
			if !all.Index(i).IsZero() {
				t.Errorf("%s[%d] (beyond length %d) is not zero", path, i, v.Len())
				return
			}
		}
		assert.Zero(t, v.Len(), "%s", path)
	case reflect.Map:
		assert.Zero(t, v.Len(), "%s", path)
	case reflect.Pointer:
		if !v.IsNil() && v.Elem().Kind() == reflect.Struct {
			assertEmpty(t, v.Elem(), path)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			assertEmpty(t, v.Field(i), path+"."+v.Type().Field(i).Name)
		}
	default:
		assert.True(t, v.IsZero(), "%s is not zero", path)
	}
}

// TestPooledPlansAlike: a plan does not depend on what the pooled planner
// computed before (other requests, failed ones, other clients).
func TestPooledPlansAlike(t *testing.T) {
	existing, req := benchInput(1000)
	opts, reset := benchOptions()
	first, err := Compute(client, existing, req, opts)
	require.NoError(t, err)
	bad := req
	bad.Items = append([]account.SyncItem{{AccountNumber: account.Some("x")}}, req.Items[1:]...)
	for range 3 {
		reset()
		_, err := Compute(client, existing, bad, opts)
		require.Error(t, err)
		reset()
		_, err = Compute(client, existing[:10], account.SyncRequest{Items: req.Items[:10], ReplaceMode: account.Some(true)}, opts)
		require.NoError(t, err)
	}
	reset()
	again, err := Compute(client, existing, req, opts)
	require.NoError(t, err)
	assert.Equal(t, first, again)
}

// TestComputeConcurrent: goroutines sharing the pool get the plans they
// would get alone (run with -race, it also checks they share no memory).
func TestComputeConcurrent(t *testing.T) {
	existing, req := benchInput(1000)
	want := make([]*Plan, 8)
	for g := range want {
		opts, _ := benchOptions()
		var err error
		want[g], err = Compute(client, existing, account.SyncRequest{Items: req.Items[g*25 : g*25+50]}, opts)
		require.NoError(t, err)
	}
	got := make([]*Plan, len(want))
	var wg sync.WaitGroup
	for g := range want {
		wg.Go(func() {
			for range 20 {
				opts, _ := benchOptions()
				p, err := Compute(client, existing, account.SyncRequest{Items: req.Items[g*25 : g*25+50]}, opts)
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
