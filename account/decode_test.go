package account

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// upper is a text type that rejects lower case, standing in for the
// identifier value types.
type upper struct{ s string }

var errLower = errors.New("lower case")

func (u *upper) UnmarshalText(b []byte) error {
	if strings.ToUpper(string(b)) != string(b) {
		return errLower
	}
	u.s = string(b)
	return nil
}

func (u upper) MarshalText() ([]byte, error) { return []byte(u.s), nil }

type level string

type inner struct {
	Code upper `json:"code"`
	N    int64 `json:"n,omitempty"`
}

type outer struct {
	Name     string                     `json:"name"`
	Flag     Optional[bool]             `json:"flag,omitzero"`
	Label    Optional[string]           `json:"label,omitzero" wire:"nullable"`
	Level    level                      `json:"level,omitempty"`
	ID       string                     `json:"id,omitempty" wire:"nonempty"`
	Inner    inner                      `json:"inner"`
	Ptr      *inner                     `json:"ptr,omitempty"`
	Items    []inner                    `json:"items" wire:"max=3"`
	Opt      Optional[inner]            `json:"opt,omitzero"`
	Meta     map[string]json.RawMessage `json:"meta,omitempty"`
	Number   NumberString               `json:"number,omitempty"`
	Day      Date                       `json:"day,omitzero"`
	When     time.Time                  `json:"when,omitzero"`
	Skipped  string                     `json:"-"`
	Untagged string
}

// fault is a FieldError without its cause, for exact comparisons.
type fault struct{ Path, Code, Message string }

func problemsOf(t *testing.T, err error) []fault {
	t.Helper()
	if err == nil {
		return nil
	}
	ve, ok := AsValidationError(err)
	require.True(t, ok, "want a *ValidationError, got %T: %v", err, err)
	var out []fault
	for _, fe := range ve.Errors {
		out = append(out, fault{fe.Path, fe.Code, fe.Message})
	}
	return out
}

func TestDecodeOK(t *testing.T) {
	body := `{"name":"a","flag":false,"label":null,"level":"hi","id":"x","inner":{"code":"AB","n":-2},"ptr":{"code":"X"},
	 "items":[{"code":"C"}],"opt":{"code":"D"},"meta":{"big":12345678901234567890,"s":"x", "o" : { "k" : [1, 2] }},
	 "number":87654321,"day":"2024-02-29","when":"2024-05-01T12:00:00.5+02:00","Untagged":"u"}`
	var o outer
	require.NoError(t, Decode([]byte(body), &o))
	assert.Equal(t, "a", o.Name)
	f, ok := o.Flag.Get()
	assert.True(t, ok)
	assert.False(t, f)
	assert.True(t, o.Label.IsNull())
	assert.Equal(t, level("hi"), o.Level)
	assert.Equal(t, "AB", o.Inner.Code.s)
	assert.Equal(t, int64(-2), o.Inner.N)
	assert.Equal(t, "X", o.Ptr.Code.s)
	assert.Equal(t, "C", o.Items[0].Code.s)
	in, ok := o.Opt.Get()
	assert.True(t, ok)
	assert.Equal(t, "D", in.Code.s)
	assert.Equal(t, "12345678901234567890", string(o.Meta["big"]))
	assert.Equal(t, `{ "k" : [1, 2] }`, string(o.Meta["o"]), "raw values are kept byte for byte")
	assert.Equal(t, NumberString("87654321"), o.Number)
	assert.Equal(t, "2024-02-29", o.Day.String())
	assert.Equal(t, 500*time.Millisecond, time.Duration(o.When.Nanosecond()))
	assert.Equal(t, "u", o.Untagged)

	out, err := json.Marshal(o)
	require.NoError(t, err)
	var again outer
	require.NoError(t, Decode(out, &again))
	assert.Equal(t, o.Inner, again.Inner)
	assert.Equal(t, o.Day, again.Day)

	// What encoding/json decodes from the same body is the same value.
	var std outer
	require.NoError(t, json.Unmarshal(out, &std))
	assert.Equal(t, std, again)
}

func TestDecodeAbsentOptional(t *testing.T) {
	var o outer
	require.NoError(t, Decode([]byte(`{"name":"a","items":[]}`), &o))
	assert.False(t, o.Flag.IsSet())
	assert.False(t, o.Opt.IsSet())
	assert.NotNil(t, o.Items, "[] is an empty list, not an absent one")
	out, err := json.Marshal(o)
	require.NoError(t, err)
	assert.NotContains(t, string(out), "flag")
	assert.NotContains(t, string(out), "opt")
}

func TestDecodeReportsEveryProblem(t *testing.T) {
	body := `{"name":5,"flag":"yes","inner":{"code":"ab","extra":1},"items":[{"code":"OK"},{"code":"no","n":1.5}],
	 "opt":{"code":"lo"},"ptr":[],"name2":true,"meta":{"a":1,"a":2},"Skipped":"x","number":-1,"inner":{}}`
	var o outer
	err := Decode([]byte(body), &o)
	assert.Equal(t, []fault{
		{"name", CodeType, "must be a string, got a number"},
		{"flag", CodeType, "must be a boolean, got a string"},
		{"inner.code", CodeInvalid, "is not a valid value"},
		{"inner.extra", CodeUnknownField, `unknown field "extra"`},
		{"items[1].code", CodeInvalid, "is not a valid value"},
		{"items[1].n", CodeType, "must be an integer, got a number with a fraction or exponent"},
		{"opt.code", CodeInvalid, "is not a valid value"},
		{"ptr", CodeType, "must be an object, got an array"},
		{"name2", CodeUnknownField, `unknown field "name2"`},
		{"meta.a", CodeDuplicate, `key "a" appears more than once`},
		{"Skipped", CodeUnknownField, `unknown field "Skipped"`},
		{"number", CodeType, "must be a string or a whole number, got a number with a sign, fraction or exponent"},
		{"inner", CodeDuplicate, `field "inner" appears more than once`},
	}, problemsOf(t, err))
	assert.ErrorIs(t, err, errLower)
	assert.False(t, o.Opt.IsSet(), "an Optional whose value did not decode stays absent")
}

// Null is a value only where the type says so (an Optional tagged
// nullable, or a raw JSON value); elsewhere it is a type error, never
// absence. An Optional keeps the null it was given, so its shape survives.
func TestDecodeNull(t *testing.T) {
	for _, tc := range []struct{ body, path, kind string }{
		{`{"name":null}`, "name", "a string"},
		{`{"flag":null}`, "flag", "a boolean"},
		{`{"level":null}`, "level", "a string"},
		{`{"inner":null}`, "inner", "an object"},
		{`{"ptr":null}`, "ptr", "an object"},
		{`{"items":null}`, "items", "an array"},
		{`{"items":[null]}`, "items[0]", "an object"},
		{`{"opt":null}`, "opt", "an object"},
		{`{"meta":null}`, "meta", "an object"},
		{`{"number":null}`, "number", "a string or a whole number"},
		{`{"day":null}`, "day", "a string"},
		{`{"inner":{"n":null}}`, "inner.n", "an integer"},
		{`null`, "", "an object"},
	} {
		var o outer
		err := Decode([]byte(tc.body), &o)
		assert.Equal(t, []fault{{tc.path, CodeType, "must be " + tc.kind + ", got null"}}, problemsOf(t, err), tc.body)
	}
	var o outer
	require.NoError(t, Decode([]byte(`{"label":null,"meta":{"k":null}}`), &o))
	assert.True(t, o.Label.IsNull())
	assert.Equal(t, "null", string(o.Meta["k"]))
	require.Error(t, Decode([]byte(`{"opt":null}`), &o))
	assert.True(t, o.Opt.IsNull(), "the refused null is still recorded")
}

// "" is a value: where the Go zero value means absent, Decode refuses it
// rather than drop it. In an Optional it is kept, for the rules to judge.
func TestDecodeEmptyString(t *testing.T) {
	for _, tc := range []struct {
		body string
		want fault
	}{
		{`{"id":""}`, fault{"id", CodeFormat, "must not be empty: leave the member out instead"}},
		{`{"level":""}`, fault{"level", CodeNotSupported, "must be one of the documented values, not empty: leave the member out instead"}},
		{`{"inner":{"code":""}}`, fault{"inner.code", CodeFormat, "must not be empty"}},
		{`{"day":""}`, fault{"day", CodeFormat, "must not be empty"}},
		{`{"when":""}`, fault{"when", CodeFormat, "must not be empty"}},
	} {
		var o outer
		assert.Equal(t, []fault{tc.want}, problemsOf(t, Decode([]byte(tc.body), &o)), tc.body)
	}
	var o outer
	require.NoError(t, Decode([]byte(`{"name":"","label":"","number":""}`), &o))
	l, ok := o.Label.Get()
	assert.True(t, ok)
	assert.Empty(t, l)
}

// A value of the wrong type is reported by kind, never by content: an
// account number sent as a number does not reach the message.
func TestDecodeTypeErrorsDoNotEcho(t *testing.T) {
	long := regexp.MustCompile(`[0-9]{9,}`)
	for _, body := range []string{
		`{"name":12345678901234567890}`, `{"name":-1234567890.5e10}`, `{"flag":123456789012}`,
		`{"inner":{"code":123456789012}}`, `{"inner":{"n":"123456789012"}}`, `{"items":[123456789012]}`,
		`{"123456789012345678":1}`, `{"meta":{"123456789012":1,"123456789012":2}}`, `{"day":"123456789012"}`,
	} {
		var o outer
		err := Decode([]byte(body), &o)
		require.Error(t, err, body)
		assert.False(t, long.MatchString(err.Error()), "%s: %v", body, err)
		for _, fe := range mustProblems(t, err) {
			assert.False(t, long.MatchString(fe.Path+fe.Message), "%s: %+v", body, fe)
			p, _ := ProblemFor(err, "")
			b, _ := json.Marshal(p)
			assert.False(t, long.MatchString(string(b)), "%s: %s", body, b)
		}
	}
}

func mustProblems(t *testing.T, err error) []FieldError {
	ve, ok := AsValidationError(err)
	require.True(t, ok, "%v", err)
	return ve.Errors
}

// A list past its cap stops the decoder: one error at the list, whatever
// follows, and no rules run on the partial value.
func TestDecodeListCap(t *testing.T) {
	var o outer
	require.NoError(t, Decode([]byte(`{"items":[{"code":"A"},{"code":"B"},{"code":"C"}]}`), &o))
	for _, tail := range []string{`]}`, `,{"code":"x"}]}`, `, this is not even JSON`} {
		body := `{"items":[{"code":"A"},{"code":"B"},{"code":"C"},{"code":"D"}` + tail
		assert.Equal(t, []fault{{"items", CodeTooMany, "has more than 3 items, at most 3 are allowed"}},
			problemsOf(t, Decode([]byte(body), &o)), body)
	}
}

// The work is bounded by the error cap too: a million unknown members
// give a hundred errors and one that says the rest was not read.
func TestDecodeErrorCap(t *testing.T) {
	var b strings.Builder
	b.WriteString("{")
	for i := range 1000 {
		fmt.Fprintf(&b, `"x%d":1,`, i)
	}
	b.WriteString(`"name":"a"}`)
	var o outer
	ps := problemsOf(t, Decode([]byte(b.String()), &o))
	require.Len(t, ps, maxDecodeErrors+1)
	assert.Equal(t, fault{"", CodeTooMany, "has more than 100 problems; the rest of the body was not read"}, ps[maxDecodeErrors])
}

// TestDecodeInvalidUTF8 pins the refusal of a body that is not UTF-8
// (RFC 8259 section 8.1), wherever the bad byte is. Escaped code points,
// even a lone surrogate, are JSON and are decoded as encoding/json does.
func TestDecodeInvalidUTF8(t *testing.T) {
	for _, body := range []string{
		"{\"name\":\"286\xc50\"}",
		"{\"name\":\"\xff\"}",
		"{\"meta\":{\"k\xfe\":1}}",
		"{\"meta\":{\"k\":\"\xed\xa0\x80\"}}",   // a surrogate encoded as UTF-8
		"{\"inner\":{\"code\":\"A\xc0\xafB\"}}", // overlong '/'
	} {
		var o outer
		err := Decode([]byte(body), &o)
		require.ErrorIs(t, err, ErrMalformed, "%q", body)
		assert.Contains(t, err.Error(), "invalid UTF-8", "%q", body)
	}
	for _, body := range []string{
		`{"name":"N\u00f3mina \ud800","inner":{"code":"É"}}`,
		`{"name":"\ud83d\ude00 \ud800\u0041 \udc00 \\ \/ \b\f\n\r\t \""}`,
	} {
		var o, std outer
		require.NoError(t, Decode([]byte(body), &o))
		require.NoError(t, json.Unmarshal([]byte(body), &std))
		assert.Equal(t, std.Name, o.Name, body)
	}
}

// manyKeys is a metadata object with n distinct keys and then the keys
// of dups again.
func manyKeys(n int, dups ...int) []byte {
	var b strings.Builder
	b.WriteString(`{"meta":{`)
	for i := range n {
		fmt.Fprintf(&b, `"k%d":%d,`, i, i)
	}
	for _, i := range dups {
		fmt.Fprintf(&b, `"k%d":0,`, i)
	}
	b.WriteString(`"end":0}}`)
	return []byte(b.String())
}

func TestDecodeDuplicateManyKeys(t *testing.T) {
	var o outer
	require.NoError(t, Decode(manyKeys(100), &o))
	assert.Len(t, o.Meta, 101)

	var paths []string
	for _, fe := range mustProblems(t, Decode(manyKeys(100, 0, 31, 32, 99), &o)) {
		assert.Equal(t, CodeDuplicate, fe.Code)
		paths = append(paths, fe.Path)
	}
	assert.Equal(t, []string{"meta.k0", "meta.k31", "meta.k32", "meta.k99"}, paths)
}

// BenchmarkDecodeManyKeys guards against work that grows faster than the
// body: MB/s must stay flat from 10,000 to 100,000 keys.
func BenchmarkDecodeManyKeys(b *testing.B) {
	for _, n := range []int{1000, 10000, 100000} {
		body := manyKeys(n)
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			b.SetBytes(int64(len(body)))
			for b.Loop() {
				var o outer
				if err := Decode(body, &o); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// A body that is not JSON gives a *SyntaxError that says where, wraps
// ErrMalformed, and renders as a 400 problem.
func TestDecodeMalformed(t *testing.T) {
	for _, tc := range []struct {
		body         string
		offset       int64
		line, column int
	}{
		{"", 0, 1, 1},
		{"{", 1, 1, 2},
		{`{"name":}`, 8, 1, 9},
		{"nul", 3, 1, 4},
		{`{"name":"a"}x`, 12, 1, 13},
		{"{\n  \"name\": \"a\",\n  \"flag\": tru\n}", 30, 3, 14},
		{`{"name":"a` + "\x01" + `"}`, 10, 1, 11},
		{`{"name":"\x"}`, 10, 1, 11},
		{`{"name":01}`, 9, 1, 10},
		{`{"items":[{"code":"A"},]}`, 23, 1, 24},
		{`{"meta":{"k":[1,2}}}`, 17, 1, 18},
		{`{"name" "a"}`, 8, 1, 9},
		{strings.Repeat("[", maxDepth+1), maxDepth, 1, maxDepth + 1},
	} {
		var o outer
		err := Decode([]byte(tc.body), &o)
		require.ErrorIs(t, err, ErrMalformed, "%q", tc.body)
		var se *SyntaxError
		require.ErrorAs(t, err, &se, "%q", tc.body)
		name := tc.body[:min(len(tc.body), 40)]
		assert.Equal(t, tc.offset, se.Offset, "%q: %v", name, err)
		assert.Equal(t, tc.line, se.Line, "%q: %v", name, err)
		assert.Equal(t, tc.column, se.Column, "%q: %v", name, err)
		assert.Contains(t, err.Error(), fmt.Sprintf("line %d, column %d (byte offset %d)", tc.line, tc.column, tc.offset))
		p, ok := ProblemFor(err, "/x")
		require.True(t, ok)
		assert.Equal(t, 400, p.Status)
		assert.Equal(t, ProblemCodeMalformed, p.Code)
		assert.Equal(t, se.Error(), p.Detail)
		assert.Empty(t, p.Errors)
	}
}

// A byte-order mark is refused with its own message and sentinel.
func TestDecodeByteOrderMark(t *testing.T) {
	var o outer
	err := Decode([]byte("\xef\xbb\xbf{\"name\":\"a\"}"), &o)
	require.ErrorIs(t, err, ErrMalformed)
	require.ErrorIs(t, err, ErrByteOrderMark)
	assert.Equal(t, "account.Decode: malformed JSON at line 1, column 1 (byte offset 0): "+ErrByteOrderMark.Error(), err.Error())
}

func TestDecodeTarget(t *testing.T) {
	var o outer
	assert.ErrorIs(t, Decode([]byte(`{}`), o), ErrDecodeTarget)
	assert.ErrorIs(t, Decode([]byte(`{}`), (*outer)(nil)), ErrDecodeTarget)
	assert.ErrorIs(t, Decode([]byte(`{}`), nil), ErrDecodeTarget)

	err := Decode([]byte(`[1]`), &o)
	assert.Equal(t, []fault{{"", CodeType, "must be an object, got an array"}}, problemsOf(t, err))
}

// Decode supports this module's types; what encoding/json supports beyond
// them is refused as a programming error, not decoded differently.
// ownDecoder decodes itself, which Decode cannot see into.
type ownDecoder struct{ v int }

func (o *ownDecoder) UnmarshalJSON([]byte) error { o.v = 1; return nil }

func TestDecodeScope(t *testing.T) {
	type embedded struct{ A string }
	for name, v := range map[string]any{
		"embedded struct": &struct {
			embedded
		}{},
		"string option": &struct {
			N int64 `json:"n,string"`
		}{},
		"float":       &struct{ F float64 }{},
		"int":         &struct{ I int }{},
		"unsigned":    &struct{ U uint64 }{},
		"array":       &struct{ A [2]string }{},
		"interface":   &struct{ X any }{},
		"other map":   &struct{ M map[string]string }{},
		"own decoder": &struct{ T *big.Int }{},
		"pointer":     &struct{ P *string }{},
		"unknown wire": &struct {
			S string `wire:"trim"`
		}{},
		"bad max": &struct {
			L []string `wire:"max=x"`
		}{},
	} {
		assert.ErrorIs(t, Decode([]byte(`{}`), v), ErrDecodeTarget, name)
	}
	// encoding/json would let it decode itself; Decode cannot check what
	// such a type accepts, so it refuses it rather than trust it.
	var own ownDecoder
	require.NoError(t, json.Unmarshal([]byte(`{}`), &own))
	assert.Equal(t, 1, own.v)

	// What is in scope beyond the body types: plain values and lists.
	var s string
	require.NoError(t, Decode([]byte(`"x"`), &s))
	assert.Equal(t, "x", s)
	var l []bool
	require.NoError(t, Decode([]byte(`[true,false]`), &l))
	assert.Equal(t, []bool{true, false}, l)
}

func TestDecodeCaseSensitive(t *testing.T) {
	var o outer
	err := Decode([]byte(`{"NAME":"a"}`), &o)
	assert.Equal(t, []fault{{"NAME", CodeUnknownField, `unknown field "NAME"`}}, problemsOf(t, err))
	assert.Empty(t, o.Name)
}

type withRules struct {
	A     upper    `json:"a"`
	B     string   `json:"b"`
	C     *inner   `json:"c"`
	D     []string `json:"d"`
	Total int64    `json:"total"`
}

// Validate has rules at the same path as a field (a, b), at a parent (c,
// required when its member is bad: a cascade), and at the root.
func (w withRules) Validate() error {
	var l Collector
	if w.A.s == "" {
		l.Add(NewPath("a"), CodeRequired, "a is required", nil)
	}
	if w.B == "" {
		l.Add(NewPath("b"), CodeRequired, "b is required", nil)
	}
	if w.C == nil || w.C.Code.s == "" {
		l.Add(NewPath("c"), CodeRequired, "c needs a code", nil)
	}
	if w.Total != int64(len(w.D)) {
		l.Add(Path{}, CodeConflict, "total differs from the count of d", nil)
	}
	return l.Err()
}

func TestDecodeNoCascades(t *testing.T) {
	var w withRules
	err := Decode([]byte(`{"a":"low","c":{"code":"lo"},"d":["x"],"total":2}`), &w)
	assert.Equal(t, []fault{
		{"a", CodeInvalid, "is not a valid value"},
		{"c.code", CodeInvalid, "is not a valid value"},
		// not "a is required", not "c needs a code"
		{"b", CodeRequired, "b is required"},
		{"", CodeConflict, "total differs from the count of d"},
	}, problemsOf(t, err))
	require.NoError(t, Decode([]byte(`{"a":"UP","b":"x","c":{"code":"C"},"d":[],"total":0}`), &w))
}

func TestOptional(t *testing.T) {
	var o Optional[int]
	assert.False(t, o.IsSet())
	assert.True(t, o.IsZero())
	_, ok := o.Get()
	assert.False(t, ok)

	o = Some(0)
	v, ok := o.Get()
	assert.True(t, ok)
	assert.Equal(t, 0, v)
	assert.False(t, o.IsNull())

	o = Null[int]()
	assert.True(t, o.IsSet())
	assert.True(t, o.IsNull())
	b, err := json.Marshal(o)
	require.NoError(t, err)
	assert.Equal(t, "null", string(b))

	require.NoError(t, json.Unmarshal([]byte("7"), &o))
	v, ok = o.Get()
	assert.True(t, ok)
	assert.Equal(t, 7, v)
	require.NoError(t, json.Unmarshal([]byte(" null "), &o))
	assert.True(t, o.IsNull())
	assert.Error(t, json.Unmarshal([]byte(`"x"`), &o))

	// LogValue resolves the value's own LogValue: a number stays masked.
	assert.Equal(t, "****4321", Some(NumberString("87654321")).LogValue().Resolve().String())
	assert.Equal(t, slog.KindAny, Null[NumberString]().LogValue().Kind())
	assert.Empty(t, Optional[NumberString]{}.LogValue().Group())
}

func TestSafeKey(t *testing.T) {
	assert.Equal(t, "k", safeKey("k"))
	assert.Equal(t, "12345678", safeKey("12345678"))
	assert.Equal(t, "*****6789", safeKey("123456789"))
	assert.Equal(t, "a**************5678b", safeKey("a123456789012345678b"))
	assert.Equal(t, "x*****6789y*****4321", safeKey("x123456789y987654321"))
}

func FuzzDecode(f *testing.F) {
	f.Add([]byte(`{"name":"a","items":[{"code":"A"}],"meta":{"k":[1,{"x":null}]}}`))
	f.Add([]byte(`{"opt":null,"ptr":null,"items":null}`))
	f.Add([]byte(`{"inner":{"code":1},"flag":[]}`))
	f.Add([]byte(`{"name":"\ud800\u0041","number":123,"day":"2024-02-29"}`))
	long := regexp.MustCompile(`[0-9]{9,}`)
	f.Fuzz(func(t *testing.T, data []byte) {
		var o outer
		err := Decode(data, &o)
		if err == nil {
			var std outer
			require.NoError(t, json.Unmarshal(data, &std), "Decode accepts what encoding/json refuses: %q", data)
			require.Equal(t, std, o)
			return
		}
		if errors.Is(err, ErrMalformed) {
			var se *SyntaxError
			require.ErrorAs(t, err, &se)
			return
		}
		for _, fe := range mustProblems(t, err) {
			require.NotEmpty(t, fe.Code)
			if long.MatchString(fe.Error()) {
				for _, run := range long.FindAllString(fe.Error(), -1) {
					require.NotContains(t, string(data), run, "error echoes the input: %v", fe)
				}
			}
		}
	})
}

func TestDate(t *testing.T) {
	d, err := NewDate(2024, time.February, 29)
	require.NoError(t, err)
	assert.Equal(t, "2024-02-29", d.String())
	assert.Equal(t, 2024, d.Year())
	assert.Equal(t, time.February, d.Month())
	assert.Equal(t, 29, d.Day())
	p, err := ParseDate("2024-02-29")
	require.NoError(t, err)
	assert.Equal(t, d, p)
	for _, bad := range [][3]int{{2024, 2, 31}, {2023, 2, 29}, {0, 1, 1}, {10000, 1, 1}, {2024, 13, 1}, {2024, 0, 1}, {2024, 1, 0}} {
		_, err := NewDate(bad[0], time.Month(bad[1]), bad[2])
		assert.ErrorIs(t, err, ErrDate, "%v", bad)
	}
	// What a Date encodes, it decodes: no Date holds a day that is not.
	out, err := json.Marshal(d)
	require.NoError(t, err)
	var back Date
	require.NoError(t, json.Unmarshal(out, &back))
	assert.Equal(t, d, back)
	assert.Equal(t, "", Date{}.String())
	assert.True(t, Date{}.IsZero())
}

// TestCodeTable: every code is in the package documentation's table.
func TestCodeTable(t *testing.T) {
	doc, err := os.ReadFile("doc.go")
	require.NoError(t, err)
	for _, code := range []string{CodeRequired, CodeForbidden, CodeInvalid, CodeFormat, CodeChecksum,
		CodeUnknownBank, CodeUnknownCountry, CodeNotSupported, CodeRange, CodeConflict, CodeDuplicate,
		CodeNotFound, CodeTooMany, CodeType, CodeUnknownField} {
		assert.Regexp(t, `(?m)^//\t`+code+` +\S`, string(doc), code)
	}
}

// plainStringByte is the scanner's fast path: it must mark exactly the
// bytes the slow path would pass over.
func TestPlainStringByte(t *testing.T) {
	for c := range 256 {
		want := c >= 0x20 && c < 0x80 && c != '"' && c != '\\'
		assert.Equal(t, want, plainStringByte[c], "byte %#x", c)
	}
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2023-12-25", "2024-02-29", "2023-02-29", "0000-01-01", "9999-12-31", "2023-1-1", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDate(s)
		if err != nil {
			if !errors.Is(err, ErrDate) {
				t.Fatalf("%q: error %v does not wrap ErrDate", s, err)
			}
			return
		}
		if d.String() != s {
			t.Fatalf("ParseDate(%q).String() = %q", s, d.String())
		}
		if n, err := NewDate(d.Year(), d.Month(), d.Day()); err != nil || n != d {
			t.Fatalf("NewDate of ParseDate(%q) = %v, %v", s, n, err)
		}
	})
}

func FuzzNumberString(f *testing.F) {
	for _, s := range []string{`87654321`, `"87654321"`, `1.5`, `-1`, `1e3`, `0`, `"x"`, `null`, `00`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var n NumberString
		if err := n.UnmarshalJSON(b); err != nil {
			return
		}
		if t := bytes.TrimSpace(b); len(t) > 0 && t[0] != '"' && string(n) != string(t) {
			panic(fmt.Sprintf("integer %q decoded as %q", t, n))
		}
		out, err := json.Marshal(n)
		if err != nil {
			t.Fatal(err)
		}
		var again NumberString
		if err := json.Unmarshal(out, &again); err != nil || again != n {
			t.Fatalf("%q: re-decoded %q, %v", n, again, err)
		}
	})
}

// Decode is safe for concurrent use, the first use of a type included.
func TestDecodeConcurrent(t *testing.T) {
	type fresh struct {
		A string  `json:"a"`
		B []inner `json:"b"`
	}
	for i := range 8 {
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			t.Parallel()
			var f fresh
			require.NoError(t, Decode([]byte(`{"a":"x","b":[{"code":"A"}]}`), &f))
			assert.Equal(t, "A", f.B[0].Code.s)
			var o outer
			require.NoError(t, Decode([]byte(`{"name":"n"}`), &o))
		})
	}
}
