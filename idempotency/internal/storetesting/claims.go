package storetesting

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/acctkit/acctkit/idempotency"
)

// Claim claims k on s and requires the claim to succeed with status want.
func Claim(t *testing.T, s idempotency.Store, k idempotency.Key, fp idempotency.Fingerprint, lease time.Duration, want idempotency.ClaimStatus) idempotency.Claim {
	t.Helper()
	c, err := s.Claim(context.Background(), k, fp, lease)
	require.NoError(t, err)
	require.Equal(t, want, c.Status, "Claim(%q)", k.Key)
	return c
}

// KeysAreBytes checks that s compares scopes and keys as bytes: invalid
// UTF-8, NUL bytes, and pairs that differ only by case or normalisation are
// all distinct keys.
func KeysAreBytes(t *testing.T, s idempotency.Store) {
	keys := []idempotency.Key{
		{Scope: "\x00", Key: "k"}, {Scope: "", Key: "\x00k"}, {Scope: "\xff\xfe", Key: "k"},
		{Scope: "s", Key: "K"}, {Scope: "s", Key: "k"}, {Scope: "s", Key: "\u00e9"}, {Scope: "s", Key: "e\u0301"},
	}
	for _, k := range keys {
		Claim(t, s, k, idempotency.Fingerprint{1}, time.Minute, idempotency.Acquired)
	}
	for _, k := range keys {
		Claim(t, s, k, idempotency.Fingerprint{1}, time.Minute, idempotency.InProgress)
	}
}

// CompleteRejectsUnstorableStatus checks that s's Complete rejects a
// status that is not 3 digits, with an error starting with pkg, and leaves
// the claim in flight.
func CompleteRejectsUnstorableStatus(t *testing.T, s idempotency.Store, pkg string) {
	k := idempotency.Key{Key: "k"}
	c := Claim(t, s, k, idempotency.Fingerprint{1}, time.Minute, idempotency.Acquired)
	for _, status := range []int{0, 99, 1000, -1} {
		err := s.Complete(context.Background(), k, c.Token, idempotency.Response{Status: status}, time.Hour)
		assert.EqualError(t, err, fmt.Sprintf("%s: complete: response status %d is not a 3-digit HTTP status", pkg, status))
	}
	Claim(t, s, k, idempotency.Fingerprint{1}, time.Minute, idempotency.InProgress)
}

// RoundTrips checks that, once warm, Claim and Complete cost one round
// trip each on s, as counted by trips. The warm-up is a first request on
// a completed key, which RoundTrips returns for the store's own replay
// checks.
func RoundTrips(t *testing.T, s idempotency.Store, trips *atomic.Int64) idempotency.Key {
	t.Helper()
	ctx := context.Background()
	fp := idempotency.Fingerprint{1}
	resp := idempotency.Response{Status: 201, Body: []byte("{}")}
	cycle := func(i int) idempotency.Key {
		k := idempotency.Key{Scope: "rt", Key: fmt.Sprint(i)}
		c, err := s.Claim(ctx, k, fp, time.Minute)
		require.NoError(t, err)
		require.NoError(t, s.Complete(ctx, k, c.Token, resp, time.Hour))
		return k
	}
	// The first run connects and prepares statements or loads scripts.
	k := cycle(0)
	_, err := s.Claim(ctx, k, fp, time.Minute)
	require.NoError(t, err)

	const n = 20
	before := trips.Load()
	for i := 1; i <= n; i++ {
		cycle(i)
	}
	assert.Equal(t, int64(2*n), trips.Load()-before, "round trips for %d Claim+Complete", n)
	return k
}

// ReplayTrips claims k, which must be completed, on s and returns the
// round trips that took, as counted by trips.
func ReplayTrips(t *testing.T, s idempotency.Store, k idempotency.Key, trips *atomic.Int64) int64 {
	t.Helper()
	before := trips.Load()
	c, err := s.Claim(context.Background(), k, idempotency.Fingerprint{1}, time.Minute)
	require.NoError(t, err)
	require.Equal(t, idempotency.Completed, c.Status)
	return trips.Load() - before
}
