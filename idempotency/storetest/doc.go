// Package storetest is the conformance suite every [idempotency.Store] must
// pass. Run it from a test of your own implementation:
//
//	func TestConformance(t *testing.T) {
//		storetest.Run(t, func(t *testing.T) (idempotency.Store, storetest.Clock) {
//			return mystore.New(...), storetest.RealClock{}
//		})
//	}
//
// The suite checks the contract documented on [idempotency.Store]: atomic
// claims under contention, takeover of an expired lease by exactly one
// caller, token fencing, fingerprint mismatch, lease and retention expiry by
// the store's clock, large responses, context cancellation, and a randomized
// linearizability check of concurrent histories against the sequential
// model.
//
// # Time
//
// Expiry is checked by letting the store's clock run: a store whose clock
// can be injected (such as [idempotency.MemoryStore] with
// [idempotency.MemoryOptions].Now) is driven by a [FakeClock] and the whole
// suite takes milliseconds; a store that uses its server's clock is paired
// with [RealClock], and the suite then waits for real, about two seconds in
// all ([Short] is 100ms; one test waits a second to leave a real server
// time to complete within a lease).
//
// It uses only package testing, so running it adds no test dependency to
// your module.
package storetest
