package validatortags_test

import (
	"fmt"

	"github.com/go-playground/validator/v10"

	"github.com/acctkit/acctkit/account/validatortags"
)

func ExampleRegisterValidations() {
	type payout struct {
		CLABE string `validate:"required,clabe"`
		SWIFT string `validate:"omitempty,bic_swift"`
	}
	v := validator.New()
	if err := validatortags.RegisterValidations(v); err != nil {
		panic(err)
	}
	fmt.Println(v.Struct(payout{CLABE: "002010077777777771", SWIFT: "BBVAMXMM"}))
	fmt.Println(v.Struct(payout{CLABE: "002010077777777779"}) != nil)
	// Output:
	// <nil>
	// true
}
