package syncplan

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/acctkit/acctkit/account"
	"github.com/acctkit/acctkit/account/artu"
)

// genRecord draws a valid record of the client, without id or times.
func genRecord(t *rapid.T) artu.BankAccount {
	a := artu.BankAccount{ClientID: client}
	genIdentity(t, &a)
	a.Type = rapid.SampledFrom([]artu.AccountType{"", "checking", "savings", "other"}).Draw(t, "type")
	a.IsActive = rapid.Bool().Draw(t, "isActive")
	a.IsPrimary = a.IsActive && rapid.Bool().Draw(t, "isPrimary")
	a.Label = rapid.SampledFrom([]string{"", "a", "b"}).Draw(t, "label")
	a.ExternalID = rapid.SampledFrom([]string{"", "e1", "e2"}).Draw(t, "externalId")
	a.Metadata = genMetadata(t)
	return a
}

// TestCreateItem: the item CreateItem builds creates the record it was
// built from, as account normalizes it.
func TestCreateItem(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		rec := genRecord(t)
		p, err := Compute(client, nil, artu.SyncRequest{Items: []artu.SyncItem{CreateItem(rec)}}, testOptions(false))
		require.NoError(t, err)
		require.Len(t, p.Changes, 1)
		want := rec.Normalize()
		want.ID, want.CreatedAt, want.UpdatedAt = "00000000-0000-4000-8000-000000000001", now, now
		require.Equal(t, want, p.Changes[0].After)
	})
	it := CreateItem(artu.BankAccount{IsActive: true})
	assert.False(t, it.ClientID.IsSet(), "an absent field stays absent, to be reported as required")
	v, ok := it.IsPrimary.Get()
	assert.True(t, ok && !v, "isPrimary is always given")
}

// TestUpdateItem: the item UpdateItem builds turns the stored record into
// the one wanted, and names exactly the fields the plan then lists.
func TestUpdateItem(t *testing.T) {
	var runs, refused, updated int
	rapid.Check(t, func(t *rapid.T) {
		runs++
		before := genRecord(t)
		before.ID, before.CreatedAt, before.UpdatedAt = idB, t0, t0
		after := before
		if rapid.Bool().Draw(t, "rekey") {
			genIdentity(t, &after)
		}
		other := genRecord(t)
		for _, f := range []struct {
			name string
			set  func()
		}{
			{"type", func() { after.Type = other.Type }},
			{"active", func() { after.IsActive, after.IsPrimary = other.IsActive, other.IsPrimary }},
			{"label", func() { after.Label = other.Label }},
			{"externalId", func() { after.ExternalID = other.ExternalID }},
			{"metadata", func() { after.Metadata = other.Metadata }},
		} {
			if rapid.Bool().Draw(t, f.name) {
				f.set()
			}
		}
		it := UpdateItem(before, after)
		p, err := Compute(client, []artu.BankAccount{before}, artu.SyncRequest{Items: []artu.SyncItem{it}}, testOptions(false))
		if err != nil {
			refused++
			// An update clears nothing: only a field after empties may
			// be refused.
			norm := after.Normalize()
			cleared := (differences(&before, &norm) & differences(&artu.BankAccount{}, &before)) &^
				differences(&artu.BankAccount{}, &norm)
			ve, ok := account.AsValidationError(err)
			require.True(t, ok, "%v", err)
			for _, e := range ve.Errors {
				require.Contains(t, cleared.names(), strings.TrimPrefix(e.Path, "items[0]."), "%v", err)
			}
			return
		}
		require.Len(t, p.Changes, 1)
		c := p.Changes[0]
		want := after.Normalize()
		want.UpdatedAt = now
		if c.Action == Unchanged {
			norm := before.Normalize()
			require.Zero(t, differences(&norm, &want), "unchanged, yet the records differ")
			return
		}
		require.Equal(t, Update, c.Action)
		updated++
		require.True(t, sameMetadata(want.Metadata, c.After.Metadata))
		want.Metadata = c.After.Metadata
		require.Equal(t, want, c.After)
		for _, name := range c.Fields {
			require.True(t, itemSets(it, name), "Fields has %s, the item does not set it", name)
		}
	})
	t.Logf("%d updates: %d refused (a field cleared), %d planned as updates", runs, refused, updated)
	require.Greater(t, updated*2, runs, "most generated changes must plan as updates")
	it := UpdateItem(base()[1], base()[1])
	assert.Equal(t, artu.SyncItem{ID: account.Some(idB)}, it, "no change: the id alone")
	assert.Equal(t, artu.SyncItem{ID: account.Some(idB), Delete: account.Some(true)}, DeleteItem(idB))
}

// itemSets reports whether the item carries the field with the JSON name.
func itemSets(it artu.SyncItem, name string) bool {
	v := reflect.ValueOf(it)
	for i := range v.NumField() {
		if tag, _, _ := strings.Cut(v.Type().Field(i).Tag.Get("json"), ","); tag == name {
			return !v.Field(i).IsZero()
		}
	}
	return false
}

// TestFieldNames: fieldNames are the JSON names of artu.BankAccount,
// in its order, but for id, createdAt and updatedAt.
func TestFieldNames(t *testing.T) {
	var want []string
	typ := reflect.TypeFor[artu.BankAccount]()
	for i := range typ.NumField() {
		name, _, _ := strings.Cut(typ.Field(i).Tag.Get("json"), ",")
		if name != "id" && name != "createdAt" && name != "updatedAt" {
			want = append(want, name)
		}
	}
	assert.Equal(t, want, fieldNames[:])
	assert.Equal(t, fieldSet(1<<len(fieldNames)-1), fClientID|fAccountNumber|fBankName|fBankCode|fCountry|fCurrency|
		fType|fIsPrimary|fIsActive|fLabel|fExternalID|fMetadata|fCLABE|fCodigoBanco|fCodigoPlaza)
	assert.Equal(t, []string{"bankName", "metadata"}, (fMetadata | fBankName).names())
}

func TestItemIndex(t *testing.T) {
	for path, want := range map[string]int{
		"items[0]": 0, "items[3].clabe": 3, "items[249].metadata.k": 249, "items[12][\"x\"]": 12,
	} {
		i, ok := ItemIndex(account.FieldError{Path: path})
		assert.True(t, ok, path)
		assert.Equal(t, want, i, path)
	}
	for _, path := range []string{"items", "replaceMode", "", "items[", "items[]", "items[-1]", "items[+1]", "items[01]",
		"items[1", "items[1]x", "items[9999999999]", "items[a]", "item[1]", " items[1]"} {
		_, ok := ItemIndex(account.FieldError{Path: path})
		assert.False(t, ok, path)
	}

	// Every problem Compute reports is about the item its path names.
	_, err := Compute(client, base(), request(t, `{"items":[`+usCreate+`,{"id":"`+idU+`"},{"id":"`+idB+`","currency":"usd"},{"clientId":"x"}],"replaceMode":null}`), testOptions(false))
	ve, ok := account.AsValidationError(err)
	require.True(t, ok)
	items := 0
	for _, e := range ve.Errors {
		i, ok := ItemIndex(e)
		if e.Path == "replaceMode" {
			assert.False(t, ok)
			continue
		}
		require.True(t, ok, e.Path)
		at := account.NewPath("items")
		assert.True(t, strings.HasPrefix(e.Path, at.Index(i).String()), e.Path)
		items++
	}
	assert.Equal(t, len(ve.Errors)-1, items)
}

// FuzzItemIndex: ItemIndex never panics, and an index it returns is the
// one the path starts with, in the form account.Path writes.
func FuzzItemIndex(f *testing.F) {
	for _, s := range []string{"items[3].clabe", "items", "items[01]", "items[9999999999]", "items[1]x", `items[2]["k"]`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, path string) {
		i, ok := ItemIndex(account.FieldError{Path: path})
		if !ok {
			return
		}
		items := account.NewPath("items")
		prefix := items.Index(i).String()
		rest, found := strings.CutPrefix(path, prefix)
		require.True(t, found && (rest == "" || rest[0] == '.' || rest[0] == '['), "ItemIndex(%q) = %d", path, i)
	})
}

// The items the constructors build travel as JSON like any other.
func TestItemsJSON(t *testing.T) {
	rec := base()[0]
	b, err := json.Marshal(artu.SyncRequest{Items: []artu.SyncItem{CreateItem(rec), DeleteItem(idC)}})
	require.NoError(t, err)
	var req artu.SyncRequest
	require.NoError(t, account.Decode(b, &req))
	assert.Equal(t, []artu.SyncItem{CreateItem(rec), DeleteItem(idC)}, req.Items)
}
