package artu

import (
	"encoding/json"
	"os"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/acctkit/acctkit/account"
)

// FuzzDecodeSyncRequest checks that account.Decode never panics on a sync body and
// that whatever it accepts survives encoding: the encoded form is accepted
// again and encodes to the same bytes.
func FuzzDecodeSyncRequest(f *testing.F) {
	fixture, err := os.ReadFile("testdata/sync_request.json")
	require.NoError(f, err)
	f.Add(fixture)
	f.Add([]byte(`{"items":[{"id":"3f1c2a9e-8d4b-4c6f-9a2e-1b7d5e0c4a21","_delete":true}]}`))
	f.Add([]byte(`{"items":[{"country":"MX","clabe":"002010077777777771","codigoBanco":"012"}],"replaceMode":null}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		var r SyncRequest
		if err := account.Decode(body, &r); err != nil {
			return
		}
		out, err := json.Marshal(r)
		require.NoError(t, err)
		var again SyncRequest
		require.NoError(t, account.Decode(out, &again), "%s", out)
		out2, err := json.Marshal(again)
		require.NoError(t, err)
		require.Equal(t, string(out), string(out2))
	})
}
