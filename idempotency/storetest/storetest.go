package storetest

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/acctkit/acctkit/idempotency"
)

// Factory returns the store under test and the Clock that drives its expiry.
// Run calls it once per subtest. It may return the same store every time:
// each subtest works under its own random scope, so subtests never share a
// key. Register any clean-up with t.Cleanup.
type Factory func(t *testing.T) (idempotency.Store, Clock)

// Durations the suite uses. Expiry tests wait [Short] on the store's clock; a
// store must finish one operation well within it. Everything meant not to
// expire during a test uses [Long].
const (
	Short = 100 * time.Millisecond
	Long  = time.Hour
)

// Run runs the conformance suite against the stores newStore returns.
func Run(t *testing.T, newStore Factory) {
	t.Helper()
	tests := []struct {
		name string
		fn   func(t *testing.T, h *harness)
	}{
		{"ClaimOutcomes", testClaimOutcomes},
		{"ScopesAreSeparate", testScopesAreSeparate},
		{"TokensAreFreshAndRandom", testTokensAreFresh},
		{"ConcurrentClaimOneWinner", testConcurrentClaimOneWinner},
		{"ConcurrentClaimMixedFingerprints", testConcurrentClaimMixed},
		{"ExpiredLeaseTakenOverByExactlyOne", testTakeover},
		{"LeaseRemainingFollowsStoreClock", testLeaseRemaining},
		{"CompleteFencing", testCompleteFencing},
		{"ReleaseFencing", testReleaseFencing},
		{"NoWriteAfterLeaseExpiry", testNoWriteAfterLeaseExpiry},
		{"RetentionIsSeparateFromLease", testRetentionSeparate},
		{"RetentionExpiry", testRetentionExpiry},
		{"Responses", testResponses},
		{"LargeResponse", testLargeResponse},
		{"ResponseIsCopied", testResponseIsCopied},
		{"ContextCancellation", testContextCancellation},
		{"InvalidDurations", testInvalidDurations},
		{"Linearizable", testLinearizable},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, c := newStore(t)
			if s == nil || c == nil {
				t.Fatal("storetest: Factory returned a nil Store or Clock")
			}
			var b [8]byte
			rand.Read(b[:])
			tc.fn(t, &harness{s: s, clock: c, scope: "storetest/" + hex.EncodeToString(b[:]) + "/" + t.Name()})
		})
	}
}

type harness struct {
	s     idempotency.Store
	clock Clock
	scope string
}

// key returns a key under the subtest's scope.
func (h *harness) key(name string) idempotency.Key {
	return idempotency.Key{Scope: h.scope, Key: name}
}

func fp(name string) idempotency.Fingerprint {
	var f idempotency.Fingerprint
	copy(f[:], name)
	return f
}

func (h *harness) claim(t *testing.T, k idempotency.Key, f idempotency.Fingerprint, lease time.Duration) idempotency.Claim {
	t.Helper()
	c, err := h.s.Claim(context.Background(), k, f, lease)
	if err != nil {
		t.Fatalf("Claim(%q): %v", k.Key, err)
	}
	return c
}

// expect claims k and checks the outcome, returning the claim.
func (h *harness) expect(t *testing.T, k idempotency.Key, f idempotency.Fingerprint, lease time.Duration, want idempotency.ClaimStatus) idempotency.Claim {
	t.Helper()
	c := h.claim(t, k, f, lease)
	if c.Status != want {
		t.Fatalf("Claim(%q) status = %v, want %v", k.Key, c.Status, want)
	}
	checkShape(t, c)
	return c
}

// checkShape checks that exactly the fields Status calls for are set.
func checkShape(t *testing.T, c idempotency.Claim) {
	t.Helper()
	switch c.Status {
	case idempotency.Acquired:
		if c.Token.IsZero() || c.Response != nil || c.LeaseRemaining <= 0 {
			t.Fatalf("acquired claim %+v: want a non-zero token, a positive lease and no response", c)
		}
	case idempotency.InProgress:
		if !c.Token.IsZero() || c.Response != nil || c.LeaseRemaining <= 0 {
			t.Fatalf("in-progress claim %+v: want no token, a positive remaining lease and no response", c)
		}
	case idempotency.Completed:
		if !c.Token.IsZero() || c.Response == nil || c.LeaseRemaining != 0 {
			t.Fatalf("completed claim %+v: want a response and nothing else", c)
		}
	case idempotency.Mismatch:
		if !c.Token.IsZero() || c.Response != nil || c.LeaseRemaining != 0 {
			t.Fatalf("mismatch claim %+v: want no other field set", c)
		}
	default:
		t.Fatalf("claim status %d is not a valid outcome", c.Status)
	}
}

func (h *harness) complete(t *testing.T, k idempotency.Key, tok idempotency.Token, r idempotency.Response) {
	t.Helper()
	if err := h.s.Complete(context.Background(), k, tok, r, Long); err != nil {
		t.Fatalf("Complete(%q): %v", k.Key, err)
	}
}

func wantNotOwner(t *testing.T, op string, err error) {
	t.Helper()
	if !errors.Is(err, idempotency.ErrNotOwner) {
		t.Fatalf("%s error = %v, want one wrapping ErrNotOwner", op, err)
	}
}

func resp(body string) idempotency.Response {
	return idempotency.Response{
		Status: http.StatusCreated,
		Header: http.Header{"Content-Type": {"application/json"}},
		Body:   []byte(body),
	}
}

// sameResponse compares two responses, treating nil and empty alike.
func sameResponse(a, b idempotency.Response) bool {
	if a.Status != b.Status || !bytes.Equal(a.Body, b.Body) || len(a.Header) != len(b.Header) {
		return false
	}
	for k, v := range a.Header {
		w, ok := b.Header[k]
		if !ok || !slices.Equal(v, w) {
			return false
		}
	}
	return true
}

func wantResponse(t *testing.T, c idempotency.Claim, want idempotency.Response) {
	t.Helper()
	if c.Response == nil || !sameResponse(*c.Response, want) {
		t.Fatalf("stored response = %s, want %s", describe(c.Response), describe(&want))
	}
}

func describe(r *idempotency.Response) string {
	if r == nil {
		return "none"
	}
	body := r.Body
	if len(body) > 64 {
		return fmt.Sprintf("{%d %v %d bytes %q...}", r.Status, r.Header, len(body), body[:64])
	}
	return fmt.Sprintf("{%d %v %q}", r.Status, r.Header, body)
}

func testClaimOutcomes(t *testing.T, h *harness) {
	k := h.key("k")
	c := h.expect(t, k, fp("a"), Long, idempotency.Acquired)
	if c.LeaseRemaining != Long {
		t.Errorf("acquired LeaseRemaining = %v, want the requested %v", c.LeaseRemaining, Long)
	}
	in := h.expect(t, k, fp("a"), Long, idempotency.InProgress)
	if in.LeaseRemaining > Long {
		t.Errorf("in-progress LeaseRemaining = %v, more than the lease %v", in.LeaseRemaining, Long)
	}
	h.expect(t, k, fp("b"), Long, idempotency.Mismatch)
	h.complete(t, k, c.Token, resp(`{"id":1}`))
	wantResponse(t, h.expect(t, k, fp("a"), Long, idempotency.Completed), resp(`{"id":1}`))
	h.expect(t, k, fp("b"), Long, idempotency.Mismatch)
	h.expect(t, h.key("other"), fp("a"), Long, idempotency.Acquired)
}

func testScopesAreSeparate(t *testing.T, h *harness) {
	a := idempotency.Key{Scope: h.scope + "/tenant-a", Key: "same"}
	b := idempotency.Key{Scope: h.scope + "/tenant-b", Key: "same"}
	ca := h.expect(t, a, fp("x"), Long, idempotency.Acquired)
	h.complete(t, a, ca.Token, resp("a"))
	cb := h.expect(t, b, fp("x"), Long, idempotency.Acquired)
	h.complete(t, b, cb.Token, resp("b"))
	wantResponse(t, h.expect(t, a, fp("x"), Long, idempotency.Completed), resp("a"))
	wantResponse(t, h.expect(t, b, fp("x"), Long, idempotency.Completed), resp("b"))
	// A separator-free concatenation of scope and key must not collide.
	h.expect(t, idempotency.Key{Scope: h.scope + "/ab", Key: "c"}, fp("x"), Long, idempotency.Acquired)
	h.expect(t, idempotency.Key{Scope: h.scope + "/a", Key: "bc"}, fp("x"), Long, idempotency.Acquired)
}

func testTokensAreFresh(t *testing.T, h *harness) {
	seen := map[idempotency.Token]bool{}
	k := h.key("k")
	for i := range 50 {
		c := h.expect(t, k, fp("a"), Long, idempotency.Acquired)
		if seen[c.Token] {
			t.Fatalf("acquisition %d reused token %v", i, c.Token)
		}
		seen[c.Token] = true
		if err := h.s.Release(context.Background(), k, c.Token); err != nil {
			t.Fatalf("Release: %v", err)
		}
	}
	// 50 random 128-bit tokens: every byte position taking a single value
	// would mean they are not random.
	for i := range len(idempotency.Token{}) {
		values := map[byte]bool{}
		for tok := range seen {
			values[tok[i]] = true
		}
		if len(values) == 1 {
			t.Errorf("byte %d of every token is the same: tokens are not random", i)
		}
	}
}

// race starts n goroutines that call fn(i) at once and waits for them.
func race(n int, fn func(i int)) {
	var start, done sync.WaitGroup
	start.Add(1)
	for i := range n {
		done.Go(func() {
			start.Wait()
			fn(i)
		})
	}
	start.Done()
	done.Wait()
}

func count(cs []idempotency.Claim, s idempotency.ClaimStatus) int {
	n := 0
	for _, c := range cs {
		if c.Status == s {
			n++
		}
	}
	return n
}

// claimAll makes n concurrent claims on k; fps[i%len(fps)] is claim i's
// fingerprint.
func (h *harness) claimAll(t *testing.T, n int, k idempotency.Key, lease time.Duration, fps ...idempotency.Fingerprint) []idempotency.Claim {
	t.Helper()
	claims := make([]idempotency.Claim, n)
	errs := make([]error, n)
	race(n, func(i int) {
		claims[i], errs[i] = h.s.Claim(context.Background(), k, fps[i%len(fps)], lease)
	})
	for i, err := range errs {
		if err != nil {
			t.Fatalf("concurrent Claim %d: %v", i, err)
		}
		checkShape(t, claims[i])
	}
	return claims
}

func testConcurrentClaimOneWinner(t *testing.T, h *harness) {
	for round := range 5 {
		k := h.key(fmt.Sprint("k", round))
		claims := h.claimAll(t, 100, k, Long, fp("a"))
		if n := count(claims, idempotency.Acquired); n != 1 {
			t.Fatalf("round %d: %d of 100 concurrent claims acquired, want exactly 1", round, n)
		}
		if n := count(claims, idempotency.InProgress); n != 99 {
			t.Fatalf("round %d: %d of 100 concurrent claims saw in progress, want 99", round, n)
		}
	}
}

func testConcurrentClaimMixed(t *testing.T, h *harness) {
	k := h.key("k")
	claims := h.claimAll(t, 100, k, Long, fp("a"), fp("b"))
	if n := count(claims, idempotency.Acquired); n != 1 {
		t.Fatalf("%d of 100 concurrent claims acquired, want exactly 1", n)
	}
	var winner int
	for i, c := range claims {
		if c.Status == idempotency.Acquired {
			winner = i % 2
		}
	}
	for i, c := range claims {
		want := idempotency.Mismatch
		if i%2 == winner {
			want = idempotency.InProgress
		}
		if c.Status != want && c.Status != idempotency.Acquired {
			t.Fatalf("claim %d with fingerprint %d: status %v, want %v", i, i%2, c.Status, want)
		}
	}
}

func testTakeover(t *testing.T, h *harness) {
	k := h.key("k")
	old := h.expect(t, k, fp("a"), Short, idempotency.Acquired)
	h.clock.Sleep(Short)
	claims := h.claimAll(t, 100, k, Long, fp("a"))
	if n := count(claims, idempotency.Acquired); n != 1 {
		t.Fatalf("%d of 100 claims took over the expired lease, want exactly 1", n)
	}
	var cur idempotency.Claim
	for _, c := range claims {
		if c.Status == idempotency.Acquired {
			cur = c
		}
	}
	if cur.Token == old.Token {
		t.Fatal("the takeover reused the expired holder's token")
	}
	wantNotOwner(t, "Complete with the expired holder's token", h.s.Complete(context.Background(), k, old.Token, resp("old"), Long))
	wantNotOwner(t, "Release with the expired holder's token", h.s.Release(context.Background(), k, old.Token))
	h.expect(t, k, fp("a"), Long, idempotency.InProgress)
	h.complete(t, k, cur.Token, resp("new"))
	wantResponse(t, h.expect(t, k, fp("a"), Long, idempotency.Completed), resp("new"))

	// An expired lease is free for any fingerprint: the record is gone.
	k2 := h.key("k2")
	h.expect(t, k2, fp("a"), Short, idempotency.Acquired)
	h.clock.Sleep(Short)
	h.expect(t, k2, fp("b"), Long, idempotency.Acquired)
}

func testLeaseRemaining(t *testing.T, h *harness) {
	k := h.key("k")
	const lease = time.Minute
	h.expect(t, k, fp("a"), lease, idempotency.Acquired)
	h.clock.Sleep(Short)
	c := h.expect(t, k, fp("a"), Long, idempotency.InProgress)
	if c.LeaseRemaining > lease-Short {
		t.Fatalf("LeaseRemaining = %v after the store's clock moved %v through a %v lease, want at most %v",
			c.LeaseRemaining, Short, lease, lease-Short)
	}
}

func testCompleteFencing(t *testing.T, h *harness) {
	k := h.key("k")
	c := h.expect(t, k, fp("a"), Long, idempotency.Acquired)
	var forged idempotency.Token
	rand.Read(forged[:])
	for name, tok := range map[string]idempotency.Token{"a random token": forged, "the zero token": {}} {
		wantNotOwner(t, "Complete with "+name, h.s.Complete(context.Background(), k, tok, resp("forged"), Long))
		h.expect(t, k, fp("a"), Long, idempotency.InProgress)
	}
	wantNotOwner(t, "Complete of another key", h.s.Complete(context.Background(), h.key("other"), c.Token, resp("x"), Long))
	h.expect(t, h.key("other"), fp("a"), Long, idempotency.Acquired)

	h.complete(t, k, c.Token, resp("real"))
	wantNotOwner(t, "a second Complete", h.s.Complete(context.Background(), k, c.Token, resp("again"), Long))
	wantNotOwner(t, "Release after Complete", h.s.Release(context.Background(), k, c.Token))
	wantResponse(t, h.expect(t, k, fp("a"), Long, idempotency.Completed), resp("real"))
}

func testReleaseFencing(t *testing.T, h *harness) {
	k := h.key("k")
	c := h.expect(t, k, fp("a"), Long, idempotency.Acquired)
	var forged idempotency.Token
	rand.Read(forged[:])
	wantNotOwner(t, "Release with a random token", h.s.Release(context.Background(), k, forged))
	wantNotOwner(t, "Release with the zero token", h.s.Release(context.Background(), k, idempotency.Token{}))
	h.expect(t, k, fp("a"), Long, idempotency.InProgress)

	if err := h.s.Release(context.Background(), k, c.Token); err != nil {
		t.Fatalf("Release by the holder: %v", err)
	}
	wantNotOwner(t, "a second Release", h.s.Release(context.Background(), k, c.Token))
	wantNotOwner(t, "Complete after Release", h.s.Complete(context.Background(), k, c.Token, resp("late"), Long))
	// Released means absent: another fingerprint may now use the key.
	c2 := h.expect(t, k, fp("b"), Long, idempotency.Acquired)
	if c2.Token == c.Token {
		t.Fatal("re-acquisition after Release reused the released token")
	}
	wantNotOwner(t, "Release with the previous holder's token", h.s.Release(context.Background(), k, c.Token))
	h.expect(t, k, fp("b"), Long, idempotency.InProgress)
}

func testNoWriteAfterLeaseExpiry(t *testing.T, h *harness) {
	kc, kr := h.key("complete"), h.key("release")
	cc := h.expect(t, kc, fp("a"), Short, idempotency.Acquired)
	cr := h.expect(t, kr, fp("a"), Short, idempotency.Acquired)
	h.clock.Sleep(Short)
	wantNotOwner(t, "Complete after the lease expired", h.s.Complete(context.Background(), kc, cc.Token, resp("late"), Long))
	wantNotOwner(t, "Release after the lease expired", h.s.Release(context.Background(), kr, cr.Token))
	h.expect(t, kc, fp("a"), Long, idempotency.Acquired)
	h.expect(t, kr, fp("a"), Long, idempotency.Acquired)
}

func testRetentionSeparate(t *testing.T, h *harness) {
	// Retention replaces the lease: a long retention outlives a short lease,
	// and a short retention ends a record whose lease had long to run. The
	// one-second lease leaves a real server time to complete within it.
	long := h.key("long-retention")
	c := h.expect(t, long, fp("a"), time.Second, idempotency.Acquired)
	h.complete(t, long, c.Token, resp("kept"))
	short := h.key("short-retention")
	c = h.expect(t, short, fp("a"), Long, idempotency.Acquired)
	if err := h.s.Complete(context.Background(), short, c.Token, resp("dropped"), Short); err != nil {
		t.Fatalf("Complete: %v", err)
	}
	h.clock.Sleep(time.Second)
	wantResponse(t, h.expect(t, long, fp("a"), Long, idempotency.Completed), resp("kept"))
	h.expect(t, short, fp("b"), Long, idempotency.Acquired)
}

func testRetentionExpiry(t *testing.T, h *harness) {
	k := h.key("k")
	c := h.expect(t, k, fp("a"), Long, idempotency.Acquired)
	if err := h.s.Complete(context.Background(), k, c.Token, resp("r"), Short); err != nil {
		t.Fatalf("Complete: %v", err)
	}
	h.clock.Sleep(Short)
	// Gone means gone: the same fingerprint acquires, it is not replayed.
	c2 := h.expect(t, k, fp("a"), Long, idempotency.Acquired)
	if c2.Token == c.Token {
		t.Fatal("re-acquisition after retention expiry reused the old token")
	}
}

func testResponses(t *testing.T, h *harness) {
	cases := map[string]idempotency.Response{
		"empty":        {Status: http.StatusNoContent},
		"empty header": {Status: http.StatusOK, Header: http.Header{}, Body: []byte{}},
		"client error": {Status: http.StatusUnprocessableEntity, Body: []byte(`{"code":"x"}`)},
		"multi-valued header": {Status: http.StatusCreated, Header: http.Header{
			"Link":         {"<a>; rel=next", "<b>; rel=prev"},
			"Content-Type": {"application/json; charset=utf-8"},
			"X-Empty":      {""},
		}, Body: []byte("{}")},
		"binary body": {Status: http.StatusOK, Body: []byte{0, 0xff, '\r', '\n', 0x80, 0}},
	}
	for name, r := range cases {
		k := h.key(name)
		c := h.expect(t, k, fp("a"), Long, idempotency.Acquired)
		h.complete(t, k, c.Token, r)
		got := h.expect(t, k, fp("a"), Long, idempotency.Completed)
		if got.Response == nil || !sameResponse(*got.Response, r) {
			t.Errorf("%s: stored %s, want %s", name, describe(got.Response), describe(&r))
		}
	}
}

func testLargeResponse(t *testing.T, h *harness) {
	body := make([]byte, 1<<20)
	rand.Read(body)
	r := idempotency.Response{Status: http.StatusOK, Header: http.Header{"Content-Type": {"application/octet-stream"}}, Body: body}
	k := h.key("k")
	c := h.expect(t, k, fp("a"), Long, idempotency.Acquired)
	h.complete(t, k, c.Token, r)
	for range 2 {
		wantResponse(t, h.expect(t, k, fp("a"), Long, idempotency.Completed), r)
	}
}

func testResponseIsCopied(t *testing.T, h *harness) {
	k := h.key("k")
	c := h.expect(t, k, fp("a"), Long, idempotency.Acquired)
	r := resp("original")
	h.complete(t, k, c.Token, r)
	r.Body[0] = 'X'
	r.Header.Set("Content-Type", "changed")
	got := h.expect(t, k, fp("a"), Long, idempotency.Completed)
	wantResponse(t, got, resp("original"))
	got.Response.Body[0] = 'Y'
	got.Response.Header.Set("Content-Type", "changed")
	wantResponse(t, h.expect(t, k, fp("a"), Long, idempotency.Completed), resp("original"))
}

func testContextCancellation(t *testing.T, h *harness) {
	canceled, cancel := context.WithCancel(context.Background())
	cancel()
	expired, cancel2 := context.WithDeadline(context.Background(), time.Now().Add(-time.Second))
	defer cancel2()
	for _, cc := range []struct {
		name string
		ctx  context.Context
		want error
	}{{"canceled", canceled, context.Canceled}, {"past deadline", expired, context.DeadlineExceeded}} {
		k := h.key(cc.name)
		if _, err := h.s.Claim(cc.ctx, k, fp("a"), Long); !errors.Is(err, cc.want) {
			t.Fatalf("Claim with a %s context: error %v, want one wrapping %v", cc.name, err, cc.want)
		}
		c := h.expect(t, k, fp("a"), Long, idempotency.Acquired)
		if err := h.s.Complete(cc.ctx, k, c.Token, resp("x"), Long); !errors.Is(err, cc.want) {
			t.Fatalf("Complete with a %s context: error %v, want one wrapping %v", cc.name, err, cc.want)
		}
		if err := h.s.Release(cc.ctx, k, c.Token); !errors.Is(err, cc.want) {
			t.Fatalf("Release with a %s context: error %v, want one wrapping %v", cc.name, err, cc.want)
		}
		// Nothing changed: still in flight under the same token.
		h.expect(t, k, fp("a"), Long, idempotency.InProgress)
		h.complete(t, k, c.Token, resp("y"))
		wantResponse(t, h.expect(t, k, fp("a"), Long, idempotency.Completed), resp("y"))
	}
}

func testInvalidDurations(t *testing.T, h *harness) {
	k := h.key("k")
	for _, d := range []time.Duration{0, -time.Second} {
		if c, err := h.s.Claim(context.Background(), k, fp("a"), d); err == nil {
			t.Fatalf("Claim with lease %v: got %v, want an error", d, c.Status)
		}
	}
	c := h.expect(t, k, fp("a"), Long, idempotency.Acquired)
	for _, d := range []time.Duration{0, -time.Second} {
		if err := h.s.Complete(context.Background(), k, c.Token, resp("x"), d); err == nil {
			t.Fatalf("Complete with retention %v: no error", d)
		}
	}
	h.expect(t, k, fp("a"), Long, idempotency.InProgress)
	h.complete(t, k, c.Token, resp("x"))
}
