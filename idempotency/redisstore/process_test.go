package redisstore_test

import (
	"context"
	"fmt"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/require"

	"github.com/acctkit/acctkit/idempotency"
	"github.com/acctkit/acctkit/idempotency/internal/storetesting"
	"github.com/acctkit/acctkit/idempotency/redisstore"
)

// helperEnv, when set to a key prefix, turns the test binary into a helper
// process for TestTwoProcessesOneKey: see helperMain.
const helperEnv = "ACCTKIT_REDISSTORE_HELPER_PREFIX"

func TestMain(m *testing.M) { storetesting.Main(m, helperEnv, helperMain) }

// helperMain opens the store under prefix and serves
// storetesting.ServeClaims's protocol on it.
func helperMain(prefix string) int {
	client := redis.NewClient(&redis.Options{Addr: os.Getenv("ACCTKIT_REDIS_ADDR"), PoolSize: storetesting.HelperClaimers})
	defer client.Close()
	s, err := redisstore.New(client, redisstore.Options{Prefix: prefix})
	if err != nil {
		fmt.Fprintln(os.Stderr, "helper:", err)
		return 2
	}
	// Open every connection and load the script before the first key, so
	// the rounds race on the record, not on connection set-up.
	var wg sync.WaitGroup
	for range storetesting.HelperClaimers {
		wg.Go(func() {
			s.Claim(context.Background(), idempotency.Key{Scope: "warm-up"}, idempotency.Fingerprint{}, time.Second)
		})
	}
	wg.Wait()
	return storetesting.ServeClaims(s)
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
	storetesting.TwoProcessesOneKey(t, s, helperEnv+"="+prefix)
}
