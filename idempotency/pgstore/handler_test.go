package pgstore_test

import (
	"bufio"
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/acctkit/acctkit/idempotency"
	"github.com/acctkit/acctkit/idempotency/pgstore"
)

// crashEnv, when set to "<store table> <payments table>", turns the test
// binary into the payment service of TestHandlerCompletesInTransaction,
// which dies between its commit and its response: see crashMain.
const crashEnv = "ACCTKIT_PGSTORE_CRASH_TABLES"

// newPayments creates a business table of payments, one row per
// execution, dropped when the test ends.
func newPayments(t *testing.T, db *sql.DB) string {
	t.Helper()
	name := uniqueTable() + "_payments"
	_, err := db.Exec(`CREATE TABLE "` + name + `" (id bigserial PRIMARY KEY, idem_key text NOT NULL, amount numeric NOT NULL)`)
	require.NoError(t, err)
	t.Cleanup(func() { dropTable(t, db, name) })
	return name
}

func countPayments(t *testing.T, db *sql.DB, payments string) int {
	t.Helper()
	var n int
	require.NoError(t, db.QueryRow(`SELECT count(*) FROM "`+payments+`"`).Scan(&n))
	return n
}

// pay writes the payment row and stores the response under the request's
// claim, both in tx.
func pay(ctx context.Context, tx *sql.Tx, s *pgstore.Store, payments string, c *idempotency.Claimed) (idempotency.Response, error) {
	var id int64
	if err := tx.QueryRowContext(ctx, `INSERT INTO "`+payments+`" (idem_key, amount) VALUES ($1, 10.00) RETURNING id`, c.Key.Key).Scan(&id); err != nil {
		return idempotency.Response{}, err
	}
	resp := c.Response(http.StatusCreated, http.Header{"Content-Type": {"application/json"}}, fmt.Appendf(nil, `{"payment":%d}`, id))
	return resp, s.CompleteTx(ctx, tx, c.Key, c.Token, resp, c.Retention)
}

// payHandler is a payment service's handler that joins the idempotency
// record: the payment and the stored response commit together. afterCommit
// runs between the commit and the response.
func payHandler(db *sql.DB, s *pgstore.Store, payments string, afterCommit func()) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		c, ok := idempotency.FromContext(r.Context())
		if !ok {
			http.Error(w, "no idempotency claim", http.StatusInternalServerError)
			return
		}
		tx, err := db.BeginTx(r.Context(), nil)
		if err != nil {
			http.Error(w, err.Error(), http.StatusServiceUnavailable)
			return
		}
		defer tx.Rollback()
		resp, err := pay(r.Context(), tx, s, payments, c)
		if err == nil {
			err = tx.Commit()
		}
		if err != nil {
			http.Error(w, err.Error(), http.StatusServiceUnavailable)
			return
		}
		c.Completed(resp)
		afterCommit()
		for k, v := range resp.Header {
			w.Header()[k] = v
		}
		w.WriteHeader(resp.Status)
		w.Write(resp.Body)
	}
}

func payMiddleware(s *pgstore.Store, h http.Handler, onError func(*http.Request, error)) http.Handler {
	return idempotency.Middleware(s, idempotency.Options{
		Scope:   func(*http.Request) string { return "tenant" },
		OnError: onError,
	})(h)
}

func payRequest() *http.Request {
	r := httptest.NewRequest(http.MethodPost, "/payments", strings.NewReader(`{"amount":"10.00"}`))
	r.Header.Set("Idempotency-Key", "pay-1")
	return r
}

// crashMain serves one payment request and, once the payment has
// committed, says "committed" and waits to be killed.
func crashMain(tables string) int {
	table, payments, _ := strings.Cut(tables, " ")
	db, err := sql.Open("pgx", os.Getenv("ACCTKIT_POSTGRES_URL"))
	if err != nil {
		fmt.Fprintln(os.Stderr, "payment service:", err)
		return 2
	}
	s, err := pgstore.New(db, pgstore.Options{Table: table})
	if err != nil {
		fmt.Fprintln(os.Stderr, "payment service:", err)
		return 2
	}
	h := payMiddleware(s, payHandler(db, s, payments, func() {
		fmt.Println("committed")
		select {} // killed here, before the response
	}), func(_ *http.Request, err error) { fmt.Fprintln(os.Stderr, "payment service:", err) })
	h.ServeHTTP(httptest.NewRecorder(), payRequest())
	fmt.Fprintln(os.Stderr, "payment service: the handler returned")
	return 2
}

// TestHandlerCompletesInTransaction kills the payment service (SIGKILL)
// between its commit and its response. The client's retry, served by
// another instance, replays the committed response, and there is exactly
// one payment.
func TestHandlerCompletesInTransaction(t *testing.T) {
	db := openDB(t, postgresURL(t), nil)
	s := newStore(t, db)
	payments := newPayments(t, db)

	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), crashEnv+"="+s.Table()+" "+payments)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	lines := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		sc.Scan()
		lines <- sc.Text()
	}()
	select {
	case line := <-lines:
		require.Equal(t, "committed", line)
	case <-time.After(time.Minute):
		require.FailNow(t, "the payment service did not commit within a minute")
	}
	require.NoError(t, cmd.Process.Kill())
	cmd.Wait()
	require.Equal(t, 1, countPayments(t, db, payments))

	var errs []error
	h := payMiddleware(s, payHandler(db, s, payments, func() {}), func(_ *http.Request, err error) { errs = append(errs, err) })
	w := httptest.NewRecorder()
	h.ServeHTTP(w, payRequest())
	require.Equal(t, http.StatusCreated, w.Code, w.Body.String())
	assert.Equal(t, "true", w.Header().Get(idempotency.ReplayedHeader))
	assert.Regexp(t, `^\{"payment":\d+\}$`, w.Body.String())
	assert.Equal(t, "application/json", w.Header().Get("Content-Type"))
	assert.Equal(t, 1, countPayments(t, db, payments), "exactly one payment")
	assert.Empty(t, errs)
}

// TestHandlerRollbackAfterCompleteTx rolls back a transaction after
// CompleteTx: nothing is stored, the key is still in flight under the same
// token, and that token completes it in the next transaction.
func TestHandlerRollbackAfterCompleteTx(t *testing.T) {
	db := openDB(t, postgresURL(t), nil)
	s := newStore(t, db)
	payments := newPayments(t, db)
	var errs []error
	h := payMiddleware(s, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, ok := idempotency.FromContext(r.Context())
		require.True(t, ok)
		tx, err := db.BeginTx(r.Context(), nil)
		require.NoError(t, err)
		_, err = pay(r.Context(), tx, s, payments, c)
		require.NoError(t, err)
		require.NoError(t, tx.Rollback())
		assert.Zero(t, countPayments(t, db, payments))
		again, err := s.Claim(r.Context(), c.Key, c.Fingerprint, time.Minute)
		require.NoError(t, err)
		assert.Equal(t, idempotency.InProgress, again.Status, "nothing was stored; the key is still in flight")

		payHandler(db, s, payments, func() {})(w, r) // the same token completes it
	}), func(_ *http.Request, err error) { errs = append(errs, err) })
	first := httptest.NewRecorder()
	h.ServeHTTP(first, payRequest())
	require.Equal(t, http.StatusCreated, first.Code, first.Body.String())
	retry := httptest.NewRecorder()
	h.ServeHTTP(retry, payRequest())
	require.Equal(t, http.StatusCreated, retry.Code)
	assert.Equal(t, "true", retry.Header().Get(idempotency.ReplayedHeader))
	assert.Equal(t, first.Body.String(), retry.Body.String())
	assert.Equal(t, 1, countPayments(t, db, payments), "exactly one payment")
	assert.Empty(t, errs)
}
