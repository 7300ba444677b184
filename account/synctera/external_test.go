package synctera

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"math/rand/v2"
	"os"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/acctkit/acctkit/account"
	"github.com/acctkit/acctkit/iban"
	"github.com/acctkit/acctkit/routing"
)

// synErr is a account.FieldError without its cause, for exact comparisons.
type synErr struct{ Path, Code, Message string }

func synErrs(t *testing.T, err error) []synErr {
	t.Helper()
	if err == nil {
		return nil
	}
	ve, ok := account.AsValidationError(err)
	require.True(t, ok, "want a *account.ValidationError, got %T: %v", err, err)
	out := make([]synErr, len(ve.Errors))
	for i, fe := range ve.Errors {
		out[i] = synErr{fe.Path, fe.Code, fe.Message}
	}
	return out
}

func synFixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name + ".json")
	require.NoError(t, err)
	return b
}

// synTree decodes JSON into maps, slices and json.Number values, for
// comparing two documents by meaning.
func synTree(t *testing.T, b []byte) any {
	t.Helper()
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	var v any
	require.NoError(t, d.Decode(&v))
	return v
}

// synSet replaces the value at a dotted path ("a.b[0].c") of a tree.
func synSet(t *testing.T, tree any, path string, v any) {
	t.Helper()
	parts := strings.Split(strings.ReplaceAll(path, "[", ".["), ".")
	cur := tree
	for i, p := range parts {
		last := i == len(parts)-1
		if strings.HasPrefix(p, "[") {
			n, err := strconv.Atoi(strings.Trim(p, "[]"))
			require.NoError(t, err)
			s := cur.([]any)
			if last {
				s[n] = v
				return
			}
			cur = s[n]
			continue
		}
		m := cur.(map[string]any)
		if last {
			_, ok := m[p]
			require.True(t, ok, "fixture has no %s", path)
			m[p] = v
			return
		}
		cur = m[p]
	}
}

func synJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return b
}

// Placeholder identifiers of the seeds that no parser accepts, each with
// the error account.Decode gives, and a valid stand-in for the round-trip tests.
const (
	seedACH     = "756392185" // Federal Reserve symbol 75 is unassigned
	seedWire    = "915075033" // check digit 3, want 6 (and symbol 91)
	seedWire2   = "952391102" // PATCH example: check digit 2, want 0
	seedEFT     = "02101140"  // 8 digits: neither Canadian form
	goodABA     = "021000021"
	goodABA2    = "026009593"
	goodEFT     = "000312345"
	goodIBAN    = "DE89370400440532013000"
	goodBIC     = "CHASUS33XXX"
	goodUUID    = "7d943c51-e4ff-4e57-9558-08cab6b963c7"
	goodUUID2   = "3c90c3cc-0d44-4b50-8888-8dd25736052a"
	errACHMsg   = "is not a valid ABA routing number: Federal Reserve routing symbol 75 is not 00-12, 21-32, 61-72 or 80"
	errEFTMsg   = "is not a valid Canadian routing number: length is 8, want 9: 0IIITTTTT (electronic) or TTTTT-III (MICR); 8 digits could be 0IIITTTTT without its leading 0 (institution 021, transit 01140) or TTTTT-III without its hyphen (transit 02101, institution 140), so neither is assumed"
	errBothMsg  = "exactly one of business_id and customer_id is allowed, got both"
	errWireMsg  = "is not a valid ABA routing number: check digit is 3, want 6"
	errWire2Msg = "is not a valid ABA routing number: check digit is 2, want 0"
)

func TestSyncteraSeedIBANIsValid(t *testing.T) {
	// The seeds' IBAN is a well-formed Liechtenstein IBAN (21 characters,
	// mod-97 remainder 1), unlike their routing numbers.
	v, err := iban.Parse("LI4476584648937N59B00")
	require.NoError(t, err)
	assert.Equal(t, "LI", v.CountryCode())
}

func TestExternalSeedDecodeErrors(t *testing.T) {
	tests := []struct {
		fixture string
		target  any
		want    []synErr
		is      map[string]error // path -> sentinel the account.FieldError unwraps to
	}{
		{"external_create_request", &ExternalAccountRequest{}, []synErr{
			{"routing_identifiers.ach_routing_number", account.CodeFormat, errACHMsg},
			{"routing_identifiers.eft_ca_routing_number", account.CodeFormat, errEFTMsg},
			{"routing_identifiers.wire_routing_number", account.CodeChecksum, errWireMsg},
			{"", account.CodeConflict, errBothMsg},
		}, map[string]error{
			"routing_identifiers.ach_routing_number":    routing.ErrPrefix,
			"routing_identifiers.eft_ca_routing_number": routing.ErrLength,
			"routing_identifiers.wire_routing_number":   routing.ErrChecksum,
		}},
		{"external_create_response", &ExternalAccount{}, []synErr{
			{"routing_identifiers.ach_routing_number", account.CodeFormat, errACHMsg},
			{"routing_identifiers.eft_ca_routing_number", account.CodeFormat, errEFTMsg},
			{"routing_identifiers.eft_routing_number", account.CodeFormat, errEFTMsg},
			{"routing_identifiers.wire_routing_number", account.CodeFormat, errACHMsg},
			{"", account.CodeConflict, errBothMsg},
		}, nil},
		{"external_patch_request", &ExternalAccountPatch{}, []synErr{
			{"routing_identifiers.ach_routing_number", account.CodeFormat, errACHMsg},
			{"routing_identifiers.eft_ca_routing_number", account.CodeFormat, errEFTMsg},
			{"routing_identifiers.wire_routing_number", account.CodeChecksum, errWire2Msg},
		}, map[string]error{"routing_identifiers.wire_routing_number": routing.ErrChecksum}},
		{"external_patch_response", &ExternalAccount{}, []synErr{
			{"routing_identifiers.ach_routing_number", account.CodeFormat, errACHMsg},
			{"routing_identifiers.eft_ca_routing_number", account.CodeFormat, errEFTMsg},
			{"routing_identifiers.eft_routing_number", account.CodeFormat, errEFTMsg},
			{"routing_identifiers.wire_routing_number", account.CodeFormat, errACHMsg},
			{"", account.CodeConflict, errBothMsg},
		}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.fixture, func(t *testing.T) {
			err := account.Decode(synFixture(t, tt.fixture), tt.target)
			assert.Equal(t, tt.want, synErrs(t, err))
			ve, _ := account.AsValidationError(err)
			for path, sentinel := range tt.is {
				found := false
				for _, fe := range ve.Errors {
					if fe.Path == path {
						found = true
						assert.ErrorIs(t, fe, sentinel, path)
					}
				}
				assert.True(t, found, path)
				assert.ErrorIs(t, err, sentinel)
			}
		})
	}
}

// synRoundTrip decodes fixture (after replacing the placeholder
// identifiers by valid ones), checks that only the rule errors in want
// remain, encodes the result and compares it with the input by meaning.
// canonical lists the members whose encoding legitimately differs from the
// input, with the value the encoding holds.
func synRoundTrip(t *testing.T, fixture string, target any, fixes, canonical map[string]any, want []synErr) {
	t.Helper()
	tree := synTree(t, synFixture(t, fixture))
	for path, v := range fixes {
		synSet(t, tree, path, v)
	}
	err := account.Decode(synJSON(t, tree), target)
	assert.Equal(t, want, synErrs(t, err))
	out := synTree(t, synJSON(t, target))
	for path, v := range canonical {
		synSet(t, tree, path, v)
	}
	assert.Equal(t, tree, out)
}

func TestExternalSeedRoundTrip(t *testing.T) {
	fixes := map[string]any{
		"routing_identifiers.ach_routing_number":    goodABA,
		"routing_identifiers.eft_ca_routing_number": goodEFT,
		"routing_identifiers.wire_routing_number":   goodABA2,
	}
	responseFixes := map[string]any{
		"routing_identifiers.ach_routing_number":    goodABA,
		"routing_identifiers.eft_ca_routing_number": goodEFT,
		"routing_identifiers.eft_routing_number":    goodEFT,
		"routing_identifiers.wire_routing_number":   goodABA2,
	}
	both := []synErr{{"", account.CodeConflict, errBothMsg}}
	t.Run("create request", func(t *testing.T) {
		synRoundTrip(t, "external_create_request", &ExternalAccountRequest{}, fixes, nil, both)
	})
	t.Run("create response", func(t *testing.T) {
		synRoundTrip(t, "external_create_response", &ExternalAccount{}, responseFixes, nil, both)
	})
	t.Run("patch request", func(t *testing.T) {
		// The example's integer account number is kept as its digits and
		// encoded as a string.
		synRoundTrip(t, "external_patch_request", &ExternalAccountPatch{}, fixes,
			map[string]any{"account_identifiers.number": "87654321"}, nil)
	})
	t.Run("patch response", func(t *testing.T) {
		synRoundTrip(t, "external_patch_response", &ExternalAccount{}, responseFixes, nil, both)
	})
}

func synValidBankAddress() *BankAddress {
	return &BankAddress{AddressLine1: "100 Main St.", AddressLine2: "Suite 99", City: "New York",
		CountryCode: "US", IsRegisteredAgent: account.Some(true), Nickname: "Home", PostalCode: "28620", State: "NY"}
}

// validExternalRequest is a create request using every field.
func synValidExternalRequest() ExternalAccountRequest {
	return ExternalAccountRequest{
		AccountIdentifiers: &AccountIdentifiers{IBAN: iban.MustParse("LI4476584648937N59B00"), Number: "78277121"},
		AccountOwnerNames:  []string{"Jane Smith"},
		Currency:           "USD",
		CustomerID:         goodUUID,
		CustomerType:       CustomerPersonal,
		Metadata:           map[string]json.RawMessage{"k": json.RawMessage(`{"a":[1,"x"]}`)},
		Nickname:           account.Some("Vacation savings"),
		RoutingIdentifiers: &RoutingIdentifiers{
			ACHRoutingNumber:   routing.MustParseABA(goodABA),
			BankCountries:      []string{"US", "GR"},
			BankName:           "Chase",
			EFTCARoutingNumber: routing.MustParseCanadian(goodEFT),
			InternationalWireDetails: &InternationalWireDetails{
				BankAddress: synValidBankAddress(),
				CorrespondentBanksDetails: []CorrespondentBank{{
					BankAddress: synValidBankAddress(), BankName: "Bank of Greece",
					SwiftCode: routing.MustParseBIC("BNGRGRAAXXX"),
				}},
				SwiftCode: routing.MustParseBIC("CHASUS3AXXX"),
			},
			WireRoutingNumber: routing.MustParseABA(goodABA2),
		},
		Tenant:          "abcdef_ghijkl",
		Type:            ExternalChecking,
		VendorAccountID: account.Some("blgvvBlXw3cq5GMPwqB6s6q4dLKB9WcVqGDGo"),
		Verification: account.Some(Verification{
			CreationTime:    time.Date(2010, 5, 6, 12, 23, 34, 321e6, time.UTC),
			LastUpdatedTime: time.Date(2010, 5, 6, 12, 23, 34, 321e6, time.UTC),
			Status:          Unverified, Vendor: VerifiedByFinicity,
		}),
	}
}

// abaOfKind returns a valid ABA routing number starting with prefix.
func synAbaOfKind(t testing.TB, prefix string) routing.ABA {
	first8 := prefix + strings.Repeat("0", 7-len(prefix)) + "1"
	d, err := routing.ABACheckDigit(first8)
	require.NoError(t, err)
	return routing.MustParseABA(first8 + strconv.Itoa(d))
}

func TestExternalAccountRequestRules(t *testing.T) {
	const (
		ri = "routing_identifiers"
		iw = ri + ".international_wire_details"
	)
	tests := []struct {
		name   string
		mutate func(r *ExternalAccountRequest)
		want   []synErr
	}{
		{"valid", func(r *ExternalAccountRequest) {}, nil},
		{"iban only", func(r *ExternalAccountRequest) { r.AccountIdentifiers.Number = "" }, nil},
		{"number only", func(r *ExternalAccountRequest) { r.AccountIdentifiers.IBAN = iban.IBAN{} }, nil},
		{"neither number nor iban", func(r *ExternalAccountRequest) { r.AccountIdentifiers = &AccountIdentifiers{} },
			[]synErr{{"account_identifiers", account.CodeRequired, "must have a number, an iban or both"}}},
		{"no account_identifiers", func(r *ExternalAccountRequest) { r.AccountIdentifiers = nil },
			[]synErr{{"account_identifiers", account.CodeRequired, "is required"}}},
		{"no owner names", func(r *ExternalAccountRequest) { r.AccountOwnerNames = nil },
			[]synErr{{"account_owner_names", account.CodeRequired, "must name at least one account owner"}}},
		{"empty owner names", func(r *ExternalAccountRequest) { r.AccountOwnerNames = []string{} },
			[]synErr{{"account_owner_names", account.CodeRequired, "must name at least one account owner"}}},
		{"blank owner name", func(r *ExternalAccountRequest) { r.AccountOwnerNames = []string{"Jane", " \t\u00a0"} },
			[]synErr{{"account_owner_names[1]", account.CodeRequired, "must not be blank"}}},
		{"business instead of customer", func(r *ExternalAccountRequest) {
			r.BusinessID, r.CustomerID, r.CustomerType = goodUUID2, "", CustomerBusiness
		}, nil},
		{"neither business_id nor customer_id", func(r *ExternalAccountRequest) { r.CustomerID = "" },
			[]synErr{{"", account.CodeRequired, "exactly one of business_id and customer_id is required, got neither"}}},
		{"both business_id and customer_id", func(r *ExternalAccountRequest) { r.BusinessID = goodUUID2 },
			[]synErr{{"", account.CodeConflict, errBothMsg}}},
		{"customer_id not a UUID", func(r *ExternalAccountRequest) { r.CustomerID = "{" + goodUUID + "}" },
			[]synErr{{"customer_id", account.CodeFormat, "must be a UUID (8-4-4-4-12 hexadecimal digits)"}}},
		{"business_id without hyphens", func(r *ExternalAccountRequest) {
			r.CustomerID, r.BusinessID = "", strings.ReplaceAll(goodUUID, "-", "")
		}, []synErr{{"business_id", account.CodeFormat, "must be a UUID (8-4-4-4-12 hexadecimal digits)"}}},
		{"upper-case UUID", func(r *ExternalAccountRequest) { r.CustomerID = strings.ToUpper(goodUUID) }, nil},
		{"no customer_type", func(r *ExternalAccountRequest) { r.CustomerType = "" },
			[]synErr{{"customer_type", account.CodeRequired, "is required"}}},
		{"bad customer_type", func(r *ExternalAccountRequest) { r.CustomerType = "personal" },
			[]synErr{{"customer_type", account.CodeNotSupported, "must be one of: BUSINESS, PERSONAL"}}},
		{"no type", func(r *ExternalAccountRequest) { r.Type = "" },
			[]synErr{{"type", account.CodeRequired, "is required"}}},
		{"savings", func(r *ExternalAccountRequest) { r.Type = ExternalSavings }, nil},
		{"type allowed only in responses", func(r *ExternalAccountRequest) { r.Type = ExternalCreditCard },
			[]synErr{{"type", account.CodeNotSupported, "must be one of: CHECKING, SAVINGS"}}},
		{"no currency", func(r *ExternalAccountRequest) { r.Currency = "" }, nil},
		{"lower-case currency", func(r *ExternalAccountRequest) { r.Currency = "usd" },
			[]synErr{{"currency", account.CodeFormat, "must be an ISO 4217 alphabetic currency code in upper case, such as USD"}}},
		{"withdrawn currency", func(r *ExternalAccountRequest) { r.Currency = "BGN" },
			[]synErr{{"currency", account.CodeNotSupported, "is not a current ISO 4217 currency code"}}},
		{"empty nickname", func(r *ExternalAccountRequest) { r.Nickname = account.Some("") },
			[]synErr{{"nickname", account.CodeFormat, "must not be empty"}}},
		{"null nickname", func(r *ExternalAccountRequest) { r.Nickname = account.Null[string]() },
			[]synErr{{"nickname", account.CodeType, "must be a string, got null"}}},
		{"no nickname", func(r *ExternalAccountRequest) { r.Nickname = account.Optional[string]{} }, nil},
		{"empty vendor_account_id", func(r *ExternalAccountRequest) { r.VendorAccountID = account.Some("") },
			[]synErr{{"vendor_account_id", account.CodeFormat, "must not be empty"}}},
		{"no routing_identifiers", func(r *ExternalAccountRequest) { r.RoutingIdentifiers = nil },
			[]synErr{{ri, account.CodeRequired, "is required"}}},
		{"empty routing_identifiers", func(r *ExternalAccountRequest) { r.RoutingIdentifiers = &RoutingIdentifiers{} }, nil},
		{"electronic ABA for ACH", func(r *ExternalAccountRequest) {
			r.RoutingIdentifiers.ACHRoutingNumber = synAbaOfKind(t, "61")
		}, nil},
		{"government ABA for ACH", func(r *ExternalAccountRequest) {
			r.RoutingIdentifiers.ACHRoutingNumber = synAbaOfKind(t, "00")
		}, []synErr{{ri + ".ach_routing_number", account.CodeInvalid, "is a government routing number, which cannot receive ACH entries"}}},
		{"traveler's cheque ABA for ACH", func(r *ExternalAccountRequest) {
			r.RoutingIdentifiers.ACHRoutingNumber = synAbaOfKind(t, "80")
		}, []synErr{{ri + ".ach_routing_number", account.CodeInvalid, "is a travelers-cheque routing number, which cannot receive ACH entries"}}},
		{"thrift ABA for wire", func(r *ExternalAccountRequest) {
			r.RoutingIdentifiers.WireRoutingNumber = synAbaOfKind(t, "32")
		}, nil},
		{"electronic ABA for wire", func(r *ExternalAccountRequest) {
			r.RoutingIdentifiers.WireRoutingNumber = synAbaOfKind(t, "72")
		}, []synErr{{ri + ".wire_routing_number", account.CodeInvalid, "is an electronic routing number, which cannot receive Fedwire transfers"}}},
		{"bank countries", func(r *ExternalAccountRequest) {
			r.RoutingIdentifiers.BankCountries = []string{"XK", "us", "ZZ", "", "USA"}
		}, []synErr{
			{ri + ".bank_countries[1]", account.CodeFormat, "must be an ISO 3166-1 alpha-2 country code in upper case, such as US"},
			{ri + ".bank_countries[2]", account.CodeUnknownCountry, "is not an assigned ISO 3166-1 alpha-2 country code"},
			{ri + ".bank_countries[3]", account.CodeFormat, "must be an ISO 3166-1 alpha-2 country code in upper case, such as US"},
			{ri + ".bank_countries[4]", account.CodeFormat, "must be an ISO 3166-1 alpha-2 country code in upper case, such as US"},
		}},
		{"address countries", func(r *ExternalAccountRequest) {
			w := r.RoutingIdentifiers.InternationalWireDetails
			w.BankAddress.CountryCode = "UK"
			w.CorrespondentBanksDetails = append(w.CorrespondentBanksDetails,
				CorrespondentBank{BankName: "no address"},
				CorrespondentBank{BankAddress: &BankAddress{CountryCode: "gr"}})
		}, []synErr{
			{iw + ".bank_address.country_code", account.CodeUnknownCountry, "is not an assigned ISO 3166-1 alpha-2 country code"},
			{iw + ".correspondent_banks_details[2].bank_address.country_code", account.CodeFormat, "must be an ISO 3166-1 alpha-2 country code in upper case, such as US"},
		}},
		{"no country in address", func(r *ExternalAccountRequest) {
			r.RoutingIdentifiers.InternationalWireDetails.BankAddress.CountryCode = ""
		}, nil},
		{"verification without status and vendor", func(r *ExternalAccountRequest) { r.Verification = account.Some(Verification{}) },
			[]synErr{{"verification.status", account.CodeRequired, "is required"}, {"verification.vendor", account.CodeRequired, "is required"}}},
		{"bad verification", func(r *ExternalAccountRequest) {
			r.Verification = account.Some(Verification{Status: "PENDING", Vendor: "YODLEE"})
		}, []synErr{
			{"verification.status", account.CodeNotSupported, "must be one of: VERIFIED, UNVERIFIED"},
			{"verification.vendor", account.CodeNotSupported, "must be one of: FINICITY, MANUAL, PLAID"},
		}},
		{"null verification", func(r *ExternalAccountRequest) { r.Verification = account.Null[Verification]() }, nil},
		{"every error at once", func(r *ExternalAccountRequest) {
			*r = ExternalAccountRequest{BusinessID: "x", CustomerID: "y", Currency: "EURO", Nickname: account.Some("")}
		}, []synErr{
			{"account_identifiers", account.CodeRequired, "is required"},
			{"account_owner_names", account.CodeRequired, "must name at least one account owner"},
			{"", account.CodeConflict, errBothMsg},
			{"business_id", account.CodeFormat, "must be a UUID (8-4-4-4-12 hexadecimal digits)"},
			{"customer_id", account.CodeFormat, "must be a UUID (8-4-4-4-12 hexadecimal digits)"},
			{"currency", account.CodeFormat, "must be an ISO 4217 alphabetic currency code in upper case, such as USD"},
			{"customer_type", account.CodeRequired, "is required"},
			{"nickname", account.CodeFormat, "must not be empty"},
			{ri, account.CodeRequired, "is required"},
			{"type", account.CodeRequired, "is required"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := synValidExternalRequest()
			tt.mutate(&r)
			err := r.Validate()
			assert.Equal(t, tt.want, synErrs(t, err))
			// account.Decode of the encoded value reports the same rule errors.
			var again ExternalAccountRequest
			assert.Equal(t, tt.want, synErrs(t, account.Decode(synJSON(t, r), &again)))
		})
	}
}

func TestExternalAccountRequestDecodeIdentifiers(t *testing.T) {
	const iw = "routing_identifiers.international_wire_details"
	tests := []struct {
		path, value string
		want        synErr
		sentinel    error
	}{
		{iw + ".swift_code", "CHASUS3", synErr{iw + ".swift_code", account.CodeFormat,
			"is not a valid BIC: length is 7, want 8 or 11"}, routing.ErrLength},
		{iw + ".correspondent_banks_details[0].swift_code", "BNGRQQAAXXX",
			synErr{iw + ".correspondent_banks_details[0].swift_code", account.CodeUnknownCountry,
				`is not a valid BIC: "QQ" at position 5 is not an ISO 3166-1 alpha-2 code`},
			routing.ErrUnknownCountry},
		{"account_identifiers.iban", "LI4476584648937N59B01", synErr{"account_identifiers.iban", account.CodeChecksum,
			"is not a valid IBAN: check digits are 44, want 17"}, iban.ErrChecksum},
		{"routing_identifiers.eft_ca_routing_number", "12345-678", synErr{}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			tree := synTree(t, synJSON(t, synValidExternalRequest()))
			synSet(t, tree, tt.path, tt.value)
			var r ExternalAccountRequest
			err := account.Decode(synJSON(t, tree), &r)
			if tt.sentinel == nil {
				require.NoError(t, err)
				return
			}
			assert.Equal(t, []synErr{tt.want}, synErrs(t, err))
			assert.ErrorIs(t, err, tt.sentinel)
			// An IBAN error never shows the IBAN.
			assert.NotContains(t, err.Error(), tt.value)
		})
	}
}

func synValidExternalAccount() ExternalAccount {
	tm := time.Date(2010, 5, 6, 12, 23, 34, 321e6, time.UTC)
	addr := &BankAddressResponse{AddressLine1: "100 Main St.", AddressType: AddressShipping, City: "New York",
		CountryCode: "US", ID: goodUUID, IsRegisteredAgent: account.Some(false), PostalCode: "28620", State: "NY"}
	return ExternalAccount{
		AccountIdentifiers: AccountIdentifiers{IBAN: iban.MustParse(goodIBAN), Number: "78277121"},
		AccountOwnerNames:  []string{"Jane Smith"},
		BusinessID:         goodUUID,
		CreationTime:       tm,
		Currency:           "USD",
		ID:                 goodUUID2,
		LastUpdatedTime:    tm,
		Metadata:           map[string]json.RawMessage{},
		Name:               "Plaid Checking",
		Nickname:           account.Null[string](),
		RoutingIdentifiers: RoutingIdentifiersResponse{
			ACHRoutingNumber: routing.MustParseABA(goodABA),
			BankAddress:      addr,
			BankCountries:    []string{"US"},
			BankName:         "Chase",
			CorrespondentBankDetails: []CorrespondentBankResponse{{BankAddress: addr, BankName: "Bank of Greece",
				SwiftCode: routing.MustParseBIC("BNGRGRAAXXX")}},
			EFTCARoutingNumber: routing.MustParseCanadian(goodEFT),
			EFTRoutingNumber:   routing.MustParseCanadian(goodEFT),
			Network:            NetworkAlgorand,
			SwiftCode:          routing.MustParseBIC(goodBIC),
			WireRoutingNumber:  routing.MustParseABA(goodABA2),
		},
		Status:       ExternalActive,
		StatusReason: "opened",
		Tenant:       "abcdef_ghijkl",
		Type:         ExternalChecking,
		VendorData:   &VendorData{AccountNumberMask: "7121", InstitutionID: "ins_1"},
		VendorInfo:   &VendorInfo{ContentType: VendorJSON, JSON: json.RawMessage(`{"a":1}`), Vendor: "SOCURE"},
		Verification: account.Some(Verification{CreationTime: tm, LastUpdatedTime: tm, Status: Verified, Vendor: VerifiedByPlaid}),
	}
}

func TestExternalAccountRules(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(a *ExternalAccount)
		want   []synErr
	}{
		{"valid", func(a *ExternalAccount) {}, nil},
		{"masked owner names", func(a *ExternalAccount) { a.AccountOwnerNames = []string{} }, nil},
		{"type only a response has", func(a *ExternalAccount) { a.Type = ExternalInvestment529 }, nil},
		{"inactive", func(a *ExternalAccount) { a.Status = ExternalInactive }, nil},
		{"unknown type and status", func(a *ExternalAccount) { a.Type, a.Status = "LOAN", "FROZEN" }, []synErr{
			{"status", account.CodeNotSupported, "must be one of: ACTIVE, CLOSED, DELETED, INACTIVE"},
			{"type", account.CodeNotSupported, "must be one of: CHECKING, CREDIT_CARD, CRYPTO_WALLET, INVESTMENT_529, MONEY_MARKET, OTHER, OTHER_BANK_ACCOUNT, SAVINGS, WALLET"},
		}},
		{"required members missing", func(a *ExternalAccount) {
			a.ID, a.CreationTime, a.LastUpdatedTime, a.Verification = "", time.Time{}, time.Time{}, account.Optional[Verification]{}
			a.AccountIdentifiers = AccountIdentifiers{}
		}, []synErr{
			{"account_identifiers", account.CodeRequired, "must have a number, an iban or both"},
			{"creation_time", account.CodeRequired, "is required"},
			{"id", account.CodeRequired, "is required"},
			{"last_updated_time", account.CodeRequired, "is required"},
			{"verification", account.CodeRequired, "is required (null when the account is not verified)"},
		}},
		{"unverified account", func(a *ExternalAccount) { a.Verification = account.Null[Verification]() }, nil},
		{"address id and country", func(a *ExternalAccount) {
			addr := *a.RoutingIdentifiers.BankAddress
			addr.ID, addr.CountryCode = "42", "EU"
			a.RoutingIdentifiers.BankAddress = &addr
			a.RoutingIdentifiers.CorrespondentBankDetails[0].BankAddress = &addr
		}, []synErr{
			{"routing_identifiers.bank_address.country_code", account.CodeUnknownCountry, "is not an assigned ISO 3166-1 alpha-2 country code"},
			{"routing_identifiers.bank_address.id", account.CodeFormat, "must be a UUID (8-4-4-4-12 hexadecimal digits)"},
			{"routing_identifiers.correspondent_bank_details[0].bank_address.country_code", account.CodeUnknownCountry, "is not an assigned ISO 3166-1 alpha-2 country code"},
			{"routing_identifiers.correspondent_bank_details[0].bank_address.id", account.CodeFormat, "must be a UUID (8-4-4-4-12 hexadecimal digits)"},
		}},
		{"vendor info", func(a *ExternalAccount) { a.VendorInfo = &VendorInfo{ContentType: "text/html"} }, []synErr{
			{"vendor_info.content_type", account.CodeNotSupported, "must be one of: application/json, text/xml"},
			{"vendor_info.vendor", account.CodeRequired, "is required"},
		}},
		{"xml vendor info", func(a *ExternalAccount) {
			a.VendorInfo = &VendorInfo{ContentType: VendorXML, XML: "<a/>", Vendor: "IDOLOGY"}
		}, nil},
		{"vendor info of both kinds", func(a *ExternalAccount) {
			a.VendorInfo = &VendorInfo{ContentType: VendorXML, XML: "<a/>", JSON: json.RawMessage(`{}`), Vendor: "IDOLOGY"}
		}, []synErr{{"vendor_info.json", account.CodeForbidden, "is not allowed with content_type text/xml"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := synValidExternalAccount()
			tt.mutate(&a)
			assert.Equal(t, tt.want, synErrs(t, a.Validate()))
		})
	}
}

func TestExternalAccountRoundTrip(t *testing.T) {
	a := synValidExternalAccount()
	var got ExternalAccount
	require.NoError(t, account.Decode(synJSON(t, a), &got))
	assert.Equal(t, a, got)

	r := synValidExternalRequest()
	var gotReq ExternalAccountRequest
	require.NoError(t, account.Decode(synJSON(t, r), &gotReq))
	assert.Equal(t, r, gotReq)
}

func TestExternalAccountUnknownField(t *testing.T) {
	tree := synTree(t, synJSON(t, synValidExternalRequest()))
	tree.(map[string]any)["Nickname"] = "case differs"
	tree.(map[string]any)["routing_identifiers"].(map[string]any)["correspondent_bank_details"] = []any{}
	var r ExternalAccountRequest
	assert.Equal(t, []synErr{
		{"Nickname", account.CodeUnknownField, `unknown field "Nickname"`},
		{"routing_identifiers.correspondent_bank_details", account.CodeUnknownField, `unknown field "correspondent_bank_details"`},
	}, synErrs(t, account.Decode(synJSON(t, tree), &r)))
}

func TestExternalAccountLogValueMasks(t *testing.T) {
	var buf bytes.Buffer
	log := slog.New(slog.NewJSONHandler(&buf, nil))
	r := synValidExternalRequest()
	a := synValidExternalAccount()
	p := ExternalAccountPatch{AccountIdentifiers: account.Some(AccountIdentifiersPatch{
		IBAN: account.Some(iban.MustParse(goodIBAN)), Number: account.Some(account.NumberString("99887766"))})}
	log.Info("x", "request", r, "request_ptr", &r, "account", a, "patch", p)
	out := buf.String()
	for _, secret := range []string{"78277121", "LI4476584648937N59B00", goodIBAN, "99887766", "Jane Smith"} {
		assert.NotContains(t, out, secret)
	}
	assert.Contains(t, out, `"number":"****7121"`)
	assert.Contains(t, out, `"number":"****7766"`)
	assert.Contains(t, out, `"ach_routing_number":"`+goodABA+`"`)
	assert.Contains(t, out, `"account_owner_names":1`)
}

// benchValidate times v.Validate on a valid value. b.Fatal stays in the
// loop: require would call b.Helper on every iteration, which is measured.
func benchValidate(b *testing.B, v interface{ Validate() error }) {
	b.ReportAllocs()
	for b.Loop() {
		if err := v.Validate(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkExternalAccountRequestValidate(b *testing.B) {
	benchValidate(b, synValidExternalRequest())
}

func BenchmarkExternalAccountValidate(b *testing.B) { benchValidate(b, synValidExternalAccount()) }

func BenchmarkExternalAccountRequestDecode(b *testing.B) {
	body, err := json.Marshal(synValidExternalRequest())
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		var r ExternalAccountRequest
		if err := account.Decode(body, &r); err != nil {
			b.Fatal(err)
		}
	}
}

func TestExternalAccountValidateAllocs(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector adds allocations of its own")
	}
	r := synValidExternalRequest()
	a := synValidExternalAccount()
	assert.Zero(t, testing.AllocsPerRun(100, func() { _ = r.Validate() }))
	assert.Zero(t, testing.AllocsPerRun(100, func() { _ = a.Validate() }))
}

func TestExternalErrorsAreIdentifierSentinels(t *testing.T) {
	// A decoding failure keeps the identifier's *ParseError as the cause.
	var r ExternalAccountRequest
	body := bytes.Replace(synJSON(t, synValidExternalRequest()), []byte(goodABA2), []byte(seedWire), 1)
	err := account.Decode(body, &r)
	var pe *routing.ParseError
	require.True(t, errors.As(err, &pe))
	assert.Equal(t, seedWire, pe.Input)
}

// Generators for the property tests. Valid generators draw only values
// the rules accept; garbage generators draw anything the types can hold.

func synGenUUID(t *rapid.T, label string) string {
	b := rapid.SliceOfN(rapid.Byte(), 16, 16).Draw(t, label)
	const hexDigits = "0123456789abcdef"
	var s []byte
	for i, c := range b {
		if i == 4 || i == 6 || i == 8 || i == 10 {
			s = append(s, '-')
		}
		s = append(s, hexDigits[c>>4], hexDigits[c&15])
	}
	return string(s)
}

// genABA draws a routing number that can receive both ACH and wires.
func synGenABA(t *rapid.T, label string) routing.ABA {
	sym := rapid.SampledFrom([]int{1, 2, 5, 9, 12, 21, 26, 32}).Draw(t, label+"_symbol")
	rest := rapid.IntRange(0, 999999).Draw(t, label+"_rest")
	first8 := fmt.Sprintf("%02d%06d", sym, rest)
	d, err := routing.ABACheckDigit(first8)
	if err != nil {
		t.Fatal(err)
	}
	return routing.MustParseABA(first8 + strconv.Itoa(d))
}

func synGenCanadian(t *rapid.T, label string) routing.Canadian {
	c, err := routing.CanadianFrom(fmt.Sprintf("%03d", rapid.IntRange(1, 999).Draw(t, label+"_institution")),
		fmt.Sprintf("%05d", rapid.IntRange(1, 99999).Draw(t, label+"_transit")))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

var synGenCountries = []string{"US", "CA", "DE", "GR", "FR", "GB", "MX", "JP", "XK", "LI"}

func synGenBIC(t *rapid.T, label string) routing.BIC {
	s := rapid.StringMatching(`[A-Z]{4}`).Draw(t, label+"_party") +
		rapid.SampledFrom(synGenCountries).Draw(t, label+"_country") +
		rapid.StringMatching(`[A-Z2-9][A-Z]`).Draw(t, label+"_location") +
		rapid.SampledFrom([]string{"", "XXX", "123", "A1B"}).Draw(t, label+"_branch")
	v, err := routing.ParseBIC(s)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func synGenIBAN(t *rapid.T, label string) iban.IBAN {
	seed := rapid.Uint64().Draw(t, label+"_seed")
	v, err := iban.Generate(rand.New(rand.NewPCG(seed, 0)),
		rapid.SampledFrom([]string{"DE", "GB", "FR", "LI", "NL", "CH", "ES", "IT"}).Draw(t, label+"_country"))
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func synGenTime(t *rapid.T, label string) time.Time {
	return time.Unix(rapid.Int64Range(0, 4102444800).Draw(t, label+"_s"),
		rapid.Int64Range(0, 999999999).Draw(t, label+"_ns")).UTC()
}

// genOptional draws absent, null or a value.
func synGenOptional[T any](t *rapid.T, label string, value *rapid.Generator[T]) account.Optional[T] {
	switch rapid.IntRange(0, 2).Draw(t, label+"_state") {
	case 0:
		return account.Optional[T]{}
	case 1:
		return account.Null[T]()
	}
	return account.Some(value.Draw(t, label))
}

// genSome draws absent or a value (for fields where null is not kept).
func synGenSome[T any](t *rapid.T, label string, value *rapid.Generator[T]) account.Optional[T] {
	if rapid.Bool().Draw(t, label+"_set") {
		return account.Some(value.Draw(t, label))
	}
	return account.Optional[T]{}
}

func synGenMetadata(t *rapid.T, label string) map[string]json.RawMessage {
	if rapid.IntRange(0, 3).Draw(t, label+"_kind") == 0 {
		return nil
	}
	vals := []string{`1`, `"x"`, `null`, `{"a":[true,null,-1.5e3]}`, `[]`, `{}`}
	return rapid.MapOfN(rapid.String(), rapid.Custom(func(t *rapid.T) json.RawMessage {
		return json.RawMessage(rapid.SampledFrom(vals).Draw(t, "v"))
	}), 0, 3).Draw(t, label)
}

var (
	synGenName     = rapid.StringMatching(`[A-Za-z][A-Za-z .'-]{0,20}`)
	synGenText     = rapid.String()
	synGenNonEmpty = rapid.StringN(1, 30, -1)
	synGenCurrency = rapid.SampledFrom([]string{"USD", "EUR", "JPY", "KWD", "CLF", "MXN", "CAD"})
)

func synGenBankAddress(t *rapid.T, label string) *BankAddress {
	if !rapid.Bool().Draw(t, label+"_set") {
		return nil
	}
	return &BankAddress{
		AddressLine1:      synGenText.Draw(t, label+"_line1"),
		AddressLine2:      synGenText.Draw(t, label+"_line2"),
		City:              synGenText.Draw(t, label+"_city"),
		CountryCode:       rapid.SampledFrom(append([]string{""}, synGenCountries...)).Draw(t, label+"_country"),
		IsRegisteredAgent: synGenSome(t, label+"_agent", rapid.Bool()),
		Nickname:          synGenText.Draw(t, label+"_nickname"),
		PostalCode:        synGenText.Draw(t, label+"_postal"),
		State:             synGenText.Draw(t, label+"_state"),
	}
}

func synGenCorrespondent(t *rapid.T, label string) CorrespondentBank {
	b := CorrespondentBank{BankAddress: synGenBankAddress(t, label+"_address"), BankName: synGenText.Draw(t, label+"_name")}
	if rapid.Bool().Draw(t, label+"_has_swift") {
		b.SwiftCode = synGenBIC(t, label+"_swift")
	}
	return b
}

func synGenVerification(t *rapid.T) Verification {
	v := Verification{
		Status: rapid.SampledFrom(verificationStatuses).Draw(t, "verification_status"),
		Vendor: rapid.SampledFrom(verificationVendors).Draw(t, "verification_vendor"),
	}
	if rapid.Bool().Draw(t, "verification_times") {
		v.CreationTime, v.LastUpdatedTime = synGenTime(t, "creation"), synGenTime(t, "updated")
	}
	return v
}

func synGenExternalRequest(t *rapid.T) ExternalAccountRequest {
	r := ExternalAccountRequest{
		AccountIdentifiers: &AccountIdentifiers{},
		AccountOwnerNames:  rapid.SliceOfN(synGenName, 1, 3).Draw(t, "owners"),
		CustomerType:       rapid.SampledFrom(customerTypes).Draw(t, "customer_type"),
		Metadata:           synGenMetadata(t, "metadata"),
		Nickname:           synGenSome(t, "nickname", synGenNonEmpty),
		RoutingIdentifiers: &RoutingIdentifiers{BankName: synGenText.Draw(t, "bank_name")},
		Tenant:             synGenText.Draw(t, "tenant"),
		Type:               rapid.SampledFrom(externalCreateTypes).Draw(t, "type"),
		VendorAccountID:    synGenSome(t, "vendor_account_id", synGenNonEmpty),
	}
	switch rapid.IntRange(0, 2).Draw(t, "identifiers") {
	case 0:
		r.AccountIdentifiers.Number = rapid.StringMatching(`[0-9]{4,17}`).Draw(t, "number")
	case 1:
		r.AccountIdentifiers.IBAN = synGenIBAN(t, "iban")
	default:
		r.AccountIdentifiers.Number = rapid.StringMatching(`[0-9]{4,17}`).Draw(t, "number")
		r.AccountIdentifiers.IBAN = synGenIBAN(t, "iban")
	}
	if rapid.Bool().Draw(t, "business") {
		r.BusinessID = synGenUUID(t, "business_id")
	} else {
		r.CustomerID = synGenUUID(t, "customer_id")
	}
	if rapid.Bool().Draw(t, "has_currency") {
		r.Currency = synGenCurrency.Draw(t, "currency")
	}
	ri := r.RoutingIdentifiers
	if rapid.Bool().Draw(t, "has_ach") {
		ri.ACHRoutingNumber = synGenABA(t, "ach")
	}
	if rapid.Bool().Draw(t, "has_wire") {
		ri.WireRoutingNumber = synGenABA(t, "wire")
	}
	if rapid.Bool().Draw(t, "has_eft") {
		ri.EFTCARoutingNumber = synGenCanadian(t, "eft")
	}
	if rapid.Bool().Draw(t, "has_countries") {
		ri.BankCountries = rapid.SliceOfN(rapid.SampledFrom(synGenCountries), 0, 3).Draw(t, "bank_countries")
	}
	if rapid.Bool().Draw(t, "has_wire_details") {
		w := &InternationalWireDetails{BankAddress: synGenBankAddress(t, "bank_address")}
		if rapid.Bool().Draw(t, "has_swift") {
			w.SwiftCode = synGenBIC(t, "swift")
		}
		if n := rapid.IntRange(-1, 2).Draw(t, "correspondents"); n >= 0 {
			w.CorrespondentBanksDetails = make([]CorrespondentBank, n)
			for i := range n {
				w.CorrespondentBanksDetails[i] = synGenCorrespondent(t, fmt.Sprintf("correspondent%d", i))
			}
		}
		ri.InternationalWireDetails = w
	}
	switch rapid.IntRange(0, 2).Draw(t, "verification") {
	case 1:
		r.Verification = account.Null[Verification]()
	case 2:
		r.Verification = account.Some(synGenVerification(t))
	}
	return r
}

func TestExternalAccountRequestProperties(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		r := synGenExternalRequest(t)
		if err := r.Validate(); err != nil {
			t.Fatalf("generated request is invalid: %v", err)
		}
		body, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		var got ExternalAccountRequest
		if err := account.Decode(body, &got); err != nil {
			t.Fatalf("Decode(%s): %v", body, err)
		}
		if !reflect.DeepEqual(r, got) {
			t.Fatalf("round trip changed the value:\n%#v\n%#v", r, got)
		}
	})
}

// genJSON draws a JSON document whose object keys are mostly field names
// of the Synctera types, so that account.Decode and Validate go deep.
func synGenJSON(t *rapid.T, depth int) any {
	keys := []string{"account_identifiers", "iban", "number", "account_owner_names", "business_id",
		"customer_id", "customer_type", "type", "status", "nickname", "currency", "routing_identifiers",
		"ach_routing_number", "wire_routing_number", "eft_ca_routing_number", "eft_routing_number",
		"international_wire_details", "bank_address", "country_code", "correspondent_banks_details",
		"correspondent_bank_details", "swift_code", "bank_countries", "verification", "vendor",
		"metadata", "vendor_info", "json", "content_type", "spending_limits", "day", "week", "month",
		"lifetime", "transaction", "amount", "transactions", "balance_floor", "balance_ceiling",
		"balance", "relationships", "person_id", "relationship_type", "account_closure",
		"payment_method", "close_date", "balances", "minimum_payment", "id", "extra"}
	kind := rapid.IntRange(0, 8).Draw(t, "kind")
	if depth <= 0 && kind >= 6 {
		kind = 0
	}
	switch kind {
	case 0:
		return nil
	case 1:
		return rapid.Bool().Draw(t, "bool")
	case 2:
		return rapid.SampledFrom([]any{json.Number("87654321"), json.Number("-1"), json.Number("1.5"),
			json.Number("1e400"), json.Number("9223372036854775808"), json.Number("0")}).Draw(t, "number")
	case 3:
		return rapid.SampledFrom([]string{"", "US", "usd", "CHECKING", "ACTIVE", goodUUID, goodABA, seedACH,
			seedEFT, goodEFT, goodBIC, goodIBAN, "LI4476584648937N59B00", "2023-12-25", "2010-05-06T12:23:34.321Z",
			"\u00e9", "<string>"}).Draw(t, "string")
	case 4:
		return rapid.String().Draw(t, "any_string")
	case 5:
		return json.Number(strconv.FormatInt(rapid.Int64().Draw(t, "int"), 10))
	case 6, 7:
		m := map[string]any{}
		for range rapid.IntRange(0, 5).Draw(t, "members") {
			m[rapid.SampledFrom(keys).Draw(t, "key")] = synGenJSON(t, depth-1)
		}
		return m
	}
	n := rapid.IntRange(0, 3).Draw(t, "elements")
	s := make([]any, n)
	for i := range s {
		s[i] = synGenJSON(t, depth-1)
	}
	return s
}

// checkDecodeOutcome asserts that account.Decode returned nil or a
// *account.ValidationError whose every entry has a documented code.
func synCheckDecodeOutcome(t *rapid.T, err error) {
	if err == nil {
		return
	}
	ve, ok := account.AsValidationError(err)
	if !ok {
		if !errors.Is(err, account.ErrMalformed) {
			t.Fatalf("unexpected error %T: %v", err, err)
		}
		return
	}
	if len(ve.Errors) == 0 {
		t.Fatal("empty *account.ValidationError")
	}
	for _, fe := range ve.Errors {
		switch fe.Code {
		case account.CodeRequired, account.CodeForbidden, account.CodeInvalid, account.CodeFormat, account.CodeChecksum, account.CodeUnknownBank,
			account.CodeUnknownCountry, account.CodeNotSupported, account.CodeRange, account.CodeConflict, account.CodeDuplicate, account.CodeNotFound,
			account.CodeTooMany, account.CodeType, account.CodeUnknownField:
		default:
			t.Fatalf("undocumented code %q in %v", fe.Code, fe)
		}
	}
}

// synMutate replaces one member or element of tree, chosen by t, with a
// drawn JSON value.
func synMutate(t *rapid.T, tree any) any {
	var slots []func(any)
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			// Sorted, so that the same draws pick the same slot.
			for _, k := range slices.Sorted(maps.Keys(v)) {
				slots = append(slots, func(x any) { v[k] = x })
				walk(v[k])
			}
		case []any:
			for i, e := range v {
				slots = append(slots, func(x any) { v[i] = x })
				walk(e)
			}
		}
	}
	walk(tree)
	if len(slots) == 0 {
		return tree
	}
	slots[rapid.IntRange(0, len(slots)-1).Draw(t, "slot")](synGenJSON(t, 2))
	return tree
}

func TestSyncteraDecodeNeverPanics(t *testing.T) {
	fixtures := []string{"external_create_request", "external_create_response", "external_patch_request",
		"external_patch_response", "account_create_request", "account_create_response"}
	raw := make([][]byte, len(fixtures))
	for i, f := range fixtures {
		raw[i] = synFixture(t, f)
	}
	rapid.Check(t, func(t *rapid.T) {
		var body []byte
		var err error
		switch rapid.IntRange(0, 2).Draw(t, "source") {
		case 0:
			body = rapid.SliceOf(rapid.Byte()).Draw(t, "bytes")
		case 1:
			body, err = json.Marshal(synGenJSON(t, 5))
		default:
			var tree any
			if err := json.Unmarshal(raw[rapid.IntRange(0, len(raw)-1).Draw(t, "fixture")], &tree); err != nil {
				t.Fatal(err)
			}
			for range rapid.IntRange(1, 4).Draw(t, "mutations") {
				tree = synMutate(t, tree)
			}
			body, err = json.Marshal(tree)
		}
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range []any{&ExternalAccountRequest{}, &ExternalAccount{}, &ExternalAccountPatch{},
			&AccountRequest{}, &Account{}} {
			synCheckDecodeOutcome(t, account.Decode(body, v))
			// Whatever was decoded, validating it again must not panic.
			_ = v.(interface{ Validate() error }).Validate()
		}
		var p ExternalAccountPatch
		if account.Decode(body, &p) == nil {
			_, _ = Apply(p, synValidExternalAccount())
		}
	})
}

func ExampleExternalAccountRequest_Validate() {
	body := `{
	  "account_identifiers": {"number": "78277121"},
	  "account_owner_names": ["Jane Smith", " "],
	  "business_id": "7d943c51-e4ff-4e57-9558-08cab6b963c7",
	  "customer_id": "7d943c51-e4ff-4e57-9558-08cab6b963c7",
	  "customer_type": "BUSINESS",
	  "routing_identifiers": {"ach_routing_number": "021000021", "wire_routing_number": "915075033"},
	  "type": "CHECKING"
	}`
	var r ExternalAccountRequest
	err := account.Decode([]byte(body), &r) // account.Decode runs r.Validate too
	ve, _ := account.AsValidationError(err)
	for _, fe := range ve.Errors {
		fmt.Printf("%s %s: %s\n", fe.Pointer(), fe.Code, fe.Message)
	}
	// Output:
	// /routing_identifiers/wire_routing_number checksum: is not a valid ABA routing number: check digit is 3, want 6
	// /account_owner_names/1 required: must not be blank
	//  conflict: exactly one of business_id and customer_id is allowed, got both
}

// FuzzDecodeExternalAccount checks that account.Decode never panics on any body
// and that, for a body it accepts, encoding is a fixed point: the encoded
// value decodes to a value that encodes the same.
func FuzzDecodeExternalAccount(f *testing.F) {
	for _, name := range []string{"external_create_request", "external_create_response", "external_patch_request"} {
		b, err := os.ReadFile("testdata/" + name + ".json")
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add(synJSONf(f, synValidExternalRequest()))
	f.Add(synJSONf(f, synValidExternalAccount()))
	f.Fuzz(func(t *testing.T, body []byte) {
		for _, newV := range []func() any{
			func() any { return &ExternalAccountRequest{} },
			func() any { return &ExternalAccount{} },
			func() any { return &ExternalAccountPatch{} },
		} {
			v := newV()
			if account.Decode(body, v) != nil {
				continue
			}
			once, err := json.Marshal(v)
			if err != nil {
				t.Fatal(err)
			}
			again := newV()
			if err := account.Decode(once, again); err != nil {
				t.Fatalf("re-decoding %s: %v", once, err)
			}
			twice, err := json.Marshal(again)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(once, twice) {
				t.Fatalf("encoding is not stable:\n%s\n%s", once, twice)
			}
		}
	})
}

func synJSONf(f *testing.F, v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		f.Fatal(err)
	}
	return b
}
