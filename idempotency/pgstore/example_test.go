package pgstore_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log"
	"net/http"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" database/sql driver

	"github.com/acctkit/acctkit/idempotency"
	"github.com/acctkit/acctkit/idempotency/pgstore"
)

func ExampleNew() {
	// Opening a database/sql handle does not connect, and neither does New.
	db, err := sql.Open("pgx", "postgres://app@db.internal:5432/payments")
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()

	store, err := pgstore.New(db, pgstore.Options{Table: "acct.idempotency_keys"})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(store.Table())

	_, err = pgstore.New(db, pgstore.Options{Table: "keys; DROP TABLE accounts"})
	fmt.Println(errors.Is(err, pgstore.ErrTableName))
	fmt.Println(err)
	// Output:
	// acct.idempotency_keys
	// true
	// pgstore.New: invalid table name "keys; DROP TABLE accounts": byte 4 (';') is not allowed; use a lower-case letter or underscore, then letters, digits and underscores, optionally as schema.table
}

// A service that drives the store itself stores the response in the same
// transaction as the payment: a retry finds both or neither.
func ExampleStore_CompleteTx() {
	ctx := context.Background()
	db, err := sql.Open("pgx", "postgres://app@db.internal:5432/payments")
	if err != nil {
		log.Fatal(err)
	}
	store, err := pgstore.New(db, pgstore.Options{})
	if err != nil {
		log.Fatal(err)
	}
	key := idempotency.Key{Scope: "tenant-42", Key: "8e0f3c1a"}
	fp := idempotency.NewFingerprint("POST", "/payments", []byte(`{"amount":"10.00"}`))

	claim, err := store.Claim(ctx, key, fp, 30*time.Second)
	if err != nil || claim.Status != idempotency.Acquired {
		return // answer 503, 409, 422 or replay claim.Response instead
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		store.Release(ctx, key, claim.Token)
		return
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `INSERT INTO payments (amount) VALUES ('10.00')`); err != nil {
		return
	}
	resp := idempotency.Response{Status: 201, Body: []byte(`{"id":1}`)}
	if err := store.CompleteTx(ctx, tx, key, claim.Token, resp, 24*time.Hour); err != nil {
		return // lease lost (ErrNotOwner): another request may be paying; roll back
	}
	if err := tx.Commit(); err != nil {
		return
	}
}

// Behind idempotency.Middleware, a handler joins the record through
// idempotency.FromContext: the payment and the stored response commit
// together, and the middleware then neither completes nor releases the key.
func ExampleStore_CompleteTx_middleware() {
	db, err := sql.Open("pgx", "postgres://app@db.internal:5432/payments")
	if err != nil {
		log.Fatal(err)
	}
	store, err := pgstore.New(db, pgstore.Options{})
	if err != nil {
		log.Fatal(err)
	}
	pay := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		claim, _ := idempotency.FromContext(r.Context()) // present behind the middleware
		ctx := r.Context()
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			http.Error(w, "try again", http.StatusServiceUnavailable) // 5xx: the key is released
			return
		}
		defer tx.Rollback()
		if _, err := tx.ExecContext(ctx, `INSERT INTO payments (amount) VALUES ('10.00')`); err != nil {
			http.Error(w, "try again", http.StatusServiceUnavailable)
			return
		}
		resp := claim.Response(http.StatusCreated, http.Header{"Content-Type": {"application/json"}}, []byte(`{"id":1}`))
		if err := store.CompleteTx(ctx, tx, claim.Key, claim.Token, resp, claim.Retention); err != nil {
			http.Error(w, "try again", http.StatusServiceUnavailable)
			return
		}
		if err := tx.Commit(); err != nil {
			http.Error(w, "try again", http.StatusServiceUnavailable)
			return
		}
		claim.Completed(resp) // stored: the middleware must not complete again
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(resp.Status)
		w.Write(resp.Body)
	})
	http.Handle("POST /payments", idempotency.Middleware(store, idempotency.Options{
		Scope: func(r *http.Request) string { return r.Header.Get("X-Tenant") },
	})(pay))
}

// A team on golang-migrate, goose or Atlas puts the schema in a migration
// of its own instead of calling Migrate.
func ExampleStore_DDL() {
	db, err := sql.Open("pgx", "postgres://unused") // New does not connect
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()
	store, err := pgstore.New(db, pgstore.Options{Table: "acct.idempotency_keys"})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Print(store.DDL())
	// Output:
	// CREATE TABLE "acct"."idempotency_keys" (
	// 	scope       bytea       NOT NULL,
	// 	key         bytea       NOT NULL,
	// 	fingerprint bytea       NOT NULL CHECK (octet_length(fingerprint) = 32),
	// 	token       bytea                CHECK (octet_length(token) = 16),
	// 	expires_at  timestamptz NOT NULL,
	// 	response    bytea,
	// 	PRIMARY KEY (scope, key),
	// 	CHECK ((token IS NULL) <> (response IS NULL))
	// );
	// CREATE INDEX "idempotency_keys_expires_at_idx" ON "acct"."idempotency_keys" (expires_at);
}
