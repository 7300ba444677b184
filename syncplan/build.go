package syncplan

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/acctkit/acctkit/account/artu"
	"github.com/acctkit/acctkit/internal/uuid"
)

// The plan's assembly: the changes in their documented order, once every
// rule has passed.

func (p *planner) stamp() time.Time {
	if !p.nowSet {
		p.now, p.nowSet = p.opts.Now().Round(0), true
	}
	return p.now
}

// build lays the changes out in their documented order, appending each
// once into a slice of the final size: a Change holds two records, and
// copying them around is most of the cost of a large plan.
func (p *planner) build() (*Plan, error) {
	var demote, gone []int
	var err error
	if p.replace {
		// Replace mode deletes the primaries no item names instead of
		// demoting them.
		if gone, err = p.unnamed(p.all); err != nil {
			return nil, err
		}
	} else if p.newPrimary() {
		if demote, err = p.unnamed(p.primaries); err != nil {
			return nil, err
		}
		if err = p.heldOnce(demote); err != nil {
			return nil, err
		}
	}
	plan := &Plan{ClientID: p.clientID, Changes: make([]Change, 0, len(p.items)+len(demote)+len(gone))}
	for i := range p.items {
		if s := &p.items[i]; s.kind == kindCreate && !s.matched {
			rec := s.rec
			rec.CreatedAt = p.stamp()
			rec.UpdatedAt = rec.CreatedAt
			plan.Changes = append(plan.Changes, Change{Action: Create, Reason: Requested, Item: i, After: rec})
		}
	}
	var unchanged []int
	for i := range p.items {
		if s := &p.items[i]; s.kind == kindUpdate || s.matched {
			if !p.update(plan, s) {
				unchanged = append(unchanged, i)
			}
		}
	}
	for _, pos := range demote {
		plan.Changes = append(plan.Changes, Change{Action: Update, Reason: PrimaryDemoted, Item: NoItem,
			Before: p.existing[pos], After: p.existing[pos], Fields: []string{"isPrimary"}})
		after := &plan.Changes[len(plan.Changes)-1].After
		after.IsPrimary, after.UpdatedAt = false, p.stamp()
	}
	for i := range p.items {
		if s := &p.items[i]; s.kind == kindDelete {
			plan.Changes = append(plan.Changes, Change{Action: Delete, Reason: Requested, Item: i, Before: p.existing[s.target]})
		}
	}
	for _, pos := range gone {
		plan.Changes = append(plan.Changes, Change{Action: Delete, Reason: ReplaceMode, Item: NoItem, Before: p.existing[pos]})
	}
	for _, i := range unchanged {
		s := &p.items[i]
		plan.Changes = append(plan.Changes, Change{Action: Unchanged, Reason: p.reason(s), Item: i,
			Before: p.existing[s.target], After: p.existing[s.target]})
	}
	p.fingerprint(plan)
	detach(plan.Changes)
	return plan, nil
}

// detach gives the records of changes metadata maps of their own: a Plan
// shares no map with the accounts or the request it comes from, so that
// the caller may change those freely. The values, JSON bytes that no one
// edits in place, are shared. The Before and After of a change that
// leaves metadata alone share one copy: copying is most of the cost.
func detach(changes []Change) {
	for i := range changes {
		c := &changes[i]
		same := sameMap(c.Before.Metadata, c.After.Metadata)
		c.Before.Metadata = maps.Clone(c.Before.Metadata)
		if same {
			c.After.Metadata = c.Before.Metadata
		} else {
			c.After.Metadata = maps.Clone(c.After.Metadata)
		}
	}
}

// fingerprint sets the plan's Basis and the Fingerprint of the records its
// changes act on and the facts the planner gathered; Plan.Verify gathers
// the same again.
func (p *planner) fingerprint(plan *Plan) {
	plan.Basis = Basis{NaturalKeys: p.want.natKeys, ExternalIDs: p.want.extKeys, Primary: p.newPrimary(), ReplaceMode: p.replace}
	records := make([]*artu.BankAccount, len(plan.Changes))
	for i := range plan.Changes {
		if c := &plan.Changes[i]; c.Action != Create {
			records[i] = &c.Before
		}
	}
	plan.Fingerprint = fingerprint(p.clientID, &plan.Basis, records, &p.facts)
}

// newPrimary reports whether an item makes an account primary.
func (p *planner) newPrimary() bool {
	for i := range p.items {
		if v, ok := p.req.Items[i].IsPrimary.Get(); ok && v && p.items[i].kind != kindDelete {
			return true
		}
	}
	return false
}

// update appends the change of an update item or matched create, and
// reports false, appending nothing, when it changes nothing: the record
// after equals the normalized record before.
func (p *planner) update(plan *Plan, s *itemState) bool {
	before := &p.existing[s.target]
	norm := before.Normalize()
	demoted := s.rec.IsPrimary && s.demoted
	s.rec.IsPrimary = s.rec.IsPrimary && !s.demoted
	if differences(&norm, &s.rec) == 0 {
		return false
	}
	// Against the record as stored: a default the update fills in
	// (a type the record lacked) is a change a caller must write.
	fields := changedFields(before, &s.rec)
	reason := p.reason(s)
	if demoted && len(fields) == 1 && fields[0] == "isPrimary" {
		reason = PrimaryDemoted
	}
	plan.Changes = append(plan.Changes, Change{Action: Update, Reason: reason, Item: s.index,
		Before: *before, After: s.rec, Fields: fields})
	plan.Changes[len(plan.Changes)-1].After.UpdatedAt = p.stamp()
	return true
}

func (p *planner) reason(s *itemState) Reason {
	if s.matched {
		return MatchedExisting
	}
	return Requested
}

// unnamed returns the positions no item acts on, in id order. Two of them
// with one id, or one without an id, make the store inconsistent: the
// change could not say which record it means.
func (p *planner) unnamed(positions []int) ([]int, error) {
	type entry struct {
		id  string
		pos int
	}
	var list []entry
	for _, pos := range positions {
		if _, ok := p.claims[pos]; !ok {
			list = append(list, entry{uuid.Canonical(p.existing[pos].ID), pos})
		}
	}
	// Canonical once per id, then plain string order: a sort compares
	// each id many times.
	slices.SortFunc(list, func(a, b entry) int { return strings.Compare(a.id, b.id) })
	out := make([]int, len(list))
	for k, e := range list {
		if e.id == "" || k > 0 && list[k-1].id == e.id {
			return nil, fmt.Errorf("syncplan.Compute: existing account id %s is empty or occurs twice: %w", short(p.existing[e.pos].ID), ErrExisting)
		}
		out[k] = e.pos
	}
	return out, nil
}
