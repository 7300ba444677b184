package redisstore_test

import (
	"testing"

	"github.com/acctkit/acctkit/idempotency/internal/storetesting"
)

// BenchmarkClaimComplete measures one request's store work, Claim then
// Complete, from 1 client and from 32 concurrent clients (a pool of 32
// connections) on loopback. roundtrips/op counts the requests sent to the
// server and answered, measured on the connections.
func BenchmarkClaimComplete(b *testing.B) {
	var c conns
	s := newStore(b, newClient(b, redisAddr(b), &c, 32))
	storetesting.BenchmarkClaimComplete(b, s, &c.trips)
}
