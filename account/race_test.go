//go:build race

package account

// raceEnabled: the race detector adds allocations of its own.
const raceEnabled = true
