package account

import (
	"errors"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/go-playground/validator/v10"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/acctkit/acctkit/clabe"
	"github.com/acctkit/acctkit/iban"
	"github.com/acctkit/acctkit/internal/uuid"
	"github.com/acctkit/acctkit/routing"
)

// userPayout is a struct of a user's own, with acctkit's tags on strings
// and on the value types.
type userPayout struct {
	IBAN      string           `json:"iban" validate:"omitempty,iban"`
	CLABE     string           `json:"clabe" validate:"omitempty,clabe"`
	ABA       string           `json:"aba" validate:"omitempty,aba"`
	BIC       string           `json:"bic" validate:"omitempty,bic"`
	Transit   string           `json:"transit" validate:"omitempty,ca_routing"`
	IBANValue iban.IBAN        `json:"ibanValue" validate:"required,iban"`
	CLABEVal  clabe.CLABE      `json:"clabeValue" validate:"omitempty,clabe"`
	ABAValue  routing.ABA      `json:"abaValue" validate:"omitempty,aba"`
	BICValue  routing.BIC      `json:"bicValue" validate:"omitempty,bic"`
	CAValue   routing.Canadian `json:"caValue" validate:"omitempty,ca_routing"`
	Wrong     iban.IBAN        `json:"wrong" validate:"omitempty,clabe"`
}

func TestRegisterValidations(t *testing.T) {
	assert.ErrorIs(t, RegisterValidations(nil), ErrNilValidator)

	v := validator.New()
	require.NoError(t, RegisterValidations(v))

	ok := userPayout{
		IBAN: ibanDE, CLABE: clabeBanamex, ABA: abaChase, BIC: "DEUTDEFF", Transit: "000412345",
		IBANValue: iban.MustParse(ibanFR), CLABEVal: clabe.MustParse(clabeBBVA), ABAValue: routing.MustParseABA(abaChase),
		BICValue: routing.MustParseBIC("BBVAMXMM"), CAValue: routing.MustParseCanadian("000412345"),
	}
	require.NoError(t, v.Struct(ok))

	bad := userPayout{
		IBAN: "DE89370400440532013001", CLABE: clabeBadCheck, ABA: abaPlaceholder, BIC: "DEUTXXFF", Transit: "12345",
		Wrong: iban.MustParse(ibanDE),
	}
	err := v.Struct(bad)
	var verrs validator.ValidationErrors
	require.ErrorAs(t, err, &verrs)
	var failed []string
	for _, fe := range verrs {
		failed = append(failed, fe.Field()+" "+fe.Tag())
	}
	assert.Equal(t, []string{"IBAN iban", "CLABE clabe", "ABA aba", "BIC bic", "Transit ca_routing",
		"IBANValue required", "Wrong clabe"}, failed)
}

func TestStructErrorsTranslation(t *testing.T) {
	type inner struct {
		SWIFT string `json:"swift_code" validate:"bic"`
	}
	type body struct {
		Number   string           `json:"number" validate:"required"`
		Kind     string           `json:"kind" validate:"oneof=A B"`
		Count    int              `json:"count" validate:"gte=0,lte=10"`
		Names    []string         `json:"names" validate:"max=1"`
		ID       string           `json:"id" validate:"uuid"`
		ABA      string           `json:"aba" validate:"aba"`
		IBAN     string           `json:"iban" validate:"iban"`
		Banks    []inner          `json:"banks" validate:"dive"`
		Digits   string           `json:"digits" validate:"len=3,number"`
		Ordered  int              `json:"ordered" validate:"ltefield=Count"`
		Untagged string           `json:"untagged"`
		Value    routing.Canadian `json:"ca" validate:"required"`
	}
	b := body{Kind: "C", Count: 11, Names: []string{"a", "b"}, ID: "x", ABA: abaPlaceholder, IBAN: "XX00",
		Banks: []inner{{"DEUTDEFF"}, {"nope"}}, Digits: "1a3", Ordered: 12}
	var l errorList
	structErrors(&l, NewPath("routing_identifiers"), b, nil)
	got := codes(l.errs)
	assert.Equal(t, []string{
		"routing_identifiers.number required",
		"routing_identifiers.kind not_supported",
		"routing_identifiers.count range",
		"routing_identifiers.names too_many",
		"routing_identifiers.id format",
		"routing_identifiers.aba checksum",
		"routing_identifiers.iban unknown_country",
		"routing_identifiers.banks[1].swift_code format",
		"routing_identifiers.digits format",
		"routing_identifiers.ordered range",
		"routing_identifiers.ca required",
	}, got)
	msgs := map[string]string{}
	for _, fe := range l.errs {
		msgs[fe.Path] = fe.Message
	}
	assert.Equal(t, "must be one of: A, B", msgs["routing_identifiers.kind"])
	assert.Equal(t, "must be at most 10", msgs["routing_identifiers.count"])
	assert.Equal(t, "must have at most 1 entries", msgs["routing_identifiers.names"])
	assert.Equal(t, "is not a valid ABA routing number: check digit is 3, want 6", msgs["routing_identifiers.aba"])
	assert.Equal(t, "must contain only digits", msgs["routing_identifiers.digits"])
	assert.Equal(t, "must be at most Count", msgs["routing_identifiers.ordered"])

	// The identifier packages' errors are reachable through the result.
	err := (&ValidationError{Errors: l.errs})
	assert.ErrorIs(t, err, routing.ErrChecksum)
	assert.ErrorIs(t, err, iban.ErrUnknownCountry)
	var pe *routing.ParseError
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, "ValidateABA", pe.Func, "the first error in the list")

	// A root path gives bare field names; not a struct is a bug, reported.
	l = errorList{}
	structErrors(&l, Path{}, struct {
		N int `json:"n" validate:"min=1"`
	}{}, nil)
	assert.Equal(t, []string{"n range"}, codes(l.errs))
	l = errorList{}
	structErrors(&l, Path{}, 42, nil)
	assert.Equal(t, []string{" invalid"}, codes(l.errs))
}

func TestIsUUID(t *testing.T) {
	for _, s := range []string{uuidA, strings.ToUpper(uuidA), "00000000-0000-0000-0000-000000000000"} {
		assert.True(t, uuid.Valid(s), s)
		assert.NoError(t, std.Var(s, "uuid"))
	}
	for _, s := range []string{"", "x", uuidA[:35], uuidA + "0", "3f1c2a9e8d4b-4c6f-9a2e-1b7d5e0c4a21-", "{" + uuidA[1:35] + "}",
		"3f1c2a9e-8d4b-4c6f-9a2e-1b7d5e0c4a2g", "3f1c2a9e_8d4b_4c6f_9a2e_1b7d5e0c4a21"} {
		assert.False(t, uuid.Valid(s), s)
		assert.Error(t, std.Var(s, "uuid"), s)
		// Same answer as validator's own regular expression.
		assert.Error(t, validator.New().Var(s, "uuid"), s)
	}
}

// exportedStructs holds a value of every exported struct type in the
// package's files this test covers (see TestExportedStructsListed).
var exportedStructs = []any{
	BankAccount{}, SyncRequest{}, SyncItem{}, SyncResponse{},
	FieldError{}, ValidationError{}, Problem{}, ProblemError{}, Path{},
	Optional[string]{}, Optional[SyncItem]{},
	// Synctera accounts.
	AccountClosure{}, AccountRestrictions{}, AccountSecurity{}, Balance{}, BalanceCeiling{}, BalanceFloor{},
	BillingPeriod{}, ClosureCase{}, ClosureValidation{}, Date{}, MinimumPayment{}, Relationship{},
	SpendingLimit{}, SpendingLimits{}, StopPayment{}, SyncteraAccount{}, SyncteraAccountRequest{}, TransactionLimit{},
	// Synctera external accounts.
	AccountIdentifiers{}, BankAddress{}, BankAddressResponse{}, CorrespondentBank{}, CorrespondentBankResponse{},
	ExternalAccount{}, ExternalAccountRequest{}, InternationalWireDetails{}, RoutingIdentifiers{},
	RoutingIdentifiersResponse{}, VendorData{}, VendorInfo{}, Verification{},
	AccountIdentifiersPatch{}, BankAddressPatch{}, ExternalAccountPatch{}, InternationalWireDetailsPatch{},
	RoutingIdentifiersPatch{}, VerificationPatch{},
}

// TestExportedStructsValidate runs the shared validator, and Validate where
// there is one, over every exported struct: a malformed validate tag
// panics on first use, and this is where it must happen, not at a user's
// first request.
func TestExportedStructsValidate(t *testing.T) {
	for _, v := range exportedStructs {
		name := reflect.TypeOf(v).String()
		assert.NotPanics(t, func() {
			var l errorList
			structErrors(&l, Path{}, v, nil)
			for _, fe := range l.errs {
				assert.NotEqual(t, CodeInvalid, fe.Code, "%s: %v", name, fe)
			}
		}, name)
		if val, ok := v.(interface{ Validate() error }); ok {
			assert.NotPanics(t, func() { _ = val.Validate() }, name)
		}
	}
}

// TestExportedStructsListed keeps exportedStructs complete: every exported
// struct type declared in the package must be in the list.
func TestExportedStructsListed(t *testing.T) {
	listed := map[string]bool{}
	for _, v := range exportedStructs {
		name, _, _ := strings.Cut(reflect.TypeOf(v).Name(), "[")
		listed[name] = true
	}
	entries, err := os.ReadDir(".")
	require.NoError(t, err)
	var missing []string
	fset := token.NewFileSet()
	for _, e := range entries {
		n := e.Name()
		if !strings.HasSuffix(n, ".go") || strings.HasSuffix(n, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, n, nil, parser.SkipObjectResolution)
		require.NoError(t, err)
		for _, d := range f.Decls {
			gd, ok := d.(*ast.GenDecl)
			if !ok || gd.Tok != token.TYPE {
				continue
			}
			for _, s := range gd.Specs {
				ts := s.(*ast.TypeSpec)
				if _, isStruct := ts.Type.(*ast.StructType); isStruct && ts.Name.IsExported() && !listed[ts.Name.Name] {
					missing = append(missing, n+": "+ts.Name.Name)
				}
			}
		}
	}
	slices.Sort(missing)
	assert.Empty(t, missing, "add a value of each to exportedStructs")
}

func TestIdentifierCode(t *testing.T) {
	parse := func(f func(string) error, s string) error { return f(s) }
	for _, tc := range []struct {
		err  error
		code string
		msg  string
		is   error
	}{
		{parse(clabe.Validate, clabeBadCheck), CodeChecksum, "is not a valid CLABE: check digit is 9, want 1", clabe.ErrChecksum},
		{parse(clabe.Validate, clabeUnknown), CodeUnknownBank, "is not a valid CLABE: unknown bank code 500", clabe.ErrUnknownBank},
		{parse(clabe.Validate, "0020100777777777"), CodeFormat, "is not a valid CLABE: length is 16, want 18", clabe.ErrLength},
		{parse(clabe.Validate, "00201007777777777x"), CodeFormat, "", clabe.ErrCharacter},
		{parse(iban.Validate, "DE89370400440532013001"), CodeChecksum, "is not a valid IBAN: check digits are 89, want 62", iban.ErrChecksum},
		{parse(iban.Validate, "DE01370400440532013000"), CodeChecksum, "", iban.ErrCheckDigits},
		{parse(iban.Validate, "QQ89370400440532013000"), CodeUnknownCountry, "", iban.ErrUnknownCountry},
		{parse(iban.Validate, "DE8937040044053201300"), CodeFormat, "", iban.ErrLength},
		{parse(iban.Validate, "de89370400440532013000"), CodeFormat, "", iban.ErrCharacter},
		{parse(routing.ValidateABA, abaPlaceholder), CodeChecksum, "is not a valid ABA routing number: check digit is 3, want 6", routing.ErrChecksum},
		{parse(routing.ValidateABA, "02100002"), CodeFormat, "", routing.ErrLength},
		{parse(routing.ValidateABA, "000000000"), CodeFormat, "", nil},
		{parse(routing.ValidateABA, "991000009"), CodeFormat, "", routing.ErrPrefix},
		{parse(routing.ValidateBIC, "DEUTQQFF"), CodeUnknownCountry, "", routing.ErrUnknownCountry},
		{parse(routing.ValidateBIC, "DEUT"), CodeFormat, "", routing.ErrLength},
		{parse(routing.ValidateCanadian, "100412345"), CodeFormat, "", routing.ErrPrefix},
		{errors.New("some other failure"), CodeInvalid, "some other failure", nil},
	} {
		require.Error(t, tc.err)
		code, msg := identifierCode(tc.err)
		assert.Equal(t, tc.code, code, "%v", tc.err)
		if tc.msg != "" {
			assert.Equal(t, tc.msg, msg, "%v", tc.err)
		}
		if tc.is != nil {
			assert.ErrorIs(t, tc.err, tc.is)
		}
		for _, full := range []string{clabeBadCheck, clabeUnknown, "DE89370400440532013001", "QQ89370400440532013000"} {
			assert.NotContains(t, msg, full)
		}
	}
	var bic routing.BIC
	err := bic.UnmarshalText([]byte("DEUTDEF"))
	code, msg := identifierCode(err)
	assert.Equal(t, CodeFormat, code)
	assert.True(t, strings.HasPrefix(msg, "is not a valid BIC: "), msg)
	var ca routing.Canadian
	err = ca.UnmarshalText([]byte("1234"))
	_, msg = identifierCode(err)
	assert.True(t, strings.HasPrefix(msg, "is not a valid Canadian routing number: "), msg)
}

// taggedValidTags are the validate tags of BankAccount that taggedValid
// mirrors. A tag added to or changed on BankAccount fails TestTaggedBit
// until taggedValid, and then this list, follow it.
var taggedValidTags = map[string]string{
	"ID":            "uuid",
	"ClientID":      "uuid",
	"AccountNumber": "min=1",
	"BankName":      "min=1",
	"Type":          "oneof=checking savings investment other",
	"CodigoBanco":   "len=3,number",
	"CodigoPlaza":   "len=3,number",
}

func TestTaggedBit(t *testing.T) {
	typ := reflect.TypeFor[BankAccount]()
	require.Equal(t, typ.NumField(), len(accountFields))
	for i, f := range accountFields {
		sf := typ.Field(i)
		require.Equal(t, f.gofn, sf.Name, "accountFields follows the declaration order")
		require.Equal(t, f.json, jsonName(sf))
		want := fieldSet(0)
		if sf.Tag.Get("validate") != "" {
			want = f.bit
		}
		assert.Equal(t, want, taggedBit([]byte("BankAccount."+sf.Name)), sf.Name)
		assert.Equal(t, taggedValidTags[sf.Name], sf.Tag.Get("validate"), "%s: taggedValid does not implement this tag", sf.Name)
	}
}

// taggedValidOracle is what taggedValid stands for: validator, run on the
// fields of set, reports nothing.
func taggedValidOracle(a *BankAccount, set fieldSet) bool {
	var l errorList
	taggedErrors(&l, Path{}, a, set)
	return len(l.errs) == 0
}

// TestTaggedValid: the edges of each tag, validator's answer first.
func TestTaggedValid(t *testing.T) {
	var all fieldSet
	for _, f := range accountFields {
		all |= f.bit
	}
	for _, tc := range []struct {
		name string
		set  fieldSet
		edit func(a *BankAccount)
		want bool
	}{
		{"full MX", all, func(*BankAccount) {}, true},
		{"zero value, nothing present", 0, func(a *BankAccount) { *a = BankAccount{} }, true},
		{"zero value, all present", all, func(a *BankAccount) { *a = BankAccount{} }, false},
		{"fault in a field not present", all &^ fType, func(a *BankAccount) { a.Type = "Checking" }, true},
		{"upper-case UUID", fID, func(a *BankAccount) { a.ID = strings.ToUpper(uuidA) }, true},
		{"UUID without dashes", fID, func(a *BankAccount) { a.ID = strings.ReplaceAll(uuidA, "-", "") }, false},
		{"UUID with g", fClientID, func(a *BankAccount) { a.ClientID = client[:35] + "g" }, false},
		{"UUID with a non-ASCII rune", fClientID, func(a *BankAccount) { a.ClientID = client[:35] + "é" }, false},
		{"UUID of 35", fClientID, func(a *BankAccount) { a.ClientID = client[:35] }, false},
		{"empty accountNumber", fAccountNumber, func(a *BankAccount) { a.AccountNumber = "" }, false},
		{"one-rune accountNumber", fAccountNumber, func(a *BankAccount) { a.AccountNumber = "é" }, true},
		{"invalid UTF-8 bankName", fBankName, func(a *BankAccount) { a.BankName = "\xff" }, true},
		{"empty bankName", fBankName, func(a *BankAccount) { a.BankName = "" }, false},
		{"every type", fType, func(a *BankAccount) { a.Type = BankAccountInvestment }, true},
		{"type in upper case", fType, func(a *BankAccount) { a.Type = "Savings" }, false},
		{"type with a space", fType, func(a *BankAccount) { a.Type = "other " }, false},
		{"two types", fType, func(a *BankAccount) { a.Type = "checking savings" }, false},
		{"quoted type", fType, func(a *BankAccount) { a.Type = "'other'" }, false},
		{"empty type", fType, func(a *BankAccount) { a.Type = "" }, false},
		{"codigo of 2 digits", fCodigoBanco, func(a *BankAccount) { a.CodigoBanco = "02" }, false},
		{"codigo of 4 digits", fCodigoPlaza, func(a *BankAccount) { a.CodigoPlaza = "0100" }, false},
		{"codigo with a letter", fCodigoPlaza, func(a *BankAccount) { a.CodigoPlaza = "01a" }, false},
		{"codigo of 3 non-ASCII runes", fCodigoBanco, func(a *BankAccount) { a.CodigoBanco = "ééé" }, false},
		{"codigo of 3 Arabic-Indic digits", fCodigoBanco, func(a *BankAccount) { a.CodigoBanco = "٠٠٢" }, false},
		{"codigo of 3 bytes, 1 rune", fCodigoPlaza, func(a *BankAccount) { a.CodigoPlaza = "€" }, false},
		{"empty codigo", fCodigoPlaza, func(a *BankAccount) { a.CodigoPlaza = "" }, false},
	} {
		a := fullMX()
		tc.edit(&a)
		require.Equal(t, tc.want, taggedValidOracle(&a, tc.set), "%s: validator", tc.name)
		assert.Equal(t, tc.want, taggedValid(&a, tc.set), tc.name)
	}
}
