package server

import (
	"crypto/rand"
	"encoding/json"
	"net/http"

	"github.com/acctkit/acctkit/account/synctera"
	"github.com/acctkit/acctkit/internal/uuid"
)

// Document kinds of the Synctera endpoints.
const (
	kindExternalAccount = "external_account"
	kindAccount         = "account"
)

func (s *Server) createExternalAccount(w http.ResponseWriter, r *http.Request) {
	var req synctera.ExternalAccountRequest
	if !s.decode(w, r, &req) {
		return
	}
	a := synctera.NewExternalAccount(req, s.cfg.NewID(), s.cfg.Now().UTC())
	s.insert(w, r, kindExternalAccount, a.ID, a)
}

func (s *Server) patchExternalAccount(w http.ResponseWriter, r *http.Request) {
	id, ok := resourceID(w, r)
	if !ok {
		return
	}
	var patch synctera.ExternalAccountPatch
	if !s.decode(w, r, &patch) {
		return
	}
	doc, err := s.cfg.Backend.Modify(r.Context(), scopeOf(r.Context()), kindExternalAccount, id, func(old []byte) ([]byte, error) {
		var existing synctera.ExternalAccount
		if err := json.Unmarshal(old, &existing); err != nil {
			return nil, err
		}
		updated, err := synctera.Apply(patch, existing)
		if err != nil {
			return nil, err
		}
		updated.LastUpdatedTime = s.cfg.Now().UTC()
		return json.Marshal(updated)
	})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeDoc(w, http.StatusOK, doc)
}

func (s *Server) getExternalAccount(w http.ResponseWriter, r *http.Request) {
	s.get(w, r, kindExternalAccount)
}

func (s *Server) createAccount(w http.ResponseWriter, r *http.Request) {
	var req synctera.AccountRequest
	if !s.decode(w, r, &req) {
		return
	}
	number := req.ManualAccountNumber
	if number == "" {
		number = newAccountNumber()
	}
	a := synctera.NewAccount(req, s.cfg.NewID(), number, s.cfg.Now().UTC())
	s.insert(w, r, kindAccount, a.ID, a)
}

func (s *Server) getAccount(w http.ResponseWriter, r *http.Request) { s.get(w, r, kindAccount) }

func (s *Server) insert(w http.ResponseWriter, r *http.Request, kind, id string, v any) {
	doc, err := json.Marshal(v)
	if err == nil {
		err = s.cfg.Backend.Insert(r.Context(), scopeOf(r.Context()), kind, id, doc)
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeDoc(w, http.StatusCreated, doc)
}

func (s *Server) get(w http.ResponseWriter, r *http.Request, kind string) {
	id, ok := resourceID(w, r)
	if !ok {
		return
	}
	doc, err := s.cfg.Backend.Get(r.Context(), scopeOf(r.Context()), kind, id)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeDoc(w, http.StatusOK, doc)
}

// resourceID is the path's resource id. An id that is not a UUID names no
// resource: 404, as for an unknown one.
func resourceID(w http.ResponseWriter, r *http.Request) (string, bool) {
	id := r.PathValue("id")
	if !uuid.Valid(id) {
		writeProblem(w, http.StatusNotFound, "not_found", "No such resource: "+r.URL.Path+".")
		return "", false
	}
	return id, true
}

func writeDoc(w http.ResponseWriter, status int, doc []byte) { writeBody(w, status, doc) }

// newAccountNumber is a random 12-digit account number.
func newAccountNumber() string {
	var b [12]byte
	rand.Read(b[:])
	for i := range b {
		b[i] = '0' + b[i]%10
	}
	return string(b[:])
}
