// Package testservers starts throw-away servers for tests that restart,
// crash or kill one (the store tests of idempotency/pgstore and
// idempotency/redisstore, the server's fault tests), so that no other test
// or program using the shared servers is disturbed. Each listens on a free
// loopback port.
package testservers

import (
	"context"
	"fmt"
	"net"
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
)

// FreePort returns a local TCP port that was free a moment ago.
func FreePort(t testing.TB) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// Postgres is a throw-away PostgreSQL cluster on a free loopback port, with
// production durability (fsync on), run from the installed initdb and pg_ctl.
type Postgres struct {
	t       *testing.T
	bindir  string
	dir     string
	port    int
	runAs   string // "postgres" when running as root: initdb refuses root
	options string
}

func StartPostgres(t *testing.T) *Postgres {
	t.Helper()
	c := &Postgres{t: t, bindir: pgBindir(t)}
	dir, err := os.MkdirTemp("", "acctkit-testpg-")
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
	c.port = FreePort(t)
	// Durability as in production: every acknowledged commit is on disk.
	c.options = fmt.Sprintf("-p %d -c listen_addresses=127.0.0.1 -c unix_socket_directories= -c fsync=on -c synchronous_commit=on", c.port)
	c.run("initdb", "--pgdata", c.data(), "--username", "postgres", "--auth", "trust", "--no-sync")
	c.run("pg_ctl", "start", "--pgdata", c.data(), "--log", c.log(), "--wait", "--options", c.options)
	t.Cleanup(func() { c.run("pg_ctl", "stop", "--pgdata", c.data(), "--mode", "immediate", "--wait") })
	return c
}

func (c *Postgres) data() string { return filepath.Join(c.dir, "data") }

// log is the server's log file. Every start names it: a server started
// without one writes to pg_ctl's output, whose pipe would then never close.
func (c *Postgres) log() string { return filepath.Join(c.dir, "server.log") }

func (c *Postgres) URL() string {
	return fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable", c.port)
}

// Restart is what pg_ctlcluster restart does: a fast shutdown (sessions are
// terminated, a checkpoint is written) and a start.
func (c *Postgres) Restart() {
	c.run("pg_ctl", "restart", "--pgdata", c.data(), "--log", c.log(), "--mode", "fast", "--wait", "--options", c.options)
}

// Crash stops the server without a checkpoint, as a power cut would, and
// starts it again: it recovers from the write-ahead log.
func (c *Postgres) Crash() {
	c.Kill()
	c.Start()
}

// Kill stops the server at once, without a checkpoint.
func (c *Postgres) Kill() {
	c.run("pg_ctl", "stop", "--pgdata", c.data(), "--mode", "immediate", "--wait")
}

// Start starts a stopped server again.
func (c *Postgres) Start() {
	c.run("pg_ctl", "start", "--pgdata", c.data(), "--log", c.log(), "--wait", "--options", c.options)
}

func (c *Postgres) run(name string, args ...string) {
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
