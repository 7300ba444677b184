package pgstore_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/acctkit/acctkit/idempotency/internal/storetesting"
)

// pgCluster is a throw-away PostgreSQL cluster on a free local port, so
// restarting it disturbs no other test or program using the shared server.
type pgCluster struct {
	t       *testing.T
	bindir  string
	dir     string
	port    int
	runAs   string // "postgres" when running as root: initdb refuses root
	options string
}

func startCluster(t *testing.T) *pgCluster {
	t.Helper()
	c := &pgCluster{t: t, bindir: pgBindir(t)}
	dir, err := os.MkdirTemp("", "acctkit-pgstore-restart-")
	require.NoError(t, err)
	c.dir = dir
	t.Cleanup(func() { os.RemoveAll(dir) })
	if os.Geteuid() == 0 {
		c.runAs = "postgres"
		u, err := user.Lookup(c.runAs)
		require.NoError(t, err, "running as root, the cluster must run as the postgres user")
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		require.NoError(t, os.Chown(dir, uid, gid))
	}
	c.port = storetesting.FreePort(t)
	// Durability as in production: every acknowledged commit is on disk.
	c.options = fmt.Sprintf("-p %d -c listen_addresses=127.0.0.1 -c unix_socket_directories= -c fsync=on -c synchronous_commit=on", c.port)
	c.run("initdb", "--pgdata", c.data(), "--username", "postgres", "--auth", "trust", "--no-sync")
	c.run("pg_ctl", "start", "--pgdata", c.data(), "--log", c.log(), "--wait", "--options", c.options)
	t.Cleanup(func() { c.run("pg_ctl", "stop", "--pgdata", c.data(), "--mode", "immediate", "--wait") })
	return c
}

func (c *pgCluster) data() string { return filepath.Join(c.dir, "data") }

// log is the server's log file. Every start names it: a server started
// without one writes to pg_ctl's output, whose pipe would then never close.
func (c *pgCluster) log() string { return filepath.Join(c.dir, "server.log") }

func (c *pgCluster) url() string {
	return fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable", c.port)
}

// restart is what pg_ctlcluster restart does: a fast shutdown (sessions are
// terminated, a checkpoint is written) and a start.
func (c *pgCluster) restart() {
	c.run("pg_ctl", "restart", "--pgdata", c.data(), "--log", c.log(), "--mode", "fast", "--wait", "--options", c.options)
}

// crash stops the server without a checkpoint, as a power cut would, and
// starts it again: it recovers from the write-ahead log.
func (c *pgCluster) crash() {
	c.kill()
	c.start()
}

// kill stops the server at once, without a checkpoint.
func (c *pgCluster) kill() {
	c.run("pg_ctl", "stop", "--pgdata", c.data(), "--mode", "immediate", "--wait")
}

func (c *pgCluster) start() {
	c.run("pg_ctl", "start", "--pgdata", c.data(), "--log", c.log(), "--wait", "--options", c.options)
}

func (c *pgCluster) run(name string, args ...string) {
	c.t.Helper()
	// A hung command fails the test (and so runs the clean-ups that stop
	// the cluster) instead of hanging it.
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	bin := filepath.Join(c.bindir, name)
	cmd := exec.CommandContext(ctx, bin, args...)
	if c.runAs != "" {
		cmd = exec.CommandContext(ctx, "runuser", append([]string{"-u", c.runAs, "--", bin}, args...)...)
	}
	cmd.Dir = c.dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		log, _ := os.ReadFile(c.log())
		c.t.Fatalf("%s %s: %v\n%s\nserver log:\n%s", name, strings.Join(args, " "), err, out, log)
	}
}

// pgBindir finds initdb and pg_ctl: ACCTKIT_PG_BINDIR, Debian's
// /usr/lib/postgresql/<version>/bin (newest), or the PATH.
func pgBindir(t *testing.T) string {
	t.Helper()
	if dir := os.Getenv("ACCTKIT_PG_BINDIR"); dir != "" {
		return dir
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	slices.SortFunc(dirs, func(a, b string) int {
		va, _ := strconv.Atoi(filepath.Base(filepath.Dir(a)))
		vb, _ := strconv.Atoi(filepath.Base(filepath.Dir(b)))
		return vb - va
	})
	for _, dir := range dirs {
		if _, err := os.Stat(filepath.Join(dir, "initdb")); err == nil {
			return dir
		}
	}
	initdb, err := exec.LookPath("initdb")
	require.NoError(t, err, "ACCTKIT_RESTART_TESTS=1 needs PostgreSQL's initdb and pg_ctl: set ACCTKIT_PG_BINDIR or install postgresql")
	return filepath.Dir(initdb)
}

// TestServerRestart drives the middleware with concurrent clients while the
// server is restarted and then crashed. Requests during the outage get
// 503s; no request runs its handler twice, and every response whose
// Complete succeeded is replayed afterwards.
func TestServerRestart(t *testing.T) {
	storetesting.RestartTests(t, "PostgreSQL cluster (initdb, pg_ctl)")
	c := startCluster(t)
	db := openDB(t, c.url(), nil)
	s := newStore(t, db)
	storetesting.RunRestarts(t, s, map[string]func(){"restart": c.restart, "crash": c.crash})
}

// TestCompleteAcrossOutage kills the server after the handler answered and
// starts it again within the lease: the middleware's retried Complete
// lands, the handler ran once, and the client's retry replays.
func TestCompleteAcrossOutage(t *testing.T) {
	storetesting.RestartTests(t, "PostgreSQL cluster (initdb, pg_ctl)")
	c := startCluster(t)
	db := openDB(t, c.url(), nil)
	s := newStore(t, db)
	storetesting.CompleteAcrossOutage(t, s, c.kill, c.start)
}
