package fuzz

import (
	"bytes"
	"database/sql"
	"database/sql/driver"
	"encoding"
	"encoding/json"
	"log/slog"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/require"
)

// looseClean is the documented clean-up of every loose parser, written
// out plainly: a leading UTF-8 byte-order mark, then (when prefix is not
// empty) prefix in any case followed by white space after any leading
// white space, then ASCII white space, '-' and '.' anywhere are dropped
// and ASCII letters upper-cased. where holds each kept byte's offset in s.
// tooLong says s is past the documented bound for an identifier of at
// most maxLen characters (4*maxLen + 8 bytes).
func looseClean(s, prefix string, maxLen int) (clean string, where []int, tooLong bool) {
	const ws = " \t\n\v\f\r"
	i := 0
	if strings.HasPrefix(s, "\uFEFF") {
		i = 3
	}
	for i < len(s) && strings.IndexByte(ws, s[i]) >= 0 {
		i++
	}
	if p := len(prefix); p > 0 && len(s)-i > p && strings.IndexByte(ws, s[i+p]) >= 0 && strings.EqualFold(s[i:i+p], prefix) &&
		strings.IndexFunc(s[i:i+p], func(r rune) bool { return r >= utf8.RuneSelf }) < 0 {
		i += p
	}
	var b strings.Builder
	for ; i < len(s); i++ {
		if c := s[i]; c != '-' && c != '.' && strings.IndexByte(ws, c) < 0 {
			b.WriteByte(upperASCII(c))
			where = append(where, i)
		}
	}
	return b.String(), where, len(s) > 4*maxLen+8
}

// shownInput is the documented ParseError.Input for an input of an
// identifier of at most maxLen characters whose policy hides its middle
// (masked) or not: "..." and the last four bytes of a longer input, with
// head bytes before it when masked (the IBAN's country and check digits).
func shownInput(s string, maxLen, head int, masked func(string) string) string {
	if len(s) > maxLen {
		return s[:head] + "..." + s[len(s)-4:]
	}
	return masked(s)
}

// upperASCII upper-cases ASCII letters only, leaving every other byte
// (and so any UTF-8 sequence) as it is.
func upperASCII(c byte) byte {
	if 'a' <= c && c <= 'z' {
		return c - 'a' + 'A'
	}
	return c
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }
func isUpper(c byte) bool { return 'A' <= c && c <= 'Z' }

// identifier is the method set every identifier value type shares
// (CONTRIBUTING.md, "Value types").
type identifier interface {
	comparable
	String() string
	IsZero() bool
	encoding.TextMarshaler
	encoding.TextAppender
	driver.Valuer
	slog.LogValuer
}

// scannable is the pointer side: the decoders.
type scannable[T any] interface {
	*T
	encoding.TextUnmarshaler
	sql.Scanner
}

// checkEncodings asserts that every encoding of a non-zero value v
// (String, text, append, JSON, SQL) gives the canonical string and decodes
// back to v, that parse(v.String()) is v, and that the zero value encodes
// as absent. masked reports whether LogValue must hide the full string.
func checkEncodings[T identifier, PT scannable[T]](t *testing.T, v T, parse func(string) (T, error), masked bool) {
	t.Helper()
	var zero T
	require.False(t, v.IsZero(), "a parsed value is zero")
	s := v.String()
	require.NotEmpty(t, s)

	again, err := parse(s)
	require.NoError(t, err, "String %q does not parse back", s)
	require.Equal(t, v, again, "String %q parses to another value", s)

	text, err := v.MarshalText()
	require.NoError(t, err)
	require.Equal(t, s, string(text))
	app, err := v.AppendText([]byte("pre:"))
	require.NoError(t, err)
	require.Equal(t, "pre:"+s, string(app))

	var fromText T
	require.NoError(t, PT(&fromText).UnmarshalText(text))
	require.Equal(t, v, fromText)

	js, err := json.Marshal(v)
	require.NoError(t, err)
	want, _ := json.Marshal(s)
	require.Equal(t, string(want), string(js))
	var fromJSON T
	require.NoError(t, json.Unmarshal(js, &fromJSON))
	require.Equal(t, v, fromJSON)

	dv, err := v.Value()
	require.NoError(t, err)
	require.Equal(t, s, dv)
	var fromString, fromBytes T
	require.NoError(t, PT(&fromString).Scan(s))
	require.Equal(t, v, fromString)
	require.NoError(t, PT(&fromBytes).Scan([]byte(s)))
	require.Equal(t, v, fromBytes)

	logged := v.LogValue().String()
	if masked {
		require.NotContains(t, logged, s, "LogValue discloses the account")
	} else {
		require.Equal(t, s, logged)
	}

	// The zero value is "absent" in every encoding, and "" and NULL decode
	// to it, overwriting what was there.
	require.Equal(t, "", zero.String())
	zt, err := zero.MarshalText()
	require.NoError(t, err)
	require.Empty(t, zt)
	zv, err := zero.Value()
	require.NoError(t, err)
	require.Nil(t, zv)
	back := v
	require.NoError(t, PT(&back).UnmarshalText(nil))
	require.Equal(t, zero, back)
	back = v
	require.NoError(t, PT(&back).Scan(nil))
	require.Equal(t, zero, back)
}

// checkDecodeAgrees asserts that the decoders apply the strict parser's
// rules to s: UnmarshalText, JSON and Scan accept exactly what parse
// accepts (and "" as the zero value) and give the same value.
func checkDecodeAgrees[T identifier, PT scannable[T]](t *testing.T, s string, parse func(string) (T, error)) {
	t.Helper()
	v, err := parse(s)
	if s == "" {
		require.Error(t, err, "the empty string parses")
	}
	var text, scanned T
	textErr := PT(&text).UnmarshalText([]byte(s))
	scanErr := PT(&scanned).Scan(s)
	if s == "" {
		require.NoError(t, textErr)
		require.NoError(t, scanErr)
		require.True(t, text.IsZero() && scanned.IsZero())
		return
	}
	require.Equal(t, err == nil, textErr == nil, "UnmarshalText(%q) = %v, parse = %v", s, textErr, err)
	require.Equal(t, err == nil, scanErr == nil, "Scan(%q) = %v, parse = %v", s, scanErr, err)
	if err == nil {
		require.Equal(t, v, text)
		require.Equal(t, v, scanned)
	}
	// JSON carries the string through UnmarshalText; encoding/json
	// replaces invalid UTF-8 before the parser sees it, so only valid
	// UTF-8 is compared.
	if utf8.ValidString(s) {
		js, jerr := json.Marshal(s)
		require.NoError(t, jerr)
		var fromJSON T
		jsonErr := json.Unmarshal(js, &fromJSON)
		require.Equal(t, err == nil, jsonErr == nil, "json %s = %v, parse = %v", js, jsonErr, err)
		if err == nil {
			require.Equal(t, v, fromJSON)
		}
	}
}

// seedBodies returns every seed example body kept in account/*/testdata, so
// a new example there joins the corpus without a copy here.
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
