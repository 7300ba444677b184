package artu

import (
	"encoding/json"
	"slices"
	"strconv"
	"strings"

	"github.com/acctkit/acctkit/account"
	"github.com/acctkit/acctkit/account/internal/rule"
	"github.com/acctkit/acctkit/clabe"
	"github.com/acctkit/acctkit/iban"
	"github.com/acctkit/acctkit/internal/ascii"
	"github.com/acctkit/acctkit/routing"
)

// fieldSet has one bit per field of the ARTU account and sync item.
type fieldSet uint32

const (
	fID fieldSet = 1 << iota
	fDelete
	fClientID
	fAccountNumber
	fBankName
	fBankCode
	fCountry
	fCurrency
	fType
	fIsPrimary
	fIsActive
	fLabel
	fExternalID
	fMetadata
	fCLABE
	fCodigoBanco
	fCodigoPlaza
	fCreatedAt
	fUpdatedAt
)

const (
	createRequired = fClientID | fAccountNumber | fBankName | fCountry | fCurrency
	recordRequired = fID | fClientID | fAccountNumber | fBankName | fCurrency | fCreatedAt | fUpdatedAt
)

// accountField names one field: its JSON and Go names and, for null
// errors, the JSON kind it must have.
type accountField struct {
	bit        fieldSet
	json, gofn string
	kind       string
}

// accountFields lists BankAccount's fields in declaration order, so errors
// come out in the order a reader sees the fields.
var accountFields = []accountField{
	{fID, "id", "ID", "a string"},
	{fClientID, "clientId", "ClientID", "a string"},
	{fAccountNumber, "accountNumber", "AccountNumber", "a string"},
	{fBankName, "bankName", "BankName", "a string"},
	{fBankCode, "bankCode", "BankCode", "a string"},
	{fCountry, "country", "Country", "a string"},
	{fCurrency, "currency", "Currency", "a string"},
	{fType, "type", "Type", "a string"},
	{fIsPrimary, "isPrimary", "IsPrimary", "a boolean"},
	{fIsActive, "isActive", "IsActive", "a boolean"},
	{fLabel, "label", "Label", "a string"},
	{fExternalID, "externalId", "ExternalID", "a string"},
	{fMetadata, "metadata", "Metadata", "an object"},
	{fCLABE, "clabe", "CLABE", "a string"},
	{fCodigoBanco, "codigoBanco", "CodigoBanco", "a string"},
	{fCodigoPlaza, "codigoPlaza", "CodigoPlaza", "a string"},
	{fCreatedAt, "createdAt", "CreatedAt", "a string"},
	{fUpdatedAt, "updatedAt", "UpdatedAt", "a string"},
}

// itemFields lists SyncItem's fields in declaration order.
var itemFields = func() []accountField {
	fs := []accountField{accountFields[0], {fDelete, "_delete", "Delete", "a boolean"}}
	for _, f := range accountFields[1:] {
		if f.bit&(fCreatedAt|fUpdatedAt) == 0 {
			fs = append(fs, f)
		}
	}
	return fs
}()

// checkAccount applies the format and ARTU rules to the fields of a that
// set marks present. Required fields are the caller's business: they
// depend on whether a is a record or which shape of item it came from.
// record tells what an absent country means: in a record, not Mexico (the
// seed's MX variant requires country); in an update item, unchanged.
func checkAccount(l *account.Collector, at account.Path, a *BankAccount, set fieldSet, record bool) {
	if set&fID != 0 {
		rule.UUID(l, at.Child("id"), a.ID)
	}
	if set&fClientID != 0 {
		rule.UUID(l, at.Child("clientId"), a.ClientID)
	}
	if set&fAccountNumber != 0 {
		rule.NotEmpty(l, at.Child("accountNumber"), a.AccountNumber)
	}
	if set&fBankName != 0 {
		rule.NotEmpty(l, at.Child("bankName"), a.BankName)
	}
	countryOK := set&fCountry != 0 && rule.Country(l, at.Child("country"), a.Country)
	if set&fCurrency != 0 {
		rule.Currency(l, at.Child("currency"), a.Currency)
	}
	if set&fType != 0 {
		rule.Enum(l, at.Child("type"), a.Type, accountTypes)
	}
	if set&fCodigoBanco != 0 && !isDigits(a.CodigoBanco, 3) {
		l.Add(at.Child("codigoBanco"), account.CodeFormat, msgCodigo, nil)
	}
	if set&fCodigoPlaza != 0 && !isDigits(a.CodigoPlaza, 3) {
		l.Add(at.Child("codigoPlaza"), account.CodeFormat, msgCodigo, nil)
	}
	if set&fMetadata != 0 {
		checkMetadata(l, at, a.Metadata)
	}
	switch {
	case countryOK && a.Country != "MX":
		checkAbroad(l, at, a, set)
	case record && set&fCountry == 0:
		forbidCLABEFields(l, at, set)
	default:
		// Mexico, or a country not (validly) given: an update item may
		// carry CLABE fields without the country, which the record it
		// updates supplies.
		checkMexico(l, at, a, set, countryOK)
	}
}

// checkMetadata catches values built in Go that are not JSON (a decoded
// body always holds JSON), which would make encoding the account fail. A
// nil value encodes as null and is fine.
func checkMetadata(l *account.Collector, at account.Path, m map[string]json.RawMessage) {
	var bad []string
	for k, v := range m {
		if v != nil && !validJSON(v) {
			bad = append(bad, k)
		}
	}
	slices.Sort(bad) // map order is random; errors are not
	md := at.Child("metadata")
	for _, k := range bad {
		l.Add(md.Key(k), account.CodeFormat, "must be valid JSON", nil)
	}
}

// validJSON is json.Valid with a fast path for the values metadata
// mostly holds (an ASCII string without escapes, an integer, a literal):
// json.Valid costs a pooled scanner per call, several times the check.
func validJSON(v []byte) bool {
	return simpleJSON(v) || json.Valid(v)
}

// simpleJSON reports whether v is one of the simple JSON values validJSON
// accepts without json.Valid; false says nothing.
func simpleJSON(v []byte) bool {
	switch {
	case len(v) >= 2 && v[0] == '"' && v[len(v)-1] == '"':
		for _, c := range v[1 : len(v)-1] {
			if c < 0x20 || c > 0x7e || c == '"' || c == '\\' {
				return false
			}
		}
		return true
	case string(v) == "true" || string(v) == "false" || string(v) == "null":
		return true
	}
	digits := v
	if len(digits) > 0 && digits[0] == '-' {
		digits = digits[1:]
	}
	if len(digits) == 0 || digits[0] == '0' && len(digits) > 1 {
		return false
	}
	for _, c := range digits {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// checkMexico applies the CLABE rules. mx is false when the country is
// unknown: then an accountNumber is not assumed to be a CLABE, but the
// CLABE fields must still agree with each other.
func checkMexico(l *account.Collector, at account.Path, a *BankAccount, set fieldSet, mx bool) {
	var eff clabe.CLABE
	if set&fCLABE != 0 {
		if a.CLABE.IsZero() {
			l.Add(at.Child("clabe"), account.CodeFormat, "must be an 18-digit CLABE, not empty", nil)
		}
		eff = a.CLABE
	}
	if mx && set&fAccountNumber != 0 && len(a.AccountNumber) == clabe.Length && ascii.IndexNonDigit(a.AccountNumber) < 0 {
		c, err := clabe.Parse(a.AccountNumber)
		switch {
		case err != nil:
			code, msg := account.ClassifyError(err)
			l.Add(at.Child("accountNumber"), code, "is 18 digits, so a CLABE, but "+strings.TrimPrefix(msg, "is "), err)
		case !eff.IsZero() && eff != c:
			l.Add(at.Child("clabe"), account.CodeConflict, "differs from accountNumber, which is also a CLABE", nil)
		case eff.IsZero():
			eff = c
		}
	}
	if set&fCodigoBanco != 0 && isDigits(a.CodigoBanco, 3) {
		switch {
		case !eff.IsZero() && a.CodigoBanco != eff.BankCode():
			l.Add(at.Child("codigoBanco"), account.CodeConflict,
				"is "+a.CodigoBanco+" but the CLABE's bank code is "+eff.BankCode(), nil)
		case eff.IsZero():
			if _, ok := clabe.LookupBank(a.CodigoBanco); !ok {
				l.Add(at.Child("codigoBanco"), account.CodeUnknownBank, "is not a known CLABE bank code", clabe.ErrUnknownBank)
			}
		}
	}
	if set&fCodigoPlaza != 0 && isDigits(a.CodigoPlaza, 3) && !eff.IsZero() && a.CodigoPlaza != eff.PlazaCode() {
		l.Add(at.Child("codigoPlaza"), account.CodeConflict,
			"is "+a.CodigoPlaza+" but the CLABE's plaza code is "+eff.PlazaCode(), nil)
	}
}

// checkAbroad applies the rules of a valid country other than MX.
func checkAbroad(l *account.Collector, at account.Path, a *BankAccount, set fieldSet) {
	forbidCLABEFields(l, at, set)
	if set&fAccountNumber != 0 && looksLikeIBAN(a.AccountNumber) {
		v, err := iban.ParseLoose(a.AccountNumber)
		switch {
		case err != nil:
			code, msg := account.ClassifyError(err)
			l.Add(at.Child("accountNumber"), code, "is in IBAN form but "+strings.TrimPrefix(msg, "is "), err)
		case !sameIBANCountry(v.CountryCode(), a.Country):
			l.Add(at.Child("accountNumber"), account.CodeConflict, "is an IBAN of "+v.CountryCode()+", not of "+a.Country, nil)
		}
	}
	if a.Country == "US" && set&fBankCode != 0 {
		if _, err := routing.ParseABA(a.BankCode); err != nil {
			code, msg := account.ClassifyError(err)
			l.Add(at.Child("bankCode"), code, msg, err)
		}
	}
}

func forbidCLABEFields(l *account.Collector, at account.Path, set fieldSet) {
	for _, f := range [...]struct {
		bit  fieldSet
		name string
	}{{fCLABE, "clabe"}, {fCodigoBanco, "codigoBanco"}, {fCodigoPlaza, "codigoPlaza"}} {
		if set&f.bit != 0 {
			l.Add(at.Child(f.name), account.CodeForbidden, `is only allowed when country is "MX"`, nil)
		}
	}
}

// looksLikeIBAN reports whether s has the shape of an IBAN: two letters,
// two digits, then letters and digits, iban.MinLength to iban.MaxLength
// characters with ASCII spaces removed. A national account number of
// digits never matches, so only what is meant as an IBAN gets its checks.
func looksLikeIBAN(s string) bool {
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == ' ' {
			continue
		}
		c = ascii.ToUpper(c)
		switch {
		case n < 2 && !ascii.IsUpper(c), n >= 2 && n < 4 && !ascii.IsDigit(c), !ascii.IsUpperAlnum(c):
			return false
		}
		n++
		if n > iban.MaxLength {
			return false
		}
	}
	return n >= iban.MinLength
}

// sameIBANCountry reports whether an IBAN with prefix ibanCC belongs to an
// account in country: the same code, or a territory and the country whose
// IBAN format it shares (GF accounts carry FR IBANs).
func sameIBANCountry(ibanCC, country string) bool {
	if ibanCC == country {
		return true
	}
	if c, ok := iban.LookupCountry(country); ok && c.TerritoryOf == ibanCC {
		return true
	}
	c, ok := iban.LookupCountry(ibanCC)
	return ok && c.TerritoryOf == country
}

func isDigits(s string, n int) bool { return len(s) == n && ascii.IndexNonDigit(s) < 0 }

// msgCodigo is the format error of codigoBanco and codigoPlaza.
const msgCodigo = "must be 3 digits"

// tooManyItems is the message of an items list longer than MaxSyncItems
// built in Go (Decode stops reading at the cap, the `wire:"max=250"` of
// SyncRequest.Items, with its own message).
func tooManyItems(n int) string {
	return "has " + strconv.Itoa(n) + " items, at most " + strconv.Itoa(MaxSyncItems) + " are allowed"
}
