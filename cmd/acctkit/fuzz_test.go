package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// FuzzParseArgs: any command line parses or fails with a usage error, and
// the arguments it returns are those of the command line, in order, none
// of them a flag unless it came after "--".
func FuzzParseArgs(f *testing.F) {
	for _, s := range []string{"check\x00DE89\x00--json", "--kind\x00aba\x00x", "--\x00--json", "-\x00--kind=iban", "--json=false\x00-h", "---x", "--kind"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, joined string) {
		args := strings.Split(joined, "\x00")
		fs := newFlagSet("check")
		kindName := fs.String("kind", "", "")
		fs.Bool("json", false, "")
		positional, err := parseArgs(fs, args)
		if err != nil {
			var ue *usageError
			require.True(t, errors.Is(err, errHelp) || errors.As(err, &ue), "%v", err)
			return
		}
		require.LessOrEqual(t, len(positional), len(args))
		left := map[string]int{}
		for _, a := range args {
			left[a]++
		}
		for _, p := range positional {
			require.Positive(t, left[p], "%q is not an argument", p)
			left[p]--
			if !slices.Contains(args, "--") {
				require.False(t, len(p) > 1 && p[0] == '-', "flag %q returned as an argument", p)
			}
		}
		require.Contains(t, joined, *kindName, "a flag value comes from the command line")
	})
}

// FuzzCheckLines: whatever standard input holds, check --json prints one
// JSON object per non-blank line, at its line number, and never fails but
// for a usage error on empty input.
func FuzzCheckLines(f *testing.F) {
	for _, s := range []string{"DE89370400440532013000\n\n021000021\r\n", " \t\n", "x\x1b[2J\n\xff\xfe\n", strings.Repeat("9", 5000) + "\n1", "026009593"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		var out, errOut bytes.Buffer
		code := run([]string{"check", "--json"}, bytes.NewReader(in), &out, &errOut)
		var want []int // line numbers of the values
		for i, l := range strings.SplitAfter(string(in), "\n") {
			tooLong := len(l) > maxLineBytes || !strings.HasSuffix(l, "\n") && len(l) >= maxLineBytes
			if tooLong || strings.TrimSpace(l) != "" {
				want = append(want, i+1)
			}
		}
		if len(want) == 0 {
			require.Equal(t, exitUsage, code)
			return
		}
		require.Contains(t, []int{exitOK, exitInvalid}, code, errOut.String())
		var got []int
		for _, l := range strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n") {
			var line struct{ Line int }
			require.NoError(t, json.Unmarshal([]byte(l), &line), l)
			got = append(got, line.Line)
		}
		require.Equal(t, want, got)
	})
}

var nineDigits = regexp.MustCompile(`[0-9]{9,}`)

// FuzzMaskText: masking keeps the length and leaves no run of nine digits.
func FuzzMaskText(f *testing.F) {
	for _, s := range []string{"unknown field \"123456789012\"", "DE89370400440532013000", "items[3].clabe 12345678", "aaaa1111111bbbb"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m := maskText(s)
		require.Len(t, m, len(s))
		require.False(t, nineDigits.MatchString(m), "%q -> %q", s, m)
	})
}

// FuzzMaskChars: masking keeps the length and shows at most head+tail of
// the characters that could be an account number, never all of them.
func FuzzMaskChars(f *testing.F) {
	f.Add("de89 3704 0044 0532 0130 00", 4, 4)
	f.Add("12", 0, 4)
	f.Add("é-1-2", 1, 1)
	f.Fuzz(func(t *testing.T, s string, head, tail int) {
		head, tail = head%40, tail%40
		m := maskChars(s, head, tail)
		require.Len(t, m, len(s))
		secret, shown := 0, 0
		for i := 0; i < len(s); i++ {
			if secretByte(s[i]) {
				secret++
				if m[i] == s[i] {
					shown++
				}
			}
		}
		require.LessOrEqual(t, shown, max(head, 0)+max(tail, 0))
		if secret > 0 {
			require.Less(t, shown, secret, "%q -> %q", s, m)
		}
	})
}

// FuzzEscapeControl: the escaped text has no control byte and unquotes
// back to the input.
func FuzzEscapeControl(f *testing.F) {
	for _, s := range []string{"plain", "x\x1b[31m", "\"q", "a\tb", "\xff", "\u202eevil", "\u0085"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		e := escapeControl(s)
		for i := 0; i < len(e); i++ {
			require.False(t, e[i] < ' ' || e[i] == 0x7f, "%q -> %q", s, e)
		}
		require.True(t, utf8.ValidString(e))
		if e != s {
			u, err := strconv.Unquote(e)
			require.NoError(t, err)
			require.Equal(t, s, u)
		}
	})
}

// FuzzLocateMalformed: the position of a malformed body is inside it and
// its line and column agree with its offset.
func FuzzLocateMalformed(f *testing.F) {
	for _, s := range []string{"", "{", "{\"a\": [}", "{}\n{}", "{\"a\":\"\xff\"}", "[1,\n2,\n}"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if json.Valid(data) && utf8.Valid(data) {
			return
		}
		m := locateMalformed(data, errors.New("account.Decode: malformed JSON: x"))
		require.GreaterOrEqual(t, m.offset, 0)
		require.LessOrEqual(t, m.offset, len(data))
		require.Equal(t, 1+bytes.Count(data[:m.offset], []byte{'\n'}), m.line)
		require.GreaterOrEqual(t, m.column, 1)
		require.LessOrEqual(t, m.column, m.offset+1)
		require.NotEmpty(t, m.msg)
	})
}

// FuzzMaskJSONAccounts: a document encoding/json wrote (as the plan's
// response) stays JSON, and no account member keeps more of its value in
// view than a masked IBAN (country, check digits and last four).
func FuzzMaskJSONAccounts(f *testing.F) {
	for _, s := range []string{`{"accountNumber":"123456789012"}`, `{"clabe" : "002010077777777771","x":["externalId"]}`, `{"externalId":"a\"b\\\\c\u00e9"}`, `"accountNumber"`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		var parsed any
		if json.Unmarshal(in, &parsed) != nil {
			return
		}
		doc, err := json.MarshalIndent(parsed, "", "  ")
		require.NoError(t, err)
		out := maskJSONAccounts(doc)
		require.True(t, json.Valid(out), "%s -> %s", doc, out)
		var v any
		require.NoError(t, json.Unmarshal(out, &v))
		assertMaskedMembers(t, v)
	})
}

func assertMaskedMembers(t *testing.T, v any) {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			if s, ok := x.(string); ok && accountKeys[k] {
				assert.LessOrEqual(t, len(s)-strings.Count(s, "*"), 8, "%s: %q", k, s)
			}
			assertMaskedMembers(t, x)
		}
	case []any:
		for _, x := range v {
			assertMaskedMembers(t, x)
		}
	}
}

// FuzzCheckLineJSON: the hand-written JSON of a check line is the bytes
// encoding/json writes for it, masked or not.
func FuzzCheckLineJSON(f *testing.F) {
	for _, s := range []string{"DE89370400440532013000", "026009593", "<&>\u2028\"\\", "\x1b\xff", "002010077777777779", "deut de ff"} {
		f.Add(s, false)
	}
	f.Fuzz(func(t *testing.T, in string, masked bool) {
		line := checkValue(in, nil)
		line.Line = len(in)
		if masked {
			maskLine(&line)
		}
		want, err := json.Marshal(line)
		require.NoError(t, err)
		require.Equal(t, string(want), string(appendCheckLineJSON(nil, &line)))
	})
}
