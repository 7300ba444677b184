package syncplan

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/acctkit/acctkit/account"
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
func Compute(clientID string, existing []account.BankAccount, req account.SyncRequest, opts Options) (*Plan, error) {
	if !uuid.Valid(clientID) {
		return nil, fmt.Errorf("syncplan.Compute: client id %s: %w", short(clientID), ErrClientID)
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.NewID == nil {
		opts.NewID = newUUIDv4
	}
	p := planners.Get().(*planner)
	defer p.release()
	p.clientID, p.existing, p.req, p.opts, p.replace = clientID, existing, req, opts, req.Replace()
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
	rec    account.BankAccount
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
	existing []account.BankAccount
	req      account.SyncRequest
	opts     Options
	replace  bool

	top   []account.FieldError
	items []itemState
	// ids maps the canonical id of each update or delete item (its
	// first occurrence) to the item's index, and each drawn new id to
	// ^index.
	ids map[string]int
	// claims maps the position in existing of each account an item acts
	// on to that item.
	claims map[int]int
	// primaries and all are positions of the client's accounts: the
	// primary ones, and (in replace mode only) every one.
	primaries, all []int
	// natWant and extWant are the natural keys and externalIds whose
	// existing holders the scans look for; natHits and extHits map each
	// to the positions found.
	natWant, extWant map[string]struct{}
	// natKeys and extKeys hold the keys of natWant and extWant in the
	// order the items bring them: the plan's Basis.
	natKeys, extKeys []string
	natHits, extHits map[string][]int
	// idF, natF and extF filter the keys of ids, natWant and extWant,
	// so that the scan probes those maps only for likely hits.
	idF, natF filter
	extF      extFilter
	// hashes holds, by position, the top half of idHash, or 1, of each
	// id of the client that has 36 bytes, else 0; empty when no heldOnce
	// check can come.
	hashes   []uint32
	keyBuf   []byte
	nat, ext *groups // collisions' scratch
	now      time.Time
	nowSet   bool
}

// planners recycles the planners of Compute. The scratch of a plan of 250
// items against 10,000 accounts (item states, maps, groups, the scan's id
// hashes) is about 220 KiB: allocated per call, it was half of what a
// Compute allocated, and the garbage collector's work grows with that.
var planners = sync.Pool{New: func() any { return new(planner) }}

// maxPooled bounds the length of a slice a pooled planner keeps (the id
// hashes: 1 MiB): one client with millions of accounts should not pin
// that much in every pooled planner for as long as the service runs.
const maxPooled = 1 << 18

// release puts p back in planners.
func (p *planner) release() {
	p.reset()
	planners.Put(p)
}

// reset empties p for reuse, keeping the capacity of its slices and maps
// and none of their contents: a pooled planner must neither keep the
// caller's accounts alive nor show them to the next Compute. What a plan
// or an error returns (the Basis keys, the top-level errors) is never
// reused.
func (p *planner) reset() {
	clear(p.ids)
	clear(p.claims)
	clear(p.natWant)
	clear(p.extWant)
	clear(p.natHits)
	clear(p.extHits)
	p.nat.clear()
	p.ext.clear()
	*p = planner{
		items: emptied(p.items), ids: p.ids, claims: p.claims,
		primaries: emptied(p.primaries), all: emptied(p.all), hashes: emptied(p.hashes),
		natWant: p.natWant, extWant: p.extWant, natHits: p.natHits, extHits: p.extHits,
		keyBuf: emptied(p.keyBuf[:cap(p.keyBuf)]), nat: p.nat, ext: p.ext,
	}
}

// emptied returns s zeroed with length 0, or nil if it is too large to
// keep. What lies beyond len(s) is zero already: the planner writes its
// slices only below their length, except keyBuf, which reset passes
// whole. So a small request does not pay to clear what a large one used.
func emptied[T any](s []T) []T {
	if cap(s) > maxPooled {
		return nil
	}
	clear(s)
	return s[:0]
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
	case n > account.MaxSyncItems:
		// One error, not one per item: the work stays bounded by the
		// limit whatever the request holds.
		p.top = append(p.top, account.FieldError{Path: items, Code: account.CodeTooMany,
			Message: "has " + strconv.Itoa(n) + " items, at most " + strconv.Itoa(account.MaxSyncItems) + " are allowed"})
		return false
	}
	return true
}

// itemPaths holds the paths of the items a request may have, built once
// rather than per item and Compute.
var itemPaths = sync.OnceValue(func() []account.Path {
	items := account.NewPath("items")
	paths := make([]account.Path, account.MaxSyncItems)
	for i := range paths {
		paths[i] = items.Index(i)
	}
	return paths
})

// checkItems applies account's rules to each item on its own, the client
// id rule, and the rule that an id appears once.
func (p *planner) checkItems() {
	n := len(p.req.Items)
	p.items = slices.Grow(p.items, n)[:n] // reset left them zero
	p.ids = ensureMap(p.ids, n)
	p.claims = ensureMap(p.claims, n)
	p.natWant = ensureMap(p.natWant, n)
	p.extWant = ensureMap(p.extWant, n)
	p.natHits = ensureMap(p.natHits, 0)
	p.extHits = ensureMap(p.extHits, 0)
	paths := itemPaths()
	for i := range p.req.Items {
		it := &p.req.Items[i]
		s := &p.items[i]
		s.index, s.path, s.target = i, paths[i], -1
		switch {
		case it.IsDelete():
			// The Rails _destroy convention: the other fields of a
			// delete item are ignored, so only its id is checked.
			s.kind = kindDelete
			s.errs = account.SyncItem{ID: it.ID, Delete: it.Delete}.ValidateAt(s.path)
		case it.IsCreate():
			s.kind = kindCreate
			s.errs = it.ValidateAt(s.path)
		case !it.ID.IsSet():
			// "_delete": false (or null) without an id: a create that
			// carries _delete, not an update missing its id.
			s.kind = kindCreate
			c := *it
			c.Delete = account.Optional[bool]{}
			s.errs = c.ValidateAt(s.path)
			s.add("_delete", account.CodeForbidden, `is only allowed on an item with an "id"`)
		default:
			s.kind = kindUpdate
			s.errs = it.ValidateAt(s.path)
		}
		if s.kind != kindDelete {
			if cid, ok := it.ClientID.Get(); ok && uuid.Valid(cid) && !sameID(cid, p.clientID) {
				s.add("clientId", account.CodeForbidden, "must be the client id of the request path")
			}
		}
		if s.kind != kindCreate {
			if id, ok := it.ID.Get(); ok && uuid.Valid(id) {
				s.id = canonicalID(id)
				if j, dup := p.ids[s.id]; dup {
					s.add("id", account.CodeDuplicate, "repeats the id of items["+strconv.Itoa(j)+"]")
				} else {
					p.ids[s.id] = i
					p.idF.add(idHash(s.id))
				}
			}
		}
		if s.kind == kindCreate && s.valid() {
			s.rec = it.Account()
			s.rec.ClientID = p.clientID
			s.hasRec = true
			s.nat = naturalKey(&s.rec)
			if s.nat != "" {
				want(p.natWant, &p.natKeys, s.nat)
				p.natF.add(keyTail(s.nat))
			}
			if s.rec.ExternalID != "" {
				want(p.extWant, &p.extKeys, s.rec.ExternalID)
				p.extF.add(s.rec.ExternalID)
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
		c := canonicalID(id)
		if j, used := p.ids[c]; used {
			if j < 0 {
				j = ^j
			}
			return fmt.Errorf("syncplan.Compute: Options.NewID returned %s for items[%d], the id of items[%d]: %w", short(id), i, j, ErrNewID)
		}
		p.ids[c] = ^i
		p.idF.add(idHash(c))
		s.rec.ID = id
	}
	return nil
}

// lookup finds the item an existing id belongs to. A 36-byte id the
// filter rules out is in no case form a key of ids (only ASCII letters
// lower-case to ASCII hex digits), so most ids cost no map probe.
func (p *planner) lookup(id string) (int, bool) {
	if len(id) == 36 {
		return p.lookupHashed(id, idHash(id))
	}
	return p.lookupHashed(id, 0)
}

// lookupHashed is lookup given idHash(id) for an id of 36 bytes.
func (p *planner) lookupHashed(id string, h uint64) (int, bool) {
	if len(p.ids) == 0 || len(id) == 36 && !p.idF.has(h) {
		return 0, false
	}
	v, ok := p.ids[id]
	if !ok && hasUpper(id) {
		v, ok = p.ids[canonicalID(id)]
	}
	return v, ok
}

// scan is the one pass over all existing accounts every Compute makes: it
// finds the accounts the items name and those holding a create's natural
// key or externalId, notes the primaries, and keeps the hash of every id
// of the client for heldOnce. It looks up small maps built from the items
// rather than indexing the existing accounts, so its cost per account is
// a few filter probes.
func (p *planner) scan() error {
	if p.opts.MatchExisting || p.newPrimary() { // heldOnce will want them
		n := len(p.existing)
		p.hashes = slices.Grow(p.hashes, n)[:n] // reset left them zero
	}
	for pos := range p.existing {
		a := &p.existing[pos]
		if !sameID(a.ClientID, p.clientID) {
			if v, ok := p.lookup(a.ID); ok && v < 0 {
				return fmt.Errorf("syncplan.Compute: Options.NewID returned %s for items[%d], the id of another client's account: %w", short(a.ID), ^v, ErrNewID)
			}
			continue
		}
		var h uint64
		if len(a.ID) == 36 {
			h = idHash(a.ID)
			if len(p.hashes) != 0 {
				p.hashes[pos] = uint32(h>>32) | 1
			}
		}
		if v, ok := p.lookupHashed(a.ID, h); ok {
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
		p.keyHits(pos, a, p.natWant, p.extWant, &p.natF, &p.extF)
	}
	return nil
}

// keyHits records a as a holder of any natural key in nat or externalId in
// ext. The filters, when given, hold the keyTail of every key of nat and
// every key of ext. The key is built in a reused buffer; looking it up
// does not allocate.
func (p *planner) keyHits(pos int, a *account.BankAccount, nat, ext map[string]struct{}, natF *filter, extF *extFilter) {
	if len(nat) > 0 && (natF == nil || mayHoldKey(natF, a)) {
		p.keyBuf = appendNaturalKey(p.keyBuf[:0], a)
		if _, ok := nat[string(p.keyBuf)]; ok && len(p.keyBuf) > 0 {
			k := string(p.keyBuf)
			p.natHits[k] = append(p.natHits[k], pos)
		}
	}
	if len(ext) > 0 && a.ExternalID != "" && (extF == nil || extF.has(a.ExternalID)) {
		if _, ok := ext[a.ExternalID]; ok {
			p.extHits[a.ExternalID] = append(p.extHits[a.ExternalID], pos)
		}
	}
}

// resolve reports the ids that name no account of the client and computes
// what each valid update leaves.
func (p *planner) resolve() {
	for i := range p.items {
		s := &p.items[i]
		if s.kind == kindCreate || s.id == "" || p.ids[s.id] != i {
			continue
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
func (p *planner) apply(s *itemState, it *account.SyncItem) {
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
// change could not say which of the two records it means. It covers the
// accounts a plan changes without an item naming their id (matched
// creates, demoted primaries), so scan keeps the hashes it reads when
// MatchExisting is set or an item makes an account primary. For ids of 36
// bytes it reads only those hashes, not the accounts again.
func (p *planner) heldOnce(positions []int) error {
	if len(positions) == 0 {
		return nil
	}
	var f filter
	var odd []int // positions whose id is not of 36 bytes
	for _, pos := range positions {
		if h := p.hashes[pos]; h != 0 {
			f.add(uint64(h))
		} else {
			odd = append(odd, pos)
		}
	}
	for j, h := range p.hashes {
		if h == 0 || !f.has(uint64(h)) {
			continue
		}
		for _, pos := range positions {
			if p.hashes[pos] == h && pos != j && sameID(p.existing[pos].ID, p.existing[j].ID) {
				return p.heldTwice(j)
			}
		}
	}
	for _, pos := range odd {
		for j := range p.existing {
			a := &p.existing[j]
			if j != pos && sameID(a.ID, p.existing[pos].ID) && sameID(a.ClientID, p.clientID) {
				return p.heldTwice(j)
			}
		}
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
		if best < 0 || canonicalID(p.existing[pos].ID) < canonicalID(p.existing[best].ID) {
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
	extraNat := make(map[string]struct{})
	extraExt := make(map[string]struct{})
	var natKeys, extKeys []string // extraNat's and extraExt's, in item order
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
		if !s.keyKept {
			p.keyBuf = appendNaturalKey(p.keyBuf[:0], before)
			s.introNat = s.nat != "" && s.nat != string(p.keyBuf)
		}
		s.introExt = s.rec.ExternalID != "" && s.rec.ExternalID != before.ExternalID
		if _, ok := p.natWant[s.nat]; s.introNat && !ok {
			want(extraNat, &natKeys, s.nat)
		}
		if _, ok := p.extWant[s.rec.ExternalID]; s.introExt && !ok {
			want(extraExt, &extKeys, s.rec.ExternalID)
		}
	}
	if len(extraNat) == 0 && len(extraExt) == 0 {
		return
	}
	for pos := range p.existing {
		if a := &p.existing[pos]; sameID(a.ClientID, p.clientID) {
			p.keyHits(pos, a, extraNat, extraExt, nil, nil)
		}
	}
	for _, k := range natKeys { // the plan depends on their holders too
		want(p.natWant, &p.natKeys, k)
	}
	for _, k := range extKeys {
		want(p.extWant, &p.extKeys, k)
	}
}

// want adds k to set and, the first time, to the end of order.
func want(set map[string]struct{}, order *[]string, k string) {
	if _, ok := set[k]; !ok {
		set[k] = struct{}{}
		*order = append(*order, k)
	}
}

// collisions reports the natural keys and externalIds the plan would
// leave on two of the client's accounts. A key an untouched account keeps
// makes every item that brings it an error; between items alone, the
// first in request order keeps it. Duplicates already in the store that
// no item touches are left alone.
func (p *planner) collisions() {
	p.nat, p.ext = p.nat.ready(len(p.items)), p.ext.ready(len(p.items))
	nat, ext := p.nat, p.ext
	for i := range p.items {
		s := &p.items[i]
		if s.introNat {
			nat.add(s.nat, i)
		}
		if s.introExt {
			ext.add(s.rec.ExternalID, i)
		}
	}
	for _, k := range nat.keys {
		first := nat.first[k]
		if h := p.holder(p.natHits[k], func(s *itemState) bool { return s.keyKept || s.nat == k }); h >= 0 {
			for i := first; i >= 0; i = nat.next[i] {
				s := &p.items[i]
				s.add(p.natField(s), account.CodeDuplicate, "describes bank account "+p.existing[h].ID+", which exists")
			}
			continue
		}
		for i := nat.next[first]; i >= 0; i = nat.next[i] {
			s := &p.items[i]
			s.add(p.natField(s), account.CodeDuplicate, "describes the same bank account as items["+strconv.Itoa(first)+"]")
		}
	}
	for _, k := range ext.keys {
		first := ext.first[k]
		if h := p.holder(p.extHits[k], func(s *itemState) bool { return s.rec.ExternalID == k }); h >= 0 {
			for i := first; i >= 0; i = ext.next[i] {
				p.items[i].add("externalId", account.CodeDuplicate, "is already the externalId of bank account "+p.existing[h].ID)
			}
			continue
		}
		for i := ext.next[first]; i >= 0; i = ext.next[i] {
			p.items[i].add("externalId", account.CodeDuplicate, "is also the externalId of items["+strconv.Itoa(first)+"]")
		}
	}
}

// groups gathers the items that bring each key, in request order, as
// chains through next: a few allocations in all rather than a slice per
// key.
type groups struct {
	keys  []string       // in the order items first bring them
	first map[string]int // key -> its first item
	next  []int          // item -> the next item with its key, or -1
	last  []int          // first item -> the last item with its key
}

// ready returns g, or new groups if g is nil, sized for n items. A
// pooled g is empty: planner.reset cleared it.
func (g *groups) ready(n int) *groups {
	if g == nil {
		g = &groups{first: make(map[string]int)}
	}
	g.next = slices.Grow(g.next, n)[:n]
	g.last = slices.Grow(g.last, n)[:n]
	return g
}

// clear empties g, keeping its capacity; g may be nil.
func (g *groups) clear() {
	if g != nil {
		clear(g.first)
		g.keys, g.next, g.last = emptied(g.keys), emptied(g.next), emptied(g.last)
	}
}

// ensureMap returns m, or a new map for about hint entries if m is nil.
func ensureMap[K comparable, V any](m map[K]V, hint int) map[K]V {
	if m == nil {
		return make(map[K]V, hint)
	}
	return m
}

func (g *groups) add(k string, i int) {
	g.next[i] = -1
	f, ok := g.first[k]
	if !ok {
		g.keys = append(g.keys, k)
		g.first[k], g.last[i] = i, i
		return
	}
	g.next[g.last[f]], g.last[f] = i, i
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
		if best < 0 || canonicalID(p.existing[pos].ID) < canonicalID(p.existing[best].ID) {
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
	if len(setters) == 1 {
		// Demote even when some item is invalid, so the check below
		// does not blame an item for a primary the request moves away.
		for i := range p.items {
			if s := &p.items[i]; i != setters[0] && s.hasRec && s.rec.IsPrimary {
				s.demoted = true
			}
		}
	}
	for i := range p.items {
		s := &p.items[i]
		if !s.hasRec || !s.valid() || !s.rec.IsPrimary || s.demoted || s.rec.IsActive {
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
	return plan, nil
}

// fingerprint sets the plan's Basis and the Fingerprint of the records its
// changes act on and the facts the planner gathered; Plan.Verify gathers
// the same again.
func (p *planner) fingerprint(plan *Plan) {
	plan.Basis = Basis{NaturalKeys: p.natKeys, ExternalIDs: p.extKeys, Primary: p.newPrimary(), ReplaceMode: p.replace}
	records := make([]*account.BankAccount, len(plan.Changes))
	for i := range plan.Changes {
		if c := &plan.Changes[i]; c.Action != Create {
			records[i] = &c.Before
		}
	}
	f := facts{existing: p.existing, natHits: p.natHits, extHits: p.extHits, primaries: p.primaries}
	plan.Fingerprint = fingerprint(p.clientID, &plan.Basis, records, &f)
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
	fields := changedFields(&norm, &s.rec)
	if len(fields) == 0 {
		return false
	}
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
			list = append(list, entry{canonicalID(p.existing[pos].ID), pos})
		}
	}
	slices.SortFunc(list, func(a, b entry) int { return cmp.Compare(a.id, b.id) })
	out := make([]int, len(list))
	for k, e := range list {
		if e.id == "" || k > 0 && list[k-1].id == e.id {
			return nil, fmt.Errorf("syncplan.Compute: existing account id %s is empty or occurs twice: %w", short(p.existing[e.pos].ID), ErrExisting)
		}
		out[k] = e.pos
	}
	return out, nil
}
