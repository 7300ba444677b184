package server_test

import (
	"fmt"
	"net/http"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// The load benchmarks drive the server over loopback HTTP, as a client
// would, and report latency percentiles and throughput besides ns/op. They
// are bounded by b.N and stop by themselves.
//
//	go test -run '^$' -bench Load -benchtime 50x ./internal/server

// BenchmarkLoadSync250 is one client syncing 250 label updates against
// 10,000 existing accounts, end to end: HTTP, decode, plan, apply, respond.
func BenchmarkLoadSync250(b *testing.B) {
	loadBackends(b, func(b *testing.B, base string) {
		client := newClient()
		ids := seedAccounts(b, base, client, 10_000)
		bodies := [2]string{}
		for r := range bodies {
			items := make([]string, 250)
			for i := range items {
				items[i] = fmt.Sprintf(`{"id": "%s", "label": "round %d"}`, ids[i*40], r)
			}
			bodies[r] = `{"items": [` + strings.Join(items, ",") + `]}`
		}
		var lat latencies
		i := 0
		for b.Loop() {
			lat.time(func() { mustPost(b, base+"/clients/"+client+"/bank-accounts/sync", bodies[i%2], "") })
			i++
		}
		lat.report(b)
	})
}

// BenchmarkLoadConcurrent32 is 32 clients at once, each syncing its own
// client (10 creates a request): throughput and latency under contention.
func BenchmarkLoadConcurrent32(b *testing.B) {
	loadBackends(b, func(b *testing.B, base string) {
		clients := make([]string, 32)
		for i := range clients {
			clients[i] = newClient()
		}
		var lat latencies
		var mu sync.Mutex
		next := 0
		start := time.Now()
		var wg sync.WaitGroup
		for _, client := range clients {
			wg.Go(func() {
				for {
					mu.Lock()
					n := next
					next++
					mu.Unlock()
					if n >= b.N {
						return
					}
					items := make([]string, 10)
					for i := range items {
						items[i] = fmt.Sprintf(`{"clientId": "%s", "accountNumber": "%d%03d", "bankName": "A", "country": "US", "currency": "USD"}`, client, n, i)
					}
					lat.time(func() {
						mustPost(b, base+"/clients/"+client+"/bank-accounts/sync", `{"items": [`+strings.Join(items, ",")+`]}`, "")
					})
				}
			})
		}
		wg.Wait()
		b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "req/s")
		lat.report(b)
	})
}

// BenchmarkLoadReplay is a retry of a completed 250-item sync: the stored
// response, byte for byte, without running the sync again.
func BenchmarkLoadReplay(b *testing.B) {
	loadBackends(b, func(b *testing.B, base string) {
		client, key := newClient(), newClient()
		items := make([]string, 250)
		for i := range items {
			items[i] = fmt.Sprintf(`{"clientId": "%s", "accountNumber": "%09d", "bankName": "A", "country": "US", "currency": "USD"}`, client, i)
		}
		body := `{"items": [` + strings.Join(items, ",") + `]}`
		mustPost(b, base+"/clients/"+client+"/bank-accounts/sync", body, key)
		var lat latencies
		for b.Loop() {
			lat.time(func() { mustPost(b, base+"/clients/"+client+"/bank-accounts/sync", body, key) })
		}
		lat.report(b)
	})
}

func loadBackends(b *testing.B, fn func(b *testing.B, base string)) {
	b.Run("backend=memory", func(b *testing.B) { fn(b, start(b, "")) })
	b.Run("backend=postgres", func(b *testing.B) {
		url := os.Getenv("ACCTKIT_POSTGRES_URL")
		if url == "" {
			b.Skip("ACCTKIT_POSTGRES_URL is not set")
		}
		fn(b, start(b, url))
	})
}

// seedAccounts gives the client n accounts, 250 a request, and returns
// their ids.
func seedAccounts(tb testing.TB, base, client string, n int) []string {
	var ids []string
	for start := 0; start < n; start += 250 {
		items := make([]string, 0, 250)
		for i := start; i < min(n, start+250); i++ {
			items = append(items, fmt.Sprintf(`{"clientId": "%s", "accountNumber": "%09d", "bankName": "Bank", "country": "US", "currency": "USD", "externalId": "erp-%d"}`, client, i, i))
		}
		r := post(tb, base+"/clients/"+client+"/bank-accounts/sync", `{"items": [`+strings.Join(items, ",")+`]}`, "")
		require.Equal(tb, 200, r.status, "seed: %s", r.body)
		for _, c := range r.json(tb)["created"].([]any) {
			ids = append(ids, c.(map[string]any)["id"].(string))
		}
	}
	return ids
}

func mustPost(tb testing.TB, url, body, key string) {
	r := post(tb, url, body, key)
	require.Equal(tb, 200, r.status, "POST %s: %s", url, r.body)
}

func post(tb testing.TB, url, body, key string) response {
	h := []string{}
	if key != "" {
		h = append(h, "Idempotency-Key", key)
	}
	return call(tb, http.MethodPost, url, "load", body, h...)
}

// latencies collects request durations; safe for concurrent use.
type latencies struct {
	mu sync.Mutex
	d  []time.Duration
}

func (l *latencies) time(f func()) {
	start := time.Now()
	f()
	d := time.Since(start)
	l.mu.Lock()
	l.d = append(l.d, d)
	l.mu.Unlock()
}

func (l *latencies) report(b *testing.B) {
	if len(l.d) == 0 {
		return
	}
	slices.Sort(l.d)
	at := func(p float64) float64 { return float64(l.d[int(p*float64(len(l.d)-1))].Microseconds()) / 1000 }
	b.ReportMetric(at(0.50), "p50-ms")
	b.ReportMetric(at(0.99), "p99-ms")
}
