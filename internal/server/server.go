// Package server is the wiring behind "acctkit serve": the four API
// documents' endpoints built from the library's public packages. It is
// internal because it is an example to copy, not an API: what a service
// embeds is account, syncplan, syncplan/pgsync and idempotency.
//
// A request goes through: request id, access log, panic recovery, the
// bearer token (the tenant; any token is accepted, this is a sandbox) and
// X-Environment (test or live, two separate data sets), then the
// Idempotency-Key middleware on POST and PATCH, then the handler: decode
// (400 malformed, 422 invalid), act on the backend, answer.
package server

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/acctkit/acctkit/idempotency"
	"github.com/acctkit/acctkit/internal/problem"
	"github.com/acctkit/acctkit/internal/uuid"
)

// Config wires a Server. Backend and Idempotency are required.
type Config struct {
	Backend     Backend
	Idempotency idempotency.Store
	// Logger receives the access log and errors; nil discards them. Wrap
	// its handler with the masking handler: request logs name accounts.
	Logger *slog.Logger
	// Now and NewID default to time.Now and random version 4 UUIDs;
	// tests fix them.
	Now   func() time.Time
	NewID func() string
	// Lease bounds a request's idempotency claim (default 30s).
	Lease time.Duration
}

// Server serves the endpoints. Its Handler is safe for concurrent use.
type Server struct {
	cfg     Config
	log     *slog.Logger
	handler http.Handler
}

// New returns a Server for cfg.
func New(cfg Config) (*Server, error) {
	if cfg.Backend == nil || cfg.Idempotency == nil {
		return nil, errors.New("server.New: Backend and Idempotency are required")
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.NewID == nil {
		cfg.NewID = uuid.NewV4
	}
	s := &Server{cfg: cfg, log: cfg.Logger}
	idem := idempotency.Middleware(cfg.Idempotency, idempotency.Options{
		Scope: func(r *http.Request) string { return scopeOf(r.Context()) },
		Lease: cfg.Lease,
		OnError: func(r *http.Request, err error) {
			s.log.ErrorContext(r.Context(), "idempotency", "request_id", requestID(r.Context()), "err", err)
		},
	})
	api := http.NewServeMux()
	api.HandleFunc("POST /clients/{clientId}/bank-accounts/sync", s.syncAccounts)
	api.HandleFunc("GET /clients/{clientId}/bank-accounts", s.listAccounts)
	api.HandleFunc("POST /v0/external_accounts", s.createExternalAccount)
	api.HandleFunc("PATCH /v0/external_accounts/{id}", s.patchExternalAccount)
	api.HandleFunc("GET /v0/external_accounts/{id}", s.getExternalAccount)
	api.HandleFunc("POST /v0/accounts", s.createAccount)
	api.HandleFunc("GET /v0/accounts/{id}", s.getAccount)
	api.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeProblem(w, http.StatusNotFound, "not_found", "No endpoint at "+r.Method+" "+r.URL.Path+".")
	})

	root := http.NewServeMux()
	root.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, map[string]string{"status": "ok"}) })
	root.HandleFunc("GET /readyz", s.ready)
	root.Handle("/", s.authenticate(idem(api)))
	s.handler = s.observe(root)
	return s, nil
}

// Handler returns the server's http.Handler.
func (s *Server) Handler() http.Handler { return s.handler }

func (s *Server) ready(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	if err := s.cfg.Backend.Ready(ctx); err != nil {
		s.log.WarnContext(ctx, "not ready", "err", err)
		writeProblem(w, http.StatusServiceUnavailable, "not_ready", "A backing store is unreachable.")
		return
	}
	writeJSON(w, 200, map[string]string{"status": "ready"})
}

type ctxKey struct{}

// requestInfo is what the layers of a request learn about it: observe
// creates it, authenticate fills in the scope, the access log reads both.
type requestInfo struct {
	id    string
	scope string // the data set: environment and the hash of the token
}

func info(ctx context.Context) *requestInfo {
	if ri, ok := ctx.Value(ctxKey{}).(*requestInfo); ok {
		return ri
	}
	return &requestInfo{}
}

func requestID(ctx context.Context) string { return info(ctx).id }

// scopeOf is the data set a request works in: its tenant and environment.
func scopeOf(ctx context.Context) string { return info(ctx).scope }

// observe gives every request an id (the client's X-Request-Id when it is
// short and printable), recovers from a handler's panic with a 500, and
// writes the access log line.
func (s *Server) observe(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		id := r.Header.Get("X-Request-Id")
		if !printable(id, 128) {
			id = newRequestID()
		}
		w.Header().Set("X-Request-Id", id)
		ctx := context.WithValue(r.Context(), ctxKey{}, &requestInfo{id: id})
		rec := &recorder{ResponseWriter: w}
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.log.ErrorContext(ctx, "panic", "request_id", id, "panic", fmt.Sprint(v))
				if rec.status == 0 {
					writeProblem(rec, http.StatusInternalServerError, "internal", "The server failed; the request id says which request.")
				}
			}
			s.log.InfoContext(ctx, "request", "request_id", id, "method", r.Method, "path", r.URL.Path,
				"status", rec.status, "bytes", rec.bytes, "duration_ms", float64(time.Since(start).Microseconds())/1000,
				"tenant", tenantTag(ctx))
		}()
		next.ServeHTTP(rec, r.WithContext(ctx))
	})
}

// authenticate takes the tenant from the bearer token and the data set
// from X-Environment.
func (s *Server) authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if !ok || strings.TrimSpace(token) == "" {
			w.Header().Set("WWW-Authenticate", `Bearer realm="acctkit"`)
			writeProblem(w, http.StatusUnauthorized, "unauthorized", "Send Authorization: Bearer <token>; any token is accepted and names your data set.")
			return
		}
		env := r.Header.Get("X-Environment")
		switch env {
		case "":
			env = "test"
		case "test", "live":
		default:
			writeProblem(w, http.StatusBadRequest, "environment_invalid", `X-Environment must be "test" or "live".`)
			return
		}
		// The token itself is a secret: the scope keeps its hash.
		sum := sha256.Sum256([]byte(token))
		info(r.Context()).scope = env + ":" + hex.EncodeToString(sum[:16])
		next.ServeHTTP(w, r)
	})
}

// tenantTag is a short, non-secret name of the request's data set for logs.
func tenantTag(ctx context.Context) string {
	s := scopeOf(ctx)
	if len(s) > 13 {
		return s[:13]
	}
	return s
}

func printable(s string, max int) bool {
	if s == "" || len(s) > max {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < 0x21 || s[i] > 0x7e {
			return false
		}
	}
	return true
}

func newRequestID() string {
	var b [12]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// recorder remembers the status and size of a response for the log.
type recorder struct {
	http.ResponseWriter
	status int
	bytes  int
}

func (r *recorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *recorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	n, err := r.ResponseWriter.Write(b)
	r.bytes += n
	return n, err
}

func (r *recorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

func writeProblem(w http.ResponseWriter, status int, code, detail string) {
	problem.Write(w, problem.Details{
		Type: problem.TypeURI("", code), Title: http.StatusText(status), Status: status, Detail: detail, Code: code,
	}, 0)
}
