package syncplan

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/acctkit/acctkit/account"
	"github.com/acctkit/acctkit/account/artu"
	"github.com/acctkit/acctkit/clabe"
	"github.com/acctkit/acctkit/iban"
)

// The generators draw accounts from small pools, so that natural keys,
// externalIds and primaries collide often.
var (
	genCLABEs = func() []clabe.CLABE {
		var out []clabe.CLABE
		for _, p := range [][3]string{{"002", "010", "1"}, {"012", "180", "2"}, {"014", "320", "3"}, {"002", "010", "4"}} {
			c, err := clabe.New(p[0], p[1], p[2])
			if err != nil {
				panic(err)
			}
			out = append(out, c)
		}
		return out
	}()
	genIBANs = func() []string {
		var out []string
		for _, bban := range []string{"370400440532013000", "370400440532013001"} {
			v, err := iban.New("DE", bban)
			if err != nil {
				panic(err)
			}
			out = append(out, v.String())
		}
		return out
	}()
	currencies = map[string]string{"MX": "MXN", "US": "USD", "DE": "EUR", "GB": "GBP"}
)

// genIdentity draws the fields that make the natural key: country, bank
// and account number.
func genIdentity(t *rapid.T, a *artu.BankAccount) {
	a.Country = rapid.SampledFrom([]string{"MX", "US", "DE", "GB"}).Draw(t, "country")
	a.Currency = currencies[a.Country]
	a.BankCode, a.CLABE, a.CodigoBanco, a.CodigoPlaza = "", clabe.CLABE{}, "", ""
	switch a.Country {
	case "MX":
		c := rapid.SampledFrom(genCLABEs).Draw(t, "clabe")
		a.BankName = rapid.SampledFrom([]string{"Banamex", "BBVA"}).Draw(t, "bankName")
		if rapid.Bool().Draw(t, "clabeAsNumber") {
			a.AccountNumber = c.String()
		} else {
			a.CLABE = c
			a.AccountNumber = rapid.SampledFrom([]string{"0123", "4567"}).Draw(t, "accountNumber")
		}
	case "US":
		a.AccountNumber = rapid.SampledFrom([]string{"111", "222", "2-22"}).Draw(t, "accountNumber")
		a.BankCode = rapid.SampledFrom([]string{"021000021", "026009593", ""}).Draw(t, "bankCode")
		a.BankName = rapid.SampledFrom([]string{"Chase", "BofA"}).Draw(t, "bankName")
	case "DE":
		a.AccountNumber = rapid.SampledFrom(genIBANs).Draw(t, "accountNumber")
		a.BankName = "Commerzbank"
	default:
		a.AccountNumber = rapid.SampledFrom([]string{"12345678", "1234 5678", "87654321"}).Draw(t, "accountNumber")
		a.BankName = rapid.SampledFrom([]string{"Barclays", "barclays", "HSBC"}).Draw(t, "bankName")
	}
}

func genMetadata(t *rapid.T) map[string]json.RawMessage {
	switch rapid.IntRange(0, 3).Draw(t, "metadata") {
	case 1:
		return map[string]json.RawMessage{"k": json.RawMessage(`1`)}
	case 2:
		return map[string]json.RawMessage{"k": json.RawMessage(` 1 `)}
	case 3:
		return map[string]json.RawMessage{}
	}
	return nil
}

func genID(t *rapid.T, prefix byte, n int) string {
	id := fmt.Sprintf("%c0000000-0000-4000-8000-%012x", prefix, n)
	if rapid.IntRange(0, 9).Draw(t, "upperID") == 0 {
		id = strings.ToUpper(id)
	}
	return id
}

// genExisting draws the client's accounts (at most one primary) and a few
// of another client, interleaved.
func genExisting(t *rapid.T) []artu.BankAccount {
	n := rapid.IntRange(0, 10).Draw(t, "accounts")
	primary := rapid.IntRange(-1, n-1).Draw(t, "primary")
	var out []artu.BankAccount
	for i := range n {
		a := artu.BankAccount{ID: genID(t, 'a', i), ClientID: client, CreatedAt: t0, UpdatedAt: t0}
		genIdentity(t, &a)
		a.Type = rapid.SampledFrom([]artu.AccountType{"", "checking", "savings", "other"}).Draw(t, "type")
		a.IsActive = rapid.IntRange(0, 4).Draw(t, "inactive") > 0
		a.IsPrimary = i == primary
		a.Label = rapid.SampledFrom([]string{"", "a", "b"}).Draw(t, "label")
		a.ExternalID = rapid.SampledFrom([]string{"", "", "e1", "e2"}).Draw(t, "externalId")
		a.Metadata = genMetadata(t)
		out = append(out, a)
	}
	for i := range rapid.IntRange(0, 3).Draw(t, "others") {
		a := artu.BankAccount{ID: genID(t, 'b', i), ClientID: other, CreatedAt: t0, UpdatedAt: t0, IsActive: true,
			IsPrimary: i == 0, ExternalID: "e1"}
		genIdentity(t, &a)
		out = append(out, a)
	}
	return rapid.Permutation(out).Draw(t, "order")
}

func someBool(t *rapid.T, label string, item *account.Optional[bool]) {
	switch rapid.IntRange(0, 3).Draw(t, label) {
	case 1:
		*item = account.Some(false)
	case 2:
		*item = account.Some(true)
	}
}

// genRequest draws items that update, delete and create accounts, with
// ids of the client, of another client, and of nobody.
func genRequest(t *rapid.T, existing []artu.BankAccount) artu.SyncRequest {
	var ids, foreign []string
	for _, a := range existing {
		if a.ClientID == client {
			ids = append(ids, a.ID)
		} else {
			foreign = append(foreign, a.ID)
		}
	}
	foreign = append(foreign, idU)
	req := artu.SyncRequest{Items: []artu.SyncItem{}}
	for range rapid.IntRange(0, 8).Draw(t, "items") {
		var it artu.SyncItem
		k := rapid.IntRange(0, 9).Draw(t, "kind")
		switch {
		case k < 4 && len(ids) > 0: // update
			it.ID = account.Some(strings.ToLower(rapid.SampledFrom(ids).Draw(t, "id")))
			someBool(t, "isPrimary", &it.IsPrimary)
			someBool(t, "isActive", &it.IsActive)
			if rapid.Bool().Draw(t, "setLabel") {
				it.Label = account.Some(rapid.SampledFrom([]string{"", "a", "c"}).Draw(t, "label"))
			}
			if rapid.IntRange(0, 3).Draw(t, "setExternalId") == 0 {
				it.ExternalID = account.Some(rapid.SampledFrom([]string{"e1", "e2", "e3"}).Draw(t, "externalId"))
			}
			if rapid.IntRange(0, 3).Draw(t, "setMetadata") == 0 {
				it.Metadata = account.Some(genMetadata(t))
			}
			if rapid.IntRange(0, 3).Draw(t, "setType") == 0 {
				it.Type = account.Some(rapid.SampledFrom([]artu.AccountType{"checking", "savings"}).Draw(t, "type"))
			}
			if rapid.IntRange(0, 4).Draw(t, "rekey") == 0 {
				var a artu.BankAccount
				genIdentity(t, &a)
				setIdentity(&it, &a)
			}
		case k < 6 && len(ids) > 0: // delete
			it.ID = account.Some(rapid.SampledFrom(ids).Draw(t, "id"))
			it.Delete = account.Some(true)
		case k == 6: // not this client's
			it.ID = account.Some(rapid.SampledFrom(foreign).Draw(t, "foreignId"))
			it.Label = account.Some("x")
		default: // create
			var a artu.BankAccount
			genIdentity(t, &a)
			setIdentity(&it, &a)
			it.ClientID = account.Some(client)
			if rapid.IntRange(0, 19).Draw(t, "foreignClient") == 0 {
				it.ClientID = account.Some(other)
			}
			someBool(t, "isPrimary", &it.IsPrimary)
			someBool(t, "isActive", &it.IsActive)
			if rapid.Bool().Draw(t, "setExternalId") {
				it.ExternalID = account.Some(rapid.SampledFrom([]string{"e1", "e2", "e3", "e4"}).Draw(t, "externalId"))
			}
		}
		req.Items = append(req.Items, it)
	}
	switch rapid.IntRange(0, 2).Draw(t, "replaceMode") {
	case 1:
		req.ReplaceMode = account.Some(false)
	case 2:
		req.ReplaceMode = account.Some(true)
	}
	return req
}

// setIdentity copies the natural-key fields of a into an item.
func setIdentity(it *artu.SyncItem, a *artu.BankAccount) {
	it.Country = account.Some(a.Country)
	it.Currency = account.Some(a.Currency)
	it.AccountNumber = account.Some(a.AccountNumber)
	it.BankName = account.Some(a.BankName)
	if a.BankCode != "" {
		it.BankCode = account.Some(a.BankCode)
	}
	if !a.CLABE.IsZero() {
		it.CLABE = account.Some(a.CLABE)
	}
}

var knownCodes = []string{account.CodeRequired, account.CodeForbidden, account.CodeInvalid, account.CodeFormat,
	account.CodeChecksum, account.CodeUnknownBank, account.CodeUnknownCountry, account.CodeNotSupported,
	account.CodeRange, account.CodeConflict, account.CodeDuplicate, account.CodeNotFound, account.CodeTooMany,
	account.CodeType, account.CodeUnknownField}

// checkRejection asserts the shape of a refusal: a validation error whose
// every problem points into the request with a known code.
func checkRejection(t testingT, req artu.SyncRequest, err error) {
	t.Helper()
	ve, ok := account.AsValidationError(err)
	require.True(t, ok, "want a *account.ValidationError, got %v", err)
	require.NotEmpty(t, ve.Errors)
	for _, fe := range ve.Errors {
		require.Contains(t, knownCodes, fe.Code)
		require.True(t, fe.Path == "items" || fe.Path == "replaceMode" || strings.HasPrefix(fe.Path, "items["), fe.Path)
		require.NotEmpty(t, fe.Message)
	}
}

func TestPlanProperties(t *testing.T) {
	planned, runs := 0, 0
	rapid.Check(t, func(t *rapid.T) {
		existing := genExisting(t)
		req := genRequest(t, existing)
		match := rapid.Bool().Draw(t, "matchExisting")
		runs++
		p, err := Compute(client, existing, req, testOptions(match))
		if err != nil {
			checkRejection(t, req, err)
			return
		}
		planned++
		checkInvariants(t, client, existing, req, p)
		checkReplan(t, client, existing, req, p, match)

		// The order of the existing slice does not matter.
		shuffled := rapid.Permutation(existing).Draw(t, "shuffled")
		p2, err := Compute(client, shuffled, req, testOptions(match))
		require.NoError(t, err)
		require.Equal(t, p, p2)
	})
	t.Logf("%d of %d generated requests planned", planned, runs)
	// The properties above hold vacuously for rejected requests: make
	// sure enough are accepted.
	require.Greater(t, planned*4, runs, "only %d of %d generated requests planned", planned, runs)
}

// TestRejectionProperties: a rejected request is rejected whatever the
// order of the existing accounts, with the same errors.
func TestRejectionProperties(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		existing := genExisting(t)
		req := genRequest(t, existing)
		match := rapid.Bool().Draw(t, "matchExisting")
		_, err := Compute(client, existing, req, testOptions(match))
		_, err2 := Compute(client, rapid.Permutation(existing).Draw(t, "shuffled"), req, testOptions(match))
		require.Equal(t, err, err2)
	})
}

// genChanges draws what a concurrent writer may do to the stored accounts
// between planning and applying: one to three edits, insertions or
// deletions.
func genChanges(t *rapid.T, existing []artu.BankAccount) []artu.BankAccount {
	out := slices.Clone(existing)
	for k := range rapid.IntRange(1, 3).Draw(t, "changes") {
		if len(out) == 0 || rapid.IntRange(0, 8).Draw(t, "add") == 0 {
			a := artu.BankAccount{ID: genID(t, 'c', k), ClientID: client, CreatedAt: t0, UpdatedAt: t0, IsActive: true,
				IsPrimary: rapid.Bool().Draw(t, "primary"), ExternalID: rapid.SampledFrom([]string{"", "e1", "e2", "e3"}).Draw(t, "externalId")}
			genIdentity(t, &a)
			out = append(out, a)
			continue
		}
		i := rapid.IntRange(0, len(out)-1).Draw(t, "which")
		a := &out[i]
		switch rapid.IntRange(0, 8).Draw(t, "edit") {
		case 0:
			a.Label += "!"
		case 1:
			genIdentity(t, a)
		case 2:
			a.ExternalID = rapid.SampledFrom([]string{"", "e1", "e2", "e3"}).Draw(t, "externalId")
		case 3:
			a.IsPrimary = !a.IsPrimary
		case 4:
			a.IsActive = !a.IsActive
		case 5:
			a.UpdatedAt = a.UpdatedAt.Add(time.Second)
		case 6:
			a.ClientID = rapid.SampledFrom([]string{client, other}).Draw(t, "clientId")
		case 7:
			out = append(out, *a) // the store now holds the id twice
		default:
			out = slices.Delete(out, i, i+1)
		}
	}
	return out
}

// TestVerifyProperties: a plan verifies against changed accounts only if
// computing it again from them gives the same plan. That is what makes it
// safe to apply a verified plan: it is the plan of the accounts as they
// are.
func TestVerifyProperties(t *testing.T) {
	var changed, passed, falseStale int
	rapid.Check(t, func(t *rapid.T) {
		existing := genExisting(t)
		req := genRequest(t, existing)
		match := rapid.Bool().Draw(t, "matchExisting")
		p, err := Compute(client, existing, req, testOptions(match))
		if err != nil {
			return
		}
		now := genChanges(t, existing)
		changed++
		verr := p.Verify(now)
		q, qerr := Compute(client, now, req, testOptions(match))
		if verr == nil {
			passed++
			require.NoError(t, qerr)
			require.Equal(t, p.Changes, q.Changes)
			require.Equal(t, p.Basis, q.Basis)
			require.Equal(t, p.Fingerprint, q.Fingerprint)
			return
		}
		require.True(t, errors.Is(verr, ErrStale) || errors.Is(verr, ErrExisting), "%v", verr)
		if qerr == nil && reflect.DeepEqual(p.Changes, q.Changes) {
			falseStale++
		}
	})
	t.Logf("%d plans against changed accounts: %d still verified, %d refused though planning again gives the same changes",
		changed, passed, falseStale)
	require.Positive(t, passed, "some changes leave a plan valid")
}
