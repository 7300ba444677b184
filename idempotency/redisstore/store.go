package redisstore

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/acctkit/acctkit/idempotency"
)

// DefaultPrefix starts every key when [Options].Prefix is empty.
const DefaultPrefix = "idempotency:"

// Options configures a [Store]. The zero value uses [DefaultPrefix].
type Options struct {
	// Prefix starts the name of every key the store writes, so the records
	// can share a database with other data; "" means [DefaultPrefix].
	Prefix string
}

// Store is an [idempotency.Store] on Redis, shared by every instance of a
// service that uses the same server and prefix. It is safe for concurrent
// use. See the package documentation for the server configuration its
// guarantees need.
type Store struct {
	client redis.Scripter
	prefix string
}

var _ idempotency.Store = (*Store)(nil)

// New returns a Store that runs its scripts through client (a
// *redis.Client, *redis.ClusterClient, *redis.Ring or UniversalClient). It
// does not contact the server.
func New(client redis.Scripter, opts Options) (*Store, error) {
	if client == nil {
		return nil, errors.New("redisstore.New: client is nil")
	}
	if opts.Prefix == "" {
		opts.Prefix = DefaultPrefix
	}
	return &Store{client: client, prefix: opts.Prefix}, nil
}

// RedisKey returns the name of the Redis key that holds k's record: the
// prefix, the scope's length in bytes, ":", the scope, ":", the key. The
// length makes the mapping one-to-one whatever bytes scope and key hold.
func (s *Store) RedisKey(k idempotency.Key) string {
	return s.prefix + strconv.Itoa(len(k.Scope)) + ":" + k.Scope + ":" + k.Key
}

// A record is a hash: f the fingerprint; t the token while in flight; r the
// encoded response and c the id of the Complete call that stored it once
// completed. The key's TTL is the lease, then the retention, so Redis's
// clock decides expiry and an expired record is simply gone. Each script
// touches one key, so they also work on Redis Cluster.
//
// go-redis resends a command whose reply was lost to a network error. The
// claim script therefore treats its own token as a retry of itself, and the
// complete script a record completed by the same call id as success, so a
// resent script reports what the first run did.

// claimScript: KEYS[1] the record; ARGV fingerprint, token, lease in ms.
// Returns {1} acquired, {2, ms left} in progress, {3, response} completed,
// {4} mismatch.
var claimScript = redis.NewScript(`
local rec = redis.call('HMGET', KEYS[1], 'f', 't')
if rec[1] then
	if rec[1] ~= ARGV[1] then return {4} end
	if rec[2] == ARGV[2] then return {1} end
	if rec[2] then return {2, redis.call('PTTL', KEYS[1])} end
	return {3, redis.call('HGET', KEYS[1], 'r')}
end
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], 'f', ARGV[1], 't', ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return {1}
`)

// completeScript: KEYS[1] the record; ARGV token, encoded response,
// retention in ms, call id. Returns 1 done, 0 not the holder.
var completeScript = redis.NewScript(`
local t = redis.call('HGET', KEYS[1], 't')
if t and t == ARGV[1] then
	redis.call('HDEL', KEYS[1], 't')
	redis.call('HSET', KEYS[1], 'r', ARGV[2], 'c', ARGV[4])
	redis.call('PEXPIRE', KEYS[1], ARGV[3])
	return 1
end
if not t and redis.call('HGET', KEYS[1], 'c') == ARGV[4] then return 1 end
return 0
`)

// releaseScript: KEYS[1] the record; ARGV token. Returns 1 done, 0 not the
// holder.
var releaseScript = redis.NewScript(`
local t = redis.call('HGET', KEYS[1], 't')
if t and t == ARGV[1] then
	redis.call('DEL', KEYS[1])
	return 1
end
return 0
`)

// millis converts d to whole milliseconds, Redis's TTL resolution, rounding
// up so a stored lease is never shorter than the one asked for.
func millis(d time.Duration) int64 {
	return int64((d + time.Millisecond - 1) / time.Millisecond)
}

// Claim implements [idempotency.Store.Claim] in one script (one round trip
// once the script is cached on the server).
func (s *Store) Claim(ctx context.Context, key idempotency.Key, fp idempotency.Fingerprint, lease time.Duration) (idempotency.Claim, error) {
	if err := ctx.Err(); err != nil {
		return idempotency.Claim{}, fmt.Errorf("redisstore: claim: %w", err)
	}
	if lease <= 0 {
		return idempotency.Claim{}, fmt.Errorf("redisstore: claim: lease %v is not positive", lease)
	}
	var token idempotency.Token
	rand.Read(token[:]) // never fails: crypto/rand aborts the process instead
	res, err := claimScript.Run(ctx, s.client, []string{s.RedisKey(key)}, fp[:], token[:], millis(lease)).Slice()
	if err != nil {
		return idempotency.Claim{}, fmt.Errorf("redisstore: claim: %w", err)
	}
	bad := func() (idempotency.Claim, error) {
		return idempotency.Claim{}, fmt.Errorf("redisstore: claim: unexpected script reply %.100v", res)
	}
	if len(res) == 0 {
		return bad()
	}
	code, _ := res[0].(int64)
	switch {
	case code == 1 && len(res) == 1:
		return idempotency.Claim{Status: idempotency.Acquired, Token: token, LeaseRemaining: lease}, nil
	case code == 2 && len(res) == 2:
		ms, ok := res[1].(int64)
		if !ok {
			return bad()
		}
		// PTTL is 0 in the last millisecond of a live lease.
		return idempotency.Claim{Status: idempotency.InProgress, LeaseRemaining: max(time.Duration(ms)*time.Millisecond, time.Millisecond)}, nil
	case code == 3 && len(res) == 2:
		encoded, ok := res[1].(string)
		if !ok {
			return bad()
		}
		var resp idempotency.Response
		if err := resp.UnmarshalBinary([]byte(encoded)); err != nil {
			return idempotency.Claim{}, fmt.Errorf("redisstore: claim: stored response of key %q in scope %q: %w", key.Key, key.Scope, err)
		}
		return idempotency.Claim{Status: idempotency.Completed, Response: &resp}, nil
	case code == 4 && len(res) == 1:
		return idempotency.Claim{Status: idempotency.Mismatch}, nil
	}
	return bad()
}

// Complete implements [idempotency.Store.Complete] in one script.
func (s *Store) Complete(ctx context.Context, key idempotency.Key, token idempotency.Token, resp idempotency.Response, retention time.Duration) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("redisstore: complete: %w", err)
	}
	if retention <= 0 {
		return fmt.Errorf("redisstore: complete: retention %v is not positive", retention)
	}
	// The shared encoding reads back only 3-digit statuses; refuse others
	// here rather than store a record no claim can decode.
	if resp.Status < 100 || resp.Status > 999 {
		return fmt.Errorf("redisstore: complete: response status %d is not a 3-digit HTTP status", resp.Status)
	}
	if token.IsZero() {
		return fmt.Errorf("redisstore: complete: %w", idempotency.ErrNotOwner)
	}
	encoded, err := resp.MarshalBinary()
	if err != nil {
		return fmt.Errorf("redisstore: complete: %w", err)
	}
	var call [16]byte
	rand.Read(call[:])
	return s.fenced("complete", completeScript.Run(ctx, s.client, []string{s.RedisKey(key)}, token[:], encoded, millis(retention), call[:]))
}

// Release implements [idempotency.Store.Release] in one script. If go-redis
// resends it after a lost reply, the resent script finds the key already
// released and the call reports ErrNotOwner.
func (s *Store) Release(ctx context.Context, key idempotency.Key, token idempotency.Token) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("redisstore: release: %w", err)
	}
	if token.IsZero() {
		return fmt.Errorf("redisstore: release: %w", idempotency.ErrNotOwner)
	}
	return s.fenced("release", releaseScript.Run(ctx, s.client, []string{s.RedisKey(key)}, token[:]))
}

// fenced turns a write script's reply into nil (done) or ErrNotOwner.
func (s *Store) fenced(op string, cmd *redis.Cmd) error {
	n, err := cmd.Int64()
	switch {
	case err != nil:
		return fmt.Errorf("redisstore: %s: %w", op, err)
	case n == 0:
		return fmt.Errorf("redisstore: %s: %w", op, idempotency.ErrNotOwner)
	case n != 1:
		return fmt.Errorf("redisstore: %s: unexpected script reply %d", op, n)
	}
	return nil
}
