package syncplan

import (
	"cmp"
	"reflect"
	"slices"
	"strings"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/acctkit/acctkit/account"
	"github.com/acctkit/acctkit/account/artu"
	"github.com/acctkit/acctkit/internal/uuid"
)

// testingT is what *testing.T and *rapid.T have in common.
type testingT interface {
	require.TestingT
	Helper()
}

// checkInvariants asserts what every plan Compute returns must satisfy,
// whatever the input: the properties of the issue, checked on one case.
func checkInvariants(t testingT, clientID string, existing []artu.BankAccount, req artu.SyncRequest, p *Plan) {
	t.Helper()
	require.Equal(t, clientID, p.ClientID)
	require.NoError(t, p.Verify(existing))

	mine := func(a *artu.BankAccount) bool { return uuid.Equal(a.ClientID, clientID) }
	before := map[string]artu.BankAccount{}
	primaries := 0
	allValid := true
	for _, a := range existing {
		if mine(&a) {
			before[uuid.Canonical(a.ID)] = a
			if a.IsPrimary {
				primaries++
			}
			allValid = allValid && a.Validate() == nil
		}
	}

	// Each change is well formed, each account is acted on at most once,
	// and every item has exactly one change.
	seen := map[string]bool{}
	byItem := map[int]bool{}
	named := map[string]bool{}
	for i := range p.Changes {
		c := &p.Changes[i]
		id := uuid.Canonical(c.ID())
		require.False(t, seen[id], "account %s in two changes", id)
		seen[id] = true
		if c.Item != NoItem {
			require.False(t, byItem[c.Item], "items[%d] in two changes", c.Item)
			byItem[c.Item] = true
			named[id] = true
			require.Contains(t, []Reason{Requested, MatchedExisting, PrimaryDemoted}, c.Reason)
		} else {
			require.Contains(t, []Reason{ReplaceMode, PrimaryDemoted}, c.Reason)
		}
		old, existed := before[id]
		switch c.Action {
		case Create:
			require.False(t, existed, "create of an existing id")
			require.Zero(t, c.Before)
			require.Equal(t, Requested, c.Reason)
			require.True(t, uuid.Equal(c.After.ClientID, clientID))
			require.Equal(t, c.After.CreatedAt, c.After.UpdatedAt)
			require.False(t, c.After.CreatedAt.IsZero())
			require.Nil(t, c.Fields)
		case Update:
			require.True(t, existed, "update of an account the client does not have")
			require.Equal(t, old, c.Before)
			require.Equal(t, old.ID, c.After.ID)
			require.Equal(t, old.CreatedAt, c.After.CreatedAt)
			// Demotions leave the rest of the record as stored; item
			// updates normalize it. An update changes something beyond
			// normalization, and Fields is every field a caller must
			// write to turn the stored record into After.
			norm, normAfter := old.Normalize(), c.After.Normalize()
			require.NotEmpty(t, changedFields(&norm, &normAfter))
			require.Equal(t, changedFields(&old, &c.After), c.Fields)
			written := writeFields(old, c.After, c.Fields)
			require.True(t, sameMetadata(written.Metadata, c.After.Metadata), "metadata is the same JSON")
			written.Metadata = c.After.Metadata
			require.Equal(t, c.After, written, "writing Fields of After over Before")
		case Delete:
			require.True(t, existed, "delete of an account the client does not have")
			require.Equal(t, old, c.Before)
			require.Zero(t, c.After)
		case Unchanged:
			require.True(t, existed)
			require.Equal(t, old, c.Before)
			require.Equal(t, old, c.After)
			require.NotEqual(t, NoItem, c.Item)
		default:
			require.Failf(t, "unknown action", "%q", c.Action)
		}
		if c.Reason == ReplaceMode {
			require.Equal(t, Delete, c.Action)
			require.True(t, req.Replace())
		}
		if c.Reason == PrimaryDemoted {
			require.Equal(t, Update, c.Action)
			require.Contains(t, c.Fields, "isPrimary")
			require.False(t, c.After.IsPrimary)
		}
	}
	for i := range req.Items {
		require.True(t, byItem[i], "items[%d] has no change", i)
	}
	require.Len(t, byItem, len(req.Items))

	// Unnamed accounts: deleted in replace mode, else untouched but for a
	// demotion.
	for id, a := range before {
		if named[id] {
			continue
		}
		c := changeOf(p, id)
		switch {
		case req.Replace():
			require.NotNil(t, c, "replace mode keeps unnamed %s", id)
			require.Equal(t, ReplaceMode, c.Reason)
		case c != nil:
			require.Equal(t, PrimaryDemoted, c.Reason)
			require.True(t, a.IsPrimary)
		}
	}

	checkOrder(t, p)

	// Apply: one primary at most, other clients untouched, and what the
	// changes say.
	out, err := p.Apply(existing)
	require.NoError(t, err)
	var others, othersOut []artu.BankAccount
	for _, a := range existing {
		if !mine(&a) {
			others = append(others, a)
		}
	}
	after := map[string]artu.BankAccount{}
	outPrimaries := 0
	for _, a := range out {
		if !mine(&a) {
			othersOut = append(othersOut, a)
			continue
		}
		after[uuid.Canonical(a.ID)] = a
		if a.IsPrimary {
			outPrimaries++
		}
	}
	require.Equal(t, others, othersOut, "another client's accounts changed")
	if primaries <= 1 || setsPrimary(req) {
		require.LessOrEqual(t, outPrimaries, 1, "more than one primary")
	}
	for id, a := range before {
		c := changeOf(p, id)
		got, kept := after[id]
		switch {
		case c == nil || c.Action == Unchanged:
			require.True(t, kept)
			require.Equal(t, a, got)
		case c.Action == Delete:
			require.False(t, kept)
		case c.Action == Update:
			require.Equal(t, c.After, got)
		}
	}
	require.Len(t, after, len(before)+p.Count(Create)-p.Count(Delete))

	resp := p.Response()
	require.Len(t, resp.Created, p.Count(Create))
	require.Len(t, resp.Updated, p.Count(Update))
	require.Len(t, resp.Deleted, p.Count(Delete))
	if allValid {
		assert.NoError(t, resp.Validate())
	}
}

func changeOf(p *Plan, id string) *Change {
	for i := range p.Changes {
		if uuid.Canonical(p.Changes[i].ID()) == id {
			return &p.Changes[i]
		}
	}
	return nil
}

func setsPrimary(req artu.SyncRequest) bool {
	for _, it := range req.Items {
		if v, ok := it.IsPrimary.Get(); ok && v && !it.IsDelete() {
			return true
		}
	}
	return false
}

// checkOrder asserts the documented order: creates by item; updates by
// item, then demotions by id; deletes by item, then replace-mode
// deletions by id; unchanged by item.
func checkOrder(t testingT, p *Plan) {
	t.Helper()
	rank := func(c *Change) int {
		r := map[Action]int{Create: 0, Update: 1, Delete: 3, Unchanged: 5}[c.Action]
		if c.Item == NoItem {
			r++
		}
		return r
	}
	require.True(t, slices.IsSortedFunc(p.Changes, func(a, b Change) int {
		if d := cmp.Compare(rank(&a), rank(&b)); d != 0 {
			return d
		}
		if a.Item != NoItem {
			return cmp.Compare(a.Item, b.Item)
		}
		return cmp.Compare(uuid.Canonical(a.ID()), uuid.Canonical(b.ID()))
	}), "changes out of order: %v", lines(p))
	for i := 1; i < len(p.Changes); i++ {
		a, b := &p.Changes[i-1], &p.Changes[i]
		if rank(a) == rank(b) && a.Item == b.Item && a.Item != NoItem {
			require.Failf(t, "two changes for one item", "items[%d]", a.Item)
		}
	}
}

// checkReplan asserts that, once the plan is applied, resending the
// request with every item naming its account by id (the deleted ones left
// out) plans nothing but unchanged accounts.
func checkReplan(t testingT, clientID string, existing []artu.BankAccount, req artu.SyncRequest, p *Plan, match bool) {
	t.Helper()
	out, err := p.Apply(existing)
	require.NoError(t, err)
	byItem := map[int]*Change{}
	for i := range p.Changes {
		if c := &p.Changes[i]; c.Item != NoItem {
			byItem[c.Item] = c
		}
	}
	again := artu.SyncRequest{ReplaceMode: req.ReplaceMode, Items: []artu.SyncItem{}}
	for i, it := range req.Items {
		if c := byItem[i]; c.Action != Delete {
			it.ID = account.Some(c.ID())
			again.Items = append(again.Items, it)
		}
	}
	p2, err := Compute(clientID, out, again, testOptions(match))
	require.NoError(t, err)
	for _, c := range p2.Changes {
		require.Equal(t, Unchanged, c.Action, "replan: %v", lines(p2))
	}
	require.Len(t, p2.Changes, len(again.Items))
}

// writeFields is what a caller that writes only the changed columns
// stores: before with the fields named (by JSON name) taken from after,
// and after's updatedAt.
func writeFields(before, after artu.BankAccount, fields []string) artu.BankAccount {
	out := before
	dst, src := reflect.ValueOf(&out).Elem(), reflect.ValueOf(after)
	for i := range dst.NumField() {
		name, _, _ := strings.Cut(dst.Type().Field(i).Tag.Get("json"), ",")
		if slices.Contains(fields, name) {
			dst.Field(i).Set(src.Field(i))
		}
	}
	out.UpdatedAt = after.UpdatedAt
	return out
}
