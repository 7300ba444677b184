package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/acctkit/acctkit/account"
	"github.com/acctkit/acctkit/account/artu"
	"github.com/acctkit/acctkit/syncplan"
)

const planHead = `Usage: acctkit plan --client UUID --existing FILE --request FILE [flags]

Plans an ARTU bank-account sync (POST /clients/{clientId}/bank-accounts/sync)
without applying it: which accounts the request creates (+), updates (~),
deletes (-) or leaves unchanged (=), why, and for an update each changed
field as old -> new. Account numbers, CLABEs and external ids are masked.
--existing is a JSON array of the client's current bank-account records;
--request is the sync request body; either may be - for standard input.
With --now and --seed the same inputs give byte-identical output.

Exit status: 0 a plan, 1 the request is invalid, 2 usage error, unreadable
input or failed output.
`

const planExamples = `
Examples:
  acctkit plan --client 8a6e0804-2bd0-4672-b79d-d97027f9071a \
    --existing examples/existing.json --request examples/artu-sync-request.json
  acctkit plan --json --mask --now 2026-11-21T12:00:00Z --seed 1 \
    --client 8a6e0804-2bd0-4672-b79d-d97027f9071a \
    --existing examples/existing.json --request - < examples/artu-sync-request.json
`

func runPlan(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := newFlagSet("plan")
	client := fs.String("client", "", "the client id of the request path (required): a `UUID`")
	existingFile := fs.String("existing", "", "JSON array of the client's current bank accounts, or - for standard input (required): a `file`")
	requestFile := fs.String("request", "", "the sync request body, or - for standard input (required): a `file`")
	matchExisting := fs.Bool("match-existing", false, "turn creates that match an existing account (externalId or natural key) into updates")
	asJSON := fs.Bool("json", false, "print the response body {created, updated, deleted}, or the problem details when invalid")
	maskOut := fs.Bool("mask", false, "mask account numbers, CLABEs and external ids in --json output too")
	nowFlag := fs.String("now", "", "`time` (RFC 3339) to stamp created and updated records with (default: the clock)")
	var seed *int64
	fs.Func("seed", "draw the ids of new accounts from a pseudo-random sequence seeded with `N` (default: random)", func(s string) error {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return errors.New("want an integer")
		}
		seed = &n
		return nil
	})
	positional, code, ok := parseCommand(fs, planHead, planExamples, args, stdout, stderr)
	if !ok {
		return code
	}
	if len(positional) != 0 {
		return usageFail(stderr, "plan", usagef("unexpected argument %q", positional[0]))
	}
	for _, req := range []struct{ name, value string }{{"--client", *client}, {"--existing", *existingFile}, {"--request", *requestFile}} {
		if req.value == "" {
			return usageFail(stderr, "plan", usagef("%s is required", req.name))
		}
	}
	if *existingFile == "-" && *requestFile == "-" {
		return usageFail(stderr, "plan", usagef("only one of --existing and --request can read standard input"))
	}
	opts := syncplan.Options{MatchExisting: *matchExisting}
	if *nowFlag != "" {
		now, err := time.Parse(time.RFC3339, *nowFlag)
		if err != nil {
			return usageFail(stderr, "plan", usagef("--now: %v", err))
		}
		opts.Now = func() time.Time { return now }
	}
	if seed != nil {
		opts.NewID = seededIDs(*seed)
	}

	var existing []artu.BankAccount
	if err := decodeInput(*existingFile, stdin, &existing); err != nil {
		// The records come from the caller's own store: a problem there is
		// a usage error, not an invalid request.
		fmt.Fprintf(stderr, "acctkit plan: --existing: %v\n", err)
		return exitUsage
	}
	var req artu.SyncRequest
	decodeErr := decodeInput(*requestFile, stdin, &req)
	decodeProblems, _ := account.AsValidationError(decodeErr)
	if decodeErr != nil && decodeProblems == nil {
		var m *malformedInput
		if errors.As(decodeErr, &m) {
			if *asJSON {
				writeJSONLine(stdout, m.where.problem())
			} else {
				fmt.Fprintf(stdout, "%s\n", m)
			}
			return exitInvalid
		}
		fmt.Fprintf(stderr, "acctkit plan: --request: %v\n", decodeErr)
		return exitUsage
	}

	// A request that does not decode is not planned: its rules would only
	// repeat what decoding found (no cascades).
	var plan *syncplan.Plan
	problems, err := decodeProblems, error(nil)
	if problems == nil {
		plan, err = syncplan.Compute(*client, existing, req, opts)
		problems, _ = account.AsValidationError(err)
	}
	if problems != nil {
		if *maskOut {
			problems = maskValidationError(problems)
		}
		return printInvalid(stdout, *asJSON, "the sync request", problems)
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
		if *maskOut {
			body = maskJSONAccounts(body)
		}
		fmt.Fprintf(stdout, "%s\n", body)
		return exitOK
	}
	writePlan(stdout, plan)
	return exitOK
}

// decodeInput reads a file (or standard input for "-") and decodes it.
// A body that is not JSON gives a *malformedInput.
func decodeInput(name string, stdin io.Reader, v any) error {
	data, err := readInput(name, stdin)
	if err != nil {
		return err
	}
	if err := account.Decode(data, v); err != nil {
		if errors.Is(err, account.ErrMalformed) {
			return &malformedInput{name: displayName(name), where: locateMalformed(data, err)}
		}
		if _, ok := account.AsValidationError(err); ok {
			return err
		}
		return fmt.Errorf("%s: %w", displayName(name), err)
	}
	return nil
}

// malformedInput is an input file that is not JSON, and where.
type malformedInput struct {
	name  string
	where malformed
}

func (e *malformedInput) Error() string { return e.name + ":" + e.where.String() }

// printInvalid prints a validation error as field lines, or as the RFC 9457
// body with asJSON, and returns exitInvalid.
func printInvalid(w io.Writer, asJSON bool, what string, ve *account.ValidationError) int {
	if asJSON {
		writeJSONLine(w, ve.Problem(""))
		return exitInvalid
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
		// A path holds the body's own keys: escape what a terminal would obey.
		fmt.Fprintf(w, "  %s\t%s\t%s\n", escapeControl(path), fe.Code, escapeControl(fe.Message))
	}
}
