package sqltext

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestScan(t *testing.T) {
	var got []string
	set := func(s string) error { got = append(got, s); return nil }
	b := []byte("abc")
	for _, src := range []any{nil, "x", b} {
		require.NoError(t, Scan(src, "pkg.Scan", "a thing", set))
	}
	b[0] = 'z' // the driver reuses its buffer: what set got is a copy
	assert.Equal(t, []string{"", "x", "abc"}, got)
	assert.EqualError(t, Scan(42, "pkg.Scan", "a thing", set),
		"pkg.Scan: cannot scan int into a thing: store it as text (a string, []byte or NULL)")
}
