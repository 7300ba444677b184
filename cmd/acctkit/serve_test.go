package main

import (
	"bufio"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The README's serve example runs as written: the built binary serves on a
// free port, each curl command succeeds (curl -f: an HTTP error fails it),
// and SIGTERM ends the server with exit status 0.
func TestServeREADME(t *testing.T) {
	if _, err := exec.LookPath("curl"); err != nil {
		t.Skip("curl is not installed: the README's serve example uses it")
	}
	readme, err := os.ReadFile("../../README.md")
	require.NoError(t, err)
	block := readmeBlock(t, string(readme), "go run ./cmd/acctkit serve")
	var script []string
	for _, l := range block {
		if !strings.HasPrefix(l, "go run ./cmd/acctkit serve") {
			script = append(script, l)
		}
	}
	require.Equal(t, 3, strings.Count(strings.Join(script, "\n"), "curl -s "))

	srv := exec.Command(acctkitBinary, "serve", "--addr", "127.0.0.1:0")
	srv.Dir = "../.."
	stdout, err := srv.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, srv.Start())
	line, err := bufio.NewReader(stdout).ReadString('\n')
	require.NoError(t, err)
	addr, ok := strings.CutPrefix(strings.TrimSpace(line), "acctkit serve: listening on http://")
	require.True(t, ok, line)

	run := strings.ReplaceAll(strings.ReplaceAll(strings.Join(script, "\n"), "127.0.0.1:8080", addr), "curl -s ", "curl -sSf ")
	cmd := exec.Command("sh", "-e", "-c", run)
	cmd.Dir = "../.."
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s\n%s", run, out)
	assert.Equal(t, 3, strings.Count(string(out), `"id":"`), "created, listed (the same account), created: %s", out)

	require.NoError(t, srv.Process.Signal(syscall.SIGTERM))
	done := make(chan error, 1)
	go func() { done <- srv.Wait() }()
	select {
	case err := <-done:
		require.NoError(t, err, "a clean shutdown exits 0")
	case <-time.After(15 * time.Second):
		srv.Process.Kill()
		require.FailNow(t, "serve did not stop within 15s of SIGTERM")
	}
}

// readmeBlock returns the lines of the fenced code block holding marker.
func readmeBlock(t *testing.T, readme, marker string) []string {
	t.Helper()
	var block []string
	in := false
	for _, line := range strings.Split(readme, "\n") {
		switch {
		case strings.HasPrefix(line, "```"):
			if in && slicesContainPrefix(block, marker) {
				return block
			}
			in, block = !in, nil
		case in:
			block = append(block, line)
		}
	}
	require.FailNow(t, "README has no such code block", "marker %q", marker)
	return nil
}

func slicesContainPrefix(lines []string, prefix string) bool {
	for _, l := range lines {
		if strings.HasPrefix(l, prefix) {
			return true
		}
	}
	return false
}
