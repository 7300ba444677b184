package redisstore_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/require"

	"github.com/acctkit/acctkit/idempotency/internal/storetesting"
	"github.com/acctkit/acctkit/idempotency/redisstore"
	"github.com/acctkit/acctkit/internal/testservers"
)

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
	s := &redisServer{t: t, bin: bin, dir: t.TempDir(), port: testservers.FreePort(t)}
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
			require.FailNow(s.t, "redis-server did not answer PING within 30s", "%s: %v\nlog:\n%s", s.addr(), err, log)
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
	s.kill()
	time.Sleep(downtime)
	s.start()
}

func (s *redisServer) kill() {
	s.cmd.Process.Kill()
	s.cmd.Wait()
}

type discardLogger struct{}

func (discardLogger) Printf(context.Context, string, ...any) {}

// TestServerRestart drives the middleware with concurrent clients while the
// server is shut down and restarted, then killed and restarted. Requests
// during the outage get 503s; no request runs its handler twice, and every
// response whose Complete succeeded is replayed afterwards.
func TestServerRestart(t *testing.T) {
	storetesting.RestartTests(t, "redis-server")
	// go-redis logs every failed dial during the outages; the test counts
	// the failures itself.
	redis.SetLogger(discardLogger{})
	srv := startRedis(t)
	client := newClient(t, srv.addr(), nil, 16)
	s, err := redisstore.New(client, redisstore.Options{Prefix: uniquePrefix()})
	require.NoError(t, err)
	storetesting.RunRestarts(t, s, map[string]func(){"shutdown": srv.shutdown, "kill": srv.crash})
}

// TestCompleteAcrossOutage kills the server after the handler answered and
// starts it again from its append-only file within the lease: the
// middleware's retried Complete lands, the handler ran once, and the
// client's retry replays.
func TestCompleteAcrossOutage(t *testing.T) {
	storetesting.RestartTests(t, "redis-server")
	redis.SetLogger(discardLogger{})
	srv := startRedis(t)
	client := newClient(t, srv.addr(), nil, 4)
	s, err := redisstore.New(client, redisstore.Options{Prefix: uniquePrefix()})
	require.NoError(t, err)
	storetesting.CompleteAcrossOutage(t, s, srv.kill, srv.start)
}
