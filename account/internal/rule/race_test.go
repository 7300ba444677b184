//go:build race

package rule

// raceEnabled: the race detector adds allocations of its own.
const raceEnabled = true
