package fuzz

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/acctkit/acctkit/account"
	"github.com/acctkit/acctkit/account/artu"
	"github.com/acctkit/acctkit/clabe"
	"github.com/acctkit/acctkit/syncplan"
)

// FuzzSyncPlan builds a client's stored accounts (with another client's
// among them) and a sync request from the fuzz input, through a small
// deterministic generator, so the mutator explores sets and requests
// rather than JSON syntax. Whatever Compute answers must hold:
//
//   - a refusal is a *account.ValidationError with item paths and known
//     codes, or ErrExisting for a store that holds an id twice;
//   - the same answer without the other client's accounts, and with the
//     accounts in reverse order (they are ignored; order does not matter);
//   - after Apply, the other client's accounts are exactly as they were,
//     in their order;
//   - the changes partition the affected accounts: every change acts on
//     one account, no account is in two, creates are new ids, updates,
//     deletes and unchanged are the client's; every item has exactly one
//     change; Apply and Response agree with the changes;
//   - at most one primary after Apply (when the store had at most one, or
//     the request names one), and the account an item makes primary is;
//   - resending the request with every item naming its account by id (the
//     deleted ones left out) against the result plans only unchanged.
func FuzzSyncPlan(f *testing.F) {
	for _, seed := range [][]byte{
		{},
		{3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0},
		[]byte("existing accounts and a request"),
		[]byte("\x06\x05\x04\x03\x02\x01\x00\xff\xfe\xfd\xfc\xfb\xfa\xf9\xf8\xf7\xf6\xf5\xf4\xf3\xf2\xf1\xf0"),
		[]byte("\x04\x01\x00\x00\x03\x01\x01\x02\x00\x05\x01\x02\x03\x00\x01\x00\x03\x02\x02\x00\x01\x03\x01\x00\x01"),
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		g := &gen{b: data}
		existing := g.existing()
		req := g.request(existing)
		match := g.bool()
		checkSyncPlan(t, existing, req, match)
	})
}

const (
	planClient = "8a6e0804-2bd0-4672-b79d-d97027f9071a"
	planOther  = "0b5e7c1d-93a4-4f2e-8c6b-5d4e3f2a1b0c"
)

var (
	// Ids of the client's accounts, the other client's, and one nobody
	// has. None has the form of the ids planOptions hands out.
	mineIDs    = []string{"aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa", "bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb", "cccccccc-cccc-4ccc-8ccc-cccccccccccc", "dddddddd-dddd-4ddd-8ddd-dddddddddddd", "eeeeeeee-eeee-4eee-8eee-eeeeeeeeeeee"}
	foreignIDs = []string{"f0f0f0f0-f0f0-4f0f-8f0f-f0f0f0f0f0f0", "f1f1f1f1-f1f1-4f1f-8f1f-f1f1f1f1f1f1"}
	unknownID  = "12345678-1234-4234-8234-123456789abc"

	planT0  = time.Date(2024, 1, 15, 9, 30, 0, 0, time.UTC)
	planNow = time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
)

// planOptions fixes the clock and hands out ids 00000000-0000-4000-8000-
// 000000000001, ...02, and so on: the same arguments give the same plan.
func planOptions(match bool) syncplan.Options {
	n := 0
	return syncplan.Options{
		MatchExisting: match,
		Now:           func() time.Time { return planNow },
		NewID: func() string {
			n++
			return fmt.Sprintf("00000000-0000-4000-8000-%012x", n)
		},
	}
}

// gen draws choices from the fuzz input; past its end every draw is 0 (the
// first, most common choice), so any input is a complete description.
type gen struct {
	b []byte
	i int
}

func (g *gen) byte() byte {
	if g.i >= len(g.b) {
		return 0
	}
	g.i++
	return g.b[g.i-1]
}

func (g *gen) intn(n int) int { return int(g.byte()) % n }
func (g *gen) bool() bool     { return g.byte()&1 == 1 }

// oneIn is true one time in n; never past the end of the input, so the
// rare choices are the mutator's to make.
func (g *gen) oneIn(n int) bool { return g.intn(n) == n-1 }

func pick[T any](g *gen, xs []T) T { return xs[g.intn(len(xs))] }

// maybeUpper returns id upper-cased now and then: ids compare ignoring
// case.
func (g *gen) maybeUpper(id string) string {
	if g.oneIn(8) {
		return strings.ToUpper(id)
	}
	return id
}

// bankAccount is one stored or requested account's identity: natural keys
// collide often, because the pools are small.
type bankAccount struct {
	country, currency, number, bankName, bankCode string
	clabe                                         string
}

var (
	clabes      = []string{"002010077777777771", "012180012345678909", "014320655012345670"}
	usNumbers   = []string{"000123456789", "555000111", "98765"}
	deNumbers   = []string{"DE89370400440532013000", "0532013000"}
	bankNames   = []string{"Banamex", "BBVA México", "JPMorgan Chase", "Commerzbank", "jpmorgan chase"}
	externalIDs = []string{"erp-1", "erp-2", "ERP-1"}
	labels      = []string{"", "Nómina", "ops"}
	types       = []artu.AccountType{artu.Checking, artu.Savings, artu.Other, "bogus"}
)

func (g *gen) identity() bankAccount {
	switch g.intn(3) {
	case 0:
		c := pick(g, clabes)
		id := bankAccount{country: "MX", currency: "MXN", number: c, bankName: pick(g, bankNames)}
		switch g.intn(3) {
		case 0:
			id.clabe = c
		case 1:
			id.clabe, id.number = c, "0123456789"
		}
		return id
	case 1:
		id := bankAccount{country: "US", currency: "USD", number: pick(g, usNumbers), bankName: pick(g, bankNames)}
		if g.bool() {
			id.bankCode = "021000021"
		}
		return id
	}
	return bankAccount{country: "DE", currency: "EUR", number: pick(g, deNumbers), bankName: pick(g, bankNames)}
}

// existing draws up to six stored accounts, most of them the client's, with
// distinct ids (now and then one repeated, which the store must not have).
func (g *gen) existing() []artu.BankAccount {
	n := g.intn(7)
	var out []artu.BankAccount
	nextMine, nextForeign := g.intn(len(mineIDs)), 0
	for range n {
		a := artu.BankAccount{ClientID: planClient, CreatedAt: planT0, UpdatedAt: planT0, IsActive: true}
		if g.oneIn(4) && nextForeign < len(foreignIDs) {
			a.ClientID, a.ID = planOther, foreignIDs[nextForeign]
			nextForeign++
		} else {
			a.ID = mineIDs[nextMine%len(mineIDs)]
			if !g.oneIn(16) {
				nextMine++ // else the next one repeats this id
			}
			a.ID = g.maybeUpper(a.ID)
			a.ClientID = g.maybeUpper(a.ClientID)
		}
		id := g.identity()
		a.Country, a.Currency, a.AccountNumber, a.BankName, a.BankCode = id.country, id.currency, id.number, id.bankName, id.bankCode
		if id.clabe != "" {
			a.CLABE = clabe.MustParse(id.clabe)
		}
		if !g.oneIn(4) {
			a = a.Normalize() // else stored before defaults were filled in
		}
		a.IsPrimary = g.oneIn(3)
		a.IsActive = a.IsPrimary || !g.oneIn(4)
		if g.bool() {
			a.ExternalID = pick(g, externalIDs)
		}
		if g.oneIn(3) {
			a.Metadata = map[string]json.RawMessage{"tier": json.RawMessage(`"gold"`)}
		}
		out = append(out, a)
	}
	return out
}

// request draws up to five items: creates, updates and deletes, naming
// mostly the stored accounts of the client, now and then another client's
// or an unknown id.
func (g *gen) request(existing []artu.BankAccount) artu.SyncRequest {
	var stored []string
	for _, a := range filter(existing, isMine) {
		stored = append(stored, a.ID)
	}
	req := artu.SyncRequest{Items: []artu.SyncItem{}}
	switch g.intn(3) {
	case 1:
		req.ReplaceMode = account.Some(true)
	case 2:
		req.ReplaceMode = account.Some(false)
	}
	for range g.intn(6) {
		var it artu.SyncItem
		switch g.intn(4) {
		case 0, 1: // create
			id := g.identity()
			client := planClient
			if g.oneIn(12) {
				client = planOther
			}
			it.ClientID = account.Some(g.maybeUpper(client))
			it.Country, it.Currency = account.Some(id.country), account.Some(id.currency)
			it.AccountNumber, it.BankName = account.Some(id.number), account.Some(id.bankName)
			if id.bankCode != "" {
				it.BankCode = account.Some(id.bankCode)
			}
			if id.clabe != "" {
				it.CLABE = account.Some(clabe.MustParse(id.clabe))
			}
		case 2: // update
			it.ID = account.Some(g.maybeUpper(g.namedID(stored)))
			if g.oneIn(6) {
				it.Delete = account.Some(false)
			}
			if g.oneIn(3) {
				id := g.identity()
				it.Country, it.Currency = account.Some(id.country), account.Some(id.currency)
				it.AccountNumber, it.BankName = account.Some(id.number), account.Some(id.bankName)
			}
		case 3: // delete
			it.ID = account.Some(g.maybeUpper(g.namedID(stored)))
			it.Delete = account.Some(true)
		}
		if g.oneIn(3) {
			it.IsPrimary = account.Some(g.bool())
		}
		if g.oneIn(4) {
			it.IsActive = account.Some(g.bool())
		}
		if g.oneIn(4) {
			it.Type = account.Some(pick(g, types))
		}
		if g.oneIn(4) {
			it.ExternalID = account.Some(pick(g, externalIDs))
		}
		if g.oneIn(4) {
			it.Label = account.Some(pick(g, labels))
		}
		if g.oneIn(6) {
			it.Metadata = account.Some(map[string]json.RawMessage{"tier": json.RawMessage(`"silver"`)})
		}
		req.Items = append(req.Items, it)
	}
	return req
}

func (g *gen) namedID(stored []string) string {
	switch g.intn(10) {
	case 8:
		return pick(g, foreignIDs)
	case 9:
		return unknownID
	}
	if len(stored) == 0 || g.oneIn(5) {
		return pick(g, mineIDs)
	}
	return pick(g, stored)
}

func isMine(a *artu.BankAccount) bool { return strings.EqualFold(a.ClientID, planClient) }

func filter(accounts []artu.BankAccount, keep func(*artu.BankAccount) bool) []artu.BankAccount {
	var out []artu.BankAccount
	for i := range accounts {
		if keep(&accounts[i]) {
			out = append(out, accounts[i])
		}
	}
	return out
}

func checkSyncPlan(t *testing.T, existing []artu.BankAccount, req artu.SyncRequest, match bool) {
	p, err := syncplan.Compute(planClient, existing, req, planOptions(match))

	// Other clients' accounts and the order of the store change nothing.
	mineOnly := filter(existing, isMine)
	reversed := slices.Clone(existing)
	slices.Reverse(reversed)
	for name, variant := range map[string][]artu.BankAccount{"without the other client": mineOnly, "reversed": reversed} {
		vp, verr := syncplan.Compute(planClient, variant, req, planOptions(match))
		require.Equal(t, err == nil, verr == nil, "Compute %s: %v; as given: %v", name, verr, err)
		if err != nil {
			require.Equal(t, errorShape(err), errorShape(verr), "Compute %s: %v; as given: %v", name, verr, err)
			if uniqueIDs(existing) {
				// With an id held twice, a message may name either record.
				require.Equal(t, err.Error(), verr.Error(), "Compute %s", name)
			}
		} else {
			require.True(t, reflect.DeepEqual(p, vp), "Compute %s gives another plan:\n%v\n%v", name, p, vp)
		}
	}

	if err != nil {
		checkPlanRefusal(t, err)
		return
	}
	require.Equal(t, planClient, p.ClientID)
	require.NoError(t, p.Verify(existing))
	out, err := p.Apply(existing)
	require.NoError(t, err)

	notMine := func(a *artu.BankAccount) bool { return !isMine(a) }
	require.Equal(t, filter(existing, notMine), filter(out, notMine), "Apply touched another client's accounts")

	checkPartition(t, existing, out, req, p)
	checkPrimary(t, existing, out, req, p)
	checkReplan(t, out, req, p, match)
}

// errorShape is what must not depend on the store's order: the sentinel,
// or the path and code of every problem.
func errorShape(err error) []string {
	if ve, ok := account.AsValidationError(err); ok {
		var out []string
		for _, fe := range ve.Errors {
			out = append(out, fe.Path+" "+fe.Code)
		}
		return out
	}
	for _, sentinel := range []error{syncplan.ErrExisting, syncplan.ErrNewID, syncplan.ErrClientID} {
		if errors.Is(err, sentinel) {
			return []string{sentinel.Error()}
		}
	}
	return []string{err.Error()}
}

func uniqueIDs(accounts []artu.BankAccount) bool {
	seen := map[string]bool{}
	for _, a := range accounts {
		id := strings.ToLower(a.ID)
		if seen[id] {
			return false
		}
		seen[id] = true
	}
	return true
}

func checkPlanRefusal(t *testing.T, err error) {
	if errors.Is(err, syncplan.ErrExisting) {
		return
	}
	require.NotErrorIs(t, err, syncplan.ErrNewID)
	require.NotErrorIs(t, err, syncplan.ErrClientID)
	ve, ok := account.AsValidationError(err)
	require.True(t, ok, "Compute error %T %v", err, err)
	require.NotEmpty(t, ve.Errors)
	for _, fe := range ve.Errors {
		require.True(t, strings.HasPrefix(fe.Path, "items") || fe.Path == "replaceMode", "path %q: %v", fe.Path, fe)
		require.Contains(t, knownCodes, fe.Code, "%v", fe)
	}
}

// checkPartition: created, updated, deleted and unchanged partition the
// accounts the plan touches, and Apply and Response agree.
func checkPartition(t *testing.T, existing, out []artu.BankAccount, req artu.SyncRequest, p *syncplan.Plan) {
	// A store may hold an id twice (Compute refuses only a plan that acts
	// on it): such accounts must come out of Apply as they went in.
	before, storedTwice := map[string]artu.BankAccount{}, map[string]int{}
	for _, a := range filter(existing, isMine) {
		id := strings.ToLower(a.ID)
		if _, twice := before[id]; twice {
			storedTwice[id]++
		}
		before[id] = a
	}
	after, outTwice := map[string]artu.BankAccount{}, map[string]int{}
	for _, a := range filter(out, isMine) {
		id := strings.ToLower(a.ID)
		if _, twice := after[id]; twice {
			outTwice[id]++
		}
		after[id] = a
	}
	require.Equal(t, storedTwice, outTwice, "ids held twice before and after Apply")

	action := map[string]syncplan.Action{}
	items := map[int]bool{}
	var created, updated []artu.BankAccount
	var deleted []string
	for i := range p.Changes {
		c := &p.Changes[i]
		id := strings.ToLower(c.ID())
		_, twice := action[id]
		require.False(t, twice, "account %s in two changes", id)
		action[id] = c.Action
		if c.Item != syncplan.NoItem {
			require.True(t, c.Item >= 0 && c.Item < len(req.Items), "item %d", c.Item)
			require.False(t, items[c.Item], "items[%d] in two changes", c.Item)
			items[c.Item] = true
		}
		require.Zero(t, storedTwice[id], "the plan acts on %s, which the store holds twice", id)
		old, existed := before[id]
		switch c.Action {
		case syncplan.Create:
			require.False(t, existed, "create of the existing id %s", id)
			require.Equal(t, c.After, after[id])
			created = append(created, c.After)
		case syncplan.Update:
			require.True(t, existed, "update of %s, which is not the client's", id)
			require.Equal(t, old, c.Before)
			require.Equal(t, c.After, after[id])
			updated = append(updated, c.After)
		case syncplan.Delete:
			require.True(t, existed, "delete of %s, which is not the client's", id)
			require.Equal(t, old, c.Before)
			_, kept := after[id]
			require.False(t, kept, "Apply kept deleted %s", id)
			deleted = append(deleted, c.Before.ID)
		case syncplan.Unchanged:
			require.True(t, existed, "unchanged %s is not the client's", id)
			require.Equal(t, old, c.After)
			require.Equal(t, old, after[id])
		default:
			require.Failf(t, "unknown action", "%q", c.Action)
		}
	}
	require.Len(t, items, len(req.Items), "every item has exactly one change")
	require.Equal(t, len(p.Changes), p.Count(syncplan.Create)+p.Count(syncplan.Update)+p.Count(syncplan.Delete)+p.Count(syncplan.Unchanged))

	// Every item that names an account names one the plan acts on.
	for i, it := range req.Items {
		if id, ok := it.ID.Get(); ok {
			require.Contains(t, action, strings.ToLower(id), "items[%d] names %s", i, id)
		}
	}
	// Accounts no change names are left as they were.
	for id, a := range before {
		if _, touched := action[id]; !touched && storedTwice[id] == 0 {
			require.Equal(t, a, after[id], "untouched %s changed", id)
		}
	}
	require.Len(t, after, len(before)+len(created)-len(deleted))
	for id, n := range storedTwice {
		require.Equal(t, n+1, countID(existing, id), "%s", id)
		require.Equal(t, n+1, countID(out, id), "Apply changed how many accounts have the id %s", id)
	}

	resp := p.Response()
	require.NotNil(t, resp.Created)
	require.NotNil(t, resp.Updated)
	require.NotNil(t, resp.Deleted)
	require.Equal(t, len(created), len(resp.Created))
	require.Equal(t, len(updated), len(resp.Updated))
	if len(created) > 0 {
		require.Equal(t, created, resp.Created)
	}
	if len(updated) > 0 {
		require.Equal(t, updated, resp.Updated)
	}
	require.Equal(t, len(deleted), len(resp.Deleted))
	for i := range deleted {
		require.Equal(t, deleted[i], resp.Deleted[i])
	}
}

func countID(accounts []artu.BankAccount, id string) int {
	return len(filter(accounts, func(a *artu.BankAccount) bool { return isMine(a) && strings.EqualFold(a.ID, id) }))
}

// checkPrimary: one primary at most, and the account an item makes
// primary is the primary.
func checkPrimary(t *testing.T, existing, out []artu.BankAccount, req artu.SyncRequest, p *syncplan.Plan) {
	count := func(accounts []artu.BankAccount) int {
		n := 0
		for _, a := range filter(accounts, isMine) {
			if a.IsPrimary {
				n++
			}
		}
		return n
	}
	var promoted []int
	for i, it := range req.Items {
		if v, ok := it.IsPrimary.Get(); ok && v && !it.IsDelete() {
			promoted = append(promoted, i)
		}
	}
	if count(existing) <= 1 || len(promoted) > 0 {
		require.LessOrEqual(t, count(out), 1, "more than one primary after the plan")
	}
	if len(promoted) == 1 {
		for i := range p.Changes {
			if c := &p.Changes[i]; c.Item == promoted[0] {
				require.True(t, c.After.IsPrimary, "items[%d] asks for primary; the plan gives %v", c.Item, c.After)
			}
		}
	}
}

// checkReplan: once applied, the request with every item naming its
// account (deleted ones left out) changes nothing.
func checkReplan(t *testing.T, out []artu.BankAccount, req artu.SyncRequest, p *syncplan.Plan, match bool) {
	byItem := map[int]*syncplan.Change{}
	for i := range p.Changes {
		if c := &p.Changes[i]; c.Item != syncplan.NoItem {
			byItem[c.Item] = c
		}
	}
	again := artu.SyncRequest{ReplaceMode: req.ReplaceMode, Items: []artu.SyncItem{}}
	for i, it := range req.Items {
		if c := byItem[i]; c.Action != syncplan.Delete {
			it.ID = account.Some(c.ID())
			again.Items = append(again.Items, it)
		}
	}
	p2, err := syncplan.Compute(planClient, out, again, planOptions(match))
	require.NoError(t, err, "replan")
	for _, c := range p2.Changes {
		require.Equal(t, syncplan.Unchanged, c.Action, "replan:\n%s\nafter:\n%s", p2, p)
	}
	require.Len(t, p2.Changes, len(again.Items))
}
