package pgstore_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/acctkit/acctkit/idempotency"
)

// restartTests skips t unless ACCTKIT_RESTART_TESTS=1: these tests start
// and bounce a server of their own, which takes seconds and needs the
// server's binaries.
func restartTests(t *testing.T) {
	t.Helper()
	if os.Getenv("ACCTKIT_RESTART_TESTS") != "1" {
		t.Skip("ACCTKIT_RESTART_TESTS is not 1: the server-restart tests start their own PostgreSQL cluster (initdb, pg_ctl) and take several seconds; .ci/run sets it")
	}
}

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
	c.port = freePort(t)
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
	c.run("pg_ctl", "stop", "--pgdata", c.data(), "--mode", "immediate", "--wait")
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

func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// TestServerRestart drives the middleware with concurrent clients while the
// server is restarted and then crashed. Requests during the outage get
// 503s; no request runs its handler twice, and every response whose
// Complete succeeded is replayed afterwards.
func TestServerRestart(t *testing.T) {
	restartTests(t)
	c := startCluster(t)
	db := openDB(t, c.url(), nil)
	s := newStore(t, db)
	runRestarts(t, s, map[string]func(){"restart": c.restart, "crash": c.crash})
}

// runRestarts is the body of the restart test, shared in spirit with
// redisstore's: it needs nothing from the store but the interface.
func runRestarts(t *testing.T, store idempotency.Store, outages map[string]func()) {
	var (
		execs          sync.Map // key -> *atomic.Int32
		completeFailed sync.Map // key -> error
	)
	handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		key := r.Header.Get("Idempotency-Key")
		n, _ := execs.LoadOrStore(key, new(atomic.Int32))
		run := n.(*atomic.Int32).Add(1)
		time.Sleep(time.Millisecond) // the payment
		w.Header().Set("Content-Type", "text/plain")
		w.WriteHeader(http.StatusCreated)
		fmt.Fprintf(w, "paid %s, execution %d", key, run)
	})
	mw := idempotency.Middleware(store, idempotency.Options{
		Scope: func(*http.Request) string { return "restart" },
		// Longer than the test: a claim or completion lost in an outage
		// keeps its key in flight (409) instead of letting a retry run the
		// handler again after the lease.
		Lease:        time.Minute,
		Retention:    time.Hour,
		StoreTimeout: 2 * time.Second,
		OnError: func(r *http.Request, err error) {
			var se *idempotency.StoreError
			if errors.As(err, &se) && se.Op == "complete" {
				completeFailed.Store(se.Key.Key, err)
			}
		},
	})(handler)
	send := func(key string) *httptest.ResponseRecorder {
		req := httptest.NewRequest(http.MethodPost, "/pay", strings.NewReader(`{"amount":"10.00"}`))
		req.Header.Set("Idempotency-Key", key)
		rec := httptest.NewRecorder()
		mw.ServeHTTP(rec, req)
		return rec
	}

	const workers = 8
	var (
		stop        atomic.Bool
		finished    atomic.Int64 // keys answered 201
		unavailable atomic.Int64 // 503s
		mu          sync.Mutex
		attempted   []string
		seen        = map[string]string{} // key -> body the client got
		unexpected  []string
		wg          sync.WaitGroup
	)
	for w := range workers {
		wg.Go(func() {
			for i := 0; !stop.Load(); i++ {
				key := fmt.Sprintf("w%d-k%d", w, i)
				mu.Lock()
				attempted = append(attempted, key)
				mu.Unlock()
				for !stop.Load() {
					rec := send(key)
					if rec.Code == http.StatusServiceUnavailable {
						unavailable.Add(1)
						time.Sleep(5 * time.Millisecond)
						continue
					}
					mu.Lock()
					switch rec.Code {
					case http.StatusCreated:
						seen[key] = rec.Body.String()
						finished.Add(1)
					case http.StatusConflict: // lost claim or completion: in flight until the lease ends
					default:
						unexpected = append(unexpected, fmt.Sprintf("%s: %d %s", key, rec.Code, rec.Body))
					}
					mu.Unlock()
					break
				}
			}
		})
	}
	waitFor := func(what string, n int64) {
		deadline := time.Now().Add(time.Minute)
		for finished.Load() < n {
			if time.Now().After(deadline) {
				stop.Store(true)
				wg.Wait()
				t.Fatalf("%s: only %d requests answered 201 within a minute", what, finished.Load())
			}
			time.Sleep(5 * time.Millisecond)
		}
	}
	waitFor("before the outages", 50)
	names := make([]string, 0, len(outages))
	for name := range outages {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		before := unavailable.Load()
		outages[name]()
		waitFor("after the "+name, finished.Load()+50)
		t.Logf("%s: %d requests answered 503 during it", name, unavailable.Load()-before)
	}
	stop.Store(true)
	wg.Wait()

	require.Empty(t, unexpected, "responses other than 201, 409 and 503")
	assert.Positive(t, unavailable.Load(), "no request met the outage: the test did not test it")
	mu.Lock()
	defer mu.Unlock()
	replayed, lostClaims, lostCompletes := 0, 0, 0
	for _, key := range attempted {
		body := fmt.Sprintf("paid %s, execution 1", key)
		if got, ok := seen[key]; ok {
			assert.Equal(t, body, got, "%s: the client's response", key)
		}
		n, ran := execs.Load(key)
		_, failed := completeFailed.Load(key)
		rec := send(key) // after the outages, with the server up
		switch {
		case ran && rec.Code == http.StatusCreated:
			assert.Equal(t, "true", rec.Header().Get(idempotency.ReplayedHeader), "%s: completed, so replayed", key)
			assert.Equal(t, body, rec.Body.String(), "%s: replay", key)
			replayed++
		case ran && failed && rec.Code == http.StatusConflict:
			lostCompletes++ // in flight until the lease ends
		case !ran && rec.Code == http.StatusConflict:
			lostClaims++ // the claim landed but its answer was lost
		case !ran && rec.Code == http.StatusCreated:
			// The claim never landed: this is the first execution.
		default:
			t.Errorf("%s: handler ran=%v, complete failed=%v, after the outages got %d %s", key, ran, failed, rec.Code, rec.Body)
		}
		if ran {
			assert.EqualValues(t, 1, n.(*atomic.Int32).Load(), "%s: handler executions", key)
		}
	}
	t.Logf("%d keys: %d replayed after the outages; in flight: %d after a lost claim answer, %d after a failed Complete",
		len(attempted), replayed, lostClaims, lostCompletes)
}
