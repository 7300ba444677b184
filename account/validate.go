package account

import (
	"errors"
	"fmt"
	"reflect"
	"strings"

	"github.com/go-playground/validator/v10"

	"github.com/acctkit/acctkit/clabe"
	"github.com/acctkit/acctkit/iban"
	"github.com/acctkit/acctkit/internal/ascii"
	"github.com/acctkit/acctkit/internal/uuid"
	"github.com/acctkit/acctkit/routing"
)

// std is the one validator instance of the package. Building one is costly
// (it caches struct metadata), and its registration methods are not safe
// to call while it validates, so it is set up once here and never changed.
var std = newValidator()

func newValidator() *validator.Validate {
	v := validator.New(validator.WithRequiredStructEnabled())
	v.RegisterTagNameFunc(jsonName)
	err := errors.Join(
		RegisterValidations(v),
		// Same meaning as validator's own tags, without a regular
		// expression: they run on every account and a regexp is most of
		// the cost of validating one.
		v.RegisterValidation("uuid", func(fl validator.FieldLevel) bool { return uuid.Valid(fl.Field().String()) }),
		v.RegisterValidation("number", func(fl validator.FieldLevel) bool {
			s := fl.Field().String()
			return s != "" && ascii.IndexNonDigit(s) < 0
		}),
	)
	if err != nil {
		panic(err) // only a programming error in this file can get here
	}
	return v
}

// jsonName names fields in validator's errors as JSON does, so paths read
// "items[3].clabe" rather than "Items[3].CLABE".
func jsonName(f reflect.StructField) string {
	tag, ok := f.Tag.Lookup("json")
	if !ok {
		return f.Name
	}
	name, _, _ := strings.Cut(tag, ",")
	switch name {
	case "-":
		return ""
	case "":
		return f.Name
	}
	return name
}

// ErrNilValidator is returned by RegisterValidations when given nil.
var ErrNilValidator = errors.New("account: nil *validator.Validate")

// identifierTags are the validator tags RegisterValidations adds, each with
// the strict (canonical form) check of its identifier package.
var identifierTags = []struct {
	tag   string
	check func(string) error
}{
	{"iban", iban.Validate},
	{"clabe", clabe.Validate},
	{"aba", routing.ValidateABA},
	{"bic", routing.ValidateBIC},
	{"ca_routing", routing.ValidateCanadian},
}

func identifierCheck(tag string) func(string) error {
	for _, t := range identifierTags {
		if t.tag == tag {
			return t.check
		}
	}
	return nil
}

// RegisterValidations adds acctkit's tags to v for use in your own structs:
//
//	iban        an IBAN in electronic form (iban.Validate)
//	clabe       an 18-digit CLABE of a known bank (clabe.Validate)
//	aba         a US ABA routing number (routing.ValidateABA)
//	bic         a SWIFT BIC (routing.ValidateBIC); replaces validator's
//	            built-in "bic", which checks the shape only
//	ca_routing  a Canadian routing number (routing.ValidateCanadian)
//
// The tags apply to string fields and to this module's value types
// (iban.IBAN, clabe.CLABE, routing.ABA, routing.BIC, routing.Canadian),
// which v is taught to see as their canonical string, so `required` and
// `omitempty` treat their zero value as empty. Like every validator
// registration, call it before v validates anything.
func RegisterValidations(v *validator.Validate) error {
	if v == nil {
		return ErrNilValidator
	}
	for _, t := range identifierTags {
		check := t.check
		fn := func(fl validator.FieldLevel) bool {
			f := fl.Field()
			return f.Kind() == reflect.String && check(f.String()) == nil
		}
		if err := v.RegisterValidation(t.tag, fn); err != nil {
			return fmt.Errorf("account: registering validator tag %q: %w", t.tag, err)
		}
	}
	v.RegisterCustomTypeFunc(identifierString,
		iban.IBAN{}, clabe.CLABE{}, routing.ABA{}, routing.BIC{}, routing.Canadian{})
	return nil
}

// identifierString gives validator an identifier value's canonical string.
func identifierString(v reflect.Value) any {
	if s, ok := v.Interface().(fmt.Stringer); ok {
		return s.String()
	}
	return nil
}

// structErrors runs the shared validator over s (a struct value) and adds
// its findings to l with paths below at. skip, when not nil, names fields
// to leave out by their Go namespace ("BankAccount.ID").
func structErrors(l *errorList, at Path, s any, skip validator.FilterFunc) {
	var err error
	if skip != nil {
		err = std.StructFiltered(s, skip)
	} else {
		err = std.Struct(s)
	}
	if err == nil {
		return
	}
	var verrs validator.ValidationErrors
	if !errors.As(err, &verrs) {
		// InvalidValidationError: s is not a struct, a bug in this package.
		l.add(at, CodeInvalid, err.Error(), err)
		return
	}
	for _, fe := range verrs {
		ns := fe.Namespace()
		if _, rest, ok := strings.Cut(ns, "."); ok {
			ns = rest // drop the top-level type name
		}
		p := at
		if ns != "" {
			if p.s == "" || strings.HasPrefix(ns, "[") {
				p = Path{p.s + ns}
			} else {
				p = Path{p.s + "." + ns}
			}
		}
		code, msg, cause := translateTag(fe)
		l.add(p, code, msg, cause)
	}
}

// translateTag turns one validator failure into a Code, a message that
// never repeats the value, and, for the identifier tags, the identifier
// package's own error.
func translateTag(fe validator.FieldError) (code, msg string, cause error) {
	tag, param := fe.Tag(), fe.Param()
	if check := identifierCheck(tag); check != nil {
		s, _ := fe.Value().(string)
		if err := check(s); err != nil {
			code, msg := identifierCode(err)
			return code, msg, err
		}
		return CodeInvalid, "is not a valid " + tag, nil
	}
	kind := fe.Kind()
	isNumber := kind >= reflect.Int && kind <= reflect.Float64
	isList := kind == reflect.Slice || kind == reflect.Array || kind == reflect.Map
	switch tag {
	case "required", "required_if", "required_unless", "required_with", "required_with_all",
		"required_without", "required_without_all":
		return CodeRequired, "is required", nil
	case "excluded_if", "excluded_unless", "excluded_with", "excluded_with_all",
		"excluded_without", "excluded_without_all":
		return CodeForbidden, "must not be set together with the fields given", nil
	case "oneof":
		return CodeNotSupported, "must be one of: " + strings.Join(strings.Fields(param), ", "), nil
	case "uuid", "uuid4", "uuid_rfc4122", "uuid4_rfc4122":
		return CodeFormat, "must be a UUID", nil
	case "number", "numeric":
		return CodeFormat, "must contain only digits", nil
	case "iso3166_1_alpha2":
		return CodeUnknownCountry, "must be an ISO 3166-1 alpha-2 country code", nil
	case "iso4217":
		return CodeNotSupported, "must be an ISO 4217 currency code", nil
	case "unique":
		return CodeDuplicate, "must not repeat an entry", nil
	case "ltefield", "ltfield", "gtefield", "gtfield":
		return CodeRange, fmt.Sprintf("must be %s %s", orderWords[tag], param), nil
	case "eqfield":
		return CodeConflict, "must equal " + param, nil
	case "len", "min", "max", "gt", "gte", "lt", "lte", "eq", "ne":
		switch {
		case isNumber:
			return CodeRange, fmt.Sprintf("must be %s %s", orderWords[tag], param), nil
		case isList && (tag == "max" || tag == "lt" || tag == "lte"):
			return CodeTooMany, fmt.Sprintf("must have %s %s entries", orderWords[tag], param), nil
		case isList:
			return CodeRange, fmt.Sprintf("must have %s %s entries", orderWords[tag], param), nil
		}
		return CodeFormat, fmt.Sprintf("must be %s %s characters long", orderWords[tag], param), nil
	}
	return CodeInvalid, "fails the " + tag + " rule", nil
}

var orderWords = map[string]string{
	"len": "exactly", "eq": "exactly", "ne": "other than",
	"min": "at least", "gte": "at least", "gt": "more than",
	"max": "at most", "lte": "at most", "lt": "less than",
	"ltefield": "at most", "ltfield": "less than", "gtefield": "at least", "gtfield": "more than",
}
