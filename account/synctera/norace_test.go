//go:build !race

package synctera

const raceEnabled = false
