package idempotency

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
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
	// that took over; set it above the slowest handler plus the longest
	// store outage to ride out (see ErrUnrecorded).
	Lease time.Duration

	// CancelOnDisconnect gives the handler (and the claim before it) the
	// client's context, cancelled when the client hangs up, as net/http
	// does without this middleware. A handler that honours it then stops
	// without answering, the key is released, and the client's retry runs
	// the handler again, which is only safe if nothing had taken effect.
	// By default (false) both are detached from the client's connection:
	// the handler's context keeps the request's values, ends only with the
	// lease, and the answer is stored and replayed to the retry, as Stripe
	// does.
	CancelOnDisconnect bool

	// StoreStatus decides from the final status of the handler's answer
	// whether the answer is stored and replayed for Retention (true) or the
	// key released, so the client's retry runs the handler again (false).
	// nil means DefaultStoreStatus, whose doc gives the reasoning. A policy
	// that releases the key after an answer whose request took effect lets
	// a retry repeat the effect. Claimed.Refuse releases one answer
	// whatever its status.
	StoreStatus func(status int) bool

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

	// StoreTimeout bounds each store call (default 5s). A Complete or
	// Release that fails is tried again until the lease runs out.
	StoreTimeout time.Duration

	// WaitInFlight, when positive, makes a request that finds its key in
	// flight poll the store for up to that long and answer with the stored
	// response once the first request completes (or run, if it released
	// the key), instead of answering 409 at once.
	WaitInFlight time.Duration

	// RetryAfter is the longest Retry-After hint the middleware sends
	// (default 1s): a 409 for a key in flight gets it, or what is left of
	// the holder's lease if that is less, and a 503 gets it as is. A hint
	// of the whole lease would keep a client waiting 30s for a request
	// that takes 300ms. Hints are whole seconds, at least 1.
	RetryAfter time.Duration

	// ReplayHeaders are the response headers stored and replayed; nil means
	// DefaultReplayHeaders(). Headers that describe one exchange (Set-Cookie,
	// Date, tracing headers) do not belong here.
	ReplayHeaders []string

	// FailOpen runs the handler unprotected when the store fails, instead of
	// answering 503. RISK: during a store outage a client retry runs the
	// request twice (a double payment), and a concurrent duplicate is not
	// stopped. Leave it off for anything that moves money.
	FailOpen bool

	// ProblemBase prefixes the type URI of every problem the middleware
	// answers with, followed by the code with '_' spelled '-'; "" means
	// ProblemTypeBase ("https://acctkit.dev/problems/"). Set it to the
	// service's own documentation.
	ProblemBase string

	// WriteProblem writes the middleware's error answers, for a service
	// whose errors have a format of their own; nil means WriteProblem
	// (application/problem+json). It gets the problem filled in, with
	// Retry-After (when there is one) and Cache-Control: no-store already
	// set on w's header, and must answer with status p.Status. Clients
	// branch on p.Code: keep it in the body.
	WriteProblem func(w http.ResponseWriter, r *http.Request, p Problem)

	// OnError receives every failure the client's response does not show:
	// store failures (a *StoreError, also under FailOpen; for a Complete or
	// Release the first failed attempt, then one wrapping ErrUnrecorded if
	// none succeeded within the lease), responses too large to store. nil
	// discards them. It must be safe for concurrent use.
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

// DefaultStoreStatus is the default Options.StoreStatus: every status below
// 500 except 429 Too Many Requests is stored; 5xx and 429 release the key.
//
// The IETF draft (draft-ietf-httpapi-idempotency-key-header) says a retry
// SHOULD get the earlier result, success or error. Stripe stores only the
// results of requests that began executing, so one that failed validation
// can be corrected and sent again with the same key. The middleware cannot
// tell a 422 raised before any effect from one raised after a partial
// effect, and the two mistakes cost differently: releasing after an effect
// repeats the effect (a second payment), storing a refusal only makes the
// client pick a new key. So the default follows the draft, and a handler
// that knows it refused before any effect applies Stripe's rule to that
// answer with [Claimed.Refuse]. 5xx and 429 ask the client to try again,
// so they are never stored.
func DefaultStoreStatus(status int) bool {
	return status < 500 && status != http.StatusTooManyRequests
}

// ReplayedHeader is set to "true" on every replayed response.
const ReplayedHeader = "Idempotent-Replayed"

// ErrResponseTooLarge is reported through Options.OnError when a response is
// larger than Options.MaxResponseBytes and was therefore not stored.
var ErrResponseTooLarge = errors.New("idempotency: response too large to store")

// ErrUnrecorded is wrapped by the error Options.OnError receives when the
// middleware could not complete or release a key before the lease ran out,
// however often it tried: the store was unreachable for longer than the
// lease. If the handler answered, a retry after the lease runs it again;
// size the lease above the store outages you expect to ride out.
var ErrUnrecorded = errors.New("idempotency: outcome not recorded before the lease ran out")

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
//   - key in flight: 409 idempotency_request_in_flight with a short
//     Retry-After (see Options.RetryAfter), or a wait (Options.WaitInFlight);
//   - key completed: the stored status, replay headers and body, byte for
//     byte, with Idempotent-Replayed: true;
//   - store failure: 503 idempotency_store_unavailable with Retry-After,
//     and the handler does not run (unless FailOpen);
//   - otherwise the handler runs. A final status below 500 other than 429
//     is stored for Retention (see Options.StoreStatus); a 5xx or 429, an
//     answer the handler refused before any effect ([Claimed.Refuse]), a
//     response above MaxResponseBytes, a panic, or a handler that returns
//     without answering after its context ended (lease over; client gone,
//     with CancelOnDisconnect) releases the key so the client's retry runs
//     it again.
//
// If storing the response or releasing the key fails, the middleware tries
// again with backoff until the store answers or the lease runs out; the end
// of the client's response waits for a completion (a release goes on in the
// background: the key frees itself when the lease ends anyway). Repeating is safe: the fencing
// token makes a late call change nothing once the key has moved on. So a
// store that restarts within the lease costs time, never a second
// execution. Only an outage longer than the lease does: the key stays in
// flight until the lease ends, OnError gets an error wrapping
// [ErrUnrecorded], and a retry after the lease runs the handler again, the
// unavoidable cost of a store unreachable for that long.
//
// The handler finds the claim it runs under with [FromContext]: it can
// store its response in its own database transaction and say so
// ([Claimed.Completed]); the middleware then leaves the key alone.
//
// Errors are RFC 9457 application/problem+json bodies ([Problem]) with a
// stable type and code, unless Options.WriteProblem writes them otherwise. The middleware panics if store or opts.Scope is nil
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
		{"RetryAfter", int64(opts.RetryAfter)},
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
	c.RetryAfter = or(c.RetryAfter, time.Second)
	if c.ReplayHeaders == nil {
		c.ReplayHeaders = DefaultReplayHeaders()
	}
	for _, h := range c.ReplayHeaders {
		c.replay[textproto.CanonicalMIMEHeaderKey(h)] = true
	}
	if c.StoreStatus == nil {
		c.StoreStatus = DefaultStoreStatus
	}
	if c.WriteProblem == nil {
		c.WriteProblem = WriteProblem
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
			h.problem(w, r, http.StatusBadRequest, CodeKeyMissing, "This request needs an "+h.Header+" header.", 0)
			return
		}
		h.next.ServeHTTP(w, r)
		return
	case 1:
	default:
		h.problem(w, r, http.StatusBadRequest, CodeKeyMalformed, fmt.Sprintf("The %s header was sent %d times; send it once.", h.Header, len(values)), 0)
		return
	}
	clientKey, err := ParseKey(values[0])
	if err != nil {
		h.problem(w, r, http.StatusBadRequest, CodeKeyMalformed, err.Error(), 0)
		return
	}
	body, status, detail := readBody(r, h.MaxBodyBytes)
	if status != 0 {
		code := CodeBodyUnreadable
		if status == http.StatusRequestEntityTooLarge {
			code = CodeBodyTooLarge
		}
		h.problem(w, r, status, code, detail, 0)
		return
	}
	r = withBody(r.Context(), r, body)
	key := Key{Scope: h.Scope(r), Key: clientKey}
	fp := NewFingerprint(r.Method, h.Route(r), body)

	// The store calls, and by default the handler, do not follow the
	// client's context: see Options.CancelOnDisconnect.
	detached := context.WithoutCancel(r.Context())
	c, start, err := h.claim(r, detached, key, fp)
	if err != nil {
		h.OnError(r, &StoreError{Op: "claim", Key: key, Err: err})
		if h.FailOpen {
			h.next.ServeHTTP(w, withBody(r.Context(), r, body))
			return
		}
		h.problem(w, r, http.StatusServiceUnavailable, CodeStoreUnavailable, "The idempotency store could not be reached; the request was not processed.", retryAfter(h.RetryAfter))
		return
	}
	switch c.Status {
	case Mismatch:
		h.problem(w, r, http.StatusUnprocessableEntity, CodeKeyReused, "This "+h.Header+" was already used for a request with another method, path or body.", 0)
	case InProgress:
		h.problem(w, r, http.StatusConflict, CodeInFlight, "A request with this "+h.Header+" is still being processed; retry later.", retryAfter(min(h.RetryAfter, c.LeaseRemaining)))
	case Completed:
		replay(w, *c.Response)
	default:
		h.run(w, r, detached, key, c.Token, fp, body, start)
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
func (h *handler) claim(r *http.Request, detached context.Context, key Key, fp Fingerprint) (Claim, time.Time, error) {
	giveUp := time.Now().Add(h.WaitInFlight)
	pause := 5 * time.Millisecond
	// A claim cut short when the client hangs up may still land, leaving
	// the key in flight with no handler running until the lease ends; so,
	// like the handler, it does not follow the client's context by default.
	base := detached
	if h.CancelOnDisconnect {
		base = r.Context()
	}
	for {
		start := time.Now()
		ctx, cancel := context.WithTimeout(base, h.StoreTimeout)
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

// retryAfter rounds d up to whole seconds, at least one.
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
func (h *handler) run(w http.ResponseWriter, r *http.Request, detached context.Context, key Key, token Token, fp Fingerprint, body []byte, start time.Time) {
	leaseEnd := start.Add(h.Lease)
	parent := detached
	if h.CancelOnDisconnect {
		parent = r.Context()
	}
	deadlined, cancel := context.WithDeadline(parent, leaseEnd)
	defer cancel()
	// One allocation for the run's own state.
	run := &running{
		rec:     recorder{w: w, max: h.MaxResponseBytes, replay: h.replay},
		claimed: Claimed{Key: key, Token: token, Fingerprint: fp, Retention: h.Retention, replay: h.replay},
	}
	rec, claimed := &run.rec, &run.claimed
	run.ctx = claimedCtx{Context: deadlined, claimed: claimed}
	returned := false
	defer func() {
		// A panic (or runtime.Goexit) is on its way up: free the key unless
		// the handler stored its response, and let the panic continue, with
		// its stack intact.
		if stored, _ := claimed.outcome(); !returned && stored == nil {
			h.release(r, detached, key, token, leaseEnd)
		}
	}()
	h.next.ServeHTTP(rec, withBody(&run.ctx, r, body))
	returned = true

	stored, refused := claimed.outcome()
	if stored != nil {
		// The handler completed the key in its own transaction.
		if sent := rec.response(); rec.overflow || !sameResponse(*stored, sent) {
			h.OnError(r, fmt.Errorf("idempotency: key %q in scope %q: stored status %d and %d bytes, sent status %d and %d bytes (or other headers): %w",
				key.Key, key.Scope, stored.Status, len(stored.Body), sent.Status, len(sent.Body), ErrStoredResponseDiffers))
		}
		return
	}
	resp := rec.response()
	switch {
	case rec.status == 0 && deadlined.Err() != nil:
		// Gave up without an answer: nothing to store.
		h.release(r, detached, key, token, leaseEnd)
	case refused, !h.StoreStatus(resp.Status):
		h.release(r, detached, key, token, leaseEnd)
	case rec.overflow:
		h.release(r, detached, key, token, leaseEnd)
		h.OnError(r, fmt.Errorf("idempotency: response to key %q in scope %q is over %d bytes, not stored; key released: %w",
			key.Key, key.Scope, h.MaxResponseBytes, ErrResponseTooLarge))
	default:
		h.persist(r, detached, key, token, &resp, leaseEnd)
	}
}

// running is the state of one run of the handler.
type running struct {
	rec     recorder
	claimed Claimed
	ctx     claimedCtx
}

// claimedCtx is the handler's context: the lease's, carrying the claim for
// FromContext.
type claimedCtx struct {
	context.Context
	claimed *Claimed
}

func (c *claimedCtx) Value(key any) any {
	if key == (claimedKey{}) {
		return c.claimed
	}
	return c.Context.Value(key)
}

func (h *handler) release(r *http.Request, detached context.Context, key Key, token Token, leaseEnd time.Time) {
	h.persist(r, detached, key, token, nil, leaseEnd)
}

// persist completes key with resp, or releases it if resp is nil, until
// that succeeds, the store says the token no longer holds the key, or the
// lease is over. Repeating it is safe: the fencing token makes a late or
// repeated call change nothing once the key has moved on. The client may
// be gone; the outcome must still be recorded for its retry, so the calls
// do not follow its context.
//
// A completion is retried before the client's answer ends, so that the
// server's graceful shutdown waits for it. A release is retried in the
// background after the first failure: the key frees itself when the lease
// ends anyway, so the client's answer (a 5xx, a panic) need not wait.
//
// OnError gets the first failure at once, then, if the calls never
// succeed, one error wrapping ErrUnrecorded.
func (h *handler) persist(r *http.Request, detached context.Context, key Key, token Token, resp *Response, leaseEnd time.Time) {
	err := h.attempt(detached, key, token, resp)
	if err == nil {
		return
	}
	h.OnError(r, &StoreError{Op: opName(resp), Key: key, Err: err})
	switch {
	case errors.Is(err, ErrNotOwner):
	case resp == nil:
		go h.retry(r, detached, key, token, nil, leaseEnd, err)
	default:
		h.retry(r, detached, key, token, resp, leaseEnd, err)
	}
}

// retry goes on after the first attempt failed with err.
func (h *handler) retry(r *http.Request, detached context.Context, key Key, token Token, resp *Response, leaseEnd time.Time, err error) {
	pause := 10 * time.Millisecond
	for failed := 1; ; failed++ {
		// Jitter spreads out the requests that met the same outage.
		wait := pause/2 + rand.N(pause)
		if time.Until(leaseEnd) < wait {
			h.OnError(r, &StoreError{Op: opName(resp), Key: key, Err: fmt.Errorf("%w: %d attempts failed within the lease; the last: %w", ErrUnrecorded, failed, err)})
			return
		}
		time.Sleep(wait)
		pause = min(2*pause, time.Second)
		switch err = h.attempt(detached, key, token, resp); {
		case err == nil:
			return
		case errors.Is(err, ErrNotOwner):
			// An earlier attempt may have landed with its reply lost.
			h.OnError(r, &StoreError{Op: opName(resp), Key: key, Err: fmt.Errorf("attempt %d (an earlier attempt may have landed): %w", failed+1, err)})
			return
		}
	}
}

// attempt makes one Complete (resp set) or Release (resp nil) call.
func (h *handler) attempt(detached context.Context, key Key, token Token, resp *Response) error {
	ctx, cancel := context.WithTimeout(detached, h.StoreTimeout)
	defer cancel()
	if resp == nil {
		return h.store.Release(ctx, key, token)
	}
	return h.store.Complete(ctx, key, token, *resp, h.Retention)
}

func opName(resp *Response) string {
	if resp == nil {
		return "release"
	}
	return "complete"
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
