package storetesting

import (
	"os"
	"testing"
)

// Env returns the environment variable name, or skips t when it is unset:
// the test needs a server, described by what, and example is a value that
// works.
func Env(t testing.TB, name, what, example string) string {
	t.Helper()
	v := os.Getenv(name)
	if v == "" {
		t.Skip(name + " is not set: these tests need a " + what + ", e.g. " + name + "=" + example + " (see README, Integration tests)")
	}
	return v
}

// RestartTests skips t unless ACCTKIT_RESTART_TESTS=1: these tests start
// and bounce a server of their own (what), which takes seconds and needs
// the server's binaries.
func RestartTests(t testing.TB, what string) {
	t.Helper()
	if os.Getenv("ACCTKIT_RESTART_TESTS") != "1" {
		t.Skip("ACCTKIT_RESTART_TESTS is not 1: the server-restart tests start their own " + what + " and take several seconds; .ci/run sets it")
	}
}
