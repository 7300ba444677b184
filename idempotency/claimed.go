package idempotency

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/textproto"
	"slices"
	"sync"
	"time"
)

// Claimed is the claim a handler runs under, as [FromContext] returns it
// inside [Middleware]. It lets the handler join the idempotency record:
// store the response in its own database transaction ([Claimed.Completed])
// or say that it refused the request before any effect ([Claimed.Refuse]).
// Its methods are safe for concurrent use.
type Claimed struct {
	// Key is the scope and the client's key.
	Key Key
	// Token is the fencing token that holds Key until the lease ends: pass
	// it to a store's transactional completion (pgstore.Store.CompleteTx).
	Token Token
	// Fingerprint is the request's fingerprint (method, route, body).
	Fingerprint Fingerprint
	// Retention is how long the response is to be kept (Options.Retention).
	Retention time.Duration

	replay map[string]bool

	mu       sync.Mutex
	stored   *Response // set by Completed
	refused  bool      // set by Refuse
	finished bool      // the middleware has read the outcome
}

type claimedKey struct{}

// FromContext returns the claim the request runs under, if ctx is the
// context of a request that [Middleware] passed to its handler after
// acquiring the key. Requests that run unprotected have none: without a
// key, with a method the middleware does not cover, or under FailOpen
// while the store is down.
func FromContext(ctx context.Context) (*Claimed, bool) {
	c, ok := ctx.Value(claimedKey{}).(*Claimed)
	return c, ok
}

// Response returns the Response the middleware would store for an answer
// with this status, header and body: only the replay headers
// (Options.ReplayHeaders), copied. Store it with the store's transactional
// completion, then send exactly this answer. Give a body a Content-Type:
// net/http would sniff one, and the answer would differ from the record.
func (c *Claimed) Response(status int, header http.Header, body []byte) Response {
	resp := Response{Status: status, Header: http.Header{}, Body: slices.Clone(body)}
	for k, v := range header {
		if k = textproto.CanonicalMIMEHeaderKey(k); c.replay[k] {
			resp.Header[k] = slices.Clone(v)
		}
	}
	return resp
}

// Completed tells the middleware that the handler stored resp under
// c.Token itself, in a transaction that has committed (for example with
// pgstore.Store.CompleteTx). The middleware then does not complete or
// release the key. The handler must send resp (see [Claimed.Response]);
// if what it sends differs, OnError gets an error wrapping
// [ErrStoredResponseDiffers], since replays send the stored one. Call it
// only after the commit: after a rollback the key is still in flight under
// c.Token, and the middleware completes or releases it as usual.
func (c *Claimed) Completed(resp Response) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.finished {
		resp = resp.Clone()
		c.stored = &resp
	}
}

// outcome returns what the handler said about the claim and stops later
// calls from changing it.
func (c *Claimed) outcome() (stored *Response, refused bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.finished = true
	return c.stored, c.refused
}

// Refuse tells the middleware that the handler refused the request before
// it had any effect, typically because the parameters failed validation:
// whatever the status, the answer is not stored and the key is released,
// so the client may correct the request and send it again with the same
// key (Stripe's rule). Call it only when nothing took effect; if something
// did, a retry would do it again. After [Claimed.Completed] it does nothing.
func (c *Claimed) Refuse() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.finished {
		c.refused = true
	}
}

// ErrStoredResponseDiffers is reported through Options.OnError when a
// handler stored one response ([Claimed.Completed]) and sent another:
// the client's retries get the stored one.
var ErrStoredResponseDiffers = errors.New("idempotency: the handler sent a response other than the one it stored")

// sameResponse reports whether a and b are the same status, headers and
// body.
func sameResponse(a, b Response) bool {
	if a.Status != b.Status || !bytes.Equal(a.Body, b.Body) || len(a.Header) != len(b.Header) {
		return false
	}
	for k, v := range a.Header {
		if w, ok := b.Header[k]; !ok || !slices.Equal(v, w) {
			return false
		}
	}
	return true
}
