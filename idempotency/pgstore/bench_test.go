package pgstore_test

import (
	"sync/atomic"
	"testing"

	"github.com/acctkit/acctkit/idempotency/internal/storetesting"
)

// BenchmarkClaimComplete measures one request's store work, Claim then
// Complete, from 1 client and from 32 concurrent clients (each with its own
// connection) on loopback. roundtrips/op counts the requests sent to the
// server and answered, measured on the connections.
func BenchmarkClaimComplete(b *testing.B) {
	var trips atomic.Int64
	db := openDB(b, postgresURL(b), &trips)
	db.SetMaxOpenConns(32)
	db.SetMaxIdleConns(32)
	storetesting.BenchmarkClaimComplete(b, newStore(b, db), &trips)
}
