// Package pgschema holds what the PostgreSQL packages (idempotency/pgstore,
// syncplan/pgsync) share about their tables: a table name that is safe to
// splice into SQL, and versioned migrations applied under an advisory lock.
package pgschema

import (
	"errors"
	"fmt"
	"strings"
)

// Identifier limits. PostgreSQL truncates names at 63 bytes; the table part
// is shorter because index and version-table names are derived from it by
// appending a suffix.
const (
	maxSchemaLen = 63
	maxTableLen  = 40
)

// ErrTableName is wrapped by the error ParseTable returns for a table name
// that is not a safe identifier.
var ErrTableName = errors.New("invalid table name")

// Table is a validated, possibly schema-qualified table name.
type Table struct {
	schema, table string
}

// ParseTable accepts "table" or "schema.table", each part a lower-case SQL
// identifier. Only this closed alphabet is spliced into SQL text, and every
// part is also double-quoted, so no name can change a statement's meaning.
func ParseTable(s string) (Table, error) {
	schema, table, qualified := strings.Cut(s, ".")
	offset := 0
	if qualified {
		if err := checkIdent(s, schema, 0, maxSchemaLen, "schema"); err != nil {
			return Table{}, err
		}
		offset = len(schema) + 1
	} else {
		schema, table = "", s
	}
	if err := checkIdent(s, table, offset, maxTableLen, "table"); err != nil {
		return Table{}, err
	}
	return Table{schema: schema, table: table}, nil
}

func checkIdent(full, part string, offset, maxLen int, what string) error {
	if part == "" {
		return fmt.Errorf("%w %q: the %s name is empty", ErrTableName, full, what)
	}
	if len(part) > maxLen {
		return fmt.Errorf("%w %q: the %s name is %d bytes, more than %d", ErrTableName, full, what, len(part), maxLen)
	}
	for i := 0; i < len(part); i++ {
		c := part[i]
		switch {
		case c >= 'a' && c <= 'z', c == '_':
		case c >= '0' && c <= '9' && i > 0:
		default:
			shown := fmt.Sprintf("%#02x", c)
			if c >= ' ' && c <= '~' {
				shown = fmt.Sprintf("%q", c)
			}
			return fmt.Errorf("%w %q: byte %d (%s) is not allowed; use a lower-case letter or underscore, then letters, digits and underscores, optionally as schema.table",
				ErrTableName, full, offset+i, shown)
		}
	}
	return nil
}

// Quoted returns the name as a quoted SQL identifier, with suffix appended
// to the table part: Quoted("_version") names the version table.
func (n Table) Quoted(suffix string) string {
	if n.schema == "" {
		return `"` + n.table + suffix + `"`
	}
	return `"` + n.schema + `"."` + n.table + suffix + `"`
}

// Name returns the unqualified table name with suffix appended, quoted:
// for an index or constraint, which takes no schema.
func (n Table) Name(suffix string) string { return `"` + n.table + suffix + `"` }

// String returns the name as given, e.g. "acct.idempotency_keys".
func (n Table) String() string {
	if n.schema == "" {
		return n.table
	}
	return n.schema + "." + n.table
}
