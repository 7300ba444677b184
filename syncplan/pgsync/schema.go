package pgsync

import (
	"context"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/acctkit/acctkit/account/artu"
	"github.com/acctkit/acctkit/clabe"
	"github.com/acctkit/acctkit/internal/pgschema"
)

// SchemaVersion is the schema version this release migrates to.
const SchemaVersion = 2

// columns are the table's columns in table order; the JSON names of row
// are the same, which is what json_populate_recordset matches on.
var columns = []string{
	"scope", "id", "client_id", "account_number", "bank_name", "bank_code", "country", "currency", "type",
	"is_primary", "is_active", "label", "external_id", "metadata", "clabe", "codigo_banco",
	"codigo_plaza", "created_at", "updated_at", "natural_key",
}

// migrations[i] takes the schema from version i to i+1. Released entries
// never change; a new version appends one.
func migrations(table pgschema.Table) [][]string {
	t, clients, bump := table.Quoted(""), table.Quoted("_clients"), table.Quoted("_bump")
	return [][]string{{
		// Absent optional fields are NULL, never '': the unique
		// constraints then ignore them.
		`CREATE TABLE ` + t + ` (
	scope          text        NOT NULL,
	id             uuid        PRIMARY KEY,
	client_id      uuid        NOT NULL,
	account_number text        NOT NULL,
	bank_name      text        NOT NULL,
	bank_code      text,
	country        text,
	currency       text        NOT NULL,
	type           text        NOT NULL,
	is_primary     boolean     NOT NULL,
	is_active      boolean     NOT NULL,
	label          text,
	external_id    text,
	metadata       json,
	clabe          text,
	codigo_banco   text,
	codigo_plaza   text,
	created_at     timestamptz NOT NULL,
	updated_at     timestamptz NOT NULL,
	natural_key    bytea       CHECK (octet_length(natural_key) = 32),
	CONSTRAINT ` + table.Name("_natural_key_key") + ` UNIQUE (scope, client_id, natural_key) DEFERRABLE INITIALLY DEFERRED,
	CONSTRAINT ` + table.Name("_external_id_key") + ` UNIQUE (scope, client_id, external_id) DEFERRABLE INITIALLY DEFERRED
)`,
		// At most one primary account per client, checked at the commit
		// too: a sync demotes one account and promotes another.
		`CREATE UNIQUE INDEX ` + table.Name("_one_primary_idx") + ` ON ` + t + ` (scope, client_id) WHERE is_primary`,
	}, {
		// Ids are unique per scope, like everything else.
		`ALTER TABLE ` + t + ` DROP CONSTRAINT ` + table.Name("_pkey") + `, ADD PRIMARY KEY (scope, id)`,
		// A sync reads a client's accounts in id order: this index gives
		// the order without a sort, and the count without the rows.
		`CREATE INDEX ` + table.Name("_client_idx") + ` ON ` + t + ` (scope, client_id, id)`,
		// Every statement that writes the table, from pgsync or not, bumps
		// the version of each client it touches: a Store's cache of a
		// client's accounts is good only while the version is the same.
		`CREATE TABLE ` + clients + ` (
	scope     text   NOT NULL,
	client_id uuid   NOT NULL,
	version   bigint NOT NULL,
	PRIMARY KEY (scope, client_id)
)`,
		`CREATE FUNCTION ` + bump + `() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP IN ('INSERT', 'UPDATE') THEN
		INSERT INTO ` + clients + ` (scope, client_id, version)
		SELECT DISTINCT scope, client_id, 1 FROM new_rows
		ON CONFLICT (scope, client_id) DO UPDATE SET version = ` + clients + `.version + 1;
	END IF;
	IF TG_OP IN ('UPDATE', 'DELETE') THEN
		INSERT INTO ` + clients + ` (scope, client_id, version)
		SELECT DISTINCT scope, client_id, 1 FROM old_rows
		ON CONFLICT (scope, client_id) DO UPDATE SET version = ` + clients + `.version + 1;
	END IF;
	RETURN NULL;
END $$`,
		`CREATE TRIGGER ` + table.Name("_bump_insert") + ` AFTER INSERT ON ` + t + ` REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ` + bump + `()`,
		`CREATE TRIGGER ` + table.Name("_bump_update") + ` AFTER UPDATE ON ` + t + ` REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ` + bump + `()`,
		`CREATE TRIGGER ` + table.Name("_bump_delete") + ` AFTER DELETE ON ` + t + ` REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION ` + bump + `()`,
	}}
}

// DDL returns the SQL that creates the table, its constraints and index at
// SchemaVersion, as semicolon-terminated statements, for teams whose schema
// changes go through a migration tool (golang-migrate, goose, Atlas): use it
// or Migrate, not both (Migrate refuses to adopt a table it did not create).
func (s *Store) DDL() string {
	var b strings.Builder
	for _, stmts := range migrations(s.table) {
		for _, stmt := range stmts {
			b.WriteString(stmt)
			b.WriteString(";\n")
		}
	}
	return b.String()
}

// Migrate brings the table to SchemaVersion: idempotent, and safe to run
// from several instances at once.
func (s *Store) Migrate(ctx context.Context) error {
	if err := pgschema.Migrate(ctx, s.db, "github.com/acctkit/acctkit/syncplan/pgsync", s.table, migrations(s.table)); err != nil {
		return fmt.Errorf("pgsync: migrate %s: %w", s.table, err)
	}
	return nil
}

// row is a record as the batch statements read it.
type row struct {
	Scope         string                     `json:"scope"`
	ID            string                     `json:"id"`
	ClientID      string                     `json:"client_id"`
	AccountNumber string                     `json:"account_number"`
	BankName      string                     `json:"bank_name"`
	BankCode      string                     `json:"bank_code,omitempty"`
	Country       string                     `json:"country,omitempty"`
	Currency      string                     `json:"currency"`
	Type          artu.AccountType           `json:"type"`
	IsPrimary     bool                       `json:"is_primary"`
	IsActive      bool                       `json:"is_active"`
	Label         string                     `json:"label,omitempty"`
	ExternalID    string                     `json:"external_id,omitempty"`
	Metadata      map[string]json.RawMessage `json:"metadata,omitzero"`
	CLABE         clabe.CLABE                `json:"clabe,omitzero"`
	CodigoBanco   string                     `json:"codigo_banco,omitempty"`
	CodigoPlaza   string                     `json:"codigo_plaza,omitempty"`
	CreatedAt     time.Time                  `json:"created_at"`
	UpdatedAt     time.Time                  `json:"updated_at"`
	NaturalKey    string                     `json:"natural_key,omitempty"` // bytea's hex input form
}

func toRow(scope string, a *artu.BankAccount) row {
	r := row{
		Scope: scope, ID: a.ID, ClientID: a.ClientID, AccountNumber: a.AccountNumber, BankName: a.BankName,
		BankCode: a.BankCode, Country: a.Country, Currency: a.Currency, Type: a.Type,
		IsPrimary: a.IsPrimary, IsActive: a.IsActive, Label: a.Label, ExternalID: a.ExternalID,
		Metadata: a.Metadata, CLABE: a.CLABE, CodigoBanco: a.CodigoBanco, CodigoPlaza: a.CodigoPlaza,
		CreatedAt: a.CreatedAt, UpdatedAt: a.UpdatedAt,
	}
	if h := naturalKeyHash(a); h != nil {
		r.NaturalKey = `\x` + hex.EncodeToString(h)
	}
	return r
}

// load reads the client's accounts in id order. It counts them first
// (from the index alone) so that the slice is allocated once: growing a
// slice of 10,000 records by appending cost more than reading them.
func (s *Store) load(ctx context.Context, tx *sql.Tx, clientID string) ([]artu.BankAccount, error) {
	var n int
	if err := tx.QueryRowContext(ctx, s.countSQL, s.scope, clientID).Scan(&n); err != nil {
		return nil, s.fail("load", err)
	}
	rows, err := tx.QueryContext(ctx, s.loadSQL, s.scope, clientID)
	if err != nil {
		return nil, s.fail("load", err)
	}
	defer rows.Close()
	var (
		out                                                            = make([]artu.BankAccount, 0, n)
		bankCode, country, label, externalID, codigoBanco, codigoPlaza sql.NullString
		metadata                                                       []byte
	)
	for rows.Next() {
		var a artu.BankAccount
		if err := rows.Scan(&a.ID, &a.ClientID, &a.AccountNumber, &a.BankName, &bankCode, &country,
			&a.Currency, &a.Type, &a.IsPrimary, &a.IsActive, &label, &externalID, &metadata, &a.CLABE,
			&codigoBanco, &codigoPlaza, &a.CreatedAt, &a.UpdatedAt); err != nil {
			return nil, s.fail("load", err)
		}
		a.CreatedAt, a.UpdatedAt = a.CreatedAt.UTC(), a.UpdatedAt.UTC()
		a.BankCode, a.Country, a.Label = bankCode.String, country.String, label.String
		a.ExternalID, a.CodigoBanco, a.CodigoPlaza = externalID.String, codigoBanco.String, codigoPlaza.String
		if metadata != nil {
			if err := json.Unmarshal(metadata, &a.Metadata); err != nil {
				return nil, s.fail("load", fmt.Errorf("metadata of account %s: %w", a.ID, err))
			}
		}
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, s.fail("load", err)
	}
	return out, nil
}
