package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"github.com/acctkit/acctkit/account"
	"github.com/acctkit/acctkit/account/artu"
	"github.com/acctkit/acctkit/account/synctera"
)

// schemas maps each name the validate command accepts to a constructor of
// the request body it decodes into.
var schemas = map[string]func() any{
	"artu-sync-request":               func() any { return new(artu.SyncRequest) },
	"synctera-external-account":       func() any { return new(synctera.ExternalAccountRequest) },
	"synctera-external-account-patch": func() any { return new(synctera.ExternalAccountPatch) },
	"synctera-account":                func() any { return new(synctera.AccountRequest) },
}

func schemaNames() string {
	names := make([]string, 0, len(schemas))
	for n := range schemas {
		names = append(names, n)
	}
	sort.Strings(names)
	return strings.Join(names, ", ")
}

const validateHead = `Usage: acctkit validate --schema NAME [flags] FILE | -

Validates a JSON payload (a file, or standard input for -) against one of
the API request bodies and prints each field error with its path, code and
reason; with --problem it prints the RFC 9457 body the API would answer
with instead: 422 with every field error, or 400 for a body that is not
JSON. Malformed JSON is reported as FILE:LINE:COLUMN with the byte offset
(columns count characters from 1, offsets bytes from 0).

Schemas: artu-sync-request, synctera-account, synctera-external-account,
synctera-external-account-patch.

Exit status: 0 valid, 1 invalid or malformed, 2 usage error, unreadable
input or failed output.
`

const validateExamples = `
Examples:
  acctkit validate --schema synctera-external-account examples/synctera-external-account.json
  acctkit validate examples/artu-sync-request.json --schema artu-sync-request
  acctkit validate --schema synctera-account --problem - < examples/synctera-account.json
`

func runValidate(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := newFlagSet("validate")
	schema := fs.String("schema", "", "the request body to validate against (required): `name`, one of "+schemaNames())
	asProblem := fs.Bool("problem", false, "print the RFC 9457 problem-details body (400 or 422) instead of one line per error")
	maskOut := fs.Bool("mask", false, "mask anything shaped like an account number in the messages")
	positional, code, ok := parseCommand(fs, validateHead, validateExamples, args, stdout, stderr)
	if !ok {
		return code
	}
	newBody, ok := schemas[*schema]
	switch {
	case *schema == "":
		return usageFail(stderr, "validate", usagef("--schema is required (one of: %s)", schemaNames()))
	case !ok:
		return usageFail(stderr, "validate", usagef("unknown schema %q (one of: %s)", *schema, schemaNames()))
	case len(positional) != 1:
		return usageFail(stderr, "validate", usagef("want one FILE or -, got %d arguments", len(positional)))
	}
	name := positional[0]
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
		m := locateMalformed(data, err)
		if *asProblem {
			writeJSONLine(stdout, m.problem())
		} else {
			fmt.Fprintf(stdout, "%s:%s\n", displayName(name), m)
		}
		return exitInvalid
	}
	ve, ok := account.AsValidationError(err)
	if !ok {
		fmt.Fprintf(stderr, "acctkit validate: %s: %v\n", displayName(name), err)
		return exitUsage
	}
	if *maskOut {
		ve = maskValidationError(ve)
	}
	if *asProblem {
		writeJSONLine(stdout, ve.Problem(""))
		return exitInvalid
	}
	fmt.Fprintf(stdout, "%s: invalid %s: %d error(s)\n", displayName(name), *schema, len(ve.Errors))
	writeFieldErrors(stdout, ve)
	return exitInvalid
}

// maskValidationError is ve with maskText applied to every path (a key of
// a metadata object can be anything) and message.
func maskValidationError(ve *account.ValidationError) *account.ValidationError {
	out := &account.ValidationError{Errors: make([]account.FieldError, len(ve.Errors))}
	for i, fe := range ve.Errors {
		fe.Path = maskText(fe.Path)
		fe.Message = maskText(fe.Message)
		out.Errors[i] = fe
	}
	return out
}

// writeJSONLine writes v as one line of JSON. The values written are
// plain structs of strings and numbers, which always marshal.
func writeJSONLine(w io.Writer, v any) {
	b, _ := json.Marshal(v)
	w.Write(append(b, '\n'))
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
	return data, nil
}

func displayName(name string) string {
	if name == "-" {
		return "standard input"
	}
	return name
}
