package account

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestPath(t *testing.T) {
	assert.Equal(t, "items[3].clabe", NewPath("items").Index(3).Child("clabe").String())
	assert.Equal(t, "clabe", Path{}.Child("clabe").String())
	assert.Equal(t, "metadata.tier", NewPath("metadata").Key("tier").String())
	assert.Equal(t, `metadata["a.b"]`, NewPath("metadata").Key("a.b").String())
	assert.Equal(t, `metadata[""]`, NewPath("metadata").Key("").String())
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
	var l errorList
	require.NoError(t, l.err())
	l.add(NewPath("items").Index(0).Child("clabe"), CodeChecksum, "check digit is 9, want 1", errSentinel)
	l.add(NewPath("items").Index(2).Child("type"), CodeNotSupported, `must be one of checking, savings, investment, other`, nil)
	err := l.err()
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
	assert.Equal(t, ProblemType, p["type"])
	assert.Equal(t, "/clients/x/bank-accounts/sync", p["instance"])
	assert.Equal(t, []any{
		map[string]any{"pointer": "/items/0/clabe", "code": "checksum", "detail": "check digit is 9, want 1"},
		map[string]any{"pointer": "/items/2/type", "code": "not_supported", "detail": "must be one of checking, savings, investment, other"},
	}, p["errors"])

	one := &ValidationError{Errors: []FieldError{{Code: CodeRequired, Message: "body is required"}}}
	assert.Equal(t, "validation failed: body is required", one.Error())
}
