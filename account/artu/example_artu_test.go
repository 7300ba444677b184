package artu_test

import (
	"encoding/json"
	"fmt"

	"github.com/acctkit/acctkit/account"
	"github.com/acctkit/acctkit/account/artu"
)

func ExampleSyncRequest() {
	body := []byte(`{"items":[
	  {"clientId":"8a6e0804-2bd0-4672-b79d-d97027f9071a","accountNumber":"0123456789","bankName":"Banamex",
	   "country":"MX","currency":"MXN","clabe":"002010077777777779"},
	  {"id":"3f1c2a9e-8d4b-4c6f-9a2e-1b7d5e0c4a21","isPrimary":false,"country":"US","bankCode":"915075033"},
	  {"_delete":true}
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
	// /items/1/bankCode checksum: is not a valid ABA routing number: check digit is 3, want 6
	// /items/2/id required: is required
}

func ExampleSyncItem_ApplyTo() {
	stored := artu.BankAccount{
		ID: "3f1c2a9e-8d4b-4c6f-9a2e-1b7d5e0c4a21", AccountNumber: "0123456789", Country: "MX",
		IsPrimary: true, IsActive: true,
	}
	var it artu.SyncItem
	_ = json.Unmarshal([]byte(`{"id":"3f1c2a9e-8d4b-4c6f-9a2e-1b7d5e0c4a21","isPrimary":false,"clabe":"012180012345678909"}`), &it)
	updated := it.ApplyTo(stored)
	fmt.Println(it.IsUpdate(), updated.IsPrimary, updated.IsActive, updated.Type, updated.CodigoBanco, updated.CodigoPlaza)
	// Output: true false true checking 012 180
}
