package account

import (
	"bytes"
	"encoding"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"
)

// ErrMalformed is returned (wrapped) by Decode when the body is not JSON at
// all; an API answers it with 400, while a *ValidationError is a 422.
var ErrMalformed = errors.New("malformed JSON")

// ErrDecodeTarget is returned (wrapped) by Decode when v is not a non-nil
// pointer: a programming error, not bad input.
var ErrDecodeTarget = errors.New("decode target must be a non-nil pointer")

// Decode decodes the JSON body data into v, a pointer to one of this
// package's request types or to any struct, and reports every problem at
// once instead of stopping at the first:
//
//   - a key the type does not define (CodeUnknownField): nothing is
//     silently dropped;
//   - a key given twice in one object (CodeDuplicate): parsers disagree on
//     which one wins, so neither does;
//   - a value of the wrong JSON type (CodeType);
//   - an identifier (IBAN, CLABE, routing number, BIC) that does not parse,
//     with the identifier's own reason and code.
//
// Keys match field names exactly; unlike encoding/json, "IBAN" does not
// fill a field named "iban". JSON null leaves a field at its zero value,
// except in an Optional, which records it.
//
// When v also has a Validate() error method and the body was well-formed
// JSON, Decode runs it and merges its field errors, leaving out rule errors
// at a path that already has a decoding error. The result is nil, a
// *ValidationError, or an error wrapping ErrMalformed or ErrDecodeTarget.
func Decode(data []byte, v any) error {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		return fmt.Errorf("account.Decode: %w, got %T", ErrDecodeTarget, v)
	}
	if !json.Valid(data) {
		var probe any
		err := json.Unmarshal(data, &probe)
		if err == nil {
			err = errors.New("invalid JSON")
		}
		return fmt.Errorf("account.Decode: %w: %v", ErrMalformed, err)
	}
	// RFC 8259 section 8.1: JSON text is UTF-8. json.Valid lets invalid
	// bytes through inside strings, which encoding/json would replace with
	// U+FFFD and the fast paths below would keep, so a stored value could
	// differ from what it re-encodes to. Such a body is refused whole.
	if i := invalidUTF8(data); i >= 0 {
		return fmt.Errorf("account.Decode: %w: invalid UTF-8 at byte offset %d", ErrMalformed, i)
	}
	var d decoder
	d.value(bytes.TrimSpace(data), rv.Elem(), nil)
	if val, ok := v.(interface{ Validate() error }); ok {
		d.merge(val.Validate())
	}
	return d.errs.err()
}

type decoder struct {
	errs errorList
}

// dpath is the decoder's path: a chain of stack frames rendered into a
// Path only when an error is recorded, so a valid body builds no strings.
type dpath struct {
	parent  *dpath
	key     string
	index   int
	isIndex bool
}

func (p *dpath) path() Path {
	if p == nil {
		return Path{}
	}
	if p.isIndex {
		return p.parent.path().Index(p.index)
	}
	return p.parent.path().Key(p.key)
}

func (d *decoder) add(p *dpath, code, msg string, err error) {
	d.errs.add(p.path(), code, msg, err)
}

var (
	unmarshalerType     = reflect.TypeFor[json.Unmarshaler]()
	textUnmarshalerType = reflect.TypeFor[encoding.TextUnmarshaler]()
	optionalTargetType  = reflect.TypeFor[optionalTarget]()
)

func (d *decoder) value(raw []byte, rv reflect.Value, p *dpath) {
	isNull := string(raw) == "null"
	if rv.CanAddr() {
		pt := reflect.PointerTo(rv.Type())
		switch {
		case pt.Implements(optionalTargetType):
			opt := rv.Addr().Interface().(optionalTarget)
			if target := opt.present(isNull); target != nil {
				d.value(raw, reflect.ValueOf(target).Elem(), p)
			}
			return
		case pt.Implements(unmarshalerType):
			// Like encoding/json, null goes to UnmarshalJSON too:
			// json.RawMessage keeps it, most types ignore it.
			if err := rv.Addr().Interface().(json.Unmarshaler).UnmarshalJSON(raw); err != nil {
				d.leafError(raw, rv.Type(), p, err)
			}
			return
		case pt.Implements(textUnmarshalerType):
			d.text(raw, rv, p)
			return
		}
	}
	switch rv.Kind() {
	case reflect.Pointer:
		if isNull {
			rv.SetZero()
			return
		}
		if rv.IsNil() {
			rv.Set(reflect.New(rv.Type().Elem()))
		}
		d.value(raw, rv.Elem(), p)
	case reflect.Struct:
		if isNull {
			return
		}
		fields := fieldsOf(rv.Type())
		d.object(raw, rv.Type(), p, func(key string, val []byte, kp *dpath) {
			idx, ok := fields[key]
			if !ok {
				d.add(kp, CodeUnknownField, fmt.Sprintf("unknown field %q", key), nil)
				return
			}
			d.value(val, rv.Field(idx), kp)
		})
	case reflect.Map:
		if isNull {
			rv.SetZero()
			return
		}
		if rv.Type().Key().Kind() != reflect.String {
			d.leaf(raw, rv, p)
			return
		}
		m := reflect.MakeMap(rv.Type())
		ok := d.object(raw, rv.Type(), p, func(key string, val []byte, kp *dpath) {
			elem := reflect.New(rv.Type().Elem()).Elem()
			d.value(val, elem, kp)
			m.SetMapIndex(reflect.ValueOf(key).Convert(rv.Type().Key()), elem)
		})
		if ok {
			rv.Set(m)
		}
	case reflect.Slice:
		if isNull {
			rv.SetZero()
			return
		}
		if rv.Type().Elem().Kind() == reflect.Uint8 {
			d.leaf(raw, rv, p)
			return
		}
		if len(raw) == 0 || raw[0] != '[' {
			d.typeError(raw, rv.Type(), p)
			return
		}
		n := 0
		forEachElement(raw, func([]byte) { n++ })
		s := reflect.MakeSlice(rv.Type(), n, n)
		i := 0
		forEachElement(raw, func(e []byte) {
			d.value(e, s.Index(i), &dpath{parent: p, index: i, isIndex: true})
			i++
		})
		rv.Set(s)
	case reflect.String:
		if str, ok := simpleString(raw); ok {
			rv.SetString(str)
			return
		}
		d.leaf(raw, rv, p)
	case reflect.Bool:
		switch string(raw) {
		case "true":
			rv.SetBool(true)
		case "false":
			rv.SetBool(false)
		case "null":
		default:
			d.typeError(raw, rv.Type(), p)
		}
	default:
		d.leaf(raw, rv, p)
	}
}

// text decodes a JSON string into a TextUnmarshaler directly when it has
// no escapes, the common case, and through encoding/json otherwise.
func (d *decoder) text(raw []byte, rv reflect.Value, p *dpath) {
	if string(raw) == "null" {
		return
	}
	if len(raw) >= 2 && raw[0] == '"' && bytes.IndexByte(raw, '\\') < 0 {
		if err := rv.Addr().Interface().(encoding.TextUnmarshaler).UnmarshalText(raw[1 : len(raw)-1]); err != nil {
			d.leafError(raw, rv.Type(), p, err)
		}
		return
	}
	d.leaf(raw, rv, p)
}

// object walks the members of a JSON object in document order, reporting
// repeated keys. It returns false (after recording a type error) when raw
// is not an object.
func (d *decoder) object(raw []byte, t reflect.Type, p *dpath, member func(key string, val []byte, kp *dpath)) bool {
	if len(raw) == 0 || raw[0] != '{' {
		d.typeError(raw, t, p)
		return false
	}
	var seenBuf [32]string
	seen := seenBuf[:0]
	// Past len(seenBuf) keys a set takes over: searching the list for
	// every key would make a body of many keys cost quadratic time.
	var seenSet map[string]bool
	forEachMember(raw, func(rawKey, val []byte) {
		key, ok := simpleString(rawKey)
		if !ok {
			_ = json.Unmarshal(rawKey, &key) // validated JSON: cannot fail
		}
		kp := &dpath{parent: p, key: key}
		if seenSet[key] || seenSet == nil && slices.Contains(seen, key) {
			d.add(kp, CodeDuplicate, fmt.Sprintf("field %q appears more than once", key), nil)
			return
		}
		switch {
		case seenSet != nil:
			seenSet[key] = true
		case len(seen) < len(seenBuf):
			seen = append(seen, key)
		default:
			seenSet = make(map[string]bool, 2*len(seenBuf))
			for _, k := range seen {
				seenSet[k] = true
			}
			seenSet[key] = true
		}
		member(key, val, kp)
	})
	return true
}

// leaf decodes raw into rv with encoding/json and classifies a failure.
func (d *decoder) leaf(raw []byte, rv reflect.Value, p *dpath) {
	if err := json.Unmarshal(raw, rv.Addr().Interface()); err != nil {
		d.leafError(raw, rv.Type(), p, err)
	}
}

func (d *decoder) leafError(raw []byte, t reflect.Type, p *dpath, err error) {
	var typeErr *json.UnmarshalTypeError
	if errors.As(err, &typeErr) {
		d.typeError(raw, t, p)
		return
	}
	code, msg := identifierCode(err)
	d.add(p, code, msg, err)
}

func (d *decoder) typeError(raw []byte, t reflect.Type, p *dpath) {
	d.add(p, CodeType, fmt.Sprintf("must be %s, got %s", jsonKindOf(t), jsonKindOfRaw(raw)), nil)
}

// merge adds the rule errors of Validate, except where decoding already
// reported a problem at the same path.
func (d *decoder) merge(err error) {
	if err == nil {
		return
	}
	var ve *ValidationError
	if !errors.As(err, &ve) {
		d.errs.add(Path{}, CodeInvalid, err.Error(), err)
		return
	}
	decoded := make(map[string]bool, len(d.errs.errs))
	for _, fe := range d.errs.errs {
		decoded[fe.Path] = true
	}
	for _, fe := range ve.Errors {
		if !decoded[fe.Path] {
			d.errs.errs = append(d.errs.errs, fe)
		}
	}
}

// invalidUTF8 returns the offset of the first byte of data that is not
// part of valid UTF-8, or -1.
func invalidUTF8(data []byte) int {
	if utf8.Valid(data) {
		return -1
	}
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size == 1 {
			return i
		}
		i += size
	}
	return -1
}

// simpleString returns the contents of a JSON string literal that has no
// escapes; ok is false for anything else.
func simpleString(raw []byte) (string, bool) {
	if len(raw) < 2 || raw[0] != '"' || raw[len(raw)-1] != '"' || bytes.IndexByte(raw, '\\') >= 0 {
		return "", false
	}
	return string(raw[1 : len(raw)-1]), true
}

// The walkers below split JSON that json.Valid has already accepted, so
// they only need to find boundaries, not to diagnose errors.

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// valueEnd returns the index just past the JSON value starting at b[i].
func valueEnd(b []byte, i int) int {
	switch b[i] {
	case '"':
		return stringEnd(b, i)
	case '{', '[':
		depth := 0
		for i < len(b) {
			switch b[i] {
			case '"':
				i = stringEnd(b, i)
				continue
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return i + 1
				}
			}
			i++
		}
		return i
	}
	for i < len(b) {
		switch b[i] {
		case ',', '}', ']', ' ', '\t', '\n', '\r':
			return i
		}
		i++
	}
	return i
}

// stringEnd returns the index just past the string literal at b[i].
func stringEnd(b []byte, i int) int {
	for i++; i < len(b); i++ {
		switch b[i] {
		case '\\':
			i++
		case '"':
			return i + 1
		}
	}
	return i
}

// forEachMember calls fn with the raw key literal and raw value of each
// member of the object in b.
func forEachMember(b []byte, fn func(key, val []byte)) {
	i := skipSpace(b, 1)
	for i < len(b) && b[i] != '}' {
		kEnd := stringEnd(b, i)
		key := b[i:kEnd]
		i = skipSpace(b, kEnd)
		i = skipSpace(b, i+1) // ':'
		vEnd := valueEnd(b, i)
		fn(key, b[i:vEnd])
		i = skipSpace(b, vEnd)
		if i < len(b) && b[i] == ',' {
			i = skipSpace(b, i+1)
		}
	}
}

// forEachElement calls fn with each raw element of the array in b.
func forEachElement(b []byte, fn func(elem []byte)) {
	i := skipSpace(b, 1)
	for i < len(b) && b[i] != ']' {
		end := valueEnd(b, i)
		fn(b[i:end])
		i = skipSpace(b, end)
		if i < len(b) && b[i] == ',' {
			i = skipSpace(b, i+1)
		}
	}
}

var fieldCache sync.Map // reflect.Type -> map[string]int

// fieldsOf maps JSON names to field indexes, following encoding/json's tag
// rules for naming (but not its case-insensitive matching).
func fieldsOf(t reflect.Type) map[string]int {
	if f, ok := fieldCache.Load(t); ok {
		return f.(map[string]int)
	}
	fields := make(map[string]int, t.NumField())
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		if !sf.IsExported() {
			continue
		}
		name := sf.Name
		if tag, ok := sf.Tag.Lookup("json"); ok {
			if tag == "-" {
				continue
			}
			if n, _, _ := strings.Cut(tag, ","); n != "" {
				name = n
			}
		}
		fields[name] = i
	}
	fieldCache.Store(t, fields)
	return fields
}

// jsonKinder is implemented by wire types that accept more than one JSON
// kind, so a type error names all of them.
type jsonKinder interface{ jsonKind() string }

func jsonKindOf(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if k, ok := reflect.Zero(t).Interface().(jsonKinder); ok {
		return k.jsonKind()
	}
	if reflect.PointerTo(t).Implements(reflect.TypeFor[encoding.TextUnmarshaler]()) {
		return "a string"
	}
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "a boolean"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "an integer within range"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Struct, reflect.Map:
		return "an object"
	case reflect.Slice, reflect.Array:
		return "an array"
	}
	return "a valid value"
}

func jsonKindOfRaw(raw []byte) string {
	if len(raw) == 0 {
		return "nothing"
	}
	switch raw[0] {
	case '"':
		return "a string"
	case '{':
		return "an object"
	case '[':
		return "an array"
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	}
	return "the number " + truncate(string(raw), 24)
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}
