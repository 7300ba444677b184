// Package problem is the one RFC 9457 problem-details body that account and
// idempotency both answer with; each exports it under its own name as an
// alias, so a service sees one type.
package problem

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
)

// ContentType is the media type of a problem-details body.
const ContentType = "application/problem+json"

// DefaultTypeBase prefixes a problem's type URI unless a caller sets its own.
const DefaultTypeBase = "https://acctkit.dev/problems/"

// Details is an RFC 9457 problem-details body. Code is a stable,
// machine-readable extension member; Errors lists field problems (a 422).
type Details struct {
	Type     string         `json:"type"`
	Title    string         `json:"title"`
	Status   int            `json:"status"`
	Detail   string         `json:"detail,omitempty"`
	Instance string         `json:"instance,omitempty"`
	Code     string         `json:"code,omitempty"`
	Errors   []FieldProblem `json:"errors,omitempty"`
}

// FieldProblem is one entry of Details.Errors: where (an RFC 6901 JSON
// Pointer into the request body), what (a stable code) and why.
type FieldProblem struct {
	Pointer string `json:"pointer"`
	Code    string `json:"code"`
	Detail  string `json:"detail"`
}

// TypeURI is base followed by code with '_' spelled '-'
// ("https://acctkit.dev/problems/" + "key_reused" -> ".../key-reused").
// An empty base means DefaultTypeBase.
func TypeURI(base, code string) string {
	if base == "" {
		base = DefaultTypeBase
	}
	return base + strings.ReplaceAll(code, "_", "-")
}

// Write answers with d as JSON. retryAfter, when positive, is sent as a
// Retry-After in whole seconds.
func Write(w http.ResponseWriter, d Details, retryAfter int) {
	body, err := json.Marshal(d)
	if err != nil { // strings, ints and slices of them: cannot happen
		http.Error(w, http.StatusText(http.StatusInternalServerError), http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", ContentType)
	h.Set("Content-Length", strconv.Itoa(len(body)))
	h.Set("Cache-Control", "no-store")
	if retryAfter > 0 {
		h.Set("Retry-After", strconv.Itoa(retryAfter))
	}
	w.WriteHeader(d.Status)
	w.Write(body)
}
