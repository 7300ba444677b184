package main

import (
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// linesReader produces n lines cycling through values without ever
// holding more than one line, and records the largest heap it sees, so a
// test can tell whether the reader's consumer keeps what it reads.
type linesReader struct {
	values  []string
	n, i    int
	pending string
	maxHeap uint64
}

func (r *linesReader) Read(p []byte) (int, error) {
	if r.pending == "" {
		if r.i == r.n {
			return 0, io.EOF
		}
		if r.i%50_000 == 0 {
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			r.maxHeap = max(r.maxHeap, ms.HeapAlloc)
		}
		r.pending = r.values[r.i%len(r.values)] + "\n"
		r.i++
	}
	n := copy(p, r.pending)
	r.pending = r.pending[n:]
	return n, nil
}

// countingWriter keeps the last line written and the number of bytes.
type countingWriter struct {
	n    int
	last string
}

func (w *countingWriter) Write(p []byte) (int, error) {
	w.n += len(p)
	s := strings.TrimSuffix(string(p), "\n")
	if i := strings.LastIndexByte(s, '\n'); i >= 0 {
		s = s[i+1:]
	}
	w.last = s
	return len(p), nil
}

// The name holds "Alloc" so CI's run without the race detector includes it
// at full size.
func TestCheckMillionLinesAllocBounded(t *testing.T) {
	values := []string{
		"DE89370400440532013000", // valid IBAN
		"DE89370400440532013001", // invalid IBAN
		"002010077777777771",     // valid CLABE
		"CHASUS3AXXX",            // valid BIC
		"915075033",              // invalid ABA
	}
	n := 1_000_000
	if raceEnabled {
		n = 100_000
	}
	in := &linesReader{values: values, n: n}
	out := &countingWriter{}
	var errOut strings.Builder
	code := run([]string{"check"}, in, out, &errOut)
	assert.Equal(t, exitInvalid, code)
	assert.Empty(t, errOut.String(), "no progress line when standard error is not a terminal")
	assert.Equal(t, fmt.Sprintf("checked %d: %d valid, %d invalid", n, n/5*3, n/5*2), out.last)
	if raceEnabled {
		t.Log("heap bound not checked under the race detector: its input is cut to 100,000 lines to stay fast")
		return
	}
	// The input is about 18 MB and the output three times that; a
	// streaming check keeps only a line at a time.
	require.Greater(t, out.n, 50<<20)
	t.Logf("largest heap seen: %d bytes", in.maxHeap)
	assert.Less(t, in.maxHeap, uint64(16<<20), "heap grew with the input: %d bytes", in.maxHeap)
}

func TestIsTerminal(t *testing.T) {
	devNull, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	require.NoError(t, err)
	defer devNull.Close()
	assert.True(t, isTerminal(devNull), "a character device counts as a terminal")
	assert.False(t, isTerminal(&strings.Builder{}))
	f, err := os.CreateTemp(t.TempDir(), "out")
	require.NoError(t, err)
	defer f.Close()
	assert.False(t, isTerminal(f), "a regular file is not a terminal")
}

func TestCheckProgressOnTerminal(t *testing.T) {
	saved := isTerminal
	isTerminal = func(io.Writer) bool { return true }
	t.Cleanup(func() { isTerminal = saved })

	in := &linesReader{values: []string{"002010077777777771"}, n: 2 * progressEvery}
	var errOut strings.Builder
	code := run([]string{"check"}, in, io.Discard, &errOut)
	assert.Equal(t, exitOK, code)
	assert.Equal(t, "\rchecked 100000: 100000 valid, 0 invalid\rchecked 200000: 200000 valid, 0 invalid\r\033[K", errOut.String())

	errOut.Reset()
	small := &linesReader{values: []string{"002010077777777771"}, n: 10}
	assert.Equal(t, exitOK, run([]string{"check"}, small, io.Discard, &errOut))
	assert.Empty(t, errOut.String(), "no progress line for a small input")
}
