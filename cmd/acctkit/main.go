// Command acctkit checks bank-account identifiers, validates API payloads
// and prints sync plans. Run "acctkit --help" for the commands.
package main

import (
	"fmt"
	"io"
	"os"
)

// Exit statuses shared by every command.
const (
	exitOK      = 0 // every input was valid
	exitInvalid = 1 // at least one input was invalid
	exitUsage   = 2 // the command line or the input could not be used
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "devel"

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
		{"version", "print the version", runVersion},
	}
}

// run is main without the process: tests call it in-process.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stderr)
		return exitUsage
	}
	switch args[0] {
	case "-h", "-help", "--help", "help":
		usage(stdout)
		return exitOK
	}
	for _, c := range commands() {
		if c.name == args[0] {
			return c.run(args[1:], stdin, stdout, stderr)
		}
	}
	fmt.Fprintf(stderr, "acctkit: unknown command %q\n\n", args[0])
	usage(stderr)
	return exitUsage
}

func usage(w io.Writer) {
	fmt.Fprintf(w, "acctkit: bank-account identifiers, payloads and sync plans.\n\nUsage:\n  acctkit COMMAND [flags] [args]\n\nCommands:\n")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-10s %s\n", c.name, c.summary)
	}
	fmt.Fprint(w, `
Examples:
  acctkit check DE89370400440532013000 002010077777777771 021000021
  acctkit check --json < identifiers.txt
  acctkit validate --schema synctera-external-account body.json
  acctkit plan --client UUID --existing accounts.json --request sync.json

Exit status: 0 all valid, 1 something invalid, 2 usage error.
Run "acctkit COMMAND --help" for a command's flags and examples.
`)
}

func runVersion(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	if len(args) != 0 {
		fmt.Fprintf(stderr, "acctkit version: takes no arguments\n")
		return exitUsage
	}
	fmt.Fprintf(stdout, "acctkit %s\n", version)
	return exitOK
}
