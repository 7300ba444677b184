package account

import (
	"bytes"
	"encoding/json"
	"errors"
	"log/slog"
	"reflect"
	"slices"
	"time"

	"github.com/acctkit/acctkit/iban"
	"github.com/acctkit/acctkit/routing"
)

// NumberString is an account number that a PATCH body may send as a JSON
// string or as a JSON integer (Synctera's own example sends 87654321). It
// holds the digits as text and always encodes as a JSON string. An integer
// is taken digit for digit, never through a float, so no digit is lost; a
// fraction, an exponent or a sign is refused.
type NumberString string

// UnmarshalJSON accepts a JSON string, or a JSON number written as a
// non-negative integer without exponent.
func (n *NumberString) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*n = NumberString(s)
		return nil
	}
	if len(b) == 0 || !isDigitBytes(b) {
		// A fraction, an exponent, a sign, or not a number at all.
		return &json.UnmarshalTypeError{Value: jsonKindOfRaw(b), Type: reflect.TypeFor[NumberString]()}
	}
	*n = NumberString(b)
	return nil
}

func (NumberString) jsonKind() string { return "a string or a whole number" }

func isDigitBytes(b []byte) bool {
	for _, c := range b {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// AccountIdentifiersPatch patches AccountIdentifiers. Setting a member to
// null (or empty) removes it; at least one of them must remain.
type AccountIdentifiersPatch struct {
	IBAN   Optional[iban.IBAN]    `json:"iban,omitzero"`
	Number Optional[NumberString] `json:"number,omitzero"`
}

// BankAddressPatch patches a bank address member by member.
type BankAddressPatch struct {
	AddressLine1      Optional[string] `json:"address_line_1,omitzero"`
	AddressLine2      Optional[string] `json:"address_line_2,omitzero"`
	City              Optional[string] `json:"city,omitzero"`
	CountryCode       Optional[string] `json:"country_code,omitzero"`
	IsRegisteredAgent Optional[bool]   `json:"is_registered_agent,omitzero"`
	Nickname          Optional[string] `json:"nickname,omitzero"`
	PostalCode        Optional[string] `json:"postal_code,omitzero"`
	State             Optional[string] `json:"state,omitzero"`
}

// InternationalWireDetailsPatch patches the international wire details,
// which a returned account holds flat in its routing identifiers. The
// correspondent banks are a list, and a list is replaced whole (RFC 7396).
type InternationalWireDetailsPatch struct {
	BankAddress               Optional[BankAddressPatch]    `json:"bank_address,omitzero"`
	CorrespondentBanksDetails Optional[[]CorrespondentBank] `json:"correspondent_banks_details,omitzero"`
	SwiftCode                 Optional[routing.BIC]         `json:"swift_code,omitzero"`
}

// RoutingIdentifiersPatch patches the routing identifiers. Bank countries
// cannot be patched.
type RoutingIdentifiersPatch struct {
	ACHRoutingNumber         Optional[routing.ABA]                   `json:"ach_routing_number,omitzero"`
	BankName                 Optional[string]                        `json:"bank_name,omitzero"`
	EFTCARoutingNumber       Optional[routing.Canadian]              `json:"eft_ca_routing_number,omitzero"`
	InternationalWireDetails Optional[InternationalWireDetailsPatch] `json:"international_wire_details,omitzero"`
	Network                  Optional[Network]                       `json:"network,omitzero"`
	WireRoutingNumber        Optional[routing.ABA]                   `json:"wire_routing_number,omitzero"`
}

// VerificationPatch patches the verification record.
type VerificationPatch struct {
	CreationTime    Optional[time.Time]          `json:"creation_time,omitzero"`
	LastUpdatedTime Optional[time.Time]          `json:"last_updated_time,omitzero"`
	Status          Optional[VerificationStatus] `json:"status,omitzero"`
	Vendor          Optional[VerificationVendor] `json:"vendor,omitzero"`
}

// ExternalAccountPatch is the body of PATCH /v0/external_accounts/{id},
// a JSON merge patch (RFC 7396): an absent member leaves the field as it
// is, null clears it, and a value replaces it; objects are merged member
// by member and lists replaced whole. Null is refused (CodeForbidden) for
// the fields an external account cannot be without: account_identifiers,
// account_owner_names, routing_identifiers, status and type.
type ExternalAccountPatch struct {
	AccountIdentifiers Optional[AccountIdentifiersPatch] `json:"account_identifiers,omitzero"`
	AccountOwnerNames  Optional[[]string]                `json:"account_owner_names,omitzero"`
	Currency           Optional[string]                  `json:"currency,omitzero"`
	Nickname           Optional[string]                  `json:"nickname,omitzero"`
	RoutingIdentifiers Optional[RoutingIdentifiersPatch] `json:"routing_identifiers,omitzero"`
	Status             Optional[ExternalAccountStatus]   `json:"status,omitzero"`
	StatusReason       Optional[string]                  `json:"status_reason,omitzero"`
	Type               Optional[ExternalAccountType]     `json:"type,omitzero"`
	Verification       Optional[VerificationPatch]       `json:"verification,omitzero"`
}

// Validate checks the patch on its own and returns a *ValidationError
// listing every problem, or nil. Apply also checks what depends on the
// account being patched.
func (p ExternalAccountPatch) Validate() error {
	var c checker
	c.patch(&loc{}, &p)
	return c.err()
}

func (c *checker) patch(root *loc, p *ExternalAccountPatch) {
	notNull(c, root.child("account_identifiers"), p.AccountIdentifiers)
	notNull(c, root.child("account_owner_names"), p.AccountOwnerNames)
	if names, ok := p.AccountOwnerNames.Get(); ok {
		c.ownerNames(root.child("account_owner_names"), names, true)
	}
	if cur, ok := p.Currency.Get(); ok {
		if cur == "" {
			c.add(root.child("currency"), CodeNotSupported, "must be a current ISO 4217 currency code")
		}
		c.currency(root.child("currency"), cur)
	}
	c.nonEmpty(root.child("nickname"), p.Nickname)
	notNull(c, root.child("routing_identifiers"), p.RoutingIdentifiers)
	if ri, ok := p.RoutingIdentifiers.Get(); ok {
		c.routingPatch(root.child("routing_identifiers"), &ri)
	}
	notNull(c, root.child("status"), p.Status)
	if s, ok := p.Status.Get(); ok {
		checkEnum(c, root.child("status"), s, externalPatchStatuses, true)
	}
	notNull(c, root.child("type"), p.Type)
	if t, ok := p.Type.Get(); ok {
		checkEnum(c, root.child("type"), t, externalPatchTypes, true)
	}
	if v, ok := p.Verification.Get(); ok {
		vat := root.child("verification")
		if s, ok := v.Status.Get(); ok {
			checkEnum(c, vat.child("status"), s, verificationStatuses, true)
		}
		if s, ok := v.Vendor.Get(); ok {
			checkEnum(c, vat.child("vendor"), s, verificationVendors, true)
		}
	}
}

func (c *checker) routingPatch(at *loc, ri *RoutingIdentifiersPatch) {
	if a, ok := ri.ACHRoutingNumber.Get(); ok {
		c.achRouting(at.child("ach_routing_number"), a)
	}
	if w, ok := ri.InternationalWireDetails.Get(); ok {
		wat := at.child("international_wire_details")
		if a, ok := w.BankAddress.Get(); ok {
			if cc, ok := a.CountryCode.Get(); ok {
				c.country(wat.child("bank_address").child("country_code"), cc)
			}
		}
		if banks, ok := w.CorrespondentBanksDetails.Get(); ok {
			cat := wat.child("correspondent_banks_details")
			for i := range banks {
				if a := banks[i].BankAddress; a != nil {
					c.country(cat.index(i).child("bank_address").child("country_code"), a.CountryCode)
				}
			}
		}
	}
	if a, ok := ri.WireRoutingNumber.Get(); ok {
		c.wireRouting(at.child("wire_routing_number"), a)
	}
}

func notNull[T any](c *checker, at *loc, o Optional[T]) {
	if o.IsNull() {
		c.add(at, CodeForbidden, "cannot be cleared: an external account must have one")
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
	var c checker
	root := &loc{}
	if existing.Status == ExternalClosed || existing.Status == ExternalDeleted {
		c.errs.add(Path{}, CodeForbidden, "external account is "+string(existing.Status)+" and cannot be patched", ErrTerminalStatus)
		return ExternalAccount{}, c.err()
	}
	c.patch(root, &patch)
	if len(c.errs.errs) > 0 {
		return ExternalAccount{}, c.err()
	}
	out := existing
	if ai, ok := patch.AccountIdentifiers.Get(); ok {
		mergeValue(&out.AccountIdentifiers.IBAN, ai.IBAN)
		if ai.Number.IsNull() {
			out.AccountIdentifiers.Number = ""
		} else if n, ok := ai.Number.Get(); ok {
			out.AccountIdentifiers.Number = string(n)
		}
		c.accountIdentifiers(root.child("account_identifiers"), &out.AccountIdentifiers)
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
		out.Verification = Null[Verification]()
	} else if vp, ok := patch.Verification.Get(); ok {
		v, _ := out.Verification.Get()
		mergeValue(&v.CreationTime, vp.CreationTime)
		mergeValue(&v.LastUpdatedTime, vp.LastUpdatedTime)
		mergeValue(&v.Status, vp.Status)
		mergeValue(&v.Vendor, vp.Vendor)
		out.Verification = Some(v)
		c.verification(root.child("verification"), &v)
	}
	if err := c.err(); err != nil {
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
	if p.IsRegisteredAgent.IsSet() {
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
			out[i].BankAddress = &BankAddressResponse{
				AddressLine1:      b.BankAddress.AddressLine1,
				AddressLine2:      b.BankAddress.AddressLine2,
				City:              b.BankAddress.City,
				CountryCode:       b.BankAddress.CountryCode,
				IsRegisteredAgent: b.BankAddress.IsRegisteredAgent,
				Nickname:          b.BankAddress.Nickname,
				PostalCode:        b.BankAddress.PostalCode,
				State:             b.BankAddress.State,
			}
		}
	}
	return out
}

// mergeValue applies one merge-patch member to a field whose zero value
// means absent: null clears it, a value replaces it, absence keeps it.
func mergeValue[T any](dst *T, o Optional[T]) {
	if o.IsNull() {
		var zero T
		*dst = zero
	} else if v, ok := o.Get(); ok {
		*dst = v
	}
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
