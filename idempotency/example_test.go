package idempotency_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"time"

	"github.com/acctkit/acctkit/idempotency"
)

// A service with one instance keeps its records in memory. The janitor
// frees the memory of expired records; without it they are dropped only
// when a shard fills up.
func Example() {
	store := idempotency.NewMemoryStore(idempotency.MemoryOptions{})
	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	go store.RunJanitor(ctx, time.Minute) // stops with ctx

	runs := 0
	create := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		runs++
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusCreated)
		fmt.Fprintf(w, `{"id":"acct_%d"}`, runs)
	})
	h := idempotency.Middleware(store, idempotency.Options{
		// In a real service: the authenticated principal.
		Scope:    func(r *http.Request) string { return r.Header.Get("X-Tenant") },
		Required: true,
	})(create)

	send := func(body string) {
		r := httptest.NewRequest(http.MethodPost, "/v0/external_accounts", strings.NewReader(body))
		r.Header.Set("X-Tenant", "tenant-1")
		r.Header.Set("Idempotency-Key", `"7d943c51-e4ff-4e57-9558-08cab6b963c7"`)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		fmt.Println(w.Code, w.Header().Get("Idempotent-Replayed"), w.Body.String())
	}
	send(`{"type":"CHECKING","customer_id":"c1"}`)
	send(`{ "customer_id": "c1", "type": "CHECKING" }`) // the same JSON, re-serialised
	send(`{"type":"SAVINGS","customer_id":"c1"}`)
	fmt.Println("handler runs:", runs)
	// Output:
	// 201  {"id":"acct_1"}
	// 201 true {"id":"acct_1"}
	// 422  {"type":"https://acctkit.dev/problems/idempotency-key-reused","title":"Idempotency key reused","status":422,"detail":"This Idempotency-Key was already used for a request with another method, path or body.","code":"idempotency_key_reused"}
	// handler runs: 1
}

func ExampleStore() {
	store := idempotency.NewMemoryStore(idempotency.MemoryOptions{})
	ctx := context.Background()
	key := idempotency.Key{Scope: "tenant-1", Key: "payout-42"}
	fp := idempotency.NewFingerprint("POST", "/payouts", []byte(`{"amount":"10.00"}`))

	c, _ := store.Claim(ctx, key, fp, 30*time.Second)
	fmt.Println(c.Status)
	again, _ := store.Claim(ctx, key, fp, 30*time.Second)
	fmt.Println(again.Status)

	err := store.Complete(ctx, key, idempotency.Token{}, idempotency.Response{Status: 201}, 24*time.Hour)
	fmt.Println(errors.Is(err, idempotency.ErrNotOwner))
	_ = store.Complete(ctx, key, c.Token, idempotency.Response{Status: 201, Body: []byte("done")}, 24*time.Hour)

	done, _ := store.Claim(ctx, key, fp, 30*time.Second)
	fmt.Println(done.Status, done.Response.Status, string(done.Response.Body))
	// Output:
	// acquired
	// in progress
	// true
	// completed 201 done
}

func ExampleParseKey() {
	for _, v := range []string{
		"7d943c51-e4ff-4e57-9558-08cab6b963c7",
		`"7d943c51-e4ff-4e57-9558-08cab6b963c7"`,
		"caf\xc3\xa9",
	} {
		k, err := idempotency.ParseKey(v)
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Println(k)
	}
	// Output:
	// 7d943c51-e4ff-4e57-9558-08cab6b963c7
	// 7d943c51-e4ff-4e57-9558-08cab6b963c7
	// idempotency.ParseKey("caf\u00e9"): key has byte 0xc3 at offset 3, not printable ASCII: malformed idempotency key
}

func ExampleNewFingerprint() {
	a := idempotency.NewFingerprint("POST", "/v0/accounts", []byte(`{"a":1,"b":[true,null]}`))
	b := idempotency.NewFingerprint("POST", "/v0/accounts", []byte("{\n  \"b\": [true, null],\n  \"a\": 1\n}"))
	c := idempotency.NewFingerprint("POST", "/v0/accounts", []byte(`{"a":1.0,"b":[true,null]}`))
	fmt.Println(a == b, a == c)
	// Output: true false
}

// Replaying needs nothing from the handler: the stored body is sent as is.
func ExampleMiddleware_replay() {
	store := idempotency.NewMemoryStore(idempotency.MemoryOptions{})
	h := idempotency.Middleware(store, idempotency.Options{
		Scope: func(*http.Request) string { return "" },
	})(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprintf(w, "got %s at %d", body, time.Now().UnixNano())
	}))
	var bodies []string
	for range 3 {
		r := httptest.NewRequest(http.MethodPost, "/echo", strings.NewReader("hello"))
		r.Header.Set("Idempotency-Key", "k-1")
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		bodies = append(bodies, w.Body.String())
	}
	fmt.Println(bodies[0] == bodies[1] && bodies[1] == bodies[2])
	// Output: true
}

// A handler that refuses a request before any effect releases its key, so
// the client can correct the request and send it again with the same key.
func ExampleClaimed_Refuse() {
	store := idempotency.NewMemoryStore(idempotency.MemoryOptions{})
	payments := 0
	h := idempotency.Middleware(store, idempotency.Options{
		Scope: func(*http.Request) string { return "tenant-1" },
	})(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if !strings.Contains(string(body), `"amount"`) {
			if claim, ok := idempotency.FromContext(r.Context()); ok {
				claim.Refuse() // validation failed: nothing happened yet
			}
			http.Error(w, "amount is required", http.StatusUnprocessableEntity)
			return
		}
		payments++
		w.WriteHeader(http.StatusCreated)
		fmt.Fprintf(w, "payment %d", payments)
	}))
	send := func(body string) {
		r := httptest.NewRequest(http.MethodPost, "/payouts", strings.NewReader(body))
		r.Header.Set("Idempotency-Key", "payout-42")
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		fmt.Println(w.Code, w.Header().Get("Idempotent-Replayed"), strings.TrimSpace(w.Body.String()))
	}
	send(`{"currency":"EUR"}`)
	send(`{"currency":"EUR","amount":"10.00"}`) // corrected, same key
	send(`{"currency":"EUR","amount":"10.00"}`) // a retry
	// Output:
	// 422  amount is required
	// 201  payment 1
	// 201 true payment 1
}
