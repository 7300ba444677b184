package pgstore

import (
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"fmt"
	mrand "math/rand/v2"
	"time"

	"github.com/acctkit/acctkit/idempotency"
	"github.com/acctkit/acctkit/internal/pgschema"
)

// DefaultTable is the table a Store uses when [Options].Table is empty.
const DefaultTable = "idempotency_keys"

// Options configures a [Store]. The zero value uses [DefaultTable].
type Options struct {
	// Table names the table holding the records, optionally
	// schema-qualified ("acct.idempotency_keys"); "" means [DefaultTable].
	// Each part must be a lower-case identifier: a letter or underscore,
	// then letters, digits and underscores, at most 63 bytes for the schema
	// and 40 for the table (the index and version-table names append a
	// suffix to it). The schema must exist.
	Table string
}

// Store is an [idempotency.Store] on a PostgreSQL table, shared by every
// instance of a service that uses the same table. It is safe for
// concurrent use.
type Store struct {
	db    *sql.DB
	table pgschema.Table

	claimSQL, completeSQL, releaseSQL, sweepSQL string
}

var _ idempotency.Store = (*Store)(nil)

// New returns a Store on db's table. It does not touch the database: run
// [Store.Migrate] once (at start-up or from a deployment step) before the
// first claim. db may use any PostgreSQL driver.
func New(db *sql.DB, opts Options) (*Store, error) {
	if db == nil {
		return nil, errors.New("pgstore.New: db is nil")
	}
	if opts.Table == "" {
		opts.Table = DefaultTable
	}
	name, err := pgschema.ParseTable(opts.Table)
	if err != nil {
		return nil, fmt.Errorf("pgstore.New: %w", err)
	}
	t := name.Quoted("")
	return &Store{
		db:    db,
		table: name,
		// The expiry instant is statement_timestamp(), not now(): now() is
		// the start of the transaction, which for CompleteTx may be long
		// before the statement runs, and clock_timestamp() changes between
		// evaluations inside one statement, so the CASEs below could
		// disagree about whether a row has expired. See doc.go.
		//
		// A live row is "updated" to itself, so the statement always
		// returns the row as it stands after the conflict was resolved
		// under its row lock; our token coming back means we acquired.
		claimSQL: `INSERT INTO ` + t + ` AS r (scope, key, fingerprint, token, expires_at)
VALUES ($1, $2, $3, $4, statement_timestamp() + $5 * interval '1 microsecond')
ON CONFLICT (scope, key) DO UPDATE SET
	fingerprint = CASE WHEN r.expires_at > statement_timestamp() THEN r.fingerprint ELSE excluded.fingerprint END,
	token       = CASE WHEN r.expires_at > statement_timestamp() THEN r.token       ELSE excluded.token       END,
	expires_at  = CASE WHEN r.expires_at > statement_timestamp() THEN r.expires_at  ELSE excluded.expires_at  END,
	response    = CASE WHEN r.expires_at > statement_timestamp() THEN r.response END
RETURNING
	r.token IS NOT DISTINCT FROM $4,
	r.fingerprint = $3,
	r.token IS NULL,
	CASE WHEN r.token IS NULL AND r.fingerprint = $3 THEN r.response END,
	(extract(epoch FROM r.expires_at - statement_timestamp()) * 1000000)::bigint`,
		completeSQL: `UPDATE ` + t + ` SET token = NULL, response = $4,
	expires_at = statement_timestamp() + $5 * interval '1 microsecond'
WHERE scope = $1 AND key = $2 AND token = $3 AND expires_at > statement_timestamp()`,
		releaseSQL: `DELETE FROM ` + t + `
WHERE scope = $1 AND key = $2 AND token = $3 AND expires_at > statement_timestamp()`,
		// SKIP LOCKED: rows a claim or an open CompleteTx holds are left
		// for the next sweep instead of making the sweep wait.
		sweepSQL: `DELETE FROM ` + t + ` AS r USING (
	SELECT scope, key FROM ` + t + ` WHERE expires_at <= statement_timestamp()
	ORDER BY expires_at LIMIT $1 FOR UPDATE SKIP LOCKED) AS e
WHERE r.scope = e.scope AND r.key = e.key AND r.expires_at <= statement_timestamp()`,
	}, nil
}

// Table returns the table name in use, e.g. "idempotency_keys".
func (s *Store) Table() string { return s.table.String() }

// micros converts d to whole microseconds, PostgreSQL's resolution,
// rounding up so a stored lease is never shorter than the one asked for.
func micros(d time.Duration) int64 {
	return int64((d + time.Microsecond - 1) / time.Microsecond)
}

// Claim implements [idempotency.Store.Claim] in one statement (one round
// trip). Every claim of an existing key writes a row version, even when it
// only reports the key's state: that is the price of reading the state
// under the row lock in the same statement.
func (s *Store) Claim(ctx context.Context, key idempotency.Key, fp idempotency.Fingerprint, lease time.Duration) (idempotency.Claim, error) {
	if err := ctx.Err(); err != nil {
		return idempotency.Claim{}, fmt.Errorf("pgstore: claim: %w", err)
	}
	if lease <= 0 {
		return idempotency.Claim{}, fmt.Errorf("pgstore: claim: lease %v is not positive", lease)
	}
	var token idempotency.Token
	rand.Read(token[:]) // never fails: crypto/rand aborts the process instead
	var (
		acquired, sameFP, completed bool
		encoded                     []byte
		remaining                   int64
	)
	err := retry(ctx, func() error {
		return s.db.QueryRowContext(ctx, s.claimSQL, []byte(key.Scope), []byte(key.Key), fp[:], token[:], micros(lease)).
			Scan(&acquired, &sameFP, &completed, &encoded, &remaining)
	})
	if err != nil {
		return idempotency.Claim{}, s.fail("claim", err)
	}
	switch {
	case acquired:
		return idempotency.Claim{Status: idempotency.Acquired, Token: token, LeaseRemaining: lease}, nil
	case !sameFP:
		return idempotency.Claim{Status: idempotency.Mismatch}, nil
	case completed:
		var resp idempotency.Response
		if err := resp.UnmarshalBinary(encoded); err != nil {
			return idempotency.Claim{}, fmt.Errorf("pgstore: claim: stored response of key %q in scope %q: %w", key.Key, key.Scope, err)
		}
		return idempotency.Claim{Status: idempotency.Completed, Response: &resp}, nil
	default:
		// The row was live at the statement's instant, so at least 1µs.
		return idempotency.Claim{Status: idempotency.InProgress, LeaseRemaining: max(time.Duration(remaining)*time.Microsecond, time.Microsecond)}, nil
	}
}

// Complete implements [idempotency.Store.Complete] in one statement.
func (s *Store) Complete(ctx context.Context, key idempotency.Key, token idempotency.Token, resp idempotency.Response, retention time.Duration) error {
	return s.complete(ctx, s.db, true, "complete", key, token, resp, retention)
}

// CompleteTx is [Store.Complete] inside the caller's transaction, so the
// business write and the stored response commit or roll back together: a
// retry either finds the response or finds the key still in flight under
// the same token, never the effect without the response. tx must be on a
// connection to the store's database.
//
// The lease is checked when the statement runs, by the database's clock
// (not at the transaction's start). From then on the row stays locked until
// tx ends, so no claim can take the key over in between; claims of that key
// wait for the commit (and then replay the response) or the rollback (and
// then see the key in flight, as before). Keep tx short after CompleteTx.
//
// On an error wrapping [idempotency.ErrNotOwner] the lease was lost: another
// request may be running the same operation, so roll tx back. After a
// rollback the key is still held by token until its lease ends, and
// [Store.Release] or another CompleteTx may follow.
func (s *Store) CompleteTx(ctx context.Context, tx *sql.Tx, key idempotency.Key, token idempotency.Token, resp idempotency.Response, retention time.Duration) error {
	if tx == nil {
		return errors.New("pgstore: complete in transaction: tx is nil")
	}
	return s.complete(ctx, tx, false, "complete in transaction", key, token, resp, retention)
}

type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// complete runs the completion on db. It retries a serialization failure
// only when db runs each statement in a transaction of its own
// (autocommit): inside the caller's transaction the failure has aborted the
// whole transaction, which only the caller can retry.
func (s *Store) complete(ctx context.Context, db execer, autocommit bool, op string, key idempotency.Key, token idempotency.Token, resp idempotency.Response, retention time.Duration) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("pgstore: %s: %w", op, err)
	}
	if retention <= 0 {
		return fmt.Errorf("pgstore: %s: retention %v is not positive", op, retention)
	}
	// The shared encoding reads back only 3-digit statuses; refuse others
	// here rather than store a record no claim can decode.
	if resp.Status < 100 || resp.Status > 999 {
		return fmt.Errorf("pgstore: %s: response status %d is not a 3-digit HTTP status", op, resp.Status)
	}
	if token.IsZero() {
		return fmt.Errorf("pgstore: %s: %w", op, idempotency.ErrNotOwner)
	}
	encoded, err := resp.MarshalBinary()
	if err != nil {
		return fmt.Errorf("pgstore: %s: %w", op, err)
	}
	exec := func() (sql.Result, error) {
		return db.ExecContext(ctx, s.completeSQL, []byte(key.Scope), []byte(key.Key), token[:], encoded, micros(retention))
	}
	if !autocommit {
		res, err := exec()
		return s.affected(op, res, err)
	}
	res, err := execRetry(ctx, exec)
	return s.affected(op, res, err)
}

// Release implements [idempotency.Store.Release] in one statement.
func (s *Store) Release(ctx context.Context, key idempotency.Key, token idempotency.Token) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("pgstore: release: %w", err)
	}
	if token.IsZero() {
		return fmt.Errorf("pgstore: release: %w", idempotency.ErrNotOwner)
	}
	res, err := execRetry(ctx, func() (sql.Result, error) {
		return s.db.ExecContext(ctx, s.releaseSQL, []byte(key.Scope), []byte(key.Key), token[:])
	})
	return s.affected("release", res, err)
}

// affected turns the result of a fenced write into nil (one row changed)
// or ErrNotOwner (none).
func (s *Store) affected(op string, res sql.Result, err error) error {
	if err != nil {
		return s.fail(op, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return s.fail(op, err)
	}
	if n == 0 {
		return fmt.Errorf("pgstore: %s: %w", op, idempotency.ErrNotOwner)
	}
	return nil
}

// Sweep deletes expired records, at most batch per statement, each
// statement its own short transaction, until a statement finds fewer than
// batch or ctx ends. It returns how many it deleted. Expired records already
// behave as absent; sweeping only reclaims space, so run it periodically
// (say every few minutes) from one or all instances.
func (s *Store) Sweep(ctx context.Context, batch int) (int, error) {
	if batch <= 0 {
		return 0, fmt.Errorf("pgstore: sweep: batch %d is not positive", batch)
	}
	total := 0
	for {
		if err := ctx.Err(); err != nil {
			return total, fmt.Errorf("pgstore: sweep: %w", err)
		}
		res, err := execRetry(ctx, func() (sql.Result, error) { return s.db.ExecContext(ctx, s.sweepSQL, batch) })
		if err != nil {
			return total, s.fail("sweep", err)
		}
		n, err := res.RowsAffected()
		if err != nil {
			return total, s.fail("sweep", err)
		}
		total += int(n)
		if n < int64(batch) {
			return total, nil
		}
	}
}

// retry runs op again while it fails with a serialization failure or a
// deadlock, until ctx ends. Such a statement was rolled back whole, so
// running it again is safe. Under REPEATABLE READ or SERIALIZABLE as the
// session's default isolation, concurrent claims of one key fail that way;
// under READ COMMITTED, PostgreSQL's default, they wait for the row lock.
func retry(ctx context.Context, op func() error) error {
	pause := 500 * time.Microsecond
	for {
		err := op()
		var coded interface{ SQLState() string }
		if err == nil || !errors.As(err, &coded) || (coded.SQLState() != "40001" && coded.SQLState() != "40P01") {
			return err
		}
		// Jitter spreads out the contenders that failed together.
		t := time.NewTimer(pause/2 + mrand.N(pause))
		select {
		case <-ctx.Done():
			t.Stop()
			return err
		case <-t.C:
		}
		pause = min(2*pause, 50*time.Millisecond)
	}
}

// execRetry is retry for an ExecContext.
func execRetry(ctx context.Context, exec func() (sql.Result, error)) (res sql.Result, err error) {
	err = retry(ctx, func() error {
		res, err = exec()
		return err
	})
	return res, err
}

// fail wraps a database error, adding a hint when the table is missing.
func (s *Store) fail(op string, err error) error {
	var coded interface{ SQLState() string }
	if errors.As(err, &coded) && coded.SQLState() == "42P01" { // undefined_table
		return fmt.Errorf("pgstore: %s: table %s does not exist; run Migrate first: %w", op, s.table, err)
	}
	return fmt.Errorf("pgstore: %s: %w", op, err)
}
