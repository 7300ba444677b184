package idempotency_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/iotest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/acctkit/acctkit/idempotency"
	"github.com/acctkit/acctkit/idempotency/storetest"
)

// faultyStore wraps a store and fails or drops the calls it is told to.
type faultyStore struct {
	idempotency.Store
	claimErr    error
	claimResult *idempotency.Claim
	beforeClaim func() // set before the store is used
	completeErr atomic.Pointer[error]
	releaseErr  atomic.Pointer[error]
	// completeFails is how many of the next Complete calls fail with
	// errDown.
	completeFails atomic.Int64
	claims        atomic.Int64
	completes     atomic.Int64
}

func (s *faultyStore) Claim(ctx context.Context, k idempotency.Key, fp idempotency.Fingerprint, lease time.Duration) (idempotency.Claim, error) {
	s.claims.Add(1)
	if s.beforeClaim != nil {
		s.beforeClaim()
	}
	if s.claimErr != nil {
		return idempotency.Claim{}, s.claimErr
	}
	if s.claimResult != nil {
		return *s.claimResult, nil
	}
	return s.Store.Claim(ctx, k, fp, lease)
}

func (s *faultyStore) Complete(ctx context.Context, k idempotency.Key, tok idempotency.Token, r idempotency.Response, ret time.Duration) error {
	s.completes.Add(1)
	if err := s.completeErr.Load(); err != nil {
		return *err
	}
	if s.completeFails.Add(-1) >= 0 {
		return errDown
	}
	return s.Store.Complete(ctx, k, tok, r, ret)
}

func (s *faultyStore) Release(ctx context.Context, k idempotency.Key, tok idempotency.Token) error {
	if err := s.releaseErr.Load(); err != nil {
		return *err
	}
	return s.Store.Release(ctx, k, tok)
}

var errDown = errors.New("store is down")

// env is a middleware over a MemoryStore on a fake clock, counting handler
// runs and collecting OnError reports.
type env struct {
	t      *testing.T
	clock  *storetest.FakeClock
	mem    *idempotency.MemoryStore
	store  *faultyStore
	runs   atomic.Int64
	mu     sync.Mutex
	errs   []error
	h      http.Handler
	handle http.HandlerFunc
}

func newEnv(t *testing.T, opts idempotency.Options, handle http.HandlerFunc) *env {
	e := &env{t: t, clock: storetest.NewFakeClock(), handle: handle}
	e.mem = idempotency.NewMemoryStore(idempotency.MemoryOptions{Now: e.clock.Now})
	e.store = &faultyStore{Store: e.mem}
	if opts.Scope == nil {
		opts.Scope = func(r *http.Request) string { return r.Header.Get("X-Tenant") }
	}
	opts.OnError = func(_ *http.Request, err error) {
		e.mu.Lock()
		defer e.mu.Unlock()
		e.errs = append(e.errs, err)
	}
	e.h = idempotency.Middleware(e.store, opts)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		e.runs.Add(1)
		e.handle(w, r)
	}))
	return e
}

func (e *env) reported() []error {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]error(nil), e.errs...)
}

type req struct {
	method, path, key, body string
	header                  http.Header
}

func (e *env) do(r req) *httptest.ResponseRecorder {
	if r.method == "" {
		r.method = http.MethodPost
	}
	if r.path == "" {
		r.path = "/v0/external_accounts"
	}
	hr := httptest.NewRequest(r.method, r.path, strings.NewReader(r.body))
	for k, v := range r.header {
		hr.Header[k] = v
	}
	if r.key != "" {
		hr.Header.Set("Idempotency-Key", r.key)
	}
	w := httptest.NewRecorder()
	e.h.ServeHTTP(w, hr)
	return w
}

func created(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Location", "/v0/external_accounts/1")
	w.Header().Set("Set-Cookie", "session=secret")
	w.Header().Set("X-Request-Id", fmt.Sprint(time.Now().UnixNano()))
	w.WriteHeader(http.StatusCreated)
	fmt.Fprintf(w, `{"id":"1","echo":%q,"tenant":%q}`, body, r.Header.Get("X-Tenant"))
}

func requireProblem(t *testing.T, w *httptest.ResponseRecorder, status int, code string) idempotency.Problem {
	t.Helper()
	require.Equal(t, status, w.Code, w.Body.String())
	require.Equal(t, idempotency.ProblemContentType, w.Header().Get("Content-Type"))
	var p idempotency.Problem
	require.NoError(t, json.Unmarshal(w.Body.Bytes(), &p))
	assert.Equal(t, code, p.Code)
	assert.Equal(t, idempotency.ProblemTypeBase+strings.ReplaceAll(code, "_", "-"), p.Type)
	assert.Equal(t, status, p.Status)
	assert.NotEmpty(t, p.Title)
	assert.NotEmpty(t, p.Detail)
	assert.Empty(t, w.Header().Get(idempotency.ReplayedHeader))
	return p
}

func TestMiddlewareReplaysByteForByte(t *testing.T) {
	e := newEnv(t, idempotency.Options{}, created)
	r := req{key: "k1", body: `{"a":1}`}
	first := e.do(r)
	require.Equal(t, http.StatusCreated, first.Code)
	assert.Empty(t, first.Header().Get(idempotency.ReplayedHeader), "the original is not a replay")
	for range 3 {
		again := e.do(r)
		require.Equal(t, http.StatusCreated, again.Code)
		assert.Equal(t, first.Body.Bytes(), again.Body.Bytes())
		assert.Equal(t, "true", again.Header().Get(idempotency.ReplayedHeader))
		assert.Equal(t, first.Header().Get("Content-Type"), again.Header().Get("Content-Type"))
		assert.Equal(t, first.Header().Get("Location"), again.Header().Get("Location"))
		assert.Empty(t, again.Header().Get("Set-Cookie"), "per-exchange headers are not replayed")
		assert.Empty(t, again.Header().Get("X-Request-Id"))
	}
	assert.EqualValues(t, 1, e.runs.Load())
	assert.Empty(t, e.reported())
}

func TestMiddlewareKeyHeader(t *testing.T) {
	t.Run("missing and required", func(t *testing.T) {
		e := newEnv(t, idempotency.Options{Required: true}, created)
		p := requireProblem(t, e.do(req{body: "{}"}), http.StatusBadRequest, idempotency.CodeKeyMissing)
		assert.Equal(t, "This request needs an Idempotency-Key header.", p.Detail)
		assert.Zero(t, e.runs.Load())
	})
	t.Run("missing and optional", func(t *testing.T) {
		e := newEnv(t, idempotency.Options{}, created)
		for range 2 {
			require.Equal(t, http.StatusCreated, e.do(req{body: "{}"}).Code)
		}
		assert.EqualValues(t, 2, e.runs.Load(), "no key, no protection")
		assert.Zero(t, e.mem.Len())
	})
	t.Run("malformed", func(t *testing.T) {
		e := newEnv(t, idempotency.Options{Required: true}, created)
		for key, detail := range map[string]string{
			"a\x01b":                 `idempotency.ParseKey("a\x01b"): key has byte 0x01 at offset 1, not printable ASCII: malformed idempotency key`,
			strings.Repeat("k", 256): "idempotency.ParseKey(\"" + strings.Repeat("k", 64) + "...\"): key is 256 bytes long, more than 255: malformed idempotency key",
			`""`:                     `idempotency.ParseKey("\"\""): key is an empty quoted string: malformed idempotency key`,
		} {
			p := requireProblem(t, e.do(req{key: key, body: "{}"}), http.StatusBadRequest, idempotency.CodeKeyMalformed)
			assert.Equal(t, detail, p.Detail)
		}
		assert.Zero(t, e.runs.Load())
	})
	t.Run("sent twice", func(t *testing.T) {
		e := newEnv(t, idempotency.Options{}, created)
		p := requireProblem(t, e.do(req{body: "{}", header: http.Header{"Idempotency-Key": {"a", "b"}}}), http.StatusBadRequest, idempotency.CodeKeyMalformed)
		assert.Equal(t, "The Idempotency-Key header was sent 2 times; send it once.", p.Detail)
		assert.Zero(t, e.runs.Load())
	})
	t.Run("quoted and bare are one key", func(t *testing.T) {
		e := newEnv(t, idempotency.Options{}, created)
		require.Equal(t, http.StatusCreated, e.do(req{key: `"abc"`, body: "{}"}).Code)
		assert.Equal(t, "true", e.do(req{key: "abc", body: "{}"}).Header().Get(idempotency.ReplayedHeader))
		assert.EqualValues(t, 1, e.runs.Load())
	})
	t.Run("other methods pass through", func(t *testing.T) {
		e := newEnv(t, idempotency.Options{Required: true}, created)
		for range 2 {
			require.Equal(t, http.StatusCreated, e.do(req{method: http.MethodGet, key: "k"}).Code)
			require.Equal(t, http.StatusCreated, e.do(req{method: http.MethodPut}).Code)
		}
		assert.EqualValues(t, 4, e.runs.Load())
	})
	t.Run("custom header, methods and route", func(t *testing.T) {
		e := newEnv(t, idempotency.Options{
			Header:  "x-request-key",
			Methods: []string{http.MethodPut},
			Route:   func(*http.Request) string { return "one route" },
		}, created)
		r := req{method: http.MethodPut, path: "/a", body: "{}", header: http.Header{"X-Request-Key": {"k"}}}
		require.Equal(t, http.StatusCreated, e.do(r).Code)
		r.path = "/b" // same route by the custom function
		assert.Equal(t, "true", e.do(r).Header().Get(idempotency.ReplayedHeader))
		require.Equal(t, http.StatusCreated, e.do(req{method: http.MethodPost, key: "k", body: "{}"}).Code, "POST is not covered")
		assert.EqualValues(t, 2, e.runs.Load())
	})
}

func TestMiddlewareFingerprint(t *testing.T) {
	e := newEnv(t, idempotency.Options{}, created)
	base := req{key: "k", path: "/v0/accounts/1?x=1", body: `{"type":"CHECKING","limits":[{"amount":"10.00"}]}`}
	require.Equal(t, http.StatusCreated, e.do(base).Code)

	same := base
	same.body = "{\n  \"limits\" : [ { \"amount\" : \"10.00\" } ],\n  \"type\" : \"\\u0043HECKING\"\n}\n"
	assert.Equal(t, "true", e.do(same).Header().Get(idempotency.ReplayedHeader), "a re-serialised body is the same request")

	for name, r := range map[string]req{
		"another body":   {key: "k", path: base.path, body: `{"type":"SAVINGS","limits":[{"amount":"10.00"}]}`},
		"number text":    {key: "k", path: base.path, body: `{"type":"CHECKING","limits":[{"amount":10.00}]}`},
		"another path":   {key: "k", path: "/v0/accounts/2?x=1", body: base.body},
		"another query":  {key: "k", path: "/v0/accounts/1?x=2", body: base.body},
		"another method": {key: "k", method: http.MethodPatch, path: base.path, body: base.body},
		"empty body":     {key: "k", path: base.path},
	} {
		requireProblem(t, e.do(r), http.StatusUnprocessableEntity, idempotency.CodeKeyReused)
		assert.EqualValues(t, 1, e.runs.Load(), name)
	}

	raw := req{key: "raw", body: "a=1&b=2"}
	require.Equal(t, http.StatusCreated, e.do(raw).Code)
	raw.body = "a=1&b=2 "
	requireProblem(t, e.do(raw), http.StatusUnprocessableEntity, idempotency.CodeKeyReused)
}

func TestMiddlewareScope(t *testing.T) {
	e := newEnv(t, idempotency.Options{}, created)
	a := req{key: "shared", body: "{}", header: http.Header{"X-Tenant": {"a"}}}
	b := req{key: "shared", body: "{}", header: http.Header{"X-Tenant": {"b"}}}
	ra := e.do(a)
	rb := e.do(b)
	require.Equal(t, http.StatusCreated, ra.Code)
	require.Equal(t, http.StatusCreated, rb.Code)
	assert.Empty(t, rb.Header().Get(idempotency.ReplayedHeader), "tenant b's request ran, it was not a's replay")
	assert.EqualValues(t, 2, e.runs.Load())
	assert.Equal(t, ra.Body.String(), e.do(a).Body.String())
	assert.Equal(t, rb.Body.String(), e.do(b).Body.String())
	assert.Contains(t, rb.Body.String(), `"tenant":"b"`)
}

func TestMiddlewareInFlight(t *testing.T) {
	for _, tc := range []struct {
		retryAfter time.Duration
		want       []string // at 30s, 1.5s and 0.5s of the lease left
	}{
		{0, []string{"1", "1", "1"}},
		{5 * time.Second, []string{"5", "2", "1"}},
		{time.Hour, []string{"30", "2", "1"}},
	} {
		e := newEnv(t, idempotency.Options{Lease: 30 * time.Second, RetryAfter: tc.retryAfter}, created)
		r := req{key: "k", body: "{}"}
		fp := idempotency.NewFingerprint(http.MethodPost, "/v0/external_accounts", []byte("{}"))
		_, err := e.mem.Claim(ctx, idempotency.Key{Key: "k"}, fp, 30*time.Second)
		require.NoError(t, err)

		w := e.do(r)
		requireProblem(t, w, http.StatusConflict, idempotency.CodeInFlight)
		assert.Equal(t, tc.want[0], w.Header().Get("Retry-After"), "at most RetryAfter %v", tc.retryAfter)
		e.clock.Sleep(28*time.Second + 500*time.Millisecond)
		assert.Equal(t, tc.want[1], e.do(r).Header().Get("Retry-After"), "never beyond the lease, rounded up")
		e.clock.Sleep(time.Second)
		assert.Equal(t, tc.want[2], e.do(r).Header().Get("Retry-After"), "never 0")
		assert.Zero(t, e.runs.Load())
		e.clock.Sleep(time.Second)
		require.Equal(t, http.StatusCreated, e.do(r).Code, "the abandoned lease is taken over")
	}
}

func TestMiddlewareBody(t *testing.T) {
	e := newEnv(t, idempotency.Options{MaxBodyBytes: 8}, created)
	p := requireProblem(t, e.do(req{key: "k", body: "123456789"}), http.StatusRequestEntityTooLarge, idempotency.CodeBodyTooLarge)
	assert.Equal(t, "The request body is 9 bytes; the limit is 8.", p.Detail)

	chunked := httptest.NewRequest(http.MethodPost, "/", strings.NewReader("123456789"))
	chunked.ContentLength = -1
	chunked.Header.Set("Idempotency-Key", "k")
	w := httptest.NewRecorder()
	e.h.ServeHTTP(w, chunked)
	p = requireProblem(t, w, http.StatusRequestEntityTooLarge, idempotency.CodeBodyTooLarge)
	assert.Equal(t, "The request body is larger than 8 bytes, the limit.", p.Detail)

	limited := httptest.NewRequest(http.MethodPost, "/", nil)
	limited.Body = http.MaxBytesReader(httptest.NewRecorder(), io.NopCloser(strings.NewReader("12345")), 4)
	limited.ContentLength = -1
	limited.Header.Set("Idempotency-Key", "k")
	w = httptest.NewRecorder()
	e.h.ServeHTTP(w, limited)
	p = requireProblem(t, w, http.StatusRequestEntityTooLarge, idempotency.CodeBodyTooLarge)
	assert.Equal(t, "The request body is larger than 4 bytes.", p.Detail)

	broken := httptest.NewRequest(http.MethodPost, "/", nil)
	broken.Body = io.NopCloser(iotest.ErrReader(errors.New("connection reset")))
	broken.ContentLength = -1
	broken.Header.Set("Idempotency-Key", "k")
	w = httptest.NewRecorder()
	e.h.ServeHTTP(w, broken)
	p = requireProblem(t, w, http.StatusBadRequest, idempotency.CodeBodyUnreadable)
	assert.Equal(t, "Reading the request body failed: connection reset.", p.Detail)

	assert.Zero(t, e.runs.Load())
	assert.Zero(t, e.mem.Len(), "nothing was claimed")
	require.Equal(t, http.StatusCreated, e.do(req{key: "k", body: "12345678"}).Code, "exactly the limit is fine")
}

func TestMiddlewareStoreUnavailable(t *testing.T) {
	e := newEnv(t, idempotency.Options{}, created)
	e.store.claimErr = errDown
	w := e.do(req{key: "k", body: "{}"})
	requireProblem(t, w, http.StatusServiceUnavailable, idempotency.CodeStoreUnavailable)
	assert.Equal(t, "1", w.Header().Get("Retry-After"))
	assert.Zero(t, e.runs.Load(), "fail closed: the handler does not run")
	errs := e.reported()
	require.Len(t, errs, 1)
	var se *idempotency.StoreError
	require.ErrorAs(t, errs[0], &se)
	assert.Equal(t, "claim", se.Op)
	assert.ErrorIs(t, errs[0], errDown)
	assert.EqualError(t, errs[0], `idempotency: claim of key "k" in scope "": store is down`)

	full := newEnv(t, idempotency.Options{RetryAfter: 2500 * time.Millisecond}, created)
	full.store.claimErr = fmt.Errorf("claim: %w", idempotency.ErrStoreFull)
	w = full.do(req{key: "k", body: "{}"})
	requireProblem(t, w, http.StatusServiceUnavailable, idempotency.CodeStoreUnavailable)
	assert.Equal(t, "3", w.Header().Get("Retry-After"))

	bogus := newEnv(t, idempotency.Options{}, created)
	bogus.store.claimResult = &idempotency.Claim{}
	requireProblem(t, bogus.do(req{key: "k", body: "{}"}), http.StatusServiceUnavailable, idempotency.CodeStoreUnavailable)
	require.Len(t, bogus.reported(), 1)
	assert.EqualError(t, bogus.reported()[0], `idempotency: claim of key "k" in scope "": store returned an invalid claim (status invalid)`)
}

func TestMiddlewareFailOpen(t *testing.T) {
	e := newEnv(t, idempotency.Options{FailOpen: true}, created)
	e.store.claimErr = errDown
	for range 2 {
		w := e.do(req{key: "k", body: `{"x":1}`})
		require.Equal(t, http.StatusCreated, w.Code)
		assert.Contains(t, w.Body.String(), `"echo":"{\"x\":1}"`, "the handler still gets the body")
	}
	assert.EqualValues(t, 2, e.runs.Load(), "the documented risk: unprotected, it runs twice")
	assert.Len(t, e.reported(), 2)
}

func TestMiddlewareWhatIsStored(t *testing.T) {
	for _, tc := range []struct {
		status int
		stored bool
	}{
		{http.StatusOK, true}, {http.StatusCreated, true}, {http.StatusNoContent, true},
		{http.StatusSeeOther, true},
		{http.StatusBadRequest, true}, {http.StatusNotFound, true}, {http.StatusConflict, true},
		{http.StatusUnprocessableEntity, true},
		{http.StatusTooManyRequests, false},
		{http.StatusInternalServerError, false}, {http.StatusBadGateway, false}, {http.StatusServiceUnavailable, false},
	} {
		e := newEnv(t, idempotency.Options{}, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/plain")
			w.WriteHeader(tc.status)
			fmt.Fprint(w, "answer")
		})
		first := e.do(req{key: "k", body: "{}"})
		second := e.do(req{key: "k", body: "{}"})
		require.Equal(t, tc.status, first.Code)
		require.Equal(t, tc.status, second.Code)
		if tc.stored {
			assert.EqualValues(t, 1, e.runs.Load(), "%d is stored", tc.status)
			assert.Equal(t, "true", second.Header().Get(idempotency.ReplayedHeader))
			assert.Equal(t, "answer", second.Body.String())
		} else {
			assert.EqualValues(t, 2, e.runs.Load(), "%d is not stored: the retry runs", tc.status)
			assert.Empty(t, second.Header().Get(idempotency.ReplayedHeader))
		}
		assert.Empty(t, e.reported())
	}
}

func TestMiddlewareRecordsWhatNetHTTPSends(t *testing.T) {
	t.Run("implicit 200", func(t *testing.T) {
		e := newEnv(t, idempotency.Options{}, func(http.ResponseWriter, *http.Request) {})
		require.Equal(t, http.StatusOK, e.do(req{key: "k"}).Code)
		w := e.do(req{key: "k"})
		require.Equal(t, http.StatusOK, w.Code)
		assert.Equal(t, "true", w.Header().Get(idempotency.ReplayedHeader))
		assert.Empty(t, w.Body.String())
		assert.EqualValues(t, 1, e.runs.Load())
	})
	t.Run("sniffed content type", func(t *testing.T) {
		e := newEnv(t, idempotency.Options{}, func(w http.ResponseWriter, r *http.Request) {
			fmt.Fprint(w, "<html><body>made</body></html>")
		})
		srv := httptest.NewServer(e.h)
		defer srv.Close()
		post := func() *http.Response {
			r, err := http.NewRequest(http.MethodPost, srv.URL, nil)
			require.NoError(t, err)
			r.Header.Set("Idempotency-Key", "k")
			resp, err := srv.Client().Do(r)
			require.NoError(t, err)
			resp.Body.Close()
			return resp
		}
		first, second := post(), post()
		assert.Equal(t, "text/html; charset=utf-8", first.Header.Get("Content-Type"))
		assert.Equal(t, first.Header.Get("Content-Type"), second.Header.Get("Content-Type"))
		assert.Equal(t, "true", second.Header.Get(idempotency.ReplayedHeader))
		// The record itself says what the client got, whoever replays it.
		c, err := e.mem.Claim(ctx, idempotency.Key{Key: "k"}, idempotency.NewFingerprint(http.MethodPost, "/", nil), time.Minute)
		require.NoError(t, err)
		require.Equal(t, idempotency.Completed, c.Status)
		assert.Equal(t, []string{"text/html; charset=utf-8"}, c.Response.Header["Content-Type"])
	})
	t.Run("informational then final", func(t *testing.T) {
		e := newEnv(t, idempotency.Options{}, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Link", "</style.css>; rel=preload")
			w.WriteHeader(http.StatusEarlyHints)
			w.WriteHeader(http.StatusAccepted)
			w.WriteHeader(http.StatusTeapot) // superfluous: ignored, as net/http does
			fmt.Fprint(w, "ok")
		})
		e.do(req{key: "k"})
		w := e.do(req{key: "k"})
		assert.Equal(t, http.StatusAccepted, w.Code)
		assert.Equal(t, "</style.css>; rel=preload", w.Header().Get("Link"))
		assert.EqualValues(t, 1, e.runs.Load())
	})
	t.Run("headers set after WriteHeader", func(t *testing.T) {
		e := newEnv(t, idempotency.Options{}, func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(http.StatusCreated)
			w.Header().Set("Location", "/too-late") // net/http does not send it either
		})
		e.do(req{key: "k"})
		assert.Empty(t, e.do(req{key: "k"}).Header().Get("Location"))
	})
	t.Run("flush", func(t *testing.T) {
		e := newEnv(t, idempotency.Options{}, func(w http.ResponseWriter, r *http.Request) {
			fmt.Fprint(w, "part")
			require.NoError(t, http.NewResponseController(w).Flush())
			_, _, err := http.NewResponseController(w).Hijack()
			require.ErrorIs(t, err, http.ErrNotSupported, "hijacking would bypass the recording")
		})
		w := e.do(req{key: "k"})
		assert.True(t, w.Flushed)
		assert.Equal(t, "part", e.do(req{key: "k"}).Body.String())
	})
}

func TestMiddlewareResponseTooLarge(t *testing.T) {
	big := strings.Repeat("x", 100)
	e := newEnv(t, idempotency.Options{MaxResponseBytes: 99}, func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, big[:50])
		fmt.Fprint(w, big[50:])
	})
	for range 2 {
		w := e.do(req{key: "k"})
		require.Equal(t, http.StatusOK, w.Code)
		assert.Equal(t, big, w.Body.String(), "the client still gets all of it")
	}
	assert.EqualValues(t, 2, e.runs.Load(), "not stored: the documented cost is a second run")
	errs := e.reported()
	require.Len(t, errs, 2)
	assert.ErrorIs(t, errs[0], idempotency.ErrResponseTooLarge)
	assert.EqualError(t, errs[0], `idempotency: response to key "k" in scope "" is over 99 bytes, not stored; key released: idempotency: response too large to store`)

	fits := newEnv(t, idempotency.Options{MaxResponseBytes: 100}, func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, big) })
	fits.do(req{key: "k"})
	assert.Equal(t, big, fits.do(req{key: "k"}).Body.String())
	assert.EqualValues(t, 1, fits.runs.Load())
}

func TestMiddlewarePanicReleases(t *testing.T) {
	var panicking atomic.Bool
	panicking.Store(true)
	e := newEnv(t, idempotency.Options{}, func(w http.ResponseWriter, r *http.Request) {
		if panicking.Load() {
			w.WriteHeader(http.StatusCreated)
			panic("boom")
		}
		created(w, r)
	})
	require.PanicsWithValue(t, "boom", func() { e.do(req{key: "k", body: "{}"}) }, "the panic goes on up")
	panicking.Store(false)
	require.Equal(t, http.StatusCreated, e.do(req{key: "k", body: "{}"}).Code)
	assert.EqualValues(t, 2, e.runs.Load(), "the key was released, so the retry ran")

	abort := newEnv(t, idempotency.Options{}, func(http.ResponseWriter, *http.Request) { panic(http.ErrAbortHandler) })
	require.PanicsWithValue(t, http.ErrAbortHandler, func() { abort.do(req{key: "k"}) })
	require.PanicsWithValue(t, http.ErrAbortHandler, func() { abort.do(req{key: "k"}) }, "released again: it ran again")
	assert.Empty(t, abort.reported())
}

// serve runs e's middleware on a loopback HTTP server. served receives a
// value each time the middleware returns (the key stored or released);
// conns receives each request's own context, cancelled by net/http when
// the client hangs up.
func (e *env) serve() (srv *httptest.Server, served chan struct{}, conns chan context.Context) {
	served = make(chan struct{}, 10)
	conns = make(chan context.Context, 10)
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() { served <- struct{}{} }()
		conns <- r.Context()
		e.h.ServeHTTP(w, r)
	}))
	e.t.Cleanup(srv.Close)
	return srv, served, conns
}

func post(t *testing.T, ctx context.Context, srv *httptest.Server, key, body string) (*http.Response, []byte, error) {
	r, err := http.NewRequestWithContext(ctx, http.MethodPost, srv.URL, strings.NewReader(body))
	require.NoError(t, err)
	r.Header.Set("Idempotency-Key", key)
	resp, err := srv.Client().Do(r)
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp, b, err
}

// hangUp sends a request to srv whose client hangs up once ready returns,
// and waits for the middleware to be done with it.
func hangUp(t *testing.T, srv *httptest.Server, served <-chan struct{}, ready func()) {
	t.Helper()
	cctx, cancel := context.WithCancel(context.Background())
	go func() { ready(); cancel() }()
	_, _, err := post(t, cctx, srv, "k", "{}")
	require.ErrorIs(t, err, context.Canceled)
	<-served
}

func TestMiddlewareClientDisconnect(t *testing.T) {
	// By default the handler's work does not depend on the client's
	// connection: it sees the client go (its connection's context ends),
	// carries on, and its answer is stored for the client's retry.
	var calls atomic.Int64
	started := make(chan struct{}, 1)
	clientGone := make(chan context.Context, 1)
	e := newEnv(t, idempotency.Options{}, func(w http.ResponseWriter, r *http.Request) {
		n := calls.Add(1)
		if n == 1 {
			started <- struct{}{}
			<-(<-clientGone).Done() // net/http noticed the hang-up
			if !assert.NoError(t, r.Context().Err(), "the handler's context outlives the client's connection") {
				return
			}
			_, hasDeadline := r.Context().Deadline()
			assert.True(t, hasDeadline, "the lease still bounds it")
		}
		w.WriteHeader(http.StatusCreated)
		fmt.Fprintf(w, "call %d", n)
	})
	srv, served, conns := e.serve()
	hangUp(t, srv, served, func() {
		<-started
		clientGone <- <-conns
	})

	resp, body, err := post(t, context.Background(), srv, "k", "{}")
	require.NoError(t, err)
	assert.Equal(t, http.StatusCreated, resp.StatusCode)
	assert.Equal(t, "call 1", string(body), "the answer given after the hang-up was stored")
	assert.Equal(t, "true", resp.Header.Get(idempotency.ReplayedHeader))
	assert.EqualValues(t, 1, e.runs.Load(), "one execution")
	assert.Empty(t, e.reported())
}

func TestMiddlewareCancelOnDisconnect(t *testing.T) {
	// The handler sees the client go and returns without answering: the key
	// is released. A handler that answers anyway has its answer stored.
	for _, answer := range []bool{false, true} {
		var calls atomic.Int64
		started := make(chan struct{}, 2)
		e := newEnv(t, idempotency.Options{CancelOnDisconnect: true}, func(w http.ResponseWriter, r *http.Request) {
			if calls.Add(1) == 1 {
				started <- struct{}{}
				<-r.Context().Done()
				if !answer {
					return
				}
			}
			w.WriteHeader(http.StatusCreated)
			fmt.Fprintf(w, "call %d", calls.Load())
		})
		// The middleware stores or releases the key after the handler
		// returns, so the retry waits for the middleware, not the handler.
		srv, served, _ := e.serve()
		hangUp(t, srv, served, func() { <-started })

		resp, body, err := post(t, context.Background(), srv, "k", "{}")
		require.NoError(t, err)
		if answer {
			assert.Equal(t, "call 1", string(body), "the answer given after the disconnect was stored")
			assert.Equal(t, "true", resp.Header.Get(idempotency.ReplayedHeader))
		} else {
			assert.Equal(t, "call 2", string(body), "the key was released, so the retry ran")
		}
		assert.Empty(t, e.reported())
	}
}

func TestMiddlewareLeaseEndsHandler(t *testing.T) {
	var sawDeadline atomic.Bool
	first := make(chan struct{})
	var once sync.Once
	store := idempotency.NewMemoryStore(idempotency.MemoryOptions{})
	runs := 0
	h := idempotency.Middleware(store, idempotency.Options{
		Scope: func(*http.Request) string { return "" },
		Lease: 50 * time.Millisecond,
	})(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		runs++
		dl, ok := r.Context().Deadline()
		if ok && time.Until(dl) <= 50*time.Millisecond {
			sawDeadline.Store(true)
		}
		once.Do(func() {
			defer close(first)
			select {
			case <-r.Context().Done():
				assert.ErrorIs(t, r.Context().Err(), context.DeadlineExceeded)
			case <-time.After(5 * time.Second):
				assert.Fail(t, "the handler's context outlived the lease")
			}
		})
	}))
	for range 2 {
		r := httptest.NewRequest(http.MethodPost, "/", nil)
		r.Header.Set("Idempotency-Key", "k")
		h.ServeHTTP(httptest.NewRecorder(), r)
	}
	<-first
	assert.True(t, sawDeadline.Load(), "the handler's context ends with the lease")
	assert.Equal(t, 2, runs, "a handler cut off by its lease answers nothing, so the key is free again")
}

func TestMiddlewareCompleteRetried(t *testing.T) {
	e := newEnv(t, idempotency.Options{Lease: 10 * time.Second}, created)
	e.store.completeFails.Store(3)
	r := req{key: "k", body: "{}"}
	first := e.do(r)
	require.Equal(t, http.StatusCreated, first.Code)
	assert.EqualValues(t, 4, e.store.completes.Load(), "three failures, then the fourth attempt landed")
	errs := e.reported()
	require.Len(t, errs, 1, "the first failure is reported, the retries that followed are not")
	var se *idempotency.StoreError
	require.ErrorAs(t, errs[0], &se)
	assert.Equal(t, "complete", se.Op)
	assert.ErrorIs(t, errs[0], errDown)

	again := e.do(r)
	require.Equal(t, http.StatusCreated, again.Code)
	assert.Equal(t, "true", again.Header().Get(idempotency.ReplayedHeader))
	assert.Equal(t, first.Body.String(), again.Body.String())
	assert.EqualValues(t, 1, e.runs.Load(), "the outage cost time, not a second execution")
}

func TestMiddlewareCompleteFailsForTheLease(t *testing.T) {
	// The store stays down for longer than the (real-time) lease: the
	// middleware gives up when the lease ends and says so.
	const lease = 100 * time.Millisecond
	e := newEnv(t, idempotency.Options{Lease: lease}, created)
	err := error(errDown)
	e.store.completeErr.Store(&err)
	r := req{key: "k", body: "{}"}
	first := e.do(r)
	require.Equal(t, http.StatusCreated, first.Code, "the client still gets its response")
	assert.Greater(t, e.store.completes.Load(), int64(1), "it tried again")
	errs := e.reported()
	require.Len(t, errs, 2)
	for _, err := range errs {
		var se *idempotency.StoreError
		require.ErrorAs(t, err, &se)
		assert.Equal(t, "complete", se.Op)
		assert.ErrorIs(t, err, errDown)
	}
	assert.NotErrorIs(t, errs[0], idempotency.ErrUnrecorded)
	assert.ErrorIs(t, errs[1], idempotency.ErrUnrecorded)
	assert.Regexp(t, `^idempotency: complete of key "k" in scope "": idempotency: outcome not recorded before the lease ran out: \d+ attempts failed within the lease; the last: store is down$`, errs[1].Error())

	e.store.completeErr.Store(nil)
	requireProblem(t, e.do(r), http.StatusConflict, idempotency.CodeInFlight)
	e.clock.Sleep(lease)
	require.Equal(t, http.StatusCreated, e.do(r).Code)
	assert.EqualValues(t, 2, e.runs.Load(), "after the lease the retry runs again: the documented cost")
	assert.Equal(t, "true", e.do(r).Header().Get(idempotency.ReplayedHeader))
}

func TestMiddlewareCompleteNotOwner(t *testing.T) {
	// The lease was lost (taken over): trying again cannot help.
	e := newEnv(t, idempotency.Options{}, created)
	err := fmt.Errorf("complete: %w", idempotency.ErrNotOwner)
	e.store.completeErr.Store(&err)
	require.Equal(t, http.StatusCreated, e.do(req{key: "k"}).Code)
	assert.EqualValues(t, 1, e.store.completes.Load())
	errs := e.reported()
	require.Len(t, errs, 1)
	assert.ErrorIs(t, errs[0], idempotency.ErrNotOwner)
}

func TestMiddlewareReleaseFailureIsReported(t *testing.T) {
	e := newEnv(t, idempotency.Options{Lease: 50 * time.Millisecond}, func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusBadGateway) })
	err := error(errDown)
	e.store.releaseErr.Store(&err)
	require.Equal(t, http.StatusBadGateway, e.do(req{key: "k"}).Code, "answered at once; the release is retried in the background")
	require.Eventually(t, func() bool { return len(e.reported()) == 2 }, time.Minute, time.Millisecond, "the give-up after the lease")
	errs := e.reported()
	var se *idempotency.StoreError
	require.ErrorAs(t, errs[0], &se)
	assert.Equal(t, "release", se.Op)
	assert.NotErrorIs(t, errs[0], idempotency.ErrUnrecorded)
	require.ErrorAs(t, errs[1], &se)
	assert.Equal(t, "release", se.Op)
	assert.ErrorIs(t, errs[1], idempotency.ErrUnrecorded)
}

func TestMiddlewareReleaseRetried(t *testing.T) {
	e := newEnv(t, idempotency.Options{}, func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusBadGateway) })
	err := error(errDown)
	e.store.releaseErr.Store(&err)
	require.Equal(t, http.StatusBadGateway, e.do(req{key: "k"}).Code)
	require.Len(t, e.reported(), 1)
	requireProblem(t, e.do(req{key: "k"}), http.StatusConflict, idempotency.CodeInFlight)
	e.store.releaseErr.Store(nil) // the store is back
	require.Eventually(t, func() bool { return e.do(req{key: "k"}).Code == http.StatusBadGateway }, time.Minute, time.Millisecond,
		"the retried release freed the key within the lease")
	assert.EqualValues(t, 2, e.runs.Load())
	assert.Len(t, e.reported(), 1)
}

// TestMiddlewareCrash stops a request at each step, as a process crash
// would (nothing after that point reaches the store), and checks what the
// client's retry gets.
func TestMiddlewareCrash(t *testing.T) {
	// The middleware retries a failed Complete until the lease ends, in real
	// time: a short lease keeps the crashed cases quick.
	const lease = 100 * time.Millisecond
	crashed := error(errors.New("the process is gone"))
	r := req{key: "k", body: `{"amount":"10.00"}`}
	fp := idempotency.NewFingerprint(http.MethodPost, "/v0/external_accounts", []byte(r.body))

	t.Run("after claim, before the handler", func(t *testing.T) {
		e := newEnv(t, idempotency.Options{Lease: lease}, created)
		_, err := e.mem.Claim(ctx, idempotency.Key{Key: "k"}, fp, lease)
		require.NoError(t, err)
		requireProblem(t, e.do(r), http.StatusConflict, idempotency.CodeInFlight)
		e.clock.Sleep(lease)
		require.Equal(t, http.StatusCreated, e.do(r).Code, "after the lease the retry takes over")
		assert.Equal(t, "true", e.do(r).Header().Get(idempotency.ReplayedHeader))
		assert.EqualValues(t, 1, e.runs.Load())
	})
	for _, step := range []string{"in the handler", "after the handler, before complete"} {
		t.Run(step, func(t *testing.T) {
			var e *env
			e = newEnv(t, idempotency.Options{Lease: lease}, func(w http.ResponseWriter, r *http.Request) {
				if step == "in the handler" && e.runs.Load() == 1 {
					e.store.completeErr.Store(&crashed)
					e.store.releaseErr.Store(&crashed)
				}
				created(w, r)
			})
			if step != "in the handler" {
				e.store.completeErr.Store(&crashed)
			}
			e.do(r) // the client never sees this answer
			e.store.completeErr.Store(nil)
			e.store.releaseErr.Store(nil)

			requireProblem(t, e.do(r), http.StatusConflict, idempotency.CodeInFlight)
			e.clock.Sleep(lease - time.Millisecond)
			requireProblem(t, e.do(r), http.StatusConflict, idempotency.CodeInFlight)
			e.clock.Sleep(time.Millisecond)
			require.Equal(t, http.StatusCreated, e.do(r).Code)
			assert.EqualValues(t, 2, e.runs.Load(), "a crash before complete runs the handler again after one lease, not after the retention")
			assert.Equal(t, "true", e.do(r).Header().Get(idempotency.ReplayedHeader))
		})
	}
	t.Run("after complete, before the client got it", func(t *testing.T) {
		e := newEnv(t, idempotency.Options{Lease: lease}, created)
		lost := e.do(r)
		w := e.do(r)
		require.Equal(t, http.StatusCreated, w.Code)
		assert.Equal(t, "true", w.Header().Get(idempotency.ReplayedHeader))
		assert.Equal(t, lost.Body.String(), w.Body.String())
		assert.EqualValues(t, 1, e.runs.Load())
	})
}

func TestMiddlewareConcurrentDuplicates(t *testing.T) {
	handler := func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(20 * time.Millisecond) // keep the first request in flight
		created(w, r)
	}
	send100 := func(e *env) []*httptest.ResponseRecorder {
		out := make([]*httptest.ResponseRecorder, 100)
		var wg sync.WaitGroup
		for i := range out {
			wg.Go(func() { out[i] = e.do(req{key: "k", body: `{"a":1}`}) })
		}
		wg.Wait()
		return out
	}

	t.Run("409 while in flight", func(t *testing.T) {
		e := newEnv(t, idempotency.Options{}, handler)
		var answers []*httptest.ResponseRecorder
		conflicts := 0
		for _, w := range send100(e) {
			if w.Code == http.StatusConflict {
				requireProblem(t, w, http.StatusConflict, idempotency.CodeInFlight)
				conflicts++
				continue
			}
			answers = append(answers, w)
		}
		assert.EqualValues(t, 1, e.runs.Load(), "the handler ran exactly once")
		require.NotEmpty(t, answers)
		for _, w := range answers {
			require.Equal(t, http.StatusCreated, w.Code)
			assert.Equal(t, answers[0].Body.String(), w.Body.String())
		}
		assert.Equal(t, 100, conflicts+len(answers))
	})
	t.Run("waiting for the first", func(t *testing.T) {
		e := newEnv(t, idempotency.Options{WaitInFlight: 10 * time.Second}, handler)
		all := send100(e)
		assert.EqualValues(t, 1, e.runs.Load(), "the handler ran exactly once")
		replays := 0
		for _, w := range all {
			require.Equal(t, http.StatusCreated, w.Code)
			assert.Equal(t, all[0].Body.String(), w.Body.String(), "all get the same response")
			if w.Header().Get(idempotency.ReplayedHeader) == "true" {
				replays++
			}
		}
		assert.Equal(t, 99, replays)
	})
}

func TestMiddlewareWaitGivesUp(t *testing.T) {
	e := newEnv(t, idempotency.Options{WaitInFlight: 30 * time.Millisecond}, created)
	fp := idempotency.NewFingerprint(http.MethodPost, "/v0/external_accounts", nil)
	_, err := e.mem.Claim(ctx, idempotency.Key{Key: "k"}, fp, time.Minute)
	require.NoError(t, err)
	requireProblem(t, e.do(req{key: "k"}), http.StatusConflict, idempotency.CodeInFlight)
	assert.Zero(t, e.runs.Load())
}

func TestMiddlewareMisconfiguration(t *testing.T) {
	store := idempotency.NewMemoryStore(idempotency.MemoryOptions{})
	scope := func(*http.Request) string { return "" }
	assert.PanicsWithValue(t, "idempotency.Middleware: store is nil", func() {
		idempotency.Middleware(nil, idempotency.Options{Scope: scope})
	})
	assert.PanicsWithValue(t, `idempotency.Middleware: Options.Scope is nil; return the authenticated principal, or a constant such as "" for a single-client service`, func() {
		idempotency.Middleware(store, idempotency.Options{})
	})
	assert.PanicsWithValue(t, "idempotency.Middleware: Options.Lease is negative", func() {
		idempotency.Middleware(store, idempotency.Options{Scope: scope, Lease: -1})
	})
	assert.PanicsWithValue(t, "idempotency.Middleware: Options.RetryAfter is negative", func() {
		idempotency.Middleware(store, idempotency.Options{Scope: scope, RetryAfter: -time.Second})
	})
	assert.PanicsWithValue(t, "idempotency.Middleware: Options.MaxBodyBytes is negative", func() {
		idempotency.Middleware(store, idempotency.Options{Scope: scope, MaxBodyBytes: -1})
	})
}

func TestMiddlewareWaiterRunsAfterRelease(t *testing.T) {
	var calls atomic.Int64
	entered := make(chan struct{})
	var e *env
	e = newEnv(t, idempotency.Options{WaitInFlight: 10 * time.Second}, func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) == 1 {
			close(entered)
			// Fail only once the second request has found the key in flight.
			assert.Eventually(t, func() bool { return e.store.claims.Load() >= 3 }, 5*time.Second, time.Millisecond)
			w.WriteHeader(http.StatusBadGateway)
			return
		}
		w.WriteHeader(http.StatusCreated)
	})
	codes := make(chan int, 2)
	go func() { codes <- e.do(req{key: "k"}).Code }()
	<-entered
	go func() { codes <- e.do(req{key: "k"}).Code }()
	got := []int{<-codes, <-codes}
	assert.ElementsMatch(t, []int{http.StatusBadGateway, http.StatusCreated}, got,
		"the waiter saw the first request release the key, then ran itself")
	assert.EqualValues(t, 2, e.runs.Load())
}

func TestMiddlewareRetryAfterOverHTTP(t *testing.T) {
	started, finish := make(chan struct{}), make(chan struct{})
	e := newEnv(t, idempotency.Options{}, func(w http.ResponseWriter, r *http.Request) {
		close(started)
		<-finish
		created(w, r)
	})
	srv, _, _ := e.serve()
	first := make(chan *http.Response, 1)
	go func() {
		resp, _, err := post(t, context.Background(), srv, "k", "{}")
		assert.NoError(t, err)
		first <- resp
	}()
	<-started
	resp, body, err := post(t, context.Background(), srv, "k", "{}")
	require.NoError(t, err)
	assert.Equal(t, http.StatusConflict, resp.StatusCode, "%s", body)
	assert.Equal(t, "1", resp.Header.Get("Retry-After"), "a short hint, not the 30s lease")
	close(finish)
	if resp := <-first; resp != nil {
		assert.Equal(t, http.StatusCreated, resp.StatusCode)
	}

	down := newEnv(t, idempotency.Options{}, created)
	down.store.claimErr = errDown
	srv, _, _ = down.serve()
	resp, body, err = post(t, context.Background(), srv, "k", "{}")
	require.NoError(t, err)
	assert.Equal(t, http.StatusServiceUnavailable, resp.StatusCode, "%s", body)
	assert.Equal(t, "1", resp.Header.Get("Retry-After"))
}

func TestMiddlewareProblemBase(t *testing.T) {
	e := newEnv(t, idempotency.Options{Required: true, ProblemBase: "https://api.example.com/errors#"}, created)
	w := e.do(req{body: "{}"})
	require.Equal(t, http.StatusBadRequest, w.Code)
	assert.Equal(t, idempotency.ProblemContentType, w.Header().Get("Content-Type"))
	assert.Equal(t, "no-store", w.Header().Get("Cache-Control"))
	assert.JSONEq(t, `{"type":"https://api.example.com/errors#idempotency-key-missing","title":"Idempotency-Key header missing",`+
		`"status":400,"detail":"This request needs an Idempotency-Key header.","code":"idempotency_key_missing"}`, w.Body.String())
}

func TestMiddlewareWriteProblem(t *testing.T) {
	// A service with an error format of its own.
	var seen []idempotency.Problem
	e := newEnv(t, idempotency.Options{WriteProblem: func(w http.ResponseWriter, r *http.Request, p idempotency.Problem) {
		seen = append(seen, p)
		w.Header().Set("Content-Type", "application/vnd.example.error+json")
		w.WriteHeader(p.Status)
		fmt.Fprintf(w, `{"error":{"code":%q,"message":%q,"path":%q}}`, p.Code, p.Detail, r.URL.Path)
	}}, created)
	fp := idempotency.NewFingerprint(http.MethodPost, "/v0/external_accounts", []byte("{}"))
	_, err := e.mem.Claim(ctx, idempotency.Key{Key: "k"}, fp, 30*time.Second)
	require.NoError(t, err)
	w := e.do(req{key: "k", body: "{}"})
	assert.Equal(t, http.StatusConflict, w.Code)
	assert.Equal(t, "application/vnd.example.error+json", w.Header().Get("Content-Type"))
	assert.Equal(t, "1", w.Header().Get("Retry-After"), "set before the hook runs")
	assert.Equal(t, "no-store", w.Header().Get("Cache-Control"))
	assert.JSONEq(t, `{"error":{"code":"idempotency_request_in_flight","message":"A request with this Idempotency-Key is still being processed; retry later.","path":"/v0/external_accounts"}}`, w.Body.String())
	require.Len(t, seen, 1)
	assert.Equal(t, idempotency.Problem{
		Type:   "https://acctkit.dev/problems/idempotency-request-in-flight",
		Title:  "Request in flight",
		Status: http.StatusConflict,
		Detail: "A request with this Idempotency-Key is still being processed; retry later.",
		Code:   idempotency.CodeInFlight,
	}, seen[0])
}

func TestMiddlewareClientGoneDuringClaim(t *testing.T) {
	// The client hangs up while the claim is on its way to the store. By
	// default the claim goes through and the handler runs, so the retry is
	// a replay; with CancelOnDisconnect the claim is cancelled.
	for _, cancelOnDisconnect := range []bool{false, true} {
		e := newEnv(t, idempotency.Options{CancelOnDisconnect: cancelOnDisconnect}, created)
		entered, gone := make(chan struct{}), make(chan struct{})
		var once sync.Once
		e.store.beforeClaim = func() { once.Do(func() { close(entered); <-gone }) }
		srv, served, conns := e.serve()
		hangUp(t, srv, served, func() {
			<-entered
			conn := <-conns
			go func() {
				<-conn.Done() // net/http noticed the hang-up
				close(gone)
			}()
		})

		resp, _, err := post(t, context.Background(), srv, "k", "{}")
		require.NoError(t, err)
		require.Equal(t, http.StatusCreated, resp.StatusCode)
		assert.EqualValues(t, 1, e.runs.Load())
		if cancelOnDisconnect {
			assert.Empty(t, resp.Header.Get(idempotency.ReplayedHeader), "the first claim was cancelled; the retry ran")
			require.Len(t, e.reported(), 1)
			assert.ErrorIs(t, e.reported()[0], context.Canceled)
		} else {
			assert.Equal(t, "true", resp.Header.Get(idempotency.ReplayedHeader), "the first request ran though its client had gone")
			assert.Empty(t, e.reported())
		}
	}
}
