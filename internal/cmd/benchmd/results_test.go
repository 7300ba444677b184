package main

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseBench(t *testing.T) {
	out := []byte("goos: linux\nBenchmarkParse/valid-2   \t 1000\t 45.5 ns/op\t 0 B/op\t 0 allocs/op\n" +
		"BenchmarkFingerprint-16 10 1862 ns/op 161.6 MB/s 8 B/op 1 allocs/op\nPASS\n" +
		"BenchmarkCase/n-1000 5 10 ns/op\n")
	got := parseBench(out)
	assert.Equal(t, map[string]sample{
		"Parse/valid": {ns: 45.5},
		"Fingerprint": {ns: 1862, bytes: 8, allocs: 1, extra: map[string]float64{"MB/s": 161.6}},
		"Case/n":      {ns: 10}, // "-1000" reads as a GOMAXPROCS suffix; name sub-benchmarks n=1000
	}, got)
}

func TestSpreadAndRatio(t *testing.T) {
	assert.Equal(t, spread{median: 3, dev: 7}, spreadOf([]float64{10, 1, 3}))
	assert.Equal(t, spread{median: 2.5, dev: 1.5}, spreadOf([]float64{4, 1, 2, 3}))

	r := results{}
	r.add("./a", 0, map[string]sample{"X": {ns: 10}, "Y": {ns: 20}})
	r.add("./a", 1, map[string]sample{"X": {ns: 30}, "Y": {ns: 30}})
	r.add("./a", 2, map[string]sample{"X": {ns: 5}})
	v, ok := r.ratio("a X", "a Y", "ns")
	require.True(t, ok)
	assert.InDelta(t, 0.75, v, 1e-9) // runs 0 and 1 only: 0.5 and 1.0
	_, ok = r.ratio("a X", "a Z", "ns")
	assert.False(t, ok)

	r.add("./a", 0, map[string]sample{"L": {ns: 1, extra: map[string]float64{"p50-ms": 2}}})
	r.add("./a", 1, map[string]sample{"L": {ns: 1, extra: map[string]float64{"p50-ms": 4}}})
	assert.Equal(t, spread{median: 3, dev: 1}, r.get("a L").extra["p50-ms"])
	assert.Equal(t, "3 p50-ms", formatExtra(r.get("a L").extra))
	assert.Equal(t, []string{"a L", "a X", "a Y"}, r.names())
}

func TestManualBlockKept(t *testing.T) {
	old := []byte("# B\n\nold\n\n<!-- manual -->\nkept 1.5x\n<!-- /manual -->\ntrailing\n")
	assert.Equal(t, "<!-- manual -->\nkept 1.5x\n<!-- /manual -->", manualBlock(old))
	assert.Empty(t, manualBlock([]byte("no markers")))
}
