package pgstore

import (
	"context"
	"fmt"
	"strings"

	"github.com/acctkit/acctkit/internal/pgschema"
)

// SchemaVersion is the schema version this release of the package migrates
// to and works with.
const SchemaVersion = 1

// ErrSchemaTooNew is wrapped by the error [Store.Migrate] returns when the
// table was migrated by a newer release of this package, whose schema this
// one may not understand.
var ErrSchemaTooNew = pgschema.ErrSchemaTooNew

// ErrTableName is wrapped by the error [New] returns for a table name that
// is not a safe identifier.
var ErrTableName = pgschema.ErrTableName

// migrations[i] takes the schema from version i to version i+1. Released
// entries never change; a new version appends one.
func (s *Store) migrations() [][]string {
	t := s.table.Quoted("")
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
		`CREATE INDEX ` + s.table.Name("_expires_at_idx") + ` ON ` + t + ` (expires_at)`,
	}}
}

// DDL returns the SQL that creates the table and its index at
// [SchemaVersion], as semicolon-terminated statements, for teams whose
// schema changes go through a migration tool (golang-migrate, goose,
// Atlas, ...): put it in a migration of their own instead of calling
// [Store.Migrate]. Use one or the other: Migrate refuses to adopt a table
// it did not create. It is the statements Migrate runs, minus its version
// table; a release that changes the schema raises SchemaVersion and says
// what to add.
func (s *Store) DDL() string {
	var b strings.Builder
	for _, stmts := range s.migrations() {
		for _, stmt := range stmts {
			b.WriteString(stmt)
			b.WriteString(";\n")
		}
	}
	return b.String()
}

// Migrate brings the table to [SchemaVersion]: it creates the table, its
// index and a version table (the table's name plus "_version") on first
// use and applies any later migration, in one transaction. It is
// idempotent, and safe to run from several instances at once: they take
// turns on an advisory lock derived from the table name. A table of the
// same name that Migrate did not create makes it fail rather than adopt it.
func (s *Store) Migrate(ctx context.Context) error {
	if err := pgschema.Migrate(ctx, s.db, "github.com/acctkit/acctkit/idempotency/pgstore", s.table, s.migrations()); err != nil {
		return fmt.Errorf("pgstore: migrate %s: %w", s.table, err)
	}
	return nil
}
