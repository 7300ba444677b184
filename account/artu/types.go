package artu

import (
	"encoding/json"
	"maps"
	"time"

	"github.com/acctkit/acctkit/account"
	"github.com/acctkit/acctkit/account/internal/rule"
	"github.com/acctkit/acctkit/clabe"
)

// AccountType is the "type" of an ARTU bank account.
type AccountType string

// The values of AccountType. An absent type means DefaultAccountType.
const (
	Checking   AccountType = "checking"
	Savings    AccountType = "savings"
	Investment AccountType = "investment"
	Other      AccountType = "other"
)

// accountTypes lists the AccountType values in the seed's order.
var accountTypes = []AccountType{Checking, Savings, Investment, Other}

// DefaultAccountType is the type ARTU gives an account created without
// one.
const DefaultAccountType = Checking

// Valid reports whether t is one of the four types.
func (t AccountType) Valid() bool {
	switch t {
	case Checking, Savings, Investment, Other:
		return true
	}
	return false
}

// MaxSyncItems is the most items one sync request may carry.
const MaxSyncItems = 250

// BankAccount is ARTU's bank-account record, as the sync response returns
// it in "created" and "updated". The zero value of a field means absent:
// optional fields are then left out of the JSON, required ones (id,
// clientId, accountNumber, bankName, currency) are written as "" so that
// nothing the record holds is hidden, and Validate reports them.
//
// For country "MX" the record may carry the CLABE fields (clabe,
// codigoBanco, codigoPlaza); on any other country, or without one, they
// are an error.
// Metadata values are kept as the exact JSON received (numbers keep every
// digit).
type BankAccount struct {
	ID            string                     `json:"id" wire:"nonempty"`
	ClientID      string                     `json:"clientId" wire:"nonempty"`
	AccountNumber string                     `json:"accountNumber" wire:"nonempty"`
	BankName      string                     `json:"bankName" wire:"nonempty"`
	BankCode      string                     `json:"bankCode,omitempty"`
	Country       string                     `json:"country,omitempty" wire:"nonempty"`
	Currency      string                     `json:"currency" wire:"nonempty"`
	Type          AccountType                `json:"type,omitempty"`
	IsPrimary     bool                       `json:"isPrimary"`
	IsActive      bool                       `json:"isActive"`
	Label         string                     `json:"label,omitempty"`
	ExternalID    string                     `json:"externalId,omitempty"`
	Metadata      map[string]json.RawMessage `json:"metadata,omitzero"`
	CLABE         clabe.CLABE                `json:"clabe,omitzero"`
	CodigoBanco   string                     `json:"codigoBanco,omitempty" wire:"nonempty"`
	CodigoPlaza   string                     `json:"codigoPlaza,omitempty" wire:"nonempty"`
	CreatedAt     time.Time                  `json:"createdAt,omitzero"`
	UpdatedAt     time.Time                  `json:"updatedAt,omitzero"`
}

// Validate checks a as a record of the sync response: the fields the seed
// requires there (id, clientId, accountNumber, bankName, currency,
// createdAt, updatedAt), the format of each present field and the ARTU
// rules (see SyncItem.Validate). It returns nil or a *ValidationError with
// every problem.
func (a BankAccount) Validate() error {
	var l account.Collector
	a.validate(&l, account.Path{})
	return l.Err()
}

// ValidateAt is Validate for a record found at path at of a larger body;
// it returns the problems with paths below at, or nil.
func (a BankAccount) ValidateAt(at account.Path) []account.FieldError {
	var l account.Collector
	a.validate(&l, at)
	return l.Errors()
}

func (a *BankAccount) validate(l *account.Collector, at account.Path) {
	set := a.present()
	// The field loops run only when there is something to report: most
	// accounts are valid.
	if missing := recordRequired &^ set; missing != 0 {
		for _, f := range accountFields {
			if missing&f.bit != 0 {
				rule.Required(l, at.Child(f.json))
			}
		}
	}
	checkAccount(l, at, a, set, true)
}

// present returns the fields of a that hold a value.
func (a *BankAccount) present() fieldSet {
	var s fieldSet
	add := func(b fieldSet, ok bool) {
		if ok {
			s |= b
		}
	}
	add(fID, a.ID != "")
	add(fClientID, a.ClientID != "")
	add(fAccountNumber, a.AccountNumber != "")
	add(fBankName, a.BankName != "")
	add(fBankCode, a.BankCode != "")
	add(fCountry, a.Country != "")
	add(fCurrency, a.Currency != "")
	add(fType, a.Type != "")
	add(fIsPrimary|fIsActive, true)
	add(fLabel, a.Label != "")
	add(fExternalID, a.ExternalID != "")
	add(fMetadata, a.Metadata != nil)
	add(fCLABE, !a.CLABE.IsZero())
	add(fCodigoBanco, a.CodigoBanco != "")
	add(fCodigoPlaza, a.CodigoPlaza != "")
	add(fCreatedAt, !a.CreatedAt.IsZero())
	add(fUpdatedAt, !a.UpdatedAt.IsZero())
	return s
}

// EffectiveCLABE returns the CLABE of the account: the clabe field, or,
// for a Mexican account without one, an accountNumber that is a valid
// 18-digit CLABE. It returns the zero CLABE when there is none.
func (a BankAccount) EffectiveCLABE() clabe.CLABE {
	if !a.CLABE.IsZero() {
		return a.CLABE
	}
	if a.Country == "MX" && len(a.AccountNumber) == clabe.Length {
		if c, err := clabe.Parse(a.AccountNumber); err == nil {
			return c
		}
	}
	return clabe.CLABE{}
}

// Normalize returns a with ARTU's defaults filled in where a field is
// absent: the type becomes DefaultAccountType, and a Mexican account
// with a CLABE (see EffectiveCLABE) gets codigoBanco and codigoPlaza from
// it. A value that is present is never changed, even a wrong one:
// Validate reports that instead.
func (a BankAccount) Normalize() BankAccount {
	if a.Type == "" {
		a.Type = DefaultAccountType
	}
	if a.Country == "MX" {
		if c := a.EffectiveCLABE(); !c.IsZero() {
			if a.CodigoBanco == "" {
				a.CodigoBanco = c.BankCode()
			}
			if a.CodigoPlaza == "" {
				a.CodigoPlaza = c.PlazaCode()
			}
		}
	}
	return a
}

// SyncRequest is the body of ARTU's POST
// /clients/{clientId}/bank-accounts/sync (seed 000). Decode it with account.Decode,
// which also runs Validate; then hand the items to the sync planner, which
// checks what needs the path and the client's stored accounts: clientId
// equal to the path's, ids that exist, duplicates, and each update's
// result (ApplyTo) with BankAccount.Validate.
type SyncRequest struct {
	// Items are the accounts to create, update or delete, at most
	// MaxSyncItems. The field is required: a nil slice (absent or null in
	// the JSON) is an error, an empty one is not.
	Items []SyncItem `json:"items" wire:"max=250"`
	// ReplaceMode asks ARTU to delete the client's accounts that no item
	// names. Absent means false.
	ReplaceMode account.Optional[bool] `json:"replaceMode,omitzero"`
}

// Replace reports whether the request is in replace mode.
func (r SyncRequest) Replace() bool {
	v, _ := r.ReplaceMode.Get()
	return v
}

// Validate checks the request and every item (see SyncItem.Validate),
// reporting all problems with paths such as "items[3].clabe". It returns
// nil or a *ValidationError.
func (r SyncRequest) Validate() error {
	var l account.Collector
	items := account.NewPath("items")
	switch {
	case r.Items == nil:
		rule.Required(&l, items)
	case len(r.Items) > MaxSyncItems:
		l.Add(items, account.CodeTooMany, tooManyItems(len(r.Items)), nil)
	}
	if r.ReplaceMode.IsNull() {
		l.Add(account.NewPath("replaceMode"), account.CodeType, "must be a boolean, got null", nil)
	}
	for i := range r.Items {
		r.Items[i].validate(&l, items.Index(i))
	}
	return l.Err()
}

// SyncItem is one entry of SyncRequest.Items. The seed defines two item
// shapes over one field set; they are one Go type, with every field
// Optional so that an update setting isPrimary to false differs from one
// leaving it alone:
//
//   - create (IsCreate): neither "id" nor "_delete" is present; clientId,
//     accountNumber, bankName, country and currency are required and type
//     defaults to checking (Account builds the record);
//   - update (IsUpdate) or delete (IsDelete, "_delete": true): "id" is
//     required and names the account; every other field is optional and
//     replaces the stored one when present (ApplyTo). "_delete": false is
//     an update.
//
// No field may be null: the seed's schema types them all, and an update
// clears nothing. Metadata, when given, replaces the stored object whole.
type SyncItem struct {
	ID            account.Optional[string]                     `json:"id,omitzero"`
	Delete        account.Optional[bool]                       `json:"_delete,omitzero"`
	ClientID      account.Optional[string]                     `json:"clientId,omitzero"`
	AccountNumber account.Optional[string]                     `json:"accountNumber,omitzero"`
	BankName      account.Optional[string]                     `json:"bankName,omitzero"`
	BankCode      account.Optional[string]                     `json:"bankCode,omitzero"`
	Country       account.Optional[string]                     `json:"country,omitzero"`
	Currency      account.Optional[string]                     `json:"currency,omitzero"`
	Type          account.Optional[AccountType]                `json:"type,omitzero"`
	IsPrimary     account.Optional[bool]                       `json:"isPrimary,omitzero"`
	IsActive      account.Optional[bool]                       `json:"isActive,omitzero"`
	Label         account.Optional[string]                     `json:"label,omitzero"`
	ExternalID    account.Optional[string]                     `json:"externalId,omitzero"`
	Metadata      account.Optional[map[string]json.RawMessage] `json:"metadata,omitzero"`
	CLABE         account.Optional[clabe.CLABE]                `json:"clabe,omitzero"`
	CodigoBanco   account.Optional[string]                     `json:"codigoBanco,omitzero"`
	CodigoPlaza   account.Optional[string]                     `json:"codigoPlaza,omitzero"`
}

// IsCreate reports whether it is a create item: no "id" and no "_delete".
func (it SyncItem) IsCreate() bool { return !it.ID.IsSet() && !it.Delete.IsSet() }

// IsDelete reports whether it asks to delete the account "id" names.
func (it SyncItem) IsDelete() bool {
	d, _ := it.Delete.Get()
	return d
}

// IsUpdate reports whether it is an update item: "id" or "_delete" is
// present, and "_delete" is not true.
func (it SyncItem) IsUpdate() bool { return !it.IsCreate() && !it.IsDelete() }

// Validate checks one item on its own, by its shape:
//
//   - required fields: clientId, accountNumber, bankName, country and
//     currency for a create item; id for an update or delete item;
//   - no field null; id and clientId UUIDs; accountNumber and bankName not
//     empty; type one of the AccountType values; country an ISO 3166-1
//     alpha-2 code (upper case); currency a current ISO 4217 code (upper
//     case); metadata values valid JSON;
//   - country MX: clabe a valid CLABE of a known bank; an 18-digit
//     accountNumber is a CLABE, must be valid, and must equal clabe when
//     both are given; codigoBanco and codigoPlaza are 3 digits and equal
//     the CLABE's bank and plaza when there is a CLABE, and codigoBanco is
//     a known bank when there is none;
//   - any other country: clabe, codigoBanco and codigoPlaza are forbidden;
//     an accountNumber in IBAN form (two letters, two digits, then letters
//     and digits, 15 to 34 in all, spaces ignored) must be a valid IBAN of
//     that country (or of the country a territory belongs to); for US a
//     bankCode must be a valid ABA routing number.
//
// An update item without country can be checked only partly (its CLABE
// fields against each other); check the record that results from ApplyTo
// with BankAccount.Validate for the rest. It returns nil or a
// *ValidationError with every problem.
func (it SyncItem) Validate() error {
	var l account.Collector
	it.validate(&l, account.Path{})
	return l.Err()
}

// ValidateAt is Validate for the item at path at (such as items[3]); it
// returns the problems with paths below at, or nil.
func (it SyncItem) ValidateAt(at account.Path) []account.FieldError {
	var l account.Collector
	it.validate(&l, at)
	return l.Errors()
}

func (it *SyncItem) validate(l *account.Collector, at account.Path) {
	a, set, null := it.view()
	// The field loops run only when there is something to report: most
	// items are valid.
	if null != 0 {
		for _, f := range itemFields {
			if null&f.bit != 0 {
				l.Add(at.Child(f.json), account.CodeType, "must be "+f.kind+", got null", nil)
			}
		}
	}
	required := createRequired
	if !it.IsCreate() {
		required = fID
	}
	if missing := required &^ (set | null); missing != 0 {
		for _, f := range itemFields {
			if missing&f.bit != 0 {
				rule.Required(l, at.Child(f.json))
			}
		}
	}
	checkAccount(l, at, &a, set, false)
}

// view copies the item's values into a record and reports which fields
// hold a value and which are null.
func (it *SyncItem) view() (a BankAccount, set, null fieldSet) {
	str := func(o account.Optional[string], bit fieldSet, dst *string) {
		if o.IsNull() {
			null |= bit
		} else if v, ok := o.Get(); ok {
			set |= bit
			*dst = v
		}
	}
	flag := func(o account.Optional[bool], bit fieldSet, dst *bool) {
		if o.IsNull() {
			null |= bit
		} else if v, ok := o.Get(); ok {
			set |= bit
			*dst = v
		}
	}
	str(it.ID, fID, &a.ID)
	var del bool
	flag(it.Delete, fDelete, &del)
	str(it.ClientID, fClientID, &a.ClientID)
	str(it.AccountNumber, fAccountNumber, &a.AccountNumber)
	str(it.BankName, fBankName, &a.BankName)
	str(it.BankCode, fBankCode, &a.BankCode)
	str(it.Country, fCountry, &a.Country)
	str(it.Currency, fCurrency, &a.Currency)
	if it.Type.IsNull() {
		null |= fType
	} else if v, ok := it.Type.Get(); ok {
		set |= fType
		a.Type = v
	}
	flag(it.IsPrimary, fIsPrimary, &a.IsPrimary)
	flag(it.IsActive, fIsActive, &a.IsActive)
	str(it.Label, fLabel, &a.Label)
	str(it.ExternalID, fExternalID, &a.ExternalID)
	if it.Metadata.IsNull() {
		null |= fMetadata
	} else if v, ok := it.Metadata.Get(); ok {
		set |= fMetadata
		a.Metadata = v
	}
	if it.CLABE.IsNull() {
		null |= fCLABE
	} else if v, ok := it.CLABE.Get(); ok {
		set |= fCLABE
		a.CLABE = v
	}
	str(it.CodigoBanco, fCodigoBanco, &a.CodigoBanco)
	str(it.CodigoPlaza, fCodigoPlaza, &a.CodigoPlaza)
	return a, set, null
}

// ApplyTo returns existing with every field the item holds a value for
// replaced (id and _delete excepted), then normalized (see
// BankAccount.Normalize). When the item changes the account's CLABE
// (clabe, or an accountNumber that is a CLABE) without giving codigoBanco
// or codigoPlaza, those are derived again from the new CLABE rather than
// kept from the old one. Metadata is copied, not shared. Null fields are
// ignored; Validate reports them.
func (it SyncItem) ApplyTo(existing BankAccount) BankAccount {
	a := existing
	v, set, _ := it.view()
	if set&fClientID != 0 {
		a.ClientID = v.ClientID
	}
	if set&fAccountNumber != 0 {
		a.AccountNumber = v.AccountNumber
	}
	if set&fBankName != 0 {
		a.BankName = v.BankName
	}
	if set&fBankCode != 0 {
		a.BankCode = v.BankCode
	}
	if set&fCountry != 0 {
		a.Country = v.Country
	}
	if set&fCurrency != 0 {
		a.Currency = v.Currency
	}
	if set&fType != 0 {
		a.Type = v.Type
	}
	if set&fIsPrimary != 0 {
		a.IsPrimary = v.IsPrimary
	}
	if set&fIsActive != 0 {
		a.IsActive = v.IsActive
	}
	if set&fLabel != 0 {
		a.Label = v.Label
	}
	if set&fExternalID != 0 {
		a.ExternalID = v.ExternalID
	}
	if set&fMetadata != 0 {
		a.Metadata = maps.Clone(v.Metadata)
	}
	if set&fCLABE != 0 {
		a.CLABE = v.CLABE
	}
	if set&fCodigoBanco != 0 {
		a.CodigoBanco = v.CodigoBanco
	}
	if set&fCodigoPlaza != 0 {
		a.CodigoPlaza = v.CodigoPlaza
	}
	// Only an MX account has codigos: deriving them on another country
	// would turn one forbidden clabe into three errors.
	if set&(fCLABE|fAccountNumber|fCountry) != 0 && a.Country == "MX" {
		if c := a.EffectiveCLABE(); !c.IsZero() {
			if set&fCodigoBanco == 0 {
				a.CodigoBanco = c.BankCode()
			}
			if set&fCodigoPlaza == 0 {
				a.CodigoPlaza = c.PlazaCode()
			}
		}
	}
	return a.Normalize()
}

// Account returns the record a create item describes, normalized (type
// defaults to checking; codigoBanco and codigoPlaza come from the CLABE
// when absent). The caller assigns id, createdAt and updatedAt. isActive
// defaults to true: the seed gives no default, and a new account that
// starts inactive would make "isPrimary: true" on a create an error (a
// primary must be active) that the client never asked for. isPrimary
// defaults to false.
func (it SyncItem) Account() BankAccount {
	a := it.ApplyTo(BankAccount{})
	if !it.IsActive.IsSet() {
		a.IsActive = true
	}
	return a
}

// SyncResponse is the 200 response of the sync: the records created and
// updated, and the ids deleted. Nil slices are written as [] since the
// seed requires all three arrays.
type SyncResponse struct {
	Created []BankAccount `json:"created"`
	Updated []BankAccount `json:"updated"`
	Deleted []string      `json:"deleted"`
}

// MarshalJSON writes the response with [] for a nil slice.
func (r SyncResponse) MarshalJSON() ([]byte, error) {
	type plain SyncResponse // without this method
	p := plain(r)
	if p.Created == nil {
		p.Created = []BankAccount{}
	}
	if p.Updated == nil {
		p.Updated = []BankAccount{}
	}
	if p.Deleted == nil {
		p.Deleted = []string{}
	}
	return json.Marshal(p)
}

// Validate checks the three arrays are present, every record (see
// BankAccount.Validate) and every deleted id (a UUID).
func (r SyncResponse) Validate() error {
	var l account.Collector
	for _, f := range []struct {
		name   string
		absent bool
	}{{"created", r.Created == nil}, {"updated", r.Updated == nil}, {"deleted", r.Deleted == nil}} {
		if f.absent {
			l.Add(account.NewPath(f.name), account.CodeRequired, "is required", nil)
		}
	}
	created, updated, deleted := account.NewPath("created"), account.NewPath("updated"), account.NewPath("deleted")
	for i := range r.Created {
		r.Created[i].validate(&l, created.Index(i))
	}
	for i := range r.Updated {
		r.Updated[i].validate(&l, updated.Index(i))
	}
	for i, id := range r.Deleted {
		rule.UUID(&l, deleted.Index(i), id)
	}
	return l.Err()
}
