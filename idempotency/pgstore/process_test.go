package pgstore_test

import (
	"database/sql"
	"fmt"
	"os"
	"sync"
	"testing"

	"github.com/acctkit/acctkit/idempotency/internal/storetesting"
	"github.com/acctkit/acctkit/idempotency/pgstore"
)

// helperEnv, when set to a table name, turns the test binary into a helper
// process for TestTwoProcessesOneKey: see helperMain.
const helperEnv = "ACCTKIT_PGSTORE_HELPER_TABLE"

func TestMain(m *testing.M) {
	if tables := os.Getenv(crashEnv); tables != "" {
		os.Exit(crashMain(tables))
	}
	storetesting.Main(m, helperEnv, helperMain)
}

// helperMain opens the store on table and serves
// storetesting.ServeClaims's protocol on it.
func helperMain(table string) int {
	db, err := sql.Open("pgx", os.Getenv("ACCTKIT_POSTGRES_URL")) // registered by pgx/v5/stdlib
	if err != nil {
		fmt.Fprintln(os.Stderr, "helper:", err)
		return 2
	}
	defer db.Close()
	db.SetMaxOpenConns(storetesting.HelperClaimers)
	s, err := pgstore.New(db, pgstore.Options{Table: table})
	if err != nil {
		fmt.Fprintln(os.Stderr, "helper:", err)
		return 2
	}
	// Open every connection before the first key, so the rounds race on
	// the row, not on connection set-up.
	var wg sync.WaitGroup
	for range storetesting.HelperClaimers {
		wg.Go(func() { db.Exec("SELECT pg_sleep(0.05)") })
	}
	wg.Wait()
	return storetesting.ServeClaims(s)
}

// TestTwoProcessesOneKey runs two OS processes (this test binary, re-run as
// helpers) that claim the same keys at the same moment: for every key
// exactly one claim of the 32 wins, and the stored response is the
// winner's.
func TestTwoProcessesOneKey(t *testing.T) {
	url := postgresURL(t)
	db := openDB(t, url, nil)
	s := newStore(t, db)
	storetesting.TwoProcessesOneKey(t, s, helperEnv+"="+s.Table())
}
