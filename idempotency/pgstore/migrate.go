package pgstore

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
)

// SchemaVersion is the schema version this release of the package migrates
// to and works with.
const SchemaVersion = 1

// ErrSchemaTooNew is wrapped by the error [Store.Migrate] returns when the
// table was migrated by a newer release of this package, whose schema this
// one may not understand.
var ErrSchemaTooNew = errors.New("pgstore: schema is newer than this release")

// migrations[i] takes the schema from version i to version i+1. Released
// entries never change; a new version appends one.
func (s *Store) migrations() [][]string {
	t := s.table.quoted("")
	return [][]string{{
		// Scope and key are bytea so they compare byte for byte, as the
		// Store contract says, whatever the database's encoding and
		// collation. Completed rows have a response and no token; rows
		// in flight have a token and no response.
		`CREATE TABLE ` + t + ` (
	scope       bytea       NOT NULL,
	key         bytea       NOT NULL,
	fingerprint bytea       NOT NULL CHECK (octet_length(fingerprint) = 32),
	token       bytea                CHECK (octet_length(token) = 16),
	expires_at  timestamptz NOT NULL,
	response    bytea,
	PRIMARY KEY (scope, key),
	CHECK ((token IS NULL) <> (response IS NULL))
)`,
		`CREATE INDEX "` + s.table.table + `_expires_at_idx" ON ` + t + ` (expires_at)`,
	}}
}

// Migrate brings the table to [SchemaVersion]: it creates the table, its
// index and a version table (the table's name plus "_version") on first
// use and applies any later migration, in one transaction. It is
// idempotent, and safe to run from several instances at once: they take
// turns on an advisory lock derived from the table name. A table of the
// same name that Migrate did not create makes it fail rather than adopt it.
func (s *Store) Migrate(ctx context.Context) (err error) {
	fail := func(err error) error { return fmt.Errorf("pgstore: migrate %s: %w", s.table, err) }
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fail(err)
	}
	defer func() {
		if err != nil {
			tx.Rollback()
		}
	}()
	h := fnv.New64a()
	h.Write([]byte("github.com/acctkit/acctkit/idempotency/pgstore\x00" + s.table.String()))
	if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock($1)`, int64(h.Sum64())); err != nil {
		return fail(err)
	}
	versions := s.table.quoted("_version")
	if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS `+versions+` (
	version    integer     PRIMARY KEY,
	applied_at timestamptz NOT NULL DEFAULT now()
)`); err != nil {
		return fail(err)
	}
	var current int
	if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(version), 0) FROM `+versions).Scan(&current); err != nil {
		return fail(err)
	}
	migrations := s.migrations()
	if current > len(migrations) {
		return fail(fmt.Errorf("%w: the table is at version %d, this release knows up to %d", ErrSchemaTooNew, current, len(migrations)))
	}
	for v := current; v < len(migrations); v++ {
		for _, stmt := range migrations[v] {
			if _, err := tx.ExecContext(ctx, stmt); err != nil {
				return fail(fmt.Errorf("to version %d: %w", v+1, err))
			}
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO `+versions+` (version) VALUES ($1)`, v+1); err != nil {
			return fail(err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fail(err)
	}
	return nil
}
