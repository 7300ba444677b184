package server

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"

	"github.com/acctkit/acctkit/account"
	"github.com/acctkit/acctkit/account/artu"
	"github.com/acctkit/acctkit/idempotency"
	"github.com/acctkit/acctkit/internal/problem"
	"github.com/acctkit/acctkit/internal/uuid"
	"github.com/acctkit/acctkit/syncplan"
)

// maxBody bounds a request body: 250 sync items fit in a tenth of it.
const maxBody = 4 << 20

// decode reads the body into v with account.Decode and answers the client
// itself when that fails: 413, 400 (malformed JSON) or 422 (invalid).
func (s *Server) decode(w http.ResponseWriter, r *http.Request, v any) bool {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	if err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			writeProblem(w, http.StatusRequestEntityTooLarge, "request_body_too_large", "The body is larger than "+strconv.Itoa(maxBody)+" bytes.")
			return false
		}
		writeProblem(w, http.StatusBadRequest, "request_body_unreadable", "The request body could not be read.")
		return false
	}
	if err := account.Decode(body, v); err != nil {
		s.writeError(w, r, err)
		return false
	}
	return true
}

// writeError answers with the problem an error of the library stands for.
// A request refused as malformed or invalid had no effect: its idempotency
// key is released, so the client may correct the body and send it again
// with the same key.
func (s *Server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	var ve *account.ValidationError
	switch {
	case errors.As(err, &ve) || errors.Is(err, account.ErrMalformed):
		if c, ok := idempotency.FromContext(r.Context()); ok {
			c.Refuse()
		}
		p, _ := account.ProblemFor(err, r.URL.Path)
		problem.Write(w, p, 0)
	case errors.Is(err, ErrNotFound):
		writeProblem(w, http.StatusNotFound, "not_found", "No such resource: "+r.URL.Path+".")
	default:
		s.log.ErrorContext(r.Context(), "request failed", "request_id", requestID(r.Context()), "err", err)
		writeProblem(w, http.StatusInternalServerError, "internal", "The server failed; the request id says which request.")
	}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	body, err := json.Marshal(v)
	if err != nil {
		writeProblem(w, http.StatusInternalServerError, "internal", "The response could not be encoded.")
		return
	}
	writeBody(w, status, body)
}

// clientID is the path's client id, or false after a 400.
func clientID(w http.ResponseWriter, r *http.Request) (string, bool) {
	id := r.PathValue("clientId")
	if !uuid.Valid(id) {
		writeProblem(w, http.StatusBadRequest, "client_id_invalid", "The clientId in the path is not a UUID.")
		return "", false
	}
	return id, true
}

func (s *Server) syncAccounts(w http.ResponseWriter, r *http.Request) {
	id, ok := clientID(w, r)
	if !ok {
		return
	}
	var req artu.SyncRequest
	if !s.decode(w, r, &req) {
		return
	}
	plan, err := s.cfg.Backend.Sync(r.Context(), scopeOf(r.Context()), id, req, syncplan.Options{Now: s.cfg.Now, NewID: s.cfg.NewID})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	body, err := syncResponseBody(plan)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeBody(w, http.StatusOK, body)
}

// syncResponseBody is the sync's 200 body; a back end that stores the
// idempotency record itself stores exactly these bytes.
func syncResponseBody(plan *syncplan.Plan) ([]byte, error) { return json.Marshal(plan.Response()) }

func jsonHeader(n int) http.Header {
	return http.Header{"Content-Type": {"application/json"}, "Content-Length": {strconv.Itoa(n)}}
}

func writeBody(w http.ResponseWriter, status int, body []byte) {
	for k, v := range jsonHeader(len(body)) {
		w.Header()[k] = v
	}
	w.WriteHeader(status)
	w.Write(body)
}

func (s *Server) listAccounts(w http.ResponseWriter, r *http.Request) {
	id, ok := clientID(w, r)
	if !ok {
		return
	}
	accounts, err := s.cfg.Backend.Accounts(r.Context(), scopeOf(r.Context()), id)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if accounts == nil {
		accounts = []artu.BankAccount{}
	}
	writeJSON(w, http.StatusOK, accounts)
}
