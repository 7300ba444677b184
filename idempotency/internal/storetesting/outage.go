package storetesting

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/acctkit/acctkit/idempotency"
)

// CompleteAcrossOutage sends one request through the middleware on store,
// and once the handler has answered takes the store's server down (stop)
// so the middleware's Complete fails. While the middleware retries it, a
// client retry gets 503; then the server comes back (start), within the
// lease. The first request must get its own answer, the handler must have
// run once, and the client's next retry must replay that answer.
func CompleteAcrossOutage(t *testing.T, store idempotency.Store, stop, start func()) {
	var execs atomic.Int32
	answered := make(chan struct{})
	stopped := make(chan struct{})
	reports := make(chan error, 100)
	mw := idempotency.Middleware(store, idempotency.Options{
		Scope:        func(*http.Request) string { return "outage" },
		Lease:        time.Minute, // the outage fits in it
		StoreTimeout: 2 * time.Second,
		OnError:      func(_ *http.Request, err error) { reports <- err },
	})(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := execs.Add(1)
		w.Header().Set("Content-Type", "text/plain")
		w.WriteHeader(http.StatusCreated)
		fmt.Fprintf(w, "paid, execution %d", n)
		if n == 1 {
			answered <- struct{}{}
			<-stopped // the store goes down before the middleware completes
		}
	}))
	send := func() *httptest.ResponseRecorder {
		req := httptest.NewRequest(http.MethodPost, "/pay", strings.NewReader(`{"amount":"10.00"}`))
		req.Header.Set("Idempotency-Key", "pay-1")
		rec := httptest.NewRecorder()
		mw.ServeHTTP(rec, req)
		return rec
	}
	wait := func(what string, c <-chan struct{}) {
		t.Helper()
		select {
		case <-c:
		case <-time.After(time.Minute):
			t.Fatalf("no %s within a minute", what)
		}
	}

	first := make(chan *httptest.ResponseRecorder, 1)
	go func() { first <- send() }()
	wait("answer from the handler", answered)
	stop()
	close(stopped)

	var report error
	select {
	case report = <-reports:
	case <-time.After(time.Minute):
		start()
		t.Fatal("Complete did not fail within a minute of the server going down")
	}
	var se *idempotency.StoreError
	require.ErrorAs(t, report, &se)
	require.Equal(t, "complete", se.Op, "%v", report)
	during := send()
	assert.Equal(t, http.StatusServiceUnavailable, during.Code, "a retry while the store is down: %s", during.Body)

	start()
	var got *httptest.ResponseRecorder
	select {
	case got = <-first:
	case <-time.After(time.Minute):
		t.Fatal("the first request was not answered within a minute of the server's return")
	}
	require.Equal(t, http.StatusCreated, got.Code)
	assert.Equal(t, "paid, execution 1", got.Body.String())
	assert.Empty(t, got.Header().Get(idempotency.ReplayedHeader))

	retry := send()
	require.Equal(t, http.StatusCreated, retry.Code, "%s", retry.Body)
	assert.Equal(t, "true", retry.Header().Get(idempotency.ReplayedHeader), "the completion landed once the server was back")
	assert.Equal(t, got.Body.String(), retry.Body.String())
	assert.EqualValues(t, 1, execs.Load(), "handler executions")
	close(reports)
	for err := range reports {
		assert.False(t, errors.Is(err, idempotency.ErrUnrecorded), "the outage fitted in the lease: %v", err)
	}
}
