package pgsync

import (
	"maps"
	"sync"

	"github.com/acctkit/acctkit/account/artu"
	"github.com/acctkit/acctkit/internal/uuid"
	"github.com/acctkit/acctkit/syncplan"
)

// cache keeps the accounts of recently synced clients with the version the
// table's triggers gave the client when they were read, so that the next
// sync of the client reads one version number instead of every account.
// Every write to the table, through pgsync or not, bumps the version of
// each client it touches (see migrations), so an entry whose version is
// not the client's current one is never used. Entries are never modified:
// a sync replaces its client's entry whole.
type cache struct {
	limit int // records kept at most, all clients together

	mu      sync.Mutex
	entries map[clientKey]cacheEntry
	records int
}

type clientKey struct{ scope, client string }

type cacheEntry struct {
	version  int64
	accounts []artu.BankAccount
}

func newCache(limit int) *cache {
	if limit <= 0 {
		return nil
	}
	return &cache{limit: limit, entries: map[clientKey]cacheEntry{}}
}

// get returns the client's accounts as of version, if kept.
func (c *cache) get(k clientKey, version int64) ([]artu.BankAccount, bool) {
	if c == nil {
		return nil, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[k]
	if !ok || e.version != version {
		return nil, false
	}
	return e.accounts, true
}

// put keeps the client's accounts after plan as of version. The records a
// plan changed get their own metadata maps: the plan goes back to the
// caller, who may change it.
func (c *cache) put(k clientKey, version int64, before []artu.BankAccount, plan *syncplan.Plan) {
	if c == nil {
		return
	}
	after, err := plan.Apply(before)
	if err != nil { // cannot happen: plan was computed from before
		c.drop(k)
		return
	}
	changed := map[string]bool{}
	for i := range plan.Changes {
		if ch := &plan.Changes[i]; ch.Action == syncplan.Update || ch.Action == syncplan.Create {
			changed[uuid.Canonical(ch.After.ID)] = true
		}
	}
	for i := range after {
		if changed[uuid.Canonical(after[i].ID)] {
			after[i].Metadata = maps.Clone(after[i].Metadata)
		}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.records -= len(c.entries[k].accounts)
	delete(c.entries, k)
	if len(after) > c.limit {
		return
	}
	for other, e := range c.entries { // evict in no particular order
		if c.records+len(after) <= c.limit {
			break
		}
		c.records -= len(e.accounts)
		delete(c.entries, other)
	}
	c.entries[k] = cacheEntry{version: version, accounts: after}
	c.records += len(after)
}

// drop forgets the client, after a failed sync.
func (c *cache) drop(k clientKey) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.records -= len(c.entries[k].accounts)
	delete(c.entries, k)
}
