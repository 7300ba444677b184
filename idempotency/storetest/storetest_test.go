package storetest

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/acctkit/acctkit/idempotency"
)

// refStore is a deliberately simple Store (one lock, one map) that can be
// given one bug at a time, to show the suite catches it.
type refStore struct {
	bug     string
	now     func() time.Time
	mu      sync.Mutex
	recs    map[string]*refRecord
	counter uint64
}

type refRecord struct {
	fp        idempotency.Fingerprint
	token     idempotency.Token
	expires   time.Time
	completed bool
	resp      idempotency.Response
}

func newRefStore(bug string, now func() time.Time) *refStore {
	return &refStore{bug: bug, now: now, recs: map[string]*refRecord{}}
}

func (s *refStore) id(k idempotency.Key) string {
	if s.bug == "scope concatenated" {
		return k.Scope + k.Key
	}
	return fmt.Sprintf("%q %q", k.Scope, k.Key)
}

func (s *refStore) ctxErr(ctx context.Context) error {
	if s.bug == "context ignored" {
		return nil
	}
	return ctx.Err()
}

func (s *refStore) live(r *refRecord, now time.Time) bool {
	if s.bug == "leases never expire" && !r.completed {
		return true
	}
	return now.Before(r.expires)
}

func (s *refStore) Claim(ctx context.Context, k idempotency.Key, fp idempotency.Fingerprint, lease time.Duration) (idempotency.Claim, error) {
	if err := s.ctxErr(ctx); err != nil {
		return idempotency.Claim{}, err
	}
	if lease <= 0 {
		return idempotency.Claim{}, fmt.Errorf("lease %v", lease)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	if r, ok := s.recs[s.id(k)]; ok && s.live(r, now) {
		switch {
		case r.fp != fp && s.bug != "fingerprint ignored":
			return idempotency.Claim{Status: idempotency.Mismatch}, nil
		case r.completed:
			resp := r.resp
			if s.bug != "response shared" {
				resp = resp.Clone()
			}
			return idempotency.Claim{Status: idempotency.Completed, Response: &resp}, nil
		default:
			return idempotency.Claim{Status: idempotency.InProgress, LeaseRemaining: r.expires.Sub(now)}, nil
		}
	}
	if s.bug == "claim not atomic" {
		// Check, then act: another caller can slip in between.
		s.mu.Unlock()
		time.Sleep(time.Millisecond)
		s.mu.Lock()
	}
	var tok idempotency.Token
	if s.bug == "tokens are a counter" {
		s.counter++
		binary.BigEndian.PutUint64(tok[8:], s.counter)
	} else {
		rand.Read(tok[:])
	}
	s.recs[s.id(k)] = &refRecord{fp: fp, token: tok, expires: now.Add(lease)}
	return idempotency.Claim{Status: idempotency.Acquired, Token: tok, LeaseRemaining: lease}, nil
}

func (s *refStore) held(k idempotency.Key, tok idempotency.Token) (*refRecord, error) {
	r, ok := s.recs[s.id(k)]
	if !ok || r.completed {
		return nil, idempotency.ErrNotOwner
	}
	if s.bug != "tokens ignored" && r.token != tok {
		return nil, idempotency.ErrNotOwner
	}
	if s.bug != "writes after lease expiry" && !s.live(r, s.now()) {
		return nil, idempotency.ErrNotOwner
	}
	return r, nil
}

func (s *refStore) Complete(ctx context.Context, k idempotency.Key, tok idempotency.Token, resp idempotency.Response, retention time.Duration) error {
	if err := s.ctxErr(ctx); err != nil {
		return err
	}
	if retention <= 0 {
		return fmt.Errorf("retention %v", retention)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	r, err := s.held(k, tok)
	if err != nil {
		return err
	}
	if s.bug == "large bodies truncated" && len(resp.Body) > 1<<16 {
		resp.Body = resp.Body[:1<<16]
	}
	if s.bug != "response shared" {
		resp = resp.Clone()
	}
	r.completed, r.resp = true, resp
	if s.bug != "retention is the lease" {
		r.expires = s.now().Add(retention)
	}
	return nil
}

func (s *refStore) Release(ctx context.Context, k idempotency.Key, tok idempotency.Token) error {
	if err := s.ctxErr(ctx); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, err := s.held(k, tok); err != nil {
		return err
	}
	if s.bug == "release keeps the record" {
		s.recs[s.id(k)].token = idempotency.Token{}
		return nil
	}
	delete(s.recs, s.id(k))
	return nil
}

func TestRefStorePasses(t *testing.T) {
	Run(t, func(t *testing.T) (idempotency.Store, Clock) {
		c := NewFakeClock()
		return newRefStore("", c.Now), c
	})
}

// TestBrokenStoreHelper runs the suite on a broken refStore; it is the
// subprocess TestSuiteCatchesBrokenStores starts.
func TestBrokenStoreHelper(t *testing.T) {
	bug := os.Getenv("STORETEST_BUG")
	if bug == "" {
		t.Skip("runs only as a subprocess of TestSuiteCatchesBrokenStores")
	}
	Run(t, func(t *testing.T) (idempotency.Store, Clock) {
		c := NewFakeClock()
		return newRefStore(bug, c.Now), c
	})
}

func TestSuiteCatchesBrokenStores(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a test subprocess per bug; skipped in -short mode")
	}
	for bug, subtest := range map[string]string{
		"claim not atomic":          "ConcurrentClaimOneWinner",
		"tokens ignored":            "CompleteFencing",
		"tokens are a counter":      "TokensAreFreshAndRandom",
		"leases never expire":       "ExpiredLeaseTakenOverByExactlyOne",
		"writes after lease expiry": "NoWriteAfterLeaseExpiry",
		"retention is the lease":    "RetentionIsSeparateFromLease",
		"fingerprint ignored":       "ClaimOutcomes",
		"context ignored":           "ContextCancellation",
		"response shared":           "ResponseIsCopied",
		"large bodies truncated":    "LargeResponse",
		"scope concatenated":        "ScopesAreSeparate",
		"release keeps the record":  "ReleaseFencing",
	} {
		t.Run(bug, func(t *testing.T) {
			t.Parallel()
			cmd := exec.Command(os.Args[0], "-test.run=^TestBrokenStoreHelper$/^"+subtest+"$", "-test.v", "-test.count=1")
			cmd.Env = append(os.Environ(), "STORETEST_BUG="+bug)
			out, err := cmd.CombinedOutput()
			require.Error(t, err, "the suite passed a store whose %s:\n%s", bug, out)
			assert.Contains(t, string(out), "--- FAIL: TestBrokenStoreHelper/"+subtest+" ", "%s", out)
		})
	}
}

// The linearizability check on its own catches a non-atomic claim.
func TestLinearizableCatchesNonAtomicClaim(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a test subprocess; skipped in -short mode")
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestBrokenStoreHelper$/^Linearizable$", "-test.v", "-test.count=1")
	cmd.Env = append(os.Environ(), "STORETEST_BUG=claim not atomic")
	out, err := cmd.CombinedOutput()
	require.Error(t, err, "%s", out)
	assert.Contains(t, string(out), "is not linearizable")
}

func tok(b byte) idempotency.Token { return idempotency.Token{b} }

func TestLinearizableChecker(t *testing.T) {
	claim := func(call, ret int64, fp int, status idempotency.ClaimStatus, got idempotency.Token, body string) event {
		return event{kind: opClaim, fp: fp, call: call, ret: ret, status: status, gotToken: got, gotBody: body}
	}
	complete := func(call, ret int64, t idempotency.Token, body string, notOwner bool) event {
		return event{kind: opComplete, token: t, body: body, call: call, ret: ret, notOwner: notOwner}
	}
	release := func(call, ret int64, t idempotency.Token, notOwner bool) event {
		return event{kind: opRelease, token: t, call: call, ret: ret, notOwner: notOwner}
	}
	ok := map[string][]event{
		"empty": nil,
		"sequential": {
			claim(1, 2, 0, idempotency.Acquired, tok(1), ""),
			claim(3, 4, 1, idempotency.Mismatch, idempotency.Token{}, ""),
			complete(5, 6, tok(1), "r", false),
			claim(7, 8, 0, idempotency.Completed, idempotency.Token{}, "r"),
		},
		"overlapping claims, one winner in either order": {
			claim(1, 4, 0, idempotency.InProgress, idempotency.Token{}, ""),
			claim(2, 3, 0, idempotency.Acquired, tok(1), ""),
		},
		"complete overlapping a claim that saw it done": {
			claim(1, 2, 0, idempotency.Acquired, tok(1), ""),
			complete(3, 6, tok(1), "r", false),
			claim(4, 5, 0, idempotency.Completed, idempotency.Token{}, "r"),
		},
		"release then re-acquire": {
			claim(1, 2, 0, idempotency.Acquired, tok(1), ""),
			release(3, 4, tok(1), false),
			claim(5, 6, 1, idempotency.Acquired, tok(2), ""),
			complete(7, 8, tok(1), "late", true),
		},
	}
	for name, h := range ok {
		assert.True(t, linearizable(h), name)
	}
	bad := map[string][]event{
		"two winners": {
			claim(1, 4, 0, idempotency.Acquired, tok(1), ""),
			claim(2, 3, 0, idempotency.Acquired, tok(2), ""),
		},
		"stale read after a completed complete": {
			claim(1, 2, 0, idempotency.Acquired, tok(1), ""),
			complete(3, 4, tok(1), "r", false),
			claim(5, 6, 0, idempotency.InProgress, idempotency.Token{}, ""),
		},
		"forged complete accepted": {
			claim(1, 2, 0, idempotency.Acquired, tok(1), ""),
			complete(3, 4, tok(9), "r", false),
		},
		"owner refused": {
			claim(1, 2, 0, idempotency.Acquired, tok(1), ""),
			release(3, 4, tok(1), true),
		},
		"wrong body replayed": {
			claim(1, 2, 0, idempotency.Acquired, tok(1), ""),
			complete(3, 4, tok(1), "r", false),
			claim(5, 6, 0, idempotency.Completed, idempotency.Token{}, "other"),
		},
		"mismatch on a free key": {
			claim(1, 2, 1, idempotency.Mismatch, idempotency.Token{}, ""),
		},
	}
	for name, h := range bad {
		assert.False(t, linearizable(h), name)
	}
}

func TestEventString(t *testing.T) {
	e := event{worker: 2, kind: opClaim, fp: 1, call: 3, ret: 9, status: idempotency.Acquired, gotToken: tok(0xab)}
	assert.Equal(t, "[3,9] w2 Claim(fp1) = acquired token ab000000", e.String())
	e = event{kind: opComplete, token: tok(0xcd), body: "b", notOwner: true}
	assert.True(t, strings.HasPrefix(e.String(), "[0,0] w0 Complete(token cd000000"), e.String())
}

func TestClocks(t *testing.T) {
	c := NewFakeClock()
	t0 := c.Now()
	c.Sleep(time.Hour)
	assert.Equal(t, time.Hour, c.Now().Sub(t0))

	start := time.Now()
	RealClock{Slack: time.Millisecond}.Sleep(5 * time.Millisecond)
	assert.GreaterOrEqual(t, time.Since(start), 6*time.Millisecond)
}
