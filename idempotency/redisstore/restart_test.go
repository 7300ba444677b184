package redisstore_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/acctkit/acctkit/idempotency"
	"github.com/acctkit/acctkit/idempotency/redisstore"
)

// restartTests skips t unless ACCTKIT_RESTART_TESTS=1: these tests start
// and bounce a server of their own, which takes seconds and needs the
// server's binary.
func restartTests(t *testing.T) {
	t.Helper()
	if os.Getenv("ACCTKIT_RESTART_TESTS") != "1" {
		t.Skip("ACCTKIT_RESTART_TESTS is not 1: the server-restart tests start their own redis-server and take several seconds; .ci/run sets it")
	}
}

// redisServer is a throw-away redis-server on a free local port, so
// stopping it disturbs no other test or program using the shared server.
// It is configured as the package documentation asks for: every write is
// in the append-only file, fsynced, before Redis answers.
type redisServer struct {
	t    *testing.T
	bin  string
	dir  string
	port int
	cmd  *exec.Cmd
}

func startRedis(t *testing.T) *redisServer {
	t.Helper()
	bin := os.Getenv("ACCTKIT_REDIS_SERVER")
	if bin == "" {
		var err error
		bin, err = exec.LookPath("redis-server")
		require.NoError(t, err, "ACCTKIT_RESTART_TESTS=1 needs redis-server: set ACCTKIT_REDIS_SERVER or install redis-server")
	}
	s := &redisServer{t: t, bin: bin, dir: t.TempDir(), port: freePort(t)}
	s.start()
	t.Cleanup(func() {
		s.cmd.Process.Kill()
		s.cmd.Wait()
	})
	return s
}

func (s *redisServer) addr() string { return fmt.Sprintf("127.0.0.1:%d", s.port) }

func (s *redisServer) start() {
	s.t.Helper()
	s.cmd = exec.Command(s.bin, "--port", strconv.Itoa(s.port), "--bind", "127.0.0.1", "--dir", s.dir,
		"--appendonly", "yes", "--appendfsync", "always", "--save", "", "--maxmemory-policy", "noeviction",
		"--daemonize", "no", "--logfile", filepath.Join(s.dir, "redis.log"))
	require.NoError(s.t, s.cmd.Start())
	client := redis.NewClient(&redis.Options{Addr: s.addr(), MaxRetries: -1})
	defer client.Close()
	deadline := time.Now().Add(30 * time.Second)
	for {
		err := client.Ping(context.Background()).Err()
		if err == nil {
			return
		}
		if time.Now().After(deadline) {
			log, _ := os.ReadFile(filepath.Join(s.dir, "redis.log"))
			s.t.Fatalf("redis-server on %s did not answer PING within 30s: %v\nlog:\n%s", s.addr(), err, log)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// downtime is how long the server stays down: Redis restarts in
// milliseconds, which go-redis's own retries would hide from the store.
const downtime = time.Second

// shutdown is SHUTDOWN NOSAVE, then a start from the append-only file.
func (s *redisServer) shutdown() {
	client := redis.NewClient(&redis.Options{Addr: s.addr(), MaxRetries: -1})
	defer client.Close()
	client.ShutdownNoSave(context.Background()) // the connection closes: no reply
	s.cmd.Wait()
	time.Sleep(downtime)
	s.start()
}

// crash kills the server (SIGKILL), as a power cut would, then starts it
// from the append-only file.
func (s *redisServer) crash() {
	s.cmd.Process.Kill()
	s.cmd.Wait()
	time.Sleep(downtime)
	s.start()
}

type discardLogger struct{}

func (discardLogger) Printf(context.Context, string, ...any) {}

func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// TestServerRestart drives the middleware with concurrent clients while the
// server is shut down and restarted, then killed and restarted. Requests
// during the outage get 503s; no request runs its handler twice, and every
// response whose Complete succeeded is replayed afterwards.
func TestServerRestart(t *testing.T) {
	restartTests(t)
	// go-redis logs every failed dial during the outages; the test counts
	// the failures itself.
	redis.SetLogger(discardLogger{})
	srv := startRedis(t)
	client := newClient(t, srv.addr(), nil, 16)
	s, err := redisstore.New(client, redisstore.Options{Prefix: uniquePrefix()})
	require.NoError(t, err)
	runRestarts(t, s, map[string]func(){"shutdown": srv.shutdown, "kill": srv.crash})
}

// runRestarts is the body of the restart test, the same as pgstore's: it
// needs nothing from the store but the interface.
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
