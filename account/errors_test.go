package account

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestPath(t *testing.T) {
	items, md, root := NewPath("items"), NewPath("metadata"), Path{}
	i3 := items.Index(3)
	assert.Equal(t, "items[3].clabe", i3.Child("clabe").String())
	assert.Equal(t, "items[3]", i3.String())
	assert.Equal(t, "clabe", root.Child("clabe").String())
	assert.Equal(t, "", root.String())
	assert.True(t, root.IsRoot())
	assert.False(t, items.IsRoot())
	assert.Equal(t, "metadata.tier", md.Key("tier").String())
	assert.Equal(t, `metadata["a.b"]`, md.Key("a.b").String())
	assert.Equal(t, `metadata[""]`, md.Key("").String())
	assert.Equal(t, "[2]", root.Index(2).String())
}

// A valid value builds its paths on the stack and renders none.
func TestPathAllocs(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector adds allocations")
	}
	var c Collector
	allocs := testing.AllocsPerRun(100, func() {
		items := NewPath("items")
		for i := range 3 {
			it := items.Index(i)
			p := it.Child("clabe")
			if p.IsRoot() {
				c.Add(p, CodeRequired, "never", nil)
			}
		}
	})
	assert.Zero(t, allocs)
	assert.NoError(t, c.Err())
}

func TestPathPointer(t *testing.T) {
	tests := map[string]string{
		"":                               "",
		"items":                          "/items",
		"items[3].clabe":                 "/items/3/clabe",
		"a.b[0][1].c":                    "/a/b/0/1/c",
		`metadata["a.b"]`:                "/metadata/a.b",
		`metadata["x/y~z"]`:              "/metadata/x~1y~0z",
		`metadata["q\"]"].v`:             `/metadata/q"]/v`,
		"routing_identifiers.swift_code": "/routing_identifiers/swift_code",
		"broken[":                        "/broken/",
	}
	for in, want := range tests {
		assert.Equal(t, want, PathPointer(in), "PathPointer(%q)", in)
	}
}

var errSentinel = errors.New("sentinel")

func TestValidationError(t *testing.T) {
	var l Collector
	require.NoError(t, l.Err())
	items := NewPath("items")
	i0, i2 := items.Index(0), items.Index(2)
	l.Add(i0.Child("clabe"), CodeChecksum, "check digit is 9, want 1", errSentinel)
	l.Add(i2.Child("type"), CodeNotSupported, `must be one of checking, savings, investment, other`, nil)
	assert.Equal(t, 2, l.Len())
	err := l.Err()
	require.Error(t, err)
	assert.Equal(t, "validation failed with 2 errors: items[0].clabe: check digit is 9, want 1; items[2].type: must be one of checking, savings, investment, other", err.Error())
	assert.ErrorIs(t, err, errSentinel)

	var fe FieldError
	require.ErrorAs(t, err, &fe)
	assert.Equal(t, "/items/0/clabe", fe.Pointer())

	ve, ok := AsValidationError(err)
	require.True(t, ok)
	body, err := ve.ProblemJSON("/clients/x/bank-accounts/sync")
	require.NoError(t, err)
	var p map[string]any
	require.NoError(t, json.Unmarshal(body, &p))
	assert.Equal(t, float64(422), p["status"])
	assert.Equal(t, "https://acctkit.dev/problems/validation", p["type"])
	assert.Equal(t, "validation", p["code"])
	assert.Equal(t, "/clients/x/bank-accounts/sync", p["instance"])
	assert.Equal(t, []any{
		map[string]any{"pointer": "/items/0/clabe", "code": "checksum", "detail": "check digit is 9, want 1"},
		map[string]any{"pointer": "/items/2/type", "code": "not_supported", "detail": "must be one of checking, savings, investment, other"},
	}, p["errors"])

	one := &ValidationError{Errors: []FieldError{{Code: CodeRequired, Message: "body is required"}}}
	assert.Equal(t, "validation failed: body is required", one.Error())
}
