//go:build !race

package syncplan

const raceEnabled = false
