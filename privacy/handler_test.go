package privacy_test

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/acctkit/acctkit/clabe"
	"github.com/acctkit/acctkit/iban"
	"github.com/acctkit/acctkit/privacy"
	"github.com/acctkit/acctkit/routing"
)

var (
	testIBAN  = iban.MustParse("DE89370400440532013000")
	testCLABE = clabe.MustParse("002010077777777771")
	testABA   = routing.MustParseABA("011000015")
)

// account-bearing identifiers: what must never appear in full.
var secrets = []struct {
	value        any
	full, masked string
}{
	{testIBAN, "DE89370400440532013000", "DE89**************3000"},
	{testCLABE, "002010077777777771", "**************7771"},
}

// wrappers put a value one level deeper, in each way a value can sit.
var wrappers = []struct {
	name string
	wrap func(v reflect.Value) reflect.Value
}{
	{"struct", func(v reflect.Value) reflect.Value {
		t := reflect.StructOf([]reflect.StructField{{Name: "F", Type: v.Type()}, {Name: "N", Type: reflect.TypeFor[int]()}})
		s := reflect.New(t).Elem()
		s.Field(0).Set(v)
		s.Field(1).SetInt(5)
		return s
	}},
	{"pointer", func(v reflect.Value) reflect.Value {
		p := reflect.New(v.Type())
		p.Elem().Set(v)
		return p
	}},
	{"slice", func(v reflect.Value) reflect.Value {
		s := reflect.MakeSlice(reflect.SliceOf(v.Type()), 2, 2)
		s.Index(1).Set(v)
		return s
	}},
	{"array", func(v reflect.Value) reflect.Value {
		a := reflect.New(reflect.ArrayOf(2, v.Type())).Elem()
		a.Index(0).Set(v)
		return a
	}},
	{"map", func(v reflect.Value) reflect.Value {
		m := reflect.MakeMap(reflect.MapOf(reflect.TypeFor[string](), v.Type()))
		m.SetMapIndex(reflect.ValueOf("k"), v)
		return m
	}},
	{"any field", func(v reflect.Value) reflect.Value {
		t := reflect.StructOf([]reflect.StructField{{Name: "A", Type: reflect.TypeFor[any]()}})
		s := reflect.New(t).Elem()
		s.Field(0).Set(v)
		return s
	}},
	{"[]any", func(v reflect.Value) reflect.Value {
		return reflect.ValueOf([]any{"x", v.Interface()})
	}},
	{"map[string]any", func(v reflect.Value) reflect.Value {
		return reflect.ValueOf(map[string]any{"k": v.Interface(), "n": 1})
	}},
}

// corpus returns every nesting of depth 1 to 3 and a fixed sample of
// depths 4 and 5, each as the list of wrapper indexes from the inside out.
func corpus() [][]int {
	var all [][]int
	var grow func(prefix []int, depth int)
	grow = func(prefix []int, depth int) {
		if depth == 0 {
			all = append(all, append([]int(nil), prefix...))
			return
		}
		for i := range wrappers {
			grow(append(prefix, i), depth-1)
		}
	}
	for d := 1; d <= 3; d++ {
		grow(nil, d)
	}
	r := rand.New(rand.NewPCG(18, 5))
	for _, d := range []int{4, 5} {
		for range 400 {
			path := make([]int, d)
			for i := range path {
				path[i] = r.IntN(len(wrappers))
			}
			all = append(all, path)
		}
	}
	return all
}

func handlers(buf *bytes.Buffer) map[string]slog.Handler {
	return map[string]slog.Handler{
		"json": slog.NewJSONHandler(buf, nil),
		"text": slog.NewTextHandler(buf, nil),
	}
}

func TestNestedIdentifiersAreMasked(t *testing.T) {
	var buf bytes.Buffer
	paths := corpus()
	for name, h := range handlers(&buf) {
		log := slog.New(privacy.NewHandler(h))
		for _, s := range secrets {
			for _, path := range paths {
				v := reflect.ValueOf(s.value)
				names := make([]string, len(path))
				for i, w := range path {
					v = wrappers[w].wrap(v)
					names[i] = wrappers[w].name
				}
				buf.Reset()
				log.Info("nested", "v", v.Interface())
				out := buf.String()
				require.NotContains(t, out, s.full, "%s handler, %v: %s", name, names, out)
				require.Contains(t, out, s.masked, "%s handler, %v: the value must still be shown masked: %s", name, names, out)
			}
		}
	}
}

// userText prints itself only through an acctkit value it keeps private.
type userText struct{ to iban.IBAN }

func (u userText) MarshalText() ([]byte, error) { return []byte("to " + u.to.String()), nil }

// userValuer is a LogValuer of the user's, nested where slog does not
// resolve it.
type userValuer struct{ c clabe.CLABE }

func (u userValuer) LogValue() slog.Value {
	return slog.GroupValue(slog.Any("clabe", u.c), slog.String("note", "x"))
}

type payout struct {
	To     iban.IBAN `json:"to"`
	Amount int       `json:"amount"`
	Memo   string    `json:"memo,omitempty"`
	Bank   routing.ABA
	Secret string `json:"-"`
	inner  int
}

func TestHandlerOutput(t *testing.T) {
	var buf bytes.Buffer
	log := slog.New(privacy.NewHandler(slog.NewJSONHandler(&buf, &slog.HandlerOptions{ReplaceAttr: dropTime})))
	log.Info("payout", "p", payout{To: testIBAN, Amount: 5, Bank: testABA, Secret: "s", inner: 1},
		"list", []iban.IBAN{testIBAN}, "byIBAN", map[iban.IBAN]int{testIBAN: 1},
		"text", userText{testIBAN}, "valuer", []userValuer{{testCLABE}},
		slog.Group("g", slog.Any("c", &testCLABE)), "plain", "DE89370400440532013000")
	assert.JSONEq(t, `{"level":"INFO","msg":"payout",
		"p":{"to":"DE89**************3000","amount":5,"Bank":"011000015"},
		"list":["DE89**************3000"],
		"byIBAN":{"DE89**************3000":1},
		"text":"to DE89**************3000",
		"valuer":[{"clabe":"**************7771","note":"x"}],
		"g":{"c":"**************7771"},
		"plain":"DE89370400440532013000"}`, buf.String())

	buf.Reset()
	log = slog.New(privacy.NewHandler(slog.NewTextHandler(&buf, &slog.HandlerOptions{ReplaceAttr: dropTime})))
	log.Info("payout", "p", payout{To: testIBAN, Amount: 5, Bank: testABA})
	assert.Equal(t, "level=INFO msg=payout p=\"{to:DE89**************3000 amount:5 Bank:011000015}\"\n", buf.String())
}

func dropTime(groups []string, a slog.Attr) slog.Attr {
	if len(groups) == 0 && a.Key == slog.TimeKey {
		return slog.Attr{}
	}
	return a
}

// Everything without an identifier passes through as it was.
func TestHandlerLeavesOtherValues(t *testing.T) {
	type plain struct {
		A int
		B []string
		C map[string]float64
	}
	attrs := []any{"s", "text", "n", 3, "p", plain{1, []string{"x"}, map[string]float64{"k": 1.5}},
		"e", fmt.Errorf("wrapped: %w", assert.AnError), "nilany", nil, slog.Group("g", "k", true)}
	var want, got bytes.Buffer
	slog.New(slog.NewJSONHandler(&want, &slog.HandlerOptions{ReplaceAttr: dropTime})).Info("m", attrs...)
	slog.New(privacy.NewHandler(slog.NewJSONHandler(&got, &slog.HandlerOptions{ReplaceAttr: dropTime}))).Info("m", attrs...)
	assert.Equal(t, want.String(), got.String())
}

func TestWithAttrsAndGroups(t *testing.T) {
	var buf bytes.Buffer
	h := privacy.NewHandler(slog.NewJSONHandler(&buf, &slog.HandlerOptions{ReplaceAttr: dropTime}))
	assert.Same(t, h, privacy.NewHandler(h), "wrapping twice adds nothing")
	log := slog.New(h).With("acct", []clabe.CLABE{testCLABE}).WithGroup("req")
	log.Info("m", "to", map[string]any{"iban": testIBAN})
	assert.JSONEq(t, `{"level":"INFO","msg":"m","acct":["**************7771"],"req":{"to":{"iban":"DE89**************3000"}}}`, buf.String())
	assert.True(t, h.Enabled(context.Background(), slog.LevelInfo))
}

// A value that refers to itself ends the walk instead of looping.
func TestCycle(t *testing.T) {
	type node struct {
		Next *node
		To   iban.IBAN
	}
	n := &node{To: testIBAN}
	n.Next = n
	var buf bytes.Buffer
	slog.New(privacy.NewHandler(slog.NewJSONHandler(&buf, nil))).Info("m", "n", n)
	assert.NotContains(t, buf.String(), "DE89370400440532013000")
	assert.Contains(t, buf.String(), "!DEPTH")
}

func TestScrubbedErrors(t *testing.T) {
	var buf bytes.Buffer
	_, perr := clabe.Parse("002010077777777779")
	slog.New(privacy.NewHandler(slog.NewTextHandler(&buf, nil))).Info("m", "err", perr, "wrapped", fmt.Errorf("saving %s: %w", testIBAN, perr))
	out := buf.String()
	assert.NotContains(t, out, "DE89370400440532013000")
	assert.Contains(t, out, "**************7779")
	assert.True(t, strings.Contains(out, "DE89**************3000"), out)
}
