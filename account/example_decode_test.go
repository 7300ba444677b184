package account_test

import (
	"fmt"

	"github.com/acctkit/acctkit/account"
	"github.com/acctkit/acctkit/account/artu"
)

// Decode reports every problem of a body at once, each at its path.
func ExampleDecode() {
	body := []byte(`{"items":[
		{"clientId":"8a6e0804-2bd0-4672-b79d-d97027f9071a","accountNumber":"1","bankName":"Banamex",
		 "country":"MX","currency":"MXN","clabe":"002010077777777779"},
		{"id":"3f1c2a9e-8d4b-4c6f-9a2e-1b7d5e0c4a21","type":"brokerage","isPrimry":true}
	]}`)
	var req artu.SyncRequest
	err := account.Decode(body, &req)
	if ve, ok := account.AsValidationError(err); ok {
		for _, fe := range ve.Errors {
			fmt.Printf("%s %s: %s\n", fe.Pointer(), fe.Code, fe.Message)
		}
	}
	// Output:
	// /items/0/clabe checksum: is not a valid CLABE: check digit is 9, want 1
	// /items/1/isPrimry unknown_field: unknown field "isPrimry"
	// /items/1/type not_supported: must be one of: checking, savings, investment, other
}

// ProblemFor turns any error of Decode into the body to answer with: a 400
// for a body that is not JSON, saying where it stops being JSON, and a 422
// listing every field problem.
func ExampleProblemFor() {
	var req artu.SyncRequest
	for _, body := range []string{
		"{\"items\": [\n  {\"label\": \"x\",}\n]}",
		`{"items":[{"id":"3f1c2a9e-8d4b-4c6f-9a2e-1b7d5e0c4a21","accountNumber":2010077777777771}]}`,
	} {
		p, _ := account.ProblemFor(account.Decode([]byte(body), &req), "/clients/x/bank-accounts/sync")
		fmt.Println(p.Status, p.Code, p.Detail)
		for _, fe := range p.Errors {
			fmt.Println(" ", fe.Pointer, fe.Code, fe.Detail)
		}
	}
	// Output:
	// 400 malformed_json malformed JSON at line 2, column 17 (byte offset 28): invalid character '}' looking for beginning of object key string
	// 422 validation 1 field(s) failed validation.
	//   /items/0/accountNumber type must be a string, got a number
}
