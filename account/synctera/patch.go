package synctera

import (
	"errors"
	"log/slog"
	"slices"
	"time"

	"github.com/acctkit/acctkit/account"
	"github.com/acctkit/acctkit/account/internal/rule"
	"github.com/acctkit/acctkit/iban"
	"github.com/acctkit/acctkit/routing"
)

// AccountIdentifiersPatch patches AccountIdentifiers. Setting a member to
// null removes it ("" is not a number); at least one of them must remain.
type AccountIdentifiersPatch struct {
	IBAN   account.Optional[iban.IBAN]            `json:"iban,omitzero" wire:"nullable"`
	Number account.Optional[account.NumberString] `json:"number,omitzero" wire:"nullable"`
}

// BankAddressPatch patches a bank address member by member.
type BankAddressPatch struct {
	AddressLine1      account.Optional[string] `json:"address_line_1,omitzero" wire:"nullable"`
	AddressLine2      account.Optional[string] `json:"address_line_2,omitzero" wire:"nullable"`
	City              account.Optional[string] `json:"city,omitzero" wire:"nullable"`
	CountryCode       account.Optional[string] `json:"country_code,omitzero" wire:"nullable"`
	IsRegisteredAgent account.Optional[bool]   `json:"is_registered_agent,omitzero" wire:"nullable"`
	Nickname          account.Optional[string] `json:"nickname,omitzero" wire:"nullable"`
	PostalCode        account.Optional[string] `json:"postal_code,omitzero" wire:"nullable"`
	State             account.Optional[string] `json:"state,omitzero" wire:"nullable"`
}

// InternationalWireDetailsPatch patches the international wire details,
// which a returned account holds flat in its routing identifiers. The
// correspondent banks are a list, and a list is replaced whole (RFC 7396).
type InternationalWireDetailsPatch struct {
	BankAddress               account.Optional[BankAddressPatch]    `json:"bank_address,omitzero" wire:"nullable"`
	CorrespondentBanksDetails account.Optional[[]CorrespondentBank] `json:"correspondent_banks_details,omitzero" wire:"nullable"`
	SwiftCode                 account.Optional[routing.BIC]         `json:"swift_code,omitzero" wire:"nullable"`
}

// RoutingIdentifiersPatch patches the routing identifiers. Bank countries
// cannot be patched.
type RoutingIdentifiersPatch struct {
	ACHRoutingNumber         account.Optional[routing.ABA]                   `json:"ach_routing_number,omitzero" wire:"nullable"`
	BankName                 account.Optional[string]                        `json:"bank_name,omitzero" wire:"nullable"`
	EFTCARoutingNumber       account.Optional[routing.Canadian]              `json:"eft_ca_routing_number,omitzero" wire:"nullable"`
	InternationalWireDetails account.Optional[InternationalWireDetailsPatch] `json:"international_wire_details,omitzero" wire:"nullable"`
	Network                  account.Optional[Network]                       `json:"network,omitzero" wire:"nullable"`
	WireRoutingNumber        account.Optional[routing.ABA]                   `json:"wire_routing_number,omitzero" wire:"nullable"`
}

// VerificationPatch patches the verification record.
type VerificationPatch struct {
	CreationTime    account.Optional[time.Time]          `json:"creation_time,omitzero" wire:"nullable"`
	LastUpdatedTime account.Optional[time.Time]          `json:"last_updated_time,omitzero" wire:"nullable"`
	Status          account.Optional[VerificationStatus] `json:"status,omitzero" wire:"nullable"`
	Vendor          account.Optional[VerificationVendor] `json:"vendor,omitzero" wire:"nullable"`
}

// ExternalAccountPatch is the body of PATCH /v0/external_accounts/{id},
// a JSON merge patch (RFC 7396): an absent member leaves the field as it
// is, null clears it, and a value replaces it; objects are merged member
// by member and lists replaced whole. Only null clears: "" is a value and
// must be valid (an empty currency, IBAN or status is an error). Null is
// refused (account.CodeForbidden) for the fields an external account
// cannot be without: account_identifiers, account_owner_names,
// routing_identifiers, status and type.
type ExternalAccountPatch struct {
	AccountIdentifiers account.Optional[AccountIdentifiersPatch] `json:"account_identifiers,omitzero" wire:"nullable"`
	AccountOwnerNames  account.Optional[[]string]                `json:"account_owner_names,omitzero" wire:"nullable"`
	Currency           account.Optional[string]                  `json:"currency,omitzero" wire:"nullable"`
	Nickname           account.Optional[string]                  `json:"nickname,omitzero" wire:"nullable"`
	RoutingIdentifiers account.Optional[RoutingIdentifiersPatch] `json:"routing_identifiers,omitzero" wire:"nullable"`
	Status             account.Optional[ExternalAccountStatus]   `json:"status,omitzero" wire:"nullable"`
	StatusReason       account.Optional[string]                  `json:"status_reason,omitzero" wire:"nullable"`
	Type               account.Optional[ExternalAccountType]     `json:"type,omitzero" wire:"nullable"`
	Verification       account.Optional[VerificationPatch]       `json:"verification,omitzero" wire:"nullable"`
}

// Validate checks the patch on its own and returns a *ValidationError
// listing every problem, or nil. Apply also checks what depends on the
// account being patched.
func (p ExternalAccountPatch) Validate() error {
	c := new(account.Collector)
	checkPatch(c, account.Path{}, &p)
	return c.Err()
}

func checkPatch(c *account.Collector, root account.Path, p *ExternalAccountPatch) {
	notNull(c, root.Child("account_identifiers"), p.AccountIdentifiers)
	if ai, ok := p.AccountIdentifiers.Get(); ok {
		if n, ok := ai.Number.Get(); ok {
			aip := root.Child("account_identifiers")
			rule.NotEmpty(c, aip.Child("number"), string(n))
		}
	}
	notNull(c, root.Child("account_owner_names"), p.AccountOwnerNames)
	if names, ok := p.AccountOwnerNames.Get(); ok {
		ownerNames(c, root.Child("account_owner_names"), names, true)
	}
	if cur, ok := p.Currency.Get(); ok {
		rule.Currency(c, root.Child("currency"), cur)
	}
	nonEmpty(c, root.Child("nickname"), p.Nickname)
	notNull(c, root.Child("routing_identifiers"), p.RoutingIdentifiers)
	if ri, ok := p.RoutingIdentifiers.Get(); ok {
		routingPatch(c, root.Child("routing_identifiers"), &ri)
	}
	notNull(c, root.Child("status"), p.Status)
	if s, ok := p.Status.Get(); ok {
		rule.Enum(c, root.Child("status"), s, externalPatchStatuses)
	}
	notNull(c, root.Child("type"), p.Type)
	if t, ok := p.Type.Get(); ok {
		rule.Enum(c, root.Child("type"), t, externalPatchTypes)
	}
	if v, ok := p.Verification.Get(); ok {
		vat := root.Child("verification")
		if s, ok := v.Status.Get(); ok {
			rule.Enum(c, vat.Child("status"), s, verificationStatuses)
		}
		if s, ok := v.Vendor.Get(); ok {
			rule.Enum(c, vat.Child("vendor"), s, verificationVendors)
		}
	}
}

func routingPatch(c *account.Collector, at account.Path, ri *RoutingIdentifiersPatch) {
	if a, ok := ri.ACHRoutingNumber.Get(); ok {
		achRouting(c, at.Child("ach_routing_number"), a)
	}
	if w, ok := ri.InternationalWireDetails.Get(); ok {
		wat := at.Child("international_wire_details")
		if a, ok := w.BankAddress.Get(); ok {
			if cc, ok := a.CountryCode.Get(); ok {
				ba := wat.Child("bank_address")
				rule.Country(c, ba.Child("country_code"), cc)
			}
		}
		if banks, ok := w.CorrespondentBanksDetails.Get(); ok {
			cat := wat.Child("correspondent_banks_details")
			for i := range banks {
				if a := banks[i].BankAddress; a != nil {
					bi := cat.Index(i)
					bankAddress(c, bi.Child("bank_address"), a)
				}
			}
		}
	}
	if a, ok := ri.WireRoutingNumber.Get(); ok {
		wireRouting(c, at.Child("wire_routing_number"), a)
	}
	if n, ok := ri.Network.Get(); ok {
		// Any network name is accepted, but "" is none: only null clears.
		rule.NotEmpty(c, at.Child("network"), string(n))
	}
}

func notNull[T any](c *account.Collector, at account.Path, o account.Optional[T]) {
	if o.IsNull() {
		c.Add(at, account.CodeForbidden, "cannot be cleared: an external account must have one", nil)
	}
}

// ErrTerminalStatus is the reason (FieldError.Err) Apply gives when the
// account to patch is CLOSED or DELETED: neither can be changed.
var ErrTerminalStatus = errors.New("account is closed or deleted")

// Apply returns existing with patch applied, following RFC 7396. It
// refuses, with a *ValidationError, a patch that fails Validate, any patch
// of a CLOSED or DELETED account (the error wraps ErrTerminalStatus), and
// a patch that would leave the account without both number and iban or
// with a verification lacking status or vendor. existing is not modified;
// the result shares the fields the patch leaves alone with it.
//
// Apply does not touch LastUpdatedTime: it has no clock, so the caller
// stamps the result.
func Apply(patch ExternalAccountPatch, existing ExternalAccount) (ExternalAccount, error) {
	c := new(account.Collector)
	var root account.Path
	if existing.Status == ExternalClosed || existing.Status == ExternalDeleted {
		c.Add(root, account.CodeForbidden, "external account is "+string(existing.Status)+" and cannot be patched", ErrTerminalStatus)
		return ExternalAccount{}, c.Err()
	}
	checkPatch(c, root, &patch)
	if c.Len() > 0 {
		return ExternalAccount{}, c.Err()
	}
	out := existing
	if ai, ok := patch.AccountIdentifiers.Get(); ok {
		mergeValue(&out.AccountIdentifiers.IBAN, ai.IBAN)
		if ai.Number.IsNull() {
			out.AccountIdentifiers.Number = ""
		} else if n, ok := ai.Number.Get(); ok {
			out.AccountIdentifiers.Number = string(n)
		}
		accountIdentifiers(c, root.Child("account_identifiers"), &out.AccountIdentifiers)
	}
	if names, ok := patch.AccountOwnerNames.Get(); ok {
		out.AccountOwnerNames = slices.Clone(names)
	}
	mergeValue(&out.Currency, patch.Currency)
	if patch.Nickname.IsSet() {
		out.Nickname = patch.Nickname
	}
	if ri, ok := patch.RoutingIdentifiers.Get(); ok {
		out.RoutingIdentifiers = applyRouting(ri, out.RoutingIdentifiers)
	}
	mergeValue(&out.Status, patch.Status)
	mergeValue(&out.StatusReason, patch.StatusReason)
	mergeValue(&out.Type, patch.Type)
	if patch.Verification.IsNull() {
		out.Verification = account.Null[Verification]()
	} else if vp, ok := patch.Verification.Get(); ok {
		v, _ := out.Verification.Get()
		mergeValue(&v.CreationTime, vp.CreationTime)
		mergeValue(&v.LastUpdatedTime, vp.LastUpdatedTime)
		mergeValue(&v.Status, vp.Status)
		mergeValue(&v.Vendor, vp.Vendor)
		out.Verification = account.Some(v)
		verification(c, root.Child("verification"), &v)
	}
	if err := c.Err(); err != nil {
		return ExternalAccount{}, err
	}
	return out, nil
}

func applyRouting(p RoutingIdentifiersPatch, r RoutingIdentifiersResponse) RoutingIdentifiersResponse {
	mergeValue(&r.ACHRoutingNumber, p.ACHRoutingNumber)
	mergeValue(&r.BankName, p.BankName)
	if p.EFTCARoutingNumber.IsSet() {
		// The seeds give eft_routing_number the same value; keep them equal.
		mergeValue(&r.EFTCARoutingNumber, p.EFTCARoutingNumber)
		r.EFTRoutingNumber = r.EFTCARoutingNumber
	}
	if p.InternationalWireDetails.IsNull() {
		r.BankAddress, r.CorrespondentBankDetails, r.SwiftCode = nil, nil, routing.BIC{}
	} else if w, ok := p.InternationalWireDetails.Get(); ok {
		if w.BankAddress.IsNull() {
			r.BankAddress = nil
		} else if a, ok := w.BankAddress.Get(); ok {
			r.BankAddress = applyAddress(a, r.BankAddress)
		}
		if w.CorrespondentBanksDetails.IsNull() {
			r.CorrespondentBankDetails = nil
		} else if banks, ok := w.CorrespondentBanksDetails.Get(); ok {
			r.CorrespondentBankDetails = correspondentResponses(banks)
		}
		mergeValue(&r.SwiftCode, w.SwiftCode)
	}
	mergeValue(&r.Network, p.Network)
	mergeValue(&r.WireRoutingNumber, p.WireRoutingNumber)
	return r
}

func applyAddress(p BankAddressPatch, existing *BankAddressResponse) *BankAddressResponse {
	var a BankAddressResponse
	if existing != nil {
		a = *existing
	}
	mergeValue(&a.AddressLine1, p.AddressLine1)
	mergeValue(&a.AddressLine2, p.AddressLine2)
	mergeValue(&a.City, p.City)
	mergeValue(&a.CountryCode, p.CountryCode)
	// The response types is_registered_agent as a boolean: null clears
	// it to absent.
	if p.IsRegisteredAgent.IsNull() {
		a.IsRegisteredAgent = account.Optional[bool]{}
	} else if p.IsRegisteredAgent.IsSet() {
		a.IsRegisteredAgent = p.IsRegisteredAgent
	}
	mergeValue(&a.Nickname, p.Nickname)
	mergeValue(&a.PostalCode, p.PostalCode)
	mergeValue(&a.State, p.State)
	return &a
}

func correspondentResponses(banks []CorrespondentBank) []CorrespondentBankResponse {
	out := make([]CorrespondentBankResponse, len(banks))
	for i, b := range banks {
		out[i] = CorrespondentBankResponse{BankName: b.BankName, SwiftCode: b.SwiftCode}
		if b.BankAddress != nil {
			out[i].BankAddress = responseAddress(b.BankAddress)
		}
	}
	return out
}

// mergeValue applies one merge-patch member to a field whose zero value
// means absent: null clears it, a value replaces it, absence keeps it.
func mergeValue[T any](dst *T, o account.Optional[T]) {
	if o.IsNull() {
		var zero T
		*dst = zero
	} else if v, ok := o.Get(); ok {
		*dst = v
	}
}

// LogValue logs the members present, the number and the IBAN masked.
func (p AccountIdentifiersPatch) LogValue() slog.Value {
	attrs := make([]slog.Attr, 0, 2)
	if p.Number.IsSet() {
		attrs = append(attrs, slog.Any("number", p.Number))
	}
	if p.IBAN.IsSet() {
		attrs = append(attrs, slog.Any("iban", p.IBAN))
	}
	return slog.GroupValue(attrs...)
}

// LogValue logs the patch with any account number or IBAN masked.
func (p ExternalAccountPatch) LogValue() slog.Value {
	attrs := make([]slog.Attr, 0, 6)
	if ai, ok := p.AccountIdentifiers.Get(); ok {
		n, _ := ai.Number.Get()
		i, _ := ai.IBAN.Get()
		attrs = identifierAttrs(attrs, &AccountIdentifiers{IBAN: i, Number: string(n)})
	}
	if s, ok := p.Status.Get(); ok {
		attrs = append(attrs, slog.String("status", string(s)))
	}
	if t, ok := p.Type.Get(); ok {
		attrs = append(attrs, slog.String("type", string(t)))
	}
	if names, ok := p.AccountOwnerNames.Get(); ok {
		attrs = append(attrs, slog.Int("account_owner_names", len(names)))
	}
	return slog.GroupValue(attrs...)
}
