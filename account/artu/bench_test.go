package artu

import (
	"encoding/json"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/acctkit/acctkit/account"
	"github.com/acctkit/acctkit/clabe"
)

// fullMX is an ARTU MX record with every field set.
func fullMX() BankAccount {
	at := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	return BankAccount{
		ID: uuidA, ClientID: client, AccountNumber: clabeBanamex, BankName: "Banamex", BankCode: "002",
		Country: "MX", Currency: "MXN", Type: Checking, IsPrimary: true, IsActive: true,
		Label: "Nómina", ExternalID: "erp-00017",
		Metadata: map[string]json.RawMessage{"tier": json.RawMessage(`"gold"`), "limit": json.RawMessage("12345678901234567890.125")},
		CLABE:    clabe.MustParse(clabeBanamex), CodigoBanco: "002", CodigoPlaza: "010",
		CreatedAt: at, UpdatedAt: at,
	}
}

func fullMXItem() SyncItem {
	a := fullMX()
	return SyncItem{
		ClientID: account.Some(a.ClientID), AccountNumber: account.Some(a.AccountNumber), BankName: account.Some(a.BankName),
		BankCode: account.Some(a.BankCode), Country: account.Some(a.Country), Currency: account.Some(a.Currency), Type: account.Some(a.Type),
		IsPrimary: account.Some(a.IsPrimary), IsActive: account.Some(a.IsActive), Label: account.Some(a.Label), ExternalID: account.Some(a.ExternalID),
		Metadata: account.Some(a.Metadata), CLABE: account.Some(a.CLABE), CodigoBanco: account.Some(a.CodigoBanco), CodigoPlaza: account.Some(a.CodigoPlaza),
	}
}

// TestValidateAllocs: validating a valid record, item or full request
// allocates nothing, so that a regression fails a test and not only a
// benchmark nobody reads.
func TestValidateAllocs(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector adds allocations of its own")
	}
	a, it := fullMX(), fullMXItem()
	req := SyncRequest{Items: make([]SyncItem, MaxSyncItems), ReplaceMode: account.Some(true)}
	for i := range req.Items {
		req.Items[i] = it
	}
	require.NoError(t, a.Validate())
	require.NoError(t, it.Validate())
	require.NoError(t, req.Validate())
	resp := SyncResponse{Created: []BankAccount{a}, Updated: []BankAccount{a}, Deleted: []string{uuidA}}
	require.NoError(t, resp.Validate())
	assert.Zero(t, testing.AllocsPerRun(100, func() { _ = a.Validate() }))
	assert.Zero(t, testing.AllocsPerRun(100, func() { _ = it.Validate() }))
	assert.Zero(t, testing.AllocsPerRun(20, func() { _ = req.Validate() }))
	assert.Zero(t, testing.AllocsPerRun(100, func() { _ = resp.Validate() }))
}

// TestValidateAtAllocs: on the valid path the sync planner takes for each
// item, at a path such as items[3], a full MX item and a full record
// allocate nothing: a field's path is built on the stack and rendered
// only for an error.
func TestValidateAtAllocs(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector adds allocations of its own")
	}
	a, it := fullMX(), fullMXItem()
	at := indexPath("items", 3)
	require.Empty(t, a.ValidateAt(at))
	require.Empty(t, it.ValidateAt(at))
	assert.Zero(t, testing.AllocsPerRun(100, func() { _ = a.ValidateAt(at) }))
	assert.Zero(t, testing.AllocsPerRun(100, func() { _ = it.ValidateAt(at) }))
}

func BenchmarkValidateBankAccountMX(b *testing.B) {
	a := fullMX()
	b.ReportAllocs()
	for b.Loop() {
		if err := a.Validate(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkValidateSyncItemMX(b *testing.B) {
	it := fullMXItem()
	b.ReportAllocs()
	for b.Loop() {
		if err := it.Validate(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDecodeSyncRequest decodes and validates the 7-item fixture.
func BenchmarkDecodeSyncRequest(b *testing.B) {
	body, err := os.ReadFile("testdata/sync_request.json")
	require.NoError(b, err)
	b.ReportAllocs()
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		var r SyncRequest
		if err := account.Decode(body, &r); err != nil {
			b.Fatal(err)
		}
	}
}

// indexPath is name[i], kept on the heap for tests that hold it.
func indexPath(name string, i int) account.Path {
	p := account.NewPath(name)
	return p.Index(i)
}
