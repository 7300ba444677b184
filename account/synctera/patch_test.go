package synctera

import (
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
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

func TestNumberStringDecode(t *testing.T) {
	tests := []struct {
		body string
		want account.NumberString
		err  []synErr
	}{
		{`87654321`, "87654321", nil},
		{`"00087654321"`, "00087654321", nil},
		{`0`, "0", nil},
		// Far beyond float64 precision: kept digit for digit.
		{`123456789012345678901234567890`, "123456789012345678901234567890", nil},
		{`87654321.0`, "", []synErr{{"n", account.CodeType, "must be a string or a whole number, got a number with a sign, fraction or exponent"}}},
		{`8.7654321e7`, "", []synErr{{"n", account.CodeType, "must be a string or a whole number, got a number with a sign, fraction or exponent"}}},
		{`1E3`, "", []synErr{{"n", account.CodeType, "must be a string or a whole number, got a number with a sign, fraction or exponent"}}},
		{`-87654321`, "", []synErr{{"n", account.CodeType, "must be a string or a whole number, got a number with a sign, fraction or exponent"}}},
		{`true`, "", []synErr{{"n", account.CodeType, "must be a string or a whole number, got a boolean"}}},
		{`{}`, "", []synErr{{"n", account.CodeType, "must be a string or a whole number, got an object"}}},
	}
	for _, tt := range tests {
		t.Run(tt.body, func(t *testing.T) {
			var v struct {
				N account.NumberString `json:"n"`
			}
			err := account.Decode([]byte(`{"n":`+tt.body+`}`), &v)
			assert.Equal(t, tt.err, synErrs(t, err))
			assert.Equal(t, tt.want, v.N)
			if err == nil {
				out, err := json.Marshal(v)
				require.NoError(t, err)
				assert.JSONEq(t, `{"n":"`+string(tt.want)+`"}`, string(out))
			}
		})
	}
	var n account.NumberString
	assert.Error(t, json.Unmarshal([]byte(`1.5`), &n), "plain encoding/json refuses fractions too")
}

// existingAccount is the account the Apply tests patch.
func synExistingAccount() ExternalAccount {
	a := synValidExternalAccount()
	a.Nickname = account.Some("old nickname")
	return a
}

func synMustDecodePatch(t *testing.T, body string) ExternalAccountPatch {
	t.Helper()
	var p ExternalAccountPatch
	require.NoError(t, account.Decode([]byte(body), &p), body)
	return p
}

func TestApplyPerField(t *testing.T) {
	before := synExistingAccount()
	tests := []struct {
		name  string
		patch string
		want  func(a *ExternalAccount) // the change from existingAccount
	}{
		{"empty patch", `{}`, func(a *ExternalAccount) {}},
		{"iban absent", `{"account_identifiers":{"number":"1"}}`, func(a *ExternalAccount) {
			a.AccountIdentifiers.Number = "1"
		}},
		{"iban null", `{"account_identifiers":{"iban":null}}`, func(a *ExternalAccount) {
			a.AccountIdentifiers.IBAN = iban.IBAN{}
		}},
		{"iban value", `{"account_identifiers":{"iban":"LI4476584648937N59B00"}}`, func(a *ExternalAccount) {
			a.AccountIdentifiers.IBAN = iban.MustParse("LI4476584648937N59B00")
		}},
		{"number null", `{"account_identifiers":{"number":null}}`, func(a *ExternalAccount) {
			a.AccountIdentifiers.Number = ""
		}},
		{"number as integer", `{"account_identifiers":{"number":87654321}}`, func(a *ExternalAccount) {
			a.AccountIdentifiers.Number = "87654321"
		}},
		{"number as string", `{"account_identifiers":{"number":"0012"}}`, func(a *ExternalAccount) {
			a.AccountIdentifiers.Number = "0012"
		}},
		{"owner names value", `{"account_owner_names":["A","B"]}`, func(a *ExternalAccount) {
			a.AccountOwnerNames = []string{"A", "B"}
		}},
		{"currency null", `{"currency":null}`, func(a *ExternalAccount) { a.Currency = "" }},
		{"currency value", `{"currency":"CAD"}`, func(a *ExternalAccount) { a.Currency = "CAD" }},
		{"nickname null", `{"nickname":null}`, func(a *ExternalAccount) { a.Nickname = account.Null[string]() }},
		{"nickname value", `{"nickname":"new"}`, func(a *ExternalAccount) { a.Nickname = account.Some("new") }},
		{"routing empty object", `{"routing_identifiers":{}}`, func(a *ExternalAccount) {}},
		{"ach null", `{"routing_identifiers":{"ach_routing_number":null}}`, func(a *ExternalAccount) {
			a.RoutingIdentifiers.ACHRoutingNumber = routing.ABA{}
		}},
		{"ach value", `{"routing_identifiers":{"ach_routing_number":"026009593"}}`, func(a *ExternalAccount) {
			a.RoutingIdentifiers.ACHRoutingNumber = routing.MustParseABA("026009593")
		}},
		{"bank name null", `{"routing_identifiers":{"bank_name":null}}`, func(a *ExternalAccount) {
			a.RoutingIdentifiers.BankName = ""
		}},
		{"bank name value", `{"routing_identifiers":{"bank_name":"Chase NA"}}`, func(a *ExternalAccount) {
			a.RoutingIdentifiers.BankName = "Chase NA"
		}},
		{"eft value sets both names", `{"routing_identifiers":{"eft_ca_routing_number":"12345-003"}}`, func(a *ExternalAccount) {
			a.RoutingIdentifiers.EFTCARoutingNumber = routing.MustParseCanadian("000312345")
			a.RoutingIdentifiers.EFTRoutingNumber = routing.MustParseCanadian("000312345")
		}},
		{"eft null clears both names", `{"routing_identifiers":{"eft_ca_routing_number":null}}`, func(a *ExternalAccount) {
			a.RoutingIdentifiers.EFTCARoutingNumber = routing.Canadian{}
			a.RoutingIdentifiers.EFTRoutingNumber = routing.Canadian{}
		}},
		{"network null", `{"routing_identifiers":{"network":null}}`, func(a *ExternalAccount) {
			a.RoutingIdentifiers.Network = ""
		}},
		{"network value", `{"routing_identifiers":{"network":"STELLAR"}}`, func(a *ExternalAccount) {
			a.RoutingIdentifiers.Network = "STELLAR"
		}},
		{"wire null", `{"routing_identifiers":{"wire_routing_number":null}}`, func(a *ExternalAccount) {
			a.RoutingIdentifiers.WireRoutingNumber = routing.ABA{}
		}},
		{"wire value", `{"routing_identifiers":{"wire_routing_number":"021000021"}}`, func(a *ExternalAccount) {
			a.RoutingIdentifiers.WireRoutingNumber = routing.MustParseABA("021000021")
		}},
		{"international wire null", `{"routing_identifiers":{"international_wire_details":null}}`, func(a *ExternalAccount) {
			a.RoutingIdentifiers.BankAddress = nil
			a.RoutingIdentifiers.CorrespondentBankDetails = nil
			a.RoutingIdentifiers.SwiftCode = routing.BIC{}
		}},
		{"swift null", `{"routing_identifiers":{"international_wire_details":{"swift_code":null}}}`, func(a *ExternalAccount) {
			a.RoutingIdentifiers.SwiftCode = routing.BIC{}
		}},
		{"swift value", `{"routing_identifiers":{"international_wire_details":{"swift_code":"DEUTDEFF"}}}`, func(a *ExternalAccount) {
			a.RoutingIdentifiers.SwiftCode = routing.MustParseBIC("DEUTDEFFXXX")
		}},
		{"bank address null", `{"routing_identifiers":{"international_wire_details":{"bank_address":null}}}`, func(a *ExternalAccount) {
			a.RoutingIdentifiers.BankAddress = nil
		}},
		{"bank address merged", `{"routing_identifiers":{"international_wire_details":{"bank_address":
			{"city":"Boston","state":null,"address_line_2":"Floor 2","is_registered_agent":true}}}}`, func(a *ExternalAccount) {
			addr := *a.RoutingIdentifiers.BankAddress // id and address_type are kept
			addr.City, addr.State, addr.AddressLine2, addr.IsRegisteredAgent = "Boston", "", "Floor 2", account.Some(true)
			a.RoutingIdentifiers.BankAddress = &addr
		}},
		{"correspondent banks null", `{"routing_identifiers":{"international_wire_details":{"correspondent_banks_details":null}}}`, func(a *ExternalAccount) {
			a.RoutingIdentifiers.CorrespondentBankDetails = nil
		}},
		{"correspondent banks replaced", `{"routing_identifiers":{"international_wire_details":{"correspondent_banks_details":
			[{"bank_name":"B1","swift_code":"DEUTDEFF","bank_address":{"city":"Frankfurt","country_code":"DE"}},{"bank_name":"B2"}]}}}`, func(a *ExternalAccount) {
			a.RoutingIdentifiers.CorrespondentBankDetails = []CorrespondentBankResponse{
				{BankName: "B1", SwiftCode: routing.MustParseBIC("DEUTDEFF"), BankAddress: &BankAddressResponse{City: "Frankfurt", CountryCode: "DE"}},
				{BankName: "B2"},
			}
		}},
		{"status value", `{"status":"INACTIVE"}`, func(a *ExternalAccount) { a.Status = ExternalInactive }},
		{"status reason null", `{"status_reason":null}`, func(a *ExternalAccount) { a.StatusReason = "" }},
		{"status reason value", `{"status_reason":"fraud review"}`, func(a *ExternalAccount) { a.StatusReason = "fraud review" }},
		{"type value", `{"type":"WALLET"}`, func(a *ExternalAccount) { a.Type = ExternalWallet }},
		{"verification null", `{"verification":null}`, func(a *ExternalAccount) { a.Verification = account.Null[Verification]() }},
		{"verification merged", `{"verification":{"status":"UNVERIFIED","last_updated_time":"2024-01-02T03:04:05Z"}}`, func(a *ExternalAccount) {
			v, _ := a.Verification.Get()
			v.Status, v.LastUpdatedTime = Unverified, time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
			a.Verification = account.Some(v)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			existing := synExistingAccount()
			got, err := Apply(synMustDecodePatch(t, tt.patch), existing)
			require.NoError(t, err)
			want := synExistingAccount()
			tt.want(&want)
			assert.Equal(t, want, got)
			assert.Equal(t, before, existing, "Apply must not modify existing")
		})
	}
}

func TestApplyRejects(t *testing.T) {
	tests := []struct {
		name  string
		patch string
		edit  func(a *ExternalAccount)
		want  []synErr
	}{
		{"account_identifiers null", `{"account_identifiers":null}`, nil,
			[]synErr{{"account_identifiers", account.CodeForbidden, "cannot be cleared: an external account must have one"}}},
		{"last identifier cleared", `{"account_identifiers":{"iban":null,"number":null}}`, nil,
			[]synErr{{"account_identifiers", account.CodeRequired, "must have a number, an iban or both"}}},
		{"only identifier cleared", `{"account_identifiers":{"number":null}}`, func(a *ExternalAccount) {
			a.AccountIdentifiers.IBAN = iban.IBAN{}
		}, []synErr{{"account_identifiers", account.CodeRequired, "must have a number, an iban or both"}}},
		// RFC 7396: only null clears; "" is a value, and not a valid number.
		{"empty number is not a clear", `{"account_identifiers":{"number":""}}`, nil,
			[]synErr{{"account_identifiers.number", account.CodeFormat, "must not be empty"}}},
		{"owner names null", `{"account_owner_names":null}`, nil,
			[]synErr{{"account_owner_names", account.CodeForbidden, "cannot be cleared: an external account must have one"}}},
		{"owner names empty", `{"account_owner_names":[]}`, nil,
			[]synErr{{"account_owner_names", account.CodeRequired, "must name at least one account owner"}}},
		{"owner name blank", `{"account_owner_names":["A"," "]}`, nil,
			[]synErr{{"account_owner_names[1]", account.CodeRequired, "must not be blank"}}},
		{"currency empty", `{"currency":""}`, nil,
			[]synErr{{"currency", account.CodeFormat, "must be an ISO 4217 alphabetic currency code in upper case, such as USD"}}},
		{"currency unknown", `{"currency":"XXY"}`, nil,
			[]synErr{{"currency", account.CodeNotSupported, "is not a current ISO 4217 currency code"}}},
		{"nickname empty", `{"nickname":""}`, nil,
			[]synErr{{"nickname", account.CodeFormat, "must not be empty"}}},
		{"routing null", `{"routing_identifiers":null}`, nil,
			[]synErr{{"routing_identifiers", account.CodeForbidden, "cannot be cleared: an external account must have one"}}},
		{"routing rules", `{"routing_identifiers":{"wire_routing_number":"` + synAbaOfKind(t, "65").String() + `",
			"ach_routing_number":"` + synAbaOfKind(t, "00").String() + `",
			"international_wire_details":{"bank_address":{"country_code":"XX"},
			"correspondent_banks_details":[{"bank_address":{"country_code":"usa"}}]}}}`, nil, []synErr{
			{"routing_identifiers.ach_routing_number", account.CodeInvalid, "is a government routing number, which cannot receive ACH entries"},
			{"routing_identifiers.international_wire_details.bank_address.country_code", account.CodeUnknownCountry, "is not an assigned ISO 3166-1 alpha-2 country code"},
			{"routing_identifiers.international_wire_details.correspondent_banks_details[0].bank_address.country_code", account.CodeFormat, "must be an ISO 3166-1 alpha-2 country code in upper case, such as US"},
			{"routing_identifiers.wire_routing_number", account.CodeInvalid, "is an electronic routing number, which cannot receive Fedwire transfers"},
		}},
		{"status null", `{"status":null}`, nil,
			[]synErr{{"status", account.CodeForbidden, "cannot be cleared: an external account must have one"}}},
		{"status a PATCH cannot set", `{"status":"CLOSED"}`, nil,
			[]synErr{{"status", account.CodeNotSupported, "must be one of: ACTIVE, INACTIVE"}}},
		{"type null", `{"type":null}`, nil,
			[]synErr{{"type", account.CodeForbidden, "cannot be cleared: an external account must have one"}}},
		{"type a PATCH cannot set", `{"type":"CREDIT_CARD"}`, nil,
			[]synErr{{"type", account.CodeNotSupported, "must be one of: CHECKING, CRYPTO_WALLET, OTHER_BANK_ACCOUNT, SAVINGS, WALLET"}}},
		{"verification enums", `{"verification":{"status":"MAYBE","vendor":"ACME"}}`, nil, []synErr{
			{"verification.status", account.CodeNotSupported, "must be one of: VERIFIED, UNVERIFIED"},
			{"verification.vendor", account.CodeNotSupported, "must be one of: FINICITY, MANUAL, PLAID"},
		}},
		{"partial verification of an unverified account", `{"verification":{"status":"VERIFIED"}}`, func(a *ExternalAccount) {
			a.Verification = account.Null[Verification]()
		}, []synErr{{"verification.vendor", account.CodeRequired, "is required"}}},
		{"deleted account", `{"nickname":"x"}`, func(a *ExternalAccount) { a.Status = ExternalDeleted },
			[]synErr{{"", account.CodeForbidden, "external account is DELETED and cannot be patched"}}},
		{"closed account", `{"status":"ACTIVE"}`, func(a *ExternalAccount) { a.Status = ExternalClosed },
			[]synErr{{"", account.CodeForbidden, "external account is CLOSED and cannot be patched"}}},
		{"all errors together", `{"status":null,"type":null,"nickname":"","account_owner_names":[]}`, nil, []synErr{
			{"account_owner_names", account.CodeRequired, "must name at least one account owner"},
			{"nickname", account.CodeFormat, "must not be empty"},
			{"status", account.CodeForbidden, "cannot be cleared: an external account must have one"},
			{"type", account.CodeForbidden, "cannot be cleared: an external account must have one"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			existing := synExistingAccount()
			if tt.edit != nil {
				tt.edit(&existing)
			}
			var p ExternalAccountPatch
			// account.Decode runs the patch's own Validate; Apply adds what depends
			// on the account.
			_ = account.Decode([]byte(tt.patch), &p)
			got, err := Apply(p, existing)
			assert.Equal(t, tt.want, synErrs(t, err))
			assert.Zero(t, got)
		})
	}
	_, err := Apply(ExternalAccountPatch{}, ExternalAccount{Status: ExternalDeleted})
	assert.ErrorIs(t, err, ErrTerminalStatus)
}

func TestPatchUnpatchableFields(t *testing.T) {
	// Fields a PATCH body does not define are refused by account.Decode, so they
	// cannot be changed silently.
	for _, body := range []string{
		`{"id":"3c90c3cc-0d44-4b50-8888-8dd25736052a"}`,
		`{"business_id":"3c90c3cc-0d44-4b50-8888-8dd25736052a"}`,
		`{"customer_id":"3c90c3cc-0d44-4b50-8888-8dd25736052a"}`,
		`{"creation_time":"2010-05-06T12:23:34.321Z"}`,
		`{"metadata":{}}`,
		`{"tenant":"t"}`,
		`{"vendor_account_id":"v"}`,
		`{"routing_identifiers":{"bank_countries":["US"]}}`,
		`{"routing_identifiers":{"swift_code":"DEUTDEFF"}}`,
	} {
		var p ExternalAccountPatch
		err := account.Decode([]byte(body), &p)
		errs := synErrs(t, err)
		require.Len(t, errs, 1, body)
		assert.Equal(t, account.CodeUnknownField, errs[0].Code, body)
	}
}

func TestPatchSeedApply(t *testing.T) {
	// The PATCH seed, with its invalid routing numbers replaced, applied to
	// the POST seed's response (also repaired).
	tree := synTree(t, synFixture(t, "external_patch_request"))
	synSet(t, tree, "routing_identifiers.ach_routing_number", goodABA)
	synSet(t, tree, "routing_identifiers.eft_ca_routing_number", goodEFT)
	synSet(t, tree, "routing_identifiers.wire_routing_number", goodABA2)
	var p ExternalAccountPatch
	require.NoError(t, account.Decode(synJSON(t, tree), &p))

	existing := synValidExternalAccount()
	existing.AccountIdentifiers.Number = "78277121"
	got, err := Apply(p, existing)
	require.NoError(t, err)
	assert.Equal(t, "87654321", got.AccountIdentifiers.Number)
	assert.Equal(t, "LI4476584648937N59B00", got.AccountIdentifiers.IBAN.String())
	assert.Equal(t, NetworkAlgorand, got.RoutingIdentifiers.Network)
	assert.Equal(t, "CHASUS3AXXX", got.RoutingIdentifiers.SwiftCode.String())
	assert.Equal(t, goodEFT, got.RoutingIdentifiers.EFTRoutingNumber.String())
	require.Len(t, got.RoutingIdentifiers.CorrespondentBankDetails, 1)
	assert.Equal(t, "Bank of Greece", got.RoutingIdentifiers.CorrespondentBankDetails[0].BankName)
	assert.Equal(t, goodUUID, got.RoutingIdentifiers.BankAddress.ID, "merge keeps the address id")
	assert.Equal(t, "<string>", got.StatusReason)
	require.NoError(t, got.Validate())
}

func TestApplyDoesNotAlias(t *testing.T) {
	names := []string{"A"}
	p := ExternalAccountPatch{AccountOwnerNames: account.Some(names)}
	got, err := Apply(p, synExistingAccount())
	require.NoError(t, err)
	names[0] = "changed"
	assert.Equal(t, []string{"A"}, got.AccountOwnerNames)
	assert.False(t, slices.Equal(names, got.AccountOwnerNames))
}

func ExampleApply() {
	existing := ExternalAccount{
		AccountIdentifiers: AccountIdentifiers{Number: "78277121"},
		AccountOwnerNames:  []string{"Jane Smith"},
		Nickname:           account.Some("Vacation savings"),
		Status:             ExternalActive,
		Type:               ExternalChecking,
		StatusReason:       "opened",
	}
	var patch ExternalAccountPatch
	body := `{"account_identifiers":{"number":87654321},"nickname":null,"status":"INACTIVE"}`
	if err := account.Decode([]byte(body), &patch); err != nil {
		fmt.Println(err)
		return
	}
	updated, err := Apply(patch, existing)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(updated.AccountIdentifiers.Number, updated.Nickname.IsNull(), updated.Status, updated.StatusReason)

	_, err = Apply(ExternalAccountPatch{Type: account.Null[ExternalAccountType]()}, existing)
	fmt.Println(err)
	// Output:
	// 87654321 true INACTIVE opened
	// validation failed: type: cannot be cleared: an external account must have one
}

func synGenAddressPatch(t *rapid.T) BankAddressPatch {
	return BankAddressPatch{
		AddressLine1:      synGenOptional(t, "p_line1", synGenText),
		AddressLine2:      synGenOptional(t, "p_line2", synGenText),
		City:              synGenOptional(t, "p_city", synGenText),
		CountryCode:       synGenOptional(t, "p_country", rapid.SampledFrom(synGenCountries)),
		IsRegisteredAgent: synGenOptional(t, "p_agent", rapid.Bool()),
		Nickname:          synGenOptional(t, "p_nickname", synGenText),
		PostalCode:        synGenOptional(t, "p_postal", synGenText),
		State:             synGenOptional(t, "p_state", synGenText),
	}
}

func synGenPatch(t *rapid.T) ExternalAccountPatch {
	p := ExternalAccountPatch{
		Currency:     synGenOptional(t, "currency", synGenCurrency),
		Nickname:     synGenOptional(t, "nickname", synGenNonEmpty),
		StatusReason: synGenOptional(t, "status_reason", synGenText),
		Status:       synGenSome(t, "status", rapid.SampledFrom(externalPatchStatuses)),
		Type:         synGenSome(t, "type", rapid.SampledFrom(externalPatchTypes)),
	}
	if rapid.Bool().Draw(t, "has_identifiers") {
		ai := AccountIdentifiersPatch{Number: synGenOptional(t, "number",
			rapid.Map(rapid.StringMatching(`[0-9]{4,17}`), func(s string) account.NumberString { return account.NumberString(s) }))}
		if rapid.Bool().Draw(t, "has_iban") {
			ai.IBAN = account.Some(synGenIBAN(t, "iban"))
		}
		p.AccountIdentifiers = account.Some(ai)
	}
	if rapid.Bool().Draw(t, "has_names") {
		p.AccountOwnerNames = account.Some(rapid.SliceOfN(synGenName, 1, 3).Draw(t, "names"))
	}
	if rapid.Bool().Draw(t, "has_routing") {
		var ri RoutingIdentifiersPatch
		ri.BankName = synGenOptional(t, "bank_name", synGenText)
		ri.Network = synGenOptional(t, "network", rapid.Map(synGenNonEmpty, func(s string) Network { return Network(s) }))
		if rapid.Bool().Draw(t, "ach_null") {
			ri.ACHRoutingNumber = account.Null[routing.ABA]()
		} else if rapid.Bool().Draw(t, "ach_set") {
			ri.ACHRoutingNumber = account.Some(synGenABA(t, "ach"))
		}
		if rapid.Bool().Draw(t, "wire_set") {
			ri.WireRoutingNumber = account.Some(synGenABA(t, "wire"))
		}
		if rapid.Bool().Draw(t, "eft_set") {
			ri.EFTCARoutingNumber = account.Some(synGenCanadian(t, "eft"))
		}
		switch rapid.IntRange(0, 2).Draw(t, "wire_details") {
		case 1:
			ri.InternationalWireDetails = account.Null[InternationalWireDetailsPatch]()
		case 2:
			var w InternationalWireDetailsPatch
			switch rapid.IntRange(0, 2).Draw(t, "address") {
			case 1:
				w.BankAddress = account.Null[BankAddressPatch]()
			case 2:
				w.BankAddress = account.Some(synGenAddressPatch(t))
			}
			switch rapid.IntRange(0, 2).Draw(t, "correspondents") {
			case 1:
				w.CorrespondentBanksDetails = account.Null[[]CorrespondentBank]()
			case 2:
				banks := make([]CorrespondentBank, rapid.IntRange(0, 2).Draw(t, "n"))
				for i := range banks {
					banks[i] = synGenCorrespondent(t, fmt.Sprintf("c%d", i))
				}
				w.CorrespondentBanksDetails = account.Some(banks)
			}
			if rapid.Bool().Draw(t, "swift_set") {
				w.SwiftCode = account.Some(synGenBIC(t, "swift"))
			}
			ri.InternationalWireDetails = account.Some(w)
		}
		p.RoutingIdentifiers = account.Some(ri)
	}
	switch rapid.IntRange(0, 2).Draw(t, "verification") {
	case 1:
		p.Verification = account.Null[VerificationPatch]()
	case 2:
		p.Verification = account.Some(VerificationPatch{
			CreationTime:    synGenOptional(t, "v_creation", rapid.Custom(func(t *rapid.T) time.Time { return synGenTime(t, "c") })),
			LastUpdatedTime: synGenOptional(t, "v_updated", rapid.Custom(func(t *rapid.T) time.Time { return synGenTime(t, "u") })),
			Status:          synGenOptional(t, "v_status", rapid.SampledFrom(verificationStatuses)),
			Vendor:          synGenOptional(t, "v_vendor", rapid.SampledFrom(verificationVendors)),
		})
	}
	return p
}

func TestExternalAccountPatchProperties(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p := synGenPatch(t)
		body, err := json.Marshal(p)
		if err != nil {
			t.Fatal(err)
		}
		var got ExternalAccountPatch
		if err := account.Decode(body, &got); err != nil {
			t.Fatalf("Decode(%s): %v", body, err)
		}
		if !reflect.DeepEqual(p, got) {
			t.Fatalf("round trip changed the patch:\n%#v\n%#v", p, got)
		}

		existing := synValidExternalAccount()
		existing.Status = rapid.SampledFrom(externalPatchStatuses).Draw(t, "existing_status")
		once, err := Apply(p, existing)
		if err != nil {
			// Only the rules that depend on the result may refuse a valid
			// patch.
			for _, fe := range synErrsRapid(t, err) {
				if fe.Path != "account_identifiers" && !strings.HasPrefix(fe.Path, "verification.") {
					t.Fatalf("unexpected refusal %v", fe)
				}
			}
			return
		}
		// A merge patch is idempotent.
		twice, err := Apply(p, once)
		if err != nil {
			t.Fatalf("second Apply: %v", err)
		}
		if !reflect.DeepEqual(once, twice) {
			t.Fatalf("Apply is not idempotent:\n%#v\n%#v", once, twice)
		}
		if p.Status.IsSet() {
			s, _ := p.Status.Get()
			if once.Status != s {
				t.Fatalf("status %q not applied", s)
			}
		}
		if p.Nickname.IsSet() && once.Nickname != p.Nickname {
			t.Fatalf("nickname %v not applied", p.Nickname)
		}
		if err := once.Validate(); err != nil {
			t.Fatalf("patched account is invalid: %v", err)
		}
	})
}

func synErrsRapid(t *rapid.T, err error) []account.FieldError {
	ve, ok := account.AsValidationError(err)
	if !ok {
		t.Fatalf("want a *account.ValidationError, got %T: %v", err, err)
	}
	return ve.Errors
}

func TestApplyEmptyPatchKeepsAccount(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		a := synValidExternalAccount()
		a.Nickname = synGenOptional(t, "nickname", synGenText)
		a.Verification = synGenOptional(t, "verification", rapid.Custom(synGenVerification))
		got, err := Apply(ExternalAccountPatch{}, a)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(a, got) {
			t.Fatalf("empty patch changed the account")
		}
	})
}
