package artu

import (
	"log/slog"
	"slices"

	"github.com/acctkit/acctkit/internal/mask"
)

// LogValue implements slog.LogValuer so that logging an account never
// writes a full identifier: accountNumber, clabe and externalId show only
// their last four characters. Label and metadata values are free text and
// are left out; the metadata keys are logged.
func (a BankAccount) LogValue() slog.Value {
	return slog.GroupValue(accountAttrs(&a, a.present())...)
}

// LogValue implements slog.LogValuer like BankAccount.LogValue, for the
// fields the item holds, with "_delete" when present and null fields
// logged as null.
func (it SyncItem) LogValue() slog.Value {
	a, set, null := it.view()
	attrs := accountAttrs(&a, set)
	if d, ok := it.Delete.Get(); ok {
		attrs = append(attrs, slog.Bool("_delete", d))
	}
	for _, f := range itemFields {
		if null&f.bit != 0 {
			attrs = append(attrs, slog.Any(f.json, nil))
		}
	}
	return slog.GroupValue(attrs...)
}

// LogValue implements slog.LogValuer with counts, not the items: a
// request can hold 250 accounts.
func (r SyncRequest) LogValue() slog.Value {
	var creates, updates, deletes int
	for _, it := range r.Items {
		switch {
		case it.IsCreate():
			creates++
		case it.IsDelete():
			deletes++
		default:
			updates++
		}
	}
	return slog.GroupValue(
		slog.Int("items", len(r.Items)),
		slog.Int("create", creates), slog.Int("update", updates), slog.Int("delete", deletes),
		slog.Bool("replaceMode", r.Replace()),
	)
}

// LogValue implements slog.LogValuer with the counts of the response.
func (r SyncResponse) LogValue() slog.Value {
	return slog.GroupValue(
		slog.Int("created", len(r.Created)), slog.Int("updated", len(r.Updated)), slog.Int("deleted", len(r.Deleted)),
	)
}

func accountAttrs(a *BankAccount, set fieldSet) []slog.Attr {
	attrs := make([]slog.Attr, 0, 20)
	str := func(bit fieldSet, key, v string) {
		if set&bit != 0 {
			attrs = append(attrs, slog.String(key, v))
		}
	}
	str(fID, "id", a.ID)
	str(fClientID, "clientId", a.ClientID)
	str(fAccountNumber, "accountNumber", mask.Last(a.AccountNumber, 4))
	str(fBankName, "bankName", a.BankName)
	str(fBankCode, "bankCode", a.BankCode)
	str(fCountry, "country", a.Country)
	str(fCurrency, "currency", a.Currency)
	str(fType, "type", string(a.Type))
	if set&fIsPrimary != 0 {
		attrs = append(attrs, slog.Bool("isPrimary", a.IsPrimary))
	}
	if set&fIsActive != 0 {
		attrs = append(attrs, slog.Bool("isActive", a.IsActive))
	}
	str(fExternalID, "externalId", mask.Last(a.ExternalID, 4))
	if set&fMetadata != 0 {
		keys := make([]string, 0, len(a.Metadata))
		for k := range a.Metadata {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		attrs = append(attrs, slog.Any("metadataKeys", keys))
	}
	str(fCLABE, "clabe", a.CLABE.Masked())
	str(fCodigoBanco, "codigoBanco", a.CodigoBanco)
	str(fCodigoPlaza, "codigoPlaza", a.CodigoPlaza)
	if set&fCreatedAt != 0 {
		attrs = append(attrs, slog.Time("createdAt", a.CreatedAt))
	}
	if set&fUpdatedAt != 0 {
		attrs = append(attrs, slog.Time("updatedAt", a.UpdatedAt))
	}
	return attrs
}
