package idempotency_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/acctkit/acctkit/idempotency"
)

func TestFromContext(t *testing.T) {
	_, ok := idempotency.FromContext(context.Background())
	assert.False(t, ok)

	var got []*idempotency.Claimed
	e := newEnv(t, idempotency.Options{}, func(w http.ResponseWriter, r *http.Request) {
		if c, ok := idempotency.FromContext(r.Context()); ok {
			got = append(got, c)
		}
		created(w, r)
	})
	e.do(req{key: `"k"`, path: "/v0/accounts?x=1", body: `{"a":1}`, header: http.Header{"X-Tenant": {"t"}}})
	e.do(req{body: `{"a":1}`})                      // no key: unprotected
	e.do(req{method: http.MethodGet, key: "other"}) // not a covered method
	require.Len(t, got, 1)
	c := got[0]
	assert.Equal(t, idempotency.Key{Scope: "t", Key: "k"}, c.Key)
	assert.Equal(t, idempotency.NewFingerprint(http.MethodPost, "/v0/accounts?x=1", []byte(`{"a":1}`)), c.Fingerprint)
	assert.False(t, c.Token.IsZero())
	assert.Equal(t, 24*time.Hour, c.Retention)

	resp := c.Response(201, http.Header{"content-type": {"application/json"}, "Set-Cookie": {"s=1"}}, []byte("{}"))
	assert.Equal(t, idempotency.Response{Status: 201, Header: http.Header{"Content-Type": {"application/json"}}, Body: []byte("{}")}, resp,
		"only the replay headers, as the middleware stores them")
}

// completeInHandler is a handler that stores its response itself, as one
// that completes in its own database transaction does, then sends send.
func completeInHandler(t *testing.T, e **env, send func(w http.ResponseWriter, resp idempotency.Response)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		c, ok := idempotency.FromContext(r.Context())
		require.True(t, ok)
		resp := c.Response(http.StatusCreated, http.Header{"Content-Type": {"application/json"}}, []byte(`{"id":"p1"}`))
		require.NoError(t, (*e).mem.Complete(r.Context(), c.Key, c.Token, resp, c.Retention))
		c.Completed(resp)
		send(w, resp)
	}
}

func sendResponse(w http.ResponseWriter, resp idempotency.Response) {
	for k, v := range resp.Header {
		w.Header()[k] = v
	}
	w.WriteHeader(resp.Status)
	w.Write(resp.Body)
}

func TestClaimedCompleted(t *testing.T) {
	var e *env
	e = newEnv(t, idempotency.Options{}, completeInHandler(t, &e, sendResponse))
	first := e.do(req{key: "k"})
	require.Equal(t, http.StatusCreated, first.Code)
	assert.Zero(t, e.store.completes.Load(), "the middleware did not complete again")
	again := e.do(req{key: "k"})
	assert.Equal(t, "true", again.Header().Get(idempotency.ReplayedHeader))
	assert.Equal(t, first.Body.String(), again.Body.String())
	assert.Equal(t, first.Header().Get("Content-Type"), again.Header().Get("Content-Type"))
	assert.EqualValues(t, 1, e.runs.Load())
	assert.Empty(t, e.reported())
}

func TestClaimedCompletedThenSentOther(t *testing.T) {
	var e *env
	e = newEnv(t, idempotency.Options{}, completeInHandler(t, &e, func(w http.ResponseWriter, resp idempotency.Response) {
		w.WriteHeader(http.StatusOK)
		fmt.Fprint(w, "something else")
	}))
	require.Equal(t, http.StatusOK, e.do(req{key: "k"}).Code)
	errs := e.reported()
	require.Len(t, errs, 1)
	assert.ErrorIs(t, errs[0], idempotency.ErrStoredResponseDiffers)
	assert.EqualError(t, errs[0], `idempotency: key "k" in scope "": stored status 201 and 11 bytes, sent status 200 and 14 bytes (or other headers): idempotency: the handler sent a response other than the one it stored`)
	assert.Equal(t, `{"id":"p1"}`, e.do(req{key: "k"}).Body.String(), "replays send the stored one")
}

func TestClaimedCompletedThenPanic(t *testing.T) {
	var e *env
	e = newEnv(t, idempotency.Options{}, completeInHandler(t, &e, func(http.ResponseWriter, idempotency.Response) {
		panic(http.ErrAbortHandler) // the connection drops after the commit
	}))
	require.PanicsWithValue(t, http.ErrAbortHandler, func() { e.do(req{key: "k"}) })
	w := e.do(req{key: "k"})
	assert.Equal(t, "true", w.Header().Get(idempotency.ReplayedHeader), "not released: the stored response is replayed")
	assert.EqualValues(t, 1, e.runs.Load())
	assert.Empty(t, e.reported())
}

// validating is a handler that refuses, before any effect, a body without
// an amount, and otherwise pays once per call.
func validating(paid *atomic.Int64) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if !strings.Contains(string(body), "amount") {
			c, _ := idempotency.FromContext(r.Context())
			c.Refuse()
			w.WriteHeader(http.StatusUnprocessableEntity)
			fmt.Fprint(w, "amount is required")
			return
		}
		w.WriteHeader(http.StatusCreated)
		fmt.Fprintf(w, "payment %d", paid.Add(1))
	}
}

func TestClaimedRefuse(t *testing.T) {
	var paid atomic.Int64
	e := newEnv(t, idempotency.Options{}, validating(&paid))
	for range 2 {
		w := e.do(req{key: "k", body: `{}`})
		require.Equal(t, http.StatusUnprocessableEntity, w.Code)
		assert.Empty(t, w.Header().Get(idempotency.ReplayedHeader), "refused, so not stored: the same request runs again")
	}
	corrected := req{key: "k", body: `{"amount":"10.00"}`}
	w := e.do(corrected)
	require.Equal(t, http.StatusCreated, w.Code, "the corrected request reuses the key: %s", w.Body)
	again := e.do(corrected)
	assert.Equal(t, "true", again.Header().Get(idempotency.ReplayedHeader))
	assert.Equal(t, "payment 1", again.Body.String())
	assert.EqualValues(t, 1, paid.Load())
	assert.Empty(t, e.reported())
}

func TestClaimedRefuseAfterCompleted(t *testing.T) {
	var e *env
	stores := completeInHandler(t, &e, sendResponse)
	e = newEnv(t, idempotency.Options{}, func(w http.ResponseWriter, r *http.Request) {
		stores(w, r)
		c, _ := idempotency.FromContext(r.Context())
		c.Refuse() // too late: the response is stored
	})
	e.do(req{key: "k"})
	assert.Equal(t, "true", e.do(req{key: "k"}).Header().Get(idempotency.ReplayedHeader))
	assert.EqualValues(t, 1, e.runs.Load())
	assert.Empty(t, e.reported())
}

// TestClaimedRefuseConcurrent sends 100 identical requests at once; the
// first to run refuses before any effect (its release lets another run),
// the others wait: exactly one payment, which all but the refused request
// get.
func TestClaimedRefuseConcurrent(t *testing.T) {
	var paid, calls atomic.Int64
	var e *env
	e = newEnv(t, idempotency.Options{WaitInFlight: time.Minute}, func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) == 1 {
			// Refuse only once the others have found the key in flight.
			assert.Eventually(t, func() bool { return e.store.claims.Load() >= 100 }, time.Minute, time.Millisecond)
			c, _ := idempotency.FromContext(r.Context())
			c.Refuse()
			w.WriteHeader(http.StatusUnprocessableEntity) // stored, but for Refuse
			fmt.Fprint(w, "not yet")
			return
		}
		w.WriteHeader(http.StatusCreated)
		fmt.Fprintf(w, "payment %d", paid.Add(1))
	})
	out := make([]*httptest.ResponseRecorder, 100)
	var wg sync.WaitGroup
	for i := range out {
		wg.Go(func() { out[i] = e.do(req{key: "k", body: `{"amount":"10.00"}`}) })
	}
	wg.Wait()
	assert.EqualValues(t, 1, paid.Load(), "exactly one execution took effect")
	assert.EqualValues(t, 2, e.runs.Load(), "the refusal, then the payment")
	codes := map[int]int{}
	for _, w := range out {
		codes[w.Code]++
		if w.Code == http.StatusCreated {
			assert.Equal(t, "payment 1", w.Body.String())
		}
	}
	assert.Equal(t, map[int]int{http.StatusUnprocessableEntity: 1, http.StatusCreated: 99}, codes)
}

func TestStoreStatusPolicy(t *testing.T) {
	var paid atomic.Int64
	// Stripe's rule as a blunt status policy: a 422 never consumes the key.
	e := newEnv(t, idempotency.Options{StoreStatus: func(status int) bool {
		return status != http.StatusUnprocessableEntity && idempotency.DefaultStoreStatus(status)
	}}, func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if !strings.Contains(string(body), "amount") {
			w.WriteHeader(http.StatusUnprocessableEntity)
			return
		}
		w.WriteHeader(http.StatusCreated)
		fmt.Fprintf(w, "payment %d", paid.Add(1))
	})
	require.Equal(t, http.StatusUnprocessableEntity, e.do(req{key: "k", body: `{}`}).Code)
	require.Equal(t, http.StatusCreated, e.do(req{key: "k", body: `{"amount":"1"}`}).Code)
	assert.Equal(t, "true", e.do(req{key: "k", body: `{"amount":"1"}`}).Header().Get(idempotency.ReplayedHeader))
	assert.EqualValues(t, 1, paid.Load())

	for status, stored := range map[int]bool{200: true, 201: true, 303: true, 400: true, 404: true, 409: true, 422: true, 428: true, 429: false, 500: false, 502: false, 503: false} {
		assert.Equal(t, stored, idempotency.DefaultStoreStatus(status), "%d", status)
	}
}
