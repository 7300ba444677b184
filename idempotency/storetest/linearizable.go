package storetest

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	mrand "math/rand/v2"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/acctkit/acctkit/idempotency"
)

// The linearizability check runs a few goroutines that issue random Claim,
// Complete and Release calls on a few keys, records when each call started
// and returned, and searches for an order of the calls that respects real
// time (a call that returned before another started comes first) and in
// which every result is what the sequential model gives. Keys are
// independent, so each key's history is checked on its own. Leases and
// retentions are long, so nothing expires during a history.
const (
	linRounds  = 40
	linWorkers = 4
	linOps     = 9
	linKeys    = 3
)

type opKind uint8

const (
	opClaim opKind = iota
	opComplete
	opRelease
)

// event is one call in a history: its arguments, its real-time interval
// and its result.
type event struct {
	worker     int
	kind       opKind
	fp         int               // Claim: index of the fingerprint
	token      idempotency.Token // Complete, Release: the token passed
	body       string            // Complete: the response body stored
	call, ret  int64
	status     idempotency.ClaimStatus
	gotToken   idempotency.Token
	gotBody    string
	notOwner   bool
	unexpected error
}

func (e event) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "[%d,%d] w%d ", e.call, e.ret, e.worker)
	switch e.kind {
	case opClaim:
		fmt.Fprintf(&b, "Claim(fp%d) = %v", e.fp, e.status)
		if e.status == idempotency.Acquired {
			fmt.Fprintf(&b, " token %.8s", e.gotToken)
		}
		if e.status == idempotency.Completed {
			fmt.Fprintf(&b, " body %q", e.gotBody)
		}
	case opComplete:
		fmt.Fprintf(&b, "Complete(token %.8s, %q) notOwner=%v", e.token, e.body, e.notOwner)
	case opRelease:
		fmt.Fprintf(&b, "Release(token %.8s) notOwner=%v", e.token, e.notOwner)
	}
	return b.String()
}

// modelState is the sequential model of one key.
type modelState struct {
	kind  uint8 // absent, inFlight or done
	fp    int
	token idempotency.Token
	body  string
}

const (
	absent uint8 = iota
	inFlight
	done
)

// step applies e to st in the sequential model and reports whether e's
// observed result is the one the model gives.
func step(st modelState, e event) (modelState, bool) {
	switch e.kind {
	case opClaim:
		switch {
		case st.kind == absent:
			return modelState{kind: inFlight, fp: e.fp, token: e.gotToken}, e.status == idempotency.Acquired
		case st.fp != e.fp:
			return st, e.status == idempotency.Mismatch
		case st.kind == inFlight:
			return st, e.status == idempotency.InProgress
		default:
			return st, e.status == idempotency.Completed && e.gotBody == st.body
		}
	case opComplete:
		if st.kind == inFlight && st.token == e.token {
			return modelState{kind: done, fp: st.fp, body: e.body}, !e.notOwner
		}
		return st, e.notOwner
	default:
		if st.kind == inFlight && st.token == e.token {
			return modelState{}, !e.notOwner
		}
		return st, e.notOwner
	}
}

// linearizable reports whether some real-time-respecting order of evs
// (at most 64) is accepted by the model, starting from an absent key.
func linearizable(evs []event) bool {
	type memoKey struct {
		mask uint64
		st   modelState
	}
	full := uint64(1)<<len(evs) - 1
	failed := map[memoKey]bool{}
	var search func(mask uint64, st modelState) bool
	search = func(mask uint64, st modelState) bool {
		if mask == full {
			return true
		}
		if failed[memoKey{mask, st}] {
			return false
		}
		// Only a call that started before every pending call returned can
		// be next.
		minRet := int64(1<<63 - 1)
		for i, e := range evs {
			if mask&(1<<i) == 0 && e.ret < minRet {
				minRet = e.ret
			}
		}
		for i, e := range evs {
			if mask&(1<<i) != 0 || e.call > minRet {
				continue
			}
			if next, ok := step(st, e); ok && search(mask|1<<i, next) {
				return true
			}
		}
		failed[memoKey{mask, st}] = true
		return false
	}
	return search(0, modelState{})
}

func testLinearizable(t *testing.T, h *harness) {
	var seedBytes [16]byte
	rand.Read(seedBytes[:])
	for round := range linRounds {
		seed := fmt.Sprintf("%x/%d", seedBytes, round)
		histories := h.runHistory(t, round, seedBytes)
		for k, evs := range histories {
			if !linearizable(evs) {
				var b strings.Builder
				for _, e := range evs {
					b.WriteString("\n\t" + e.String())
				}
				t.Fatalf("seed %s: history of key %d is not linearizable:%s", seed, k, b.String())
			}
		}
	}
}

// runHistory runs one round of concurrent calls and returns each key's
// history.
func (h *harness) runHistory(t *testing.T, round int, seed [16]byte) [linKeys][]event {
	t.Helper()
	var (
		clock  atomic.Int64
		mu     sync.Mutex
		tokens []idempotency.Token // every token acquired so far, shared
		hist   [linKeys][]event
	)
	keys := make([]idempotency.Key, linKeys)
	for i := range keys {
		keys[i] = h.key(fmt.Sprintf("lin-%d-%d", round, i))
	}
	fps := []idempotency.Fingerprint{fp("lin-a"), fp("lin-b")}
	ctx := context.Background()

	race(linWorkers, func(w int) {
		var s [32]byte
		copy(s[:], seed[:])
		s[16], s[17], s[18] = byte(round), byte(round>>8), byte(w)
		rng := mrand.New(mrand.NewChaCha8(s))
		var mine []idempotency.Token
		for i := range linOps {
			k := rng.IntN(linKeys)
			e := event{worker: w}
			switch r := rng.IntN(100); {
			case r < 45:
				e.kind = opClaim
				if rng.IntN(5) == 0 {
					e.fp = 1
				}
			case r < 75:
				e.kind = opComplete
				e.body = fmt.Sprintf("w%d-op%d", w, i)
			default:
				e.kind = opRelease
			}
			if e.kind != opClaim {
				// Mostly our latest token; sometimes an older one, another
				// worker's, or a forged one.
				mu.Lock()
				switch r := rng.IntN(10); {
				case r < 6 && len(mine) > 0:
					e.token = mine[len(mine)-1]
				case r < 8 && len(tokens) > 0:
					e.token = tokens[rng.IntN(len(tokens))]
				default:
					rand.Read(e.token[:])
				}
				mu.Unlock()
			}
			if rng.IntN(2) == 0 {
				runtime.Gosched()
			}
			e.call = clock.Add(1)
			var err error
			switch e.kind {
			case opClaim:
				var c idempotency.Claim
				c, err = h.s.Claim(ctx, keys[k], fps[e.fp], Long)
				e.status, e.gotToken = c.Status, c.Token
				if c.Response != nil {
					e.gotBody = string(c.Response.Body)
				}
			case opComplete:
				err = h.s.Complete(ctx, keys[k], e.token, idempotency.Response{Status: 200, Body: []byte(e.body)}, Long)
			case opRelease:
				err = h.s.Release(ctx, keys[k], e.token)
			}
			e.ret = clock.Add(1)
			if e.kind != opClaim && errors.Is(err, idempotency.ErrNotOwner) {
				e.notOwner, err = true, nil
			}
			e.unexpected = err
			mu.Lock()
			if e.status == idempotency.Acquired {
				mine = append(mine, e.gotToken)
				tokens = append(tokens, e.gotToken)
			}
			hist[k] = append(hist[k], e)
			mu.Unlock()
		}
	})
	for _, evs := range hist {
		for _, e := range evs {
			if e.unexpected != nil {
				t.Fatalf("%v: unexpected error %v", e, e.unexpected)
			}
		}
	}
	return hist
}
