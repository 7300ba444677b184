package fuzz

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/stretchr/testify/require"
)

// seedBodies returns every seed example body kept in account/artu/testdata
// and account/synctera/testdata, so a new example there joins the corpus
// without a copy here.
func seedBodies(tb testing.TB) [][]byte {
	tb.Helper()
	var out [][]byte
	for _, dir := range []string{"../account/artu/testdata", "../account/synctera/testdata"} {
		names, err := filepath.Glob(filepath.Join(dir, "*.json"))
		require.NoError(tb, err)
		require.NotEmpty(tb, names, "no seed bodies in %s", dir)
		for _, name := range names {
			b, err := os.ReadFile(name)
			require.NoError(tb, err)
			out = append(out, b)
		}
	}
	return out
}

// readSeed reads one seed body by its name, "<api>/<file>", kept in
// account/<api>/testdata.
func readSeed(tb testing.TB, name string) []byte {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join("../account", filepath.Dir(name), "testdata", filepath.Base(name)))
	require.NoError(tb, err)
	return b
}

// equalCompacted is reflect.DeepEqual except that json.RawMessage values
// compare by their compacted form: encoding/json compacts a RawMessage
// when it encodes it, so white space inside one is the only difference a
// JSON round trip may make.
func equalCompacted(a, b reflect.Value) bool {
	if a.Type() != b.Type() {
		return false
	}
	if a.Type() == reflect.TypeFor[json.RawMessage]() {
		if a.IsNil() || b.IsNil() {
			return a.IsNil() == b.IsNil()
		}
		var ca, cb bytes.Buffer
		ea, eb := json.Compact(&ca, a.Bytes()), json.Compact(&cb, b.Bytes())
		if ea != nil || eb != nil {
			return bytes.Equal(a.Bytes(), b.Bytes())
		}
		return bytes.Equal(ca.Bytes(), cb.Bytes())
	}
	switch a.Kind() {
	case reflect.Pointer, reflect.Interface:
		if a.IsNil() || b.IsNil() {
			return a.IsNil() == b.IsNil()
		}
		return equalCompacted(a.Elem(), b.Elem())
	case reflect.Struct:
		for i := range a.NumField() {
			if !equalCompacted(a.Field(i), b.Field(i)) {
				return false
			}
		}
		return true
	case reflect.Slice:
		if a.IsNil() != b.IsNil() || a.Len() != b.Len() {
			return false
		}
		fallthrough
	case reflect.Array:
		for i := range a.Len() {
			if !equalCompacted(a.Index(i), b.Index(i)) {
				return false
			}
		}
		return true
	case reflect.Map:
		if a.IsNil() != b.IsNil() || a.Len() != b.Len() {
			return false
		}
		it := a.MapRange()
		for it.Next() {
			bv := b.MapIndex(it.Key())
			if !bv.IsValid() || !equalCompacted(it.Value(), bv) {
				return false
			}
		}
		return true
	case reflect.String:
		return a.String() == b.String()
	case reflect.Bool:
		return a.Bool() == b.Bool()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return a.Int() == b.Int()
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return a.Uint() == b.Uint()
	case reflect.Float32, reflect.Float64:
		return a.Float() == b.Float()
	}
	panic("equalCompacted: unexpected kind " + a.Kind().String())
}
