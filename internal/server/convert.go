package server

import (
	"crypto/rand"
	"slices"
	"time"

	"github.com/acctkit/acctkit/account/synctera"
	"github.com/acctkit/acctkit/internal/mask"
)

// newExternalAccount is the external account a valid create request makes:
// the request's fields, a new id, both times now, status ACTIVE, and the
// international wire details in the response's flat routing form.
func newExternalAccount(req *synctera.ExternalAccountRequest, id string, now time.Time) synctera.ExternalAccount {
	a := synctera.ExternalAccount{
		AccountOwnerNames: slices.Clone(req.AccountOwnerNames),
		BusinessID:        req.BusinessID,
		CreationTime:      now,
		Currency:          req.Currency,
		CustomerID:        req.CustomerID,
		ID:                id,
		LastUpdatedTime:   now,
		Metadata:          req.Metadata,
		Nickname:          req.Nickname,
		Status:            synctera.ExternalActive,
		Tenant:            req.Tenant,
		Type:              req.Type,
		Verification:      req.Verification,
	}
	if req.AccountIdentifiers != nil {
		a.AccountIdentifiers = *req.AccountIdentifiers
	}
	if ri := req.RoutingIdentifiers; ri != nil {
		a.RoutingIdentifiers = synctera.RoutingIdentifiersResponse{
			ACHRoutingNumber:   ri.ACHRoutingNumber,
			BankCountries:      slices.Clone(ri.BankCountries),
			BankName:           ri.BankName,
			EFTCARoutingNumber: ri.EFTCARoutingNumber,
			EFTRoutingNumber:   ri.EFTCARoutingNumber,
			WireRoutingNumber:  ri.WireRoutingNumber,
		}
		if w := ri.InternationalWireDetails; w != nil {
			if w.BankAddress != nil {
				a.RoutingIdentifiers.BankAddress = addressResponse(w.BankAddress)
			}
			for _, b := range w.CorrespondentBanksDetails {
				c := synctera.CorrespondentBankResponse{BankName: b.BankName, SwiftCode: b.SwiftCode}
				if b.BankAddress != nil {
					c.BankAddress = addressResponse(b.BankAddress)
				}
				a.RoutingIdentifiers.CorrespondentBankDetails = append(a.RoutingIdentifiers.CorrespondentBankDetails, c)
			}
			a.RoutingIdentifiers.SwiftCode = w.SwiftCode
		}
	}
	return a
}

func addressResponse(a *synctera.BankAddress) *synctera.BankAddressResponse {
	return &synctera.BankAddressResponse{
		AddressLine1: a.AddressLine1, AddressLine2: a.AddressLine2, City: a.City, CountryCode: a.CountryCode,
		IsRegisteredAgent: a.IsRegisteredAgent, Nickname: a.Nickname, PostalCode: a.PostalCode, State: a.State,
	}
}

// newAccount is the account a valid create request makes: the request's
// fields, a new id and account number, both times now, access ACTIVE and
// status ACCOUNT_NEVER_ACTIVE unless the request sets them, and the
// relationships' parties as business_ids and customer_ids.
func newAccount(req *synctera.AccountRequest, id string, now time.Time) synctera.Account {
	a := synctera.Account{
		AccessStatus:                req.AccessStatus,
		AccessStatusLastUpdatedTime: now,
		AccountNumber:               req.ManualAccountNumber,
		AccountPurpose:              req.AccountPurpose,
		AccountType:                 req.AccountType,
		ApplicationID:               req.ApplicationID,
		BalanceCeiling:              req.BalanceCeiling,
		BalanceFloor:                req.BalanceFloor,
		CreationTime:                now,
		Currency:                    req.Currency,
		ExchangeRateType:            req.ExchangeRateType,
		FeeProductIDs:               req.FeeProductIDs,
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
		SpendControlIDs:             req.SpendControlIDs,
		SpendingLimits:              req.SpendingLimits,
		Status:                      req.Status,
		SwiftCode:                   req.SwiftCode,
	}
	if a.AccessStatus == "" {
		a.AccessStatus = synctera.AccessActive
	}
	if a.Status == "" {
		a.Status = synctera.AccountNeverActive
	}
	if a.Currency == "" {
		a.Currency = synctera.DefaultCurrency
	}
	if a.AccountNumber == "" {
		a.AccountNumber = newAccountNumber()
	}
	a.AccountNumberMasked = mask.Last(a.AccountNumber, 4)
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

// newAccountNumber is a random 12-digit account number.
func newAccountNumber() string {
	var b [12]byte
	rand.Read(b[:])
	for i := range b {
		b[i] = '0' + b[i]%10
	}
	return string(b[:])
}
