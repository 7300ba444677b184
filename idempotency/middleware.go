package idempotency

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/textproto"
	"slices"
	"strconv"
	"time"
)

// Options configures [Middleware]. Only Scope is required; every zero field
// takes the default given on it. Negative sizes and durations are
// programming errors and make Middleware panic.
type Options struct {
	// Scope returns the scope a request's key lives in, normally the
	// authenticated principal or tenant, so two clients that pick the same
	// key never see each other's responses. Required: a service with a
	// single client returns a constant.
	Scope func(*http.Request) string

	// Route returns the route part of the fingerprint; nil means the
	// escaped path plus "?" and the raw query when there is one. It must
	// identify the resource, not the route pattern: with a pattern, a PATCH
	// of /accounts/2 would replay the response of /accounts/1.
	Route func(*http.Request) string

	// Methods are the methods the middleware applies to; nil means POST and
	// PATCH. Other requests pass through untouched, even with a key.
	Methods []string

	// Header is the request header carrying the key; "" means
	// "Idempotency-Key".
	Header string

	// Required makes a missing key a 400. When false, a request without a
	// key passes through unprotected.
	Required bool

	// Lease is how long a claim stays in flight before a retry may take it
	// over (default 30s). The handler's context is cancelled when it runs
	// out, so a slow handler stops instead of running on beside the retry
	// that took over; set it above the slowest handler.
	Lease time.Duration

	// Retention is how long a completed response is replayed (default 24h).
	Retention time.Duration

	// MaxBodyBytes bounds the body of a request with a key, which is read
	// whole to fingerprint it (default 1 MiB); a larger body gets a 413.
	MaxBodyBytes int64

	// MaxResponseBytes bounds the stored response body (default 1 MiB). A
	// larger response still reaches the client, but it is not stored and the
	// key is released, so a retry RUNS THE HANDLER AGAIN; OnError receives
	// an error wrapping ErrResponseTooLarge. Set it above the largest
	// response of a protected route.
	MaxResponseBytes int64

	// StoreTimeout bounds each store call (default 5s).
	StoreTimeout time.Duration

	// WaitInFlight, when positive, makes a request that finds its key in
	// flight poll the store for up to that long and answer with the stored
	// response once the first request completes (or run, if it released
	// the key), instead of answering 409 at once.
	WaitInFlight time.Duration

	// ReplayHeaders are the response headers stored and replayed; nil means
	// DefaultReplayHeaders(). Headers that describe one exchange (Set-Cookie,
	// Date, tracing headers) do not belong here.
	ReplayHeaders []string

	// FailOpen runs the handler unprotected when the store fails, instead of
	// answering 503. RISK: during a store outage a client retry runs the
	// request twice (a double payment), and a concurrent duplicate is not
	// stopped. Leave it off for anything that moves money.
	FailOpen bool

	// OnError receives every failure the client's response does not show:
	// store failures (a *StoreError, also under FailOpen), responses too
	// large to store. nil discards them. It must be safe for concurrent
	// use.
	OnError func(*http.Request, error)
}

// DefaultReplayHeaders returns the response headers stored and replayed
// when Options.ReplayHeaders is nil: those that describe the body or the
// created resource.
func DefaultReplayHeaders() []string {
	return []string{
		"Cache-Control", "Content-Disposition", "Content-Encoding", "Content-Language",
		"Content-Location", "Content-Type", "ETag", "Expires", "Last-Modified", "Link", "Location",
	}
}

// ReplayedHeader is set to "true" on every replayed response.
const ReplayedHeader = "Idempotent-Replayed"

// ErrResponseTooLarge is reported through Options.OnError when a response is
// larger than Options.MaxResponseBytes and was therefore not stored.
var ErrResponseTooLarge = errors.New("idempotency: response too large to store")

// StoreError is a store failure met by the middleware: Op is "claim",
// "complete" or "release".
type StoreError struct {
	Op  string
	Key Key
	Err error
}

func (e *StoreError) Error() string {
	return fmt.Sprintf("idempotency: %s of key %q in scope %q: %v", e.Op, e.Key.Key, e.Key.Scope, e.Err)
}

func (e *StoreError) Unwrap() error { return e.Err }

// Middleware returns net/http middleware that applies the Idempotency-Key
// contract to the requests whose method is in opts.Methods:
//
//   - no key: passes through, or 400 idempotency_key_missing if Required;
//   - malformed key (see [ParseKey]) or the header sent twice: 400
//     idempotency_key_malformed;
//   - body above MaxBodyBytes: 413; unreadable body: 400;
//   - key in use with another fingerprint (see [NewFingerprint]): 422
//     idempotency_key_reused;
//   - key in flight: 409 idempotency_request_in_flight with Retry-After (or
//     a wait, see Options.WaitInFlight);
//   - key completed: the stored status, replay headers and body, byte for
//     byte, with Idempotent-Replayed: true;
//   - store failure: 503 idempotency_store_unavailable and the handler does
//     not run (unless FailOpen);
//   - otherwise the handler runs. A final status below 500 other than 429
//     is stored for Retention; a 5xx or 429, a response above
//     MaxResponseBytes, a panic, or a handler that returns without
//     answering after its context ended (client gone, lease over) releases
//     the key so the client's retry runs it again.
//
// If storing the response fails, the client still gets it, OnError gets
// the failure, and the key stays in flight until its lease runs out: the
// handler's effects have happened, so releasing would invite a retry to
// repeat them at once, and the failed write may in fact have landed; after
// the lease a retry runs the handler again, the unavoidable cost of an
// unreachable store.
//
// Errors are RFC 9457 application/problem+json bodies ([Problem]) with a
// stable type and code. The middleware panics if store or opts.Scope is nil
// or an option is negative: those are wiring mistakes, found at start-up.
// A handler cannot hijack the connection: the response must be recorded.
func Middleware(store Store, opts Options) func(http.Handler) http.Handler {
	if store == nil {
		panic("idempotency.Middleware: store is nil")
	}
	if opts.Scope == nil {
		panic(`idempotency.Middleware: Options.Scope is nil; return the authenticated principal, or a constant such as "" for a single-client service`)
	}
	for _, o := range []struct {
		name  string
		value int64
	}{
		{"Lease", int64(opts.Lease)}, {"Retention", int64(opts.Retention)},
		{"MaxBodyBytes", opts.MaxBodyBytes}, {"MaxResponseBytes", opts.MaxResponseBytes},
		{"StoreTimeout", int64(opts.StoreTimeout)}, {"WaitInFlight", int64(opts.WaitInFlight)},
	} {
		if o.value < 0 {
			panic("idempotency.Middleware: Options." + o.name + " is negative")
		}
	}
	c := config{Options: opts, methods: map[string]bool{}, replay: map[string]bool{}}
	if c.Route == nil {
		c.Route = defaultRoute
	}
	if c.Methods == nil {
		c.Methods = []string{http.MethodPost, http.MethodPatch}
	}
	for _, m := range c.Methods {
		c.methods[m] = true
	}
	if c.Header == "" {
		c.Header = "Idempotency-Key"
	}
	c.Header = textproto.CanonicalMIMEHeaderKey(c.Header)
	c.Lease = or(c.Lease, 30*time.Second)
	c.Retention = or(c.Retention, 24*time.Hour)
	c.MaxBodyBytes = or(c.MaxBodyBytes, 1<<20)
	c.MaxResponseBytes = or(c.MaxResponseBytes, 1<<20)
	c.StoreTimeout = or(c.StoreTimeout, 5*time.Second)
	if c.ReplayHeaders == nil {
		c.ReplayHeaders = DefaultReplayHeaders()
	}
	for _, h := range c.ReplayHeaders {
		c.replay[textproto.CanonicalMIMEHeaderKey(h)] = true
	}
	if c.OnError == nil {
		c.OnError = func(*http.Request, error) {}
	}
	return func(next http.Handler) http.Handler {
		return &handler{config: c, store: store, next: next}
	}
}

func or[T comparable](v, def T) T {
	var zero T
	if v == zero {
		return def
	}
	return v
}

func defaultRoute(r *http.Request) string {
	if r.URL.RawQuery == "" {
		return r.URL.EscapedPath()
	}
	return r.URL.EscapedPath() + "?" + r.URL.RawQuery
}

type config struct {
	Options
	methods map[string]bool
	replay  map[string]bool
}

type handler struct {
	config
	store Store
	next  http.Handler
}

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !h.methods[r.Method] {
		h.next.ServeHTTP(w, r)
		return
	}
	values := r.Header.Values(h.Header)
	switch len(values) {
	case 0:
		if h.Required {
			writeProblem(w, http.StatusBadRequest, CodeKeyMissing, "This request needs an "+h.Header+" header.", 0)
			return
		}
		h.next.ServeHTTP(w, r)
		return
	case 1:
	default:
		writeProblem(w, http.StatusBadRequest, CodeKeyMalformed, fmt.Sprintf("The %s header was sent %d times; send it once.", h.Header, len(values)), 0)
		return
	}
	clientKey, err := ParseKey(values[0])
	if err != nil {
		writeProblem(w, http.StatusBadRequest, CodeKeyMalformed, err.Error(), 0)
		return
	}
	body, status, detail := readBody(r, h.MaxBodyBytes)
	if status != 0 {
		code := CodeBodyUnreadable
		if status == http.StatusRequestEntityTooLarge {
			code = CodeBodyTooLarge
		}
		writeProblem(w, status, code, detail, 0)
		return
	}
	r = withBody(r.Context(), r, body)
	key := Key{Scope: h.Scope(r), Key: clientKey}
	fp := NewFingerprint(r.Method, h.Route(r), body)

	c, start, err := h.claim(r, key, fp)
	if err != nil {
		h.OnError(r, &StoreError{Op: "claim", Key: key, Err: err})
		if h.FailOpen {
			h.next.ServeHTTP(w, withBody(r.Context(), r, body))
			return
		}
		writeProblem(w, http.StatusServiceUnavailable, CodeStoreUnavailable, "The idempotency store could not be reached; the request was not processed.", 0)
		return
	}
	switch c.Status {
	case Mismatch:
		writeProblem(w, http.StatusUnprocessableEntity, CodeKeyReused, "This "+h.Header+" was already used for a request with another method, path or body.", 0)
	case InProgress:
		writeProblem(w, http.StatusConflict, CodeInFlight, "A request with this "+h.Header+" is still being processed; retry later.", retryAfter(c.LeaseRemaining))
	case Completed:
		replay(w, *c.Response)
	default:
		h.run(w, r, key, c.Token, body, start)
	}
}

// readBody reads the whole body, up to max bytes. On failure it returns the
// status and the problem detail to answer with.
func readBody(r *http.Request, max int64) (body []byte, status int, detail string) {
	if r.ContentLength > max {
		return nil, http.StatusRequestEntityTooLarge, fmt.Sprintf("The request body is %d bytes; the limit is %d.", r.ContentLength, max)
	}
	if r.Body == nil || r.Body == http.NoBody {
		return nil, 0, ""
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, max+1))
	var tooLarge *http.MaxBytesError
	switch {
	case errors.As(err, &tooLarge):
		return nil, http.StatusRequestEntityTooLarge, fmt.Sprintf("The request body is larger than %d bytes.", tooLarge.Limit)
	case err != nil:
		return nil, http.StatusBadRequest, fmt.Sprintf("Reading the request body failed: %v.", err)
	case int64(len(body)) > max:
		return nil, http.StatusRequestEntityTooLarge, fmt.Sprintf("The request body is larger than %d bytes, the limit.", max)
	}
	return body, 0, ""
}

// withBody returns a shallow copy of r with ctx and the body already read.
func withBody(ctx context.Context, r *http.Request, body []byte) *http.Request {
	r = r.WithContext(ctx)
	r.Body = io.NopCloser(bytes.NewReader(body))
	r.ContentLength = int64(len(body))
	r.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil }
	return r
}

// claim claims key, polling while it is in flight if WaitInFlight allows.
// It also returns when the successful Claim call started: a lease measured
// from then never ends later, by our clock, than the store's.
func (h *handler) claim(r *http.Request, key Key, fp Fingerprint) (Claim, time.Time, error) {
	giveUp := time.Now().Add(h.WaitInFlight)
	pause := 5 * time.Millisecond
	for {
		start := time.Now()
		ctx, cancel := context.WithTimeout(r.Context(), h.StoreTimeout)
		c, err := h.store.Claim(ctx, key, fp, h.Lease)
		cancel()
		switch {
		case err != nil:
			return Claim{}, start, err
		case c.Status == Completed && c.Response == nil,
			c.Status < Acquired || c.Status > Mismatch,
			c.Status == Acquired && c.Token.IsZero():
			return Claim{}, start, fmt.Errorf("store returned an invalid claim (status %v)", c.Status)
		case c.Status != InProgress:
			return c, start, nil
		}
		wait := min(pause, c.LeaseRemaining, time.Until(giveUp))
		if wait <= 0 {
			return c, start, nil
		}
		t := time.NewTimer(wait)
		select {
		case <-r.Context().Done():
			t.Stop()
			return c, start, nil
		case <-t.C:
		}
		pause = min(2*pause, 250*time.Millisecond)
	}
}

// retryAfter rounds the remaining lease up to whole seconds, at least one.
func retryAfter(d time.Duration) int {
	return max(1, int((d+time.Second-1)/time.Second))
}

func replay(w http.ResponseWriter, resp Response) {
	h := w.Header()
	for k, v := range resp.Header {
		h[k] = slices.Clone(v)
	}
	h.Set(ReplayedHeader, "true")
	if len(resp.Body) > 0 {
		h.Set("Content-Length", strconv.Itoa(len(resp.Body)))
	}
	w.WriteHeader(resp.Status)
	w.Write(resp.Body)
}

// run runs the handler under the claim and then completes or releases it.
func (h *handler) run(w http.ResponseWriter, r *http.Request, key Key, token Token, body []byte, start time.Time) {
	ctx, cancel := context.WithDeadline(r.Context(), start.Add(h.Lease))
	defer cancel()
	rec := &recorder{w: w, max: h.MaxResponseBytes, replay: h.replay}
	returned := false
	defer func() {
		// A panic (or runtime.Goexit) is on its way up: free the key and let
		// it continue, with its stack intact.
		if !returned {
			h.release(r, key, token)
		}
	}()
	h.next.ServeHTTP(rec, withBody(ctx, r, body))
	returned = true

	switch {
	case rec.status == 0 && ctx.Err() != nil:
		// Gave up without an answer: nothing to store.
		h.release(r, key, token)
	case rec.status >= 500 || rec.status == http.StatusTooManyRequests:
		h.release(r, key, token)
	case rec.overflow:
		h.release(r, key, token)
		h.OnError(r, fmt.Errorf("idempotency: response to key %q in scope %q is over %d bytes, not stored; key released: %w",
			key.Key, key.Scope, h.MaxResponseBytes, ErrResponseTooLarge))
	default:
		// The client may be gone; the response must still be stored for
		// its retry.
		sctx, cancel := context.WithTimeout(context.WithoutCancel(r.Context()), h.StoreTimeout)
		defer cancel()
		if err := h.store.Complete(sctx, key, token, rec.response(), h.Retention); err != nil {
			h.OnError(r, &StoreError{Op: "complete", Key: key, Err: err})
		}
	}
}

func (h *handler) release(r *http.Request, key Key, token Token) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(r.Context()), h.StoreTimeout)
	defer cancel()
	if err := h.store.Release(ctx, key, token); err != nil {
		h.OnError(r, &StoreError{Op: "release", Key: key, Err: err})
	}
}

// recorder passes a response through to the client and keeps a copy of the
// final status, the replay headers and up to max bytes of body.
type recorder struct {
	w        http.ResponseWriter
	max      int64
	replay   map[string]bool
	status   int
	header   http.Header
	body     []byte
	overflow bool
	sniff    bool // no Content-Type was set, so net/http sniffs one
}

func (rec *recorder) Header() http.Header { return rec.w.Header() }

func (rec *recorder) WriteHeader(code int) {
	if rec.status == 0 && (code < 100 || code >= 200) {
		rec.status = code
		// net/http sends the headers as they are now; so do replays.
		rec.header = http.Header{}
		for k, v := range rec.w.Header() {
			if rec.replay[k] {
				rec.header[k] = slices.Clone(v)
			}
		}
		_, typed := rec.w.Header()["Content-Type"]
		rec.sniff = !typed
	}
	rec.w.WriteHeader(code)
}

func (rec *recorder) Write(p []byte) (int, error) {
	if rec.status == 0 {
		rec.WriteHeader(http.StatusOK)
	}
	if !rec.overflow {
		if int64(len(rec.body)+len(p)) > rec.max {
			rec.overflow, rec.body = true, nil
		} else {
			rec.body = append(rec.body, p...)
		}
	}
	return rec.w.Write(p)
}

// Flush, SetReadDeadline and SetWriteDeadline reach the client's connection
// through http.ResponseController; Hijack deliberately does not.
func (rec *recorder) Flush() {
	if rec.status == 0 {
		rec.WriteHeader(http.StatusOK)
	}
	http.NewResponseController(rec.w).Flush()
}

func (rec *recorder) SetReadDeadline(t time.Time) error {
	return http.NewResponseController(rec.w).SetReadDeadline(t)
}

func (rec *recorder) SetWriteDeadline(t time.Time) error {
	return http.NewResponseController(rec.w).SetWriteDeadline(t)
}

// response is what the client received, as stored for replays.
func (rec *recorder) response() Response {
	resp := Response{Status: rec.status, Header: rec.header, Body: rec.body}
	if resp.Status == 0 { // the handler wrote nothing: net/http sends 200
		resp.Status = http.StatusOK
		resp.Header = http.Header{}
	}
	// net/http sniffs a missing Content-Type from the body; store the
	// result so a replay sends what the client got.
	if rec.sniff && len(resp.Body) > 0 && rec.replay["Content-Type"] {
		resp.Header["Content-Type"] = []string{http.DetectContentType(resp.Body)}
	}
	return resp
}
