// Package identtest holds the checks the identifier packages' fuzz
// targets share (iban, clabe, routing): the documented loose clean-up and
// error-input masking written out plainly, the encodings every value type
// has, and that no error echoes an account number. Test code only.
package identtest

import (
	"database/sql"
	"database/sql/driver"
	"encoding"
	"encoding/json"
	"log/slog"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/require"
)

// LooseClean is the documented clean-up of every loose parser, written
// out plainly: a leading UTF-8 byte-order mark, then (when prefix is not
// empty) prefix in any case followed by white space after any leading
// white space, then ASCII white space, '-' and '.' anywhere are dropped
// and ASCII letters upper-cased. where holds each kept byte's offset in s.
// tooLong says s is past the documented bound for an Identifier of at
// most maxLen characters (4*maxLen + 8 bytes).
func LooseClean(s, prefix string, maxLen int) (clean string, where []int, tooLong bool) {
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
			b.WriteByte(UpperASCII(c))
			where = append(where, i)
		}
	}
	return b.String(), where, len(s) > 4*maxLen+8
}

// ShownInput is the documented ParseError.Input for an input of an
// Identifier of at most maxLen characters whose policy hides its middle
// (masked) or not: "..." and the last four bytes of a longer input, with
// head bytes before it when masked (the IBAN's country and check digits).
func ShownInput(s string, maxLen, head int, masked func(string) string) string {
	if len(s) > maxLen {
		return s[:head] + "..." + s[len(s)-4:]
	}
	return masked(s)
}

// UpperASCII upper-cases ASCII letters only, leaving every other byte
// (and so any UTF-8 sequence) as it is.
func UpperASCII(c byte) byte {
	if 'a' <= c && c <= 'z' {
		return c - 'a' + 'A'
	}
	return c
}

func IsDigit(c byte) bool { return '0' <= c && c <= '9' }
func IsUpper(c byte) bool { return 'A' <= c && c <= 'Z' }

// Identifier is the method set every Identifier value type shares
// (CONTRIBUTING.md, "Value types").
type Identifier interface {
	comparable
	String() string
	IsZero() bool
	encoding.TextMarshaler
	encoding.TextAppender
	driver.Valuer
	slog.LogValuer
}

// Scannable is the pointer side: the decoders.
type Scannable[T any] interface {
	*T
	encoding.TextUnmarshaler
	sql.Scanner
}

// CheckEncodings asserts that every encoding of a non-zero value v
// (String, text, append, JSON, SQL) gives the canonical string and decodes
// back to v, that parse(v.String()) is v, and that the zero value encodes
// as absent. masked reports whether LogValue must hide the full string.
func CheckEncodings[T Identifier, PT Scannable[T]](t testing.TB, v T, parse func(string) (T, error), masked bool) {
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

// CheckDecodeAgrees asserts that the decoders apply the strict parser's
// rules to s: UnmarshalText, JSON and Scan accept exactly what parse
// accepts (and "" as the zero value) and give the same value.
func CheckDecodeAgrees[T Identifier, PT Scannable[T]](t testing.TB, s string, parse func(string) (T, error)) {
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

// digitRun is a run of as many digits as the shortest account number
// these checks guard.
var digitRun = regexp.MustCompile(`[0-9]{9,}`)

// LongDigitRun matches more digits in a row than any routing identifier
// has: an account number perhaps.
var LongDigitRun = regexp.MustCompile(`[0-9]{10,}`)

// CheckNoEcho asserts that err's message shows no 9 digits in a row of s,
// an input that may bear an account number.
func CheckNoEcho(t testing.TB, err error, s string, msgAndArgs ...any) {
	t.Helper()
	if err == nil {
		return
	}
	msg := err.Error()
	for _, run := range digitRun.FindAllString(s, -1) {
		for i := 0; i+9 <= len(run); i++ {
			require.NotContains(t, msg, run[i:i+9], msgAndArgs...)
		}
	}
}
