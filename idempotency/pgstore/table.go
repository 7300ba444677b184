package pgstore

import (
	"errors"
	"fmt"
	"strings"
)

// DefaultTable is the table a Store uses when [Options].Table is empty.
const DefaultTable = "idempotency_keys"

// Identifier limits. PostgreSQL truncates names at 63 bytes; the table part
// is shorter because the index and version-table names are derived from it
// by appending a suffix.
const (
	maxSchemaLen = 63
	maxTableLen  = 40
)

// ErrTableName is wrapped by the error [New] returns for a table name that
// is not a safe identifier.
var ErrTableName = errors.New("pgstore: invalid table name")

// tableName is a validated, possibly schema-qualified table name.
type tableName struct {
	schema, table string
}

// parseTableName accepts "table" or "schema.table", each part a lower-case
// SQL identifier. Only this closed alphabet is spliced into SQL text, and
// every part is also double-quoted, so no name can change a statement's
// meaning.
func parseTableName(s string) (tableName, error) {
	schema, table, qualified := strings.Cut(s, ".")
	if !qualified {
		schema, table = "", s
	}
	if qualified {
		if err := checkIdent(s, schema, 0, maxSchemaLen, "schema"); err != nil {
			return tableName{}, err
		}
	}
	offset := 0
	if qualified {
		offset = len(schema) + 1
	}
	if err := checkIdent(s, table, offset, maxTableLen, "table"); err != nil {
		return tableName{}, err
	}
	return tableName{schema: schema, table: table}, nil
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

// quoted returns the name as a quoted SQL identifier, with suffix appended
// to the table part.
func (n tableName) quoted(suffix string) string {
	if n.schema == "" {
		return `"` + n.table + suffix + `"`
	}
	return `"` + n.schema + `"."` + n.table + suffix + `"`
}

// String returns the name as given, e.g. "acct.idempotency_keys".
func (n tableName) String() string {
	if n.schema == "" {
		return n.table
	}
	return n.schema + "." + n.table
}
