package idempotency

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

func TestCanonicalJSON(t *testing.T) {
	good := []struct{ in, want string }{
		{`{"b":1,"a":2}`, `{"a":2,"b":1}`},
		{" {\n\t\"b\" : [ 1 , 2 ] ,\r\n \"a\" : { } } ", `{"a":{},"b":[1,2]}`},
		{`{"z":{"y":1,"x":2},"a":[{"d":0,"c":-1.5e+3}]}`, `{"a":[{"c":-1.5e+3,"d":0}],"z":{"x":2,"y":1}}`},
		{`1.0`, `1.0`},
		{`-0`, `-0`},
		{`1E5`, `1E5`},
		{`[true,false,null]`, `[true,false,null]`},
		{`""`, `""`},
		{`"\u0041\/\"\\\b\f\n\r\t\u0001\u001F"`, `"A/\"\\\b\f\n\r\t\u0001\u001f"`},
		{`"\u00e9\u00E9é"`, `"ééé"`},
		{`"\ud83d\ude00"`, `"😀"`},
		{`"\ud83d"`, `"\ud83d"`},
		{`"\uDE00\ud83d"`, `"\ude00\ud83d"`},
		{`"\ud83dx"`, `"\ud83dx"`},
		{`"\ud83d\u0041"`, `"\ud83dA"`},
		{`"\u2028"`, "\"\u2028\""},
		// Duplicates are kept, in their order, so the last one still wins.
		{`{"a":2,"b":0,"a":1}`, `{"a":2,"a":1,"b":0}`},
		{`{"a":1,"a":2}`, `{"a":1,"a":2}`},
		// Keys compare by their canonical text: escapes are decoded first.
		{`{"\u0062":1,"a":2}`, `{"a":2,"b":1}`},
	}
	for _, tc := range good {
		got, ok := appendCanonicalJSON(nil, []byte(tc.in))
		require.True(t, ok, tc.in)
		assert.Equal(t, tc.want, string(got), tc.in)
	}
	bad := []string{
		``, ` `, `{`, `}`, `{"a"}`, `{"a":}`, `{"a":1,}`, `[1,]`, `[1 2]`, `{a:1}`, `{"a":1 "b":2}`,
		`01`, `1.`, `.5`, `1e`, `1e+`, `-`, `+1`, `0x1`, `NaN`, `tru`, `nulls`, `"a`, `"\x"`, `"\u12"`,
		`"\u12G4"`, "\"a\x01\"", "\"\xff\"", "\"\xed\xa0\x80\"", `1 2`, `{}{}`, `'a'`, "\u00a0{}",
		"\"\\ud83d\\u12\"",
		strings.Repeat("[", maxJSONDepth+1) + strings.Repeat("]", maxJSONDepth+1),
		strings.Repeat(`{"a":`, maxJSONDepth+1) + "1" + strings.Repeat("}", maxJSONDepth+1),
	}
	for _, in := range bad {
		got, ok := appendCanonicalJSON([]byte("prefix"), []byte(in))
		assert.False(t, ok, "%q", in)
		assert.Equal(t, "prefix", string(got), "%q: dst is left as it was", in)
	}
	deep := strings.Repeat("[", maxJSONDepth) + strings.Repeat("]", maxJSONDepth)
	got, ok := appendCanonicalJSON(nil, []byte(deep))
	require.True(t, ok, "nesting at the limit is canonicalised")
	assert.Equal(t, deep, string(got))
}

// decodeAll decodes one JSON value keeping number text; duplicate keys keep
// the last value, as encoding/json does.
func decodeAll(t *testing.T, b []byte) any {
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	var v any
	require.NoError(t, d.Decode(&v))
	_, err := d.Token()
	require.ErrorIs(t, err, io.EOF)
	return v
}

func FuzzCanonicalJSON(f *testing.F) {
	for _, s := range []string{`{"b":1,"a":[1,2,{"d":null,"c":"\u00e9"}]}`, `"\ud83d\ude00"`, `{"a":1,"a":2}`, ` [ ] `, `1e-7`, `"\ud800"`, "\"\u2028\""} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		canon, ok := appendCanonicalJSON(nil, in)
		nesting := bytes.Count(in, []byte("[")) + bytes.Count(in, []byte("{"))
		if !ok {
			// Everything valid, UTF-8 and shallow enough is canonicalised.
			require.False(t, json.Valid(in) && utf8.Valid(in) && nesting <= maxJSONDepth, "%q rejected", in)
			return
		}
		require.True(t, json.Valid(in), "%q accepted but not JSON", in)
		require.True(t, utf8.Valid(canon), "canonical form of %q is not UTF-8", in)
		again, ok := appendCanonicalJSON(nil, canon)
		require.True(t, ok)
		require.Equal(t, string(canon), string(again), "canonicalising is idempotent")
		require.Equal(t, decodeAll(t, in), decodeAll(t, canon), "the canonical form of %q means the same", in)
	})
}

// jsonValue generates a JSON value as a Go value with json.Number numbers
// and duplicate-free objects.
func jsonValue(depth int) *rapid.Generator[any] {
	return rapid.Custom(func(t *rapid.T) any {
		kind := rapid.IntRange(0, 6).Draw(t, "kind")
		if depth >= 4 {
			kind %= 4
		}
		switch kind {
		case 0:
			return nil
		case 1:
			return rapid.Bool().Draw(t, "bool")
		case 2:
			return json.Number(rapid.StringMatching(`-?(0|[1-9][0-9]{0,5})(\.[0-9]{1,3})?([eE][+-]?[0-9]{1,2})?`).Draw(t, "number"))
		case 3:
			return rapid.String().Draw(t, "string")
		case 4:
			return rapid.SliceOfN(jsonValue(depth+1), 0, 4).Draw(t, "array")
		default:
			return rapid.MapOfN(rapid.StringN(0, 3, -1), jsonValue(depth+1), 0, 4).Draw(t, "object")
		}
	})
}

// writeJSON serialises v with random member order, white space and escapes.
func writeJSON(t *rapid.T, b *strings.Builder, v any) {
	ws := func() { b.WriteString(rapid.SampledFrom([]string{"", "", " ", "\n\t", "\r\n  "}).Draw(t, "ws")) }
	str := func(s string) {
		b.WriteByte('"')
		for _, r := range s {
			switch {
			case r == '"' || r == '\\':
				b.WriteString(`\` + string(r))
			case r < 0x20 || rapid.IntRange(0, 9).Draw(t, "escape") == 0:
				if r > 0xffff {
					fmt.Fprintf(b, `\u%04x\u%04x`, 0xd800+(r-0x10000)>>10, 0xdc00+(r-0x10000)&0x3ff)
				} else {
					fmt.Fprintf(b, rapid.SampledFrom([]string{`\u%04x`, `\u%04X`}).Draw(t, "hex case"), r)
				}
			default:
				b.WriteRune(r)
			}
		}
		b.WriteByte('"')
	}
	ws()
	switch v := v.(type) {
	case nil:
		b.WriteString("null")
	case bool:
		fmt.Fprint(b, v)
	case json.Number:
		b.WriteString(string(v))
	case string:
		str(v)
	case []any:
		b.WriteByte('[')
		for i, e := range v {
			if i > 0 {
				b.WriteByte(',')
			}
			writeJSON(t, b, e)
		}
		ws()
		b.WriteByte(']')
	case map[string]any:
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		keys = rapid.Permutation(keys).Draw(t, "order")
		b.WriteByte('{')
		for i, k := range keys {
			if i > 0 {
				b.WriteByte(',')
			}
			ws()
			str(k)
			ws()
			b.WriteByte(':')
			writeJSON(t, b, v[k])
		}
		ws()
		b.WriteByte('}')
	}
	ws()
}

// Two serialisations of one value have one canonical form; two different
// values have different ones.
func TestCanonicalJSONProperties(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		v := jsonValue(0).Draw(t, "v")
		var a, b strings.Builder
		writeJSON(t, &a, v)
		writeJSON(t, &b, v)
		ca, ok := appendCanonicalJSON(nil, []byte(a.String()))
		require.True(t, ok, a.String())
		cb, ok := appendCanonicalJSON(nil, []byte(b.String()))
		require.True(t, ok, b.String())
		require.Equal(t, string(ca), string(cb), "%s and %s", a.String(), b.String())

		w := jsonValue(0).Draw(t, "w")
		var c strings.Builder
		writeJSON(t, &c, w)
		cc, ok := appendCanonicalJSON(nil, []byte(c.String()))
		require.True(t, ok, c.String())
		// Decoded with UseNumber, equal values are exactly the equal trees.
		same := assert.ObjectsAreEqual(normalise(v), normalise(w))
		require.Equal(t, same, string(ca) == string(cc), "%s vs %s", ca, cc)
	})
}

// normalise turns the generator's typed slices and maps into the types a
// JSON decoder produces.
func normalise(v any) any {
	switch v := v.(type) {
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = normalise(e)
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, e := range v {
			out[k] = normalise(e)
		}
		return out
	case string:
		// Invalid UTF-8 cannot be written in JSON; the writer sends the
		// replacement character, which is what both sides then hold.
		return strings.ToValidUTF8(v, "\uFFFD")
	}
	return v
}
