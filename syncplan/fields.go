package syncplan

import (
	"bytes"
	"encoding/json"
	"math/bits"
	"reflect"

	"github.com/acctkit/acctkit/account/artu"
	"github.com/acctkit/acctkit/internal/uuid"
)

// fieldSet is a set of the fields of artu.BankAccount an update can
// change (id, createdAt and updatedAt are not among them), one bit each,
// in the order of the struct.
type fieldSet uint16

const (
	fClientID fieldSet = 1 << iota
	fAccountNumber
	fBankName
	fBankCode
	fCountry
	fCurrency
	fType
	fIsPrimary
	fIsActive
	fLabel
	fExternalID
	fMetadata
	fCLABE
	fCodigoBanco
	fCodigoPlaza
)

// fieldNames are the JSON names of the fields of a fieldSet, bit i's at
// index i.
var fieldNames = [...]string{"clientId", "accountNumber", "bankName", "bankCode", "country", "currency", "type",
	"isPrimary", "isActive", "label", "externalId", "metadata", "clabe", "codigoBanco", "codigoPlaza"}

// differences returns the fields in which b differs from a.
func differences(a, b *artu.BankAccount) fieldSet {
	var s fieldSet
	add := func(differ bool, f fieldSet) {
		if differ {
			s |= f
		}
	}
	add(!uuid.Equal(a.ClientID, b.ClientID), fClientID)
	add(a.AccountNumber != b.AccountNumber, fAccountNumber)
	add(a.BankName != b.BankName, fBankName)
	add(a.BankCode != b.BankCode, fBankCode)
	add(a.Country != b.Country, fCountry)
	add(a.Currency != b.Currency, fCurrency)
	add(a.Type != b.Type, fType)
	add(a.IsPrimary != b.IsPrimary, fIsPrimary)
	add(a.IsActive != b.IsActive, fIsActive)
	add(a.Label != b.Label, fLabel)
	add(a.ExternalID != b.ExternalID, fExternalID)
	add(!sameMetadata(a.Metadata, b.Metadata), fMetadata)
	add(a.CLABE != b.CLABE, fCLABE)
	add(a.CodigoBanco != b.CodigoBanco, fCodigoBanco)
	add(a.CodigoPlaza != b.CodigoPlaza, fCodigoPlaza)
	return s
}

// names returns the JSON names of the fields in s, in fieldNames order,
// or nil when s is empty.
func (s fieldSet) names() []string {
	if s == 0 {
		return nil
	}
	out := make([]string, 0, bits.OnesCount16(uint16(s)))
	for i, name := range fieldNames {
		if s&(1<<i) != 0 {
			out = append(out, name)
		}
	}
	return out
}

// changedFields returns the JSON names of the fields in which b differs
// from a, in the order of artu.BankAccount, or nil.
func changedFields(a, b *artu.BankAccount) []string {
	return differences(a, b).names()
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
	if sameMap(a, b) {
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

// sameMap reports whether a and b are one map (or both nil).
func sameMap(a, b map[string]json.RawMessage) bool {
	return reflect.ValueOf(a).UnsafePointer() == reflect.ValueOf(b).UnsafePointer()
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
