package artu

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/acctkit/acctkit/clabe"
)

func logJSON(t *testing.T, v any) map[string]any {
	t.Helper()
	var buf bytes.Buffer
	slog.New(slog.NewJSONHandler(&buf, nil)).Info("x", "v", v)
	var out map[string]any
	require.NoError(t, json.Unmarshal(buf.Bytes(), &out))
	return out["v"].(map[string]any)
}

func TestBankAccountLogValueMasks(t *testing.T) {
	a := BankAccount{
		ID: uuidA, ClientID: client, AccountNumber: clabeBBVA, BankName: "BBVA", Country: "MX", Currency: "MXN",
		Type: Checking, IsActive: true, Label: "pay " + clabeBBVA, ExternalID: "cust-" + clabeBBVA,
		Metadata: map[string]json.RawMessage{"z": json.RawMessage(`"` + clabeBBVA + `"`), "a": json.RawMessage("1")},
		CLABE:    clabe.MustParse(clabeBBVA), CodigoBanco: "012", CodigoPlaza: "180",
		CreatedAt: time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC),
	}
	got := logJSON(t, a)
	assert.Equal(t, map[string]any{
		"id": uuidA, "clientId": client, "accountNumber": "**************8909", "bankName": "BBVA",
		"country": "MX", "currency": "MXN", "type": "checking", "isPrimary": false, "isActive": true,
		"externalId": "*******************8909", "metadataKeys": []any{"a", "z"}, "clabe": "**************8909",
		"codigoBanco": "012", "codigoPlaza": "180", "createdAt": "2025-01-02T03:04:05Z",
	}, got)

	var buf bytes.Buffer
	slog.New(slog.NewTextHandler(&buf, nil)).Info("x", "account", a)
	assert.NotContains(t, buf.String(), clabeBBVA)
}

func TestSyncLogValues(t *testing.T) {
	var it SyncItem
	require.NoError(t, json.Unmarshal([]byte(`{"id":"`+uuidA+`","_delete":true,"accountNumber":"`+ibanDE+`","label":null}`), &it))
	assert.Equal(t, map[string]any{
		"id": uuidA, "accountNumber": "******************3000", "_delete": true, "label": nil,
	}, logJSON(t, it))

	var r SyncRequest
	require.NoError(t, json.Unmarshal([]byte(`{"items":[{},{"id":"`+uuidA+`"},{"id":"`+uuidA+`","_delete":true},{}],"replaceMode":true}`), &r))
	assert.Equal(t, map[string]any{"items": 4.0, "create": 2.0, "update": 1.0, "delete": 1.0, "replaceMode": true}, logJSON(t, r))

	assert.Equal(t, map[string]any{"created": 1.0, "updated": 0.0, "deleted": 2.0},
		logJSON(t, SyncResponse{Created: []BankAccount{{}}, Deleted: []string{"a", "b"}}))
}
