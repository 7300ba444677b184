// Command acctkit checks bank-account identifiers, validates API payloads
// and prints sync plans. Run "acctkit --help" for the commands.
//
// Every command follows the same conventions: flags anywhere among the
// arguments, "--" ending them, "-" meaning standard input, help asked for
// on standard output with exit status 0, usage errors on standard error
// with exit status 2, and exit status 2 when standard output cannot be
// written.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
)

// Exit statuses shared by every command.
const (
	exitOK      = 0 // every input was valid
	exitInvalid = 1 // at least one input was invalid
	exitUsage   = 2 // the command line or the input could not be used, or output failed
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

type command struct {
	name    string
	summary string
	run     func(args []string, stdin io.Reader, stdout, stderr io.Writer) int
}

func commands() []command {
	return []command{
		{"check", "check identifiers (IBAN, CLABE, ABA, BIC, Canadian routing)", runCheck},
		{"validate", "validate a JSON payload against an API request body", runValidate},
		{"plan", "print the plan of an ARTU bank-account sync", runPlan},
		{"serve", "serve the four API endpoints (a stateful sandbox)", runServe},
		{"version", "print the version and the revision it was built from", runVersion},
		{"help", "show the help of acctkit or of a command", nil},
	}
}

// run is main without the process. Whatever a command returns, a failed
// write to stdout makes the status 2: a report that did not arrive is not
// a success.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	out := &stickyWriter{w: stdout}
	code := dispatch(args, stdin, out, stderr)
	if out.err != nil {
		fmt.Fprintf(stderr, "acctkit: writing standard output: %v\n", out.err)
		return exitUsage
	}
	return code
}

func dispatch(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stderr)
		return exitUsage
	}
	switch args[0] {
	case "-h", "-help", "--help":
		usage(stdout)
		return exitOK
	case "-version", "--version":
		return runVersion(args[1:], stdin, stdout, stderr)
	case "help":
		if len(args) == 1 {
			usage(stdout)
			return exitOK
		}
		if c, ok := lookupCommand(args[1]); ok && c.run != nil && len(args) == 2 {
			return c.run([]string{"--help"}, stdin, stdout, stderr)
		}
		return usageFail(stderr, "help", usagef("want one command name, got %q", args[1:]))
	}
	c, ok := lookupCommand(args[0])
	if !ok || c.run == nil {
		fmt.Fprintf(stderr, "acctkit: unknown command %q\n\n", args[0])
		usage(stderr)
		return exitUsage
	}
	return c.run(args[1:], stdin, stdout, stderr)
}

func lookupCommand(name string) (command, bool) {
	for _, c := range commands() {
		if c.name == name {
			return c, true
		}
	}
	return command{}, false
}

func usage(w io.Writer) {
	fmt.Fprintf(w, "acctkit: bank-account identifiers, payloads and sync plans.\n\nUsage:\n  acctkit COMMAND [flags] [args]\n\nCommands:\n")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-10s %s\n", c.name, c.summary)
	}
	fmt.Fprint(w, `
Flags:
  --help     show this help
  --version  print the version (as "acctkit version")

Examples:
  acctkit check DE89370400440532013000 002010077777777771 021000021
  acctkit check --json - < examples/identifiers.txt
  acctkit validate --schema synctera-external-account examples/synctera-external-account.json
  acctkit plan --client 8a6e0804-2bd0-4672-b79d-d97027f9071a \
    --existing examples/existing.json --request examples/artu-sync-request.json

Flags go anywhere among the arguments; "--" ends them; "-" is standard input.
Exit status: 0 all valid, 1 something invalid, 2 usage error or failed output.
Run "acctkit COMMAND --help" for a command's flags and examples.
`)
}

// parseCommand parses a command's arguments. When it returns ok false the
// command is over (help was printed, or a usage error) and code is its
// exit status. head is the help before the flags, tail the examples after.
func parseCommand(fs *flag.FlagSet, head, tail string, args []string, stdout, stderr io.Writer) (positional []string, code int, ok bool) {
	positional, err := parseArgs(fs, args)
	switch {
	case errors.Is(err, errHelp):
		fmt.Fprint(stdout, head)
		writeFlags(stdout, fs)
		fmt.Fprint(stdout, tail)
		return nil, exitOK, false
	case err != nil:
		return nil, usageFail(stderr, fs.Name(), err), false
	}
	return positional, exitOK, true
}

// usageFail reports a usage error of the command cmd and returns exitUsage.
func usageFail(stderr io.Writer, cmd string, err error) int {
	fmt.Fprintf(stderr, "acctkit %s: %v\nRun \"acctkit %s --help\" for usage.\n", cmd, err, cmd)
	return exitUsage
}

// newFlagSet is a FlagSet that never prints or exits on its own: parseArgs
// and parseCommand do the reporting.
func newFlagSet(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	return fs
}

// stickyWriter remembers the first write error and fails every write after
// it, so a command writing a long report stops at the first failure.
type stickyWriter struct {
	w   io.Writer
	err error
}

func (s *stickyWriter) Write(p []byte) (int, error) {
	if s.err != nil {
		return 0, s.err
	}
	n, err := s.w.Write(p)
	if err == nil && n < len(p) {
		err = io.ErrShortWrite
	}
	s.err = err
	return n, err
}

// writeFailed reports whether w, the stdout that run passes down, has
// already failed: a command can stop early instead of working for nothing.
func writeFailed(w io.Writer) bool {
	s, ok := w.(*stickyWriter)
	return ok && s.err != nil
}
