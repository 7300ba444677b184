// Package pgstore is an [idempotency.Store] on a PostgreSQL table, for
// services that run more than one instance. It uses only database/sql, so
// any PostgreSQL driver works (the tests use pgx's stdlib adapter).
//
//	store, err := pgstore.New(db, pgstore.Options{Table: "idempotency_keys"})
//	err = store.Migrate(ctx) // once, at start-up or from a deployment step
//	handler = idempotency.Middleware(store, opts)(handler)
//
// A Store has no useful zero value: build it with [New]. [Store.Migrate]
// creates the table, an index on the expiry and a version table, and is
// idempotent and safe to run concurrently. Teams whose schema goes through
// a migration tool (golang-migrate, goose, Atlas) take the same SQL from
// [Store.DDL] instead. Scope and key are stored as
// bytea and compared byte for byte.
//
// # One statement per call
//
// Claim, Complete and Release are one statement each, so a request costs
// two round trips (Claim, then Complete) with a driver that caches prepared
// statements, as pgx does.
//
// Claim is INSERT ... ON CONFLICT (scope, key) DO UPDATE whose SET replaces
// an expired row with the new claim and sets a live row to itself, so the
// statement always RETURNs the row as it stands after the conflict was
// resolved under the row lock. If the returned token is the fresh one this
// call generated, the call acquired the key; otherwise the row's
// fingerprint and state give mismatch, completed or in progress. The usual
// alternatives are not linearizable: with DO UPDATE ... WHERE <expired> or
// DO NOTHING no row comes back for a live key, a SELECT in the same
// statement reads a snapshot taken before the conflicting row may have
// committed (and so finds nothing), and a second statement sees a later
// state than the one the insert met. The price is that a claim of an
// existing key writes a row version even when it changes nothing (HOT, and
// a TOASTed response is not copied).
//
// Complete and Release are an UPDATE and a DELETE fenced in their WHERE
// clause by the token and an unexpired lease, so a holder whose lease ran
// out or was taken over changes nothing and gets [idempotency.ErrNotOwner].
//
// Each statement is a transaction of its own. Under READ COMMITTED,
// PostgreSQL's default, concurrent claims of one key queue on the row lock;
// under REPEATABLE READ or SERIALIZABLE as the session default they fail
// with serialization errors, and the store runs the statement again (it
// was rolled back whole) until it succeeds or the context ends.
//
// # The clock
//
// Expiry is decided by the database's clock, as statement_timestamp():
// the instant the statement arrived. Not now(), which is the start of the
// transaction: inside a caller's transaction ([Store.CompleteTx]) that may
// be long before the statement, so a lease that ran out meanwhile would
// still count. Not clock_timestamp() either, which changes between
// evaluations within one statement, so two CASEs of the same claim could
// disagree about whether a row has expired. A statement that waits on a row
// lock decides as of its arrival, which is safe: the lock orders every
// change of the row, and a claim that took the key over in the meantime
// has changed the token.
//
// # Transactions
//
// [Store.CompleteTx] stores the response in the caller's transaction, so a
// business write and its idempotency record commit or roll back together.
// Behind idempotency.Middleware the handler gets the key, token and
// retention from idempotency.FromContext and reports the commit with
// Claimed.Completed (see the example).
// [Store.Sweep] deletes expired rows in bounded batches; it only reclaims
// space, since an expired row already behaves as absent.
//
// # Durability
//
// A completion is durable once Complete returns if the server commits
// durably (fsync and synchronous_commit on, the defaults). With
// synchronous_commit off, or a failover to an asynchronous replica, the last
// claims and completions can be lost, and a retry then runs its request
// again.
//
// # Errors
//
// [New] returns an error wrapping [ErrTableName] for an unsafe table name;
// [Store.Migrate] one wrapping [ErrSchemaTooNew] when a newer release
// migrated the table; Complete, CompleteTx and Release one wrapping
// [idempotency.ErrNotOwner] when the token does not hold the key. Driver
// and context errors are wrapped with %w; a missing table says to run
// Migrate.
package pgstore
