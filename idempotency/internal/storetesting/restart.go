package storetesting

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/acctkit/acctkit/idempotency"
)

// RunRestarts drives the middleware on store with concurrent clients and
// runs each outage (in name order), which must take the store's server
// down and bring it back. Requests during an outage must get 503s; no
// request may run its handler twice, and, since the middleware retries a
// failed Complete until the lease (longer than the test) ends, every
// response whose handler ran must be replayed afterwards.
func RunRestarts(t *testing.T, store idempotency.Store, outages map[string]func()) {
	var (
		execs          sync.Map // key -> *atomic.Int32
		completeFailed sync.Map // key -> error of the first failed attempt
	)
	handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		key := r.Header.Get("Idempotency-Key")
		n, _ := execs.LoadOrStore(key, new(atomic.Int32))
		run := n.(*atomic.Int32).Add(1)
		time.Sleep(time.Millisecond) // the payment
		w.Header().Set("Content-Type", "text/plain")
		w.WriteHeader(http.StatusCreated)
		fmt.Fprintf(w, "paid %s, execution %d", key, run)
	})
	mw := idempotency.Middleware(store, idempotency.Options{
		Scope: func(*http.Request) string { return "restart" },
		// Longer than the test: a claim whose answer was lost in an outage
		// keeps its key in flight (409) instead of letting a retry run the
		// handler again after the lease, and a failed Complete is retried
		// until the server is back.
		Lease:        time.Minute,
		Retention:    time.Hour,
		StoreTimeout: 2 * time.Second,
		OnError: func(r *http.Request, err error) {
			var se *idempotency.StoreError
			if errors.As(err, &se) && se.Op == "complete" {
				completeFailed.Store(se.Key.Key, err)
			}
		},
	})(handler)
	send := func(key string) *httptest.ResponseRecorder {
		req := httptest.NewRequest(http.MethodPost, "/pay", strings.NewReader(`{"amount":"10.00"}`))
		req.Header.Set("Idempotency-Key", key)
		rec := httptest.NewRecorder()
		mw.ServeHTTP(rec, req)
		return rec
	}

	const workers = 8
	var (
		stop        atomic.Bool
		finished    atomic.Int64 // keys answered 201
		unavailable atomic.Int64 // 503s
		mu          sync.Mutex
		attempted   []string
		seen        = map[string]string{} // key -> body the client got
		unexpected  []string
		wg          sync.WaitGroup
	)
	for w := range workers {
		wg.Go(func() {
			for i := 0; !stop.Load(); i++ {
				key := fmt.Sprintf("w%d-k%d", w, i)
				mu.Lock()
				attempted = append(attempted, key)
				mu.Unlock()
				for !stop.Load() {
					rec := send(key)
					if rec.Code == http.StatusServiceUnavailable {
						unavailable.Add(1)
						time.Sleep(5 * time.Millisecond)
						continue
					}
					mu.Lock()
					switch rec.Code {
					case http.StatusCreated:
						seen[key] = rec.Body.String()
						finished.Add(1)
					case http.StatusConflict: // a claim whose answer was lost, or a first request still completing
					default:
						unexpected = append(unexpected, fmt.Sprintf("%s: %d %s", key, rec.Code, rec.Body))
					}
					mu.Unlock()
					break
				}
			}
		})
	}
	waitFor := func(what string, n int64) {
		deadline := time.Now().Add(time.Minute)
		for finished.Load() < n {
			if time.Now().After(deadline) {
				stop.Store(true)
				wg.Wait()
				t.Fatalf("%s: only %d requests answered 201 within a minute", what, finished.Load())
			}
			time.Sleep(5 * time.Millisecond)
		}
	}
	waitFor("before the outages", 50)
	names := make([]string, 0, len(outages))
	for name := range outages {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		before := unavailable.Load()
		outages[name]()
		waitFor("after the "+name, finished.Load()+50)
		t.Logf("%s: %d requests answered 503 during it", name, unavailable.Load()-before)
	}
	stop.Store(true)
	wg.Wait()

	require.Empty(t, unexpected, "responses other than 201, 409 and 503")
	assert.Positive(t, unavailable.Load(), "no request met the outage: the test did not test it")
	mu.Lock()
	defer mu.Unlock()
	replayed, lostClaims, retriedCompletes := 0, 0, 0
	for _, key := range attempted {
		body := fmt.Sprintf("paid %s, execution 1", key)
		if got, ok := seen[key]; ok {
			assert.Equal(t, body, got, "%s: the client's response", key)
		}
		n, ran := execs.Load(key)
		_, failed := completeFailed.Load(key)
		rec := send(key) // after the outages, with the server up
		switch {
		case ran && rec.Code == http.StatusCreated:
			assert.Equal(t, "true", rec.Header().Get(idempotency.ReplayedHeader), "%s: completed, so replayed", key)
			assert.Equal(t, body, rec.Body.String(), "%s: replay", key)
			replayed++
			if failed {
				retriedCompletes++
			}
		case !ran && rec.Code == http.StatusConflict:
			lostClaims++ // the claim landed but its answer was lost
		case !ran && rec.Code == http.StatusCreated:
			// The claim never landed: this is the first execution.
		default:
			t.Errorf("%s: handler ran=%v, complete failed=%v, after the outages got %d %s", key, ran, failed, rec.Code, rec.Body)
		}
		if ran {
			assert.EqualValues(t, 1, n.(*atomic.Int32).Load(), "%s: handler executions", key)
		}
	}
	t.Logf("%d keys: %d replayed after the outages (%d of them completed by a retried Complete); in flight: %d after a lost claim answer",
		len(attempted), replayed, retriedCompletes, lostClaims)
}
