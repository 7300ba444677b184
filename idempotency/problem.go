package idempotency

import (
	"encoding/json"
	"net/http"
	"strconv"
)

// ProblemContentType is the media type of the middleware's error bodies
// (RFC 9457 problem details).
const ProblemContentType = "application/problem+json"

// The code member of each problem the middleware answers with. The problem's
// type is ProblemTypeBase followed by the code with '_' spelled '-'. Both
// are stable: clients may branch on them.
const (
	CodeKeyMissing       = "idempotency_key_missing"       // 400: Options.Required and no key
	CodeKeyMalformed     = "idempotency_key_malformed"     // 400: see ParseKey; or the header sent twice
	CodeBodyUnreadable   = "request_body_unreadable"       // 400: reading the body failed
	CodeKeyReused        = "idempotency_key_reused"        // 422: the key was used for another request
	CodeInFlight         = "idempotency_request_in_flight" // 409: the first request is still running
	CodeBodyTooLarge     = "request_body_too_large"        // 413: body above Options.MaxBodyBytes
	CodeStoreUnavailable = "idempotency_store_unavailable" // 503: the store failed; nothing ran
)

// ProblemTypeBase prefixes every problem type URI of this package.
const ProblemTypeBase = "https://acctkit.dev/problems/"

// Problem is the RFC 9457 body of a middleware error response.
type Problem struct {
	Type   string `json:"type"`
	Title  string `json:"title"`
	Status int    `json:"status"`
	Detail string `json:"detail,omitempty"`
	Code   string `json:"code"`
}

var problemTitles = map[string]string{
	CodeKeyMissing:       "Idempotency-Key header missing",
	CodeKeyMalformed:     "Idempotency-Key header malformed",
	CodeBodyUnreadable:   "Request body unreadable",
	CodeKeyReused:        "Idempotency key reused",
	CodeInFlight:         "Request in flight",
	CodeBodyTooLarge:     "Request body too large",
	CodeStoreUnavailable: "Idempotency store unavailable",
}

func problemType(code string) string {
	b := []byte(ProblemTypeBase + code)
	for i := len(ProblemTypeBase); i < len(b); i++ {
		if b[i] == '_' {
			b[i] = '-'
		}
	}
	return string(b)
}

// writeProblem answers with a problem. retryAfter, when positive, is sent
// as a Retry-After in whole seconds.
func writeProblem(w http.ResponseWriter, status int, code, detail string, retryAfter int) {
	body, _ := json.Marshal(Problem{ // cannot fail: strings and an int
		Type:   problemType(code),
		Title:  problemTitles[code],
		Status: status,
		Detail: detail,
		Code:   code,
	})
	h := w.Header()
	h.Set("Content-Type", ProblemContentType)
	h.Set("Content-Length", strconv.Itoa(len(body)))
	h.Set("Cache-Control", "no-store")
	if retryAfter > 0 {
		h.Set("Retry-After", strconv.Itoa(retryAfter))
	}
	w.WriteHeader(status)
	w.Write(body)
}
