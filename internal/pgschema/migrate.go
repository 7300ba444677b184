package pgschema

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"hash/fnv"
)

// ErrSchemaTooNew is wrapped by the error Migrate returns when the table
// was migrated by a newer release, whose schema this one may not understand.
var ErrSchemaTooNew = errors.New("schema is newer than this release")

// Migrate brings table to version len(migrations): migrations[i] takes the
// schema from version i to i+1 (released entries never change; a new
// version appends one). It keeps the version in a table of its own (the
// table's name plus "_version") and runs in one transaction, so it is
// idempotent, and safe to run from several instances at once: they take
// turns on an advisory lock derived from owner and the table name. A table
// of the same name that Migrate did not create makes it fail rather than
// adopt it.
func Migrate(ctx context.Context, db *sql.DB, owner string, table Table, migrations [][]string) (err error) {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tx.Rollback()
		}
	}()
	h := fnv.New64a()
	h.Write([]byte(owner + "\x00" + table.String()))
	if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock($1)`, int64(h.Sum64())); err != nil {
		return err
	}
	versions := table.Quoted("_version")
	if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS `+versions+` (
	version    integer     PRIMARY KEY,
	applied_at timestamptz NOT NULL DEFAULT now()
)`); err != nil {
		return err
	}
	var current int
	if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(version), 0) FROM `+versions).Scan(&current); err != nil {
		return err
	}
	if current > len(migrations) {
		return fmt.Errorf("%w: the table is at version %d, this release knows up to %d", ErrSchemaTooNew, current, len(migrations))
	}
	for v := current; v < len(migrations); v++ {
		for _, stmt := range migrations[v] {
			if _, err := tx.ExecContext(ctx, stmt); err != nil {
				return fmt.Errorf("to version %d: %w", v+1, err)
			}
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO `+versions+` (version) VALUES ($1)`, v+1); err != nil {
			return err
		}
	}
	return tx.Commit()
}
