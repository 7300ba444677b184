package main

import (
	"bufio"
	"bytes"
	"math"
	"sort"
	"strconv"
	"strings"
)

// sample is one benchmark line of one run: the standard metrics and any
// the benchmark reports itself (b.ReportMetric), by unit.
type sample struct {
	ns, bytes, allocs float64
	extra             map[string]float64
}

// parseBench reads the benchmark lines of a test binary's output:
// "BenchmarkX/sub-2  1000  123.4 ns/op  48 B/op  3 allocs/op". The -N
// GOMAXPROCS suffix is dropped so that names are the same on every machine.
func parseBench(out []byte) map[string]sample {
	got := map[string]sample{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) < 4 || !strings.HasPrefix(f[0], "Benchmark") {
			continue
		}
		name := strings.TrimPrefix(f[0], "Benchmark")
		if i := strings.LastIndexByte(name, '-'); i > 0 {
			if _, err := strconv.Atoi(name[i+1:]); err == nil {
				name = name[:i]
			}
		}
		var s sample
		for i := 2; i+1 < len(f); i += 2 {
			v, err := strconv.ParseFloat(f[i], 64)
			if err != nil {
				continue
			}
			switch f[i+1] {
			case "ns/op":
				s.ns = v
			case "B/op":
				s.bytes = v
			case "allocs/op":
				s.allocs = v
			default:
				if s.extra == nil {
					s.extra = map[string]float64{}
				}
				s.extra[f[i+1]] = v
			}
		}
		got[name] = s
	}
	return got
}

// series is one benchmark's samples, indexed by run.
type series map[int]sample

// results holds every benchmark of a section, keyed "pkg Name".
type results map[string]series

func (r results) add(pkg string, run int, got map[string]sample) {
	pkg = strings.TrimPrefix(pkg, "./")
	for name, s := range got {
		key := pkg + " " + name
		if r[key] == nil {
			r[key] = series{}
		}
		r[key][run] = s
	}
}

func (r results) names() []string { return sortedKeys(r) }

// spread is a median and the largest distance of a sample from it.
type spread struct{ median, dev float64 }

type measured struct {
	ns, bytes, allocs spread
	extra             map[string]spread // by unit
}

func (r results) get(key string) measured { return r[key].measured() }

func (s series) measured() measured {
	pick := func(f func(sample) float64) spread {
		var v []float64
		for _, x := range s {
			v = append(v, f(x))
		}
		return spreadOf(v)
	}
	m := measured{
		ns:     pick(func(x sample) float64 { return x.ns }),
		bytes:  pick(func(x sample) float64 { return x.bytes }),
		allocs: pick(func(x sample) float64 { return x.allocs }),
		extra:  map[string]spread{},
	}
	for _, x := range s {
		for unit := range x.extra {
			if _, done := m.extra[unit]; !done {
				m.extra[unit] = pick(func(x sample) float64 { return x.extra[unit] })
			}
		}
	}
	return m
}

func spreadOf(v []float64) spread {
	if len(v) == 0 {
		return spread{}
	}
	sort.Float64s(v)
	m := v[len(v)/2]
	if len(v)%2 == 0 {
		m = (v[len(v)/2-1] + v[len(v)/2]) / 2
	}
	return spread{median: m, dev: math.Max(m-v[0], v[len(v)-1]-m)}
}

// ratio is the median over the runs of num's metric divided by den's, both
// from the same run. ok is false when a run lacks either.
func (r results) ratio(num, den, metric string) (float64, bool) {
	a, b := r[num], r[den]
	var v []float64
	for run, x := range a {
		y, ok := b[run]
		if !ok {
			continue
		}
		xn, yn := x.pick(metric), y.pick(metric)
		if yn == 0 {
			if xn == 0 {
				v = append(v, 1)
			}
			continue
		}
		v = append(v, xn/yn)
	}
	if len(v) == 0 {
		return 0, false
	}
	return spreadOf(v).median, true
}

func (s sample) pick(metric string) float64 {
	switch metric {
	case "", "ns":
		return s.ns
	case "allocs":
		return s.allocs
	case "bytes":
		return s.bytes
	}
	return s.extra[metric]
}
