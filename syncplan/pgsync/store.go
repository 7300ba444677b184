package pgsync

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"strings"
	"time"

	"github.com/acctkit/acctkit/account/artu"
	"github.com/acctkit/acctkit/internal/pgschema"
	"github.com/acctkit/acctkit/internal/uuid"
	"github.com/acctkit/acctkit/syncplan"
)

// DefaultTable is the table a Store uses when Options.Table is empty.
const DefaultTable = "bank_accounts"

// Options configure a Store. The zero value is ready to use.
type Options struct {
	// Table names the accounts table, optionally schema-qualified
	// ("acct.bank_accounts"); "" means DefaultTable. Each part is a
	// lower-case identifier (see idempotency/pgstore's Options.Table).
	Table string
	// CacheRecords, when positive, keeps up to that many accounts (of all
	// clients together) in memory between syncs, so that a sync of a client
	// whose accounts have not changed since reads a version number instead
	// of every account. Every write to the table bumps the versions of the
	// clients it touches (a trigger), so a write made outside this Store,
	// or by another process, is never missed. 0 reads every account on
	// every sync.
	CacheRecords int
}

// Store keeps ARTU bank accounts in a PostgreSQL table. It is safe for
// concurrent use, from one process or many.
type Store struct {
	db    *sql.DB
	table pgschema.Table
	scope string
	cache *cache // shared by the scoped copies

	lockSQL, versionSQL, countSQL, loadSQL, deleteSQL, updateSQL, insertSQL string
}

// SyncOptions configure one Sync.
type SyncOptions struct {
	// Plan is passed to syncplan.Compute; its Now is truncated to the
	// microsecond (PostgreSQL's resolution) and read in UTC, as records
	// are loaded, and nil means time.Now.
	Plan syncplan.Options
	// BeforeCommit, when not nil, runs inside the transaction after the
	// plan is applied and before the commit: complete the request's
	// idempotency record there (pgstore.Store.CompleteTx) so that it
	// commits with the accounts. An error from it rolls the sync back and
	// is returned.
	BeforeCommit func(ctx context.Context, tx *sql.Tx, plan *syncplan.Plan) error
}

// New returns a Store on db's table. It does not touch the database: run
// Migrate once before the first Sync. db may use any PostgreSQL driver.
func New(db *sql.DB, opts Options) (*Store, error) {
	if db == nil {
		return nil, errors.New("pgsync.New: db is nil")
	}
	if opts.Table == "" {
		opts.Table = DefaultTable
	}
	table, err := pgschema.ParseTable(opts.Table)
	if err != nil {
		return nil, fmt.Errorf("pgsync.New: %w", err)
	}
	t := table.Quoted("")
	set := make([]string, 0, len(columns))
	for _, c := range columns[3:] { // scope, id and client_id never change
		set = append(set, c+" = r."+c)
	}
	return &Store{
		db:    db,
		table: table,
		cache: newCache(opts.CacheRecords),
		versionSQL: `SELECT coalesce((SELECT version FROM ` + table.Quoted("_clients") + `
WHERE scope = $1 AND client_id = $2), 0)`,
		// hashtextextended spreads client ids over the 64-bit advisory
		// lock space; two clients that collide merely take turns.
		lockSQL:  `SELECT pg_advisory_xact_lock(hashtextextended($1 || chr(1) || $2, ` + fmt.Sprint(lockSeed(table)) + `))`,
		countSQL: `SELECT count(*) FROM ` + t + ` WHERE scope = $1 AND client_id = $2`,
		loadSQL:  `SELECT ` + strings.Join(columns[1:len(columns)-1], ", ") + ` FROM ` + t + ` WHERE scope = $1 AND client_id = $2 ORDER BY id`,
		// One statement per action, the batch as one json parameter:
		// json (not jsonb) keeps metadata exactly as sent.
		deleteSQL: `DELETE FROM ` + t + ` WHERE scope = $1 AND client_id = $2 AND id IN (SELECT value::uuid FROM json_array_elements_text($3::json))`,
		updateSQL: `UPDATE ` + t + ` AS t SET ` + strings.Join(set, ", ") + `
FROM json_populate_recordset(NULL::` + t + `, $3::json) AS r WHERE t.scope = $1 AND t.client_id = $2 AND t.id = r.id`,
		insertSQL: `INSERT INTO ` + t + ` SELECT * FROM json_populate_recordset(NULL::` + t + `, $1::json)`,
	}, nil
}

func lockSeed(t pgschema.Table) int64 {
	h := fnv.New64a()
	h.Write([]byte("github.com/acctkit/acctkit/syncplan/pgsync\x00" + t.String()))
	return int64(h.Sum64())
}

// Table returns the table name in use, e.g. "bank_accounts".
func (s *Store) Table() string { return s.table.String() }

// WithScope returns a Store on the same table whose clients live in scope:
// a tenant, or an environment, of a multi-tenant service. Clients of
// different scopes never see each other, even with equal ids; the Store New
// returns works in scope "".
func (s *Store) WithScope(scope string) *Store {
	c := *s
	c.scope = scope
	return &c
}

// Sync carries out req for the client clientID in one transaction (see the
// package documentation) and returns the plan it applied. A request that
// breaks a rule returns syncplan.Compute's *account.ValidationError and
// changes nothing.
func (s *Store) Sync(ctx context.Context, clientID string, req artu.SyncRequest, opts SyncOptions) (plan *syncplan.Plan, err error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, s.fail("begin", err)
	}
	defer func() {
		if err != nil {
			tx.Rollback()
		}
	}()
	key := clientKey{s.scope, uuid.Canonical(clientID)}
	if _, err := tx.ExecContext(ctx, s.lockSQL, key.scope, key.client); err != nil {
		return nil, s.fail("lock", err)
	}
	var version int64
	if s.cache != nil {
		if err := tx.QueryRowContext(ctx, s.versionSQL, key.scope, key.client).Scan(&version); err != nil {
			return nil, s.fail("version", err)
		}
	}
	existing, cached := s.cache.get(key, version)
	if !cached {
		if existing, err = s.load(ctx, tx, clientID); err != nil {
			return nil, err
		}
	}
	popts := opts.Plan
	now := popts.Now
	if now == nil {
		now = time.Now
	}
	popts.Now = func() time.Time { return now().Truncate(time.Microsecond).UTC() }
	plan, err = syncplan.Compute(clientID, existing, req, popts)
	if err != nil {
		return nil, err
	}
	if err := s.apply(ctx, tx, clientID, plan); err != nil {
		s.cache.drop(key)
		return nil, err
	}
	if s.cache != nil {
		if err := tx.QueryRowContext(ctx, s.versionSQL, key.scope, key.client).Scan(&version); err != nil {
			return nil, s.fail("version", err)
		}
	}
	if opts.BeforeCommit != nil {
		if err := opts.BeforeCommit(ctx, tx, plan); err != nil {
			return nil, err
		}
	}
	if err := tx.Commit(); err != nil {
		s.cache.drop(key)
		return nil, s.fail("commit", err)
	}
	s.cache.put(key, version, existing, plan)
	return plan, nil
}

// Accounts returns the client's accounts in id order.
func (s *Store) Accounts(ctx context.Context, clientID string) ([]artu.BankAccount, error) {
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, s.fail("begin", err)
	}
	defer tx.Rollback()
	return s.load(ctx, tx, clientID)
}

func (s *Store) apply(ctx context.Context, tx *sql.Tx, clientID string, plan *syncplan.Plan) error {
	var deleted []string
	var updated, created []row
	for i := range plan.Changes {
		c := &plan.Changes[i]
		switch c.Action {
		case syncplan.Delete:
			deleted = append(deleted, c.Before.ID)
		case syncplan.Update:
			updated = append(updated, toRow(s.scope, &c.After))
		case syncplan.Create:
			created = append(created, toRow(s.scope, &c.After))
		}
	}
	// Deletes first, then updates, then creates: a key a deleted account
	// gives up is free before another takes it (the unique constraints
	// are deferred anyway).
	if len(deleted) > 0 {
		if err := s.exec(ctx, tx, "delete", s.deleteSQL, len(deleted), clientID, deleted); err != nil {
			return err
		}
	}
	if len(updated) > 0 {
		if err := s.exec(ctx, tx, "update", s.updateSQL, len(updated), clientID, updated); err != nil {
			return err
		}
	}
	if len(created) > 0 {
		body, err := json.Marshal(created)
		if err != nil {
			return s.fail("insert", err)
		}
		if _, err := tx.ExecContext(ctx, s.insertSQL, string(body)); err != nil {
			return s.fail("insert", err)
		}
	}
	return nil
}

// exec runs a batch statement and checks it touched every row it names:
// the plan was computed under the client's lock, so a shortfall means the
// table was written without it.
func (s *Store) exec(ctx context.Context, tx *sql.Tx, op, query string, want int, clientID string, batch any) error {
	body, err := json.Marshal(batch)
	if err != nil {
		return s.fail(op, err)
	}
	res, err := tx.ExecContext(ctx, query, s.scope, clientID, string(body))
	if err != nil {
		return s.fail(op, err)
	}
	if n, err := res.RowsAffected(); err == nil && n != int64(want) {
		return fmt.Errorf("pgsync: %s: %d of %d rows changed: %w", op, n, want, ErrConcurrentWrite)
	}
	return nil
}

// ErrTableName is wrapped by the error New returns for a table name that is
// not a safe identifier.
var ErrTableName = pgschema.ErrTableName

// ErrConcurrentWrite is wrapped by the error Sync returns when the table
// changed under the client's lock: something wrote the client's accounts
// without Sync. Nothing is applied.
var ErrConcurrentWrite = errors.New("the client's accounts were written outside pgsync")

func (s *Store) fail(op string, err error) error {
	return fmt.Errorf("pgsync: %s on %s: %w", op, s.table, err)
}

// naturalKeyHash is the stored form of a natural key: its SHA-256, nil
// (NULL) when the account has none.
func naturalKeyHash(a *artu.BankAccount) []byte {
	k := syncplan.NaturalKey(a)
	if k == "" {
		return nil
	}
	h := sha256.Sum256([]byte(k))
	return h[:]
}
