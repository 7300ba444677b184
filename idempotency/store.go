package idempotency

import (
	"context"
	"encoding/hex"
	"errors"
	"net/http"
	"time"
)

// Store keeps one record per Key: either an in-flight claim (fingerprint,
// fencing token, lease) or a completed response (fingerprint, response,
// retention). Every implementation must be safe for concurrent use, make each
// method atomic, and pass the conformance suite in package storetest.
//
// Expiry is decided by the store's own clock (the database's now(), Redis's
// TIME, [MemoryOptions.Now]), never by the caller's. A record whose lease or
// retention has run out behaves exactly as if it did not exist, whether or not
// it has been physically removed yet: removal is garbage collection, never a
// change in behaviour.
type Store interface {
	// Claim atomically looks up key and reports one of:
	//   - Mismatch: a live record (in flight or completed) has another
	//     fingerprint. Nothing changes.
	//   - Completed: a completed record with this fingerprint; Response is set.
	//   - InProgress: an in-flight record with this fingerprint whose lease
	//     has not expired; LeaseRemaining says for how long it still runs.
	//   - Acquired: there was no live record (none, released, or expired), so
	//     a new in-flight record now holds key with a fresh random Token and a
	//     lease of the given length. Of any number of concurrent callers at
	//     most one acquires a key; an expired lease is taken over by exactly
	//     one of them.
	// lease must be positive.
	Claim(ctx context.Context, key Key, fp Fingerprint, lease time.Duration) (Claim, error)

	// Complete turns the in-flight record held by token into a completed one
	// that keeps resp for retention (positive), measured from now by the
	// store's clock. It returns an error wrapping ErrNotOwner, and changes
	// nothing, unless key is in flight under token with an unexpired lease.
	Complete(ctx context.Context, key Key, token Token, resp Response, retention time.Duration) error

	// Release deletes the in-flight record held by token so the next Claim
	// acquires. It returns an error wrapping ErrNotOwner, and changes nothing,
	// unless key is in flight under token with an unexpired lease.
	Release(ctx context.Context, key Key, token Token) error
}

// Key names one idempotency record. Scope is chosen by the caller (tenant,
// authenticated principal, ...) so the same client key in two scopes never
// collides; Key is the client's Idempotency-Key value. Both are compared
// byte for byte.
type Key struct {
	Scope string
	Key   string
}

// Fingerprint identifies the request a key was first used with; the
// middleware uses a SHA-256 of method, route and canonical body.
type Fingerprint [32]byte

// String returns the fingerprint in lower-case hex.
func (f Fingerprint) String() string { return hex.EncodeToString(f[:]) }

// Token is a random 128-bit fencing token that identifies one acquisition of
// a key. Only the current holder's token completes or releases it. The zero
// Token is never issued.
type Token [16]byte

// String returns the token in lower-case hex.
func (t Token) String() string { return hex.EncodeToString(t[:]) }

// IsZero reports whether t is the zero Token, which no store issues.
func (t Token) IsZero() bool { return t == Token{} }

// ClaimStatus is the outcome of [Store.Claim]. The zero value is not a valid
// outcome, so a store that forgets to set it is caught.
type ClaimStatus uint8

// The outcomes of [Store.Claim].
const (
	Acquired   ClaimStatus = iota + 1 // the caller holds the key: run, then Complete or Release
	InProgress                        // another caller holds an unexpired lease
	Completed                         // a response is stored: replay it
	Mismatch                          // the key is in use with another fingerprint
)

// String returns the outcome's name, e.g. "acquired".
func (s ClaimStatus) String() string {
	switch s {
	case Acquired:
		return "acquired"
	case InProgress:
		return "in progress"
	case Completed:
		return "completed"
	case Mismatch:
		return "mismatch"
	}
	return "invalid"
}

// Claim is the result of [Store.Claim]. Which fields are set depends on
// Status; the others are zero.
type Claim struct {
	Status ClaimStatus

	// Token is the fencing token of this acquisition (Acquired only).
	Token Token

	// LeaseRemaining is how long the lease runs from the moment of the
	// claim, by the store's clock (Acquired: the requested lease; InProgress:
	// what is left of the holder's lease). A duration rather than an instant,
	// so a skew between the caller's clock and the store's does not matter.
	LeaseRemaining time.Duration

	// Response is the stored response (Completed only). It is the caller's
	// own copy.
	Response *Response
}

// Response is what is stored for a completed request and replayed to its
// retries: the status code, the selected headers, and the body byte for byte.
type Response struct {
	Status int
	Header http.Header
	Body   []byte
}

// Clone returns a deep copy of r, so a store's record never aliases memory
// its caller may still modify.
func (r Response) Clone() Response {
	c := Response{Status: r.Status, Header: r.Header.Clone()}
	if r.Body != nil {
		c.Body = append(make([]byte, 0, len(r.Body)), r.Body...)
	}
	return c
}

var (
	// ErrNotOwner is returned (wrapped) by Complete and Release when the
	// caller's token no longer holds the key: another caller took over an
	// expired lease, the lease ran out, or the key was already completed or
	// released.
	ErrNotOwner = errors.New("idempotency: token does not hold the key")

	// ErrStoreFull is returned (wrapped) by a bounded store's Claim when it
	// would have to evict a live record to make room. Evicting an in-flight
	// claim or a completed response would let a retry run the request
	// twice, so the store refuses new keys instead; the middleware answers
	// 503.
	ErrStoreFull = errors.New("idempotency: store is full of live records")
)
