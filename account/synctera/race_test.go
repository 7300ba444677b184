//go:build race

package synctera

// raceEnabled: the race detector adds allocations of its own.
const raceEnabled = true
