package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
)

// kind is one identifier the check command knows: a cheap shape test used
// for detection, and the full check.
type kind struct {
	name   string
	shaped func(s string) bool
	check  func(s string) result
}

// fact is one thing a valid (or partly valid) value tells, printed in order.
type fact struct {
	Key   string `json:"key"`
	Value string `json:"value"`
}

type result struct {
	Valid  bool
	Reason string // why the value is invalid; empty when valid
	Facts  []fact
}

// kinds lists the identifier kinds in the order detection tries them.
var kinds = []kind{ibanKind, clabeKind, abaKind, canadianKind, bicKind}

// progressEvery is how many values pass between progress lines on a
// terminal; smaller inputs finish before a person would look.
const progressEvery = 100_000

// isTerminal reports whether w is a character device such as a terminal.
// A variable so tests can pretend.
var isTerminal = func(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// maxLine bounds one input line; identifiers are far shorter, and the
// bound keeps memory flat on any input.
const maxLine = 64 * 1024

const checkHelp = `Usage: acctkit check [--kind KIND] [--json] [VALUE...]

Checks each VALUE, or each line of standard input when no VALUE is given,
and prints one line per value: valid or invalid, the reason, and what the
value tells. The kind is detected from the value's shape unless --kind
names it. Exit status: 0 all valid, 1 any invalid, 2 usage error.

Examples:
  acctkit check DE89370400440532013000
  acctkit check --kind aba 011000015
  cut -d, -f3 payouts.csv | acctkit check --json
`

type checkLine struct {
	Input  string `json:"input"`
	Kind   string `json:"kind,omitempty"`
	Valid  bool   `json:"valid"`
	Reason string `json:"reason,omitempty"`
	Facts  []fact `json:"facts,omitempty"`
}

func runCheck(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, checkHelp)
		fmt.Fprintf(stderr, "\nKinds: %s\n", kindNames())
	}
	kindName := fs.String("kind", "", "check every value as this kind instead of detecting it")
	asJSON := fs.Bool("json", false, "print one JSON object per line")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	var forced *kind
	if *kindName != "" {
		k, ok := lookupKind(*kindName)
		if !ok {
			fmt.Fprintf(stderr, "acctkit check: unknown kind %q (known: %s)\n", *kindName, kindNames())
			return exitUsage
		}
		forced = &k
	}

	w := bufio.NewWriter(stdout)
	defer w.Flush()
	enc := json.NewEncoder(w)
	valid, invalid := 0, 0
	emit := func(in string) {
		line := checkValue(in, forced)
		if line.Valid {
			valid++
		} else {
			invalid++
		}
		if *asJSON {
			_ = enc.Encode(line)
			return
		}
		writeCheckLine(w, line)
	}

	if fs.NArg() > 0 {
		for _, v := range fs.Args() {
			emit(v)
		}
	} else {
		sc := bufio.NewScanner(stdin)
		sc.Buffer(make([]byte, 4096), maxLine)
		progress := isTerminal(stderr)
		for sc.Scan() {
			v := strings.TrimSpace(sc.Text())
			if v == "" {
				continue
			}
			emit(v)
			if progress && (valid+invalid)%progressEvery == 0 {
				fmt.Fprintf(stderr, "\rchecked %d: %d valid, %d invalid", valid+invalid, valid, invalid)
			}
		}
		if progress && valid+invalid >= progressEvery {
			fmt.Fprint(stderr, "\r\033[K") // clear the progress line
		}
		if err := sc.Err(); err != nil {
			w.Flush()
			fmt.Fprintf(stderr, "acctkit check: reading standard input: %v\n", err)
			return exitUsage
		}
		if valid+invalid == 0 {
			fmt.Fprintf(stderr, "acctkit check: no values on standard input\n")
			return exitUsage
		}
		// With --json the summary goes to standard error so standard output
		// stays one JSON object per line.
		summaryTo := io.Writer(w)
		if *asJSON {
			w.Flush()
			summaryTo = stderr
		}
		fmt.Fprintf(summaryTo, "checked %d: %d valid, %d invalid\n", valid+invalid, valid, invalid)
	}
	if invalid > 0 {
		return exitInvalid
	}
	return exitOK
}

func writeCheckLine(w io.Writer, l checkLine) {
	status := "valid"
	if !l.Valid {
		status = "invalid"
	}
	fmt.Fprintf(w, "%s\t%s\t%s", l.Input, orDash(l.Kind), status)
	if l.Reason != "" {
		fmt.Fprintf(w, ": %s", l.Reason)
	}
	for _, f := range l.Facts {
		fmt.Fprintf(w, "\t%s=%s", f.Key, f.Value)
	}
	fmt.Fprintln(w)
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// checkValue checks one value as the forced kind, or as every kind whose
// shape it has.
func checkValue(in string, forced *kind) checkLine {
	if forced != nil {
		return lineFor(in, forced.name, forced.check(in))
	}
	var shaped []kind
	for _, k := range kinds {
		if k.shaped(in) {
			shaped = append(shaped, k)
		}
	}
	switch len(shaped) {
	case 0:
		return checkLine{Input: in, Reason: fmt.Sprintf("not the shape of any known identifier (known: %s)", kindNames())}
	case 1:
		return lineFor(in, shaped[0].name, shaped[0].check(in))
	}
	return ambiguous(in, shaped)
}

// ambiguous resolves a value shaped like several kinds: if exactly one
// reading is valid it wins (and the line says what else it resembled);
// otherwise the line names every reading and asks for --kind.
func ambiguous(in string, shaped []kind) checkLine {
	var names, validNames []string
	var valid []checkLine
	for _, k := range shaped {
		names = append(names, k.name)
		if r := k.check(in); r.Valid {
			validNames = append(validNames, k.name)
			valid = append(valid, lineFor(in, k.name, r))
		}
	}
	switch len(valid) {
	case 0:
		return checkLine{Input: in, Reason: fmt.Sprintf("ambiguous shape (%s) and invalid as each; use --kind for the reason", strings.Join(names, ", "))}
	case 1:
		line := valid[0]
		line.Facts = append(line.Facts, fact{"also-shaped-like", strings.Join(without(names, validNames[0]), ",")})
		return line
	}
	// Valid as several kinds: say so, and give what each reading tells,
	// each fact prefixed with its kind.
	line := checkLine{Input: in, Kind: strings.Join(validNames, "|"), Valid: true,
		Facts: []fact{{"ambiguous", fmt.Sprintf("valid as %s; use --kind to choose", strings.Join(validNames, " and "))}}}
	for _, v := range valid {
		for _, f := range v.Facts {
			line.Facts = append(line.Facts, fact{v.Kind + "." + f.Key, f.Value})
		}
	}
	return line
}

func without(list []string, drop string) []string {
	var out []string
	for _, s := range list {
		if s != drop {
			out = append(out, s)
		}
	}
	return out
}

func lineFor(in, kindName string, r result) checkLine {
	return checkLine{Input: in, Kind: kindName, Valid: r.Valid, Reason: r.Reason, Facts: r.Facts}
}

func lookupKind(name string) (kind, bool) {
	for _, k := range kinds {
		if k.name == strings.ToLower(name) {
			return k, true
		}
	}
	return kind{}, false
}

func kindNames() string {
	if len(kinds) == 0 {
		return "none yet"
	}
	names := make([]string, len(kinds))
	for i, k := range kinds {
		names[i] = k.name
	}
	return strings.Join(names, ", ")
}
