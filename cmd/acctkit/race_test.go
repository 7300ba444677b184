//go:build race

package main

// raceEnabled is true when tests run under the race detector, which makes
// them several times slower.
const raceEnabled = true
