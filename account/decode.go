package account

import (
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"
)

// ErrMalformed is wrapped by Decode's error when the body is not JSON (an
// HTTP 400); a *ValidationError is a body that is JSON but breaks the
// rules (an HTTP 422). The error is then also a *SyntaxError.
var ErrMalformed = errors.New("malformed JSON")

// ErrByteOrderMark is wrapped, with ErrMalformed, when the body starts
// with a UTF-8 byte-order mark. RFC 8259 forbids sending one; Decode
// refuses it rather than guess whether the rest was meant as UTF-8.
var ErrByteOrderMark = errors.New("body starts with a UTF-8 byte-order mark (EF BB BF), which JSON text must not")

// ErrDecodeTarget is wrapped by Decode's error when v is not a non-nil
// pointer to a type Decode supports: a programming error, not bad input.
var ErrDecodeTarget = errors.New("unsupported decode target")

// SyntaxError says where a body stops being JSON: the byte offset and the
// line and column (both from 1, columns counted in bytes) of the first
// byte that cannot be read. Its message never quotes more than that byte.
type SyntaxError struct {
	Offset int64
	Line   int
	Column int
	Msg    string
	// Err is a more specific reason, such as ErrByteOrderMark, or nil.
	Err error
}

func (e *SyntaxError) Error() string {
	return "malformed JSON at line " + strconv.Itoa(e.Line) + ", column " + strconv.Itoa(e.Column) +
		" (byte offset " + strconv.FormatInt(e.Offset, 10) + "): " + e.Msg
}

// Unwrap gives ErrMalformed and, when set, Err.
func (e *SyntaxError) Unwrap() []error {
	if e.Err != nil {
		return []error{ErrMalformed, e.Err}
	}
	return []error{ErrMalformed}
}

func newSyntaxError(data []byte, off int, msg string, err error) *SyntaxError {
	line, col := 1, 1
	for _, c := range data[:min(off, len(data))] {
		if c == '\n' {
			line++
			col = 1
		} else {
			col++
		}
	}
	return &SyntaxError{Offset: int64(off), Line: line, Column: col, Msg: msg, Err: err}
}

// Decode decodes the JSON body data into v, a pointer to one of this
// module's body types (package artu or synctera), and reports every
// problem at once:
//
//   - a member the type does not define (CodeUnknownField) and a member
//     given twice (CodeDuplicate): nothing is silently dropped, and no
//     parser's choice of which duplicate wins matters;
//   - a value of the wrong JSON type (CodeType), null included where the
//     documents do not allow it, with the kind it has and never its
//     content: "must be a string, got a number";
//   - an empty string where an identifier, an enum value or a format
//     (UUID, country, currency) is expected: absence is written by leaving
//     the member out, and in a PATCH by null;
//   - an identifier (IBAN, CLABE, routing number, BIC) that does not
//     parse, with the identifier's own reason and code;
//   - a list longer than its documented maximum: Decode stops reading it
//     at the cap, reports it once and returns, so the work is bounded by
//     the cap and not by the body.
//
// Keys match field names exactly, unlike encoding/json ("IBAN" does not
// fill "iban"). Then, when the body was read whole, Decode runs v's
// Validate method and adds its errors, leaving out those a decoding error
// explains (no cascades): a rule at the same path, or below it, or a
// "required" at a parent (a bad number is not also a missing one).
//
// Strings of the decoded value share copies of the body made in chunks of
// up to 32 KB, which they keep alive; a json.RawMessage is a capped slice
// of such a copy. Decoding into a value that already holds data changes
// only the members the body names, as encoding/json does.
//
// A body that is not JSON gives a *SyntaxError, wrapped, that wraps
// ErrMalformed; it carries the byte offset and line:column. A body with a
// UTF-8 byte-order mark is refused with ErrByteOrderMark, and one with
// invalid UTF-8 is malformed too. Anything else gives a *ValidationError,
// or nil.
//
// Decode supports the types of this module and what they are built of:
// structs of named fields with json tags, pointers to structs, strings and
// string kinds, bool, int64, slices, Optional, NumberString,
// map[string]json.RawMessage, json.RawMessage and encoding.TextUnmarshaler
// types. It refuses (ErrDecodeTarget) what encoding/json supports beyond
// that, such as embedded structs, the ",string" option, interfaces and
// floats, rather than decode them differently. The "wire" struct tag adds
// what encoding/json cannot say: "nullable" (null is a value), "nonempty"
// (an empty string is not) and "max=N" (list length).
//
// The decoder is a hand-written scanner over a schema built once per type
// and cached: it reads the body in one pass, checking syntax as it goes,
// and writes fields in place at offsets the schema computed with reflect,
// so it needs no intermediate tree and no reflect call per field. That is
// what lets it be strict and still faster than encoding/json, which scans
// the body twice; a generated decoder would be as fast but adds a build
// step and a second copy of every type's shape to keep in step.
func Decode(data []byte, v any) error {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		return fmt.Errorf("account.Decode: %w: want a non-nil pointer, got %T", ErrDecodeTarget, v)
	}
	sc, err := schemaOf(rv.Type().Elem())
	if err != nil {
		return fmt.Errorf("account.Decode: %w: %w", ErrDecodeTarget, err)
	}
	if len(data) >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF {
		return fmt.Errorf("account.Decode: %w", newSyntaxError(data, 0, ErrByteOrderMark.Error(), ErrByteOrderMark))
	}
	d := decoder{data: data}
	complete := d.decodeTop(sc, rv.UnsafePointer())
	if d.syntax != nil {
		return fmt.Errorf("account.Decode: %w", d.syntax)
	}
	if complete {
		if val, ok := v.(interface{ Validate() error }); ok {
			d.merge(val.Validate())
		}
	}
	return d.errs.Err()
}

// merge adds the rule errors of Validate that no decoding error explains.
func (d *decoder) merge(err error) {
	if err == nil {
		return
	}
	ve, ok := AsValidationError(err)
	if !ok {
		d.errs.Add(Path{}, CodeInvalid, "is not valid", err)
		return
	}
	decoded := d.errs.Len()
	for _, fe := range ve.Errors {
		if !explained(d.errs.errs[:decoded], fe) {
			d.errs.AddError(fe)
		}
	}
}

// explained reports whether a rule error follows from a decoding error:
// one at the same path or above it (the value there was not decoded), or,
// for a missing value, one below it.
func explained(decoded []FieldError, fe FieldError) bool {
	for _, de := range decoded {
		if de.Path == fe.Path || isBelow(fe.Path, de.Path) ||
			fe.Code == CodeRequired && isBelow(de.Path, fe.Path) {
			return true
		}
	}
	return false
}

// isBelow reports whether path p is strictly inside path parent.
func isBelow(p, parent string) bool {
	if parent == "" {
		return p != ""
	}
	return len(p) > len(parent) && strings.HasPrefix(p, parent) && (p[len(parent)] == '.' || p[len(parent)] == '[')
}

// safeKey is a member name as error text and paths show it: a run of nine
// or more digits (an account number used as a key) keeps its last four.
func safeKey(k string) string {
	run := 0
	for i := 0; i <= len(k); i++ {
		if i < len(k) && k[i] >= '0' && k[i] <= '9' {
			run++
			continue
		}
		if run >= 9 {
			b := []byte(k)
			for j := i - run; j < i-4; j++ {
				b[j] = '*'
			}
			return safeKey(string(b))
		}
		run = 0
	}
	return k
}
