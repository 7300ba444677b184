package account

import (
	"encoding/json"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"github.com/acctkit/acctkit/iban"
	"github.com/acctkit/acctkit/internal/iso3166"
	"github.com/acctkit/acctkit/internal/iso4217"
	"github.com/acctkit/acctkit/internal/mask"
	"github.com/acctkit/acctkit/internal/uuid"
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
	Number string    `json:"number,omitempty"`
}

// BankAddress is a bank's address in a request.
type BankAddress struct {
	AddressLine1      string         `json:"address_line_1,omitempty"`
	AddressLine2      string         `json:"address_line_2,omitempty"`
	City              string         `json:"city,omitempty"`
	CountryCode       string         `json:"country_code,omitempty"`
	IsRegisteredAgent Optional[bool] `json:"is_registered_agent,omitzero"`
	Nickname          string         `json:"nickname,omitempty"`
	PostalCode        string         `json:"postal_code,omitempty"`
	State             string         `json:"state,omitempty"`
}

// BankAddressResponse is a bank's address in a response: BankAddress plus
// the address's id and type.
type BankAddressResponse struct {
	AddressLine1      string         `json:"address_line_1,omitempty"`
	AddressLine2      string         `json:"address_line_2,omitempty"`
	AddressType       AddressType    `json:"address_type,omitempty"`
	City              string         `json:"city,omitempty"`
	CountryCode       string         `json:"country_code,omitempty"`
	ID                string         `json:"id,omitempty"`
	IsRegisteredAgent Optional[bool] `json:"is_registered_agent,omitzero"`
	Nickname          string         `json:"nickname,omitempty"`
	PostalCode        string         `json:"postal_code,omitempty"`
	State             string         `json:"state,omitempty"`
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
	AccountIdentifiers *AccountIdentifiers        `json:"account_identifiers"`
	AccountOwnerNames  []string                   `json:"account_owner_names"`
	BusinessID         string                     `json:"business_id,omitempty"`
	Currency           string                     `json:"currency,omitempty"`
	CustomerID         string                     `json:"customer_id,omitempty"`
	CustomerType       CustomerType               `json:"customer_type"`
	Metadata           map[string]json.RawMessage `json:"metadata,omitzero"`
	Nickname           Optional[string]           `json:"nickname,omitzero"`
	RoutingIdentifiers *RoutingIdentifiers        `json:"routing_identifiers"`
	Tenant             string                     `json:"tenant,omitempty"`
	Type               ExternalAccountType        `json:"type"`
	VendorAccountID    Optional[string]           `json:"vendor_account_id,omitzero"`
	Verification       Optional[Verification]     `json:"verification,omitzero"`
}

// ExternalAccount is an external account as Synctera returns it from POST
// and PATCH. Nickname and Verification may be null.
type ExternalAccount struct {
	AccountIdentifiers AccountIdentifiers         `json:"account_identifiers"`
	AccountOwnerNames  []string                   `json:"account_owner_names"`
	BusinessID         string                     `json:"business_id,omitempty"`
	CreationTime       time.Time                  `json:"creation_time"`
	Currency           string                     `json:"currency,omitempty"`
	CustomerID         string                     `json:"customer_id,omitempty"`
	DeletionTime       time.Time                  `json:"deletion_time,omitzero"`
	ID                 string                     `json:"id"`
	LastUpdatedTime    time.Time                  `json:"last_updated_time"`
	Metadata           map[string]json.RawMessage `json:"metadata,omitzero"`
	Name               string                     `json:"name,omitempty"`
	Nickname           Optional[string]           `json:"nickname,omitzero"`
	RoutingIdentifiers RoutingIdentifiersResponse `json:"routing_identifiers"`
	Status             ExternalAccountStatus      `json:"status"`
	StatusReason       string                     `json:"status_reason,omitempty"`
	Tenant             string                     `json:"tenant,omitempty"`
	Type               ExternalAccountType        `json:"type"`
	VendorData         *VendorData                `json:"vendor_data,omitempty"`
	VendorInfo         *VendorInfo                `json:"vendor_info,omitempty"`
	Verification       Optional[Verification]     `json:"verification,omitzero"`
}

// Validate checks the rules of a create request and returns a
// *ValidationError listing every problem, or nil.
func (r ExternalAccountRequest) Validate() error {
	var c checker
	root := &loc{}
	if r.AccountIdentifiers == nil {
		c.add(root.child("account_identifiers"), CodeRequired, "is required")
	} else {
		c.accountIdentifiers(root.child("account_identifiers"), r.AccountIdentifiers)
	}
	c.ownerNames(root.child("account_owner_names"), r.AccountOwnerNames, true)
	c.exactlyOneOwner(root, r.BusinessID, r.CustomerID)
	c.currency(root.child("currency"), r.Currency)
	checkEnum(&c, root.child("customer_type"), r.CustomerType, customerTypes, true)
	c.nonEmpty(root.child("nickname"), r.Nickname)
	if r.RoutingIdentifiers == nil {
		c.add(root.child("routing_identifiers"), CodeRequired, "is required")
	} else {
		c.routingIdentifiers(root.child("routing_identifiers"), r.RoutingIdentifiers)
	}
	checkEnum(&c, root.child("type"), r.Type, externalCreateTypes, true)
	c.nonEmpty(root.child("vendor_account_id"), r.VendorAccountID)
	if v, ok := r.Verification.Get(); ok {
		c.verification(root.child("verification"), &v)
	}
	return c.err()
}

// Validate checks the rules of a returned external account and returns a
// *ValidationError listing every problem, or nil. An empty
// account_owner_names is allowed: Synctera empties it when it masks names.
func (a ExternalAccount) Validate() error {
	var c checker
	root := &loc{}
	c.accountIdentifiers(root.child("account_identifiers"), &a.AccountIdentifiers)
	c.ownerNames(root.child("account_owner_names"), a.AccountOwnerNames, false)
	c.exactlyOneOwner(root, a.BusinessID, a.CustomerID)
	c.requiredTime(root.child("creation_time"), a.CreationTime)
	c.currency(root.child("currency"), a.Currency)
	c.uuid(root.child("id"), a.ID, true)
	c.requiredTime(root.child("last_updated_time"), a.LastUpdatedTime)
	c.routingResponse(root.child("routing_identifiers"), &a.RoutingIdentifiers)
	checkEnum(&c, root.child("status"), a.Status, externalStatuses, true)
	checkEnum(&c, root.child("type"), a.Type, externalTypes, true)
	if a.VendorInfo != nil {
		c.vendorInfo(root.child("vendor_info"), a.VendorInfo)
	}
	if !a.Verification.IsSet() {
		c.add(root.child("verification"), CodeRequired, "is required (null when the account is not verified)")
	} else if v, ok := a.Verification.Get(); ok {
		c.verification(root.child("verification"), &v)
	}
	return c.err()
}

func (c *checker) accountIdentifiers(at *loc, ai *AccountIdentifiers) {
	if ai.Number == "" && ai.IBAN.IsZero() {
		c.add(at, CodeRequired, "must have a number, an iban or both")
	}
}

// ownerNames checks account_owner_names: with required, at least one name;
// and in any case no blank entry.
func (c *checker) ownerNames(at *loc, names []string, required bool) {
	if len(names) == 0 {
		if required {
			c.add(at, CodeRequired, "must name at least one account owner")
		}
		return
	}
	for i, n := range names {
		if isBlank(n) {
			c.add(at.index(i), CodeRequired, "must not be blank")
		}
	}
}

// exactlyOneOwner checks that exactly one of business_id and customer_id
// is set, and that it is a UUID.
func (c *checker) exactlyOneOwner(at *loc, businessID, customerID string) {
	switch {
	case businessID == "" && customerID == "":
		c.add(at, CodeRequired, "exactly one of business_id and customer_id is required, got neither")
	case businessID != "" && customerID != "":
		c.add(at, CodeConflict, "exactly one of business_id and customer_id is allowed, got both")
	}
	c.uuid(at.child("business_id"), businessID, false)
	c.uuid(at.child("customer_id"), customerID, false)
}

func (c *checker) routingIdentifiers(at *loc, ri *RoutingIdentifiers) {
	c.achRouting(at.child("ach_routing_number"), ri.ACHRoutingNumber)
	c.countries(at.child("bank_countries"), ri.BankCountries)
	if w := ri.InternationalWireDetails; w != nil {
		wat := at.child("international_wire_details")
		if w.BankAddress != nil {
			c.country(wat.child("bank_address").child("country_code"), w.BankAddress.CountryCode)
		}
		cat := wat.child("correspondent_banks_details")
		for i := range w.CorrespondentBanksDetails {
			if a := w.CorrespondentBanksDetails[i].BankAddress; a != nil {
				c.country(cat.index(i).child("bank_address").child("country_code"), a.CountryCode)
			}
		}
	}
	c.wireRouting(at.child("wire_routing_number"), ri.WireRoutingNumber)
}

func (c *checker) routingResponse(at *loc, ri *RoutingIdentifiersResponse) {
	c.achRouting(at.child("ach_routing_number"), ri.ACHRoutingNumber)
	if ri.BankAddress != nil {
		c.addressResponse(at.child("bank_address"), ri.BankAddress)
	}
	c.countries(at.child("bank_countries"), ri.BankCountries)
	cat := at.child("correspondent_bank_details")
	for i := range ri.CorrespondentBankDetails {
		if a := ri.CorrespondentBankDetails[i].BankAddress; a != nil {
			c.addressResponse(cat.index(i).child("bank_address"), a)
		}
	}
	c.wireRouting(at.child("wire_routing_number"), ri.WireRoutingNumber)
}

func (c *checker) addressResponse(at *loc, a *BankAddressResponse) {
	c.country(at.child("country_code"), a.CountryCode)
	c.uuid(at.child("id"), a.ID, false)
}

func (c *checker) achRouting(at *loc, a routing.ABA) {
	if !a.IsZero() && !a.ACHEligible() {
		c.add(at, CodeInvalid, "is "+kindPhrase(a)+", which cannot receive ACH entries")
	}
}

func (c *checker) wireRouting(at *loc, a routing.ABA) {
	if !a.IsZero() && !a.WireEligible() {
		c.add(at, CodeInvalid, "is "+kindPhrase(a)+", which cannot receive Fedwire transfers")
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

func (c *checker) countries(at *loc, codes []string) {
	for i, cc := range codes {
		if cc == "" {
			c.add(at.index(i), CodeRequired, "must not be empty")
			continue
		}
		c.country(at.index(i), cc)
	}
}

// country checks an ISO 3166-1 alpha-2 code; empty means absent.
func (c *checker) country(at *loc, cc string) {
	switch {
	case cc == "":
	case len(cc) != 2 || !isUpperASCII(cc):
		c.add(at, CodeFormat, "must be an ISO 3166-1 alpha-2 country code (two upper-case letters)")
	case !iso3166.Known(cc):
		c.add(at, CodeUnknownCountry, "is not an assigned ISO 3166-1 alpha-2 country code")
	}
}

// currency checks an ISO 4217 alpha code; empty means absent.
func (c *checker) currency(at *loc, code string) {
	if code != "" && !iso4217.Known(code) {
		c.add(at, CodeNotSupported, "must be a current ISO 4217 currency code")
	}
}

func (c *checker) nonEmpty(at *loc, o Optional[string]) {
	if s, ok := o.Get(); ok && s == "" {
		c.add(at, CodeFormat, "must not be empty")
	}
}

func (c *checker) requiredTime(at *loc, t time.Time) {
	if t.IsZero() {
		c.add(at, CodeRequired, "is required")
	}
}

func (c *checker) verification(at *loc, v *Verification) {
	checkEnum(c, at.child("status"), v.Status, verificationStatuses, true)
	checkEnum(c, at.child("vendor"), v.Vendor, verificationVendors, true)
}

func (c *checker) vendorInfo(at *loc, v *VendorInfo) {
	checkEnum(c, at.child("content_type"), v.ContentType, vendorContentTypes, true)
	if v.Vendor == "" {
		c.add(at.child("vendor"), CodeRequired, "is required")
	}
	switch v.ContentType {
	case VendorJSON:
		if v.XML != "" {
			c.add(at.child("xml"), CodeForbidden, "is not allowed with content_type application/json")
		}
	case VendorXML:
		if len(v.JSON) != 0 {
			c.add(at.child("json"), CodeForbidden, "is not allowed with content_type text/xml")
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

func identifierAttrs(attrs []slog.Attr, ai *AccountIdentifiers) []slog.Attr {
	return append(attrs,
		slog.String("number", maskNumber(ai.Number)),
		slog.Any("iban", ai.IBAN))
}

// maskNumber keeps the last four characters of an account number.
func maskNumber(n string) string { return mask.Last(n, 4) }

func isBlank(s string) bool { return strings.TrimSpace(s) == "" }

func isUpperASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 'A' || s[i] > 'Z' {
			return false
		}
	}
	return true
}

// checker collects rule errors. Paths are built only when an error is
// found, so validating a valid value does not allocate.
type checker struct{ errs errorList }

func (c *checker) add(at *loc, code, msg string) {
	c.errs.add(at.path(), code, msg, nil)
}

func (c *checker) err() error { return c.errs.err() }

// loc is a field location kept on the stack while validating: a chain of
// names and indexes turned into a Path only when an error needs one.
type loc struct {
	parent *loc
	name   string
	idx    int // used when name is ""
}

func (l *loc) child(name string) *loc { return &loc{parent: l, name: name} }

func (l *loc) index(i int) *loc { return &loc{parent: l, idx: i} }

func (l *loc) path() Path {
	var b strings.Builder
	l.write(&b)
	return Path{b.String()}
}

// write appends the path to b the way Path.Child and Path.Index spell it.
// It copies the names rather than sharing them, so that a loc never
// escapes to the heap.
func (l *loc) write(b *strings.Builder) {
	if l.parent != nil {
		l.parent.write(b)
	}
	switch {
	case l.name != "":
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(l.name)
	case l.parent != nil:
		b.WriteByte('[')
		b.WriteString(strconv.Itoa(l.idx))
		b.WriteByte(']')
	}
}

// checkEnum reports a value outside allowed, or (when required) an empty
// one.
func checkEnum[T ~string](c *checker, at *loc, v T, allowed []T, required bool) {
	if v == "" {
		if required {
			c.add(at, CodeRequired, "is required")
		}
		return
	}
	for _, a := range allowed {
		if v == a {
			return
		}
	}
	var b strings.Builder
	b.WriteString("must be one of: ")
	for i, a := range allowed {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(string(a))
	}
	c.add(at, CodeNotSupported, b.String())
}

// uuid checks the canonical 8-4-4-4-12 hexadecimal form of a UUID (either
// case, no braces, no urn: prefix); empty is absent unless required.
func (c *checker) uuid(at *loc, s string, required bool) {
	if s == "" {
		if required {
			c.add(at, CodeRequired, "is required")
		}
		return
	}
	if !uuid.Valid(s) {
		c.add(at, CodeFormat, "must be a UUID (8-4-4-4-12 hexadecimal digits)")
	}
}
