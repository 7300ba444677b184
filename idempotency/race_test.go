//go:build race

package idempotency_test

// raceEnabled: the race detector makes sync.Pool drop items at random, so
// pooled code allocates now and then and allocation counts do not hold.
const raceEnabled = true
