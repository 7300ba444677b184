package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"github.com/acctkit/acctkit/account"
)

// schemas maps each name the validate command accepts to a constructor of
// the request body it decodes into.
var schemas = map[string]func() any{
	"artu-sync-request":               func() any { return new(account.SyncRequest) },
	"synctera-external-account":       func() any { return new(account.ExternalAccountRequest) },
	"synctera-external-account-patch": func() any { return new(account.ExternalAccountPatch) },
	"synctera-account":                func() any { return new(account.SyncteraAccountRequest) },
}

func schemaNames() string {
	names := make([]string, 0, len(schemas))
	for n := range schemas {
		names = append(names, n)
	}
	sort.Strings(names)
	return strings.Join(names, ", ")
}

const validateHelp = `Usage: acctkit validate --schema NAME [--problem] FILE|-

Validates a JSON payload (a file, or standard input for -) against one of
the API request bodies and prints each field error with its path and
reason, or with --problem the RFC 9457 body the API would answer with.
Exit status: 0 valid, 1 invalid, 2 usage error or unreadable input.

Examples:
  acctkit validate --schema artu-sync-request examples/sync-request.json
  acctkit validate --schema synctera-external-account --problem - < body.json
`

func runValidate(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("validate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, validateHelp)
		fmt.Fprintf(stderr, "\nSchemas: %s\n", schemaNames())
	}
	schema := fs.String("schema", "", "the request body to validate against (required)")
	problem := fs.Bool("problem", false, "print the RFC 9457 problem-details body instead of one line per error")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	newBody, ok := schemas[*schema]
	if !ok {
		if *schema == "" {
			fmt.Fprintf(stderr, "acctkit validate: --schema is required (one of: %s)\n", schemaNames())
		} else {
			fmt.Fprintf(stderr, "acctkit validate: unknown schema %q (one of: %s)\n", *schema, schemaNames())
		}
		return exitUsage
	}
	if fs.NArg() != 1 {
		fmt.Fprintf(stderr, "acctkit validate: want one FILE or -, got %d arguments\n", fs.NArg())
		return exitUsage
	}
	name := fs.Arg(0)
	data, err := readInput(name, stdin)
	if err != nil {
		fmt.Fprintf(stderr, "acctkit validate: %v\n", err)
		return exitUsage
	}
	err = account.Decode(data, newBody())
	if err == nil {
		fmt.Fprintf(stdout, "%s: valid %s\n", displayName(name), *schema)
		return exitOK
	}
	if errors.Is(err, account.ErrMalformed) {
		fmt.Fprintf(stderr, "acctkit validate: %s: %v\n", displayName(name), err)
		return exitInvalid
	}
	ve, ok := account.AsValidationError(err)
	if !ok {
		fmt.Fprintf(stderr, "acctkit validate: %s: %v\n", displayName(name), err)
		return exitUsage
	}
	if *problem {
		body, err := ve.ProblemJSON("")
		if err != nil {
			fmt.Fprintf(stderr, "acctkit validate: %v\n", err)
			return exitUsage
		}
		fmt.Fprintf(stdout, "%s\n", body)
		return exitInvalid
	}
	fmt.Fprintf(stdout, "%s: invalid %s: %d error(s)\n", displayName(name), *schema, len(ve.Errors))
	writeFieldErrors(stdout, ve)
	return exitInvalid
}

// maxInput bounds what validate and plan read: API bodies are far smaller,
// and a bound keeps a mistaken argument (a disk image) from eating memory.
const maxInput = 64 << 20

// readInput reads a file, or standard input for "-".
func readInput(name string, stdin io.Reader) ([]byte, error) {
	var r io.Reader
	if name == "-" {
		r = stdin
	} else {
		f, err := os.Open(name)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		r = f
	}
	data, err := io.ReadAll(io.LimitReader(r, maxInput+1))
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", displayName(name), err)
	}
	if len(data) > maxInput {
		return nil, fmt.Errorf("%s is larger than %d MiB", displayName(name), maxInput>>20)
	}
	if len(strings.TrimSpace(string(data))) == 0 {
		return nil, fmt.Errorf("%s is empty", displayName(name))
	}
	return data, nil
}

func displayName(name string) string {
	if name == "-" {
		return "standard input"
	}
	return name
}
