package account

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Codes are the stable, machine-readable reasons a FieldError carries.
// Callers may branch on them and show them to API clients; they never change
// meaning once released.
const (
	CodeRequired       = "required"        // a required field is absent or empty
	CodeForbidden      = "forbidden"       // the field may not be set here (or not to this value)
	CodeInvalid        = "invalid"         // the value breaks a rule that has no more specific code
	CodeFormat         = "format"          // wrong length, characters or shape
	CodeChecksum       = "checksum"        // an identifier's check digits do not match
	CodeUnknownBank    = "unknown_bank"    // well-formed identifier of a bank no catalog knows
	CodeUnknownCountry = "unknown_country" // not an assigned ISO 3166-1 code, or no IBAN there
	CodeNotSupported   = "not_supported"   // not one of the allowed values of an enum
	CodeRange          = "range"           // a number outside its bounds or order
	CodeConflict       = "conflict"        // disagrees with another field of the same value
	CodeDuplicate      = "duplicate"       // repeats something that must be unique
	CodeNotFound       = "not_found"       // refers to something that does not exist
	CodeTooMany        = "too_many"        // a list longer than allowed
	CodeType           = "type"            // the JSON value has the wrong type
	CodeUnknownField   = "unknown_field"   // a field the schema does not define
)

// FieldError is one problem at one place of a value.
type FieldError struct {
	// Path locates the field with JSON names: "items[3].clabe". Empty for
	// the value as a whole.
	Path string
	// Code is one of the Code constants.
	Code string
	// Message is for people. It never contains a full account number,
	// IBAN or CLABE.
	Message string
	// Err is the underlying reason, such as a *clabe.ParseError, or nil.
	Err error
}

func (e FieldError) Error() string {
	if e.Path == "" {
		return e.Message
	}
	return e.Path + ": " + e.Message
}

func (e FieldError) Unwrap() error { return e.Err }

// Pointer returns the RFC 6901 JSON Pointer form of Path:
// "items[3].clabe" becomes "/items/3/clabe".
func (e FieldError) Pointer() string { return PathPointer(e.Path) }

// ValidationError lists every problem found in a value, not just the first.
// errors.Is and errors.As reach each FieldError and, through it, the
// identifier packages' sentinels and *ParseError values.
type ValidationError struct {
	Errors []FieldError
}

func (e *ValidationError) Error() string {
	switch len(e.Errors) {
	case 0:
		return "validation failed"
	case 1:
		return "validation failed: " + e.Errors[0].Error()
	}
	var b strings.Builder
	fmt.Fprintf(&b, "validation failed with %d errors: ", len(e.Errors))
	for i, fe := range e.Errors {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(fe.Error())
	}
	return b.String()
}

func (e *ValidationError) Unwrap() []error {
	errs := make([]error, len(e.Errors))
	for i, fe := range e.Errors {
		errs[i] = fe
	}
	return errs
}

// ProblemContentType is the media type of RFC 9457 problem details.
const ProblemContentType = "application/problem+json"

// ProblemType identifies a validation problem in a problem-details body.
const ProblemType = "https://acctkit.dev/problems/validation"

// Problem is an RFC 9457 problem-details body with an "errors" extension
// member listing each field error.
type Problem struct {
	Type     string         `json:"type"`
	Title    string         `json:"title"`
	Status   int            `json:"status"`
	Detail   string         `json:"detail,omitempty"`
	Instance string         `json:"instance,omitempty"`
	Errors   []ProblemError `json:"errors"`
}

// ProblemError is one entry of Problem.Errors.
type ProblemError struct {
	Pointer string `json:"pointer"`
	Code    string `json:"code"`
	Detail  string `json:"detail"`
}

// Problem renders e as the 422 problem-details body an API returns.
// instance may be empty.
func (e *ValidationError) Problem(instance string) Problem {
	p := Problem{
		Type:     ProblemType,
		Title:    "Your request is not valid.",
		Status:   422,
		Detail:   fmt.Sprintf("%d field(s) failed validation.", len(e.Errors)),
		Instance: instance,
		Errors:   make([]ProblemError, len(e.Errors)),
	}
	for i, fe := range e.Errors {
		p.Errors[i] = ProblemError{Pointer: fe.Pointer(), Code: fe.Code, Detail: fe.Message}
	}
	return p
}

// ProblemJSON is Problem encoded as JSON.
func (e *ValidationError) ProblemJSON(instance string) ([]byte, error) {
	return json.Marshal(e.Problem(instance))
}

// Path builds field paths with JSON names, like Kubernetes' field.Path:
// NewPath("items").Index(3).Child("clabe") is "items[3].clabe".
// The zero Path is the root.
type Path struct{ s string }

// NewPath starts a path at a top-level field.
func NewPath(name string) Path { return Path{name} }

// Child returns the path of a named field below p.
func (p Path) Child(name string) Path {
	if p.s == "" {
		return Path{name}
	}
	return Path{p.s + "." + name}
}

// Index returns the path of element i of the list at p.
func (p Path) Index(i int) Path { return Path{p.s + "[" + strconv.Itoa(i) + "]"} }

// Key returns the path of the map entry k at p. Keys that are not plain
// names are quoted: metadata["a.b"].
func (p Path) Key(k string) Path {
	if isPlainName(k) {
		return p.Child(k)
	}
	return Path{p.s + "[" + strconv.Quote(k) + "]"}
}

func (p Path) String() string { return p.s }

func isPlainName(k string) bool {
	if k == "" {
		return false
	}
	for i := 0; i < len(k); i++ {
		c := k[i]
		if !(c == '_' || c == '-' || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z') {
			return false
		}
	}
	return true
}

// pointerEscaper escapes a JSON Pointer reference token (RFC 6901 section
// 3). Built once: a Replacer prepares its tables on first use.
var pointerEscaper = strings.NewReplacer("~", "~0", "/", "~1")

// PathPointer converts a dotted path ("a.b[2].c", `m["x.y"]`) into an
// RFC 6901 JSON Pointer ("/a/b/2/c", "/m/x.y"), escaping "~" and "/".
func PathPointer(path string) string {
	if path == "" {
		return ""
	}
	var b strings.Builder
	seg := func(s string) {
		b.WriteByte('/')
		b.WriteString(pointerEscaper.Replace(s))
	}
	for i := 0; i < len(path); {
		switch path[i] {
		case '.':
			i++
		case '[':
			if i+1 < len(path) && path[i+1] == '"' {
				q, err := strconv.QuotedPrefix(path[i+1:])
				if err == nil {
					k, _ := strconv.Unquote(q)
					seg(k)
					i += 1 + len(q) + 1 // '[' + quoted + ']'
					continue
				}
			}
			end := strings.IndexByte(path[i:], ']')
			if end < 0 {
				seg(path[i+1:])
				return b.String()
			}
			seg(path[i+1 : i+end])
			i += end + 1
		default:
			end := strings.IndexAny(path[i:], ".[")
			if end < 0 {
				seg(path[i:])
				return b.String()
			}
			seg(path[i : i+end])
			i += end
		}
	}
	return b.String()
}

// errorList collects field errors while a value is validated.
type errorList struct{ errs []FieldError }

func (l *errorList) add(p Path, code, msg string, err error) {
	l.errs = append(l.errs, FieldError{Path: p.String(), Code: code, Message: msg, Err: err})
}

// err returns nil when nothing was collected, and a *ValidationError
// otherwise.
func (l *errorList) err() error {
	if len(l.errs) == 0 {
		return nil
	}
	return &ValidationError{Errors: l.errs}
}

// AsValidationError is errors.As for *ValidationError.
func AsValidationError(err error) (*ValidationError, bool) {
	var ve *ValidationError
	ok := errors.As(err, &ve)
	return ve, ok
}
