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
		Note:      "Parsing and validating each identifier kind: no valid input allocates; a rejected one allocates once.",
		Packages:  []string{"./iban", "./clabe", "./routing", "./internal/checksum", "./internal/iso4217", "./internal/uuid"},
		Bench:     ".",
		Benchtime: "100ms",
	},
	{
		Title: "Account decoding and validation",
		Note: "Body* decode a whole request three ways: account.Decode (strict JSON, the body's rules, every error), " +
			"encoding/json then Validate, and goccy/go-json (a test-only yardstick) then Validate. BodyRatio times the " +
			"three in turns within each iteration and reports the ratios itself.",
		Packages:  []string{"./account", "./account/artu", "./account/synctera"},
		Bench:     ".",
		Benchtime: "100ms",
		Ratios: []ratio{
			{Label: "Synctera external-account request: Decode / goccy + Validate, time", Num: "account BodyExternalAccountRequest/Decode", Den: "account BodyExternalAccountRequest/goccy_go-json+Validate", Max: 1},
			{Label: "Synctera external-account request: Decode / encoding/json + Validate, allocations", Num: "account BodyExternalAccountRequest/Decode", Den: "account BodyExternalAccountRequest/encoding_json+Validate", Metric: "allocs", Max: 1},
			{Label: "ARTU sync of 250 MX items: Decode / encoding/json + Validate, time", Num: "account BodySync250MX/Decode", Den: "account BodySync250MX/encoding_json+Validate", Max: 0.5},
			{Label: "ARTU sync of 250 MX items: Decode / encoding/json + Validate, allocations", Num: "account BodySync250MX/Decode", Den: "account BodySync250MX/encoding_json+Validate", Metric: "allocs", Max: 1},
		},
	},
	{
		Title: "syncplan",
		Note: "250 items (100 creates, 99 label updates, one update making another account primary, " +
			"50 deletes) against N existing accounts of the client.",
		Packages:  []string{"./syncplan"},
		Bench:     "Compute|Verify",
		Benchtime: "200x",
	},
	{
		Title: "syncplan/pgsync",
		Note: "One sync of 250 label updates against a client with 10,000 accounts in PostgreSQL " +
			"(loopback, fsync on): lock, read the accounts (cache=0) or one version number (the cache), plan, " +
			"one UPDATE of 250 rows, commit.",
		Packages:  []string{"./syncplan/pgsync"},
		Bench:     ".",
		Benchtime: "20x",
	},
	{
		Title: "acctkit serve",
		Note: "The server over loopback HTTP, memory and PostgreSQL back ends: a 250-item sync against " +
			"10,000 existing accounts (goal on PostgreSQL: p50 under 25 ms), 32 concurrent clients each " +
			"syncing its own client, and replays of a stored response.",
		Packages:  []string{"./internal/server"},
		Bench:     "Load",
		Benchtime: "100x",
	},
	{
		Title:     "idempotency",
		Note:      "Middleware/bare is a handler without the middleware: the middleware's overhead is first or replay minus bare.",
		Packages:  []string{"./idempotency", "./idempotency/pgstore", "./idempotency/redisstore"},
		Bench:     ".",
		Benchtime: "100ms",
	},
	{
		Title:     "privacy",
		Note:      "A log record through slog's JSON handler, with and without the masking handler around it.",
		Packages:  []string{"./privacy"},
		Bench:     "Handler",
		Benchtime: "100ms",
		Ratios: []ratio{
			{Label: "record with no identifier: masking handler / JSON handler, time", Num: "privacy Handler/plain/json+privacy", Den: "privacy Handler/plain/json", Max: 1.3},
			{Label: "record with identifiers nested in structs and maps: masking handler / JSON handler, time", Num: "privacy Handler/identifiers/json+privacy", Den: "privacy Handler/identifiers/json"},
		},
	},
}
