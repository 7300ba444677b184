package storetesting

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

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/acctkit/acctkit/idempotency"
)

// HelperClaimers is how many concurrent claims each helper process makes
// per key; the store it uses should have as many connections.
const HelperClaimers = 16

// Main is a store package's TestMain: when the environment variable env is
// set, this test binary is a helper process for TwoProcessesOneKey and runs
// helper with env's value instead of the tests.
func Main(m *testing.M, env string, helper func(string) int) {
	if v := os.Getenv(env); v != "" {
		os.Exit(helper(v))
	}
	os.Exit(m.Run())
}

// ServeClaims is the body of a helper process for TwoProcessesOneKey, run
// from TestMain on a store whose connections are already open. It writes
// "ready", then reads one key per line from stdin, makes HelperClaimers
// concurrent claims of it, completes the claim it won (if any) with a body
// naming this process, and writes one line per key:
// "<acquired> <in progress> <completed> <other>". It returns the exit code.
func ServeClaims(s idempotency.Store) int {
	fmt.Println("ready")
	var wg sync.WaitGroup
	in := bufio.NewScanner(os.Stdin)
	for in.Scan() {
		key := idempotency.Key{Scope: "two-processes", Key: in.Text()}
		var counts [4]int
		var mu sync.Mutex
		var start sync.WaitGroup
		start.Add(1)
		for range HelperClaimers {
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

// TwoProcessesOneKey runs two OS processes (this test binary, re-run with
// env, "NAME=value", added to its environment, whose TestMain must then
// call ServeClaims on the store s names) that claim the same keys at the
// same moment: for every key exactly one claim of the 32 must win, and the
// stored response must be the winner's.
func TwoProcessesOneKey(t *testing.T, s idempotency.Store, env string) {
	type helper struct {
		cmd *exec.Cmd
		in  io.WriteCloser
		out *bufio.Scanner
	}
	helpers := make([]helper, 2)
	for i := range helpers {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), env)
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
		require.Equal(t, 2*HelperClaimers, total)
		wins[winner]++
		c, err := s.Claim(context.Background(), idempotency.Key{Scope: "two-processes", Key: key}, idempotency.Fingerprint{1}, time.Minute)
		require.NoError(t, err)
		require.Equal(t, idempotency.Completed, c.Status)
		assert.Equal(t, strconv.Itoa(helpers[winner].cmd.Process.Pid), string(c.Response.Body), "round %d: the stored response is the winner's", round)
	}
	t.Logf("wins per process over %d rounds: %v", rounds, wins)
}
