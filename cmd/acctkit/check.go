package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
)

// kind is one identifier the check command knows: a cheap shape test used
// for detection, and the full check.
type kind struct {
	name   string
	shaped func(s string) bool
	check  func(s string) result
}

// fact is one thing a valid value tells, printed in order.
type fact struct {
	Key   string
	Value string
}

// facts is a JSON object whose keys keep their order.
type facts []fact

func (fs facts) MarshalJSON() ([]byte, error) {
	b := []byte{'{'}
	for i, f := range fs {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(append(appendJSONString(b, f.Key), ':'), f.Value)
	}
	return append(b, '}'), nil
}

// appendCheckLineJSON appends l as encoding/json would marshal it (the
// struct tags of checkLine), without reflection or the compaction pass
// encoding/json runs over facts' MarshalJSON; TestCheckLineJSONMatches
// holds the two equal.
func appendCheckLineJSON(b []byte, l *checkLine) []byte {
	b = appendJSONString(append(b, `{"input":`...), l.Input)
	if l.Line != 0 {
		b = strconv.AppendInt(append(b, `,"line":`...), int64(l.Line), 10)
	}
	if l.Kind != "" {
		b = appendJSONString(append(b, `,"kind":`...), l.Kind)
	}
	b = append(b, `,"kinds":`...)
	b = appendJSONStrings(b, l.Kinds)
	b = strconv.AppendBool(append(b, `,"valid":`...), l.Valid)
	if l.Canonical != "" {
		b = appendJSONString(append(b, `,"canonical":`...), l.Canonical)
	}
	if len(l.Facts) > 0 {
		f, _ := l.Facts.MarshalJSON() // never fails
		b = append(append(b, `,"facts":`...), f...)
	}
	if len(l.Notes) > 0 {
		b = appendJSONStrings(append(b, `,"notes":`...), l.Notes)
	}
	if l.Error != nil {
		b = appendJSONString(append(b, `,"error":{"code":`...), l.Error.Code)
		b = appendJSONString(append(b, `,"message":`...), l.Error.Message)
		b = append(b, '}')
	}
	return append(b, '}')
}

// appendJSONStrings appends list as a JSON array; nil is null, as
// encoding/json has it.
func appendJSONStrings(b []byte, list []string) []byte {
	if list == nil {
		return append(b, "null"...)
	}
	b = append(b, '[')
	for i, s := range list {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, s)
	}
	return append(b, ']')
}

// appendJSONString appends s as a JSON string: plain printable ASCII as it
// is (most facts), anything else through encoding/json.
func appendJSONString(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < ' ' || c > '~' || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			q, _ := json.Marshal(s) // a string always marshals
			return append(b, q...)
		}
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}

// result is one reading of a value as one kind.
type result struct {
	Valid  bool
	Value  fmt.Stringer // the parsed identifier when valid; String is its canonical form
	Code   string       // why the value is invalid, as a stable name (see errorCode)
	Reason string       // why the value is invalid, for people
	Facts  facts
}

// kinds lists the identifier kinds in the order detection prefers them:
// a nine-digit number that passes the ABA checksum and prefix rules is an
// ABA routing number even though its shape is also a Canadian one (a
// Canadian number passes the ABA checksum one time in ten by chance).
var kinds = []kind{ibanKind, clabeKind, abaKind, canadianKind, bicKind}

// Codes of the check command's own errors, beside the identifier
// packages' (see errorCode).
const (
	codeUnrecognized = "unrecognized" // the shape of no known identifier
	codeTooLong      = "too_long"     // an input line longer than any identifier
)

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

const checkHead = `Usage: acctkit check [flags] [VALUE... | -]

Checks each VALUE, or each line of standard input when no VALUE is given
(or where a VALUE is -), and prints one line per value: the value, its
kind, valid or invalid with the reason, and what a valid value tells.

The kind is detected from the value's shape unless --kind names it. A
nine-digit number that passes the ABA checksum and Federal Reserve prefix
is an ABA routing number; its Canadian reading, when valid too, is a note.
A line longer than any identifier is one invalid value (too_long) and the
run goes on.

With --json each line is an object: input, line (for standard input),
kind, kinds (every valid reading, or the kinds tried when invalid), valid,
canonical (always, for a valid value), facts (an object), notes, and for
an invalid value error.code (length, character, checksum, check_digits,
structure, prefix, unknown_country, unknown_bank, unrecognized, too_long)
and error.message. In text output control characters are escaped.

Exit status: 0 all valid, 1 any invalid, 2 usage error or failed output.
`

const checkExamples = `
Examples:
  acctkit check DE89370400440532013000
  acctkit check 011000015 --kind canadian
  acctkit check --mask - < examples/identifiers.txt
  cut -d, -f3 payouts.csv | acctkit check --json | jq 'select(.valid | not)'
`

// checkLine is one output line, text or JSON.
type checkLine struct {
	Input     string     `json:"input"`
	Line      int        `json:"line,omitempty"`
	Kind      string     `json:"kind,omitempty"`
	Kinds     []string   `json:"kinds"`
	Valid     bool       `json:"valid"`
	Canonical string     `json:"canonical,omitempty"`
	Facts     facts      `json:"facts,omitempty"`
	Notes     []string   `json:"notes,omitempty"`
	Error     *lineError `json:"error,omitempty"`

	value fmt.Stringer // the parsed value, for masking
}

type lineError struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

type checkOptions struct {
	forced *kind
	json   bool
	mask   bool
}

func runCheck(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := newFlagSet("check")
	kindName := fs.String("kind", "", "check every value as this `kind`: "+kindNames())
	asJSON := fs.Bool("json", false, "print one JSON object per line")
	maskOut := fs.Bool("mask", false, "mask account numbers in the output (IBAN, CLABE, ABA; BICs and Canadian routing numbers are public)")
	values, code, ok := parseCommand(fs, checkHead, checkExamples, args, stdout, stderr)
	if !ok {
		return code
	}
	opts := checkOptions{json: *asJSON, mask: *maskOut}
	if *kindName != "" {
		k, ok := lookupKind(*kindName)
		if !ok {
			return usageFail(stderr, "check", usagef("unknown kind %q (known: %s)", *kindName, kindNames()))
		}
		opts.forced = &k
	}
	stdinArgs := 0
	for _, v := range values {
		if v == "-" {
			stdinArgs++
		}
	}
	if stdinArgs > 1 {
		return usageFail(stderr, "check", usagef("standard input (-) can be read only once"))
	}
	if len(values) == 0 {
		values = []string{"-"}
	}

	c := &checker{opts: opts, out: stdout, w: bufio.NewWriter(stdout), stderr: stderr}
	readStdin := false
	for _, v := range values {
		if v != "-" {
			c.emit(checkValue(v, opts.forced))
			if writeFailed(stdout) {
				break
			}
			continue
		}
		readStdin = true
		n, err := c.checkLines(stdin)
		if err != nil {
			c.w.Flush()
			fmt.Fprintf(stderr, "acctkit check: reading standard input: %v\n", err)
			return exitUsage
		}
		if n == 0 && len(values) == 1 {
			return usageFail(stderr, "check", usagef("no values on standard input"))
		}
	}
	if readStdin && c.w.Flush() == nil {
		// With --json the summary goes to standard error so standard
		// output stays one JSON object per line.
		summaryTo := io.Writer(c.w)
		if opts.json {
			summaryTo = stderr
		}
		fmt.Fprintf(summaryTo, "checked %d: %d valid, %d invalid\n", c.valid+c.invalid, c.valid, c.invalid)
	}
	if err := c.w.Flush(); err != nil {
		return exitUsage // run reports the write error
	}
	if c.invalid > 0 {
		return exitInvalid
	}
	return exitOK
}

// checker writes the lines of one check run and counts them.
type checker struct {
	opts           checkOptions
	out            io.Writer // stdout under w, to notice a failed write early
	w              *bufio.Writer
	buf            []byte // one JSON line
	stderr         io.Writer
	valid, invalid int
}

func (c *checker) emit(line checkLine) {
	if line.Valid {
		c.valid++
	} else {
		c.invalid++
	}
	if c.opts.mask {
		maskLine(&line)
	}
	if c.opts.json {
		c.buf = append(appendCheckLineJSON(c.buf[:0], &line), '\n')
		c.w.Write(c.buf) // a write error sticks in c.w
		return
	}
	writeCheckLine(c.w, line)
}

// maxLineBytes bounds one line of standard input: identifiers are far
// shorter, and the bound keeps memory flat on any input.
const maxLineBytes = 4096

// checkLines checks each non-blank line of r and returns how many values
// it saw. A line longer than maxLineBytes is one invalid value, read
// through without being kept. It stops early when output fails.
func (c *checker) checkLines(r io.Reader) (int, error) {
	br := bufio.NewReaderSize(r, maxLineBytes)
	progress := isTerminal(c.stderr)
	seen, lineNo := 0, 0
	for {
		b, err := br.ReadSlice('\n')
		if len(b) == 0 && err != nil {
			if progress && seen >= progressEvery {
				fmt.Fprint(c.stderr, "\r\033[K") // clear the progress line
			}
			if errors.Is(err, io.EOF) {
				err = nil
			}
			return seen, err
		}
		lineNo++
		var line checkLine
		if errors.Is(err, bufio.ErrBufferFull) {
			prefix := string(b[:40])
			size := len(b)
			for errors.Is(err, bufio.ErrBufferFull) {
				last := b[len(b)-1]
				b, err = br.ReadSlice('\n')
				size += len(b)
				if len(b) == 1 && b[0] == '\n' && last == '\r' {
					size-- // the "\r" of a "\r\n" split across reads
				}
			}
			if err != nil && !errors.Is(err, io.EOF) {
				return seen, err
			}
			size -= len(b) - len(trimEOL(b))
			line = checkLine{Input: prefix + "...", Kinds: []string{}, Error: &lineError{codeTooLong,
				fmt.Sprintf("line %d is %d bytes, longer than any identifier", lineNo, size)}}
		} else {
			v := strings.TrimSpace(string(b))
			if v == "" {
				continue
			}
			line = checkValue(v, c.opts.forced)
		}
		line.Line = lineNo
		c.emit(line)
		seen++
		if writeFailed(c.out) {
			return seen, nil // run reports the write error
		}
		if progress && seen%progressEvery == 0 {
			fmt.Fprintf(c.stderr, "\rchecked %d: %d valid, %d invalid", seen, c.valid, c.invalid)
		}
	}
}

func trimEOL(b []byte) []byte {
	if n := len(b); n > 0 && b[n-1] == '\n' {
		b = b[:n-1]
	}
	if n := len(b); n > 0 && b[n-1] == '\r' {
		b = b[:n-1]
	}
	return b
}

// writeCheckLine writes one tab-separated line; strings are appended
// without fmt, since a check run writes hundreds of thousands of them.
func writeCheckLine(w *bufio.Writer, l checkLine) {
	w.WriteString(escapeControl(l.Input))
	w.WriteByte('\t')
	w.WriteString(orDash(l.Kind))
	if l.Error != nil {
		w.WriteString("\tinvalid: ")
		w.WriteString(escapeControl(l.Error.Message))
	} else {
		w.WriteString("\tvalid")
	}
	for _, f := range l.Facts {
		w.WriteByte('\t')
		w.WriteString(f.Key)
		w.WriteByte('=')
		w.WriteString(escapeControl(f.Value))
	}
	if l.Valid && l.Canonical != l.Input {
		w.WriteString("\tcanonical=")
		w.WriteString(l.Canonical)
	}
	for _, n := range l.Notes {
		w.WriteString("\tnote=")
		w.WriteString(escapeControl(n))
	}
	w.WriteByte('\n')
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// checkValue checks one value as the forced kind, or as every kind whose
// shape it has. The first valid reading, in the order of kinds, is the
// value's kind; the other readings become notes. When no reading is valid
// the first one tried gives the error.
func checkValue(in string, forced *kind) checkLine {
	tried := []kind{}
	if forced != nil {
		tried = append(tried, *forced)
	} else {
		for _, k := range kinds {
			if k.shaped(in) {
				tried = append(tried, k)
			}
		}
	}
	if len(tried) == 0 {
		return checkLine{Input: in, Kinds: []string{}, Error: &lineError{codeUnrecognized,
			fmt.Sprintf("not the shape of any known identifier (known: %s)", kindNames())}}
	}
	results := make([]result, len(tried))
	win := -1
	var validKinds []string
	for i, k := range tried {
		results[i] = k.check(in)
		if results[i].Valid {
			validKinds = append(validKinds, k.name)
			if win < 0 {
				win = i
			}
		}
	}
	line := checkLine{Input: in}
	if win < 0 {
		win = 0
		for _, k := range tried {
			line.Kinds = append(line.Kinds, k.name)
		}
	} else {
		line.Kinds = validKinds
	}
	r := results[win]
	line.Kind, line.Valid, line.Facts = tried[win].name, r.Valid, r.Facts
	if r.Valid {
		line.value = r.Value
		line.Canonical = r.Value.String()
	} else {
		line.Error = &lineError{r.Code, r.Reason}
	}
	for i, k := range tried {
		if i != win {
			line.Notes = append(line.Notes, readingNote(k.name, results[i]))
		}
	}
	return line
}

// readingNote tells what another reading of a value found.
func readingNote(kindName string, r result) string {
	if !r.Valid {
		return fmt.Sprintf("not a valid %s: %s", kindName, r.Reason)
	}
	var parts []string
	for _, f := range r.Facts[:min(len(r.Facts), 3)] {
		parts = append(parts, f.Key+" "+f.Value)
	}
	return fmt.Sprintf("also a valid %s (%s); --kind %s reads it so", kindName, strings.Join(parts, ", "), kindName)
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
	names := make([]string, len(kinds))
	for i, k := range kinds {
		names[i] = k.name
	}
	return strings.Join(names, ", ")
}
