package idempotency_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/acctkit/acctkit/idempotency"
)

// A body the size of a Synctera external-account request.
const benchBody = `{"customer_id":"7d943c51-e4ff-4e57-9558-08cab6b963c7","type":"CHECKING",` +
	`"account_owner_names":["Jane Smith"],"nickname":"payroll","vendor_data":{"a":1},` +
	`"account_identifiers":{"number":"000123456789"},"routing_identifiers":{"ach_routing_number":"021000021",` +
	`"bank_name":"Chase","bank_countries":["US"]}}`

// keySpace keys are reused in turn; with a 1ns retention each reuse finds
// the old record expired, so the store stays the same size however long the
// benchmark runs and every Claim acquires.
const keySpace = 1 << 16

func BenchmarkMemoryStoreClaimComplete(b *testing.B) {
	s := idempotency.NewMemoryStore(idempotency.MemoryOptions{})
	resp := idempotency.Response{Status: 201, Header: http.Header{"Content-Type": {"application/json"}}, Body: []byte(`{"id":"1"}`)}
	fp := idempotency.NewFingerprint("POST", "/v0/external_accounts", []byte(benchBody))
	// One key table per RunParallel goroutine, built before the timer runs.
	tables := make([][]idempotency.Key, runtime.GOMAXPROCS(0))
	for w := range tables {
		tables[w] = make([]idempotency.Key, keySpace)
		for i := range tables[w] {
			tables[w][i] = idempotency.Key{Scope: "tenant", Key: strconv.Itoa(w) + "-" + strconv.Itoa(i)}
		}
	}
	var worker atomic.Int64
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		keys := tables[worker.Add(1)-1]
		for i := 0; pb.Next(); i++ {
			k := keys[i%keySpace]
			c, err := s.Claim(ctx, k, fp, time.Minute)
			if err != nil || c.Status != idempotency.Acquired {
				b.Fatalf("claim: %v %v", c.Status, err)
			}
			if err := s.Complete(ctx, k, c.Token, resp, time.Nanosecond); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkMemoryStoreReplay(b *testing.B) {
	s := idempotency.NewMemoryStore(idempotency.MemoryOptions{})
	fp := idempotency.NewFingerprint("POST", "/v0/external_accounts", []byte(benchBody))
	ctx := context.Background()
	k := idempotency.Key{Key: "k"}
	c, _ := s.Claim(ctx, k, fp, time.Minute)
	require.NoError(b, s.Complete(ctx, k, c.Token, idempotency.Response{Status: 201, Body: []byte(`{"id":"1"}`)}, time.Hour))
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if c, err := s.Claim(ctx, k, fp, time.Minute); err != nil || c.Status != idempotency.Completed {
				b.Fatalf("claim: %v %v", c.Status, err)
			}
		}
	})
}

func BenchmarkMiddleware(b *testing.B) {
	bare := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusCreated)
		w.Write([]byte(`{"id":"1"}`))
	})
	mw := idempotency.Middleware(idempotency.NewMemoryStore(idempotency.MemoryOptions{}), idempotency.Options{
		Scope:     func(*http.Request) string { return "tenant" },
		Retention: time.Nanosecond,
	})(bare)
	replayer := idempotency.Middleware(idempotency.NewMemoryStore(idempotency.MemoryOptions{}), idempotency.Options{
		Scope: func(*http.Request) string { return "tenant" },
	})(bare)
	keys := make([]string, keySpace)
	for i := range keys {
		keys[i] = fmt.Sprintf("7d943c51-e4ff-4e57-9558-%012d", i)
	}
	run := func(b *testing.B, h http.Handler, key func(i int) string) {
		body := strings.NewReader(benchBody)
		r := httptest.NewRequest(http.MethodPost, "/v0/external_accounts", body)
		w := httptest.NewRecorder()
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			body.Reset(benchBody)
			r.Header.Set("Idempotency-Key", key(i))
			w.Body.Reset()
			h.ServeHTTP(w, r)
			i++
		}
	}
	b.Run("bare", func(b *testing.B) { run(b, bare, func(i int) string { return keys[i%keySpace] }) })
	b.Run("first", func(b *testing.B) { run(b, mw, func(i int) string { return keys[i%keySpace] }) })
	b.Run("replay", func(b *testing.B) { run(b, replayer, func(int) string { return keys[0] }) })
}

func BenchmarkNewFingerprint(b *testing.B) {
	body := []byte(benchBody)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		idempotency.NewFingerprint(http.MethodPost, "/v0/external_accounts", body)
	}
}
