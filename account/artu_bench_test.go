package account

import (
	"encoding/json"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/acctkit/acctkit/clabe"
)

// fullMX is an ARTU MX record with every field set.
func fullMX() BankAccount {
	at := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	return BankAccount{
		ID: uuidA, ClientID: client, AccountNumber: clabeBanamex, BankName: "Banamex", BankCode: "002",
		Country: "MX", Currency: "MXN", Type: BankAccountChecking, IsPrimary: true, IsActive: true,
		Label: "Nómina", ExternalID: "erp-00017",
		Metadata: map[string]json.RawMessage{"tier": json.RawMessage(`"gold"`), "limit": json.RawMessage("12345678901234567890.125")},
		CLABE:    clabe.MustParse(clabeBanamex), CodigoBanco: "002", CodigoPlaza: "010",
		CreatedAt: at, UpdatedAt: at,
	}
}

func fullMXItem() SyncItem {
	a := fullMX()
	return SyncItem{
		ClientID: Some(a.ClientID), AccountNumber: Some(a.AccountNumber), BankName: Some(a.BankName),
		BankCode: Some(a.BankCode), Country: Some(a.Country), Currency: Some(a.Currency), Type: Some(a.Type),
		IsPrimary: Some(a.IsPrimary), IsActive: Some(a.IsActive), Label: Some(a.Label), ExternalID: Some(a.ExternalID),
		Metadata: Some(a.Metadata), CLABE: Some(a.CLABE), CodigoBanco: Some(a.CodigoBanco), CodigoPlaza: Some(a.CodigoPlaza),
	}
}

// TestValidateAllocs pins the allocation count the benchmarks report, so
// that a regression fails a test and not only a benchmark nobody reads.
func TestValidateAllocs(t *testing.T) {
	a, it := fullMX(), fullMXItem()
	require.NoError(t, a.Validate())
	require.NoError(t, it.Validate())
	assert.LessOrEqual(t, testing.AllocsPerRun(100, func() { _ = a.Validate() }), 3.0)
	assert.LessOrEqual(t, testing.AllocsPerRun(100, func() { _ = it.Validate() }), 3.0)
}

// TestValidateAtAllocs: on the valid path the sync planner takes for each
// item, at a path such as items[3], a full MX item and a full record
// allocate nothing: validator runs only to report a fault, and a field's
// path is built only for an error.
func TestValidateAtAllocs(t *testing.T) {
	a, it := fullMX(), fullMXItem()
	at := NewPath("items").Index(3)
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
	body, err := os.ReadFile("testdata/artu/sync_request.json")
	require.NoError(b, err)
	b.ReportAllocs()
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		var r SyncRequest
		if err := Decode(body, &r); err != nil {
			b.Fatal(err)
		}
	}
}
