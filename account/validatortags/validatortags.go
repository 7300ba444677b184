// Package validatortags registers acctkit's identifier checks as
// github.com/go-playground/validator/v10 tags, for structs of your own:
//
//	type Payee struct {
//		CLABE string `validate:"required,clabe"`
//		BIC   string `validate:"omitempty,bic_swift"`
//	}
//
//	v := validator.New()
//	if err := validatortags.RegisterValidations(v); err != nil { ... }
//
// It is the only package of this module that imports validator: the
// account, account/artu and account/synctera packages check their bodies
// in plain Go, so importing them pulls in no validator.
//
// validator has a built-in "bic" tag that checks the shape of a BIC only.
// RegisterValidations leaves it alone and adds "bic_swift" (and its
// synonym "acctkit_bic"), which also checks the country;
// RegisterValidations(v, OverrideBIC()) makes "bic" mean ours too, when
// you choose so.
package validatortags

import (
	"errors"
	"fmt"
	"reflect"

	"github.com/go-playground/validator/v10"

	"github.com/acctkit/acctkit/clabe"
	"github.com/acctkit/acctkit/iban"
	"github.com/acctkit/acctkit/routing"
)

// ErrNilValidator is returned when RegisterValidations is given nil.
var ErrNilValidator = errors.New("validatortags: nil *validator.Validate")

// Tags are the tags RegisterValidations adds, each with the strict
// (canonical form) check of its identifier package.
var Tags = []string{"iban", "clabe", "aba", "bic_swift", "acctkit_bic", "ca_routing"}

func checkOf(tag string) func(string) error {
	switch tag {
	case "iban":
		return iban.Validate
	case "clabe":
		return clabe.Validate
	case "aba":
		return routing.ValidateABA
	case "bic_swift", "acctkit_bic", "bic":
		return routing.ValidateBIC
	case "ca_routing":
		return routing.ValidateCanadian
	}
	return nil
}

// Option changes what RegisterValidations registers.
type Option func(*options)

type options struct{ overrideBIC bool }

// OverrideBIC makes validator's built-in "bic" tag run routing.ValidateBIC
// as "bic_swift" does, replacing validator's own meaning for every struct
// v validates.
func OverrideBIC() Option { return func(o *options) { o.overrideBIC = true } }

// RegisterValidations adds the tags to v:
//
//	iban         an IBAN in electronic form (iban.Validate)
//	clabe        an 18-digit CLABE of a known bank (clabe.Validate)
//	aba          a US ABA routing number (routing.ValidateABA)
//	bic_swift    a SWIFT BIC (routing.ValidateBIC); acctkit_bic is the same
//	ca_routing   a Canadian routing number (routing.ValidateCanadian)
//
// The tags apply to string fields and to this module's value types
// (iban.IBAN, clabe.CLABE, routing.ABA, routing.BIC, routing.Canadian),
// which v is taught to see as their canonical string, so that `required`
// and `omitempty` treat their zero value as empty. Like every validator
// registration, call it before v validates anything.
func RegisterValidations(v *validator.Validate, opts ...Option) error {
	if v == nil {
		return ErrNilValidator
	}
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	tags := Tags
	if o.overrideBIC {
		tags = append(tags[:len(tags):len(tags)], "bic")
	}
	for _, tag := range tags {
		check := checkOf(tag)
		fn := func(fl validator.FieldLevel) bool {
			f := fl.Field()
			return f.Kind() == reflect.String && check(f.String()) == nil
		}
		if err := v.RegisterValidation(tag, fn); err != nil {
			return fmt.Errorf("validatortags: registering tag %q: %w", tag, err)
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
