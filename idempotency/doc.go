// Package idempotency makes retried HTTP requests safe: a request carrying an
// Idempotency-Key header runs at most once per key, and its retries get the
// first response back, byte for byte.
//
// # Pieces
//
// A [Store] holds one record per [Key] (a caller-chosen scope plus the
// client's key). [Store.Claim] atomically either acquires the key for one
// request, with a random fencing [Token] and a short lease, or reports that
// it is in flight, completed (with the stored [Response]) or used with a
// different request ([Fingerprint] mismatch). Only the current token can
// [Store.Complete] or [Store.Release] the key, so a request that overran its
// lease and was taken over can no longer overwrite anything. The lease
// (seconds) and the retention of a completed response (hours) are separate,
// so a crash blocks a key for one lease, not for a day. Expiry follows the
// store's clock, and an expired record behaves as absent.
//
// [MemoryStore] is the in-process store: sharded, bounded, with a janitor.
// PostgreSQL and Redis stores live in the pgstore and redisstore packages;
// every store passes the conformance suite in package storetest.
//
// [Middleware] applies the contract to net/http handlers: it validates the
// key ([ParseKey]), fingerprints method, route and body ([NewFingerprint],
// with JSON canonicalised), claims, runs the handler, and stores 2xx, 3xx and
// 4xx responses except 429 ([DefaultStoreStatus] says why); errors are RFC
// 9457 problem details ([Problem]) with stable codes. The handler's work is
// detached from the client's connection, so a client that hangs up gets the
// stored answer on its retry. A handler can join the record ([FromContext]):
// store its response in the same database transaction as its own writes, so
// both commit or neither does, or refuse a request before any effect so the
// key can be used again. The middleware fails closed: when the store is
// unreachable nothing runs (503), unless [Options].FailOpen says otherwise;
// a failed Complete or Release is retried until the lease ends, so a store
// outage shorter than the lease costs time, not a second execution.
//
// # Values
//
// Key, Fingerprint and Token are comparable values; == compares them and
// they can be map keys. The zero Token is never issued, and the zero
// [ClaimStatus] is not an outcome. A Response's Header holds only the replay
// headers; its binary encoding ([Response.MarshalBinary]) is what the shared
// stores persist. The zero [MemoryOptions] gives a working store; the zero
// [Options] does not, because Scope must be chosen.
//
// # Errors
//
// Complete and Release return an error wrapping [ErrNotOwner] when the token
// does not hold the key; a full MemoryStore's Claim one wrapping
// [ErrStoreFull]; ParseKey one wrapping [ErrMalformedKey]. The middleware
// reports what the client cannot see (store failures as *[StoreError],
// [ErrResponseTooLarge]) through [Options].OnError.
package idempotency
