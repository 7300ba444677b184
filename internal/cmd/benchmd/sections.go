package main

import "fmt"

// section is one table of BENCHMARKS.md: the benchmarks matching Bench in
// Packages, and the ratios between them that an issue set a goal for.
type section struct {
	Title     string
	Note      string
	Packages  []string // relative to the repository root, "./iban"
	Bench     string   // -test.bench pattern
	Benchtime string
	Ratios    []ratio
}

// ratio compares two benchmarks of one section ("pkg Name/sub", as in the
// table) on one metric: "ns" (the default), "bytes" or "allocs". Max, when
// positive, is the goal: the ratio must not exceed it.
type ratio struct {
	Label    string
	Num, Den string
	Metric   string
	Max      float64
}

func (r ratio) goal() string {
	if r.Max <= 0 {
		return "—"
	}
	return fmt.Sprintf("≤ %.2gx", r.Max)
}

func (r ratio) verdict(v float64) string {
	switch {
	case r.Max <= 0:
		return ""
	case v <= r.Max:
		return "met"
	default:
		return "not met"
	}
}

var sections = []section{
	{
		Title:     "Identifiers",
		Note:      "Parsing and validating each identifier kind; no valid input allocates.",
		Packages:  []string{"./iban", "./clabe", "./routing", "./internal/checksum", "./internal/iso4217", "./internal/uuid"},
		Bench:     ".",
		Benchtime: "200ms",
	},
	{
		Title:     "Account decoding and validation",
		Packages:  []string{"./account"},
		Bench:     ".",
		Benchtime: "200ms",
	},
	{
		Title: "syncplan",
		Note: "250 items (100 creates, 99 label updates, one update making another account primary, " +
			"50 deletes) against N existing accounts of the client.",
		Packages:  []string{"./syncplan"},
		Bench:     "Compute|Verify",
		Benchtime: "20x",
	},
	{
		Title:     "idempotency",
		Packages:  []string{"./idempotency", "./idempotency/pgstore", "./idempotency/redisstore"},
		Bench:     ".",
		Benchtime: "200ms",
	},
}
