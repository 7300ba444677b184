// Command benchmd runs the repository's benchmarks and rewrites BENCHMARKS.md
// with the current figures: one command, no history (that is git's).
//
//	go run ./internal/cmd/benchmd            # every section, writes BENCHMARKS.md
//	go run ./internal/cmd/benchmd -rounds 3  # quicker, noisier
//	go run ./internal/cmd/benchmd -only idempotency -o /tmp/b.md
//
// Each package's test binary is built once and run once per round with
// -test.count 1, the packages taking turns, so that acctkit and a yardstick
// (or old and new) measured in one benchmark binary see the same machine
// phases; a ratio is the median of the per-round ratios. Figures are medians
// over the rounds. Benchmarks that need PostgreSQL or Redis read
// ACCTKIT_POSTGRES_URL and ACCTKIT_REDIS_ADDR as the tests do; a section whose
// benchmarks did not run says so instead of keeping old figures.
//
// The text between the markers <!-- manual --> and <!-- /manual --> of the
// existing file is kept as it is: measurements that cannot run inside the
// repository (a peer library fetched outside it) live there, each with its
// own date.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"time"
)

func main() {
	out := flag.String("o", "BENCHMARKS.md", "file to write")
	rounds := flag.Int("rounds", 6, "runs of each benchmark binary, interleaved")
	only := flag.String("only", "", "run only the section whose title contains this")
	flag.Parse()
	if err := run(*out, *rounds, *only); err != nil {
		fmt.Fprintln(os.Stderr, "benchmd:", err)
		os.Exit(1)
	}
}

func run(out string, rounds int, only string) error {
	old, err := os.ReadFile(out)
	if err != nil && !os.IsNotExist(err) {
		return err
	}
	tmp, err := os.MkdirTemp("", "benchmd")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)

	var doc bytes.Buffer
	writeHeader(&doc, rounds)
	for _, s := range sections {
		if only != "" && !strings.Contains(s.Title, only) {
			continue
		}
		fmt.Fprintf(os.Stderr, "benchmd: %s\n", s.Title)
		res, err := measure(s, rounds, tmp)
		if err != nil {
			return fmt.Errorf("%s: %w", s.Title, err)
		}
		writeSection(&doc, s, res, rounds)
	}
	if manual := manualBlock(old); manual != "" {
		doc.WriteString("\n" + manual + "\n")
	}
	return os.WriteFile(out, doc.Bytes(), 0o644)
}

// measure builds each package's test binary once and runs them in turn,
// rounds times.
func measure(s section, rounds int, tmp string) (results, error) {
	bins := make([]string, len(s.Packages))
	for i, pkg := range s.Packages {
		bins[i] = filepath.Join(tmp, strings.ReplaceAll(strings.Trim(pkg, "./"), "/", "_")+".test")
		build := exec.Command("go", "test", "-c", "-o", bins[i], pkg)
		build.Stderr = os.Stderr
		if err := build.Run(); err != nil {
			return nil, fmt.Errorf("building %s: %w", pkg, err)
		}
	}
	res := results{}
	for r := 0; r < rounds; r++ {
		for i, pkg := range s.Packages {
			cmd := exec.Command(bins[i], "-test.run", "^$", "-test.bench", s.Bench,
				"-test.benchmem", "-test.count", "1", "-test.benchtime", s.Benchtime)
			cmd.Dir = pkg
			cmd.Stderr = os.Stderr
			outb, err := cmd.Output()
			if err != nil {
				return nil, fmt.Errorf("running %s: %w\n%s", pkg, err, outb)
			}
			res.add(pkg, r, parseBench(outb))
		}
	}
	return res, nil
}

func writeHeader(w *bytes.Buffer, rounds int) {
	fmt.Fprintf(w, "# Benchmarks\n\n")
	fmt.Fprintf(w, "Current figures, written by `go run ./internal/cmd/benchmd` (do not edit by hand; the\n")
	fmt.Fprintf(w, "section between the `manual` markers at the end is kept). History is in git.\n\n")
	fmt.Fprintf(w, "**Machine:** %s, %d cores, %s %s/%s. **Date:** %s.  \n", cpuModel(), runtime.NumCPU(),
		runtime.Version(), runtime.GOOS, runtime.GOARCH, time.Now().UTC().Format("2006-01-02"))
	fmt.Fprintf(w, "**How:** each package's test binary runs %d times with `-test.count 1`, the packages of a\n", rounds)
	fmt.Fprintf(w, "section taking turns; a figure is the median over the runs and ± the largest distance from\n")
	fmt.Fprintf(w, "it; a ratio is the median of the per-run ratios of two benchmarks of the same run. The VMs\n")
	fmt.Fprintf(w, "this runs on are noisy: compare ratios, not absolute times across machines.\n")
}

func writeSection(w *bytes.Buffer, s section, res results, rounds int) {
	fmt.Fprintf(w, "\n## %s\n\n", s.Title)
	if s.Note != "" {
		fmt.Fprintf(w, "%s\n\n", s.Note)
	}
	fmt.Fprintf(w, "```sh\ngo test -run '^$' -bench '%s' -benchmem -count %d -benchtime %s %s\n```\n\n",
		s.Bench, rounds, s.Benchtime, strings.Join(s.Packages, " "))
	names := res.names()
	if len(names) == 0 {
		fmt.Fprintf(w, "No benchmark ran (a store benchmark needs ACCTKIT_POSTGRES_URL or ACCTKIT_REDIS_ADDR).\n")
		return
	}
	fmt.Fprintf(w, "| benchmark | time/op | B/op | allocs/op | reported by the benchmark |\n|---|---:|---:|---:|---|\n")
	for _, n := range names {
		m := res.get(n)
		fmt.Fprintf(w, "| `%s` | %s | %s | %s | %s |\n", n, formatTime(m.ns), formatCount(m.bytes), formatCount(m.allocs), formatExtra(m.extra))
	}
	if len(s.Ratios) == 0 {
		return
	}
	fmt.Fprintf(w, "\n| ratio | median | goal | verdict |\n|---|---:|---:|---|\n")
	for _, r := range s.Ratios {
		v, ok := res.ratio(r.Num, r.Den, r.Metric)
		if !ok {
			fmt.Fprintf(w, "| %s | not measured | %s | |\n", r.Label, r.goal())
			continue
		}
		fmt.Fprintf(w, "| %s | %.2fx | %s | %s |\n", r.Label, v, r.goal(), r.verdict(v))
	}
}

// manualBlock is the kept hand-written block of an old file, markers included.
func manualBlock(old []byte) string {
	s := string(old)
	i := strings.Index(s, manualBegin)
	j := strings.Index(s, manualEnd)
	if i < 0 || j < i {
		return ""
	}
	return s[i : j+len(manualEnd)]
}

const (
	manualBegin = "<!-- manual -->"
	manualEnd   = "<!-- /manual -->"
)

func cpuModel() string {
	b, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return runtime.GOARCH
	}
	for _, line := range strings.Split(string(b), "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return runtime.GOARCH
}

func formatTime(s spread) string {
	ns := s.median
	unit, div := "ns", 1.0
	switch {
	case ns >= 1e6:
		unit, div = "ms", 1e6
	case ns >= 1e4:
		unit, div = "µs", 1e3
	}
	pct := 0.0
	if ns > 0 {
		pct = 100 * s.dev / ns
	}
	return fmt.Sprintf("%.3g %s ± %.0f %%", ns/div, unit, pct)
}

func formatCount(s spread) string { return fmt.Sprintf("%.0f", s.median) }

// formatExtra lists a benchmark's own metrics, "13.5 p50-ms, 3.05e+03 req/s".
func formatExtra(extra map[string]spread) string {
	var parts []string
	for _, unit := range sortedKeys(extra) {
		parts = append(parts, fmt.Sprintf("%.3g %s", extra[unit].median, unit))
	}
	return strings.Join(parts, ", ")
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
