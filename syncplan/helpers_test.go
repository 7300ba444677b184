package syncplan

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/acctkit/acctkit/account"
	"github.com/acctkit/acctkit/account/artu"
	"github.com/acctkit/acctkit/clabe"
)

const (
	client = "8a6e0804-2bd0-4672-b79d-d97027f9071a"
	other  = "0b5e7c1d-93a4-4f2e-8c6b-5d4e3f2a1b0c"

	idA = "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa" // MX Banamex, primary
	idB = "bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb" // US JPMorgan
	idC = "cccccccc-cccc-4ccc-8ccc-cccccccccccc" // DE Commerzbank
	idD = "dddddddd-dddd-4ddd-8ddd-dddddddddddd" // another client's
	idE = "eeeeeeee-eeee-4eee-8eee-eeeeeeeeeeee" // MX BBVA, stored without defaults
	idU = "12345678-1234-4234-8234-123456789abc" // no account has it

	clabeBanamex = "002010077777777771"
	clabeBBVA    = "012180012345678909"
	clabeOther   = "014320655012345670"
	ibanDE       = "DE89370400440532013000"
)

var (
	t0  = time.Date(2024, 1, 15, 9, 30, 0, 0, time.UTC)
	now = time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
)

// base is the store of the scenario tests: four accounts of client and
// one of other.
func base() []artu.BankAccount {
	return []artu.BankAccount{
		{ID: idA, ClientID: client, AccountNumber: "0123456789", BankName: "Banamex", Country: "MX", Currency: "MXN",
			Type: artu.Checking, IsPrimary: true, IsActive: true, ExternalID: "erp-A",
			CLABE: clabe.MustParse(clabeBanamex), CodigoBanco: "002", CodigoPlaza: "010", CreatedAt: t0, UpdatedAt: t0},
		{ID: idB, ClientID: client, AccountNumber: "000123456789", BankName: "JPMorgan Chase", BankCode: "021000021",
			Country: "US", Currency: "USD", Type: artu.Savings, IsActive: true, CreatedAt: t0, UpdatedAt: t0},
		{ID: idC, ClientID: client, AccountNumber: ibanDE, BankName: "Commerzbank", Country: "DE", Currency: "EUR",
			Type: artu.Investment, IsActive: true, Metadata: map[string]json.RawMessage{"tier": json.RawMessage(`"gold"`)},
			CreatedAt: t0, UpdatedAt: t0},
		{ID: idD, ClientID: other, AccountNumber: "555000111", BankName: "Other Bank", Country: "US", Currency: "USD",
			Type: artu.Checking, IsActive: true, CreatedAt: t0, UpdatedAt: t0},
		// Stored before defaults were filled in: no type, no codigos.
		{ID: idE, ClientID: client, AccountNumber: clabeBBVA, BankName: "BBVA México", Country: "MX", Currency: "MXN",
			IsActive: true, CreatedAt: t0, UpdatedAt: t0},
	}
}

// counter returns a NewID that yields 00000000-0000-4000-8000-000000000001,
// ...02, and so on.
func counter() func() string {
	n := 0
	return func() string {
		n++
		return fmt.Sprintf("00000000-0000-4000-8000-%012x", n)
	}
}

func fixed() func() time.Time { return func() time.Time { return now } }

func testOptions(match bool) Options {
	return Options{MatchExisting: match, Now: fixed(), NewID: counter()}
}

// request decodes body with encoding/json, so that Compute, not
// account.Decode, is what checks it.
func request(t testing.TB, body string) artu.SyncRequest {
	t.Helper()
	var r artu.SyncRequest
	require.NoError(t, json.Unmarshal([]byte(body), &r), body)
	return r
}

var names = map[string]string{idA: "A", idB: "B", idC: "C", idD: "D", idE: "E"}

func name(id string) string {
	if n, ok := names[strings.ToLower(id)]; ok {
		return n
	}
	if rest, ok := strings.CutPrefix(id, "00000000-0000-4000-8000-"); ok {
		return "new" + strings.TrimLeft(rest, "0")
	}
	return id
}

// lines renders a plan compactly for the scenario table:
// "<marker> <account> <reason> [items[i]] [field,field]".
func lines(p *Plan) []string {
	out := []string{}
	for i := range p.Changes {
		c := &p.Changes[i]
		s := markers[c.Action] + " " + name(c.ID()) + " " + string(c.Reason)
		if c.Item != NoItem {
			s += fmt.Sprintf(" items[%d]", c.Item)
		}
		if len(c.Fields) > 0 {
			s += " " + strings.Join(c.Fields, ",")
		}
		out = append(out, s)
	}
	return out
}

// problems renders a *account.ValidationError as "path code" lines.
func problems(t testingT, err error) []string {
	t.Helper()
	ve, ok := account.AsValidationError(err)
	require.True(t, ok, "want a *account.ValidationError, got %v", err)
	out := make([]string, len(ve.Errors))
	for i, fe := range ve.Errors {
		out[i] = fe.Path + " " + fe.Code
	}
	return out
}

func find(t testing.TB, accts []artu.BankAccount, id string) artu.BankAccount {
	t.Helper()
	for _, a := range accts {
		if a.ID == id {
			return a
		}
	}
	require.FailNow(t, "no such account", "id %s", id)
	return artu.BankAccount{}
}

func mustCLABE(s string) clabe.CLABE { return clabe.MustParse(s) }

// manyAccounts returns n valid accounts of client with distinct natural
// keys, half with metadata, a tenth Mexican with a CLABE.
func manyAccounts(n int) []artu.BankAccount {
	out := make([]artu.BankAccount, n)
	for i := range out {
		a := artu.BankAccount{
			ID: fmt.Sprintf("%08x-0000-4000-8000-%012x", i, i), ClientID: client,
			AccountNumber: fmt.Sprintf("%010d", i), BankName: "Bank of Tests", Country: "US", Currency: "USD",
			Type: artu.Checking, IsActive: true, Label: "operating", ExternalID: fmt.Sprintf("ext-%d", i),
			CreatedAt: t0, UpdatedAt: t0,
		}
		if i%2 == 0 {
			a.Metadata = map[string]json.RawMessage{"erp": json.RawMessage(`"sap"`), "seq": json.RawMessage(fmt.Sprint(i))}
		}
		if i%10 == 0 {
			c, err := clabe.New("002", "010", fmt.Sprint(i))
			if err != nil {
				panic(err)
			}
			a.Country, a.Currency, a.CLABE, a.CodigoBanco, a.CodigoPlaza = "MX", "MXN", c, "002", "010"
		}
		out[i] = a
	}
	return out
}
