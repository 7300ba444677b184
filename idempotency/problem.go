package idempotency

import (
	"net/http"
	"strconv"

	"github.com/acctkit/acctkit/internal/problem"
)

// ProblemContentType is the media type of the middleware's error bodies
// (RFC 9457 problem details).
const ProblemContentType = problem.ContentType

// The code member of each problem the middleware answers with. The problem's
// type is the type-URI base (Options.ProblemBase, by default
// ProblemTypeBase) followed by the code with '_' spelled '-'. Both are
// stable: clients may branch on them.
const (
	CodeKeyMissing       = "idempotency_key_missing"       // 400: Options.Required and no key
	CodeKeyMalformed     = "idempotency_key_malformed"     // 400: see ParseKey; or the header sent twice
	CodeBodyUnreadable   = "request_body_unreadable"       // 400: reading the body failed
	CodeKeyReused        = "idempotency_key_reused"        // 422: the key was used for another request
	CodeInFlight         = "idempotency_request_in_flight" // 409: the first request is still running
	CodeBodyTooLarge     = "request_body_too_large"        // 413: body above Options.MaxBodyBytes
	CodeStoreUnavailable = "idempotency_store_unavailable" // 503: the store failed; nothing ran
)

// ProblemTypeBase is the default prefix of every problem type URI of this
// package.
const ProblemTypeBase = problem.DefaultTypeBase

// Problem is the RFC 9457 body of a middleware error response. It is the
// type package account answers with too, so a service handles one type.
// The middleware sets Type, Title, Status, Detail and Code.
type Problem = problem.Details

// FieldProblem is one entry of Problem.Errors (which the middleware itself
// never sets).
type FieldProblem = problem.FieldProblem

var problemTitles = map[string]string{
	CodeKeyMissing:       "Idempotency-Key header missing",
	CodeKeyMalformed:     "Idempotency-Key header malformed",
	CodeBodyUnreadable:   "Request body unreadable",
	CodeKeyReused:        "Idempotency key reused",
	CodeInFlight:         "Request in flight",
	CodeBodyTooLarge:     "Request body too large",
	CodeStoreUnavailable: "Idempotency store unavailable",
}

// WriteProblem is the default Options.WriteProblem: p as
// application/problem+json.
func WriteProblem(w http.ResponseWriter, _ *http.Request, p Problem) {
	problem.Write(w, p, 0)
}

// problem answers with a problem through Options.WriteProblem. retryAfter,
// when positive, is sent as a Retry-After in whole seconds.
func (h *handler) problem(w http.ResponseWriter, r *http.Request, status int, code, detail string, retryAfter int) {
	hdr := w.Header()
	hdr.Set("Cache-Control", "no-store")
	if retryAfter > 0 {
		hdr.Set("Retry-After", strconv.Itoa(retryAfter))
	}
	h.WriteProblem(w, r, Problem{
		Type:   problem.TypeURI(h.ProblemBase, code),
		Title:  problemTitles[code],
		Status: status,
		Detail: detail,
		Code:   code,
	})
}
