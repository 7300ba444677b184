package syncplan

import (
	"bytes"
	"encoding/json"
	"reflect"

	"github.com/acctkit/acctkit/account"
)

// changedFields returns the JSON names of the fields in which b differs
// from a, in the order of account.BankAccount; id, createdAt and updatedAt
// are not compared. It returns nil when nothing differs.
func changedFields(a, b *account.BankAccount) []string {
	var out []string
	add := func(differ bool, name string) {
		if differ {
			out = append(out, name)
		}
	}
	add(!sameID(a.ClientID, b.ClientID), "clientId")
	add(a.AccountNumber != b.AccountNumber, "accountNumber")
	add(a.BankName != b.BankName, "bankName")
	add(a.BankCode != b.BankCode, "bankCode")
	add(a.Country != b.Country, "country")
	add(a.Currency != b.Currency, "currency")
	add(a.Type != b.Type, "type")
	add(a.IsPrimary != b.IsPrimary, "isPrimary")
	add(a.IsActive != b.IsActive, "isActive")
	add(a.Label != b.Label, "label")
	add(a.ExternalID != b.ExternalID, "externalId")
	add(!sameMetadata(a.Metadata, b.Metadata), "metadata")
	add(a.CLABE != b.CLABE, "clabe")
	add(a.CodigoBanco != b.CodigoBanco, "codigoBanco")
	add(a.CodigoPlaza != b.CodigoPlaza, "codigoPlaza")
	return out
}

// sameMetadata compares two metadata objects: the same keys, and values
// that are the same JSON once insignificant white space is removed. An
// absent object (nil) differs from an empty one: they encode differently.
// Key order inside nested objects counts, so such a reordering is reported
// as a change (never the other way round).
func sameMetadata(a, b map[string]json.RawMessage) bool {
	if (a == nil) != (b == nil) || len(a) != len(b) {
		return false
	}
	if reflect.ValueOf(a).UnsafePointer() == reflect.ValueOf(b).UnsafePointer() {
		return true // one map, as an update that leaves metadata alone has
	}
	for k, av := range a {
		bv, ok := b[k]
		if !ok || !sameJSON(av, bv) {
			return false
		}
	}
	return true
}

func sameJSON(a, b []byte) bool {
	if bytes.Equal(a, b) {
		return true
	}
	var ca, cb bytes.Buffer
	if json.Compact(&ca, a) != nil || json.Compact(&cb, b) != nil {
		return false
	}
	return bytes.Equal(ca.Bytes(), cb.Bytes())
}
