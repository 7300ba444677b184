package idempotency

import (
	"crypto/sha256"
	"encoding/binary"
	"sync"
)

// fingerprintDomain separates these hashes from any other SHA-256 use and
// versions the scheme: stored fingerprints of another version never match.
const fingerprintDomain = "acctkit/idempotency/fingerprint/v1\x00"

// fingerprinter is the scratch space of one NewFingerprint call, pooled so
// fingerprinting allocates nothing in the steady state.
type fingerprinter struct {
	buf []byte
	c   canonicaliser
}

var fingerprinters = sync.Pool{New: func() any { return new(fingerprinter) }}

// NewFingerprint returns the SHA-256 fingerprint the middleware uses for a
// request: the method, the route and the body, each length-prefixed. A body
// that is valid JSON is hashed in canonical form (object members sorted by
// key, insignificant white space removed, strings minimally escaped, number
// text kept exactly), so a re-serialised identical body gets the same
// fingerprint; any other body is hashed as sent. The two kinds are tagged
// apart, so they never collide.
func NewFingerprint(method, route string, body []byte) Fingerprint {
	f := fingerprinters.Get().(*fingerprinter)
	b := append(f.buf[:0], fingerprintDomain...)
	b = binary.AppendUvarint(b, uint64(len(method)))
	b = append(b, method...)
	b = binary.AppendUvarint(b, uint64(len(route)))
	b = append(b, route...)
	n := len(b)
	b, ok := f.c.append(append(b, 'J'), body)
	if !ok {
		b = append(append(b[:n], 'R'), body...)
	}
	sum := sha256.Sum256(b)
	if cap(b) <= 64<<10 { // do not pin the scratch of a huge body in the pool
		f.buf = b
		fingerprinters.Put(f)
	}
	return sum
}
