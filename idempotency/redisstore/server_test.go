package redisstore_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"io"
	"net"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/require"

	"github.com/acctkit/acctkit/idempotency/internal/storetesting"
	"github.com/acctkit/acctkit/idempotency/redisstore"
)

// redisAddr returns the test server's address, or skips the test when
// ACCTKIT_REDIS_ADDR is not set.
func redisAddr(t testing.TB) string {
	t.Helper()
	return storetesting.Env(t, "ACCTKIT_REDIS_ADDR", "Redis server", "127.0.0.1:6379")
}

// conns observes and disturbs a client's connections.
type conns struct {
	// trips counts round trips: every switch from reading to writing on a
	// connection is one request sent after a reply was awaited.
	trips atomic.Int64
	// dropReply makes the next read of a reply fail after the request
	// reached the server, as a network fault would, so go-redis resends it.
	dropReply atomic.Bool
}

// newClient returns a client for addr whose connections c watches (c may
// be nil), closed when the test ends.
func newClient(t testing.TB, addr string, c *conns, poolSize int) *redis.Client {
	t.Helper()
	opts := &redis.Options{Addr: addr, PoolSize: poolSize}
	if c != nil {
		var d net.Dialer
		opts.Dialer = func(ctx context.Context, network, addr string) (net.Conn, error) {
			conn, err := d.DialContext(ctx, network, addr)
			if err != nil {
				return nil, err
			}
			return &watchedConn{Conn: conn, c: c}, nil
		}
	}
	client := redis.NewClient(opts)
	t.Cleanup(func() { client.Close() })
	return client
}

type watchedConn struct {
	net.Conn
	c       *conns
	writing atomic.Bool
}

func (w *watchedConn) Write(p []byte) (int, error) {
	if !w.writing.Swap(true) {
		w.c.trips.Add(1)
	}
	return w.Conn.Write(p)
}

func (w *watchedConn) Read(p []byte) (int, error) {
	w.writing.Store(false)
	if w.c.dropReply.CompareAndSwap(true, false) {
		time.Sleep(50 * time.Millisecond) // the server runs the request meanwhile
		w.Conn.Close()
		return 0, io.ErrUnexpectedEOF
	}
	return w.Conn.Read(p)
}

// uniquePrefix returns a key prefix no other test run uses.
func uniquePrefix() string {
	var b [6]byte
	rand.Read(b[:])
	return "acctkit-test:" + hex.EncodeToString(b[:]) + ":"
}

// newStore returns a store under a fresh prefix whose keys are deleted when
// the test ends.
func newStore(t testing.TB, client *redis.Client) *redisstore.Store {
	t.Helper()
	prefix := uniquePrefix()
	s, err := redisstore.New(client, redisstore.Options{Prefix: prefix})
	require.NoError(t, err)
	t.Cleanup(func() { deletePrefix(t, client, prefix) })
	return s
}

func deletePrefix(t testing.TB, client *redis.Client, prefix string) {
	ctx := context.Background()
	iter := client.Scan(ctx, 0, prefix+"*", 1000).Iterator()
	var keys []string
	for iter.Next(ctx) {
		keys = append(keys, iter.Val())
	}
	if err := iter.Err(); err != nil {
		t.Logf("listing test keys under %s: %v", prefix, err)
		return
	}
	for len(keys) > 0 {
		n := min(len(keys), 500)
		if err := client.Del(ctx, keys[:n]...).Err(); err != nil {
			t.Logf("deleting test keys under %s: %v", prefix, err)
			return
		}
		keys = keys[n:]
	}
}
