package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/acctkit/acctkit/internal/server"
	"github.com/acctkit/acctkit/privacy"
)

const serveHead = `Usage: acctkit serve [flags]

Serves the four API documents' endpoints as a working sandbox:
  POST  /clients/{clientId}/bank-accounts/sync    GET /clients/{clientId}/bank-accounts
  POST  /v0/external_accounts                     GET /v0/external_accounts/{id}
  PATCH /v0/external_accounts/{id}
  POST  /v0/accounts                              GET /v0/accounts/{id}
  GET   /healthz  /readyz

Every request needs "Authorization: Bearer TOKEN" (any token: it names your
data set); "X-Environment: test|live" picks one of two data sets (default
test). POST and PATCH honour Idempotency-Key. Data lives in memory unless
--postgres is given; --redis keeps idempotency records in Redis. Access logs
go to standard error as JSON lines. SIGINT or SIGTERM stops accepting
connections and lets in-flight requests finish within --shutdown-timeout.
Exit status: 0 after a clean shutdown, 2 when the server cannot start.
`

const serveExamples = `
Examples:
  acctkit serve
  acctkit serve --addr 127.0.0.1:9000 --postgres postgres://localhost/acctkit --redis 127.0.0.1:6379
`

func runServe(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	fs := newFlagSet("serve")
	addr := fs.String("addr", "127.0.0.1:8080", "`host:port` to listen on (port 0 picks a free one)")
	postgres := fs.String("postgres", "", "keep accounts and idempotency records in PostgreSQL at `url`")
	redisAddr := fs.String("redis", "", "keep idempotency records in Redis at `host:port`")
	shutdown := fs.Duration("shutdown-timeout", 10*time.Second, "how long in-flight requests may finish after a signal: a `duration`")
	positional, code, ok := parseCommand(fs, serveHead, serveExamples, args, stdout, stderr)
	if !ok {
		return code
	}
	if len(positional) != 0 {
		return usageFail(stderr, "serve", usagef("takes no arguments, got %q", positional))
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	// Access logs name accounts: the masking handler keeps identifiers out.
	logger := slog.New(privacy.NewHandler(slog.NewJSONHandler(stderr, nil)))
	err := server.Run(ctx, server.RunConfig{
		Addr: *addr, Postgres: *postgres, Redis: *redisAddr, ShutdownTimeout: *shutdown, Logger: logger,
		Listening: func(a string) { fmt.Fprintf(stdout, "acctkit serve: listening on http://%s\n", a) },
	})
	if err != nil {
		fmt.Fprintf(stderr, "acctkit %v\n", err)
		return exitUsage
	}
	return exitOK
}
