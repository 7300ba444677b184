package redisstore_test

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/acctkit/acctkit/idempotency"
	"github.com/acctkit/acctkit/idempotency/redisstore"
)

// helperEnv, when set to a key prefix, turns the test binary into a helper
// process for TestTwoProcessesOneKey: see helperMain.
const helperEnv = "ACCTKIT_REDISSTORE_HELPER_PREFIX"

func TestMain(m *testing.M) {
	if prefix := os.Getenv(helperEnv); prefix != "" {
		os.Exit(helperMain(prefix))
	}
	os.Exit(m.Run())
}

// helperClaimers is how many concurrent claims each helper makes per key.
const helperClaimers = 16

// helperMain reads one key per line from stdin, makes helperClaimers
// concurrent claims of it, completes the claim it won (if any) with a body
// naming this process, and writes one line per key:
// "<acquired> <in progress> <completed> <other>".
func helperMain(prefix string) int {
	client := redis.NewClient(&redis.Options{Addr: os.Getenv("ACCTKIT_REDIS_ADDR"), PoolSize: helperClaimers})
	defer client.Close()
	s, err := redisstore.New(client, redisstore.Options{Prefix: prefix})
	if err != nil {
		fmt.Fprintln(os.Stderr, "helper:", err)
		return 2
	}
	// Open every connection and load the script before the first key, so
	// the rounds race on the record, not on connection set-up.
	var wg sync.WaitGroup
	for range helperClaimers {
		wg.Go(func() {
			s.Claim(context.Background(), idempotency.Key{Scope: "warm-up"}, idempotency.Fingerprint{}, time.Second)
		})
	}
	wg.Wait()
	fmt.Println("ready")
	in := bufio.NewScanner(os.Stdin)
	for in.Scan() {
		key := idempotency.Key{Scope: "two-processes", Key: in.Text()}
		var counts [4]int
		var mu sync.Mutex
		var start sync.WaitGroup
		start.Add(1)
		for range helperClaimers {
			wg.Go(func() {
				start.Wait()
				c, err := s.Claim(context.Background(), key, idempotency.Fingerprint{1}, time.Minute)
				if err == nil && c.Status == idempotency.Acquired {
					err = s.Complete(context.Background(), key, c.Token, idempotency.Response{Status: 201, Body: []byte(strconv.Itoa(os.Getpid()))}, time.Hour)
				}
				mu.Lock()
				defer mu.Unlock()
				switch {
				case err != nil:
					fmt.Fprintln(os.Stderr, "helper:", err)
					counts[3]++
				case c.Status == idempotency.Acquired:
					counts[0]++
				case c.Status == idempotency.InProgress:
					counts[1]++
				case c.Status == idempotency.Completed:
					counts[2]++
				default:
					counts[3]++
				}
			})
		}
		start.Done()
		wg.Wait()
		fmt.Println(counts[0], counts[1], counts[2], counts[3])
	}
	return 0
}

// TestTwoProcessesOneKey runs two OS processes (this test binary, re-run as
// helpers) that claim the same keys at the same moment: for every key
// exactly one claim of the 32 wins, and the stored response is the
// winner's.
func TestTwoProcessesOneKey(t *testing.T) {
	client := newClient(t, redisAddr(t), nil, 4)
	prefix := uniquePrefix()
	s, err := redisstore.New(client, redisstore.Options{Prefix: prefix})
	require.NoError(t, err)
	t.Cleanup(func() { deletePrefix(t, client, prefix) })

	type helper struct {
		cmd *exec.Cmd
		in  io.WriteCloser
		out *bufio.Scanner
	}
	helpers := make([]helper, 2)
	for i := range helpers {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), helperEnv+"="+prefix)
		cmd.Stderr = os.Stderr
		in, err := cmd.StdinPipe()
		require.NoError(t, err)
		out, err := cmd.StdoutPipe()
		require.NoError(t, err)
		require.NoError(t, cmd.Start())
		helpers[i] = helper{cmd: cmd, in: in, out: bufio.NewScanner(out)}
		t.Cleanup(func() { in.Close(); cmd.Wait() })
	}
	for i, h := range helpers {
		require.True(t, h.out.Scan(), "helper %d did not start", i)
		require.Equal(t, "ready", h.out.Text())
	}

	const rounds = 30
	wins := [2]int{}
	for round := range rounds {
		key := fmt.Sprint("round-", round)
		for _, h := range helpers {
			_, err := fmt.Fprintln(h.in, key)
			require.NoError(t, err)
		}
		var acquired, total int
		winner := -1
		for i, h := range helpers {
			require.True(t, h.out.Scan(), "helper %d stopped", i)
			f := strings.Fields(h.out.Text())
			require.Len(t, f, 4)
			n := make([]int, 4)
			for j := range n {
				n[j], _ = strconv.Atoi(f[j])
			}
			require.Zero(t, n[3], "helper %d: claims that failed or gave no valid outcome", i)
			acquired += n[0]
			total += n[0] + n[1] + n[2]
			if n[0] > 0 {
				winner = i
			}
		}
		require.Equal(t, 1, acquired, "round %d: claims that acquired across both processes", round)
		require.Equal(t, 2*helperClaimers, total)
		wins[winner]++
		c, err := s.Claim(context.Background(), idempotency.Key{Scope: "two-processes", Key: key}, idempotency.Fingerprint{1}, time.Minute)
		require.NoError(t, err)
		require.Equal(t, idempotency.Completed, c.Status)
		assert.Equal(t, strconv.Itoa(helpers[winner].cmd.Process.Pid), string(c.Response.Body), "round %d: the stored response is the winner's", round)
	}
	t.Logf("wins per process over %d rounds: %v", rounds, wins)
}
