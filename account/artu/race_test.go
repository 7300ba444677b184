//go:build race

package artu

// raceEnabled: the race detector adds allocations of its own.
const raceEnabled = true
