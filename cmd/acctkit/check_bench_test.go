package main

import (
	"bytes"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// BenchmarkCheck runs check over examples/identifiers.txt repeated to
// 10,000 lines, in text and in JSON.
func BenchmarkCheck(b *testing.B) {
	ids, err := os.ReadFile("../../examples/identifiers.txt")
	require.NoError(b, err)
	lines := strings.Count(string(ids), "\n")
	in := bytes.Repeat(ids, 10_000/lines)
	for _, mode := range []struct {
		name string
		args []string
	}{{"text", []string{"check"}}, {"json", []string{"check", "--json"}}} {
		b.Run(mode.name, func(b *testing.B) {
			b.SetBytes(int64(len(in)))
			b.ReportAllocs()
			for b.Loop() {
				code := run(mode.args, bytes.NewReader(in), io.Discard, io.Discard)
				require.NotEqual(b, exitUsage, code, "usage error")
			}
		})
	}
}
