package server

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync"

	"github.com/acctkit/acctkit/account/artu"
	"github.com/acctkit/acctkit/internal/uuid"
	"github.com/acctkit/acctkit/syncplan"
)

// Backend keeps the server's data: ARTU accounts by client, and Synctera
// resources as JSON documents by kind and id. Every method works inside one
// scope (tenant and environment).
type Backend interface {
	// Sync plans req against the client's accounts and applies the plan
	// atomically: concurrent syncs of one client take turns.
	Sync(ctx context.Context, scope, clientID string, req artu.SyncRequest, opts syncplan.Options) (*syncplan.Plan, error)
	// Accounts returns the client's accounts in id order.
	Accounts(ctx context.Context, scope, clientID string) ([]artu.BankAccount, error)
	// Insert stores a new document.
	Insert(ctx context.Context, scope, kind, id string, doc []byte) error
	// Get returns a document, or an error wrapping ErrNotFound.
	Get(ctx context.Context, scope, kind, id string) ([]byte, error)
	// Modify replaces a document with change(old) atomically, or returns
	// change's error, or one wrapping ErrNotFound.
	Modify(ctx context.Context, scope, kind, id string, change func(old []byte) ([]byte, error)) ([]byte, error)
	// Ready reports whether the backend can serve.
	Ready(ctx context.Context) error
}

// ErrNotFound is wrapped by a Backend's error for an unknown document.
var ErrNotFound = errors.New("not found")

// Memory is a Backend in process memory: the default of "acctkit serve".
type Memory struct {
	mu      sync.Mutex
	clients map[string]*memClient // scope + "\x00" + lower-case client id
	docs    map[string][]byte     // scope + "\x00" + kind + "\x00" + id
}

type memClient struct {
	mu       sync.Mutex // held for a whole sync
	accounts []artu.BankAccount
}

// NewMemory returns an empty Memory backend.
func NewMemory() *Memory {
	return &Memory{clients: map[string]*memClient{}, docs: map[string][]byte{}}
}

func (m *Memory) client(scope, id string) *memClient {
	m.mu.Lock()
	defer m.mu.Unlock()
	k := scope + "\x00" + uuid.Canonical(id)
	c := m.clients[k]
	if c == nil {
		c = &memClient{}
		m.clients[k] = c
	}
	return c
}

// Sync implements Backend.
func (m *Memory) Sync(ctx context.Context, scope, clientID string, req artu.SyncRequest, opts syncplan.Options) (*syncplan.Plan, error) {
	c := m.client(scope, clientID)
	c.mu.Lock()
	defer c.mu.Unlock()
	plan, err := syncplan.Compute(clientID, c.accounts, req, opts)
	if err != nil {
		return nil, err
	}
	after, err := plan.Apply(c.accounts)
	if err != nil {
		return nil, err
	}
	slices.SortFunc(after, func(a, b artu.BankAccount) int { return uuid.Compare(a.ID, b.ID) })
	c.accounts = after
	return plan, nil
}

// Accounts implements Backend.
func (m *Memory) Accounts(ctx context.Context, scope, clientID string) ([]artu.BankAccount, error) {
	c := m.client(scope, clientID)
	c.mu.Lock()
	defer c.mu.Unlock()
	return slices.Clone(c.accounts), nil
}

func docKey(scope, kind, id string) string {
	return scope + "\x00" + kind + "\x00" + strings.ToLower(id)
}

// Insert implements Backend.
func (m *Memory) Insert(ctx context.Context, scope, kind, id string, doc []byte) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.docs[docKey(scope, kind, id)] = slices.Clone(doc)
	return nil
}

// Get implements Backend.
func (m *Memory) Get(ctx context.Context, scope, kind, id string) ([]byte, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	doc, ok := m.docs[docKey(scope, kind, id)]
	if !ok {
		return nil, ErrNotFound
	}
	return doc, nil
}

// Modify implements Backend.
func (m *Memory) Modify(ctx context.Context, scope, kind, id string, change func([]byte) ([]byte, error)) ([]byte, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	k := docKey(scope, kind, id)
	old, ok := m.docs[k]
	if !ok {
		return nil, ErrNotFound
	}
	doc, err := change(old)
	if err != nil {
		return nil, err
	}
	m.docs[k] = doc
	return doc, nil
}

// Ready implements Backend.
func (m *Memory) Ready(context.Context) error { return nil }
