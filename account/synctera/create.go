package synctera

import (
	"slices"
	"time"

	"github.com/acctkit/acctkit/internal/mask"
)

// NewExternalAccount returns the external account a valid create request
// makes, as POST /v0/external_accounts answers with it: the request's
// fields, id, both times now, status ACTIVE, and the international wire
// details in the response's flat routing form (bank_address,
// correspondent_bank_details, swift_code), with eft_routing_number equal to
// eft_ca_routing_number as in the seeds' responses. It does not validate
// req; call req.Validate (or Decode) first.
func NewExternalAccount(req ExternalAccountRequest, id string, now time.Time) ExternalAccount {
	a := ExternalAccount{
		AccountOwnerNames: slices.Clone(req.AccountOwnerNames),
		BusinessID:        req.BusinessID,
		CreationTime:      now,
		Currency:          req.Currency,
		CustomerID:        req.CustomerID,
		ID:                id,
		LastUpdatedTime:   now,
		Metadata:          req.Metadata,
		Nickname:          req.Nickname,
		Status:            ExternalActive,
		Tenant:            req.Tenant,
		Type:              req.Type,
		Verification:      req.Verification,
	}
	if req.AccountIdentifiers != nil {
		a.AccountIdentifiers = *req.AccountIdentifiers
	}
	if ri := req.RoutingIdentifiers; ri != nil {
		a.RoutingIdentifiers = RoutingIdentifiersResponse{
			ACHRoutingNumber:   ri.ACHRoutingNumber,
			BankCountries:      slices.Clone(ri.BankCountries),
			BankName:           ri.BankName,
			EFTCARoutingNumber: ri.EFTCARoutingNumber,
			EFTRoutingNumber:   ri.EFTCARoutingNumber,
			WireRoutingNumber:  ri.WireRoutingNumber,
		}
		if w := ri.InternationalWireDetails; w != nil {
			if w.BankAddress != nil {
				a.RoutingIdentifiers.BankAddress = responseAddress(w.BankAddress)
			}
			if len(w.CorrespondentBanksDetails) > 0 {
				a.RoutingIdentifiers.CorrespondentBankDetails = correspondentResponses(w.CorrespondentBanksDetails)
			}
			a.RoutingIdentifiers.SwiftCode = w.SwiftCode
		}
	}
	return a
}

// NewAccount returns the account a valid create request makes, as POST
// /v0/accounts answers with it: the request's fields, id, accountNumber
// (pass the request's manual_account_number when it gives one) and its
// masked form, both times now, access_status ACTIVE, status
// ACCOUNT_NEVER_ACTIVE and currency DefaultCurrency unless the request sets
// them, and the relationships' parties as business_ids and customer_ids. It
// does not validate req.
func NewAccount(req AccountRequest, id, accountNumber string, now time.Time) Account {
	a := Account{
		AccessStatus:                req.AccessStatus,
		AccessStatusLastUpdatedTime: now,
		AccountNumber:               accountNumber,
		AccountNumberMasked:         mask.Last(accountNumber, 4),
		AccountPurpose:              req.AccountPurpose,
		AccountType:                 req.AccountType,
		ApplicationID:               req.ApplicationID,
		BalanceCeiling:              req.BalanceCeiling,
		BalanceFloor:                req.BalanceFloor,
		CreationTime:                now,
		Currency:                    req.Currency,
		ExchangeRateType:            req.ExchangeRateType,
		FeeProductIDs:               slices.Clone(req.FeeProductIDs),
		IBAN:                        req.IBAN,
		ID:                          id,
		InterestProductID:           req.InterestProductID,
		IsACHEnabled:                req.IsACHEnabled,
		IsAccountPool:               req.IsAccountPool,
		IsCardEnabled:               req.IsCardEnabled,
		IsEFTCAEnabled:              req.IsEFTCAEnabled,
		IsExternalCardEnabled:       req.IsExternalCardEnabled,
		IsP2PEnabled:                req.IsP2PEnabled,
		IsSyncteraPayEnabled:        req.IsSyncteraPayEnabled,
		IsWireEnabled:               req.IsWireEnabled,
		LastUpdatedTime:             now,
		Metadata:                    req.Metadata,
		Nickname:                    req.Nickname,
		OverdraftLimit:              req.OverdraftLimit,
		SpendControlIDs:             slices.Clone(req.SpendControlIDs),
		SpendingLimits:              req.SpendingLimits,
		Status:                      req.Status,
		SwiftCode:                   req.SwiftCode,
	}
	if a.AccessStatus == "" {
		a.AccessStatus = AccessActive
	}
	if a.Status == "" {
		a.Status = AccountNeverActive
	}
	if a.Currency == "" {
		a.Currency = DefaultCurrency
	}
	for _, rel := range req.Relationships {
		if rel.BusinessID != "" && !slices.Contains(a.BusinessIDs, rel.BusinessID) {
			a.BusinessIDs = append(a.BusinessIDs, rel.BusinessID)
		}
		if rel.CustomerID != "" && !slices.Contains(a.CustomerIDs, rel.CustomerID) {
			a.CustomerIDs = append(a.CustomerIDs, rel.CustomerID)
		}
	}
	return a
}

// responseAddress is a request's bank address in the response's form.
func responseAddress(a *BankAddress) *BankAddressResponse {
	return &BankAddressResponse{
		AddressLine1: a.AddressLine1, AddressLine2: a.AddressLine2, City: a.City, CountryCode: a.CountryCode,
		IsRegisteredAgent: a.IsRegisteredAgent, Nickname: a.Nickname, PostalCode: a.PostalCode, State: a.State,
	}
}
