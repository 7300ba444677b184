package server

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" database/sql driver
	"github.com/redis/go-redis/v9"

	"github.com/acctkit/acctkit/idempotency"
	"github.com/acctkit/acctkit/idempotency/pgstore"
	"github.com/acctkit/acctkit/idempotency/redisstore"
)

// RunConfig configures Run: what "acctkit serve" takes from its flags.
type RunConfig struct {
	Addr     string // host:port to listen on; port 0 picks a free one
	Postgres string // a PostgreSQL URL: accounts, documents and idempotency there
	Redis    string // a Redis host:port: idempotency there
	// ShutdownTimeout bounds how long in-flight requests may finish after
	// ctx ends (default 10s).
	ShutdownTimeout time.Duration
	Logger          *slog.Logger
	// Listening, when not nil, is told the address once the server
	// accepts connections.
	Listening func(addr string)
}

// Run serves until ctx ends, then stops accepting connections and lets
// in-flight requests finish within ShutdownTimeout.
func Run(ctx context.Context, rc RunConfig) error {
	if rc.Logger == nil {
		rc.Logger = slog.New(slog.DiscardHandler)
	}
	if rc.ShutdownTimeout <= 0 {
		rc.ShutdownTimeout = 10 * time.Second
	}
	cfg := Config{Logger: rc.Logger}
	var janitor context.CancelFunc
	if rc.Postgres != "" {
		db, err := sql.Open("pgx", rc.Postgres)
		if err != nil {
			return fmt.Errorf("serve: --postgres: %w", err)
		}
		defer db.Close()
		// database/sql keeps 2 idle connections by default: under
		// concurrent requests every other one would open a new session.
		db.SetMaxOpenConns(64)
		db.SetMaxIdleConns(64)
		var keys *pgstore.Store // idempotency in the same database, unless --redis
		if rc.Redis == "" {
			if keys, err = pgstore.New(db, pgstore.Options{Table: "acctkit_idempotency_keys"}); err != nil {
				return err
			}
			if err := keys.Migrate(ctx); err != nil {
				return fmt.Errorf("serve: --postgres: %w", err)
			}
			cfg.Idempotency = keys
		}
		if cfg.Backend, err = NewPostgres(ctx, db, keys); err != nil {
			return fmt.Errorf("serve: --postgres: %w", err)
		}
	} else {
		cfg.Backend = NewMemory()
	}
	switch {
	case rc.Redis != "":
		client := redis.NewClient(&redis.Options{Addr: rc.Redis})
		defer client.Close()
		if err := client.Ping(ctx).Err(); err != nil {
			return fmt.Errorf("serve: --redis %s: %w", rc.Redis, err)
		}
		keys, err := redisstore.New(client, redisstore.Options{Prefix: "acctkit:idem:"})
		if err != nil {
			return err
		}
		cfg.Idempotency = keys
	case cfg.Idempotency == nil:
		keys := idempotency.NewMemoryStore(idempotency.MemoryOptions{})
		var jctx context.Context
		jctx, janitor = context.WithCancel(context.Background())
		go keys.RunJanitor(jctx, time.Minute)
		cfg.Idempotency = keys
	}
	if janitor != nil {
		defer janitor()
	}
	s, err := New(cfg)
	if err != nil {
		return err
	}
	l, err := net.Listen("tcp", rc.Addr)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	srv := &http.Server{
		Handler:           s.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ErrorLog:          slog.NewLogLogger(rc.Logger.Handler(), slog.LevelWarn),
	}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(l) }()
	rc.Logger.Info("listening", "addr", l.Addr().String())
	if rc.Listening != nil {
		rc.Listening(l.Addr().String())
	}
	select {
	case err := <-done:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	rc.Logger.Info("shutting down", "timeout", rc.ShutdownTimeout.String())
	sctx, cancel := context.WithTimeout(context.Background(), rc.ShutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("serve: shutdown: %w", err)
	}
	if err := <-done; !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: %w", err)
	}
	return nil
}
