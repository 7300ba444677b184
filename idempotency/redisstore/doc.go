// Package redisstore is an [idempotency.Store] on Redis, for services that
// run more than one instance, through github.com/redis/go-redis/v9.
//
//	client := redis.NewClient(&redis.Options{Addr: "redis.internal:6379"})
//	store, err := redisstore.New(client, redisstore.Options{Prefix: "payments:idem:"})
//	handler = idempotency.Middleware(store, opts)(handler)
//
// A Store has no useful zero value: build it with [New]. It needs no
// schema. Each record is a hash under one key, named by [Store.RedisKey]
// (prefix, scope length, scope, key), so scope and key may hold any bytes
// and two pairs never share a name; every script touches one key, so Redis
// Cluster works too.
//
// # One script per call
//
// Claim, Complete and Release are one Lua script each, atomic on the
// server, sent with EVALSHA and, if the server does not have the script
// cached (after a restart or SCRIPT FLUSH), once more with EVAL. A request
// therefore costs two round trips: Claim, then Complete. Every write checks
// the fencing token inside the script, so a holder whose lease ran out or
// was taken over changes nothing and gets [idempotency.ErrNotOwner].
//
// Expiry is the key's TTL (PEXPIRE, in whole milliseconds, rounded up): the
// lease while in flight, the retention once completed. Redis's clock
// decides, and an expired record is simply gone.
//
// go-redis resends a command whose reply was lost to a network error. The
// scripts make that harmless for Claim and Complete: a resent claim finds
// its own token and reports acquired again, a resent completion finds the
// record completed by the same call and reports success. A resent Release
// finds the key already released and reports ErrNotOwner.
//
// # Server configuration
//
// The store is only as durable as the server. A request runs twice if a
// record disappears while its key is in use, so:
//
//   - persistence: appendonly yes with appendfsync always, so that every
//     claim and completion is on disk before Redis answers. Without
//     persistence a restart forgets every in-flight claim and stored
//     response; with appendfsync everysec a crash forgets up to a second of
//     them. Either way, retries then run their requests again.
//   - memory: maxmemory-policy noeviction (Redis's default). Every record
//     has a TTL, so even the volatile-* policies may evict live ones.
//   - replication is asynchronous: a failover can lose the last writes, with
//     the same effect.
//
// The restart tests of this package run on such a server and kill it
// mid-traffic; on a server without persistence the same tests fail.
//
// # Logging
//
// go-redis logs through a logger of its own, process-wide rather than per
// client, and writes to stderr by default: during an outage, a line per
// failed dial and pool event, beside the errors the store returns anyway
// (which idempotency.Middleware reports through Options.OnError). Quiet it,
// or route it into the service's logs, once in main:
//
//	logging.Disable() // package github.com/redis/go-redis/v9/logging
//
// or pass redis.SetLogger a value whose Printf(ctx, format, args...) writes
// into the service's logger.
//
// The store leaves that choice to the service: setting it would change
// every other go-redis client in the process.
//
// # Errors
//
// Complete and Release return an error wrapping [idempotency.ErrNotOwner]
// when the token does not hold the key. go-redis and context errors are
// wrapped with %w; a key under the prefix that is not a record gives
// Redis's WRONGTYPE error.
package redisstore
