package syncplan

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/acctkit/acctkit/account"
	"github.com/acctkit/acctkit/account/artu"
	"github.com/acctkit/acctkit/internal/uuid"
)

// Options configure Compute. The zero value is ready to use; it draws ids
// from crypto/rand and reads the system clock, so tests that need the same
// plan twice set Now and NewID.
type Options struct {
	// MatchExisting turns a create item that describes an existing
	// account of the client into an update of that account (reason
	// MatchedExisting), so that a client can resend its whole list
	// without ids and keep stable ids. An item matches the account with
	// the same externalId or, failing that, the same natural key (see
	// the package documentation); among several, the lowest id wins.
	// Without it such a create is a "duplicate" error.
	MatchExisting bool
	// Now returns the time stamped on created and updated records. It is
	// called at most once per Compute, and its monotonic clock reading
	// is dropped. Nil means time.Now.
	Now func() time.Time
	// NewID returns the id of a new account. It is called once per
	// create item, in request order, when every item passes the rules of
	// its own (an id drawn for a create that MatchExisting turns into an
	// update goes unused). It must return a UUID used by no existing
	// account and not returned before; Compute reports one that is not
	// with ErrNewID. Nil means a random version 4 UUID from crypto/rand.
	NewID func() string
}

// ErrClientID is returned (wrapped) by Compute when the client id is not a
// UUID: the path parameter is broken, not the request body.
var ErrClientID = errors.New("client id is not a UUID")

// ErrNewID is returned (wrapped) by Compute when Options.NewID returns an
// id that is not a UUID, that it returned before, or that an existing
// account or an item already uses.
var ErrNewID = errors.New("new account id is unusable")

// Compute returns the plan that carries out req for the client clientID,
// whose accounts are those of existing with that clientId (ids compare
// ignoring case). Accounts of other clients in existing are ignored: never
// changed, never matched, and an item naming one gets the same not_found
// error as an unknown id, so a request cannot learn another client's ids.
//
// It is a pure function of its arguments: no I/O, and the only clock and
// randomness are Options.Now and Options.NewID. With those fixed, the same
// arguments give the same plan, whatever the order of existing.
//
// The request is all or nothing. When any item breaks a rule, Compute
// returns no plan and a *account.ValidationError that lists every problem
// of every item, with paths such as "items[3].clabe", in item order (see
// the package documentation for the rules and codes). Other errors wrap
// ErrClientID, ErrNewID or ErrExisting.
//
// The changes come in this order: creates in request order; updates in
// request order, then the demotions of primaries no item names, in id
// order; deletes in request order, then replaceMode deletions in id order;
// unchanged accounts in request order.
func Compute(clientID string, existing []artu.BankAccount, req artu.SyncRequest, opts Options) (*Plan, error) {
	if !uuid.Valid(clientID) {
		return nil, fmt.Errorf("syncplan.Compute: client id %s: %w", short(clientID), ErrClientID)
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.NewID == nil {
		opts.NewID = uuid.NewV4
	}
	n := min(len(req.Items), artu.MaxSyncItems+1) // more is one error
	sc := getScratch(n, len(existing))
	defer sc.release()
	p := &planner{clientID: clientID, req: req, opts: opts, replace: req.Replace(), items: sc.items,
		want: newLookup(n, n, sc.seen), claims: make(map[int]int, n),
		facts: facts{existing: existing, natHits: map[string][]int{}, extHits: map[string][]int{}}}
	return p.plan()
}

// plan runs the steps of Compute on a prepared planner.
func (p *planner) plan() (*Plan, error) {
	if !p.checkRequest() {
		return nil, p.validationError()
	}
	p.checkItems()
	if err := p.drawIDs(); err != nil {
		return nil, err
	}
	if err := p.scan(); err != nil {
		return nil, err
	}
	p.resolve()
	p.match()
	if err := p.matchedUnique(); err != nil {
		return nil, err
	}
	p.introduce()
	p.collisions()
	p.primary()
	if err := p.validationError(); err != nil {
		return nil, err
	}
	return p.build()
}

type kind uint8

const (
	kindCreate kind = iota
	kindUpdate
	kindDelete
)

// itemState is what Compute learns about one item.
type itemState struct {
	index int
	kind  kind
	path  account.Path
	errs  []account.FieldError
	// id is the canonical id of an update or delete item, when it is a
	// UUID.
	id string
	// target is the position in existing of the account the item acts
	// on (named by id, or matched), or -1.
	target  int
	matched bool
	// rec is, for a valid create, the new record; for a valid update or
	// matched create, the record after it (a demotion aside).
	rec    artu.BankAccount
	hasRec bool
	// nat is the natural key of rec, unless keyKept: an update that
	// sets no field of the key keeps its account's, which then goes
	// unbuilt.
	nat     string
	keyKept bool
	demoted bool
	// introNat and introExt: rec carries a natural key or externalId
	// that its account did not have before (any, for a create).
	introNat, introExt bool
}

func (s *itemState) add(field, code, msg string) {
	s.errs = append(s.errs, account.FieldError{Path: s.path.Child(field).String(), Code: code, Message: msg})
}

func (s *itemState) valid() bool { return len(s.errs) == 0 }

type planner struct {
	clientID string
	req      artu.SyncRequest
	opts     Options
	replace  bool

	top   []account.FieldError
	items []itemState
	// want holds what the scans look for: the canonical id of each
	// update or delete item (its first occurrence) with the item's
	// index, each drawn new id with ^index, and the natural keys and
	// externalIds whose holders the plan depends on (its Basis), in the
	// order the items bring them.
	want *lookup
	// claims maps the position in existing of each account an item acts
	// on to that item.
	claims map[int]int
	// facts holds the existing accounts, the positions of the client's
	// primary ones and of the holders of each key of want.
	facts
	// all holds, in replace mode only, the positions of every account of
	// the client.
	all    []int
	now    time.Time
	nowSet bool
}

// checkRequest applies the rules of the request as a whole and reports
// whether the items are worth checking.
func (p *planner) checkRequest() bool {
	items := account.NewPath("items").String()
	if p.req.ReplaceMode.IsNull() {
		p.top = append(p.top, account.FieldError{Path: "replaceMode", Code: account.CodeType, Message: "must be a boolean, not null"})
	}
	switch n := len(p.req.Items); {
	case p.req.Items == nil:
		p.top = append(p.top, account.FieldError{Path: items, Code: account.CodeRequired, Message: "is required"})
	case n > artu.MaxSyncItems:
		// One error, not one per item: the work stays bounded by the
		// limit whatever the request holds.
		p.top = append(p.top, account.FieldError{Path: items, Code: account.CodeTooMany,
			Message: "has " + strconv.Itoa(n) + " items, at most " + strconv.Itoa(artu.MaxSyncItems) + " are allowed"})
		return false
	}
	return true
}

// itemPaths holds the paths of the items a request may have, built once
// rather than per item and Compute.
var itemPaths = sync.OnceValue(func() []account.Path {
	items := account.NewPath("items")
	paths := make([]account.Path, artu.MaxSyncItems)
	for i := range paths {
		paths[i] = items.Index(i)
	}
	return paths
})

// checkItems applies account's rules to each item on its own, the client
// id rule, and the rule that an id appears once.
func (p *planner) checkItems() {
	paths := itemPaths()
	for i := range p.req.Items {
		it := &p.req.Items[i]
		s := &p.items[i]
		s.index, s.path, s.target = i, paths[i], -1
		switch {
		case !it.ID.IsSet():
			// No id: a create. "_delete" (true, false or null) on it
			// is its own error, and the create's fields are still
			// checked, so that every problem of the item is reported.
			s.kind = kindCreate
			if it.Delete.IsSet() {
				c := *it
				c.Delete = account.Optional[bool]{}
				s.errs = c.ValidateAt(s.path)
				s.add("_delete", account.CodeForbidden, `is only allowed on an item with an "id"`)
			} else {
				s.errs = it.ValidateAt(s.path)
			}
		case it.IsDelete():
			// The Rails _destroy convention: the other fields of a
			// delete item are ignored, so only its id is checked.
			s.kind = kindDelete
			s.errs = artu.SyncItem{ID: it.ID, Delete: it.Delete}.ValidateAt(s.path)
		default:
			s.kind = kindUpdate
			s.errs = it.ValidateAt(s.path)
		}
		if s.kind != kindDelete {
			if cid, ok := it.ClientID.Get(); ok && uuid.Valid(cid) && !uuid.Equal(cid, p.clientID) {
				s.add("clientId", account.CodeForbidden, "must be the client id of the request path")
			}
		}
		if s.kind != kindCreate {
			if id, ok := it.ID.Get(); ok && uuid.Valid(id) {
				s.id = uuid.Canonical(id)
				if j, added := p.want.addID(s.id, i); !added {
					s.add("id", account.CodeDuplicate, "repeats the id of items["+strconv.Itoa(j)+"]")
				}
			}
		}
		if s.kind == kindCreate && s.valid() {
			s.rec = it.Account()
			s.rec.ClientID = p.clientID
			s.hasRec = true
			s.nat = naturalKey(&s.rec)
			if s.nat != "" {
				p.want.addNat(s.nat)
			}
			if s.rec.ExternalID != "" {
				p.want.addExt(s.rec.ExternalID)
			}
		}
	}
}

func (p *planner) failed() bool {
	if len(p.top) > 0 {
		return true
	}
	for i := range p.items {
		if !p.items[i].valid() {
			return true
		}
	}
	return false
}

// drawIDs gives each create its id before the scan of the existing
// accounts, so that the scan also checks the new ids are not in use. A
// request already known to be invalid draws none.
func (p *planner) drawIDs() error {
	if p.failed() {
		return nil
	}
	for i := range p.items {
		s := &p.items[i]
		if s.kind != kindCreate {
			continue
		}
		id := p.opts.NewID()
		if !uuid.Valid(id) {
			return fmt.Errorf("syncplan.Compute: Options.NewID returned %s for items[%d], not a UUID: %w", short(id), i, ErrNewID)
		}
		if j, added := p.want.addID(id, ^i); !added {
			if j < 0 {
				j = ^j
			}
			return fmt.Errorf("syncplan.Compute: Options.NewID returned %s for items[%d], the id of items[%d]: %w", short(id), i, j, ErrNewID)
		}
		s.rec.ID = id
	}
	return nil
}

// scan is the one pass over all existing accounts every Compute makes: it
// finds the accounts the items name and those holding a create's natural
// key or externalId, and notes the primaries. It looks each account up in
// the small sets want built from the items rather than indexing the
// existing accounts, so an account costs it a few nanoseconds.
func (p *planner) scan() error {
	for pos := range p.existing {
		a := &p.existing[pos]
		v, named := p.want.idAt(pos, a.ID)
		if !uuid.Equal(a.ClientID, p.clientID) {
			if named && v < 0 {
				return fmt.Errorf("syncplan.Compute: Options.NewID returned %s for items[%d], the id of another client's account: %w", short(a.ID), ^v, ErrNewID)
			}
			continue
		}
		if named {
			if v < 0 {
				return fmt.Errorf("syncplan.Compute: Options.NewID returned %s for items[%d], the id of an existing account: %w", short(a.ID), ^v, ErrNewID)
			}
			s := &p.items[v]
			if s.target >= 0 {
				return p.heldTwice(pos)
			}
			s.target = pos
		}
		if a.IsPrimary {
			p.primaries = append(p.primaries, pos)
		}
		if p.replace {
			p.all = append(p.all, pos)
		}
		p.noteHolder(pos, a, p.want)
	}
	return nil
}

// resolve reports the ids that name no account of the client and computes
// what each valid update leaves.
func (p *planner) resolve() {
	for i := range p.items {
		s := &p.items[i]
		if s.kind == kindCreate || s.id == "" {
			continue
		}
		if first, _ := p.want.id(s.id); first != i {
			continue // a repeated id, reported already
		}
		if s.target < 0 {
			// The same words for an unknown id and another client's:
			// the answer must not tell them apart.
			s.add("id", account.CodeNotFound, "is not the id of a bank account of this client")
			continue
		}
		p.claims[s.target] = i
		if s.kind == kindUpdate && s.valid() {
			p.apply(s, &p.req.Items[i])
		}
	}
}

// apply computes the record an update (or matched create) leaves, and
// checks it as a whole: an update item alone cannot be checked against the
// fields it does not carry (a clabe on an account whose country is US).
// Problems the record already had before are not the item's doing and are
// not reported.
func (p *planner) apply(s *itemState, it *artu.SyncItem) {
	before := &p.existing[s.target]
	after := it.ApplyTo(*before)
	after.ID, after.ClientID = before.ID, before.ClientID // the client id may differ in case only
	if errs := after.ValidateAt(s.path); len(errs) > 0 {
		old := before.ValidateAt(s.path)
		for _, e := range errs {
			if !slices.ContainsFunc(old, func(o account.FieldError) bool { return o.Path == e.Path && o.Code == e.Code }) {
				s.errs = append(s.errs, e)
			}
		}
	}
	s.rec, s.hasRec = after, true
}

// match turns creates into updates of the existing accounts they
// describe, under Options.MatchExisting.
func (p *planner) match() {
	if !p.opts.MatchExisting {
		return
	}
	for i := range p.items {
		s := &p.items[i]
		if s.kind != kindCreate || !s.valid() {
			continue
		}
		pos, field := p.candidate(s)
		if pos < 0 {
			continue
		}
		if j, claimed := p.claims[pos]; claimed {
			s.add(field, account.CodeDuplicate, "matches bank account "+p.existing[pos].ID+
				", which items["+strconv.Itoa(j)+"] also names")
			continue
		}
		p.claims[pos] = i
		s.target, s.matched = pos, true
		p.apply(s, &p.req.Items[i])
	}
}

// matchedUnique refuses, with ErrExisting, a matched account whose id
// another of the client's accounts also holds: scan checks that for the
// ids items name, but a match is found by key, not by id.
func (p *planner) matchedUnique() error {
	var matched []int
	for i := range p.items {
		if s := &p.items[i]; s.matched {
			matched = append(matched, s.target)
		}
	}
	return p.heldOnce(matched)
}

// heldOnce refuses, with ErrExisting, a change to an account at one of
// positions whose id another of the client's accounts also holds: the
// change could not say which of the two records it means. The scan checks
// that for the ids items name; this covers the accounts a plan changes
// without an item naming their id (matched creates, demoted primaries).
func (p *planner) heldOnce(positions []int) error {
	if j := p.want.heldTwice(p.existing, positions, p.clientID); j >= 0 {
		return p.heldTwice(j)
	}
	return nil
}

func (p *planner) heldTwice(pos int) error {
	return fmt.Errorf("syncplan.Compute: existing accounts hold id %s twice: %w", short(p.existing[pos].ID), ErrExisting)
}

// candidate returns the existing account a create matches and the field it
// matches on: the lowest id with the same externalId, else with the same
// natural key, leaving out accounts a delete item removes.
func (p *planner) candidate(s *itemState) (int, string) {
	if s.rec.ExternalID != "" {
		if best := p.lowest(p.extHits[s.rec.ExternalID]); best >= 0 {
			return best, "externalId"
		}
	}
	if s.nat != "" {
		if best := p.lowest(p.natHits[s.nat]); best >= 0 {
			return best, p.natField(s)
		}
	}
	return -1, ""
}

func (p *planner) lowest(positions []int) int {
	best := -1
	for _, pos := range positions {
		if j, ok := p.claims[pos]; ok && p.items[j].kind == kindDelete {
			continue
		}
		if best < 0 || uuid.Compare(p.existing[pos].ID, p.existing[best].ID) < 0 {
			best = pos
		}
	}
	return best
}

// natField is the field a natural-key error points at: clabe when the key
// is a CLABE the item gives as such, else accountNumber.
func (p *planner) natField(s *itemState) string {
	if _, ok := p.req.Items[s.index].CLABE.Get(); ok && strings.HasPrefix(s.nat, "C") {
		return "clabe"
	}
	return "accountNumber"
}

// introduce works out which natural keys and externalIds each valid item
// brings to the client, and scans the existing accounts again for the
// holders of those the first scan did not look for (keys an update
// changes to). Requests that change no keys skip the second scan.
func (p *planner) introduce() {
	extra := newLookup(0, 0, nil)
	for i := range p.items {
		s := &p.items[i]
		if !s.hasRec {
			continue
		}
		if s.target >= 0 {
			if s.matched || setsKeyField(&p.req.Items[i]) {
				s.nat = naturalKey(&s.rec)
			} else {
				s.keyKept = true
			}
		}
		if !s.valid() {
			continue
		}
		if s.target < 0 { // a create
			s.introNat, s.introExt = s.nat != "", s.rec.ExternalID != ""
			continue
		}
		before := &p.existing[s.target]
		s.introNat = !s.keyKept && s.nat != "" && s.nat != naturalKey(before)
		s.introExt = s.rec.ExternalID != "" && s.rec.ExternalID != before.ExternalID
		if s.introNat && !p.want.hasNat(s.nat) {
			extra.addNat(s.nat)
		}
		if s.introExt && !p.want.hasExt(s.rec.ExternalID) {
			extra.addExt(s.rec.ExternalID)
		}
	}
	if len(extra.natKeys) == 0 && len(extra.extKeys) == 0 {
		return
	}
	for pos := range p.existing {
		if a := &p.existing[pos]; uuid.Equal(a.ClientID, p.clientID) {
			p.noteHolder(pos, a, extra)
		}
	}
	for _, k := range extra.natKeys { // the plan depends on their holders too
		p.want.addNat(k)
	}
	for _, k := range extra.extKeys {
		p.want.addExt(k)
	}
}

// collisions reports the natural keys and externalIds the plan would
// leave on two of the client's accounts. A key an untouched account keeps
// makes every item that brings it an error; between items alone, the
// first in request order keeps it. Duplicates already in the store that
// no item touches are left alone.
func (p *planner) collisions() {
	nat := newKeyOwners(len(p.want.natKeys))
	ext := newKeyOwners(len(p.want.extKeys))
	for i := range p.items {
		s := &p.items[i]
		if s.introNat {
			k := s.nat
			h, first := nat.claim(p.want.nat[k], i, func() int {
				return p.holder(p.natHits[k], func(s *itemState) bool { return s.keyKept || s.nat == k })
			})
			switch {
			case h >= 0:
				s.add(p.natField(s), account.CodeDuplicate, "describes bank account "+p.existing[h].ID+", which exists")
			case first != i:
				s.add(p.natField(s), account.CodeDuplicate, "describes the same bank account as items["+strconv.Itoa(first)+"]")
			}
		}
		if s.introExt {
			k := s.rec.ExternalID
			h, first := ext.claim(p.want.ext[k], i, func() int {
				return p.holder(p.extHits[k], func(s *itemState) bool { return s.rec.ExternalID == k })
			})
			switch {
			case h >= 0:
				s.add("externalId", account.CodeDuplicate, "is already the externalId of bank account "+p.existing[h].ID)
			case first != i:
				s.add("externalId", account.CodeDuplicate, "is also the externalId of items["+strconv.Itoa(first)+"]")
			}
		}
	}
}

// keyOwners tracks, for each key (by its index in the lookup), the
// existing account that keeps it and the first item that brings it.
type keyOwners struct{ holder, first []int }

func newKeyOwners(n int) *keyOwners {
	o := &keyOwners{holder: make([]int, n), first: make([]int, n)}
	for k := range n {
		o.holder[k], o.first[k] = -2, -1 // -2: holder not looked up yet
	}
	return o
}

// claim records that item i brings key k, and returns the existing
// holder of the key (-1 for none; holder finds it, once per key) and the
// first item that brought it.
func (o *keyOwners) claim(k, i int, holder func() int) (int, int) {
	if o.holder[k] == -2 {
		o.holder[k] = holder()
	}
	if o.first[k] < 0 {
		o.first[k] = i
	}
	return o.holder[k], o.first[k]
}

// holder returns the existing account (lowest id) among positions that
// still holds the key after the plan, or -1: not deleted, and, if an item
// updates it, still holding the key afterwards (keeps reports whether an
// item's record does).
func (p *planner) holder(positions []int, keeps func(*itemState) bool) int {
	best := -1
	for _, pos := range positions {
		if j, ok := p.claims[pos]; ok {
			s := &p.items[j]
			if s.kind == kindDelete || s.hasRec && !keeps(s) {
				continue
			}
		} else if p.replace {
			continue
		}
		if best < 0 || uuid.Compare(p.existing[pos].ID, p.existing[best].ID) < 0 {
			best = pos
		}
	}
	return best
}

// primary applies the single-primary rules: two items setting isPrimary
// are both wrong; one demotes every other primary; a primary an item
// makes or leaves must be active.
func (p *planner) primary() {
	var setters []int
	for i := range p.req.Items {
		if v, ok := p.req.Items[i].IsPrimary.Get(); ok && v && p.items[i].kind != kindDelete {
			setters = append(setters, i)
		}
	}
	if len(setters) > 1 {
		for _, i := range setters {
			var others []string
			for _, j := range setters {
				if j != i {
					others = append(others, "items["+strconv.Itoa(j)+"]")
				}
			}
			p.items[i].add("isPrimary", account.CodeConflict,
				"is also true on "+strings.Join(others, ", ")+"; at most one account can be primary")
		}
	}
	// Every item that leaves an account is checked, valid or not, so
	// that an item with another error (a duplicate, say) still hears
	// about its inactive primary.
	leaves := make([]status, len(p.items))
	for i := range p.items {
		leaves[i] = p.leaves(&p.items[i])
	}
	if len(setters) == 1 {
		// Demote even when some item is invalid, so the check below
		// does not blame an item for a primary the request moves away.
		for i := range p.items {
			if i != setters[0] && leaves[i].known && leaves[i].primary {
				p.items[i].demoted = true
			}
		}
	}
	for i := range p.items {
		s := &p.items[i]
		if l := leaves[i]; !l.known || !l.primary || s.demoted || l.active {
			continue
		}
		it := &p.req.Items[i]
		primary, _ := it.IsPrimary.Get()
		if _, ok := it.IsActive.Get(); ok {
			s.add("isActive", account.CodeConflict, "is false on the primary account; a primary account must be active (make another account primary first, or in the same request)")
		} else if primary {
			s.add("isPrimary", account.CodeConflict, "is true but the account is not active; a primary account must be active (set isActive to true)")
		}
	}
}

// status is what the single-primary rules need to know of the account
// an item leaves.
type status struct{ known, primary, active bool }

// leaves returns the status of the account an item leaves, whether or not
// the item breaks a rule; it is not known for a delete, an update whose
// id names no account of the client (or repeats an earlier item's), or
// an item whose isPrimary or isActive is null.
func (p *planner) leaves(s *itemState) status {
	it := &p.req.Items[s.index]
	var a artu.BankAccount
	switch {
	case it.IsPrimary.IsNull() || it.IsActive.IsNull():
		return status{}
	case s.hasRec:
		return status{true, s.rec.IsPrimary, s.rec.IsActive}
	case s.kind == kindCreate:
		a = it.Account()
	case s.kind == kindUpdate && s.target >= 0:
		a = it.ApplyTo(p.existing[s.target])
	default:
		return status{}
	}
	return status{true, a.IsPrimary, a.IsActive}
}

func (p *planner) validationError() error {
	errs := p.top
	for i := range p.items {
		errs = append(errs, p.items[i].errs...)
	}
	if len(errs) == 0 {
		return nil
	}
	return &account.ValidationError{Errors: errs}
}
