package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/acctkit/acctkit/account"
	"github.com/acctkit/acctkit/syncplan"
)

const planHelp = `Usage: acctkit plan --client UUID --existing FILE --request FILE [flags]

Plans an ARTU bank-account sync (POST /clients/{clientId}/bank-accounts/sync)
without applying it: which accounts the request creates (+), updates (~),
deletes (-) or leaves unchanged (=), why, and which fields change. Account
numbers are masked. --existing is a JSON array of the client's current
bank-account records; --request is the sync request body.
Exit status: 0 a plan, 1 the request is invalid, 2 usage error or
unreadable input.

Examples:
  acctkit plan --client 8a6e0804-2bd0-4672-b79d-d97027f9071a \
    --existing examples/existing.json --request examples/sync-request.json
  acctkit plan --json --match-existing --client ... --existing ... --request ...
`

func runPlan(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("plan", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, planHelp)
		fmt.Fprintln(stderr, "\nFlags:")
		fs.PrintDefaults()
	}
	client := fs.String("client", "", "the client id of the request path (required)")
	existingFile := fs.String("existing", "", "JSON array of the client's current bank accounts, or - for standard input (required)")
	requestFile := fs.String("request", "", "the sync request body, or - for standard input (required)")
	matchExisting := fs.Bool("match-existing", false, "turn creates that match an existing account (externalId or natural key) into updates")
	asJSON := fs.Bool("json", false, "print the response body {created, updated, deleted}, or the problem details when invalid")
	nowFlag := fs.String("now", "", "RFC 3339 time to stamp created and updated records with (default: the clock)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	if fs.NArg() != 0 {
		fmt.Fprintf(stderr, "acctkit plan: unexpected argument %q\n", fs.Arg(0))
		return exitUsage
	}
	for _, req := range []struct{ name, value string }{{"--client", *client}, {"--existing", *existingFile}, {"--request", *requestFile}} {
		if req.value == "" {
			fmt.Fprintf(stderr, "acctkit plan: %s is required\n", req.name)
			return exitUsage
		}
	}
	if *existingFile == "-" && *requestFile == "-" {
		fmt.Fprintln(stderr, "acctkit plan: only one of --existing and --request can read standard input")
		return exitUsage
	}
	opts := syncplan.Options{MatchExisting: *matchExisting}
	if *nowFlag != "" {
		now, err := time.Parse(time.RFC3339, *nowFlag)
		if err != nil {
			fmt.Fprintf(stderr, "acctkit plan: --now: %v\n", err)
			return exitUsage
		}
		opts.Now = func() time.Time { return now }
	}

	var existing []account.BankAccount
	if err := decodeInput(*existingFile, stdin, &existing); err != nil {
		// The records come from the caller's own store: a problem there is
		// a usage error, not an invalid request.
		fmt.Fprintf(stderr, "acctkit plan: --existing: %v\n", err)
		return exitUsage
	}
	var req account.SyncRequest
	decodeErr := decodeInput(*requestFile, stdin, &req)
	decodeProblems, _ := account.AsValidationError(decodeErr)
	if decodeErr != nil && decodeProblems == nil {
		fmt.Fprintf(stderr, "acctkit plan: --request: %v\n", decodeErr)
		if errors.Is(decodeErr, account.ErrMalformed) {
			return exitInvalid
		}
		return exitUsage
	}

	// Even when some fields did not decode, planning the rest finds the
	// request's other problems (unknown ids, duplicates, two primaries),
	// so the answer lists every problem at once.
	plan, err := syncplan.Compute(*client, existing, req, opts)
	planProblems, _ := account.AsValidationError(err)
	if decodeProblems != nil || planProblems != nil {
		return printInvalid(stdout, *asJSON, "the sync request", mergeProblems(decodeProblems, planProblems))
	}
	if err != nil {
		fmt.Fprintf(stderr, "acctkit plan: %v\n", err)
		return exitUsage
	}
	if *asJSON {
		body, err := json.MarshalIndent(plan.Response(), "", "  ")
		if err != nil {
			fmt.Fprintf(stderr, "acctkit plan: %v\n", err)
			return exitUsage
		}
		fmt.Fprintf(stdout, "%s\n", body)
		return exitOK
	}
	if _, err := plan.WriteTo(stdout); err != nil {
		fmt.Fprintf(stderr, "acctkit plan: %v\n", err)
		return exitUsage
	}
	return exitOK
}

// mergeProblems joins the decoding problems and the planning problems,
// dropping a planning problem at a path that already has a decoding one
// (an undecodable clabe is not also "required"), ordered by item.
func mergeProblems(decoded, planned *account.ValidationError) *account.ValidationError {
	var all []account.FieldError
	seen := map[string]bool{}
	if decoded != nil {
		all = append(all, decoded.Errors...)
		for _, fe := range decoded.Errors {
			seen[fe.Path] = true
		}
	}
	if planned != nil {
		for _, fe := range planned.Errors {
			if !seen[fe.Path] {
				all = append(all, fe)
			}
		}
	}
	sort.SliceStable(all, func(i, j int) bool { return itemIndex(all[i].Path) < itemIndex(all[j].Path) })
	return &account.ValidationError{Errors: all}
}

// itemIndex is N for a path under items[N], and -1 for the rest of the body.
func itemIndex(path string) int {
	rest, ok := strings.CutPrefix(path, "items[")
	if !ok {
		return -1
	}
	end := strings.IndexByte(rest, ']')
	if end < 0 {
		return -1
	}
	n, err := strconv.Atoi(rest[:end])
	if err != nil {
		return -1
	}
	return n
}

// decodeInput reads a file (or standard input for "-") and decodes it.
func decodeInput(name string, stdin io.Reader, v any) error {
	data, err := readInput(name, stdin)
	if err != nil {
		return err
	}
	if err := account.Decode(data, v); err != nil {
		if _, ok := account.AsValidationError(err); ok {
			return err
		}
		return fmt.Errorf("%s: %w", displayName(name), err)
	}
	return nil
}

// printInvalid prints a validation error as field lines, or as the RFC 9457
// body with asJSON, and returns exitInvalid.
func printInvalid(w io.Writer, asJSON bool, what string, ve *account.ValidationError) int {
	if asJSON {
		body, err := ve.ProblemJSON("")
		if err == nil {
			fmt.Fprintf(w, "%s\n", body)
			return exitInvalid
		}
	}
	fmt.Fprintf(w, "%s is invalid: %d error(s)\n", what, len(ve.Errors))
	writeFieldErrors(w, ve)
	return exitInvalid
}

func writeFieldErrors(w io.Writer, ve *account.ValidationError) {
	for _, fe := range ve.Errors {
		path := fe.Path
		if path == "" {
			path = "(body)"
		}
		fmt.Fprintf(w, "  %s\t%s\t%s\n", path, fe.Code, fe.Message)
	}
}
