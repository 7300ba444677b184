package syncplan_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/acctkit/acctkit/account"
	"github.com/acctkit/acctkit/account/artu"
	"github.com/acctkit/acctkit/syncplan"
)

const clientID = "8a6e0804-2bd0-4672-b79d-d97027f9071a"

var created = time.Date(2024, 1, 15, 9, 30, 0, 0, time.UTC)

// store is the client's accounts as a database would return them.
func store() []artu.BankAccount {
	return []artu.BankAccount{
		{ID: "3f1c2a9e-8d4b-4c6f-9a2e-1b7d5e0c4a21", ClientID: clientID, AccountNumber: "000123456789",
			BankName: "JPMorgan Chase", BankCode: "021000021", Country: "US", Currency: "USD",
			Type: artu.Checking, IsPrimary: true, IsActive: true, CreatedAt: created, UpdatedAt: created},
		{ID: "c0a80121-7ac0-4e1c-9b6e-0d2a3c4b5e6f", ClientID: clientID, AccountNumber: "0123456789",
			BankName: "Banamex", Country: "MX", Currency: "MXN", Type: artu.Savings,
			IsActive: true, CreatedAt: created, UpdatedAt: created},
	}
}

// options fixes the clock and the ids, so the output below is stable.
func options() syncplan.Options {
	n := 0
	return syncplan.Options{
		Now: func() time.Time { return time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC) },
		NewID: func() string {
			n++
			return fmt.Sprintf("0d9e3a4b-5c6d-4e7f-8a9b-%012d", n)
		},
	}
}

func Example() {
	body := []byte(`{
	  "items": [
	    {"clientId": "8a6e0804-2bd0-4672-b79d-d97027f9071a", "accountNumber": "002010077777777771",
	     "bankName": "Banamex", "country": "MX", "currency": "MXN", "isPrimary": true, "isActive": true},
	    {"id": "c0a80121-7ac0-4e1c-9b6e-0d2a3c4b5e6f", "_delete": true}
	  ]
	}`)
	var req artu.SyncRequest
	if err := account.Decode(body, &req); err != nil {
		fmt.Println(err)
		return
	}
	existing := store()
	plan, err := syncplan.Compute(clientID, existing, req, options())
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(plan)

	// The caller writes the changes in its transaction; Apply does it on
	// a slice.
	after, err := plan.Apply(existing)
	fmt.Println(len(after), err)

	resp, _ := json.Marshal(plan.Response())
	fmt.Println(string(resp))
	// Output:
	// + create 0d9e3a4b-5c6d-4e7f-8a9b-000000000001 MX "Banamex" **************7771 (requested, items[0])
	// ~ update 3f1c2a9e-8d4b-4c6f-9a2e-1b7d5e0c4a21 US "JPMorgan Chase" ********6789 (primary_demoted)
	//     isPrimary: true -> false
	// - delete c0a80121-7ac0-4e1c-9b6e-0d2a3c4b5e6f MX "Banamex" ******6789 (requested, items[1])
	// Plan: 1 to create, 1 to update, 1 to delete, 0 unchanged
	// 2 <nil>
	// {"created":[{"id":"0d9e3a4b-5c6d-4e7f-8a9b-000000000001","clientId":"8a6e0804-2bd0-4672-b79d-d97027f9071a","accountNumber":"002010077777777771","bankName":"Banamex","country":"MX","currency":"MXN","type":"checking","isPrimary":true,"isActive":true,"codigoBanco":"002","codigoPlaza":"010","createdAt":"2025-03-01T12:00:00Z","updatedAt":"2025-03-01T12:00:00Z"}],"updated":[{"id":"3f1c2a9e-8d4b-4c6f-9a2e-1b7d5e0c4a21","clientId":"8a6e0804-2bd0-4672-b79d-d97027f9071a","accountNumber":"000123456789","bankName":"JPMorgan Chase","bankCode":"021000021","country":"US","currency":"USD","type":"checking","isPrimary":false,"isActive":true,"createdAt":"2024-01-15T09:30:00Z","updatedAt":"2025-03-01T12:00:00Z"}],"deleted":["c0a80121-7ac0-4e1c-9b6e-0d2a3c4b5e6f"]}
}

// A bad request gives no plan and every problem at once.
func ExampleCompute_validation() {
	req := artu.SyncRequest{Items: []artu.SyncItem{
		{ID: account.Some("3f1c2a9e-8d4b-4c6f-9a2e-1b7d5e0c4a21"), IsPrimary: account.Some(true)},
		{ID: account.Some("99999999-9999-4999-8999-999999999999"), Label: account.Some("x")},
		{ClientID: account.Some(clientID), AccountNumber: account.Some("000123456789"), BankName: account.Some("Chase"),
			BankCode: account.Some("021000021"), Country: account.Some("US"), Currency: account.Some("USD"),
			IsPrimary: account.Some(true), IsActive: account.Some(true)},
	}}
	_, err := syncplan.Compute(clientID, store(), req, options())
	if ve, ok := account.AsValidationError(err); ok {
		for _, fe := range ve.Errors {
			fmt.Printf("%s %s: %s\n", fe.Path, fe.Code, fe.Message)
		}
	}
	// Output:
	// items[0].isPrimary conflict: is also true on items[2]; at most one account can be primary
	// items[1].id not_found: is not the id of a bank account of this client
	// items[2].accountNumber duplicate: describes bank account 3f1c2a9e-8d4b-4c6f-9a2e-1b7d5e0c4a21, which exists
	// items[2].isPrimary conflict: is also true on items[0]; at most one account can be primary
}

// With MatchExisting a client can resend its whole list without ids: the
// accounts it describes keep their ids, and what did not change is left
// alone. replaceMode deletes the rest.
func ExampleOptions_matchExisting() {
	req := artu.SyncRequest{ReplaceMode: account.Some(true), Items: []artu.SyncItem{
		{ClientID: account.Some(clientID), AccountNumber: account.Some("000123456789"), BankName: account.Some("JPMorgan Chase"),
			BankCode: account.Some("021000021"), Country: account.Some("US"), Currency: account.Some("USD")},
		{ClientID: account.Some(clientID), AccountNumber: account.Some("9876-5432"), BankName: account.Some("JP Morgan"),
			BankCode: account.Some("021000021"), Country: account.Some("US"), Currency: account.Some("USD")},
	}}
	opts := options()
	opts.MatchExisting = true
	plan, err := syncplan.Compute(clientID, store(), req, opts)
	if err != nil {
		fmt.Println(err)
		return
	}
	plan.WriteTo(os.Stdout)
	// Output:
	// + create 0d9e3a4b-5c6d-4e7f-8a9b-000000000002 US "JP Morgan" *****5432 (requested, items[1])
	// - delete c0a80121-7ac0-4e1c-9b6e-0d2a3c4b5e6f MX "Banamex" ******6789 (replace_mode)
	// = unchanged 3f1c2a9e-8d4b-4c6f-9a2e-1b7d5e0c4a21 US "JPMorgan Chase" ********6789 (matched_existing, items[0])
	// Plan: 1 to create, 0 to update, 1 to delete, 1 unchanged
}

// A plan computed before someone else changed the accounts is refused.
func ExamplePlan_Verify() {
	existing := store()
	req := artu.SyncRequest{Items: []artu.SyncItem{
		{ID: account.Some("c0a80121-7ac0-4e1c-9b6e-0d2a3c4b5e6f"), Label: account.Some("savings")},
	}}
	plan, _ := syncplan.Compute(clientID, existing, req, options())
	fmt.Println(plan.Verify(existing))

	existing[1].IsActive = false // a concurrent write to the account
	err := plan.Verify(existing)
	fmt.Println(errors.Is(err, syncplan.ErrStale))
	_, err = plan.Apply(existing)
	fmt.Println(errors.Is(err, syncplan.ErrStale))
	// Output:
	// <nil>
	// true
	// true
}

func ExamplePlan_Summary() {
	plan, _ := syncplan.Compute(clientID, store(), artu.SyncRequest{Items: []artu.SyncItem{}}, options())
	fmt.Println(plan.Summary())
	// Output:
	// Plan: 0 to create, 0 to update, 0 to delete, 0 unchanged
}

// Items built in Go from records: a new account, a change to a stored
// one, and a deletion.
func ExampleUpdateItem() {
	existing := store()
	changed := existing[0]
	changed.Label, changed.IsActive = "payroll", true
	newAccount := artu.BankAccount{ClientID: clientID, AccountNumber: "9876-5432", BankName: "JP Morgan",
		BankCode: "021000021", Country: "US", Currency: "USD", IsActive: true}
	req := artu.SyncRequest{Items: []artu.SyncItem{
		syncplan.CreateItem(newAccount),
		syncplan.UpdateItem(existing[0], changed),
		syncplan.DeleteItem(existing[1].ID),
	}}
	plan, err := syncplan.Compute(clientID, existing, req, options())
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, c := range plan.Changes {
		fmt.Println(c.Action, c.Item, c.Fields)
	}
	// Output:
	// create 0 []
	// update 1 [label]
	// delete 2 []
}

// A client's UI can show each problem beside the item it is about.
func ExampleItemIndex() {
	req := artu.SyncRequest{Items: []artu.SyncItem{
		syncplan.DeleteItem("c0a80121-7ac0-4e1c-9b6e-0d2a3c4b5e6f"),
		{ID: account.Some("99999999-9999-4999-8999-999999999999"), Label: account.Some("x")},
	}, ReplaceMode: account.Null[bool]()}
	_, err := syncplan.Compute(clientID, store(), req, options())
	if ve, ok := account.AsValidationError(err); ok {
		for _, fe := range ve.Errors {
			if i, ok := syncplan.ItemIndex(fe); ok {
				fmt.Printf("item %d: %s %s\n", i, fe.Code, fe.Message)
			} else {
				fmt.Printf("request: %s\n", fe.Error())
			}
		}
	}
	// Output:
	// request: replaceMode: must be a boolean, not null
	// item 1: not_found is not the id of a bank account of this client
}
