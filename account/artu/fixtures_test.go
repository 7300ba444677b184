package artu

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/acctkit/acctkit/account"
)

// TestARTUFixturesRoundTrip decodes each fixture with account.Decode (unknown
// fields, duplicates and every rule checked), encodes it again and
// compares the two documents for meaning: same members, same values,
// numbers digit for digit, times as instants.
func TestARTUFixturesRoundTrip(t *testing.T) {
	for file, target := range map[string]func() any{
		"sync_request.json":  func() any { return new(SyncRequest) },
		"sync_response.json": func() any { return new(SyncResponse) },
	} {
		t.Run(file, func(t *testing.T) {
			in, err := os.ReadFile(filepath.Join("testdata", file))
			require.NoError(t, err)
			v := target()
			require.NoError(t, account.Decode(in, v))
			out, err := json.Marshal(v)
			require.NoError(t, err)
			sameMeaning(t, "", parseNumbers(t, in), parseNumbers(t, out))

			// Encoding is stable: metadata comes back compacted, and from
			// then on byte for byte.
			again := target()
			require.NoError(t, account.Decode(out, again))
			out2, err := json.Marshal(again)
			require.NoError(t, err)
			assert.Equal(t, string(out), string(out2))
		})
	}
}

func TestARTUFixtureContents(t *testing.T) {
	in, err := os.ReadFile("testdata/sync_request.json")
	require.NoError(t, err)
	var r SyncRequest
	require.NoError(t, account.Decode(in, &r))
	require.Len(t, r.Items, 7)
	assert.True(t, r.Replace())
	var shapes []string
	for _, it := range r.Items {
		switch {
		case it.IsCreate():
			shapes = append(shapes, "create")
		case it.IsDelete():
			shapes = append(shapes, "delete")
		default:
			shapes = append(shapes, "update")
		}
	}
	assert.Equal(t, []string{"create", "create", "create", "create", "update", "delete", "update"}, shapes)
	meta, _ := r.Items[0].Metadata.Get()
	assert.Equal(t, "12345678901234567890.125", string(meta["limit"]))
	label, ok := r.Items[4].Label.Get()
	assert.True(t, ok, `"label": "" is present`)
	assert.Empty(t, label)
	primary, ok := r.Items[4].IsPrimary.Get()
	assert.True(t, ok)
	assert.False(t, primary)

	in, err = os.ReadFile("testdata/sync_response.json")
	require.NoError(t, err)
	var resp SyncResponse
	require.NoError(t, account.Decode(in, &resp))
	assert.Equal(t, "010", resp.Created[0].CodigoPlaza)
	assert.Equal(t, 125*time.Millisecond, resp.Created[0].UpdatedAt.Sub(resp.Created[0].CreatedAt))
	assert.Empty(t, resp.Updated[0].Country)
}

func TestSyncResponseJSON(t *testing.T) {
	out, err := json.Marshal(SyncResponse{})
	require.NoError(t, err)
	assert.JSONEq(t, `{"created":[],"updated":[],"deleted":[]}`, string(out))

	var r SyncResponse
	assert.Equal(t, []string{"created required", "updated required", "deleted required"}, problems(t, []byte(`{}`), &r))
	assert.Equal(t, []string{"created[0].id required", "created[0].clientId required",
		"created[0].accountNumber required", "created[0].bankName required", "created[0].currency required",
		"created[0].createdAt required", "created[0].updatedAt required", "deleted[1] format"},
		problems(t, []byte(`{"created":[{"isPrimary":true,"isActive":false}],"updated":[],"deleted":["`+uuidA+`","x"]}`), &r))
	assert.Equal(t, []string{"created[0].createdAt format"},
		problems(t, []byte(`{"created":[{"id":"`+uuidA+`","clientId":"`+client+`","accountNumber":"1","bankName":"b",
		"currency":"USD","createdAt":"yesterday","updatedAt":"2025-03-01T12:00:00Z"}],"updated":[],"deleted":[]}`), &r))
}

func parseNumbers(t *testing.T, b []byte) any {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	require.NoError(t, dec.Decode(&v))
	return v
}

// sameMeaning compares two decoded JSON documents; strings that are both
// RFC 3339 times compare as instants.
func sameMeaning(t *testing.T, path string, want, got any) {
	t.Helper()
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		require.True(t, ok, "%s: want an object, got %T", path, got)
		var wk, gk []string
		for k := range w {
			wk = append(wk, k)
		}
		for k := range g {
			gk = append(gk, k)
		}
		slices.Sort(wk)
		slices.Sort(gk)
		require.Equal(t, wk, gk, "%s: members", path)
		for _, k := range wk {
			sameMeaning(t, path+"."+k, w[k], g[k])
		}
	case []any:
		g, ok := got.([]any)
		require.True(t, ok, "%s: want an array, got %T", path, got)
		require.Len(t, g, len(w), path)
		for i := range w {
			sameMeaning(t, fmt.Sprintf("%s[%d]", path, i), w[i], g[i])
		}
	case string:
		if wt, err := time.Parse(time.RFC3339Nano, w); err == nil {
			gs, _ := got.(string)
			gt, err := time.Parse(time.RFC3339Nano, gs)
			require.NoError(t, err, path)
			assert.True(t, wt.Equal(gt), "%s: %s != %s", path, w, gs)
			return
		}
		assert.Equal(t, want, got, path)
	default:
		assert.Equal(t, want, got, path)
	}
}
