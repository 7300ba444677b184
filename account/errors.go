package account

import (
	"encoding/json"
	"errors"
	"strconv"
	"strings"

	"github.com/acctkit/acctkit/internal/problem"
)

// Codes are the stable, machine-readable reasons a FieldError carries. The
// same fault has the same code in every API of this module (see the code
// table in the package documentation); a code never changes meaning once
// released.
const (
	CodeRequired       = "required"        // a required field is absent
	CodeForbidden      = "forbidden"       // the field may not be set here (or not to this value)
	CodeInvalid        = "invalid"         // the value breaks a rule that has no more specific code
	CodeFormat         = "format"          // wrong length, characters or shape (an empty string too)
	CodeChecksum       = "checksum"        // an identifier's check digits do not match
	CodeUnknownBank    = "unknown_bank"    // well-formed identifier of a bank no catalog knows
	CodeUnknownCountry = "unknown_country" // a well-formed country code that is not assigned, or has no IBAN
	CodeNotSupported   = "not_supported"   // well-formed, but not one of the allowed values (enum, currency)
	CodeRange          = "range"           // a number outside its bounds or order
	CodeConflict       = "conflict"        // disagrees with another field of the same value
	CodeDuplicate      = "duplicate"       // repeats something that must be unique (a key, an id)
	CodeNotFound       = "not_found"       // refers to something that does not exist
	CodeTooMany        = "too_many"        // a list longer than allowed
	CodeType           = "type"            // the JSON value has the wrong type (null included)
	CodeUnknownField   = "unknown_field"   // a member the schema does not define
)

// FieldError is one problem at one place of a value.
type FieldError struct {
	// Path locates the field with JSON names: "items[3].clabe". Empty for
	// the value as a whole.
	Path string
	// Code is one of the Code constants.
	Code string
	// Message is for people. It never contains a full account number,
	// IBAN or CLABE, nor the content of a value of the wrong JSON type.
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
	b.WriteString("validation failed with ")
	b.WriteString(strconv.Itoa(len(e.Errors)))
	b.WriteString(" errors: ")
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

// AsValidationError is errors.As for *ValidationError.
func AsValidationError(err error) (*ValidationError, bool) {
	var ve *ValidationError
	ok := errors.As(err, &ve)
	return ve, ok
}

// Problem is an RFC 9457 problem-details body. It is the same type as the
// idempotency package's, so a service answers every error with one shape.
type Problem = problem.Details

// ProblemField is one entry of Problem.Errors: an RFC 6901 pointer into the
// request body, a code and a detail.
type ProblemField = problem.FieldProblem

// ProblemContentType is the media type of a Problem body.
const ProblemContentType = problem.ContentType

// Problem codes of the two renderings (Problem.Code).
const (
	ProblemCodeValidation = "validation"     // 422: the body is JSON but breaks rules
	ProblemCodeMalformed  = "malformed_json" // 400: the body is not JSON
)

// Problem renders e as the 422 problem-details body an API returns, one
// entry of Errors per FieldError. instance may be empty.
func (e *ValidationError) Problem(instance string) Problem {
	p := Problem{
		Type:     problem.TypeURI("", ProblemCodeValidation),
		Title:    "Your request is not valid.",
		Status:   422,
		Detail:   strconv.Itoa(len(e.Errors)) + " field(s) failed validation.",
		Instance: instance,
		Code:     ProblemCodeValidation,
		Errors:   make([]ProblemField, len(e.Errors)),
	}
	for i, fe := range e.Errors {
		p.Errors[i] = ProblemField{Pointer: fe.Pointer(), Code: fe.Code, Detail: fe.Message}
	}
	return p
}

// ProblemJSON is Problem encoded as JSON.
func (e *ValidationError) ProblemJSON(instance string) ([]byte, error) {
	return json.Marshal(e.Problem(instance))
}

// ProblemFor renders any error Decode returns: a *ValidationError as its
// 422 problem, an error wrapping ErrMalformed as a 400 whose detail says
// where the body stops being JSON (never what it holds), and anything else
// as a 500 that tells the client nothing of the cause. It returns false
// for a nil error.
func ProblemFor(err error, instance string) (Problem, bool) {
	if err == nil {
		return Problem{}, false
	}
	if ve, ok := AsValidationError(err); ok {
		return ve.Problem(instance), true
	}
	var se *SyntaxError
	if errors.As(err, &se) {
		return Problem{
			Type:     problem.TypeURI("", ProblemCodeMalformed),
			Title:    "Your request body is not valid JSON.",
			Status:   400,
			Detail:   se.Error(),
			Instance: instance,
			Code:     ProblemCodeMalformed,
		}, true
	}
	return Problem{
		Type:     problem.TypeURI("", "internal"),
		Title:    "The request could not be processed.",
		Status:   500,
		Instance: instance,
		Code:     "internal",
	}, true
}

// Collector gathers the field errors of one validation. Its zero value is
// ready to use; rules call Add only when they find a fault, so validating a
// valid value allocates nothing.
type Collector struct{ errs []FieldError }

// Add records a problem at at (the zero Path for the value as a whole).
func (c *Collector) Add(at Path, code, message string, err error) {
	c.errs = append(c.errs, FieldError{Path: at.String(), Code: code, Message: message, Err: err})
}

// AddError records fe as it is.
func (c *Collector) AddError(fe FieldError) { c.errs = append(c.errs, fe) }

// Len is the number of problems recorded.
func (c *Collector) Len() int { return len(c.errs) }

// Errors returns the problems recorded, in order.
func (c *Collector) Errors() []FieldError { return c.errs }

// Err returns nil when nothing was recorded, and a *ValidationError
// otherwise.
func (c *Collector) Err() error {
	if len(c.errs) == 0 {
		return nil
	}
	return &ValidationError{Errors: c.errs}
}
