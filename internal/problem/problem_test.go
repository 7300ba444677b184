package problem

import (
	"encoding/json"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestTypeURI(t *testing.T) {
	assert.Equal(t, "https://acctkit.dev/problems/key-reused", TypeURI("", "key_reused"))
	assert.Equal(t, "https://example.com/errors/a-b-c", TypeURI("https://example.com/errors/", "a_b_c"))
}

func TestWrite(t *testing.T) {
	rec := httptest.NewRecorder()
	d := Details{Type: TypeURI("", "validation"), Title: "t", Status: 422,
		Errors: []FieldProblem{{Pointer: "/items/0/clabe", Code: "checksum", Detail: "d"}}}
	Write(rec, d, 2)
	require.Equal(t, 422, rec.Code)
	assert.Equal(t, ContentType, rec.Header().Get("Content-Type"))
	assert.Equal(t, "2", rec.Header().Get("Retry-After"))
	assert.Equal(t, "no-store", rec.Header().Get("Cache-Control"))
	var got Details
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &got))
	assert.Equal(t, d, got)

	rec = httptest.NewRecorder()
	Write(rec, Details{Status: 400, Code: "malformed"}, 0)
	assert.Empty(t, rec.Header().Get("Retry-After"))
	assert.NotContains(t, rec.Body.String(), `"errors"`)
}
