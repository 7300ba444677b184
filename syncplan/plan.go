package syncplan

import (
	"errors"
	"fmt"

	"github.com/acctkit/acctkit/account/artu"
	"github.com/acctkit/acctkit/internal/uuid"
)

// Action is what a Change does to one account: a closed set.
type Action string

// The actions of a Plan.
const (
	Create    Action = "create"    // a new account
	Update    Action = "update"    // an existing account changes; updatedAt is bumped
	Delete    Action = "delete"    // an existing account goes away
	Unchanged Action = "unchanged" // an item names an account and changes nothing
)

// Reason says why a Change is in the plan. Its values are stable codes an
// API may return.
type Reason string

// The reasons of a Change.
const (
	// Requested: an item asked for it (a create, an update with an id,
	// or "_delete": true).
	Requested Reason = "requested"
	// ReplaceMode: a "replaceMode": true request deletes the accounts no
	// item names.
	ReplaceMode Reason = "replace_mode"
	// PrimaryDemoted: another item made its account the primary, so this
	// one stops being primary. An item that names the demoted account
	// and changes nothing else gets this reason too.
	PrimaryDemoted Reason = "primary_demoted"
	// MatchedExisting: with Options.MatchExisting, a create item that
	// describes an existing account updates it (or leaves it unchanged).
	MatchedExisting Reason = "matched_existing"
)

// NoItem is Change.Item for a change no item asked for: a demotion or a
// replaceMode deletion.
const NoItem = -1

// Change is one action on one account.
type Change struct {
	Action Action `json:"action"`
	Reason Reason `json:"reason"`
	// Item is the index in SyncRequest.Items of the item that asked for
	// the change, or NoItem.
	Item int `json:"item"`
	// Before is the account as it exists: the zero value for Create.
	// After is the account the change leaves: the zero value for
	// Delete, and Before itself for Unchanged.
	Before artu.BankAccount `json:"before,omitzero"`
	After  artu.BankAccount `json:"after,omitzero"`
	// Fields names, with JSON names in the order of
	// artu.BankAccount, every field in which an Update's After
	// differs from Before (updatedAt aside), defaults the update fills
	// in included: writing these fields of After over the stored record
	// stores After. Metadata differs when it is different JSON. Nil for
	// the other actions.
	Fields []string `json:"fields,omitempty"`
}

// ID returns the id of the account the change acts on.
func (c *Change) ID() string {
	if c.Action == Delete {
		return c.Before.ID
	}
	return c.After.ID
}

// Plan is what a sync request does to a client's accounts: every Change,
// in a deterministic order (see Compute), and what of the accounts it
// depends on, with their fingerprint. A Plan is plain data: it holds no
// reference to the slices or maps Compute was given (metadata values,
// JSON bytes no one edits in place, aside), so the caller may change
// those freely. Within a plan, the Before and After of a change that
// leaves metadata alone share one map.
type Plan struct {
	// ClientID is the client the plan is for, as given to Compute.
	ClientID string `json:"clientId"`
	// Changes lists creates, then updates, then deletes, then unchanged
	// accounts (see Compute for the order within each).
	Changes []Change `json:"changes"`
	// Basis says what of the client's accounts, besides those Changes
	// act on, the plan depends on; Fingerprint identifies all of it as
	// Compute saw it. Verify checks both against the accounts as they are.
	Basis       Basis       `json:"basis"`
	Fingerprint Fingerprint `json:"fingerprint"`
}

// ErrStale is returned (wrapped) by Verify and Apply when the accounts
// given are not those the plan was computed from.
var ErrStale = errors.New("plan is stale: the client's accounts changed since it was computed")

// ErrNoFingerprint is returned (wrapped) by Verify and Apply for a plan
// with a zero Fingerprint, such as the zero Plan or one decoded from JSON
// without it: nothing tells whether the accounts changed since, so the plan
// is refused rather than trusted.
var ErrNoFingerprint = errors.New("plan has no fingerprint to verify")

// ErrExisting is returned (wrapped) by Compute and Apply when the existing
// accounts hold one id twice, or an account the plan must delete has no
// id: the store is inconsistent, and no plan can say which record to
// change.
var ErrExisting = errors.New("existing accounts are inconsistent")

// Count returns the number of changes with action a.
func (p *Plan) Count(a Action) int {
	n := 0
	for i := range p.Changes {
		if p.Changes[i].Action == a {
			n++
		}
	}
	return n
}

// Response returns the body of the sync's 200 response: the records
// created and updated, and the ids deleted, in plan order. Unchanged
// accounts are in none of the lists. The slices are never nil, as the seed
// requires all three arrays.
func (p *Plan) Response() artu.SyncResponse {
	r := artu.SyncResponse{
		Created: make([]artu.BankAccount, 0, p.Count(Create)),
		Updated: make([]artu.BankAccount, 0, p.Count(Update)),
		Deleted: make([]string, 0, p.Count(Delete)),
	}
	for i := range p.Changes {
		c := &p.Changes[i]
		switch c.Action {
		case Create:
			r.Created = append(r.Created, c.After)
		case Update:
			r.Updated = append(r.Updated, c.After)
		case Delete:
			r.Deleted = append(r.Deleted, c.Before.ID)
		}
	}
	return r
}

// Verify returns nil when the plan still holds for existing: every account
// it acts on is as it was (in any order; other clients' accounts do not
// matter), and so is everything its Basis names. Otherwise it returns an
// error wrapping ErrStale, ErrExisting when an id the plan acts on occurs
// twice, or ErrNoFingerprint when the plan has no fingerprint. Changes
// the plan does not depend on, such as a new account with keys of its own
// or another account's label, leave it valid: computing it again would
// give the same Changes.
func (p *Plan) Verify(existing []artu.BankAccount) error {
	if p.Fingerprint == (Fingerprint{}) {
		return fmt.Errorf("syncplan: %w", ErrNoFingerprint)
	}
	records, f, err := p.records(existing)
	if err != nil {
		return err
	}
	if got := fingerprint(p.ClientID, &p.Basis, records, f); got != p.Fingerprint {
		return fmt.Errorf("syncplan: plan computed from %.12s, accounts now %.12s: %w",
			p.Fingerprint, got, ErrStale)
	}
	return nil
}

// Apply returns the accounts of existing after the plan: updated records
// replace theirs in place, deleted ones are left out, created ones are
// appended in plan order, and every other record, other clients' included,
// is copied as it is. existing is not modified. It first checks the plan
// against existing with Verify and returns its error, if any.
func (p *Plan) Apply(existing []artu.BankAccount) ([]artu.BankAccount, error) {
	if err := p.Verify(existing); err != nil {
		return nil, err
	}
	touched := make(map[string]*Change)
	for i := range p.Changes {
		c := &p.Changes[i]
		if c.Action == Update || c.Action == Delete {
			touched[uuid.Canonical(c.ID())] = c
		}
	}
	out := make([]artu.BankAccount, 0, len(existing)+p.Count(Create))
	for _, a := range existing {
		c, ok := touched[uuid.Canonical(a.ID)]
		switch {
		case !ok || !uuid.Equal(a.ClientID, p.ClientID):
			out = append(out, a)
		case c.Action == Update:
			out = append(out, c.After)
		}
	}
	for i := range p.Changes {
		if c := &p.Changes[i]; c.Action == Create {
			out = append(out, c.After)
		}
	}
	return out, nil
}
