package pgschema

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseTable(t *testing.T) {
	for in, want := range map[string]string{
		"accounts":           `"accounts"`,
		"acct.bank_accounts": `"acct"."bank_accounts"`,
		"_t9":                `"_t9"`,
	} {
		n, err := ParseTable(in)
		require.NoError(t, err, in)
		assert.Equal(t, want, n.Quoted(""))
		assert.Equal(t, in, n.String())
	}
	n, _ := ParseTable("acct.t")
	assert.Equal(t, `"acct"."t_version"`, n.Quoted("_version"))
	assert.Equal(t, `"t_key"`, n.Name("_key"))

	for in, want := range map[string]string{
		"":         `invalid table name "": the table name is empty`,
		"Idem":     `invalid table name "Idem": byte 0 ('I') is not allowed`,
		"9lives":   `invalid table name "9lives": byte 0 ('9') is not allowed`,
		`x"; drop`: `invalid table name "x\"; drop": byte 1 ('"') is not allowed`,
		"a.b.c":    `invalid table name "a.b.c": byte 3 ('.') is not allowed`,
		".t":       `invalid table name ".t": the schema name is empty`,
		"t\u00e9":  `invalid table name "té": byte 1 (0xc3) is not allowed`,
		"\x00":     `invalid table name "\x00": byte 0 (0x00) is not allowed`,
	} {
		_, err := ParseTable(in)
		require.ErrorIs(t, err, ErrTableName, in)
		assert.Contains(t, err.Error(), want)
	}
	long := "t"
	for len(long) <= maxTableLen {
		long += "t"
	}
	_, err := ParseTable(long)
	assert.ErrorContains(t, err, "the table name is 41 bytes, more than 40")
}
