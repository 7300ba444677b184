package idempotency_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/acctkit/acctkit/idempotency"
	"github.com/acctkit/acctkit/idempotency/storetest"
)

func TestMemoryStoreConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) (idempotency.Store, storetest.Clock) {
		c := storetest.NewFakeClock()
		return idempotency.NewMemoryStore(idempotency.MemoryOptions{Now: c.Now}), c
	})
}

func TestMemoryStoreConformanceRealClock(t *testing.T) {
	if testing.Short() {
		t.Skip("skipping the wall-clock run of the conformance suite in -short mode")
	}
	storetest.Run(t, func(t *testing.T) (idempotency.Store, storetest.Clock) {
		return idempotency.NewMemoryStore(idempotency.MemoryOptions{}), storetest.RealClock{}
	})
}

var ctx = context.Background()

func TestMemoryStoreBounded(t *testing.T) {
	clock := storetest.NewFakeClock()
	s := idempotency.NewMemoryStore(idempotency.MemoryOptions{MaxRecords: 4, Shards: 1, Now: clock.Now})
	fp := idempotency.NewFingerprint("POST", "/", nil)
	key := func(i int) idempotency.Key { return idempotency.Key{Scope: "s", Key: fmt.Sprint(i)} }

	short, err := s.Claim(ctx, key(0), fp, time.Second)
	require.NoError(t, err)
	require.NoError(t, s.Complete(ctx, key(0), short.Token, idempotency.Response{Status: 200}, time.Second))
	for i := 1; i < 4; i++ {
		c, err := s.Claim(ctx, key(i), fp, time.Minute)
		require.NoError(t, err)
		require.Equal(t, idempotency.Acquired, c.Status)
	}
	// Full of live records: refuse, evict nothing.
	_, err = s.Claim(ctx, key(4), fp, time.Minute)
	require.ErrorIs(t, err, idempotency.ErrStoreFull)
	require.EqualError(t, err, "idempotency: memory store claim: 4 live records in shard: idempotency: store is full of live records")
	c, err := s.Claim(ctx, key(0), fp, time.Minute)
	require.NoError(t, err)
	require.Equal(t, idempotency.Completed, c.Status, "the completed record survived")

	// Once one has expired, it makes room.
	clock.Sleep(time.Second)
	c, err = s.Claim(ctx, key(4), fp, time.Minute)
	require.NoError(t, err)
	require.Equal(t, idempotency.Acquired, c.Status)
	require.Equal(t, 4, s.Len())
	for i := 1; i < 5; i++ {
		c, err := s.Claim(ctx, key(i), fp, time.Minute)
		require.NoError(t, err)
		require.Equal(t, idempotency.InProgress, c.Status, "key %d", i)
	}
	// A claim on a key that is present never needs room.
	c, err = s.Claim(ctx, key(1), fp, time.Minute)
	require.NoError(t, err)
	require.Equal(t, idempotency.InProgress, c.Status)
}

func TestMemoryStoreSweepAndJanitor(t *testing.T) {
	clock := storetest.NewFakeClock()
	s := idempotency.NewMemoryStore(idempotency.MemoryOptions{Now: clock.Now})
	fp := idempotency.NewFingerprint("POST", "/", nil)
	for i := range 10 {
		lease := time.Minute
		if i%2 == 0 {
			lease = time.Second
		}
		_, err := s.Claim(ctx, idempotency.Key{Key: fmt.Sprint(i)}, fp, lease)
		require.NoError(t, err)
	}
	require.Equal(t, 0, s.Sweep(), "nothing has expired yet")
	clock.Sleep(time.Second)
	require.Equal(t, 10, s.Len(), "expired records stay until swept")

	jctx, stop := context.WithCancel(ctx)
	done := make(chan error)
	go func() { done <- s.RunJanitor(jctx, time.Millisecond) }()
	require.Eventually(t, func() bool { return s.Len() == 5 }, 5*time.Second, time.Millisecond, "the janitor sweeps")
	stop()
	select {
	case err := <-done:
		require.ErrorIs(t, err, context.Canceled)
	case <-time.After(5 * time.Second):
		require.FailNow(t, "RunJanitor did not return after its context was cancelled")
	}
	clock.Sleep(time.Minute)
	require.Equal(t, 5, s.Sweep())
	require.Zero(t, s.Len())

	require.EqualError(t, s.RunJanitor(ctx, 0), "idempotency: memory store janitor: interval 0s is not positive")
}

func TestMemoryStoreOptions(t *testing.T) {
	// More shards than records is clamped, so the bound still holds.
	s := idempotency.NewMemoryStore(idempotency.MemoryOptions{MaxRecords: 2, Shards: 64})
	fp := idempotency.NewFingerprint("POST", "/", nil)
	var full int
	for i := range 10 {
		_, err := s.Claim(ctx, idempotency.Key{Key: fmt.Sprint(i)}, fp, time.Minute)
		if errors.Is(err, idempotency.ErrStoreFull) {
			full++
			continue
		}
		require.NoError(t, err)
	}
	require.Equal(t, 2, s.Len())
	require.Equal(t, 8, full)
}
