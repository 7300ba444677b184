package account

import (
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"time"

	"github.com/shopspring/decimal"

	"github.com/acctkit/acctkit/iban"
	"github.com/acctkit/acctkit/internal/iso4217"
	"github.com/acctkit/acctkit/routing"
)

// Synctera accounts (POST /v0/accounts and the account it returns):
// Synctera seed 003. Enum values follow Synctera's published OpenAPI
// document (versions 0.74 to 0.147).

// AccessStatus says whether money may move in or out of an account.
type AccessStatus string

const (
	AccessActive AccessStatus = "ACTIVE"
	AccessFrozen AccessStatus = "FROZEN"
)

var accessStatuses = []AccessStatus{AccessActive, AccessFrozen}

// SyncteraAccountType is the product type of a Synctera account.
type SyncteraAccountType string

const (
	AccountChargeSecured   SyncteraAccountType = "CHARGE_SECURED"
	AccountChargeUnsecured SyncteraAccountType = "CHARGE_UNSECURED"
	AccountChecking        SyncteraAccountType = "CHECKING"
	AccountLineOfCredit    SyncteraAccountType = "LINE_OF_CREDIT"
	AccountSaving          SyncteraAccountType = "SAVING"
)

var syncteraAccountTypes = []SyncteraAccountType{AccountChargeSecured, AccountChargeUnsecured,
	AccountChecking, AccountLineOfCredit, AccountSaving}

// SyncteraAccountStatus is the life-cycle state of a Synctera account.
type SyncteraAccountStatus string

const (
	AccountNeverActive           SyncteraAccountStatus = "ACCOUNT_NEVER_ACTIVE"
	AccountNotDesired            SyncteraAccountStatus = "ACCOUNT_NOT_DESIRED"
	AccountActivatedNotDisbursed SyncteraAccountStatus = "ACTIVATED_NOT_DISBURSED"
	AccountActiveOrDisbursed     SyncteraAccountStatus = "ACTIVE_OR_DISBURSED"
	AccountApplicationSubmitted  SyncteraAccountStatus = "APPLICATION_SUBMITTED"
	AccountAwaitingFixing        SyncteraAccountStatus = "AWAITING_FIXING"
	AccountChargedOff            SyncteraAccountStatus = "CHARGED_OFF"
	AccountClosed                SyncteraAccountStatus = "CLOSED"
	AccountDelinquent            SyncteraAccountStatus = "DELINQUENT"
	AccountFailedKYC             SyncteraAccountStatus = "FAILED_KYC"
	AccountInClosing             SyncteraAccountStatus = "IN_CLOSING"
	AccountRestricted            SyncteraAccountStatus = "RESTRICTED"
	AccountSuspended             SyncteraAccountStatus = "SUSPENDED"
)

var syncteraAccountStatuses = []SyncteraAccountStatus{AccountNeverActive, AccountNotDesired,
	AccountActivatedNotDisbursed, AccountActiveOrDisbursed, AccountApplicationSubmitted,
	AccountAwaitingFixing, AccountChargedOff, AccountClosed, AccountDelinquent, AccountFailedKYC,
	AccountInClosing, AccountRestricted, AccountSuspended}

// RelationshipType is a party's role on an account.
type RelationshipType string

const (
	RelationshipAccountHolder        RelationshipType = "ACCOUNT_HOLDER"
	RelationshipAuthorizedSigner     RelationshipType = "AUTHORIZED_SIGNER"
	RelationshipAuthorizedUser       RelationshipType = "AUTHORIZED_USER"
	RelationshipJointAccountHolder   RelationshipType = "JOINT_ACCOUNT_HOLDER"
	RelationshipPrimaryAccountHolder RelationshipType = "PRIMARY_ACCOUNT_HOLDER"
)

var relationshipTypes = []RelationshipType{RelationshipAccountHolder, RelationshipAuthorizedSigner,
	RelationshipAuthorizedUser, RelationshipJointAccountHolder, RelationshipPrimaryAccountHolder}

// BalanceType names one of an account's balances.
type BalanceType string

const (
	BalanceAccount            BalanceType = "ACCOUNT_BALANCE"
	BalanceAccruedInterestMTD BalanceType = "ACCRUED_INTEREST_MTD"
	BalanceAvailable          BalanceType = "AVAILABLE_BALANCE"
)

var balanceTypes = []BalanceType{BalanceAccount, BalanceAccruedInterestMTD, BalanceAvailable}

// BillingFrequency is the length of a billing cycle.
type BillingFrequency string

const (
	BillingAnnually    BillingFrequency = "ANNUALLY"
	BillingMonthly     BillingFrequency = "MONTHLY"
	BillingSemiMonthly BillingFrequency = "SEMI_MONTHLY"
	BillingBiWeekly    BillingFrequency = "BI_WEEKLY"
	BillingWeekly      BillingFrequency = "WEEKLY"
	BillingDaily       BillingFrequency = "DAILY"
)

var billingFrequencies = []BillingFrequency{BillingAnnually, BillingMonthly, BillingSemiMonthly,
	BillingBiWeekly, BillingWeekly, BillingDaily}

// MinimumPaymentType is how the minimum payment of a billing period is
// computed.
type MinimumPaymentType string

const (
	MinimumPaymentFull         MinimumPaymentType = "FULL"
	MinimumPaymentRateOrAmount MinimumPaymentType = "RATE_OR_AMOUNT"
)

var minimumPaymentTypes = []MinimumPaymentType{MinimumPaymentFull, MinimumPaymentRateOrAmount}

// FundsOwnership says who owns the money in an account.
type FundsOwnership string

const (
	FundsBank     FundsOwnership = "BANK"
	FundsFintech  FundsOwnership = "FINTECH"
	FundsPlatform FundsOwnership = "PLATFORM"
)

var fundsOwnerships = []FundsOwnership{FundsBank, FundsFintech, FundsPlatform}

// GeneralLedgerCategory groups general-ledger accounts.
type GeneralLedgerCategory string

const (
	LedgerCore          GeneralLedgerCategory = "CORE"
	LedgerProfitAndLoss GeneralLedgerCategory = "PROFIT_AND_LOSS"
	LedgerReserve       GeneralLedgerCategory = "RESERVE"
	LedgerSettlement    GeneralLedgerCategory = "SETTLEMENT"
	LedgerSuspense      GeneralLedgerCategory = "SUSPENSE"
	LedgerTreasury      GeneralLedgerCategory = "TREASURY"
)

var generalLedgerCategories = []GeneralLedgerCategory{LedgerCore, LedgerProfitAndLoss,
	LedgerReserve, LedgerSettlement, LedgerSuspense, LedgerTreasury}

// GeneralLedgerType is the purpose of a general-ledger account. The values
// are the wire strings themselves; see GeneralLedgerTypes for the list.
type GeneralLedgerType string

// GeneralLedgerTypes lists the general-ledger types Synctera defines.
func GeneralLedgerTypes() []GeneralLedgerType {
	return append([]GeneralLedgerType(nil), generalLedgerTypes...)
}

var generalLedgerTypes = []GeneralLedgerType{"ACH_SETTLEMENT", "ACH_SUSPENSE",
	"ALLOCATED_SUSPENSE", "BANK_DRAFT", "BILLING_EXPENSE", "BILLING_REVENUE",
	"CARD_AFT_PREFUNDING", "CARD_OCT_SETTLEMENT", "CARD_SETTLEMENT", "CASH_SETTLEMENT",
	"CASH_SUSPENSE", "CHECK_SETTLEMENT", "DISPUTE_WRITE_OFF_PNL", "EFT_CA_SETTLEMENT",
	"EFT_CA_SUSPENSE", "EXTERNAL_CARD_AFT_SETTLEMENT", "EXTERNAL_CARD_OCT_SETTLEMENT",
	"FEDNOW_SETTLEMENT", "FEES", "FRAUD_LOSSES", "FUNDING_ACCOUNTS", "GENERAL_PNL",
	"INTEREST_PAYOUT", "INTERNATIONAL_WIRE_SETTLEMENT", "LOC_INTEREST_INCOME",
	"LOC_INVESTOR_PORTFOLIO", "LOC_REPURCHASE", "MONEY_IN_AND_OUT", "NEGATIVE_BALANCE",
	"NETWORK_ADJUSTMENT", "NETWORK_CHARGEBACK", "NEW_FUNDING_ACCOUNT", "PROVISIONAL_CREDIT_PNL",
	"RESERVE", "REWARDS", "SYNCTERA_PAY_SUSPENSE", "USC_INTEREST_INCOME",
	"USC_INVESTOR_PORTFOLIO", "USC_REPURCHASE", "WIRE_SETTLEMENT", "WIRE_SUSPENSE", "WRITE_OFF"}

// ClosureReason is why an account is being closed.
type ClosureReason string

const (
	ClosureBankFraud                      ClosureReason = "BANK_REQUEST_FRAUD"
	ClosureBankInactivity                 ClosureReason = "BANK_REQUEST_INACTIVITY"
	ClosureBankRedeemedOrReinstated       ClosureReason = "BANK_REQUEST_REDEEMED_OR_REINSTATED_REPOSSESSION"
	ClosureBankRegulatory                 ClosureReason = "BANK_REQUEST_REGULATORY_REASONS"
	ClosureCustomerCardLostOrStolen       ClosureReason = "CUSTOMER_REQUEST_CREDIT_CARD_LOST_OR_STOLEN"
	ClosureCustomerRefinance              ClosureReason = "CUSTOMER_REQUEST_REFINANCE"
	ClosureCustomerTransfer               ClosureReason = "CUSTOMER_REQUEST_TRANSFER"
	ClosureCustomerVoluntarilySurrendered ClosureReason = "CUSTOMER_REQUEST_VOLUNTARILY_SURRENDERED"
	ClosureProgramShutDownBank            ClosureReason = "PROGRAM_SHUT_DOWN_BANK"
	ClosureProgramShutDownFintech         ClosureReason = "PROGRAM_SHUT_DOWN_FINTECH"
)

var closureReasons = []ClosureReason{ClosureBankFraud, ClosureBankInactivity,
	ClosureBankRedeemedOrReinstated, ClosureBankRegulatory, ClosureCustomerCardLostOrStolen,
	ClosureCustomerRefinance, ClosureCustomerTransfer, ClosureCustomerVoluntarilySurrendered,
	ClosureProgramShutDownBank, ClosureProgramShutDownFintech}

// ClosurePaymentMethod is how the remaining balance of a closing account is
// paid out.
type ClosurePaymentMethod string

const (
	ClosureByACH             ClosurePaymentMethod = "ACH"
	ClosureByBankDraft       ClosurePaymentMethod = "BANK_DRAFT"
	ClosureToCustomerAccount ClosurePaymentMethod = "INTERNAL_TRANSFER_TO_CUSTOMER_ACCOUNT"
	ClosureToInternalAccount ClosurePaymentMethod = "INTERNAL_TRANSFER_TO_INTERNAL_ACCOUNT"
)

var closurePaymentMethods = []ClosurePaymentMethod{ClosureByACH, ClosureByBankDraft,
	ClosureToCustomerAccount, ClosureToInternalAccount}

// SyncteraDefaultCurrency is the currency of an account that names none.
const SyncteraDefaultCurrency = "USD"

// Money amounts in Synctera accounts are integers counting the currency's
// minor unit (cents for USD); AmountDecimal and AmountMinor convert them.

// SpendingLimit caps the money (Amount, minor units) and the number of
// transactions (Transactions) in one period.
type SpendingLimit struct {
	Amount       Optional[int64] `json:"amount,omitzero"`
	Transactions Optional[int64] `json:"transactions,omitzero"`
}

// TransactionLimit caps the money of a single transaction.
type TransactionLimit struct {
	Amount Optional[int64] `json:"amount,omitzero"`
}

// SpendingLimits are an account's spending limits. Where set, each period's
// limit is at least the shorter period's: transaction <= day <= week <=
// month <= lifetime, for amounts and for transaction counts.
type SpendingLimits struct {
	Day         *SpendingLimit    `json:"day,omitempty"`
	Description string            `json:"description,omitempty"`
	Lifetime    *SpendingLimit    `json:"lifetime,omitempty"`
	Month       *SpendingLimit    `json:"month,omitempty"`
	Transaction *TransactionLimit `json:"transaction,omitempty"`
	Week        *SpendingLimit    `json:"week,omitempty"`
}

// BalanceCeiling sweeps money above Balance (minor units) to another
// account.
type BalanceCeiling struct {
	Balance           Optional[int64] `json:"balance,omitzero"`
	LinkedAccountID   string          `json:"linked_account_id,omitempty"`
	OverflowAccountID string          `json:"overflow_account_id,omitempty"`
}

// BalanceFloor tops the account up from another when it falls below
// Balance (minor units).
type BalanceFloor struct {
	Balance            Optional[int64] `json:"balance,omitzero"`
	LinkedAccountID    string          `json:"linked_account_id,omitempty"`
	OverdraftAccountID string          `json:"overdraft_account_id,omitempty"`
}

// Relationship ties one party (a business, a customer or a person, exactly
// one) to an account.
type Relationship struct {
	BusinessID       string           `json:"business_id,omitempty"`
	CustomerID       string           `json:"customer_id,omitempty"`
	PersonID         string           `json:"person_id,omitempty"`
	RelationshipType RelationshipType `json:"relationship_type,omitempty"`
}

// ClosureCase is a case opened for an account closure.
type ClosureCase struct {
	CaseID     string `json:"case_id,omitempty"`
	CaseReason string `json:"case_reason,omitempty"`
}

// ClosureValidation is one check run before an account is closed.
type ClosureValidation struct {
	Details   map[string]json.RawMessage `json:"details,omitzero"`
	Message   string                     `json:"message,omitempty"`
	Name      string                     `json:"name,omitempty"`
	Validated Optional[bool]             `json:"validated,omitzero"`
}

// AccountClosure describes the closing of an account (status IN_CLOSING).
// DestinationID and PaymentMethod may be null.
type AccountClosure struct {
	Cases               []ClosureCase                  `json:"cases,omitzero"`
	DestinationID       Optional[string]               `json:"destination_id,omitzero"`
	PaymentMethod       Optional[ClosurePaymentMethod] `json:"payment_method,omitzero"`
	Reason              ClosureReason                  `json:"reason,omitempty"`
	ReasonDetails       string                         `json:"reason_details,omitempty"`
	ValidationResponses []ClosureValidation            `json:"validation_responses,omitzero"`
}

// Balance is one of an account's balances, in minor units.
type Balance struct {
	Balance Optional[int64] `json:"balance,omitzero"`
	Type    BalanceType     `json:"type,omitempty"`
}

// BillingPeriod sets an account's billing cycles.
type BillingPeriod struct {
	Frequency BillingFrequency `json:"frequency,omitempty"`
	StartDate time.Time        `json:"start_date,omitzero"`
}

// MinimumPayment sets the minimum payment due for a billing period.
// MinAmount is in minor units.
type MinimumPayment struct {
	MinAmount Optional[int64]    `json:"min_amount,omitzero"`
	Rate      Optional[int64]    `json:"rate,omitzero"`
	Type      MinimumPaymentType `json:"type,omitempty"`
}

// AccountRestrictions flag what restricts an account.
type AccountRestrictions struct {
	IsAccountOutOfArea Optional[bool] `json:"is_account_out_of_area,omitzero"`
	IsDelinquent       Optional[bool] `json:"is_delinquent,omitzero"`
	IsPastDue          Optional[bool] `json:"is_past_due,omitzero"`
	IsRevoked          Optional[bool] `json:"is_revoked,omitzero"`
}

// AccountSecurity names the account that secures this one.
type AccountSecurity struct {
	LinkedAccountID string `json:"linked_account_id,omitempty"`
}

// StopPayment is a stop-payment order on an account.
type StopPayment struct {
	DisputeID      string    `json:"dispute_id,omitempty"`
	ExpiresOn      time.Time `json:"expires_on,omitzero"`
	OriginatorName string    `json:"originator_name,omitempty"`
	StopPaymentID  string    `json:"stop_payment_id,omitempty"`
	TransactionID  string    `json:"transaction_id,omitempty"`
}

// SyncteraAccountRequest is the body of POST /v0/accounts. Booleans and
// amounts are Optional: false and 0 are values, not absence.
type SyncteraAccountRequest struct {
	AccessStatus          AccessStatus               `json:"access_status,omitempty"`
	AccountPurpose        string                     `json:"account_purpose,omitempty"`
	AccountTemplateID     string                     `json:"account_template_id,omitempty"`
	AccountType           SyncteraAccountType        `json:"account_type,omitempty"`
	ApplicationID         string                     `json:"application_id,omitempty"`
	BalanceCeiling        *BalanceCeiling            `json:"balance_ceiling,omitempty"`
	BalanceFloor          *BalanceFloor              `json:"balance_floor,omitempty"`
	Currency              string                     `json:"currency,omitempty"`
	ExchangeRateType      string                     `json:"exchange_rate_type,omitempty"`
	FeeProductIDs         []string                   `json:"fee_product_ids,omitzero"`
	IBAN                  iban.IBAN                  `json:"iban,omitzero"`
	InterestProductID     string                     `json:"interest_product_id,omitempty"`
	IsACHEnabled          Optional[bool]             `json:"is_ach_enabled,omitzero"`
	IsAccountPool         Optional[bool]             `json:"is_account_pool,omitzero"`
	IsCardEnabled         Optional[bool]             `json:"is_card_enabled,omitzero"`
	IsEFTCAEnabled        Optional[bool]             `json:"is_eft_ca_enabled,omitzero"`
	IsExternalCardEnabled Optional[bool]             `json:"is_external_card_enabled,omitzero"`
	IsP2PEnabled          Optional[bool]             `json:"is_p2p_enabled,omitzero"`
	IsSyncteraPayEnabled  Optional[bool]             `json:"is_synctera_pay_enabled,omitzero"`
	IsWireEnabled         Optional[bool]             `json:"is_wire_enabled,omitzero"`
	ManualAccountNumber   string                     `json:"manual_account_number,omitempty"`
	Metadata              map[string]json.RawMessage `json:"metadata,omitzero"`
	Nickname              string                     `json:"nickname,omitempty"`
	Note                  string                     `json:"note,omitempty"`
	OverdraftLimit        Optional[int64]            `json:"overdraft_limit,omitzero"`
	Relationships         []Relationship             `json:"relationships,omitzero"`
	SpendControlIDs       []string                   `json:"spend_control_ids,omitzero"`
	SpendingLimits        *SpendingLimits            `json:"spending_limits,omitempty"`
	Status                SyncteraAccountStatus      `json:"status,omitempty"`
	SwiftCode             routing.BIC                `json:"swift_code,omitzero"`
}

// SyncteraAccount is an account as Synctera returns it.
type SyncteraAccount struct {
	AccessStatus                AccessStatus               `json:"access_status,omitempty"`
	AccessStatusLastUpdatedTime time.Time                  `json:"access_status_last_updated_time,omitzero"`
	AccountClosure              *AccountClosure            `json:"account_closure,omitempty"`
	AccountNumber               string                     `json:"account_number,omitempty"`
	AccountNumberMasked         string                     `json:"account_number_masked,omitempty"`
	AccountPurpose              string                     `json:"account_purpose,omitempty"`
	AccountType                 SyncteraAccountType        `json:"account_type,omitempty"`
	ApplicationID               string                     `json:"application_id,omitempty"`
	AutoPaymentPeriod           Optional[int64]            `json:"auto_payment_period,omitzero"`
	BalanceCeiling              *BalanceCeiling            `json:"balance_ceiling,omitempty"`
	BalanceFloor                *BalanceFloor              `json:"balance_floor,omitempty"`
	Balances                    []Balance                  `json:"balances,omitzero"`
	BankAccountID               string                     `json:"bank_account_id,omitempty"`
	BankRouting                 routing.ABA                `json:"bank_routing,omitzero"`
	BillingPeriod               *BillingPeriod             `json:"billing_period,omitempty"`
	BusinessIDs                 []string                   `json:"business_ids,omitzero"`
	CloseDate                   Date                       `json:"close_date,omitzero"`
	CreationTime                time.Time                  `json:"creation_time,omitzero"`
	CreditLimit                 Optional[int64]            `json:"credit_limit,omitzero"`
	Currency                    string                     `json:"currency,omitempty"`
	CustomerIDs                 []string                   `json:"customer_ids,omitzero"`
	CustomerType                CustomerType               `json:"customer_type,omitempty"`
	DaysPastDue                 Optional[int64]            `json:"days_past_due,omitzero"`
	ExchangeRateType            string                     `json:"exchange_rate_type,omitempty"`
	FeeProductIDs               []string                   `json:"fee_product_ids,omitzero"`
	FundsOwnership              FundsOwnership             `json:"funds_ownership,omitempty"`
	GeneralLedgerCategory       GeneralLedgerCategory      `json:"general_ledger_category,omitempty"`
	GeneralLedgerType           GeneralLedgerType          `json:"general_ledger_type,omitempty"`
	GracePeriod                 Optional[int64]            `json:"grace_period,omitzero"`
	IBAN                        iban.IBAN                  `json:"iban,omitzero"`
	ID                          string                     `json:"id"`
	InterestProductID           string                     `json:"interest_product_id,omitempty"`
	IsACHEnabled                Optional[bool]             `json:"is_ach_enabled,omitzero"`
	IsAccountPool               Optional[bool]             `json:"is_account_pool,omitzero"`
	IsCardEnabled               Optional[bool]             `json:"is_card_enabled,omitzero"`
	IsEFTCAEnabled              Optional[bool]             `json:"is_eft_ca_enabled,omitzero"`
	IsExternalCardEnabled       Optional[bool]             `json:"is_external_card_enabled,omitzero"`
	IsP2PEnabled                Optional[bool]             `json:"is_p2p_enabled,omitzero"`
	IsSAREnabled                Optional[bool]             `json:"is_sar_enabled,omitzero"`
	IsSecurity                  Optional[bool]             `json:"is_security,omitzero"`
	IsSyncteraPayEnabled        Optional[bool]             `json:"is_synctera_pay_enabled,omitzero"`
	IsSystemAutoPayEnabled      Optional[bool]             `json:"is_system_auto_pay_enabled,omitzero"`
	IsWireEnabled               Optional[bool]             `json:"is_wire_enabled,omitzero"`
	LastUpdatedTime             time.Time                  `json:"last_updated_time,omitzero"`
	Metadata                    map[string]json.RawMessage `json:"metadata,omitzero"`
	MinimumPayment              *MinimumPayment            `json:"minimum_payment,omitempty"`
	Nickname                    string                     `json:"nickname,omitempty"`
	OpenDate                    Date                       `json:"open_date,omitzero"`
	OverdraftLimit              Optional[int64]            `json:"overdraft_limit,omitzero"`
	Restrictions                *AccountRestrictions       `json:"restrictions,omitempty"`
	Security                    *AccountSecurity           `json:"security,omitempty"`
	SpendControlIDs             []string                   `json:"spend_control_ids,omitzero"`
	SpendingLimits              *SpendingLimits            `json:"spending_limits,omitempty"`
	Status                      SyncteraAccountStatus      `json:"status,omitempty"`
	StopPayments                []StopPayment              `json:"stop_payments,omitzero"`
	SwiftCode                   routing.BIC                `json:"swift_code,omitzero"`
	Tenant                      string                     `json:"tenant,omitempty"`
}

// Validate checks the rules of an account creation request and returns a
// *ValidationError listing every problem, or nil.
func (r SyncteraAccountRequest) Validate() error {
	var c checker
	root := &loc{}
	checkEnum(&c, root.child("access_status"), r.AccessStatus, accessStatuses, false)
	c.uuid(root.child("account_template_id"), r.AccountTemplateID, false)
	checkEnum(&c, root.child("account_type"), r.AccountType, syncteraAccountTypes, false)
	if r.AccountType == "" && r.AccountTemplateID == "" {
		c.add(root, CodeRequired, "one of account_type and account_template_id is required, got neither")
	}
	c.uuid(root.child("application_id"), r.ApplicationID, false)
	c.balanceBounds(root, r.BalanceFloor, r.BalanceCeiling)
	c.accountCurrency(root.child("currency"), r.Currency)
	c.uuids(root.child("fee_product_ids"), r.FeeProductIDs)
	c.uuid(root.child("interest_product_id"), r.InterestProductID, false)
	c.nonNegative(root.child("overdraft_limit"), r.OverdraftLimit)
	rat := root.child("relationships")
	for i := range r.Relationships {
		c.relationship(rat.index(i), &r.Relationships[i])
	}
	c.uuids(root.child("spend_control_ids"), r.SpendControlIDs)
	if r.SpendingLimits != nil {
		c.spendingLimits(root.child("spending_limits"), r.SpendingLimits)
	}
	checkEnum(&c, root.child("status"), r.Status, syncteraAccountStatuses, false)
	return c.err()
}

// Validate checks the rules of a returned account and returns a
// *ValidationError listing every problem, or nil.
func (a SyncteraAccount) Validate() error {
	var c checker
	root := &loc{}
	checkEnum(&c, root.child("access_status"), a.AccessStatus, accessStatuses, false)
	if a.AccountClosure != nil {
		c.accountClosure(root.child("account_closure"), a.AccountClosure)
	}
	checkEnum(&c, root.child("account_type"), a.AccountType, syncteraAccountTypes, false)
	c.uuid(root.child("application_id"), a.ApplicationID, false)
	c.nonNegative(root.child("auto_payment_period"), a.AutoPaymentPeriod)
	c.balanceBounds(root, a.BalanceFloor, a.BalanceCeiling)
	bat := root.child("balances")
	for i := range a.Balances {
		b := &a.Balances[i]
		if !hasValue(b.Balance) {
			c.add(bat.index(i).child("balance"), CodeRequired, "is required")
		}
		checkEnum(&c, bat.index(i).child("type"), b.Type, balanceTypes, true)
	}
	if bp := a.BillingPeriod; bp != nil {
		at := root.child("billing_period")
		checkEnum(&c, at.child("frequency"), bp.Frequency, billingFrequencies, true)
		c.requiredTime(at.child("start_date"), bp.StartDate)
	}
	c.uuids(root.child("business_ids"), a.BusinessIDs)
	c.nonNegative(root.child("credit_limit"), a.CreditLimit)
	c.accountCurrency(root.child("currency"), a.Currency)
	c.uuids(root.child("customer_ids"), a.CustomerIDs)
	checkEnum(&c, root.child("customer_type"), a.CustomerType, customerTypes, false)
	c.nonNegative(root.child("days_past_due"), a.DaysPastDue)
	c.uuids(root.child("fee_product_ids"), a.FeeProductIDs)
	checkEnum(&c, root.child("funds_ownership"), a.FundsOwnership, fundsOwnerships, false)
	checkEnum(&c, root.child("general_ledger_category"), a.GeneralLedgerCategory, generalLedgerCategories, false)
	checkEnum(&c, root.child("general_ledger_type"), a.GeneralLedgerType, generalLedgerTypes, false)
	c.nonNegative(root.child("grace_period"), a.GracePeriod)
	if ap, ok := a.AutoPaymentPeriod.Get(); ok {
		if gp, ok := a.GracePeriod.Get(); ok && ap > gp {
			c.add(root.child("auto_payment_period"), CodeRange,
				"must be at most grace_period ("+strconv.FormatInt(gp, 10)+")")
		}
	}
	c.uuid(root.child("id"), a.ID, true)
	c.uuid(root.child("interest_product_id"), a.InterestProductID, false)
	if mp := a.MinimumPayment; mp != nil {
		at := root.child("minimum_payment")
		c.nonNegative(at.child("min_amount"), mp.MinAmount)
		c.nonNegative(at.child("rate"), mp.Rate)
		checkEnum(&c, at.child("type"), mp.Type, minimumPaymentTypes, true)
	}
	c.nonNegative(root.child("overdraft_limit"), a.OverdraftLimit)
	if a.Security != nil {
		c.uuid(root.child("security").child("linked_account_id"), a.Security.LinkedAccountID, false)
	}
	c.uuids(root.child("spend_control_ids"), a.SpendControlIDs)
	if a.SpendingLimits != nil {
		c.spendingLimits(root.child("spending_limits"), a.SpendingLimits)
	}
	checkEnum(&c, root.child("status"), a.Status, syncteraAccountStatuses, false)
	sat := root.child("stop_payments")
	for i := range a.StopPayments {
		sp := &a.StopPayments[i]
		at := sat.index(i)
		c.uuid(at.child("dispute_id"), sp.DisputeID, false)
		c.uuid(at.child("stop_payment_id"), sp.StopPaymentID, false)
		c.uuid(at.child("transaction_id"), sp.TransactionID, false)
	}
	return c.err()
}

func hasValue[T any](o Optional[T]) bool {
	_, ok := o.Get()
	return ok
}

func (c *checker) uuids(at *loc, ids []string) {
	for i, id := range ids {
		c.uuid(at.index(i), id, true)
	}
}

// accountCurrency checks an account's currency: ISO 4217 with a minor unit,
// since the account's amounts count it. Empty means USD.
func (c *checker) accountCurrency(at *loc, code string) {
	if code == "" {
		return
	}
	cur, ok := iso4217.Lookup(code)
	switch {
	case !ok:
		c.add(at, CodeNotSupported, "must be a current ISO 4217 currency code")
	case cur.MinorUnits < 0:
		c.add(at, CodeNotSupported, "has no minor unit, so account amounts cannot be counted in it")
	}
}

func (c *checker) nonNegative(at *loc, o Optional[int64]) {
	if v, ok := o.Get(); ok && v < 0 {
		c.add(at, CodeRange, "must not be negative")
	}
}

func (c *checker) balanceBounds(root *loc, floor *BalanceFloor, ceiling *BalanceCeiling) {
	if floor != nil {
		at := root.child("balance_floor")
		if !hasValue(floor.Balance) {
			c.add(at.child("balance"), CodeRequired, "is required")
		}
		c.uuid(at.child("linked_account_id"), floor.LinkedAccountID, false)
		c.uuid(at.child("overdraft_account_id"), floor.OverdraftAccountID, false)
	}
	if ceiling != nil {
		at := root.child("balance_ceiling")
		if !hasValue(ceiling.Balance) {
			c.add(at.child("balance"), CodeRequired, "is required")
		}
		c.uuid(at.child("linked_account_id"), ceiling.LinkedAccountID, false)
		c.uuid(at.child("overflow_account_id"), ceiling.OverflowAccountID, false)
	}
	if floor == nil || ceiling == nil {
		return
	}
	f, okf := floor.Balance.Get()
	ce, okc := ceiling.Balance.Get()
	if okf && okc && f > ce {
		c.add(root.child("balance_floor").child("balance"), CodeRange,
			"must be at most balance_ceiling.balance ("+strconv.FormatInt(ce, 10)+")")
	}
}

func (c *checker) relationship(at *loc, r *Relationship) {
	n := 0
	for _, id := range [...]string{r.BusinessID, r.CustomerID, r.PersonID} {
		if id != "" {
			n++
		}
	}
	switch {
	case n == 0:
		c.add(at, CodeRequired, "must name one party (business_id, customer_id or person_id), got none")
	case n > 1:
		c.add(at, CodeConflict, "must name exactly one party (business_id, customer_id or person_id), got "+strconv.Itoa(n))
	}
	c.uuid(at.child("business_id"), r.BusinessID, false)
	c.uuid(at.child("customer_id"), r.CustomerID, false)
	c.uuid(at.child("person_id"), r.PersonID, false)
	checkEnum(c, at.child("relationship_type"), r.RelationshipType, relationshipTypes, true)
}

// spendingLimits checks that each limit is non-negative and at least every
// shorter period's limit that is set.
func (c *checker) spendingLimits(at *loc, s *SpendingLimits) {
	var amounts, counts [5]Optional[int64] // transaction, day, week, month, lifetime
	if s.Transaction != nil {
		amounts[0] = s.Transaction.Amount
	}
	for i, l := range [...]*SpendingLimit{s.Day, s.Week, s.Month, s.Lifetime} {
		if l != nil {
			amounts[i+1], counts[i+1] = l.Amount, l.Transactions
		}
	}
	c.ordered(at, "amount", amounts[:])
	c.ordered(at, "transactions", counts[1:])
}

var limitPeriods = [...]string{"transaction", "day", "week", "month", "lifetime"}

// ordered checks one member (amount or transactions) across the periods,
// the last len(vals) of limitPeriods, against the largest shorter one.
func (c *checker) ordered(at *loc, member string, vals []Optional[int64]) {
	names := limitPeriods[len(limitPeriods)-len(vals):]
	maxAt := -1
	for i, o := range vals {
		v, ok := o.Get()
		switch {
		case !ok:
		case v < 0:
			c.add(at.child(names[i]).child(member), CodeRange, "must not be negative")
		case maxAt < 0:
			maxAt = i
		default:
			if m, _ := vals[maxAt].Get(); v < m {
				c.add(at.child(names[i]).child(member), CodeRange,
					"must be at least "+names[maxAt]+"."+member+" ("+strconv.FormatInt(m, 10)+")")
			} else {
				maxAt = i
			}
		}
	}
}

func (c *checker) accountClosure(at *loc, a *AccountClosure) {
	if id, ok := a.DestinationID.Get(); ok {
		c.uuid(at.child("destination_id"), id, false)
	}
	if m, ok := a.PaymentMethod.Get(); ok {
		checkEnum(c, at.child("payment_method"), m, closurePaymentMethods, false)
	}
	checkEnum(c, at.child("reason"), a.Reason, closureReasons, true)
}

// accountCurrencyOrDefault is the currency an account's amounts count.
func accountCurrencyOrDefault(code string) string {
	if code == "" {
		return SyncteraDefaultCurrency
	}
	return code
}

// AmountDecimal converts an amount of this account (minor units of its
// currency, USD when none is named) into a decimal: 12345 is 123.45 USD.
func (r SyncteraAccountRequest) AmountDecimal(minor int64) (decimal.Decimal, error) {
	return AmountFromMinor(minor, accountCurrencyOrDefault(r.Currency))
}

// AmountMinor converts a decimal amount into this account's minor units,
// refusing (ErrSubMinorUnit) one finer than the currency allows.
func (r SyncteraAccountRequest) AmountMinor(d decimal.Decimal) (int64, error) {
	return AmountToMinor(d, accountCurrencyOrDefault(r.Currency))
}

// AmountDecimal converts an amount of this account (minor units of its
// currency, USD when none is named) into a decimal.
func (a SyncteraAccount) AmountDecimal(minor int64) (decimal.Decimal, error) {
	return AmountFromMinor(minor, accountCurrencyOrDefault(a.Currency))
}

// AmountMinor converts a decimal amount into this account's minor units,
// refusing (ErrSubMinorUnit) one finer than the currency allows.
func (a SyncteraAccount) AmountMinor(d decimal.Decimal) (int64, error) {
	return AmountToMinor(d, accountCurrencyOrDefault(a.Currency))
}

// LogValue logs a request with the manual account number and IBAN masked.
func (r SyncteraAccountRequest) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("account_type", string(r.AccountType)),
		slog.String("account_template_id", r.AccountTemplateID),
		slog.String("currency", r.Currency),
		slog.String("manual_account_number", maskNumber(r.ManualAccountNumber)),
		slog.Any("iban", r.IBAN),
		slog.String("swift_code", r.SwiftCode.String()),
		slog.String("status", string(r.Status)),
		slog.Int("relationships", len(r.Relationships)))
}

// LogValue logs an account with its account number and IBAN masked.
func (a SyncteraAccount) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("id", a.ID),
		slog.String("account_type", string(a.AccountType)),
		slog.String("currency", a.Currency),
		slog.String("account_number", maskNumber(a.AccountNumber)),
		slog.Any("iban", a.IBAN),
		slog.String("swift_code", a.SwiftCode.String()),
		slog.String("status", string(a.Status)))
}

// Date is a calendar date without time or zone, written 2006-01-02 on the
// wire (close_date, open_date). The zero Date is absent and encodes as "".
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// ErrDate is the reason a text is not a Date.
var ErrDate = errors.New("not a calendar date in the form YYYY-MM-DD")

// ParseDate parses a date written YYYY-MM-DD and checks that the day
// exists.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil || len(s) != len(time.DateOnly) {
		return Date{}, fmt.Errorf("account.ParseDate(%q): %w", truncate(s, 24), ErrDate)
	}
	return Date{t.Year(), t.Month(), t.Day()}, nil
}

// IsZero reports whether d is the zero (absent) Date.
func (d Date) IsZero() bool { return d == Date{} }

// String returns d as YYYY-MM-DD, or "" for the zero Date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
}

// MarshalText implements encoding.TextMarshaler.
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler with ParseDate; empty
// text gives the zero Date.
func (d *Date) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*d = Date{}
		return nil
	}
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}
