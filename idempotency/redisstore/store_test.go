package redisstore_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/acctkit/acctkit/idempotency"
	"github.com/acctkit/acctkit/idempotency/internal/storetesting"
	"github.com/acctkit/acctkit/idempotency/redisstore"
	"github.com/acctkit/acctkit/idempotency/storetest"
)

func TestConformance(t *testing.T) {
	client := newClient(t, redisAddr(t), nil, 32)
	s := newStore(t, client)
	storetest.Run(t, func(t *testing.T) (idempotency.Store, storetest.Clock) {
		return s, storetest.RealClock{}
	})
}

func TestNew(t *testing.T) {
	_, err := redisstore.New(nil, redisstore.Options{})
	assert.EqualError(t, err, "redisstore.New: client is nil")
}

// TestRecordLayout pins the key names and that Redis's TTL carries the
// lease, then the retention.
func TestRecordLayout(t *testing.T) {
	client := newClient(t, redisAddr(t), nil, 4)
	s := newStore(t, client)
	ctx := context.Background()
	k := idempotency.Key{Scope: "tenant:1", Key: "abc"}
	name := s.RedisKey(k)
	assert.Regexp(t, `^acctkit-test:[0-9a-f]{12}:8:tenant:1:abc$`, name)

	c := storetesting.Claim(t, s, k, idempotency.Fingerprint{1}, 90*time.Second, idempotency.Acquired)
	ttl, err := client.PTTL(ctx, name).Result()
	require.NoError(t, err)
	assert.InDelta(t, 90*time.Second, ttl, float64(time.Second), "TTL while in flight: the lease")
	require.NoError(t, s.Complete(ctx, k, c.Token, idempotency.Response{Status: 200}, 5*time.Hour))
	ttl, err = client.PTTL(ctx, name).Result()
	require.NoError(t, err)
	assert.InDelta(t, 5*time.Hour, ttl, float64(time.Second), "TTL once completed: the retention")

	c = storetesting.Claim(t, s, idempotency.Key{Scope: "tenant:1", Key: "released"}, idempotency.Fingerprint{1}, time.Minute, idempotency.Acquired)
	require.NoError(t, s.Release(ctx, idempotency.Key{Scope: "tenant:1", Key: "released"}, c.Token))
	n, err := client.Exists(ctx, s.RedisKey(idempotency.Key{Scope: "tenant:1", Key: "released"})).Result()
	require.NoError(t, err)
	assert.Zero(t, n, "a released record is deleted")

	// The default prefix, and no collision however scope and key split.
	d, err := redisstore.New(client, redisstore.Options{})
	require.NoError(t, err)
	assert.Equal(t, "idempotency:2:ab:c", d.RedisKey(idempotency.Key{Scope: "ab", Key: "c"}))
	assert.Equal(t, "idempotency:1:a:b:c", d.RedisKey(idempotency.Key{Scope: "a", Key: "b:c"}))
	assert.Equal(t, "idempotency:3:a:b:c", d.RedisKey(idempotency.Key{Scope: "a:b", Key: "c"}))
}

func TestKeysAreBytes(t *testing.T) {
	storetesting.KeysAreBytes(t, newStore(t, newClient(t, redisAddr(t), nil, 4)))
}

func TestCompleteRejectsUnstorableStatus(t *testing.T) {
	storetesting.CompleteRejectsUnstorableStatus(t, newStore(t, newClient(t, redisAddr(t), nil, 4)), "redisstore")
}

func TestForeignKeyType(t *testing.T) {
	client := newClient(t, redisAddr(t), nil, 4)
	s := newStore(t, client)
	k := idempotency.Key{Key: "k"}
	require.NoError(t, client.Set(context.Background(), s.RedisKey(k), "not a record", time.Minute).Err())
	_, err := s.Claim(context.Background(), k, idempotency.Fingerprint{1}, time.Minute)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "WRONGTYPE")
}

// TestResentScripts shows what happens when a reply is lost and go-redis
// resends the script: Claim and Complete report what their first run did;
// Release reports ErrNotOwner although it released the key, as documented.
func TestResentScripts(t *testing.T) {
	var c conns
	s := newStore(t, newClient(t, redisAddr(t), &c, 1))
	ctx := context.Background()
	fp := idempotency.Fingerprint{1}
	resp := idempotency.Response{Status: http.StatusCreated, Body: []byte("done")}

	k := idempotency.Key{Key: "resent"}
	storetesting.Claim(t, s, idempotency.Key{Key: "warm-up"}, fp, time.Minute, idempotency.Acquired)
	trips := c.trips.Load()
	c.dropReply.Store(true)
	got := storetesting.Claim(t, s, k, fp, time.Minute, idempotency.Acquired)
	require.False(t, c.dropReply.Load(), "no reply was dropped")
	require.Greater(t, c.trips.Load()-trips, int64(1), "the claim was not resent")
	storetesting.Claim(t, s, k, fp, time.Minute, idempotency.InProgress)

	c.dropReply.Store(true)
	require.NoError(t, s.Complete(ctx, k, got.Token, resp, time.Hour), "a resent Complete")
	require.False(t, c.dropReply.Load(), "no reply was dropped")
	assert.Equal(t, resp.Body, storetesting.Claim(t, s, k, fp, time.Minute, idempotency.Completed).Response.Body)
	require.ErrorIs(t, s.Complete(ctx, k, got.Token, resp, time.Hour), idempotency.ErrNotOwner, "a second Complete call")

	r := idempotency.Key{Key: "released"}
	got = storetesting.Claim(t, s, r, fp, time.Minute, idempotency.Acquired)
	c.dropReply.Store(true)
	require.ErrorIs(t, s.Release(ctx, r, got.Token), idempotency.ErrNotOwner, "a resent Release")
	require.False(t, c.dropReply.Load(), "no reply was dropped")
	storetesting.Claim(t, s, r, fp, time.Minute, idempotency.Acquired)
}

// TestRoundTrips pins the cost the package documents: one round trip per
// call once the scripts are cached, so two per request.
func TestRoundTrips(t *testing.T) {
	var c conns
	client := newClient(t, redisAddr(t), &c, 1)
	s := newStore(t, client)
	ctx := context.Background()
	k := storetesting.RoundTrips(t, s, &c.trips)

	// A flushed script cache costs one extra round trip, once.
	require.NoError(t, client.ScriptFlush(ctx).Err())
	assert.Equal(t, int64(2), storetesting.ReplayTrips(t, s, k, &c.trips), "round trips for a replay after SCRIPT FLUSH: EVALSHA, then EVAL")
	before := c.trips.Load()
	_, err := s.Claim(ctx, k, idempotency.Fingerprint{1}, time.Minute)
	require.NoError(t, err)
	assert.Equal(t, int64(1), c.trips.Load()-before, "round trips for a replay")
}
