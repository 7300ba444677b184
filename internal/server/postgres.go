package server

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/http"

	"github.com/acctkit/acctkit/account/artu"
	"github.com/acctkit/acctkit/idempotency"
	"github.com/acctkit/acctkit/idempotency/pgstore"
	"github.com/acctkit/acctkit/syncplan"
	"github.com/acctkit/acctkit/syncplan/pgsync"
)

// Postgres is a Backend on PostgreSQL: ARTU accounts in a pgsync table,
// Synctera documents in a table of their own.
type Postgres struct {
	db       *sql.DB
	accounts *pgsync.Store
	// keys, when the idempotency records are in the same database, lets a
	// sync complete its request's record in the sync's transaction.
	keys *pgstore.Store
}

// NewPostgres returns a Postgres backend on db and migrates its tables.
// keys, when not nil, is the idempotency store of the same database.
func NewPostgres(ctx context.Context, db *sql.DB, keys *pgstore.Store) (*Postgres, error) {
	// The cache keeps up to 200,000 accounts (about 60 MB) between syncs:
	// a repeat sync of a client then reads a version number, not every
	// account.
	accounts, err := pgsync.New(db, pgsync.Options{Table: "acctkit_bank_accounts", CacheRecords: 200_000})
	if err != nil {
		return nil, err
	}
	if err := accounts.Migrate(ctx); err != nil {
		return nil, err
	}
	if _, err := db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS acctkit_documents (
	scope text  NOT NULL,
	kind  text  NOT NULL,
	id    uuid  NOT NULL,
	doc   jsonb NOT NULL,
	PRIMARY KEY (scope, kind, id)
)`); err != nil {
		return nil, fmt.Errorf("server: create acctkit_documents: %w", err)
	}
	return &Postgres{db: db, accounts: accounts, keys: keys}, nil
}

// Sync implements Backend. When the request runs under an idempotency
// claim and the records are in this database, the stored response commits
// in the sync's own transaction: a crash after the commit replays it, and
// the accounts never change without it.
func (p *Postgres) Sync(ctx context.Context, scope, clientID string, req artu.SyncRequest, opts syncplan.Options) (*syncplan.Plan, error) {
	so := pgsync.SyncOptions{Plan: opts}
	claim, claimed := idempotency.FromContext(ctx)
	var stored idempotency.Response
	if claimed && p.keys != nil {
		so.BeforeCommit = func(ctx context.Context, tx *sql.Tx, plan *syncplan.Plan) error {
			body, err := syncResponseBody(plan)
			if err != nil {
				return err
			}
			stored = claim.Response(http.StatusOK, jsonHeader(len(body)), body)
			return p.keys.CompleteTx(ctx, tx, claim.Key, claim.Token, stored, claim.Retention)
		}
	}
	plan, err := p.accounts.WithScope(scope).Sync(ctx, clientID, req, so)
	if err == nil && so.BeforeCommit != nil {
		claim.Completed(stored)
	}
	return plan, err
}

// Accounts implements Backend.
func (p *Postgres) Accounts(ctx context.Context, scope, clientID string) ([]artu.BankAccount, error) {
	return p.accounts.WithScope(scope).Accounts(ctx, clientID)
}

// Insert implements Backend.
func (p *Postgres) Insert(ctx context.Context, scope, kind, id string, doc []byte) error {
	_, err := p.db.ExecContext(ctx, `INSERT INTO acctkit_documents (scope, kind, id, doc) VALUES ($1, $2, $3, $4)`, scope, kind, id, string(doc))
	return err
}

// Get implements Backend.
func (p *Postgres) Get(ctx context.Context, scope, kind, id string) ([]byte, error) {
	var doc []byte
	err := p.db.QueryRowContext(ctx, `SELECT doc FROM acctkit_documents WHERE scope = $1 AND kind = $2 AND id = $3`, scope, kind, id).Scan(&doc)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	return doc, err
}

// Modify implements Backend.
func (p *Postgres) Modify(ctx context.Context, scope, kind, id string, change func([]byte) ([]byte, error)) (_ []byte, err error) {
	tx, err := p.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer func() {
		if err != nil {
			tx.Rollback()
		}
	}()
	var old []byte
	err = tx.QueryRowContext(ctx, `SELECT doc FROM acctkit_documents WHERE scope = $1 AND kind = $2 AND id = $3 FOR UPDATE`, scope, kind, id).Scan(&old)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	doc, err := change(old)
	if err != nil {
		return nil, err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE acctkit_documents SET doc = $4 WHERE scope = $1 AND kind = $2 AND id = $3`, scope, kind, id, string(doc)); err != nil {
		return nil, err
	}
	return doc, tx.Commit()
}

// Ready implements Backend.
func (p *Postgres) Ready(ctx context.Context) error { return p.db.PingContext(ctx) }
