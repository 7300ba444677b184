// Package fuzz holds acctkit's cross-package fuzz targets and checks: the
// account bodies' decoding and merge patch, the sync planner's invariants
// on generated stores and requests, and that no identifier parser's error
// echoes an account number pasted into the wrong field. Each identifier
// parser's own reference lives beside it, in its package's fuzz_test.go.
// It has test files only; CI runs every target for a fixed time (.ci/run,
// "fuzz smoke").
package fuzz

import (
	"flag"
	"os"
	"testing"
)

// TestMain bounds the minimization of new corpus entries to a few seconds
// unless -fuzzminimizetime is given. The account targets start from seed
// bodies of 1-4 KB, and Go's minimizer tries removing every range of bytes
// (quadratic in the input length) for up to a minute by default, which
// would spend a short CI fuzz run minimizing instead of fuzzing. A crash
// is still reported as found, with the input minimized as far as the time
// allows.
func TestMain(m *testing.M) {
	flag.Parse()
	given := false
	flag.Visit(func(f *flag.Flag) { given = given || f.Name == "test.fuzzminimizetime" })
	if !given {
		if err := flag.Set("test.fuzzminimizetime", "2s"); err != nil {
			panic(err)
		}
	}
	os.Exit(m.Run())
}
