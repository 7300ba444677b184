package synctera

import (
	"encoding/json"
	"log/slog"
	"strconv"
	"time"

	"github.com/shopspring/decimal"

	"github.com/acctkit/acctkit/account"
	"github.com/acctkit/acctkit/account/internal/rule"
	"github.com/acctkit/acctkit/iban"
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

// AccountType is the product type of a Synctera account.
type AccountType string

const (
	AccountChargeSecured   AccountType = "CHARGE_SECURED"
	AccountChargeUnsecured AccountType = "CHARGE_UNSECURED"
	AccountChecking        AccountType = "CHECKING"
	AccountLineOfCredit    AccountType = "LINE_OF_CREDIT"
	AccountSaving          AccountType = "SAVING"
)

var accountTypes = []AccountType{AccountChargeSecured, AccountChargeUnsecured,
	AccountChecking, AccountLineOfCredit, AccountSaving}

// AccountStatus is the life-cycle state of a Synctera account.
type AccountStatus string

const (
	AccountNeverActive           AccountStatus = "ACCOUNT_NEVER_ACTIVE"
	AccountNotDesired            AccountStatus = "ACCOUNT_NOT_DESIRED"
	AccountActivatedNotDisbursed AccountStatus = "ACTIVATED_NOT_DISBURSED"
	AccountActiveOrDisbursed     AccountStatus = "ACTIVE_OR_DISBURSED"
	AccountApplicationSubmitted  AccountStatus = "APPLICATION_SUBMITTED"
	AccountAwaitingFixing        AccountStatus = "AWAITING_FIXING"
	AccountChargedOff            AccountStatus = "CHARGED_OFF"
	AccountClosed                AccountStatus = "CLOSED"
	AccountDelinquent            AccountStatus = "DELINQUENT"
	AccountFailedKYC             AccountStatus = "FAILED_KYC"
	AccountInClosing             AccountStatus = "IN_CLOSING"
	AccountRestricted            AccountStatus = "RESTRICTED"
	AccountSuspended             AccountStatus = "SUSPENDED"
)

var accountStatuses = []AccountStatus{AccountNeverActive, AccountNotDesired,
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

// DefaultCurrency is the currency of an account that names none.
const DefaultCurrency = "USD"

// Money amounts in Synctera accounts are integers counting the currency's
// minor unit (cents for USD); AmountDecimal and AmountMinor convert them.

// SpendingLimit caps the money (Amount, minor units) and the number of
// transactions (Transactions) in one period.
type SpendingLimit struct {
	Amount       account.Optional[int64] `json:"amount,omitzero"`
	Transactions account.Optional[int64] `json:"transactions,omitzero"`
}

// TransactionLimit caps the money of a single transaction.
type TransactionLimit struct {
	Amount account.Optional[int64] `json:"amount,omitzero"`
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
	Balance           account.Optional[int64] `json:"balance,omitzero"`
	LinkedAccountID   string                  `json:"linked_account_id,omitempty" wire:"nonempty"`
	OverflowAccountID string                  `json:"overflow_account_id,omitempty" wire:"nonempty"`
}

// BalanceFloor tops the account up from another when it falls below
// Balance (minor units).
type BalanceFloor struct {
	Balance            account.Optional[int64] `json:"balance,omitzero"`
	LinkedAccountID    string                  `json:"linked_account_id,omitempty" wire:"nonempty"`
	OverdraftAccountID string                  `json:"overdraft_account_id,omitempty" wire:"nonempty"`
}

// Relationship ties one party (a business, a customer or a person, exactly
// one) to an account.
type Relationship struct {
	BusinessID       string           `json:"business_id,omitempty" wire:"nonempty"`
	CustomerID       string           `json:"customer_id,omitempty" wire:"nonempty"`
	PersonID         string           `json:"person_id,omitempty" wire:"nonempty"`
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
	Validated account.Optional[bool]     `json:"validated,omitzero"`
}

// AccountClosure describes the closing of an account (status IN_CLOSING).
// DestinationID and PaymentMethod may be null.
type AccountClosure struct {
	Cases               []ClosureCase                          `json:"cases,omitzero"`
	DestinationID       account.Optional[string]               `json:"destination_id,omitzero" wire:"nullable"`
	PaymentMethod       account.Optional[ClosurePaymentMethod] `json:"payment_method,omitzero" wire:"nullable"`
	Reason              ClosureReason                          `json:"reason,omitempty"`
	ReasonDetails       string                                 `json:"reason_details,omitempty"`
	ValidationResponses []ClosureValidation                    `json:"validation_responses,omitzero"`
}

// Balance is one of an account's balances, in minor units.
type Balance struct {
	Balance account.Optional[int64] `json:"balance,omitzero"`
	Type    BalanceType             `json:"type,omitempty"`
}

// BillingPeriod sets an account's billing cycles.
type BillingPeriod struct {
	Frequency BillingFrequency `json:"frequency,omitempty"`
	StartDate time.Time        `json:"start_date,omitzero"`
}

// MinimumPayment sets the minimum payment due for a billing period.
// MinAmount is in minor units.
type MinimumPayment struct {
	MinAmount account.Optional[int64] `json:"min_amount,omitzero"`
	Rate      account.Optional[int64] `json:"rate,omitzero"`
	Type      MinimumPaymentType      `json:"type,omitempty"`
}

// AccountRestrictions flag what restricts an account.
type AccountRestrictions struct {
	IsAccountOutOfArea account.Optional[bool] `json:"is_account_out_of_area,omitzero"`
	IsDelinquent       account.Optional[bool] `json:"is_delinquent,omitzero"`
	IsPastDue          account.Optional[bool] `json:"is_past_due,omitzero"`
	IsRevoked          account.Optional[bool] `json:"is_revoked,omitzero"`
}

// AccountSecurity names the account that secures this one.
type AccountSecurity struct {
	LinkedAccountID string `json:"linked_account_id,omitempty" wire:"nonempty"`
}

// StopPayment is a stop-payment order on an account.
type StopPayment struct {
	DisputeID      string    `json:"dispute_id,omitempty" wire:"nonempty"`
	ExpiresOn      time.Time `json:"expires_on,omitzero"`
	OriginatorName string    `json:"originator_name,omitempty"`
	StopPaymentID  string    `json:"stop_payment_id,omitempty" wire:"nonempty"`
	TransactionID  string    `json:"transaction_id,omitempty" wire:"nonempty"`
}

// AccountRequest is the body of POST /v0/accounts. Booleans and
// amounts are Optional: false and 0 are values, not absence.
type AccountRequest struct {
	AccessStatus          AccessStatus               `json:"access_status,omitempty"`
	AccountPurpose        string                     `json:"account_purpose,omitempty"`
	AccountTemplateID     string                     `json:"account_template_id,omitempty" wire:"nonempty"`
	AccountType           AccountType                `json:"account_type,omitempty"`
	ApplicationID         string                     `json:"application_id,omitempty" wire:"nonempty"`
	BalanceCeiling        *BalanceCeiling            `json:"balance_ceiling,omitempty"`
	BalanceFloor          *BalanceFloor              `json:"balance_floor,omitempty"`
	Currency              string                     `json:"currency,omitempty" wire:"nonempty"`
	ExchangeRateType      string                     `json:"exchange_rate_type,omitempty"`
	FeeProductIDs         []string                   `json:"fee_product_ids,omitzero"`
	IBAN                  iban.IBAN                  `json:"iban,omitzero"`
	InterestProductID     string                     `json:"interest_product_id,omitempty" wire:"nonempty"`
	IsACHEnabled          account.Optional[bool]     `json:"is_ach_enabled,omitzero"`
	IsAccountPool         account.Optional[bool]     `json:"is_account_pool,omitzero"`
	IsCardEnabled         account.Optional[bool]     `json:"is_card_enabled,omitzero"`
	IsEFTCAEnabled        account.Optional[bool]     `json:"is_eft_ca_enabled,omitzero"`
	IsExternalCardEnabled account.Optional[bool]     `json:"is_external_card_enabled,omitzero"`
	IsP2PEnabled          account.Optional[bool]     `json:"is_p2p_enabled,omitzero"`
	IsSyncteraPayEnabled  account.Optional[bool]     `json:"is_synctera_pay_enabled,omitzero"`
	IsWireEnabled         account.Optional[bool]     `json:"is_wire_enabled,omitzero"`
	ManualAccountNumber   string                     `json:"manual_account_number,omitempty"`
	Metadata              map[string]json.RawMessage `json:"metadata,omitzero"`
	Nickname              string                     `json:"nickname,omitempty"`
	Note                  string                     `json:"note,omitempty"`
	OverdraftLimit        account.Optional[int64]    `json:"overdraft_limit,omitzero"`
	Relationships         []Relationship             `json:"relationships,omitzero"`
	SpendControlIDs       []string                   `json:"spend_control_ids,omitzero"`
	SpendingLimits        *SpendingLimits            `json:"spending_limits,omitempty"`
	Status                AccountStatus              `json:"status,omitempty"`
	SwiftCode             routing.BIC                `json:"swift_code,omitzero"`
}

// Account is an account as Synctera returns it.
type Account struct {
	AccessStatus                AccessStatus               `json:"access_status,omitempty"`
	AccessStatusLastUpdatedTime time.Time                  `json:"access_status_last_updated_time,omitzero"`
	AccountClosure              *AccountClosure            `json:"account_closure,omitempty"`
	AccountNumber               string                     `json:"account_number,omitempty"`
	AccountNumberMasked         string                     `json:"account_number_masked,omitempty"`
	AccountPurpose              string                     `json:"account_purpose,omitempty"`
	AccountType                 AccountType                `json:"account_type,omitempty"`
	ApplicationID               string                     `json:"application_id,omitempty" wire:"nonempty"`
	AutoPaymentPeriod           account.Optional[int64]    `json:"auto_payment_period,omitzero"`
	BalanceCeiling              *BalanceCeiling            `json:"balance_ceiling,omitempty"`
	BalanceFloor                *BalanceFloor              `json:"balance_floor,omitempty"`
	Balances                    []Balance                  `json:"balances,omitzero"`
	BankAccountID               string                     `json:"bank_account_id,omitempty"`
	BankRouting                 routing.ABA                `json:"bank_routing,omitzero"`
	BillingPeriod               *BillingPeriod             `json:"billing_period,omitempty"`
	BusinessIDs                 []string                   `json:"business_ids,omitzero"`
	CloseDate                   account.Date               `json:"close_date,omitzero"`
	CreationTime                time.Time                  `json:"creation_time,omitzero"`
	CreditLimit                 account.Optional[int64]    `json:"credit_limit,omitzero"`
	Currency                    string                     `json:"currency,omitempty" wire:"nonempty"`
	CustomerIDs                 []string                   `json:"customer_ids,omitzero"`
	CustomerType                CustomerType               `json:"customer_type,omitempty"`
	DaysPastDue                 account.Optional[int64]    `json:"days_past_due,omitzero"`
	ExchangeRateType            string                     `json:"exchange_rate_type,omitempty"`
	FeeProductIDs               []string                   `json:"fee_product_ids,omitzero"`
	FundsOwnership              FundsOwnership             `json:"funds_ownership,omitempty"`
	GeneralLedgerCategory       GeneralLedgerCategory      `json:"general_ledger_category,omitempty"`
	GeneralLedgerType           GeneralLedgerType          `json:"general_ledger_type,omitempty"`
	GracePeriod                 account.Optional[int64]    `json:"grace_period,omitzero"`
	IBAN                        iban.IBAN                  `json:"iban,omitzero"`
	ID                          string                     `json:"id,omitempty" wire:"nonempty"`
	InterestProductID           string                     `json:"interest_product_id,omitempty" wire:"nonempty"`
	IsACHEnabled                account.Optional[bool]     `json:"is_ach_enabled,omitzero"`
	IsAccountPool               account.Optional[bool]     `json:"is_account_pool,omitzero"`
	IsCardEnabled               account.Optional[bool]     `json:"is_card_enabled,omitzero"`
	IsEFTCAEnabled              account.Optional[bool]     `json:"is_eft_ca_enabled,omitzero"`
	IsExternalCardEnabled       account.Optional[bool]     `json:"is_external_card_enabled,omitzero"`
	IsP2PEnabled                account.Optional[bool]     `json:"is_p2p_enabled,omitzero"`
	IsSAREnabled                account.Optional[bool]     `json:"is_sar_enabled,omitzero"`
	IsSecurity                  account.Optional[bool]     `json:"is_security,omitzero"`
	IsSyncteraPayEnabled        account.Optional[bool]     `json:"is_synctera_pay_enabled,omitzero"`
	IsSystemAutoPayEnabled      account.Optional[bool]     `json:"is_system_auto_pay_enabled,omitzero"`
	IsWireEnabled               account.Optional[bool]     `json:"is_wire_enabled,omitzero"`
	LastUpdatedTime             time.Time                  `json:"last_updated_time,omitzero"`
	Metadata                    map[string]json.RawMessage `json:"metadata,omitzero"`
	MinimumPayment              *MinimumPayment            `json:"minimum_payment,omitempty"`
	Nickname                    string                     `json:"nickname,omitempty"`
	OpenDate                    account.Date               `json:"open_date,omitzero"`
	OverdraftLimit              account.Optional[int64]    `json:"overdraft_limit,omitzero"`
	Restrictions                *AccountRestrictions       `json:"restrictions,omitempty"`
	Security                    *AccountSecurity           `json:"security,omitempty"`
	SpendControlIDs             []string                   `json:"spend_control_ids,omitzero"`
	SpendingLimits              *SpendingLimits            `json:"spending_limits,omitempty"`
	Status                      AccountStatus              `json:"status,omitempty"`
	StopPayments                []StopPayment              `json:"stop_payments,omitzero"`
	SwiftCode                   routing.BIC                `json:"swift_code,omitzero"`
	Tenant                      string                     `json:"tenant,omitempty"`
}

// Validate checks the rules of an account creation request and returns a
// *ValidationError listing every problem, or nil.
func (r AccountRequest) Validate() error {
	c := new(account.Collector)
	var root account.Path
	checkEnum(c, root.Child("access_status"), r.AccessStatus, accessStatuses, false)
	checkUUID(c, root.Child("account_template_id"), r.AccountTemplateID, false)
	checkEnum(c, root.Child("account_type"), r.AccountType, accountTypes, false)
	if r.AccountType == "" && r.AccountTemplateID == "" {
		c.Add(root, account.CodeRequired, "one of account_type and account_template_id is required, got neither", nil)
	}
	checkUUID(c, root.Child("application_id"), r.ApplicationID, false)
	balanceBounds(c, root, r.BalanceFloor, r.BalanceCeiling)
	accountCurrency(c, root.Child("currency"), r.Currency)
	checkUUIDs(c, root.Child("fee_product_ids"), r.FeeProductIDs)
	checkUUID(c, root.Child("interest_product_id"), r.InterestProductID, false)
	flags(c, root, requestFlags, r.IsACHEnabled, r.IsAccountPool, r.IsCardEnabled, r.IsEFTCAEnabled,
		r.IsExternalCardEnabled, r.IsP2PEnabled, r.IsSyncteraPayEnabled, r.IsWireEnabled)
	nonNegative(c, root.Child("overdraft_limit"), r.OverdraftLimit)
	rat := root.Child("relationships")
	for i := range r.Relationships {
		relationship(c, rat.Index(i), &r.Relationships[i])
	}
	checkUUIDs(c, root.Child("spend_control_ids"), r.SpendControlIDs)
	if r.SpendingLimits != nil {
		spendingLimits(c, root.Child("spending_limits"), r.SpendingLimits)
	}
	checkEnum(c, root.Child("status"), r.Status, accountStatuses, false)
	return c.Err()
}

// Validate checks the rules of a returned account and returns a
// *ValidationError listing every problem, or nil.
func (a Account) Validate() error {
	c := new(account.Collector)
	var root account.Path
	checkEnum(c, root.Child("access_status"), a.AccessStatus, accessStatuses, false)
	if a.AccountClosure != nil {
		accountClosure(c, root.Child("account_closure"), a.AccountClosure)
	}
	checkEnum(c, root.Child("account_type"), a.AccountType, accountTypes, false)
	checkUUID(c, root.Child("application_id"), a.ApplicationID, false)
	nonNegative(c, root.Child("auto_payment_period"), a.AutoPaymentPeriod)
	balanceBounds(c, root, a.BalanceFloor, a.BalanceCeiling)
	bat := root.Child("balances")
	for i := range a.Balances {
		b, bi := &a.Balances[i], bat.Index(i)
		requiredAmount(c, bi.Child("balance"), b.Balance)
		checkEnum(c, bi.Child("type"), b.Type, balanceTypes, true)
	}
	if bp := a.BillingPeriod; bp != nil {
		at := root.Child("billing_period")
		checkEnum(c, at.Child("frequency"), bp.Frequency, billingFrequencies, true)
		requiredTime(c, at.Child("start_date"), bp.StartDate)
	}
	checkUUIDs(c, root.Child("business_ids"), a.BusinessIDs)
	nonNegative(c, root.Child("credit_limit"), a.CreditLimit)
	accountCurrency(c, root.Child("currency"), a.Currency)
	checkUUIDs(c, root.Child("customer_ids"), a.CustomerIDs)
	checkEnum(c, root.Child("customer_type"), a.CustomerType, customerTypes, false)
	nonNegative(c, root.Child("days_past_due"), a.DaysPastDue)
	checkUUIDs(c, root.Child("fee_product_ids"), a.FeeProductIDs)
	checkEnum(c, root.Child("funds_ownership"), a.FundsOwnership, fundsOwnerships, false)
	checkEnum(c, root.Child("general_ledger_category"), a.GeneralLedgerCategory, generalLedgerCategories, false)
	checkEnum(c, root.Child("general_ledger_type"), a.GeneralLedgerType, generalLedgerTypes, false)
	nonNegative(c, root.Child("grace_period"), a.GracePeriod)
	if ap, ok := a.AutoPaymentPeriod.Get(); ok {
		if gp, ok := a.GracePeriod.Get(); ok && ap > gp {
			c.Add(root.Child("auto_payment_period"), account.CodeRange,
				"must be at most grace_period ("+strconv.FormatInt(gp, 10)+")", nil)
		}
	}
	checkUUID(c, root.Child("id"), a.ID, true)
	checkUUID(c, root.Child("interest_product_id"), a.InterestProductID, false)
	flags(c, root, responseFlags, a.IsACHEnabled, a.IsAccountPool, a.IsCardEnabled, a.IsEFTCAEnabled,
		a.IsExternalCardEnabled, a.IsP2PEnabled, a.IsSAREnabled, a.IsSecurity, a.IsSyncteraPayEnabled,
		a.IsSystemAutoPayEnabled, a.IsWireEnabled)
	if r := a.Restrictions; r != nil {
		flags(c, root.Child("restrictions"), restrictionFlags, r.IsAccountOutOfArea, r.IsDelinquent, r.IsPastDue, r.IsRevoked)
	}
	if mp := a.MinimumPayment; mp != nil {
		at := root.Child("minimum_payment")
		nonNegative(c, at.Child("min_amount"), mp.MinAmount)
		nonNegative(c, at.Child("rate"), mp.Rate)
		checkEnum(c, at.Child("type"), mp.Type, minimumPaymentTypes, true)
	}
	nonNegative(c, root.Child("overdraft_limit"), a.OverdraftLimit)
	if a.Security != nil {
		sec := root.Child("security")
		checkUUID(c, sec.Child("linked_account_id"), a.Security.LinkedAccountID, false)
	}
	checkUUIDs(c, root.Child("spend_control_ids"), a.SpendControlIDs)
	if a.SpendingLimits != nil {
		spendingLimits(c, root.Child("spending_limits"), a.SpendingLimits)
	}
	checkEnum(c, root.Child("status"), a.Status, accountStatuses, false)
	sat := root.Child("stop_payments")
	for i := range a.StopPayments {
		sp := &a.StopPayments[i]
		at := sat.Index(i)
		checkUUID(c, at.Child("dispute_id"), sp.DisputeID, false)
		checkUUID(c, at.Child("stop_payment_id"), sp.StopPaymentID, false)
		checkUUID(c, at.Child("transaction_id"), sp.TransactionID, false)
	}
	return c.Err()
}

func checkUUIDs(c *account.Collector, at account.Path, ids []string) {
	for i, id := range ids {
		checkUUID(c, at.Index(i), id, true)
	}
}

// accountCurrency checks an account's currency: ISO 4217 with a minor unit,
// since the account's amounts count it. Empty means USD.
func accountCurrency(c *account.Collector, at account.Path, code string) {
	if code != "" {
		rule.MoneyCurrency(c, at, code)
	}
}

// nonNegative checks an optional amount or count; null is not one (the
// documents let none of them be null).
func nonNegative(c *account.Collector, at account.Path, o account.Optional[int64]) {
	if v, ok := o.Get(); ok {
		rule.NonNegative(c, at, v)
	} else if o.IsNull() {
		rule.Null(c, at, "an integer")
	}
}

// requiredAmount checks an amount that must be present.
func requiredAmount(c *account.Collector, at account.Path, o account.Optional[int64]) {
	if !o.IsSet() {
		rule.Required(c, at)
	}
	nonNegativeOrNull(c, at, o)
}

// nonNegativeOrNull refuses null only: a balance may be negative.
func nonNegativeOrNull(c *account.Collector, at account.Path, o account.Optional[int64]) {
	if o.IsNull() {
		rule.Null(c, at, "an integer")
	}
}

// flags refuses null in optional booleans, which the documents type as
// boolean only; names and values go in pairs of the same order.
func flags(c *account.Collector, at account.Path, names []string, vals ...account.Optional[bool]) {
	for i, v := range vals {
		if v.IsNull() {
			rule.Null(c, at.Child(names[i]), "a boolean")
		}
	}
}

var (
	requestFlags = []string{"is_ach_enabled", "is_account_pool", "is_card_enabled", "is_eft_ca_enabled",
		"is_external_card_enabled", "is_p2p_enabled", "is_synctera_pay_enabled", "is_wire_enabled"}
	responseFlags = []string{"is_ach_enabled", "is_account_pool", "is_card_enabled", "is_eft_ca_enabled",
		"is_external_card_enabled", "is_p2p_enabled", "is_sar_enabled", "is_security", "is_synctera_pay_enabled",
		"is_system_auto_pay_enabled", "is_wire_enabled"}
	validatedFlag    = []string{"validated"}
	restrictionFlags = []string{"is_account_out_of_area", "is_delinquent", "is_past_due", "is_revoked"}
)

func balanceBounds(c *account.Collector, root account.Path, floor *BalanceFloor, ceiling *BalanceCeiling) {
	if floor != nil {
		at := root.Child("balance_floor")
		requiredAmount(c, at.Child("balance"), floor.Balance)
		checkUUID(c, at.Child("linked_account_id"), floor.LinkedAccountID, false)
		checkUUID(c, at.Child("overdraft_account_id"), floor.OverdraftAccountID, false)
	}
	if ceiling != nil {
		at := root.Child("balance_ceiling")
		requiredAmount(c, at.Child("balance"), ceiling.Balance)
		checkUUID(c, at.Child("linked_account_id"), ceiling.LinkedAccountID, false)
		checkUUID(c, at.Child("overflow_account_id"), ceiling.OverflowAccountID, false)
	}
	if floor == nil || ceiling == nil {
		return
	}
	f, okf := floor.Balance.Get()
	ce, okc := ceiling.Balance.Get()
	if okf && okc && f > ce {
		bf := root.Child("balance_floor")
		c.Add(bf.Child("balance"), account.CodeRange,
			"must be at most balance_ceiling.balance ("+strconv.FormatInt(ce, 10)+")", nil)
	}
}

func relationship(c *account.Collector, at account.Path, r *Relationship) {
	n := 0
	for _, id := range [...]string{r.BusinessID, r.CustomerID, r.PersonID} {
		if id != "" {
			n++
		}
	}
	switch {
	case n == 0:
		c.Add(at, account.CodeRequired, "must name one party (business_id, customer_id or person_id), got none", nil)
	case n > 1:
		c.Add(at, account.CodeConflict, "must name exactly one party (business_id, customer_id or person_id), got "+strconv.Itoa(n), nil)
	}
	checkUUID(c, at.Child("business_id"), r.BusinessID, false)
	checkUUID(c, at.Child("customer_id"), r.CustomerID, false)
	checkUUID(c, at.Child("person_id"), r.PersonID, false)
	checkEnum(c, at.Child("relationship_type"), r.RelationshipType, relationshipTypes, true)
}

// spendingLimits checks that each limit is non-negative and at least every
// shorter period's limit that is set.
func spendingLimits(c *account.Collector, at account.Path, s *SpendingLimits) {
	var amounts, counts [5]account.Optional[int64] // transaction, day, week, month, lifetime
	if s.Transaction != nil {
		amounts[0] = s.Transaction.Amount
	}
	for i, l := range [...]*SpendingLimit{s.Day, s.Week, s.Month, s.Lifetime} {
		if l != nil {
			amounts[i+1], counts[i+1] = l.Amount, l.Transactions
		}
	}
	ordered(c, at, "amount", amounts[:])
	ordered(c, at, "transactions", counts[1:])
}

var limitPeriods = [...]string{"transaction", "day", "week", "month", "lifetime"}

// ordered checks one member (amount or transactions) across the periods,
// the last len(vals) of limitPeriods, against the largest shorter one.
func ordered(c *account.Collector, at account.Path, member string, vals []account.Optional[int64]) {
	names := limitPeriods[len(limitPeriods)-len(vals):]
	maxAt := -1
	for i, o := range vals {
		v, ok := o.Get()
		period := at.Child(names[i])
		switch {
		case o.IsNull():
			rule.Null(c, period.Child(member), "an integer")
		case !ok:
		case v < 0:
			c.Add(period.Child(member), account.CodeRange, rule.MsgNegative, nil)
		case maxAt < 0:
			maxAt = i
		default:
			if m, _ := vals[maxAt].Get(); v < m {
				c.Add(period.Child(member), account.CodeRange,
					"must be at least "+names[maxAt]+"."+member+" ("+strconv.FormatInt(m, 10)+")", nil)
			} else {
				maxAt = i
			}
		}
	}
}

func accountClosure(c *account.Collector, at account.Path, a *AccountClosure) {
	if id, ok := a.DestinationID.Get(); ok {
		checkUUID(c, at.Child("destination_id"), id, false)
	}
	if m, ok := a.PaymentMethod.Get(); ok {
		checkEnum(c, at.Child("payment_method"), m, closurePaymentMethods, false)
	}
	checkEnum(c, at.Child("reason"), a.Reason, closureReasons, true)
	vat := at.Child("validation_responses")
	for i := range a.ValidationResponses {
		flags(c, vat.Index(i), validatedFlag, a.ValidationResponses[i].Validated)
	}
}

// accountCurrencyOrDefault is the currency an account's amounts count.
func accountCurrencyOrDefault(code string) string {
	if code == "" {
		return DefaultCurrency
	}
	return code
}

// AmountDecimal converts an amount of this account (minor units of its
// currency, USD when none is named) into a decimal: 12345 is 123.45 USD.
func (r AccountRequest) AmountDecimal(minor int64) (decimal.Decimal, error) {
	return account.AmountFromMinor(minor, accountCurrencyOrDefault(r.Currency))
}

// AmountMinor converts a decimal amount into this account's minor units,
// refusing (ErrSubMinorUnit) one finer than the currency allows.
func (r AccountRequest) AmountMinor(d decimal.Decimal) (int64, error) {
	return account.AmountToMinor(d, accountCurrencyOrDefault(r.Currency))
}

// AmountDecimal converts an amount of this account (minor units of its
// currency, USD when none is named) into a decimal.
func (a Account) AmountDecimal(minor int64) (decimal.Decimal, error) {
	return account.AmountFromMinor(minor, accountCurrencyOrDefault(a.Currency))
}

// AmountMinor converts a decimal amount into this account's minor units,
// refusing (ErrSubMinorUnit) one finer than the currency allows.
func (a Account) AmountMinor(d decimal.Decimal) (int64, error) {
	return account.AmountToMinor(d, accountCurrencyOrDefault(a.Currency))
}

// LogValue logs a request with the manual account number and IBAN masked.
func (r AccountRequest) LogValue() slog.Value {
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
func (a Account) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("id", a.ID),
		slog.String("account_type", string(a.AccountType)),
		slog.String("currency", a.Currency),
		slog.String("account_number", maskNumber(a.AccountNumber)),
		slog.Any("iban", a.IBAN),
		slog.String("swift_code", a.SwiftCode.String()),
		slog.String("status", string(a.Status)))
}
