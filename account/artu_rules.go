package account

import (
	"encoding/json"
	"slices"
	"strconv"
	"strings"

	"github.com/acctkit/acctkit/clabe"
	"github.com/acctkit/acctkit/iban"
	"github.com/acctkit/acctkit/internal/ascii"
	"github.com/acctkit/acctkit/internal/iso3166"
	"github.com/acctkit/acctkit/internal/iso4217"
	"github.com/acctkit/acctkit/internal/uuid"
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

// taggedBit returns the bit of a BankAccount field that has a validate
// tag, given validator's Go namespace of it ("BankAccount.ID"), or 0. The
// validator visits only these fields: the others have no tag, and
// skipping them halves the cost. TestTaggedBit keeps it in step with the
// tags.
func taggedBit(ns []byte) fieldSet {
	switch string(ns) {
	case "BankAccount.ID":
		return fID
	case "BankAccount.ClientID":
		return fClientID
	case "BankAccount.AccountNumber":
		return fAccountNumber
	case "BankAccount.BankName":
		return fBankName
	case "BankAccount.Type":
		return fType
	case "BankAccount.CodigoBanco":
		return fCodigoBanco
	case "BankAccount.CodigoPlaza":
		return fCodigoPlaza
	}
	return 0
}

// taggedValid reports whether validator would find no fault in the tagged
// fields of a that set marks, without running it: validator is most of
// the cost of a valid account, so checkAccount calls it only to report a
// fault. It mirrors the tags and the package's uuid and number exactly;
// TestTaggedBit pins the tags and TestTaggedValidProperty compares it with
// validator.
func taggedValid(a *BankAccount, set fieldSet) bool {
	return (set&fID == 0 || uuid.Valid(a.ID)) &&
		(set&fClientID == 0 || uuid.Valid(a.ClientID)) &&
		// min=1 counts runes, and any non-empty string has one.
		(set&fAccountNumber == 0 || a.AccountNumber != "") &&
		(set&fBankName == 0 || a.BankName != "") &&
		// oneof=checking savings investment other
		(set&fType == 0 || a.Type.Valid()) &&
		// len=3 counts runes, but number allows only ASCII digits, one
		// byte each.
		(set&fCodigoBanco == 0 || isDigits(a.CodigoBanco, 3)) &&
		(set&fCodigoPlaza == 0 || isDigits(a.CodigoPlaza, 3))
}

// taggedErrors runs validator over the tagged fields of a that set marks.
func taggedErrors(l *errorList, at Path, a *BankAccount, set fieldSet) {
	structErrors(l, at, *a, func(ns []byte) bool {
		return set&taggedBit(ns) == 0
	})
}

// checkAccount applies the format and ARTU rules to the fields of a that
// set marks present. Required fields are the caller's business: they
// depend on whether a is a record or which shape of item it came from.
// record tells what an absent country means: in a record, not Mexico (the
// seed's MX variant requires country); in an update item, unchanged.
func checkAccount(l *errorList, at Path, a *BankAccount, set fieldSet, record bool) {
	if !taggedValid(a, set) {
		taggedErrors(l, at, a, set)
	}
	// The checks get at and build a field's path only for an error: at is
	// usually "items[i]", and joining paths allocates.
	countryOK := set&fCountry != 0 && checkCountry(l, at, a.Country)
	if set&fCurrency != 0 {
		checkCurrency(l, at, a.Currency)
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
func checkMetadata(l *errorList, at Path, m map[string]json.RawMessage) {
	var bad []string
	for k, v := range m {
		if v != nil && !validJSON(v) {
			bad = append(bad, k)
		}
	}
	slices.Sort(bad) // map order is random; errors are not
	for _, k := range bad {
		l.add(at.Child("metadata").Key(k), CodeFormat, "must be valid JSON", nil)
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

func checkCountry(l *errorList, at Path, cc string) bool {
	if len(cc) != 2 || ascii.IndexNonUpper(cc) >= 0 {
		l.add(at.Child("country"), CodeFormat, "must be an ISO 3166-1 alpha-2 country code in upper case, such as MX", nil)
		return false
	}
	if !iso3166.Known(cc) {
		l.add(at.Child("country"), CodeUnknownCountry, "is not an assigned ISO 3166-1 alpha-2 country code", nil)
		return false
	}
	return true
}

func checkCurrency(l *errorList, at Path, code string) {
	if len(code) != 3 || ascii.IndexNonUpper(code) >= 0 {
		l.add(at.Child("currency"), CodeFormat, "must be an ISO 4217 currency code in upper case, such as MXN", nil)
		return
	}
	if !iso4217.Known(code) {
		l.add(at.Child("currency"), CodeNotSupported, "is not a current ISO 4217 currency code", nil)
	}
}

// checkMexico applies the CLABE rules. mx is false when the country is
// unknown: then an accountNumber is not assumed to be a CLABE, but the
// CLABE fields must still agree with each other.
func checkMexico(l *errorList, at Path, a *BankAccount, set fieldSet, mx bool) {
	var eff clabe.CLABE
	if set&fCLABE != 0 {
		if a.CLABE.IsZero() {
			l.add(at.Child("clabe"), CodeFormat, "must be an 18-digit CLABE, not empty", nil)
		}
		eff = a.CLABE
	}
	if mx && set&fAccountNumber != 0 && len(a.AccountNumber) == clabe.Length && ascii.IndexNonDigit(a.AccountNumber) < 0 {
		c, err := clabe.Parse(a.AccountNumber)
		switch {
		case err != nil:
			code, msg := identifierCode(err)
			l.add(at.Child("accountNumber"), code, "is 18 digits, so a CLABE, but "+strings.TrimPrefix(msg, "is "), err)
		case !eff.IsZero() && eff != c:
			l.add(at.Child("clabe"), CodeConflict, "differs from accountNumber, which is also a CLABE", nil)
		case eff.IsZero():
			eff = c
		}
	}
	if set&fCodigoBanco != 0 && isDigits(a.CodigoBanco, 3) {
		switch {
		case !eff.IsZero() && a.CodigoBanco != eff.BankCode():
			l.add(at.Child("codigoBanco"), CodeConflict,
				"is "+a.CodigoBanco+" but the CLABE's bank code is "+eff.BankCode(), nil)
		case eff.IsZero():
			if _, ok := clabe.LookupBank(a.CodigoBanco); !ok {
				l.add(at.Child("codigoBanco"), CodeUnknownBank, "is not a known CLABE bank code", clabe.ErrUnknownBank)
			}
		}
	}
	if set&fCodigoPlaza != 0 && isDigits(a.CodigoPlaza, 3) && !eff.IsZero() && a.CodigoPlaza != eff.PlazaCode() {
		l.add(at.Child("codigoPlaza"), CodeConflict,
			"is "+a.CodigoPlaza+" but the CLABE's plaza code is "+eff.PlazaCode(), nil)
	}
}

// checkAbroad applies the rules of a valid country other than MX.
func checkAbroad(l *errorList, at Path, a *BankAccount, set fieldSet) {
	forbidCLABEFields(l, at, set)
	if set&fAccountNumber != 0 && looksLikeIBAN(a.AccountNumber) {
		v, err := iban.ParseLoose(a.AccountNumber)
		switch {
		case err != nil:
			code, msg := identifierCode(err)
			l.add(at.Child("accountNumber"), code, "is in IBAN form but "+strings.TrimPrefix(msg, "is "), err)
		case !sameIBANCountry(v.CountryCode(), a.Country):
			l.add(at.Child("accountNumber"), CodeConflict, "is an IBAN of "+v.CountryCode()+", not of "+a.Country, nil)
		}
	}
	if a.Country == "US" && set&fBankCode != 0 {
		if _, err := routing.ParseABA(a.BankCode); err != nil {
			code, msg := identifierCode(err)
			l.add(at.Child("bankCode"), code, msg, err)
		}
	}
}

func forbidCLABEFields(l *errorList, at Path, set fieldSet) {
	for _, f := range [...]struct {
		bit  fieldSet
		name string
	}{{fCLABE, "clabe"}, {fCodigoBanco, "codigoBanco"}, {fCodigoPlaza, "codigoPlaza"}} {
		if set&f.bit != 0 {
			l.add(at.Child(f.name), CodeForbidden, `is only allowed when country is "MX"`, nil)
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

func tooManyItems(n int) string {
	return "has " + strconv.Itoa(n) + " items, at most " + strconv.Itoa(MaxSyncItems) + " are allowed"
}
