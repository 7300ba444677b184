package artu

import (
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/acctkit/acctkit/account"
	"github.com/acctkit/acctkit/clabe"
	"github.com/acctkit/acctkit/iban"
)

var (
	genUUID = rapid.Custom(func(t *rapid.T) string {
		b := rapid.SliceOfN(rapid.Byte(), 16, 16).Draw(t, "uuid")
		return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
	})
	genText = rapid.StringN(0, 20, 80)
	genType = rapid.SampledFrom([]AccountType{Checking, Savings, Investment, Other})
	// Metadata values are encoded by encoding/json, as a decoded body
	// would hold them after one round.
	genMetadata = rapid.MapOfN(genText, rapid.Custom(func(t *rapid.T) json.RawMessage {
		var v any
		switch rapid.IntRange(0, 5).Draw(t, "kind") {
		case 0:
			v = rapid.Int64().Draw(t, "int")
		case 1:
			v = genText.Draw(t, "string")
		case 2:
			v = rapid.Bool().Draw(t, "bool")
		case 3:
			v = nil
		case 4:
			v = []any{genText.Draw(t, "elem"), rapid.Int32().Draw(t, "n")}
		case 5:
			return json.RawMessage(rapid.SampledFrom([]string{"12345678901234567890.125", "1e400", "-0.000000000000000000001"}).Draw(t, "number"))
		}
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}), 0, 4)
	genRand   = rapid.Custom(func(t *rapid.T) *rand.Rand { return rand.New(rand.NewPCG(rapid.Uint64().Draw(t, "seed"), 0)) })
	clabeBank = rapid.SampledFrom([]string{"002", "012", "014", "021", "036", "044", "072", "127", "137", "646", "999"})
)

// genValidAccount draws the fields of a valid account for one of several
// countries, as a record.
func genValidAccount(t *rapid.T) BankAccount {
	a := BankAccount{ClientID: genUUID.Draw(t, "clientId"), BankName: "Bank " + genText.Draw(t, "bankName")}
	switch rapid.IntRange(0, 3).Draw(t, "country") {
	case 0:
		c, err := clabe.Generate(genRand.Draw(t, "rand"), clabeBank.Draw(t, "bank"))
		require.NoError(t, err)
		a.Country, a.Currency = "MX", rapid.SampledFrom([]string{"MXN", "USD"}).Draw(t, "currency")
		a.AccountNumber = rapid.SampledFrom([]string{c.String(), c.AccountNumber(), "4152313412345678"}).Draw(t, "accountNumber")
		if rapid.Bool().Draw(t, "hasCLABE") {
			a.CLABE = c
		}
		if rapid.Bool().Draw(t, "hasCodigos") && !a.EffectiveCLABE().IsZero() {
			a.CodigoBanco, a.CodigoPlaza = c.BankCode(), c.PlazaCode()
		}
	case 1:
		a.Country, a.Currency = "US", "USD"
		a.AccountNumber = rapid.StringMatching(`[0-9]{4,17}`).Draw(t, "accountNumber")
		a.BankCode = rapid.SampledFrom([]string{"", abaChase, "011000015", "026009593"}).Draw(t, "aba")
	case 2:
		cc := rapid.SampledFrom([]string{"DE", "FR", "GB", "ES", "NO", "MT"}).Draw(t, "ibanCountry")
		v, err := iban.Generate(genRand.Draw(t, "rand"), cc)
		require.NoError(t, err)
		a.Country, a.Currency = cc, "EUR"
		a.AccountNumber = rapid.SampledFrom([]string{v.String(), v.Print()}).Draw(t, "accountNumber")
	case 3:
		a.Country, a.Currency = rapid.SampledFrom([]string{"CA", "JP", "KW", "XK"}).Draw(t, "country"), "CLF"
		a.AccountNumber = rapid.StringMatching(`[0-9A-Z]{1,12}`).Draw(t, "accountNumber")
		a.BankCode = genText.Draw(t, "bankCode")
	}
	if rapid.Bool().Draw(t, "hasType") {
		a.Type = genType.Draw(t, "type")
	}
	a.IsPrimary = rapid.Bool().Draw(t, "isPrimary")
	a.IsActive = rapid.Bool().Draw(t, "isActive")
	a.Label = genText.Draw(t, "label")
	a.ExternalID = genText.Draw(t, "externalId")
	if rapid.Bool().Draw(t, "hasMetadata") {
		a.Metadata = genMetadata.Draw(t, "metadata")
	}
	return a
}

func genValidRecord(t *rapid.T) BankAccount {
	a := genValidAccount(t)
	a.ID = genUUID.Draw(t, "id")
	at := time.Unix(rapid.Int64Range(0, 4e9).Draw(t, "createdAt"), rapid.Int64Range(0, 999999999).Draw(t, "ns")).UTC()
	a.CreatedAt, a.UpdatedAt = at, at.Add(time.Duration(rapid.Int64Range(0, 1e15).Draw(t, "age")))
	return a
}

// genValidItem draws a valid item of any shape; optional fields are left
// out, or set, at random.
func genValidItem(t *rapid.T) SyncItem {
	a := genValidAccount(t)
	var it SyncItem
	shape := rapid.SampledFrom([]string{"create", "update", "delete"}).Draw(t, "shape")
	if shape != "create" {
		it.ID = account.Some(genUUID.Draw(t, "id"))
		if shape == "delete" || rapid.Bool().Draw(t, "explicit _delete") {
			it.Delete = account.Some(shape == "delete")
		}
	}
	opt := func(name string) bool { return shape == "create" || rapid.Bool().Draw(t, name) }
	str := func(name, v string, required bool) account.Optional[string] {
		if required && shape == "create" || v != "" && rapid.Bool().Draw(t, name) {
			return account.Some(v)
		}
		return account.Optional[string]{}
	}
	it.ClientID = str("clientId", a.ClientID, true)
	it.AccountNumber = str("accountNumber", a.AccountNumber, true)
	it.BankName = str("bankName", a.BankName, true)
	it.Country = str("country", a.Country, true)
	it.Currency = str("currency", a.Currency, true)
	it.BankCode = str("bankCode", a.BankCode, false)
	if a.Type != "" {
		it.Type = account.Some(a.Type)
	}
	if opt("isPrimary") {
		it.IsPrimary = account.Some(a.IsPrimary)
	}
	if rapid.Bool().Draw(t, "isActive") {
		it.IsActive = account.Some(a.IsActive)
	}
	if rapid.Bool().Draw(t, "label") {
		it.Label = account.Some(a.Label)
	}
	if rapid.Bool().Draw(t, "externalId") {
		it.ExternalID = account.Some(a.ExternalID)
	}
	if a.Metadata != nil {
		it.Metadata = account.Some(a.Metadata)
	}
	// CLABE fields only with the country, so that an update item never
	// pairs a CLABE with an accountNumber the item does not carry.
	if it.Country.IsSet() && it.AccountNumber.IsSet() {
		if !a.CLABE.IsZero() {
			it.CLABE = account.Some(a.CLABE)
		}
		it.CodigoBanco = str("codigoBanco", a.CodigoBanco, false)
		it.CodigoPlaza = str("codigoPlaza", a.CodigoPlaza, false)
	}
	return it
}

func TestSyncRequestRoundTripProperty(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		req := SyncRequest{Items: rapid.SliceOfN(rapid.Custom(genValidItem), 0, 5).Draw(t, "items")}
		if rapid.Bool().Draw(t, "hasReplaceMode") {
			req.ReplaceMode = account.Some(rapid.Bool().Draw(t, "replaceMode"))
		}
		require.NoError(t, req.Validate())
		body, err := json.Marshal(req)
		require.NoError(t, err)
		var got SyncRequest
		require.NoError(t, account.Decode(body, &got), "%s", body)
		require.Equal(t, req, got)

		// An item's account, stored and then returned, is a valid record.
		for _, it := range req.Items {
			if it.IsCreate() {
				a := it.Account()
				a.ID, a.CreatedAt, a.UpdatedAt = genUUID.Draw(t, "new id"), time.Unix(1, 0), time.Unix(2, 0)
				require.NoError(t, a.Validate())
			}
		}
	})
}

func TestSyncResponseRoundTripProperty(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		resp := SyncResponse{
			Created: rapid.SliceOfN(rapid.Custom(genValidRecord), 0, 3).Draw(t, "created"),
			Updated: rapid.SliceOfN(rapid.Custom(genValidRecord), 0, 3).Draw(t, "updated"),
			Deleted: rapid.SliceOfN(genUUID, 0, 3).Draw(t, "deleted"),
		}
		require.NoError(t, resp.Validate())
		body, err := json.Marshal(resp)
		require.NoError(t, err)
		var got SyncResponse
		require.NoError(t, account.Decode(body, &got), "%s", body)
		require.Equal(t, resp, got)
	})
}

// garbage draws any JSON value, biased towards objects whose keys are the
// ARTU field names.
func garbage(depth int) *rapid.Generator[any] {
	keys := rapid.SampledFrom([]string{"items", "replaceMode", "id", "_delete", "clientId", "accountNumber",
		"bankName", "bankCode", "country", "currency", "type", "isPrimary", "isActive", "label", "externalId",
		"metadata", "clabe", "codigoBanco", "codigoPlaza", "created", "updated", "deleted", "createdAt", "x"})
	strs := rapid.OneOf(rapid.SampledFrom([]string{"", "MX", "US", "DE", "mx", "MXN", "checking", clabeBanamex,
		clabeBadCheck, clabeUnknown, ibanDE, "DE89370400440532013001", abaPlaceholder, "002", "010", "0A0", uuidA,
		"2025-03-01T12:00:00Z", "\xff\xfe", "é"}), rapid.String())
	return rapid.Custom(func(t *rapid.T) any {
		n := rapid.IntRange(0, 7).Draw(t, "kind")
		if depth <= 0 && n >= 5 {
			n = 0
		}
		switch n {
		case 0:
			return strs.Draw(t, "string")
		case 1:
			return rapid.Float64Range(-1e300, 1e300).Draw(t, "number")
		case 2:
			return rapid.Bool().Draw(t, "bool")
		case 3:
			return nil
		case 4:
			return rapid.Int64().Draw(t, "int")
		case 5:
			return rapid.SliceOfN(garbage(depth-1), 0, 4).Draw(t, "array")
		}
		return rapid.MapOfN(keys, garbage(depth-1), 0, 8).Draw(t, "object")
	})
}

// TestDecodeGarbageProperty feeds generated JSON, and generated bytes, to
// account.Decode and every Validate: nothing may panic, and every answer is nil, a
// *account.ValidationError, or (for bytes that are not JSON) account.ErrMalformed.
func TestDecodeGarbageProperty(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		var body []byte
		if rapid.Bool().Draw(t, "raw bytes") {
			body = rapid.SliceOfN(rapid.Byte(), 0, 64).Draw(t, "bytes")
		} else {
			v := garbage(3).Draw(t, "body")
			if rapid.Bool().Draw(t, "wrap in items") {
				v = map[string]any{"items": []any{v}}
			}
			var err error
			body, err = json.Marshal(v)
			require.NoError(t, err)
		}
		for _, target := range []any{new(SyncRequest), new(SyncItem), new(SyncResponse), new(BankAccount)} {
			err := account.Decode(body, target)
			if err == nil {
				continue
			}
			if _, ok := account.AsValidationError(err); !ok {
				require.ErrorIs(t, err, account.ErrMalformed, "%s", body)
			}
		}
	})
}

// TestValidateGarbageProperty builds items and records in Go with any
// strings at all (JSON could not carry some of them) and checks that every
// method copes.
func TestValidateGarbageProperty(t *testing.T) {
	strs := rapid.OneOf(rapid.SampledFrom([]string{"", "MX", "US", "DE", "GF", clabeBanamex, clabeBadCheck,
		clabeUnknown, ibanDE, ibanFR, "de89 3704 0044 0532 0130 00", abaPlaceholder, "002", "500", uuidA}), rapid.String())
	opt := func(t *rapid.T, name string) account.Optional[string] {
		switch rapid.IntRange(0, 2).Draw(t, name) {
		case 0:
			return account.Optional[string]{}
		case 1:
			return account.Null[string]()
		}
		return account.Some(strs.Draw(t, name))
	}
	rapid.Check(t, func(t *rapid.T) {
		it := SyncItem{
			ID: opt(t, "id"), ClientID: opt(t, "clientId"), AccountNumber: opt(t, "accountNumber"),
			BankName: opt(t, "bankName"), BankCode: opt(t, "bankCode"), Country: opt(t, "country"),
			Currency: opt(t, "currency"), Label: opt(t, "label"), ExternalID: opt(t, "externalId"),
			CodigoBanco: opt(t, "codigoBanco"), CodigoPlaza: opt(t, "codigoPlaza"),
		}
		if s, ok := opt(t, "type").Get(); ok {
			it.Type = account.Some(AccountType(s))
		}
		if rapid.Bool().Draw(t, "delete") {
			it.Delete = account.Some(rapid.Bool().Draw(t, "deleteValue"))
		}
		if c, err := clabe.Parse(strs.Draw(t, "clabe")); err == nil {
			it.CLABE = account.Some(c)
		}
		if rapid.Bool().Draw(t, "metadata") {
			it.Metadata = account.Some(map[string]json.RawMessage{strs.Draw(t, "key"): json.RawMessage(strs.Draw(t, "raw"))})
		}
		errs := it.ValidateAt(indexPath("items", 0))
		var secrets []string
		if c, ok := it.CLABE.Get(); ok {
			secrets = append(secrets, c.String())
		}
		if n, ok := it.AccountNumber.Get(); ok && len(n) >= 10 {
			secrets = append(secrets, n)
		}
		for _, fe := range errs {
			require.NotEmpty(t, fe.Code)
			require.NotEmpty(t, fe.Message)
			for _, s := range secrets {
				require.NotContains(t, fe.Message, s, "messages never carry an account number")
			}
		}
		if err := it.Validate(); err != nil {
			var ve *account.ValidationError
			require.True(t, errors.As(err, &ve))
			require.Len(t, ve.Errors, len(errs))
		}
		a := it.ApplyTo(it.Account())
		_ = a.Validate()
		_ = slog.AnyValue(it).Resolve()
		_ = slog.AnyValue(a).Resolve()
		_ = SyncRequest{Items: []SyncItem{it}}.Validate()
	})
}

// TestValidJSONProperty: validJSON, with its fast path, says what
// json.Valid says, on bytes built from the characters that decide it.
func TestValidJSONProperty(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		// Mostly the shapes of the fast path (a quoted string, a number,
		// a word), filled with the characters that decide them.
		v := []byte(rapid.SampledFrom([]string{"", `"`, "-"}).Draw(t, "start") +
			rapid.StringOfN(rapid.SampledFrom([]rune("\"\\-01tr\x00\x1f\x7f\u00e9 ")), 0, 4, -1).Draw(t, "body") +
			rapid.SampledFrom([]string{"", `"`}).Draw(t, "end"))
		require.Equal(t, json.Valid(v), validJSON(v), "%q", v)
		if simpleJSON(v) {
			require.True(t, json.Valid(v), "%q", v)
		}
	})
}

func FuzzValidJSON(f *testing.F) {
	for _, s := range []string{`"sap"`, `12`, `-0`, `01`, `-`, `""`, `"\"`, `"a\u00e9"`, "\"\x7f\"", "\"\x00\"", `true`, `nul`, `1.5`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, v []byte) {
		if got, want := validJSON(v), json.Valid(v); got != want {
			t.Fatalf("validJSON(%q) = %v, json.Valid = %v", v, got, want)
		}
	})
}
