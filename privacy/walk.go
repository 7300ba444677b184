package privacy

import (
	"encoding"
	"encoding/json"
	"fmt"
	"log/slog"
	"reflect"
	"sort"
	"strings"
	"sync"

	"github.com/acctkit/acctkit/clabe"
	"github.com/acctkit/acctkit/iban"
	"github.com/acctkit/acctkit/routing"
)

// maxDepth bounds the walk, so a cyclic value (a pointer back to its
// parent) ends instead of looping.
const maxDepth = 32

// needsWork reports whether v may hold something to mask: a LogValuer,
// or a value whose type may hold an identifier or a LogValuer. It does
// not allocate for the kinds slog stores inline.
func needsWork(v slog.Value) bool {
	switch v.Kind() {
	case slog.KindLogValuer:
		return true
	case slog.KindGroup:
		for _, a := range v.Group() {
			if needsWork(a.Value) {
				return true
			}
		}
		return false
	case slog.KindAny:
		x := v.Any()
		return x != nil && planFor(reflect.TypeOf(x)) != leave
	}
	return false
}

func maskAttr(a slog.Attr, depth int) slog.Attr {
	return slog.Attr{Key: a.Key, Value: maskValue(a.Value, depth)}
}

// maskValue returns v with every identifier in it masked.
func maskValue(v slog.Value, depth int) slog.Value {
	if depth > maxDepth {
		return slog.StringValue("!DEPTH")
	}
	switch v.Kind() {
	case slog.KindLogValuer:
		return maskValue(v.Resolve(), depth+1)
	case slog.KindGroup:
		attrs := v.Group()
		out := make([]slog.Attr, len(attrs))
		for i, a := range attrs {
			out[i] = maskAttr(a, depth+1)
		}
		return slog.GroupValue(out...)
	case slog.KindAny:
		x := v.Any()
		if x == nil || planFor(reflect.TypeOf(x)) == leave {
			return v
		}
		return slog.AnyValue(maskAny(reflect.ValueOf(x), depth+1))
	}
	return v
}

// plan is what a type needs.
type plan uint8

const (
	leave   plan = iota // holds nothing to mask: passed on untouched
	resolve             // a slog.LogValuer (acctkit identifiers are): its LogValue, masked in turn
	scrub               // marshals itself and holds an identifier somewhere inside: its text, scrubbed
	walk                // a container that may hold something to mask: rebuilt with it masked
)

var (
	plans         sync.Map // reflect.Type -> plan
	logValuerType = reflect.TypeFor[slog.LogValuer]()
	textType      = reflect.TypeFor[encoding.TextMarshaler]()
	jsonType      = reflect.TypeFor[json.Marshaler]()
	stringerType  = reflect.TypeFor[fmt.Stringer]()
	errorType     = reflect.TypeFor[error]()

	// identifierTypes are acctkit's own. Each is a LogValuer that masks
	// itself, but a user type can hold one where its own methods, not
	// LogValue, decide what is printed.
	identifierTypes = map[reflect.Type]bool{
		reflect.TypeFor[iban.IBAN]():        true,
		reflect.TypeFor[clabe.CLABE]():      true,
		reflect.TypeFor[routing.ABA]():      true,
		reflect.TypeFor[routing.BIC]():      true,
		reflect.TypeFor[routing.Canadian](): true,
	}
)

// planFor returns t's plan, worked out once per type.
func planFor(t reflect.Type) plan {
	if p, ok := plans.Load(t); ok {
		return p.(plan)
	}
	p := decide(t)
	plans.Store(t, p)
	return p
}

func decide(t reflect.Type) plan {
	if t.Implements(logValuerType) {
		return resolve
	}
	if t.Implements(errorType) {
		return scrub // error texts are made anywhere: scrub every one
	}
	marshals := t.Implements(textType) || t.Implements(jsonType) || t.Implements(stringerType)
	if marshals {
		// Its own methods decide its text; look inside only if an
		// identifier could be there.
		if holdsIdentifier(t, map[reflect.Type]bool{}) {
			return scrub
		}
		return leave
	}
	if mayHold(t, map[reflect.Type]bool{}) {
		return walk
	}
	return leave
}

// mayHold reports whether a value of type t can hold, in what the walk
// visits (exported fields, elements, keys, dynamic values), something
// with a plan other than leave.
func mayHold(t reflect.Type, seen map[reflect.Type]bool) bool {
	if seen[t] {
		return false // a recursive type: the first visit answers
	}
	seen[t] = true
	if t.Implements(logValuerType) || reflect.PointerTo(t).Implements(logValuerType) {
		return true
	}
	if t.Implements(textType) || t.Implements(jsonType) || t.Implements(stringerType) || t.Implements(errorType) {
		return holdsIdentifier(t, map[reflect.Type]bool{})
	}
	switch t.Kind() {
	case reflect.Interface:
		return true // the dynamic value decides
	case reflect.Pointer, reflect.Slice, reflect.Array:
		return mayHold(t.Elem(), seen)
	case reflect.Map:
		return mayHold(t.Key(), seen) || mayHold(t.Elem(), seen)
	case reflect.Struct:
		for i := range t.NumField() {
			if f := t.Field(i); f.IsExported() && mayHold(f.Type, seen) {
				return true
			}
		}
	}
	return false
}

// holdsIdentifier reports whether t is or contains, in any field,
// exported or not, an acctkit identifier, or an interface that could
// hold one.
func holdsIdentifier(t reflect.Type, seen map[reflect.Type]bool) bool {
	if identifierTypes[t] {
		return true
	}
	if seen[t] {
		return false
	}
	seen[t] = true
	switch t.Kind() {
	case reflect.Interface:
		return true
	case reflect.Pointer, reflect.Slice, reflect.Array:
		return holdsIdentifier(t.Elem(), seen)
	case reflect.Map:
		return holdsIdentifier(t.Key(), seen) || holdsIdentifier(t.Elem(), seen)
	case reflect.Struct:
		for i := range t.NumField() {
			if holdsIdentifier(t.Field(i).Type, seen) {
				return true
			}
		}
	}
	return false
}

// maskAny returns what the handler logs instead of v: v itself when
// there is nothing to mask, the masked form otherwise.
func maskAny(v reflect.Value, depth int) any {
	if depth > maxDepth {
		return "!DEPTH"
	}
	if !v.IsValid() {
		return nil
	}
	switch planFor(v.Type()) {
	case leave:
		return v.Interface()
	case resolve:
		if v.Kind() == reflect.Pointer && v.IsNil() {
			return nil
		}
		lv := v.Interface().(slog.LogValuer).LogValue()
		return valueAny(maskValue(lv, depth+1))
	case scrub:
		return scrubbed(v)
	}
	switch v.Kind() {
	case reflect.Interface, reflect.Pointer:
		if v.IsNil() {
			return nil
		}
		return maskAny(v.Elem(), depth+1)
	case reflect.Slice, reflect.Array:
		if v.Kind() == reflect.Slice && v.IsNil() {
			return nil
		}
		out := make(list, v.Len())
		for i := range out {
			out[i] = maskAny(v.Index(i), depth+1)
		}
		return out
	case reflect.Map:
		if v.IsNil() {
			return nil
		}
		out := make(object, 0, v.Len())
		for it := v.MapRange(); it.Next(); {
			out = append(out, field{key(maskAny(it.Key(), depth+1)), maskAny(it.Value(), depth+1)})
		}
		sort.Slice(out, func(i, j int) bool { return out[i].name < out[j].name })
		return out
	case reflect.Struct:
		return maskStruct(v, depth)
	}
	return v.Interface()
}

// maskStruct renders a struct as encoding/json would name its exported
// fields, with what they hold masked.
func maskStruct(v reflect.Value, depth int) object {
	t := v.Type()
	out := make(object, 0, t.NumField())
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		name, omitEmpty, skip := jsonName(f)
		if skip || omitEmpty && v.Field(i).IsZero() {
			continue
		}
		fv := v.Field(i)
		if f.Anonymous && name == "" && fv.Kind() == reflect.Struct && planFor(f.Type) == walk {
			out = append(out, maskStruct(fv, depth+1)...) // promoted, as encoding/json does
			continue
		}
		if name == "" {
			name = f.Name
		}
		out = append(out, field{name, maskAny(fv, depth+1)})
	}
	return out
}

func jsonName(f reflect.StructField) (name string, omitEmpty, skip bool) {
	tag, ok := f.Tag.Lookup("json")
	if !ok {
		if f.Anonymous {
			return "", false, false
		}
		return f.Name, false, false
	}
	if tag == "-" {
		return "", false, true
	}
	name, opts, _ := strings.Cut(tag, ",")
	for opt := range strings.SplitSeq(opts, ",") {
		omitEmpty = omitEmpty || opt == "omitempty" || opt == "omitzero"
	}
	if name == "" && !f.Anonymous {
		name = f.Name
	}
	return name, omitEmpty, false
}

// valueAny turns a resolved, masked slog.Value into a plain value for a
// container: a group becomes an object.
func valueAny(v slog.Value) any {
	if v.Kind() == slog.KindGroup {
		attrs := v.Group()
		out := make(object, len(attrs))
		for i, a := range attrs {
			out[i] = field{a.Key, valueAny(a.Value)}
		}
		return out
	}
	return v.Any()
}

// key renders a map key as encoding/json and fmt would.
func key(k any) string {
	if s, ok := k.(string); ok {
		return s
	}
	return fmt.Sprint(k)
}
