package account

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

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

type inner struct {
	Code upper `json:"code"`
	N    int   `json:"n,omitempty"`
}

type outer struct {
	Name     string                     `json:"name"`
	Flag     Optional[bool]             `json:"flag,omitzero"`
	Label    Optional[string]           `json:"label,omitzero"`
	Inner    inner                      `json:"inner"`
	Ptr      *inner                     `json:"ptr,omitempty"`
	Items    []inner                    `json:"items"`
	Opt      Optional[inner]            `json:"opt,omitzero"`
	Meta     map[string]json.RawMessage `json:"meta,omitempty"`
	Skipped  string                     `json:"-"`
	Untagged string
}

func TestDecodeOK(t *testing.T) {
	body := `{"name":"a","flag":false,"label":null,"inner":{"code":"AB","n":2},"ptr":{"code":"X"},
	 "items":[{"code":"C"}],"opt":{"code":"D"},"meta":{"big":12345678901234567890,"s":"x"},"Untagged":"u"}`
	var o outer
	require.NoError(t, Decode([]byte(body), &o))
	assert.Equal(t, "a", o.Name)
	f, ok := o.Flag.Get()
	assert.True(t, ok)
	assert.False(t, f)
	assert.True(t, o.Label.IsSet())
	assert.True(t, o.Label.IsNull())
	assert.Equal(t, "AB", o.Inner.Code.s)
	assert.Equal(t, "X", o.Ptr.Code.s)
	assert.Equal(t, "C", o.Items[0].Code.s)
	in, ok := o.Opt.Get()
	assert.True(t, ok)
	assert.Equal(t, "D", in.Code.s)
	assert.Equal(t, "12345678901234567890", string(o.Meta["big"]))
	assert.Equal(t, "u", o.Untagged)

	out, err := json.Marshal(o)
	require.NoError(t, err)
	var again outer
	require.NoError(t, Decode(out, &again))
	assert.Equal(t, o, again)
}

func TestDecodeAbsentOptional(t *testing.T) {
	var o outer
	require.NoError(t, Decode([]byte(`{"name":"a"}`), &o))
	assert.False(t, o.Flag.IsSet())
	assert.False(t, o.Opt.IsSet())
	out, err := json.Marshal(o)
	require.NoError(t, err)
	assert.NotContains(t, string(out), "flag")
	assert.NotContains(t, string(out), "opt")
}

func TestDecodeReportsEveryProblem(t *testing.T) {
	body := `{"name":5,"flag":"yes","inner":{"code":"ab","extra":1},"items":[{"code":"OK"},{"code":"no","n":1.5}],
	 "opt":{"code":"lo"},"ptr":[],"name2":true,"meta":{"a":1,"a":2},"Skipped":"x"}`
	var o outer
	err := Decode([]byte(body), &o)
	ve, ok := AsValidationError(err)
	require.True(t, ok, "%v", err)
	type got struct{ Path, Code, Message string }
	var list []got
	for _, fe := range ve.Errors {
		list = append(list, got{fe.Path, fe.Code, fe.Message})
	}
	assert.Equal(t, []got{
		{"name", CodeType, "must be a string, got the number 5"},
		{"flag", CodeType, "must be a boolean, got a string"},
		{"inner.code", CodeInvalid, "lower case"},
		{"inner.extra", CodeUnknownField, `unknown field "extra"`},
		{"items[1].code", CodeInvalid, "lower case"},
		{"items[1].n", CodeType, "must be an integer within range, got the number 1.5"},
		{"opt.code", CodeInvalid, "lower case"},
		{"ptr", CodeType, "must be an object, got an array"},
		{"name2", CodeUnknownField, `unknown field "name2"`},
		{"meta.a", CodeDuplicate, `field "a" appears more than once`},
		{"Skipped", CodeUnknownField, `unknown field "Skipped"`},
	}, list)
	assert.ErrorIs(t, err, errLower)
}

// TestDecodeInvalidUTF8 pins the refusal of a body that is not UTF-8
// (RFC 8259 section 8.1), wherever the bad byte is: in a string value that
// would otherwise be kept as is and re-encode as U+FFFD, in a key, or in
// raw metadata. Escaped code points, even a lone surrogate, are JSON and
// are decoded as encoding/json does.
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
		assert.Contains(t, err.Error(), "invalid UTF-8 at byte offset")
	}
	var o outer
	require.NoError(t, Decode([]byte(`{"name":"N\u00f3mina \ud800","inner":{"code":"É"}}`), &o))
	assert.Equal(t, "Nómina \ufffd", o.Name)
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

// TestDecodeDuplicateManyKeys covers duplicate detection past the keys
// kept in a list, where a set takes over.
func TestDecodeDuplicateManyKeys(t *testing.T) {
	var o outer
	require.NoError(t, Decode(manyKeys(100), &o))
	assert.Len(t, o.Meta, 101)

	err := Decode(manyKeys(100, 0, 31, 32, 99), &o)
	ve, ok := AsValidationError(err)
	require.True(t, ok, "%v", err)
	var paths []string
	for _, fe := range ve.Errors {
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

func TestDecodeMalformed(t *testing.T) {
	var o outer
	for _, body := range []string{"", "{", `{"name":}`, "nul", `{"a":1}x`} {
		err := Decode([]byte(body), &o)
		assert.ErrorIs(t, err, ErrMalformed, "%q", body)
	}
	assert.ErrorIs(t, Decode([]byte(`{}`), o), ErrDecodeTarget)
	assert.ErrorIs(t, Decode([]byte(`{}`), (*outer)(nil)), ErrDecodeTarget)

	err := Decode([]byte(`[1]`), &o)
	ve, ok := AsValidationError(err)
	require.True(t, ok)
	assert.Equal(t, FieldError{Code: CodeType, Message: "must be an object, got an array"}, ve.Errors[0])
}

func TestDecodeCaseSensitive(t *testing.T) {
	var o outer
	err := Decode([]byte(`{"NAME":"a"}`), &o)
	ve, ok := AsValidationError(err)
	require.True(t, ok)
	assert.Equal(t, CodeUnknownField, ve.Errors[0].Code)
	assert.Empty(t, o.Name)
}

type withRules struct {
	A upper  `json:"a"`
	B string `json:"b"`
}

func (w withRules) Validate() error {
	var l errorList
	if w.A.s == "" {
		l.add(NewPath("a"), CodeRequired, "a is required", nil)
	}
	if w.B == "" {
		l.add(NewPath("b"), CodeRequired, "b is required", nil)
	}
	return l.err()
}

func TestDecodeMergesRules(t *testing.T) {
	var w withRules
	err := Decode([]byte(`{"a":"low"}`), &w)
	ve, ok := AsValidationError(err)
	require.True(t, ok)
	require.Len(t, ve.Errors, 2)
	assert.Equal(t, "a", ve.Errors[0].Path)
	assert.Equal(t, CodeInvalid, ve.Errors[0].Code) // the decode error, not "required"
	assert.Equal(t, "b", ve.Errors[1].Path)
	assert.Equal(t, CodeRequired, ve.Errors[1].Code)

	require.NoError(t, Decode([]byte(`{"a":"UP","b":"x"}`), &w))
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
}

func FuzzDecode(f *testing.F) {
	f.Add([]byte(`{"name":"a","items":[{"code":"A"}],"meta":{"k":[1,{"x":null}]}}`))
	f.Add([]byte(`{"opt":null,"ptr":null,"items":null}`))
	f.Add([]byte(`{"inner":{"code":1},"flag":[]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var o outer
		err := Decode(data, &o)
		if err == nil {
			out, mErr := json.Marshal(o)
			require.NoError(t, mErr)
			// Encoding is the fixed point: an empty map left out by omitempty
			// decodes as nil, but both encode the same.
			var again outer
			require.NoError(t, Decode(out, &again), "re-decoding %s", out)
			out2, mErr := json.Marshal(again)
			require.NoError(t, mErr)
			require.JSONEq(t, string(out), string(out2))
			return
		}
		if !errors.Is(err, ErrMalformed) {
			_, ok := AsValidationError(err)
			require.True(t, ok, "unexpected error type %T: %v", err, err)
		}
	})
}
