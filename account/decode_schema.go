package account

import (
	"encoding"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"time"
	"unsafe"

	"github.com/acctkit/acctkit/clabe"
	"github.com/acctkit/acctkit/iban"
	"github.com/acctkit/acctkit/routing"
)

// kind is how the decoder reads one Go type.
type kind uint8

const (
	kString    kind = iota // string and named string kinds
	kBool                  // bool
	kInt64                 // int64
	kStruct                // struct of named fields
	kPointer               // pointer to a struct
	kSlice                 // slice of any supported type
	kRawMap                // map[string]json.RawMessage
	kRaw                   // json.RawMessage
	kText                  // encoding.TextUnmarshaler
	kOptional              // Optional[T]
	kNumberStr             // NumberString
)

// schema is the decoder's plan for one Go type, built once (schemaOf).
type schema struct {
	typ  reflect.Type
	kind kind
	// enum: a named string type, whose empty string is no value.
	enum bool
	// elem: the pointed-to, element or Optional value type.
	elem *schema
	// Optional: offsets of the value and the state.
	valueOff, stateOff uintptr
	// struct: fields by JSON name, bucketed by the name's length: a
	// bucket holds one or two names, cheaper to compare than to hash.
	byLen  [][]*field
	nfield int
	// text: the type's UnmarshalText, called without reflect.
	unmarshalText func(p unsafe.Pointer, b []byte) error
}

// field returns the field named key, or nil.
func (s *schema) field(key string) *field {
	if len(key) >= len(s.byLen) {
		return nil
	}
	for _, f := range s.byLen[len(key)] {
		if f.name == key {
			return f
		}
	}
	return nil
}

type field struct {
	name      string
	index     int // among the struct's decoded fields, for duplicate detection
	offset    uintptr
	sc        *schema
	nullable  bool // null is a value (merge patch, or a "T | null" member)
	nonempty  bool // "" is refused: the field's zero value means absent
	max       int  // list length cap; 0 for none
	omitEmpty bool
}

var (
	schemaCache sync.Map // reflect.Type -> *schema
	schemaMu    sync.Mutex

	textUnmarshalerType = reflect.TypeFor[encoding.TextUnmarshaler]()
	jsonUnmarshalerType = reflect.TypeFor[json.Unmarshaler]()
	optionalType        = reflect.TypeFor[optionalTarget]()
	rawMessageType      = reflect.TypeFor[json.RawMessage]()
	rawMapType          = reflect.TypeFor[map[string]json.RawMessage]()
	numberStringType    = reflect.TypeFor[NumberString]()
)

// maxFields bounds a struct's decoded fields: the duplicate check keeps
// one bit per field on the stack.
const maxFields = 256

// schemaOf returns the cached schema of t, building it on first use.
func schemaOf(t reflect.Type) (*schema, error) {
	if s, ok := schemaCache.Load(t); ok {
		return s.(*schema), nil
	}
	schemaMu.Lock()
	defer schemaMu.Unlock()
	building := map[reflect.Type]*schema{}
	s, err := build(t, building)
	if err != nil {
		return nil, err
	}
	for bt, bs := range building {
		schemaCache.Store(bt, bs)
	}
	return s, nil
}

func build(t reflect.Type, building map[reflect.Type]*schema) (*schema, error) {
	if s, ok := schemaCache.Load(t); ok {
		return s.(*schema), nil
	}
	if s, ok := building[t]; ok {
		return s, nil // a recursive type: filled in below
	}
	s := &schema{typ: t}
	building[t] = s
	pt := reflect.PointerTo(t)
	switch {
	case t == numberStringType:
		s.kind = kNumberStr
	case t == rawMessageType:
		s.kind = kRaw
	case t == rawMapType:
		s.kind = kRawMap
	case pt.Implements(optionalType):
		s.kind = kOptional
		vf, _ := t.FieldByName("value")
		sf, _ := t.FieldByName("state")
		s.valueOff, s.stateOff = vf.Offset, sf.Offset
		e, err := build(vf.Type, building)
		if err != nil {
			return nil, err
		}
		s.elem = e
	case pt.Implements(textUnmarshalerType):
		s.kind = kText
		s.unmarshalText = textUnmarshaler(t)
	case pt.Implements(jsonUnmarshalerType):
		return nil, fmt.Errorf("%v has its own UnmarshalJSON", t)
	default:
		switch t.Kind() {
		case reflect.String:
			s.kind = kString
			s.enum = t.PkgPath() != ""
		case reflect.Bool:
			s.kind = kBool
		case reflect.Int64:
			s.kind = kInt64
		case reflect.Pointer:
			if t.Elem().Kind() != reflect.Struct {
				return nil, fmt.Errorf("%v: only pointers to structs are supported", t)
			}
			s.kind = kPointer
			e, err := build(t.Elem(), building)
			if err != nil {
				return nil, err
			}
			if e.kind != kStruct {
				return nil, fmt.Errorf("%v: only pointers to plain structs are supported", t)
			}
			s.elem = e
		case reflect.Slice:
			s.kind = kSlice
			e, err := build(t.Elem(), building)
			if err != nil {
				return nil, err
			}
			s.elem = e
		case reflect.Struct:
			s.kind = kStruct
			if err := buildStruct(s, t, building); err != nil {
				return nil, err
			}
		default:
			return nil, fmt.Errorf("%v: kind %v is not supported", t, t.Kind())
		}
	}
	return s, nil
}

func buildStruct(s *schema, t reflect.Type, building map[reflect.Type]*schema) error {
	names := map[string]bool{}
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		if sf.Anonymous {
			return fmt.Errorf("%v.%s: embedded fields are not supported", t, sf.Name)
		}
		if !sf.IsExported() {
			continue
		}
		tag, hasTag := sf.Tag.Lookup("json")
		if tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if !hasTag || name == "" {
			name = sf.Name
		}
		f := &field{name: name, index: s.nfield, offset: sf.Offset}
		for o := range strings.SplitSeq(opts, ",") {
			switch o {
			case "", "omitzero":
			case "omitempty":
				f.omitEmpty = true
			default:
				return fmt.Errorf("%v.%s: json option %q is not supported", t, sf.Name, o)
			}
		}
		if wire, ok := sf.Tag.Lookup("wire"); ok {
			for o := range strings.SplitSeq(wire, ",") {
				switch {
				case o == "nullable":
					f.nullable = true
				case o == "nonempty":
					f.nonempty = true
				case strings.HasPrefix(o, "max="):
					n, err := strconv.Atoi(o[len("max="):])
					if err != nil || n <= 0 {
						return fmt.Errorf("%v.%s: bad wire option %q", t, sf.Name, o)
					}
					f.max = n
				default:
					return fmt.Errorf("%v.%s: unknown wire option %q", t, sf.Name, o)
				}
			}
		}
		if names[name] {
			return fmt.Errorf("%v: two fields named %q", t, name)
		}
		names[name] = true
		fs, err := build(sf.Type, building)
		if err != nil {
			return err
		}
		f.sc = fs
		for len(s.byLen) <= len(name) {
			s.byLen = append(s.byLen, nil)
		}
		s.byLen[len(name)] = append(s.byLen[len(name)], f)
		s.nfield++
	}
	if s.nfield > maxFields {
		return errors.New(t.String() + ": too many fields")
	}
	return nil
}

// textUnmarshaler returns t's UnmarshalText as a function on a pointer:
// direct calls for this module's identifier and time types, which most
// bodies hold, and reflect for any other.
func textUnmarshaler(t reflect.Type) func(unsafe.Pointer, []byte) error {
	switch t {
	case reflect.TypeFor[iban.IBAN]():
		return func(p unsafe.Pointer, b []byte) error { return (*iban.IBAN)(p).UnmarshalText(b) }
	case reflect.TypeFor[clabe.CLABE]():
		return func(p unsafe.Pointer, b []byte) error { return (*clabe.CLABE)(p).UnmarshalText(b) }
	case reflect.TypeFor[routing.ABA]():
		return func(p unsafe.Pointer, b []byte) error { return (*routing.ABA)(p).UnmarshalText(b) }
	case reflect.TypeFor[routing.BIC]():
		return func(p unsafe.Pointer, b []byte) error { return (*routing.BIC)(p).UnmarshalText(b) }
	case reflect.TypeFor[routing.Canadian]():
		return func(p unsafe.Pointer, b []byte) error { return (*routing.Canadian)(p).UnmarshalText(b) }
	case reflect.TypeFor[time.Time]():
		return func(p unsafe.Pointer, b []byte) error { return (*time.Time)(p).UnmarshalText(b) }
	case reflect.TypeFor[Date]():
		return func(p unsafe.Pointer, b []byte) error { return (*Date)(p).UnmarshalText(b) }
	}
	return func(p unsafe.Pointer, b []byte) error {
		return reflect.NewAt(t, p).Interface().(encoding.TextUnmarshaler).UnmarshalText(b)
	}
}

// jsonKind names the JSON a schema reads, for type errors.
func (s *schema) jsonKind() string {
	switch s.kind {
	case kString, kText:
		return "a string"
	case kBool:
		return "a boolean"
	case kInt64:
		return "an integer"
	case kStruct, kPointer, kRawMap:
		return "an object"
	case kSlice:
		return "an array"
	case kNumberStr:
		return "a string or a whole number"
	case kOptional:
		return s.elem.jsonKind()
	}
	return "a JSON value"
}
