package account_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	gojson "github.com/goccy/go-json"
	"github.com/stretchr/testify/require"

	"github.com/acctkit/acctkit/account"
	"github.com/acctkit/acctkit/account/artu"
	"github.com/acctkit/acctkit/account/synctera"
)

// The speed goals of Decode, measured against the two ways to get the same
// checked value without it: encoding/json's Unmarshal then Validate, and
// github.com/goccy/go-json's (a test-only yardstick). Run them side by side
// in one binary and compare ratios, not absolute times:
//
//	go test -run '^$' -bench 'Body' -benchmem -count 6 ./account

// externalRequestBody is seed 001's example request with its placeholder
// routing numbers replaced by valid ones and one owner (the example names
// both business and customer), so that all three paths accept it.
func externalRequestBody(tb testing.TB) []byte {
	b, err := os.ReadFile("synctera/testdata/external_create_request.json")
	require.NoError(tb, err)
	for old, repl := range map[string]string{
		`"ach_routing_number": "756392185"`:                      `"ach_routing_number": "021000021"`,
		`"wire_routing_number": "915075033"`:                     `"wire_routing_number": "026009593"`,
		`"eft_ca_routing_number": "02101140"`:                    `"eft_ca_routing_number": "000312345"`,
		`"customer_id": "7d943c51-e4ff-4e57-9558-08cab6b963c7",`: ``,
	} {
		require.True(tb, bytes.Contains(b, []byte(old)), old)
		b = bytes.Replace(b, []byte(old), []byte(repl), 1)
	}
	return b
}

// syncBody is an ARTU sync request of n MX items, each a create with every
// field and its CLABE.
func syncBody(n int) []byte {
	var b strings.Builder
	b.WriteString(`{"items":[`)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"clientId":"8a6e0804-2bd0-4672-b79d-d97027f9071a","accountNumber":"002010077777777771",`+
			`"bankName":"Banamex","bankCode":"002","country":"MX","currency":"MXN","type":"checking",`+
			`"isPrimary":false,"isActive":true,"label":"Nómina %d","externalId":"erp-%05d",`+
			`"metadata":{"tier":"gold","limit":12345678901234567890.125},`+
			`"clabe":"002010077777777771","codigoBanco":"002","codigoPlaza":"010"}`, i, i)
	}
	b.WriteString(`],"replaceMode":false}`)
	return []byte(b.String())
}

type validating interface{ Validate() error }

func benchBody[T any, P interface {
	*T
	validating
}](b *testing.B, body []byte) {
	check := func(b *testing.B, v P, err error) {
		if err == nil {
			err = v.Validate()
		}
		if err != nil {
			b.Fatal(err)
		}
	}
	b.Run("Decode", func(b *testing.B) {
		b.SetBytes(int64(len(body)))
		b.ReportAllocs()
		for b.Loop() {
			var v T
			if err := account.Decode(body, P(&v)); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("encoding_json+Validate", func(b *testing.B) {
		b.SetBytes(int64(len(body)))
		b.ReportAllocs()
		for b.Loop() {
			var v T
			check(b, P(&v), json.Unmarshal(body, P(&v)))
		}
	})
	b.Run("goccy_go-json+Validate", func(b *testing.B) {
		b.SetBytes(int64(len(body)))
		b.ReportAllocs()
		for b.Loop() {
			var v T
			check(b, P(&v), gojson.Unmarshal(body, P(&v)))
		}
	})
}

func BenchmarkBodyExternalAccountRequest(b *testing.B) {
	benchBody[synctera.ExternalAccountRequest](b, externalRequestBody(b))
}

func BenchmarkBodySync250MX(b *testing.B) {
	benchBody[artu.SyncRequest](b, syncBody(artu.MaxSyncItems))
}

// The bodies the benchmarks use are valid, and every path reads them into
// the same value.
func TestBenchBodiesAgree(t *testing.T) {
	ext := externalRequestBody(t)
	var d, e, g synctera.ExternalAccountRequest
	require.NoError(t, account.Decode(ext, &d))
	require.NoError(t, json.Unmarshal(ext, &e))
	require.NoError(t, gojson.Unmarshal(ext, &g))
	require.Equal(t, e, d)
	require.Equal(t, e, g)

	sync := syncBody(artu.MaxSyncItems)
	var sd, se artu.SyncRequest
	require.NoError(t, account.Decode(sync, &sd))
	require.NoError(t, json.Unmarshal(sync, &se))
	require.Equal(t, se, sd)
	require.Len(t, sd.Items, artu.MaxSyncItems)
}

// BenchmarkBodyRatio times the three paths on the same body in turns, one
// call of each per iteration, so that a machine busy with other work slows
// them alike; it reports each one's ns/op and Decode's ratio to the others.
func BenchmarkBodyRatio(b *testing.B) {
	for _, tc := range []struct {
		name string
		body []byte
		run  func(body []byte, how int) error
	}{
		{"ExternalAccountRequest", externalRequestBody(b), runBody[synctera.ExternalAccountRequest]},
		{"Sync250MX", syncBody(artu.MaxSyncItems), runBody[artu.SyncRequest]},
	} {
		b.Run(tc.name, func(b *testing.B) {
			var spent [3]time.Duration
			for b.Loop() {
				for how := range spent {
					start := time.Now()
					if err := tc.run(tc.body, how); err != nil {
						b.Fatal(err)
					}
					spent[how] += time.Since(start)
				}
			}
			n := float64(b.N)
			b.ReportMetric(float64(spent[0])/n, "decode-ns/op")
			b.ReportMetric(float64(spent[1])/n, "std+validate-ns/op")
			b.ReportMetric(float64(spent[2])/n, "goccy+validate-ns/op")
			b.ReportMetric(float64(spent[0])/float64(spent[1]), "decode/std")
			b.ReportMetric(float64(spent[0])/float64(spent[2]), "decode/goccy")
		})
	}
}

// runBody reads body into a new T: 0 with Decode, 1 with encoding/json and
// Validate, 2 with goccy/go-json and Validate.
func runBody[T any, P interface {
	*T
	validating
}](body []byte, how int) error {
	var v T
	var err error
	switch how {
	case 0:
		return account.Decode(body, P(&v))
	case 1:
		err = json.Unmarshal(body, P(&v))
	default:
		err = gojson.Unmarshal(body, P(&v))
	}
	if err != nil {
		return err
	}
	return P(&v).Validate()
}
