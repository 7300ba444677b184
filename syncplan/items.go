package syncplan

import (
	"strconv"
	"strings"

	"github.com/acctkit/acctkit/account"
	"github.com/acctkit/acctkit/account/artu"
)

// CreateItem returns the item that creates an account like rec: isPrimary
// and isActive always, and every other field rec has a value for (not
// the zero value), so that a required field rec lacks is reported as
// required. The id, createdAt and updatedAt are left out: Compute assigns
// them. Metadata is shared with rec, not copied.
func CreateItem(rec artu.BankAccount) artu.SyncItem {
	return itemOf(&rec, differences(&artu.BankAccount{}, &rec)|fIsPrimary|fIsActive)
}

// UpdateItem returns the item that turns the stored account before into
// after: before's id, and every field in which after, with account's
// defaults filled in (artu.BankAccount.Normalize: an absent type is
// checking), differs from before, set to its value there. The id,
// createdAt and updatedAt of after are ignored. Metadata is shared with
// after, not copied. An update clears nothing (seed 000): a field after
// leaves empty that before has is set to "", which the rules of the field
// may refuse, as they refuse an empty accountNumber.
func UpdateItem(before, after artu.BankAccount) artu.SyncItem {
	after = after.Normalize()
	it := itemOf(&after, differences(&before, &after))
	it.ID = account.Some(before.ID)
	return it
}

// DeleteItem returns the item that deletes the account with the id.
func DeleteItem(id string) artu.SyncItem {
	return artu.SyncItem{ID: account.Some(id), Delete: account.Some(true)}
}

// itemOf returns an item that sets the fields of s to their values in a.
func itemOf(a *artu.BankAccount, s fieldSet) artu.SyncItem {
	var it artu.SyncItem
	setIf(s, fClientID, &it.ClientID, a.ClientID)
	setIf(s, fAccountNumber, &it.AccountNumber, a.AccountNumber)
	setIf(s, fBankName, &it.BankName, a.BankName)
	setIf(s, fBankCode, &it.BankCode, a.BankCode)
	setIf(s, fCountry, &it.Country, a.Country)
	setIf(s, fCurrency, &it.Currency, a.Currency)
	setIf(s, fType, &it.Type, a.Type)
	setIf(s, fIsPrimary, &it.IsPrimary, a.IsPrimary)
	setIf(s, fIsActive, &it.IsActive, a.IsActive)
	setIf(s, fLabel, &it.Label, a.Label)
	setIf(s, fExternalID, &it.ExternalID, a.ExternalID)
	setIf(s, fMetadata, &it.Metadata, a.Metadata)
	setIf(s, fCLABE, &it.CLABE, a.CLABE)
	setIf(s, fCodigoBanco, &it.CodigoBanco, a.CodigoBanco)
	setIf(s, fCodigoPlaza, &it.CodigoPlaza, a.CodigoPlaza)
	return it
}

// setIf sets dst to v when s has the field f.
func setIf[T any](s, f fieldSet, dst *account.Optional[T], v T) {
	if s&f != 0 {
		*dst = account.Some(v)
	}
}

// ItemIndex returns the index in SyncRequest.Items of the item a problem
// Compute reports is about: 3 for "items[3].clabe" or "items[3]". It
// returns false for a problem of the request as a whole ("items",
// "replaceMode") and for any path not of that form.
func ItemIndex(e account.FieldError) (int, bool) {
	rest, ok := strings.CutPrefix(e.Path, "items[")
	if !ok {
		return 0, false
	}
	digits, rest, ok := strings.Cut(rest, "]")
	if !ok || len(digits) == 0 || len(digits) > 9 || len(digits) > 1 && digits[0] == '0' ||
		rest != "" && rest[0] != '.' && rest[0] != '[' {
		return 0, false
	}
	i, err := strconv.Atoi(digits)
	if err != nil || i < 0 || digits[0] == '+' || digits[0] == '-' {
		return 0, false
	}
	return i, true
}
