package synctera

import (
	"encoding/json"
	"log/slog"
	"strings"
	"time"

	"github.com/acctkit/acctkit/account"
	"github.com/acctkit/acctkit/account/internal/rule"
	"github.com/acctkit/acctkit/iban"
	"github.com/acctkit/acctkit/internal/mask"
	"github.com/acctkit/acctkit/routing"
)

// Synctera external accounts (POST /v0/external_accounts, the account it
// returns, and PATCH /v0/external_accounts/{id}): Synctera seeds 001 and
// 002.

// CustomerType is the kind of customer that owns an account, in Synctera's
// external accounts and accounts.
type CustomerType string

const (
	CustomerBusiness CustomerType = "BUSINESS"
	CustomerPersonal CustomerType = "PERSONAL"
)

var customerTypes = []CustomerType{CustomerBusiness, CustomerPersonal}

// ExternalAccountType is the type of an external account. Each body allows
// a different subset: a create request CHECKING and SAVINGS only, a PATCH
// request CHECKING, CRYPTO_WALLET, OTHER_BANK_ACCOUNT, SAVINGS and WALLET,
// and a response any of them.
type ExternalAccountType string

const (
	ExternalChecking         ExternalAccountType = "CHECKING"
	ExternalCreditCard       ExternalAccountType = "CREDIT_CARD"
	ExternalCryptoWallet     ExternalAccountType = "CRYPTO_WALLET"
	ExternalInvestment529    ExternalAccountType = "INVESTMENT_529"
	ExternalMoneyMarket      ExternalAccountType = "MONEY_MARKET"
	ExternalOther            ExternalAccountType = "OTHER"
	ExternalOtherBankAccount ExternalAccountType = "OTHER_BANK_ACCOUNT"
	ExternalSavings          ExternalAccountType = "SAVINGS"
	ExternalWallet           ExternalAccountType = "WALLET"
)

var (
	externalCreateTypes = []ExternalAccountType{ExternalChecking, ExternalSavings}
	externalPatchTypes  = []ExternalAccountType{ExternalChecking, ExternalCryptoWallet,
		ExternalOtherBankAccount, ExternalSavings, ExternalWallet}
	externalTypes = []ExternalAccountType{ExternalChecking, ExternalCreditCard,
		ExternalCryptoWallet, ExternalInvestment529, ExternalMoneyMarket, ExternalOther,
		ExternalOtherBankAccount, ExternalSavings, ExternalWallet}
)

// ExternalAccountStatus is the state of an external account. A PATCH
// request may set ACTIVE or INACTIVE only.
type ExternalAccountStatus string

const (
	ExternalActive   ExternalAccountStatus = "ACTIVE"
	ExternalClosed   ExternalAccountStatus = "CLOSED"
	ExternalDeleted  ExternalAccountStatus = "DELETED"
	ExternalInactive ExternalAccountStatus = "INACTIVE"
)

var (
	externalStatuses      = []ExternalAccountStatus{ExternalActive, ExternalClosed, ExternalDeleted, ExternalInactive}
	externalPatchStatuses = []ExternalAccountStatus{ExternalActive, ExternalInactive}
)

// VerificationStatus is the outcome of verifying an external account.
type VerificationStatus string

const (
	Verified   VerificationStatus = "VERIFIED"
	Unverified VerificationStatus = "UNVERIFIED"
)

var verificationStatuses = []VerificationStatus{Verified, Unverified}

// VerificationVendor is the service that verified an external account.
type VerificationVendor string

const (
	VerifiedByFinicity VerificationVendor = "FINICITY"
	VerifiedByManual   VerificationVendor = "MANUAL"
	VerifiedByPlaid    VerificationVendor = "PLAID"
)

var verificationVendors = []VerificationVendor{VerifiedByFinicity, VerifiedByManual, VerifiedByPlaid}

// VendorContentType says which member of VendorInfo carries the vendor's
// data: JSON for application/json, XML for text/xml.
type VendorContentType string

const (
	VendorJSON VendorContentType = "application/json"
	VendorXML  VendorContentType = "text/xml"
)

var vendorContentTypes = []VendorContentType{VendorJSON, VendorXML}

// AddressType is the use of an address in a response. Synctera does not
// publish the full list, so any non-empty value is accepted.
type AddressType string

// AddressShipping is the value of the seeds' examples.
const AddressShipping AddressType = "SHIPPING"

// Network is the blockchain network of a CRYPTO_WALLET external account.
// Synctera does not publish the full list, so any value is accepted.
type Network string

// NetworkAlgorand is the value of the PATCH seed's example.
const NetworkAlgorand Network = "ALGORAND"

// AccountIdentifiers identifies an external account: a bank account
// number, an IBAN, or both.
type AccountIdentifiers struct {
	IBAN   iban.IBAN `json:"iban,omitzero"`
	Number string    `json:"number,omitempty" wire:"nonempty"`
}

// BankAddress is a bank's address in a request.
type BankAddress struct {
	AddressLine1      string                 `json:"address_line_1,omitempty"`
	AddressLine2      string                 `json:"address_line_2,omitempty"`
	City              string                 `json:"city,omitempty"`
	CountryCode       string                 `json:"country_code,omitempty" wire:"nonempty"`
	IsRegisteredAgent account.Optional[bool] `json:"is_registered_agent,omitzero"`
	Nickname          string                 `json:"nickname,omitempty"`
	PostalCode        string                 `json:"postal_code,omitempty"`
	State             string                 `json:"state,omitempty"`
}

// BankAddressResponse is a bank's address in a response: BankAddress plus
// the address's id and type.
type BankAddressResponse struct {
	AddressLine1      string                 `json:"address_line_1,omitempty"`
	AddressLine2      string                 `json:"address_line_2,omitempty"`
	AddressType       AddressType            `json:"address_type,omitempty"`
	City              string                 `json:"city,omitempty"`
	CountryCode       string                 `json:"country_code,omitempty" wire:"nonempty"`
	ID                string                 `json:"id,omitempty" wire:"nonempty"`
	IsRegisteredAgent account.Optional[bool] `json:"is_registered_agent,omitzero"`
	Nickname          string                 `json:"nickname,omitempty"`
	PostalCode        string                 `json:"postal_code,omitempty"`
	State             string                 `json:"state,omitempty"`
}

// CorrespondentBank is an intermediary bank of an international wire, in a
// request.
type CorrespondentBank struct {
	BankAddress *BankAddress `json:"bank_address,omitempty"`
	BankName    string       `json:"bank_name,omitempty"`
	SwiftCode   routing.BIC  `json:"swift_code,omitzero"`
}

// CorrespondentBankResponse is an intermediary bank in a response.
type CorrespondentBankResponse struct {
	BankAddress *BankAddressResponse `json:"bank_address,omitempty"`
	BankName    string               `json:"bank_name,omitempty"`
	SwiftCode   routing.BIC          `json:"swift_code,omitzero"`
}

// InternationalWireDetails are the routing details of an international
// wire. Responses carry the same facts flat in RoutingIdentifiersResponse.
type InternationalWireDetails struct {
	BankAddress               *BankAddress        `json:"bank_address,omitempty"`
	CorrespondentBanksDetails []CorrespondentBank `json:"correspondent_banks_details,omitzero"`
	SwiftCode                 routing.BIC         `json:"swift_code,omitzero"`
}

// RoutingIdentifiers route payments to an external account, in a create
// request.
type RoutingIdentifiers struct {
	ACHRoutingNumber         routing.ABA               `json:"ach_routing_number,omitzero"`
	BankCountries            []string                  `json:"bank_countries,omitzero"`
	BankName                 string                    `json:"bank_name,omitempty"`
	EFTCARoutingNumber       routing.Canadian          `json:"eft_ca_routing_number,omitzero"`
	InternationalWireDetails *InternationalWireDetails `json:"international_wire_details,omitempty"`
	WireRoutingNumber        routing.ABA               `json:"wire_routing_number,omitzero"`
}

// RoutingIdentifiersResponse are the routing identifiers of a returned
// external account. EFTRoutingNumber is undocumented; the seeds' responses
// give it the value of EFTCARoutingNumber, and Apply keeps the two equal.
type RoutingIdentifiersResponse struct {
	ACHRoutingNumber         routing.ABA                 `json:"ach_routing_number,omitzero"`
	BankAddress              *BankAddressResponse        `json:"bank_address,omitempty"`
	BankCountries            []string                    `json:"bank_countries,omitzero"`
	BankName                 string                      `json:"bank_name,omitempty"`
	CorrespondentBankDetails []CorrespondentBankResponse `json:"correspondent_bank_details,omitzero"`
	EFTCARoutingNumber       routing.Canadian            `json:"eft_ca_routing_number,omitzero"`
	EFTRoutingNumber         routing.Canadian            `json:"eft_routing_number,omitzero"`
	Network                  Network                     `json:"network,omitempty"`
	SwiftCode                routing.BIC                 `json:"swift_code,omitzero"`
	WireRoutingNumber        routing.ABA                 `json:"wire_routing_number,omitzero"`
}

// Verification records how an external account was verified.
type Verification struct {
	CreationTime    time.Time          `json:"creation_time,omitzero"`
	LastUpdatedTime time.Time          `json:"last_updated_time,omitzero"`
	Status          VerificationStatus `json:"status,omitempty"`
	Vendor          VerificationVendor `json:"vendor,omitempty"`
}

// VendorData is what the verification vendor reports about the account.
type VendorData struct {
	AccountNumberMask string `json:"account_number_mask,omitempty"`
	InstitutionID     string `json:"institution_id,omitempty"`
}

// VendorInfo is the vendor's raw data, kept as received: JSON for content
// type application/json, XML text for text/xml.
type VendorInfo struct {
	ContentType VendorContentType `json:"content_type,omitempty"`
	JSON        json.RawMessage   `json:"json,omitempty"`
	Vendor      string            `json:"vendor,omitempty"`
	XML         string            `json:"xml,omitempty"`
}

// ExternalAccountRequest is the body of POST /v0/external_accounts.
// Nickname and VendorAccountID are Optional because a present empty value
// is an error while an absent one is not.
type ExternalAccountRequest struct {
	AccountIdentifiers *AccountIdentifiers            `json:"account_identifiers,omitempty"`
	AccountOwnerNames  []string                       `json:"account_owner_names,omitzero"`
	BusinessID         string                         `json:"business_id,omitempty" wire:"nonempty"`
	Currency           string                         `json:"currency,omitempty" wire:"nonempty"`
	CustomerID         string                         `json:"customer_id,omitempty" wire:"nonempty"`
	CustomerType       CustomerType                   `json:"customer_type,omitempty"`
	Metadata           map[string]json.RawMessage     `json:"metadata,omitzero"`
	Nickname           account.Optional[string]       `json:"nickname,omitzero"`
	RoutingIdentifiers *RoutingIdentifiers            `json:"routing_identifiers,omitempty"`
	Tenant             string                         `json:"tenant,omitempty"`
	Type               ExternalAccountType            `json:"type,omitempty"`
	VendorAccountID    account.Optional[string]       `json:"vendor_account_id,omitzero"`
	Verification       account.Optional[Verification] `json:"verification,omitzero" wire:"nullable"`
}

// ExternalAccount is an external account as Synctera returns it from POST
// and PATCH. Nickname and Verification may be null.
type ExternalAccount struct {
	AccountIdentifiers AccountIdentifiers             `json:"account_identifiers"`
	AccountOwnerNames  []string                       `json:"account_owner_names,omitzero"`
	BusinessID         string                         `json:"business_id,omitempty" wire:"nonempty"`
	CreationTime       time.Time                      `json:"creation_time,omitzero"`
	Currency           string                         `json:"currency,omitempty" wire:"nonempty"`
	CustomerID         string                         `json:"customer_id,omitempty" wire:"nonempty"`
	DeletionTime       time.Time                      `json:"deletion_time,omitzero"`
	ID                 string                         `json:"id,omitempty" wire:"nonempty"`
	LastUpdatedTime    time.Time                      `json:"last_updated_time,omitzero"`
	Metadata           map[string]json.RawMessage     `json:"metadata,omitzero"`
	Name               string                         `json:"name,omitempty"`
	Nickname           account.Optional[string]       `json:"nickname,omitzero" wire:"nullable"`
	RoutingIdentifiers RoutingIdentifiersResponse     `json:"routing_identifiers"`
	Status             ExternalAccountStatus          `json:"status,omitempty"`
	StatusReason       string                         `json:"status_reason,omitempty"`
	Tenant             string                         `json:"tenant,omitempty"`
	Type               ExternalAccountType            `json:"type,omitempty"`
	VendorData         *VendorData                    `json:"vendor_data,omitempty"`
	VendorInfo         *VendorInfo                    `json:"vendor_info,omitempty"`
	Verification       account.Optional[Verification] `json:"verification,omitzero" wire:"nullable"`
}

// Validate checks the rules of a create request and returns a
// *ValidationError listing every problem, or nil.
func (r ExternalAccountRequest) Validate() error {
	c := new(account.Collector)
	var root account.Path
	if r.AccountIdentifiers == nil {
		c.Add(root.Child("account_identifiers"), account.CodeRequired, "is required", nil)
	} else {
		accountIdentifiers(c, root.Child("account_identifiers"), r.AccountIdentifiers)
	}
	ownerNames(c, root.Child("account_owner_names"), r.AccountOwnerNames, true)
	exactlyOneOwner(c, root, r.BusinessID, r.CustomerID)
	currency(c, root.Child("currency"), r.Currency)
	checkEnum(c, root.Child("customer_type"), r.CustomerType, customerTypes, true)
	nonEmpty(c, root.Child("nickname"), r.Nickname)
	notNullString(c, root.Child("nickname"), r.Nickname)
	if r.RoutingIdentifiers == nil {
		c.Add(root.Child("routing_identifiers"), account.CodeRequired, "is required", nil)
	} else {
		routingIdentifiers(c, root.Child("routing_identifiers"), r.RoutingIdentifiers)
	}
	checkEnum(c, root.Child("type"), r.Type, externalCreateTypes, true)
	nonEmpty(c, root.Child("vendor_account_id"), r.VendorAccountID)
	notNullString(c, root.Child("vendor_account_id"), r.VendorAccountID)
	if v, ok := r.Verification.Get(); ok {
		verification(c, root.Child("verification"), &v)
	}
	return c.Err()
}

// Validate checks the rules of a returned external account and returns a
// *ValidationError listing every problem, or nil. An empty
// account_owner_names is allowed: Synctera empties it when it masks names.
func (a ExternalAccount) Validate() error {
	c := new(account.Collector)
	var root account.Path
	accountIdentifiers(c, root.Child("account_identifiers"), &a.AccountIdentifiers)
	ownerNames(c, root.Child("account_owner_names"), a.AccountOwnerNames, false)
	exactlyOneOwner(c, root, a.BusinessID, a.CustomerID)
	requiredTime(c, root.Child("creation_time"), a.CreationTime)
	currency(c, root.Child("currency"), a.Currency)
	checkUUID(c, root.Child("id"), a.ID, true)
	requiredTime(c, root.Child("last_updated_time"), a.LastUpdatedTime)
	routingResponse(c, root.Child("routing_identifiers"), &a.RoutingIdentifiers)
	checkEnum(c, root.Child("status"), a.Status, externalStatuses, true)
	checkEnum(c, root.Child("type"), a.Type, externalTypes, true)
	if a.VendorInfo != nil {
		vendorInfo(c, root.Child("vendor_info"), a.VendorInfo)
	}
	if !a.Verification.IsSet() {
		c.Add(root.Child("verification"), account.CodeRequired, "is required (null when the account is not verified)", nil)
	} else if v, ok := a.Verification.Get(); ok {
		verification(c, root.Child("verification"), &v)
	}
	return c.Err()
}

func accountIdentifiers(c *account.Collector, at account.Path, ai *AccountIdentifiers) {
	if ai.Number == "" && ai.IBAN.IsZero() {
		c.Add(at, account.CodeRequired, "must have a number, an iban or both", nil)
	}
}

// ownerNames checks account_owner_names: with required, at least one name;
// and in any case no blank entry.
func ownerNames(c *account.Collector, at account.Path, names []string, required bool) {
	if len(names) == 0 {
		if required {
			c.Add(at, account.CodeRequired, "must name at least one account owner", nil)
		}
		return
	}
	for i, n := range names {
		if isBlank(n) {
			c.Add(at.Index(i), account.CodeRequired, "must not be blank", nil)
		}
	}
}

// exactlyOneOwner checks that exactly one of business_id and customer_id
// is set, and that it is a UUID.
func exactlyOneOwner(c *account.Collector, at account.Path, businessID, customerID string) {
	switch {
	case businessID == "" && customerID == "":
		c.Add(at, account.CodeRequired, "exactly one of business_id and customer_id is required, got neither", nil)
	case businessID != "" && customerID != "":
		c.Add(at, account.CodeConflict, "exactly one of business_id and customer_id is allowed, got both", nil)
	}
	checkUUID(c, at.Child("business_id"), businessID, false)
	checkUUID(c, at.Child("customer_id"), customerID, false)
}

func routingIdentifiers(c *account.Collector, at account.Path, ri *RoutingIdentifiers) {
	achRouting(c, at.Child("ach_routing_number"), ri.ACHRoutingNumber)
	countries(c, at.Child("bank_countries"), ri.BankCountries)
	if w := ri.InternationalWireDetails; w != nil {
		wat := at.Child("international_wire_details")
		if w.BankAddress != nil {
			bankAddress(c, wat.Child("bank_address"), w.BankAddress)
		}
		cat := wat.Child("correspondent_banks_details")
		for i := range w.CorrespondentBanksDetails {
			if a := w.CorrespondentBanksDetails[i].BankAddress; a != nil {
				bi := cat.Index(i)
				bankAddress(c, bi.Child("bank_address"), a)
			}
		}
	}
	wireRouting(c, at.Child("wire_routing_number"), ri.WireRoutingNumber)
}

func routingResponse(c *account.Collector, at account.Path, ri *RoutingIdentifiersResponse) {
	achRouting(c, at.Child("ach_routing_number"), ri.ACHRoutingNumber)
	if ri.BankAddress != nil {
		addressResponse(c, at.Child("bank_address"), ri.BankAddress)
	}
	countries(c, at.Child("bank_countries"), ri.BankCountries)
	cat := at.Child("correspondent_bank_details")
	for i := range ri.CorrespondentBankDetails {
		if a := ri.CorrespondentBankDetails[i].BankAddress; a != nil {
			bi := cat.Index(i)
			addressResponse(c, bi.Child("bank_address"), a)
		}
	}
	wireRouting(c, at.Child("wire_routing_number"), ri.WireRoutingNumber)
}

func bankAddress(c *account.Collector, at account.Path, a *BankAddress) {
	country(c, at.Child("country_code"), a.CountryCode)
	flags(c, at, registeredAgentFlag, a.IsRegisteredAgent)
}

var registeredAgentFlag = []string{"is_registered_agent"}

func addressResponse(c *account.Collector, at account.Path, a *BankAddressResponse) {
	country(c, at.Child("country_code"), a.CountryCode)
	flags(c, at, registeredAgentFlag, a.IsRegisteredAgent)
	checkUUID(c, at.Child("id"), a.ID, false)
}

func achRouting(c *account.Collector, at account.Path, a routing.ABA) {
	if !a.IsZero() && !a.ACHEligible() {
		c.Add(at, account.CodeInvalid, "is "+kindPhrase(a)+", which cannot receive ACH entries", nil)
	}
}

func wireRouting(c *account.Collector, at account.Path, a routing.ABA) {
	if !a.IsZero() && !a.WireEligible() {
		c.Add(at, account.CodeInvalid, "is "+kindPhrase(a)+", which cannot receive Fedwire transfers", nil)
	}
}

// kindPhrase names what an ABA routing number's symbol says it is:
// "an electronic routing number".
func kindPhrase(a routing.ABA) string {
	k := a.Kind().String()
	if k[0] == 'e' {
		return "an " + k + " routing number"
	}
	return "a " + k + " routing number"
}

func countries(c *account.Collector, at account.Path, codes []string) {
	for i, cc := range codes {
		rule.Country(c, at.Index(i), cc)
	}
}

// country checks an ISO 3166-1 alpha-2 code; empty means absent.
func country(c *account.Collector, at account.Path, cc string) {
	if cc != "" {
		rule.Country(c, at, cc)
	}
}

// currency checks an ISO 4217 alpha code; empty means absent.
func currency(c *account.Collector, at account.Path, code string) {
	if code != "" {
		rule.Currency(c, at, code)
	}
}

// notNullString refuses null in an optional string the documents type as
// string only.
func notNullString(c *account.Collector, at account.Path, o account.Optional[string]) {
	if o.IsNull() {
		rule.Null(c, at, "a string")
	}
}

// nonEmpty checks an Optional free text that, when present, must not be
// empty (minLength 1).
func nonEmpty(c *account.Collector, at account.Path, o account.Optional[string]) {
	if s, ok := o.Get(); ok {
		rule.NotEmpty(c, at, s)
	}
}

func requiredTime(c *account.Collector, at account.Path, t time.Time) {
	if t.IsZero() {
		rule.Required(c, at)
	}
}

func verification(c *account.Collector, at account.Path, v *Verification) {
	checkEnum(c, at.Child("status"), v.Status, verificationStatuses, true)
	checkEnum(c, at.Child("vendor"), v.Vendor, verificationVendors, true)
}

func vendorInfo(c *account.Collector, at account.Path, v *VendorInfo) {
	checkEnum(c, at.Child("content_type"), v.ContentType, vendorContentTypes, true)
	if v.Vendor == "" {
		c.Add(at.Child("vendor"), account.CodeRequired, "is required", nil)
	}
	switch v.ContentType {
	case VendorJSON:
		if v.XML != "" {
			c.Add(at.Child("xml"), account.CodeForbidden, "is not allowed with content_type application/json", nil)
		}
	case VendorXML:
		if len(v.JSON) != 0 {
			c.Add(at.Child("json"), account.CodeForbidden, "is not allowed with content_type text/xml", nil)
		}
	}
}

// LogValue logs a request with the account number and IBAN masked and the
// owner names left out.
func (r ExternalAccountRequest) LogValue() slog.Value {
	attrs := make([]slog.Attr, 0, 8)
	if r.AccountIdentifiers != nil {
		attrs = identifierAttrs(attrs, r.AccountIdentifiers)
	}
	attrs = append(attrs,
		slog.Int("account_owner_names", len(r.AccountOwnerNames)),
		slog.String("business_id", r.BusinessID),
		slog.String("customer_id", r.CustomerID),
		slog.String("customer_type", string(r.CustomerType)),
		slog.String("type", string(r.Type)))
	if ri := r.RoutingIdentifiers; ri != nil {
		attrs = append(attrs, slog.String("ach_routing_number", ri.ACHRoutingNumber.String()),
			slog.String("wire_routing_number", ri.WireRoutingNumber.String()))
	}
	return slog.GroupValue(attrs...)
}

// LogValue logs an external account with the account number and IBAN
// masked and the owner names left out.
func (a ExternalAccount) LogValue() slog.Value {
	attrs := make([]slog.Attr, 0, 10)
	attrs = append(attrs, slog.String("id", a.ID))
	attrs = identifierAttrs(attrs, &a.AccountIdentifiers)
	return slog.GroupValue(append(attrs,
		slog.Int("account_owner_names", len(a.AccountOwnerNames)),
		slog.String("business_id", a.BusinessID),
		slog.String("customer_id", a.CustomerID),
		slog.String("status", string(a.Status)),
		slog.String("type", string(a.Type)),
		slog.String("ach_routing_number", a.RoutingIdentifiers.ACHRoutingNumber.String()),
		slog.String("wire_routing_number", a.RoutingIdentifiers.WireRoutingNumber.String()))...)
}

// LogValue logs the identifiers masked, wherever they sit in a record.
func (ai AccountIdentifiers) LogValue() slog.Value {
	return slog.GroupValue(identifierAttrs(make([]slog.Attr, 0, 2), &ai)...)
}

func identifierAttrs(attrs []slog.Attr, ai *AccountIdentifiers) []slog.Attr {
	return append(attrs,
		slog.String("number", maskNumber(ai.Number)),
		slog.Any("iban", ai.IBAN))
}

// maskNumber keeps the last four characters of an account number.
func maskNumber(n string) string { return mask.Last(n, 4) }

func isBlank(s string) bool { return strings.TrimSpace(s) == "" }

// checkEnum reports a value outside allowed, or (when required) an empty
// one. An empty optional value is absent: Decode refuses "" on the wire.
func checkEnum[T ~string](c *account.Collector, at account.Path, v T, allowed []T, required bool) {
	if v == "" {
		if required {
			rule.Required(c, at)
		}
		return
	}
	rule.Enum(c, at, v, allowed)
}

// checkUUID checks an id; empty is absent unless required.
func checkUUID(c *account.Collector, at account.Path, s string, required bool) {
	if s == "" {
		if required {
			rule.Required(c, at)
		}
		return
	}
	rule.UUID(c, at, s)
}
