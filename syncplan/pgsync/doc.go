// Package pgsync keeps ARTU bank accounts in PostgreSQL and runs one sync
// (POST /clients/{clientId}/bank-accounts/sync) in one transaction:
//
//  1. lock the client: a transaction-scoped advisory lock on the client id,
//     so two syncs of one client take turns and neither loses the other's
//     writes, while syncs of different clients never wait for each other
//     (the lock is taken even for a client with no accounts yet, which a
//     row lock could not do);
//  2. read the client's accounts (or, with Options.CacheRecords, take them
//     from memory when the client's version number says nothing wrote them
//     since) and compute the plan with syncplan.Compute;
//  3. apply it in at most three statements, whatever its size: deletes, then
//     updates, then creates, each a batch sent as one JSON parameter;
//  4. call Options.BeforeCommit with the transaction and the plan, where a
//     service completes its idempotency record in the same transaction
//     (idempotency/pgstore's CompleteTx), so that the accounts and the
//     stored response commit together or not at all;
//  5. commit.
//
// A failure at any step, a lost connection included, rolls everything
// back: a sync is applied whole or not at all.
//
// The version number is kept by triggers on the table: every statement that
// writes it, from any process and with or without pgsync, bumps the
// version of each client it touches, so a cached copy is used only while it
// is exactly what the table holds. With 10,000 accounts the read is most of
// a sync's cost (BENCHMARKS.md).
//
// A multi-tenant service keeps each tenant's clients apart with
// Store.WithScope: every query, lock and unique constraint includes the
// scope, so equal client ids of two tenants are two clients.
//
// # Schema
//
// Migrate creates the table (Store.DDL returns the same statements for teams that
// run their own migration tool). Unique constraints on (client, natural
// key) and (client, externalId) back the planner's duplicate rules; they are
// deferred to the commit so that a plan that moves a key from one account to
// another within one sync applies in any order. The natural key (see
// package syncplan) is stored as its SHA-256, not as text: the account
// number is in the table once, not twice. Metadata is stored as json, not
// jsonb, which keeps every value exactly as the client sent it.
//
// Timestamps are PostgreSQL's microseconds: Sync stamps records with
// Options.Now truncated to the microsecond, so what the response returns is
// what a later read returns.
package pgsync
