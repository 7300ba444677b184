package storetesting

import (
	"context"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/acctkit/acctkit/idempotency"
)

// BenchmarkClaimComplete measures one request's store work on s, Claim
// then Complete, from 1 client and from 32 concurrent clients; s needs 32
// connections. trips counts the requests sent to the server and answered,
// measured on the connections, and is reported as roundtrips/op.
func BenchmarkClaimComplete(b *testing.B, s idempotency.Store, trips *atomic.Int64) {
	ctx := context.Background()
	resp := idempotency.Response{Status: 201, Header: map[string][]string{"Content-Type": {"application/json"}}, Body: []byte(`{"id":"acct_123","status":"ACTIVE"}`)}
	fp := idempotency.Fingerprint{1}
	var seq atomic.Int64
	cycle := func(b *testing.B) {
		k := idempotency.Key{Scope: "bench", Key: fmt.Sprint(seq.Add(1))}
		c, err := s.Claim(ctx, k, fp, 30*time.Second)
		if err != nil || c.Status != idempotency.Acquired {
			b.Fatalf("Claim: %v %v", c.Status, err)
		}
		if err := s.Complete(ctx, k, c.Token, resp, time.Hour); err != nil {
			b.Fatalf("Complete: %v", err)
		}
	}
	for _, clients := range []int{1, 32} {
		b.Run(fmt.Sprintf("clients=%d", clients), func(b *testing.B) {
			// Open every connection and prepare its statements or load
			// the scripts before timing.
			var wg sync.WaitGroup
			for range clients {
				wg.Go(func() { cycle(b) })
			}
			wg.Wait()
			start := trips.Load()
			b.ResetTimer()
			if clients == 1 {
				for b.Loop() {
					cycle(b)
				}
			} else {
				procs := runtime.GOMAXPROCS(0)
				b.SetParallelism((clients + procs - 1) / procs)
				b.RunParallel(func(pb *testing.PB) {
					for pb.Next() {
						cycle(b)
					}
				})
			}
			b.ReportMetric(float64(trips.Load()-start)/float64(b.N), "roundtrips/op")
		})
	}
}
