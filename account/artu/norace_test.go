//go:build !race

package artu

const raceEnabled = false
