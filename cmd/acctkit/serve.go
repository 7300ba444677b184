package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/acctkit/acctkit/internal/server"
)

const serveHelp = `Usage: acctkit serve [--addr HOST:PORT] [--postgres URL] [--redis ADDR] [--shutdown-timeout D]

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

Examples:
  acctkit serve
  acctkit serve --addr 127.0.0.1:9000 --postgres postgres://localhost/acctkit --redis 127.0.0.1:6379
`

func runServe(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, serveHelp) }
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on")
	postgres := fs.String("postgres", "", "PostgreSQL URL: keep accounts and idempotency records there")
	redisAddr := fs.String("redis", "", "Redis address: keep idempotency records there")
	shutdown := fs.Duration("shutdown-timeout", 10*time.Second, "how long in-flight requests may finish after a signal")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	if fs.NArg() != 0 {
		fmt.Fprintf(stderr, "acctkit serve: takes no arguments, got %q\n", fs.Args())
		return exitUsage
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	logger := slog.New(slog.NewJSONHandler(stderr, nil))
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
