package synctera

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"reflect"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/acctkit/acctkit/account"
	"github.com/acctkit/acctkit/iban"
	"github.com/acctkit/acctkit/routing"
)

const (
	errFloorMsg   = "must be at most balance_ceiling.balance (1)"
	errPartiesMsg = "must name exactly one party (business_id, customer_id or person_id), got 3"
	errUUIDMsg    = "must be a UUID (8-4-4-4-12 hexadecimal digits)"
)

func TestAccountSeedDecodeErrors(t *testing.T) {
	const (
		ibanMsg = "is not a valid IBAN: invalid character '<' at position 1"
		bicMsg  = "is not a valid BIC: invalid character '<' at position 1 in the party prefix, want an upper-case letter or digit"
	)
	t.Run("request", func(t *testing.T) {
		err := account.Decode(synFixture(t, "account_create_request"), &AccountRequest{})
		assert.Equal(t, []synErr{
			{"iban", account.CodeFormat, ibanMsg},
			{"swift_code", account.CodeFormat, bicMsg},
			{"balance_floor.balance", account.CodeRange, errFloorMsg},
			{"relationships[0]", account.CodeConflict, errPartiesMsg},
		}, synErrs(t, err))
		assert.ErrorIs(t, err, iban.ErrCharacter)
		assert.ErrorIs(t, err, routing.ErrCharacter)
	})
	t.Run("response", func(t *testing.T) {
		err := account.Decode(synFixture(t, "account_create_response"), &Account{})
		assert.Equal(t, []synErr{
			{"bank_routing", account.CodeFormat, "is not a valid ABA routing number: length is 8, want 9 digits"},
			{"iban", account.CodeFormat, ibanMsg},
			{"swift_code", account.CodeFormat, bicMsg},
			{"balance_floor.balance", account.CodeRange, errFloorMsg},
		}, synErrs(t, err))
		assert.ErrorIs(t, err, routing.ErrLength)
	})
}

func TestAccountSeedRoundTrip(t *testing.T) {
	fixes := map[string]any{"iban": goodIBAN, "swift_code": goodBIC}
	t.Run("request", func(t *testing.T) {
		synRoundTrip(t, "account_create_request", &AccountRequest{}, fixes, nil, []synErr{
			{"balance_floor.balance", account.CodeRange, errFloorMsg},
			{"relationships[0]", account.CodeConflict, errPartiesMsg},
		})
	})
	t.Run("response", func(t *testing.T) {
		fixes["bank_routing"] = goodABA
		synRoundTrip(t, "account_create_response", &Account{}, fixes, nil, []synErr{
			{"balance_floor.balance", account.CodeRange, errFloorMsg},
		})
	})
}

func synLimit(amount, count int64) *SpendingLimit {
	return &SpendingLimit{Amount: account.Some(amount), Transactions: account.Some(count)}
}

func synValidAccountRequest() AccountRequest {
	return AccountRequest{
		AccessStatus:          AccessActive,
		AccountPurpose:        "salary",
		AccountTemplateID:     goodUUID2,
		AccountType:           AccountChecking,
		ApplicationID:         goodUUID2,
		BalanceCeiling:        &BalanceCeiling{Balance: account.Some(int64(500000)), LinkedAccountID: goodUUID2, OverflowAccountID: goodUUID2},
		BalanceFloor:          &BalanceFloor{Balance: account.Some(int64(-2500)), LinkedAccountID: goodUUID2, OverdraftAccountID: goodUUID2},
		Currency:              "USD",
		ExchangeRateType:      "M",
		FeeProductIDs:         []string{goodUUID2},
		IBAN:                  iban.MustParse(goodIBAN),
		InterestProductID:     goodUUID2,
		IsACHEnabled:          account.Some(true),
		IsAccountPool:         account.Some(false),
		IsCardEnabled:         account.Some(false),
		IsEFTCAEnabled:        account.Some(true),
		IsExternalCardEnabled: account.Some(false),
		IsP2PEnabled:          account.Some(true),
		IsSyncteraPayEnabled:  account.Some(false),
		IsWireEnabled:         account.Some(true),
		ManualAccountNumber:   "1234567890",
		Metadata:              map[string]json.RawMessage{},
		Nickname:              "main",
		Note:                  "n",
		OverdraftLimit:        account.Some(int64(0)),
		Relationships: []Relationship{
			{CustomerID: goodUUID2, RelationshipType: RelationshipPrimaryAccountHolder},
			{PersonID: goodUUID, RelationshipType: RelationshipAuthorizedSigner},
		},
		SpendControlIDs: []string{goodUUID},
		SpendingLimits: &SpendingLimits{
			Transaction: &TransactionLimit{Amount: account.Some(int64(100))},
			Day:         synLimit(100, 5),
			Week:        synLimit(500, 20),
			Month:       synLimit(2000, 80),
			Lifetime:    synLimit(2000, 80),
			Description: "default",
		},
		Status:    AccountNeverActive,
		SwiftCode: routing.MustParseBIC(goodBIC),
	}
}

func TestAccountRequestRules(t *testing.T) {
	const sl = "spending_limits"
	tests := []struct {
		name   string
		mutate func(r *AccountRequest)
		want   []synErr
	}{
		{"valid", func(r *AccountRequest) {}, nil},
		{"minimal", func(r *AccountRequest) { *r = AccountRequest{AccountType: AccountSaving} }, nil},
		{"template instead of type", func(r *AccountRequest) { r.AccountType = "" }, nil},
		{"neither type nor template", func(r *AccountRequest) { r.AccountType, r.AccountTemplateID = "", "" },
			[]synErr{{"", account.CodeRequired, "one of account_type and account_template_id is required, got neither"}}},
		{"enums", func(r *AccountRequest) {
			r.AccessStatus, r.AccountType, r.Status = "OPEN", "SAVINGS", "ACTIVE"
		}, []synErr{
			{"access_status", account.CodeNotSupported, "must be one of: ACTIVE, FROZEN"},
			{"account_type", account.CodeNotSupported, "must be one of: CHARGE_SECURED, CHARGE_UNSECURED, CHECKING, LINE_OF_CREDIT, SAVING"},
			{"status", account.CodeNotSupported, "must be one of: ACCOUNT_NEVER_ACTIVE, ACCOUNT_NOT_DESIRED, ACTIVATED_NOT_DISBURSED, ACTIVE_OR_DISBURSED, APPLICATION_SUBMITTED, AWAITING_FIXING, CHARGED_OFF, CLOSED, DELINQUENT, FAILED_KYC, IN_CLOSING, RESTRICTED, SUSPENDED"},
		}},
		{"every id a UUID", func(r *AccountRequest) {
			bad := "3c90c3cc-0d44-4b50-8888-8dd25736052"
			r.AccountTemplateID, r.ApplicationID, r.InterestProductID = bad, bad, bad
			r.BalanceCeiling.LinkedAccountID, r.BalanceCeiling.OverflowAccountID = bad, bad
			r.BalanceFloor.LinkedAccountID, r.BalanceFloor.OverdraftAccountID = bad, bad
			r.FeeProductIDs = []string{goodUUID, ""}
			r.SpendControlIDs = []string{"g" + goodUUID[1:]}
			r.Relationships = []Relationship{{BusinessID: bad, RelationshipType: RelationshipAccountHolder}}
		}, []synErr{
			{"account_template_id", account.CodeFormat, errUUIDMsg},
			{"application_id", account.CodeFormat, errUUIDMsg},
			{"balance_floor.linked_account_id", account.CodeFormat, errUUIDMsg},
			{"balance_floor.overdraft_account_id", account.CodeFormat, errUUIDMsg},
			{"balance_ceiling.linked_account_id", account.CodeFormat, errUUIDMsg},
			{"balance_ceiling.overflow_account_id", account.CodeFormat, errUUIDMsg},
			{"fee_product_ids[1]", account.CodeRequired, "is required"},
			{"interest_product_id", account.CodeFormat, errUUIDMsg},
			{"relationships[0].business_id", account.CodeFormat, errUUIDMsg},
			{"spend_control_ids[0]", account.CodeFormat, errUUIDMsg},
		}},
		{"floor above ceiling", func(r *AccountRequest) { r.BalanceFloor.Balance = account.Some(int64(500001)) },
			[]synErr{{"balance_floor.balance", account.CodeRange, "must be at most balance_ceiling.balance (500000)"}}},
		{"floor equal to ceiling", func(r *AccountRequest) { r.BalanceFloor.Balance = account.Some(int64(500000)) }, nil},
		{"floor without ceiling", func(r *AccountRequest) { r.BalanceCeiling = nil }, nil},
		{"balances missing", func(r *AccountRequest) {
			r.BalanceFloor.Balance, r.BalanceCeiling.Balance = account.Optional[int64]{}, account.Optional[int64]{}
		}, []synErr{
			{"balance_floor.balance", account.CodeRequired, "is required"},
			{"balance_ceiling.balance", account.CodeRequired, "is required"},
		}},
		{"negative overdraft limit", func(r *AccountRequest) { r.OverdraftLimit = account.Some(int64(-1)) },
			[]synErr{{"overdraft_limit", account.CodeRange, "must not be negative"}}},
		{"relationship with no party", func(r *AccountRequest) {
			r.Relationships[1] = Relationship{RelationshipType: RelationshipAccountHolder}
		}, []synErr{{"relationships[1]", account.CodeRequired, "must name one party (business_id, customer_id or person_id), got none"}}},
		{"relationship with two parties", func(r *AccountRequest) { r.Relationships[0].BusinessID = goodUUID },
			[]synErr{{"relationships[0]", account.CodeConflict, "must name exactly one party (business_id, customer_id or person_id), got 2"}}},
		{"relationship type", func(r *AccountRequest) {
			r.Relationships[0].RelationshipType = ""
			r.Relationships[1].RelationshipType = "OWNER"
		}, []synErr{
			{"relationships[0].relationship_type", account.CodeRequired, "is required"},
			{"relationships[1].relationship_type", account.CodeNotSupported, "must be one of: ACCOUNT_HOLDER, AUTHORIZED_SIGNER, AUTHORIZED_USER, JOINT_ACCOUNT_HOLDER, PRIMARY_ACCOUNT_HOLDER"},
		}},
		{"currency", func(r *AccountRequest) { r.Currency = "usd" },
			[]synErr{{"currency", account.CodeFormat, "must be an ISO 4217 alphabetic currency code in upper case, such as USD"}}},
		{"unknown currency", func(r *AccountRequest) { r.Currency = "XXY" },
			[]synErr{{"currency", account.CodeNotSupported, "is not a current ISO 4217 currency code"}}},
		{"currency without minor unit", func(r *AccountRequest) { r.Currency = "XAU" },
			[]synErr{{"currency", account.CodeNotSupported, "has no minor unit, so amounts cannot be counted in it"}}},
		{"three-decimal currency", func(r *AccountRequest) { r.Currency = "KWD" }, nil},
		{"negative limits", func(r *AccountRequest) {
			r.SpendingLimits.Transaction.Amount = account.Some(int64(-1))
			r.SpendingLimits.Week.Transactions = account.Some(int64(-3))
		}, []synErr{
			{sl + ".transaction.amount", account.CodeRange, "must not be negative"},
			{sl + ".week.transactions", account.CodeRange, "must not be negative"},
		}},
		{"day amount above week", func(r *AccountRequest) { r.SpendingLimits.Day.Amount = account.Some(int64(501)) },
			[]synErr{{sl + ".week.amount", account.CodeRange, "must be at least day.amount (501)"}}},
		{"transaction above day", func(r *AccountRequest) { r.SpendingLimits.Transaction.Amount = account.Some(int64(101)) },
			[]synErr{{sl + ".day.amount", account.CodeRange, "must be at least transaction.amount (101)"}}},
		{"order skips unset periods", func(r *AccountRequest) {
			r.SpendingLimits.Week, r.SpendingLimits.Month = nil, &SpendingLimit{Transactions: account.Some(int64(4))}
		}, []synErr{{sl + ".month.transactions", account.CodeRange, "must be at least day.transactions (5)"}}},
		{"order compares with the largest shorter limit", func(r *AccountRequest) {
			r.SpendingLimits.Week.Amount = account.Some(int64(3000)) // above month and lifetime
		}, []synErr{
			{sl + ".month.amount", account.CodeRange, "must be at least week.amount (3000)"},
			{sl + ".lifetime.amount", account.CodeRange, "must be at least week.amount (3000)"},
		}},
		{"counts out of order", func(r *AccountRequest) { r.SpendingLimits.Lifetime.Transactions = account.Some(int64(79)) },
			[]synErr{{sl + ".lifetime.transactions", account.CodeRange, "must be at least month.transactions (80)"}}},
		{"zero limits", func(r *AccountRequest) {
			r.SpendingLimits = &SpendingLimits{Day: synLimit(0, 0), Lifetime: synLimit(0, 0)}
		}, nil},
		{"null limit", func(r *AccountRequest) { r.SpendingLimits.Day.Amount = account.Null[int64]() },
			[]synErr{{sl + ".day.amount", account.CodeType, "must be an integer, got null"}}},
		{"null balance", func(r *AccountRequest) { r.BalanceFloor.Balance = account.Null[int64]() },
			[]synErr{{"balance_floor.balance", account.CodeType, "must be an integer, got null"}}},
		{"null flag", func(r *AccountRequest) { r.IsWireEnabled = account.Null[bool]() },
			[]synErr{{"is_wire_enabled", account.CodeType, "must be a boolean, got null"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := synValidAccountRequest()
			tt.mutate(&r)
			assert.Equal(t, tt.want, synErrs(t, r.Validate()))
			var again AccountRequest
			assert.Equal(t, tt.want, synErrs(t, account.Decode(synJSON(t, r), &again)))
		})
	}
}

func synValidAccount() Account {
	tm := time.Date(2023, 11, 7, 5, 31, 56, 0, time.UTC)
	return Account{
		AccessStatus:                AccessFrozen,
		AccessStatusLastUpdatedTime: tm,
		AccountClosure: &AccountClosure{
			Cases:         []ClosureCase{{CaseID: "c1", CaseReason: "r"}},
			DestinationID: account.Some(goodUUID2),
			PaymentMethod: account.Null[ClosurePaymentMethod](),
			Reason:        ClosureCustomerTransfer, ReasonDetails: "moving",
			ValidationResponses: []ClosureValidation{{Details: map[string]json.RawMessage{"n": json.RawMessage(`2`)},
				Message: "Cards decoupled from account", Name: "cards", Validated: account.Some(true)}},
		},
		AccountNumber:         "1234567890123",
		AccountNumberMasked:   "123*****0123",
		AccountType:           AccountChargeSecured,
		ApplicationID:         goodUUID2,
		AutoPaymentPeriod:     account.Some(int64(20)),
		BalanceCeiling:        &BalanceCeiling{Balance: account.Some(int64(10))},
		BalanceFloor:          &BalanceFloor{Balance: account.Some(int64(0))},
		Balances:              []Balance{{Balance: account.Some(int64(-2399)), Type: BalanceAccount}, {Balance: account.Some(int64(0)), Type: BalanceAvailable}},
		BankAccountID:         "b",
		BankRouting:           routing.MustParseABA(goodABA),
		BillingPeriod:         &BillingPeriod{Frequency: BillingMonthly, StartDate: tm},
		BusinessIDs:           []string{goodUUID2},
		CloseDate:             mustDate(2023, time.December, 25),
		CreationTime:          tm,
		CreditLimit:           account.Some(int64(2500)),
		Currency:              "USD",
		CustomerIDs:           []string{goodUUID},
		CustomerType:          CustomerBusiness,
		DaysPastDue:           account.Some(int64(0)),
		FundsOwnership:        FundsBank,
		GeneralLedgerCategory: LedgerCore,
		GeneralLedgerType:     "ACH_SETTLEMENT",
		GracePeriod:           account.Some(int64(21)),
		IBAN:                  iban.MustParse(goodIBAN),
		ID:                    goodUUID2,
		IsSAREnabled:          account.Some(false),
		IsSecurity:            account.Some(true),
		LastUpdatedTime:       tm,
		MinimumPayment:        &MinimumPayment{MinAmount: account.Some(int64(123)), Rate: account.Some(int64(5)), Type: MinimumPaymentRateOrAmount},
		OpenDate:              mustDate(2023, time.January, 2),
		Restrictions:          &AccountRestrictions{IsPastDue: account.Some(false), IsRevoked: account.Some(true)},
		Security:              &AccountSecurity{LinkedAccountID: goodUUID},
		Status:                AccountInClosing,
		StopPayments:          []StopPayment{{DisputeID: goodUUID, ExpiresOn: tm, OriginatorName: "o", StopPaymentID: goodUUID2, TransactionID: goodUUID}},
		SwiftCode:             routing.MustParseBIC(goodBIC),
		Tenant:                "abcdef_ghijkl",
	}
}

func TestAccountRules(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(a *Account)
		want   []synErr
	}{
		{"valid", func(a *Account) {}, nil},
		{"no id", func(a *Account) { a.ID = "" }, []synErr{{"id", account.CodeRequired, "is required"}}},
		{"enums", func(a *Account) {
			a.CustomerType, a.FundsOwnership, a.GeneralLedgerCategory, a.GeneralLedgerType = "CORP", "ME", "X", "FEE"
		}, []synErr{
			{"customer_type", account.CodeNotSupported, "must be one of: BUSINESS, PERSONAL"},
			{"funds_ownership", account.CodeNotSupported, "must be one of: BANK, FINTECH, PLATFORM"},
			{"general_ledger_category", account.CodeNotSupported, "must be one of: CORE, PROFIT_AND_LOSS, RESERVE, SETTLEMENT, SUSPENSE, TREASURY"},
			{"general_ledger_type", account.CodeNotSupported, "must be one of: " + synJoinTypes(GeneralLedgerTypes())},
		}},
		{"closure", func(a *Account) {
			a.AccountClosure = &AccountClosure{DestinationID: account.Some("d"), PaymentMethod: account.Some(ClosurePaymentMethod("CHECK"))}
		}, []synErr{
			{"account_closure.destination_id", account.CodeFormat, errUUIDMsg},
			{"account_closure.payment_method", account.CodeNotSupported, "must be one of: ACH, BANK_DRAFT, INTERNAL_TRANSFER_TO_CUSTOMER_ACCOUNT, INTERNAL_TRANSFER_TO_INTERNAL_ACCOUNT"},
			{"account_closure.reason", account.CodeRequired, "is required"},
		}},
		{"balances", func(a *Account) { a.Balances = []Balance{{Type: "LEDGER"}} }, []synErr{
			{"balances[0].balance", account.CodeRequired, "is required"},
			{"balances[0].type", account.CodeNotSupported, "must be one of: ACCOUNT_BALANCE, ACCRUED_INTEREST_MTD, AVAILABLE_BALANCE"},
		}},
		{"billing period", func(a *Account) { a.BillingPeriod = &BillingPeriod{Frequency: "HOURLY"} }, []synErr{
			{"billing_period.frequency", account.CodeNotSupported, "must be one of: ANNUALLY, MONTHLY, SEMI_MONTHLY, BI_WEEKLY, WEEKLY, DAILY"},
			{"billing_period.start_date", account.CodeRequired, "is required"},
		}},
		{"minimum payment", func(a *Account) {
			a.MinimumPayment = &MinimumPayment{MinAmount: account.Some(int64(-1)), Rate: account.Some(int64(-2))}
		}, []synErr{
			{"minimum_payment.min_amount", account.CodeRange, "must not be negative"},
			{"minimum_payment.rate", account.CodeRange, "must not be negative"},
			{"minimum_payment.type", account.CodeRequired, "is required"},
		}},
		{"negative counters", func(a *Account) {
			a.CreditLimit, a.DaysPastDue, a.GracePeriod, a.AutoPaymentPeriod = account.Some(int64(-1)), account.Some(int64(-1)), account.Some(int64(-1)), account.Optional[int64]{}
		}, []synErr{
			{"credit_limit", account.CodeRange, "must not be negative"},
			{"days_past_due", account.CodeRange, "must not be negative"},
			{"grace_period", account.CodeRange, "must not be negative"},
		}},
		{"auto payment after grace period", func(a *Account) { a.AutoPaymentPeriod = account.Some(int64(22)) },
			[]synErr{{"auto_payment_period", account.CodeRange, "must be at most grace_period (21)"}}},
		{"ids", func(a *Account) {
			a.BusinessIDs, a.CustomerIDs = []string{"b"}, []string{goodUUID, "c"}
			a.Security.LinkedAccountID = "s"
			a.StopPayments[0].DisputeID, a.StopPayments[0].TransactionID = "d", "t"
		}, []synErr{
			{"business_ids[0]", account.CodeFormat, errUUIDMsg},
			{"customer_ids[1]", account.CodeFormat, errUUIDMsg},
			{"security.linked_account_id", account.CodeFormat, errUUIDMsg},
			{"stop_payments[0].dispute_id", account.CodeFormat, errUUIDMsg},
			{"stop_payments[0].transaction_id", account.CodeFormat, errUUIDMsg},
		}},
		{"limits", func(a *Account) {
			a.SpendingLimits = &SpendingLimits{Month: synLimit(10, 1), Lifetime: synLimit(9, 1)}
		}, []synErr{{"spending_limits.lifetime.amount", account.CodeRange, "must be at least month.amount (10)"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := synValidAccount()
			tt.mutate(&a)
			assert.Equal(t, tt.want, synErrs(t, a.Validate()))
		})
	}
}

func synJoinTypes(ts []GeneralLedgerType) string {
	var b bytes.Buffer
	for i, t := range ts {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(string(t))
	}
	return b.String()
}

func TestAccountRoundTrip(t *testing.T) {
	a := synValidAccount()
	var got Account
	require.NoError(t, account.Decode(synJSON(t, a), &got))
	assert.Equal(t, a, got)

	r := synValidAccountRequest()
	var gotReq AccountRequest
	require.NoError(t, account.Decode(synJSON(t, r), &gotReq))
	assert.Equal(t, r, gotReq)
	assert.Contains(t, string(synJSON(t, r)), `"overdraft_limit":0`, "a zero amount is a value, not absence")
	assert.Contains(t, string(synJSON(t, r)), `"is_external_card_enabled":false`, "false is a value, not absence")
}

func TestAccountAmounts(t *testing.T) {
	r := AccountRequest{}
	d, err := r.AmountDecimal(12345)
	require.NoError(t, err)
	assert.Equal(t, "123.45", d.String(), "no currency means USD")

	a := Account{Currency: "KWD"}
	d, err = a.AmountDecimal(12345)
	require.NoError(t, err)
	assert.Equal(t, "12.345", d.String())
	m, err := a.AmountMinor(decimal.RequireFromString("1.5"))
	require.NoError(t, err)
	assert.Equal(t, int64(1500), m)

	jpy := AccountRequest{Currency: "JPY"}
	_, err = jpy.AmountMinor(decimal.RequireFromString("1.5"))
	assert.ErrorIs(t, err, account.ErrSubMinorUnit)
	_, err = Account{Currency: "XAU"}.AmountDecimal(1)
	assert.ErrorIs(t, err, account.ErrNoMinorUnit)
}

func TestDate(t *testing.T) {
	d, err := account.ParseDate("2023-12-25")
	require.NoError(t, err)
	assert.Equal(t, mustDate(2023, time.December, 25), d)
	assert.Equal(t, "2023-12-25", d.String())
	for _, bad := range []string{"2023-02-30", "2023-1-01", "20231225", "2023-12-25T00:00:00Z", " 2023-12-25", "２０２３-12-25"} {
		_, err := account.ParseDate(bad)
		assert.ErrorIs(t, err, account.ErrDate, bad)
	}
	var a Account
	err = account.Decode([]byte(`{"id":"`+goodUUID+`","close_date":"2023-02-30"}`), &a)
	assert.Equal(t, []synErr{{"close_date", account.CodeFormat,
		"must be a calendar date in the form YYYY-MM-DD, such as 2024-05-01"}}, synErrs(t, err))
	assert.ErrorIs(t, err, account.ErrDate)

	assert.Equal(t, "", account.Date{}.String())
	out := synJSON(t, Account{ID: goodUUID})
	assert.NotContains(t, string(out), "close_date", "the zero account.Date is omitted")
}

func TestAccountLogValueMasks(t *testing.T) {
	var buf bytes.Buffer
	log := slog.New(slog.NewJSONHandler(&buf, nil))
	a := synValidAccount()
	r := synValidAccountRequest()
	log.Info("x", "account", a, "request", r)
	out := buf.String()
	for _, secret := range []string{a.AccountNumber, r.ManualAccountNumber, goodIBAN} {
		assert.NotContains(t, out, secret)
	}
	assert.Contains(t, out, `"account_number":"*********0123"`)
	assert.Contains(t, out, `"manual_account_number":"******7890"`)
}

func BenchmarkAccountValidate(b *testing.B) { benchValidate(b, synValidAccount()) }

func TestAccountValidateAllocs(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector adds allocations of its own")
	}
	a := synValidAccount()
	r := synValidAccountRequest()
	assert.Zero(t, testing.AllocsPerRun(100, func() { _ = a.Validate() }))
	assert.Zero(t, testing.AllocsPerRun(100, func() { _ = r.Validate() }))
}

// synGenLimits draws spending limits in order: each set value at least the
// previous set one.
func synGenLimits(t *rapid.T) *SpendingLimits {
	if !rapid.Bool().Draw(t, "has_limits") {
		return nil
	}
	amount, count := int64(0), int64(0)
	next := func(label string, cur *int64) account.Optional[int64] {
		if rapid.IntRange(0, 2).Draw(t, label+"_state") == 0 {
			return account.Optional[int64]{}
		}
		*cur += rapid.Int64Range(0, 1e9).Draw(t, label)
		return account.Some(*cur)
	}
	s := &SpendingLimits{Description: synGenText.Draw(t, "description")}
	if rapid.Bool().Draw(t, "has_transaction") {
		s.Transaction = &TransactionLimit{Amount: next("transaction", &amount)}
	}
	for _, p := range []**SpendingLimit{&s.Day, &s.Week, &s.Month, &s.Lifetime} {
		if rapid.Bool().Draw(t, "has_period") {
			*p = &SpendingLimit{Amount: next("amount", &amount), Transactions: next("count", &count)}
		}
	}
	return s
}

func synGenIDs(t *rapid.T, label string) []string {
	n := rapid.IntRange(-1, 2).Draw(t, label+"_n")
	if n < 0 {
		return nil
	}
	ids := make([]string, n)
	for i := range ids {
		ids[i] = synGenUUID(t, label)
	}
	return ids
}

func synGenBounds(t *rapid.T) (*BalanceFloor, *BalanceCeiling) {
	var f *BalanceFloor
	var c *BalanceCeiling
	lo := rapid.Int64Range(-1e12, 1e12).Draw(t, "floor")
	if rapid.Bool().Draw(t, "has_floor") {
		f = &BalanceFloor{Balance: account.Some(lo), LinkedAccountID: synGenUUID(t, "linked")}
	}
	if rapid.Bool().Draw(t, "has_ceiling") {
		c = &BalanceCeiling{Balance: account.Some(lo + rapid.Int64Range(0, 1e12).Draw(t, "span")), OverflowAccountID: synGenUUID(t, "overflow")}
	}
	return f, c
}

func synGenFlag(t *rapid.T, label string) account.Optional[bool] {
	return synGenSome(t, label, rapid.Bool())
}

func synGenCount(t *rapid.T, label string) account.Optional[int64] {
	return synGenSome(t, label, rapid.Int64Range(0, 1e15))
}

func synGenAccountRequest(t *rapid.T) AccountRequest {
	r := AccountRequest{
		AccessStatus:          rapid.SampledFrom(append([]AccessStatus{""}, accessStatuses...)).Draw(t, "access"),
		AccountPurpose:        synGenText.Draw(t, "purpose"),
		AccountType:           rapid.SampledFrom(accountTypes).Draw(t, "account_type"),
		Currency:              rapid.SampledFrom([]string{"", "USD", "JPY", "KWD", "CLF"}).Draw(t, "currency"),
		ExchangeRateType:      synGenText.Draw(t, "exchange"),
		FeeProductIDs:         synGenIDs(t, "fee"),
		IsACHEnabled:          synGenFlag(t, "ach"),
		IsAccountPool:         synGenFlag(t, "pool"),
		IsCardEnabled:         synGenFlag(t, "card"),
		IsEFTCAEnabled:        synGenFlag(t, "eft"),
		IsExternalCardEnabled: synGenFlag(t, "ext"),
		IsP2PEnabled:          synGenFlag(t, "p2p"),
		IsSyncteraPayEnabled:  synGenFlag(t, "pay"),
		IsWireEnabled:         synGenFlag(t, "wire"),
		ManualAccountNumber:   rapid.StringMatching(`[0-9]{0,17}`).Draw(t, "manual"),
		Metadata:              synGenMetadata(t, "metadata"),
		Nickname:              synGenText.Draw(t, "nickname"),
		Note:                  synGenText.Draw(t, "note"),
		OverdraftLimit:        synGenCount(t, "overdraft"),
		SpendControlIDs:       synGenIDs(t, "spend"),
		SpendingLimits:        synGenLimits(t),
		Status:                rapid.SampledFrom(append([]AccountStatus{""}, accountStatuses...)).Draw(t, "status"),
	}
	r.BalanceFloor, r.BalanceCeiling = synGenBounds(t)
	if rapid.Bool().Draw(t, "template") {
		r.AccountTemplateID = synGenUUID(t, "template_id")
	}
	if rapid.Bool().Draw(t, "has_iban") {
		r.IBAN = synGenIBAN(t, "iban")
	}
	if rapid.Bool().Draw(t, "has_swift") {
		r.SwiftCode = synGenBIC(t, "swift")
	}
	for range rapid.IntRange(0, 2).Draw(t, "relationships") {
		rel := Relationship{RelationshipType: rapid.SampledFrom(relationshipTypes).Draw(t, "rel_type")}
		id := synGenUUID(t, "party")
		switch rapid.IntRange(0, 2).Draw(t, "party") {
		case 0:
			rel.BusinessID = id
		case 1:
			rel.CustomerID = id
		default:
			rel.PersonID = id
		}
		r.Relationships = append(r.Relationships, rel)
	}
	return r
}

func synGenAccount(t *rapid.T) Account {
	r := synGenAccountRequest(t)
	a := Account{
		AccessStatus: r.AccessStatus, AccountPurpose: r.AccountPurpose, AccountType: r.AccountType,
		BalanceCeiling: r.BalanceCeiling, BalanceFloor: r.BalanceFloor, Currency: r.Currency,
		ExchangeRateType: r.ExchangeRateType, FeeProductIDs: r.FeeProductIDs, IBAN: r.IBAN,
		IsACHEnabled: r.IsACHEnabled, IsAccountPool: r.IsAccountPool, IsCardEnabled: r.IsCardEnabled,
		IsEFTCAEnabled: r.IsEFTCAEnabled, IsExternalCardEnabled: r.IsExternalCardEnabled,
		IsP2PEnabled: r.IsP2PEnabled, IsSyncteraPayEnabled: r.IsSyncteraPayEnabled,
		IsWireEnabled: r.IsWireEnabled, Metadata: r.Metadata, Nickname: r.Nickname,
		OverdraftLimit: r.OverdraftLimit, SpendControlIDs: r.SpendControlIDs,
		SpendingLimits: r.SpendingLimits, Status: r.Status, SwiftCode: r.SwiftCode,
		AccountNumber:          rapid.StringMatching(`[0-9]{0,17}`).Draw(t, "account_number"),
		AccountNumberMasked:    synGenText.Draw(t, "masked"),
		BusinessIDs:            synGenIDs(t, "business"),
		CustomerIDs:            synGenIDs(t, "customer"),
		CustomerType:           rapid.SampledFrom(append([]CustomerType{""}, customerTypes...)).Draw(t, "customer_type"),
		CreditLimit:            synGenCount(t, "credit"),
		DaysPastDue:            synGenCount(t, "due"),
		FundsOwnership:         rapid.SampledFrom(fundsOwnerships).Draw(t, "funds"),
		GeneralLedgerCategory:  rapid.SampledFrom(generalLedgerCategories).Draw(t, "gl_category"),
		GeneralLedgerType:      rapid.SampledFrom(generalLedgerTypes).Draw(t, "gl_type"),
		ID:                     synGenUUID(t, "id"),
		IsSAREnabled:           synGenFlag(t, "sar"),
		IsSecurity:             synGenFlag(t, "security"),
		IsSystemAutoPayEnabled: synGenFlag(t, "autopay"),
		Tenant:                 synGenText.Draw(t, "tenant"),
	}
	if rapid.Bool().Draw(t, "periods") {
		g := rapid.Int64Range(0, 60).Draw(t, "grace")
		a.GracePeriod, a.AutoPaymentPeriod = account.Some(g), account.Some(rapid.Int64Range(0, g).Draw(t, "auto"))
	}
	if rapid.Bool().Draw(t, "times") {
		a.CreationTime, a.LastUpdatedTime = synGenTime(t, "created"), synGenTime(t, "updated")
		a.AccessStatusLastUpdatedTime = synGenTime(t, "access_time")
		a.OpenDate = mustDate(rapid.IntRange(1, 9999).Draw(t, "y"), time.Month(rapid.IntRange(1, 12).Draw(t, "m")), rapid.IntRange(1, 28).Draw(t, "d"))
		a.BankRouting = synGenABA(t, "bank_routing")
	}
	if rapid.Bool().Draw(t, "credit_product") {
		a.BillingPeriod = &BillingPeriod{Frequency: rapid.SampledFrom(billingFrequencies).Draw(t, "freq"), StartDate: synGenTime(t, "start")}
		a.MinimumPayment = &MinimumPayment{MinAmount: synGenCount(t, "min"), Rate: synGenCount(t, "rate"),
			Type: rapid.SampledFrom(minimumPaymentTypes).Draw(t, "mp_type")}
		a.Balances = []Balance{{Balance: account.Some(rapid.Int64().Draw(t, "balance")), Type: rapid.SampledFrom(balanceTypes).Draw(t, "balance_type")}}
		a.Restrictions = &AccountRestrictions{IsDelinquent: synGenFlag(t, "delinquent"), IsRevoked: synGenFlag(t, "revoked")}
		a.Security = &AccountSecurity{LinkedAccountID: synGenUUID(t, "secured_by")}
	}
	if rapid.Bool().Draw(t, "closing") {
		a.AccountClosure = &AccountClosure{
			DestinationID: synGenOptional(t, "destination", rapid.Custom(func(t *rapid.T) string { return synGenUUID(t, "d") })),
			PaymentMethod: synGenOptional(t, "method", rapid.SampledFrom(closurePaymentMethods)),
			Reason:        rapid.SampledFrom(closureReasons).Draw(t, "reason"),
			Cases:         []ClosureCase{{CaseID: synGenText.Draw(t, "case")}},
			ValidationResponses: []ClosureValidation{{Details: synGenMetadata(t, "details"),
				Name: synGenText.Draw(t, "vname"), Validated: synGenFlag(t, "validated")}},
		}
		a.StopPayments = []StopPayment{{StopPaymentID: synGenUUID(t, "stop"), ExpiresOn: synGenTime(t, "expires")}}
	}
	return a
}

func TestAccountProperties(t *testing.T) {
	t.Run("request", rapid.MakeCheck(func(t *rapid.T) {
		r := synGenAccountRequest(t)
		if err := r.Validate(); err != nil {
			t.Fatalf("generated request is invalid: %v", err)
		}
		var got AccountRequest
		body, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		if err := account.Decode(body, &got); err != nil {
			t.Fatalf("Decode(%s): %v", body, err)
		}
		if !reflect.DeepEqual(r, got) {
			t.Fatalf("round trip changed the request:\n%#v\n%#v", r, got)
		}
	}))
	t.Run("response", rapid.MakeCheck(func(t *rapid.T) {
		a := synGenAccount(t)
		if err := a.Validate(); err != nil {
			t.Fatalf("generated account is invalid: %v", err)
		}
		var got Account
		body, err := json.Marshal(a)
		if err != nil {
			t.Fatal(err)
		}
		if err := account.Decode(body, &got); err != nil {
			t.Fatalf("Decode(%s): %v", body, err)
		}
		if !reflect.DeepEqual(a, got) {
			t.Fatalf("round trip changed the account:\n%#v\n%#v", a, got)
		}
	}))
	t.Run("limits order", rapid.MakeCheck(func(t *rapid.T) {
		// Any set of limits validates exactly when every set value is
		// non-negative and at least each shorter set one.
		var vals [5]account.Optional[int64]
		for i := range vals {
			vals[i] = synGenSome(t, "v", rapid.Int64Range(-3, 10))
		}
		s := &SpendingLimits{Transaction: &TransactionLimit{Amount: vals[0]},
			Day: &SpendingLimit{Amount: vals[1]}, Week: &SpendingLimit{Amount: vals[2]},
			Month: &SpendingLimit{Amount: vals[3]}, Lifetime: &SpendingLimit{Amount: vals[4]}}
		want := true
		for i := range vals {
			v, ok := vals[i].Get()
			if !ok {
				continue
			}
			if v < 0 {
				want = false
			}
			for j := range i {
				if w, ok := vals[j].Get(); ok && w > v {
					want = false
				}
			}
		}
		r := AccountRequest{AccountType: AccountChecking, SpendingLimits: s}
		if got := r.Validate() == nil; got != want {
			t.Fatalf("limits %v: valid = %v, want %v (%v)", vals, got, want, r.Validate())
		}
	}))
}

func mustDate(y int, m time.Month, d int) account.Date {
	v, err := account.NewDate(y, m, d)
	if err != nil {
		panic(err)
	}
	return v
}
