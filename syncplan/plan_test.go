package syncplan

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/acctkit/acctkit/account/artu"
)

func TestResponse(t *testing.T) {
	req := request(t, `{"items":[`+mxCreate+`,{"id":"`+idB+`","label":"payroll"},{"id":"`+idC+`","_delete":true},{"id":"`+idE+`"}]}`)
	p, err := Compute(client, base(), req, testOptions(false))
	require.NoError(t, err)
	resp := p.Response()
	require.NoError(t, resp.Validate())
	out, err := json.Marshal(resp)
	require.NoError(t, err)
	assert.JSONEq(t, `{
		"created": [{
			"id": "00000000-0000-4000-8000-000000000001", "clientId": "`+client+`",
			"accountNumber": "7777", "bankName": "Santander", "country": "MX", "currency": "MXN",
			"type": "checking", "isPrimary": false, "isActive": true,
			"clabe": "`+clabeOther+`", "codigoBanco": "014", "codigoPlaza": "320",
			"createdAt": "2025-03-01T12:00:00Z", "updatedAt": "2025-03-01T12:00:00Z"
		}],
		"updated": [{
			"id": "`+idB+`", "clientId": "`+client+`",
			"accountNumber": "000123456789", "bankName": "JPMorgan Chase", "bankCode": "021000021",
			"country": "US", "currency": "USD", "type": "savings", "isPrimary": false, "isActive": true,
			"label": "payroll",
			"createdAt": "2024-01-15T09:30:00Z", "updatedAt": "2025-03-01T12:00:00Z"
		}],
		"deleted": ["`+idC+`"]
	}`, string(out))

	empty, err := Compute(client, base(), request(t, `{"items":[{"id":"`+idB+`"}]}`), testOptions(false))
	require.NoError(t, err)
	out, err = json.Marshal(empty.Response())
	require.NoError(t, err)
	assert.JSONEq(t, `{"created":[],"updated":[],"deleted":[]}`, string(out), "unchanged accounts are in no list")
	assert.NoError(t, empty.Response().Validate())
}

func TestApply(t *testing.T) {
	existing := base()
	req := request(t, `{"items":[`+usCreate+`,{"id":"`+idC+`","isPrimary":true},{"id":"`+idE+`","_delete":true},`+mxCreate+`]}`)
	p, err := Compute(client, existing, req, testOptions(false))
	require.NoError(t, err)
	out, err := p.Apply(existing)
	require.NoError(t, err)
	assert.Equal(t, base(), existing, "existing is not modified")

	ids := make([]string, len(out))
	for i, a := range out {
		ids[i] = name(a.ID)
	}
	assert.Equal(t, []string{"A", "B", "C", "D", "new1", "new2"}, ids, "in place, deleted left out, created appended")
	assert.False(t, find(t, out, idA).IsPrimary)
	assert.True(t, find(t, out, idC).IsPrimary)
	assert.Equal(t, base()[3], find(t, out, idD))

	// Order does not matter to Verify; other clients' accounts do not
	// count.
	reordered := slices.Clone(existing)
	slices.Reverse(reordered)
	require.Equal(t, idD, reordered[1].ID)
	reordered[1].Label = "changed"
	assert.NoError(t, p.Verify(reordered))
}

// TestApplyStale: a change to an account the plan acts on makes it stale
// (TestVerifyBasis and TestVerifyIgnores cover the other accounts).
func TestApplyStale(t *testing.T) {
	p, err := Compute(client, base(), request(t, `{"items":[{"id":"`+idB+`","label":"x"}]}`), testOptions(false))
	require.NoError(t, err)
	for name, change := range map[string]func([]artu.BankAccount) []artu.BankAccount{
		"field changed":   func(a []artu.BankAccount) []artu.BankAccount { a[1].IsActive = false; return a },
		"account removed": func(a []artu.BankAccount) []artu.BankAccount { return slices.Delete(a, 1, 2) },
		"updatedAt moved": func(a []artu.BankAccount) []artu.BankAccount {
			a[1].UpdatedAt = a[1].UpdatedAt.Add(time.Nanosecond)
			return a
		},
	} {
		t.Run(name, func(t *testing.T) {
			now := change(base())
			assert.ErrorIs(t, p.Verify(now), ErrStale)
			out, err := p.Apply(now)
			assert.Nil(t, out)
			require.ErrorIs(t, err, ErrStale)
			assert.Regexp(t, `^syncplan: (plan computed from [0-9a-f]{12}, accounts now [0-9a-f]{12}|account "`+idB+`", which the plan updates, is gone): plan is stale`, err.Error())
		})
	}
}

func mustAccount(id string) artu.BankAccount {
	return artu.BankAccount{ID: id, ClientID: client, AccountNumber: "1", BankName: "X", Currency: "USD", CreatedAt: t0, UpdatedAt: t0}
}

func TestApplyDuplicateID(t *testing.T) {
	// A store holding A twice, once as primary: the demotion would name A
	// and could not say which record it means, so Compute refuses it (a
	// case the fuzz package found: it used to plan, and only Apply saw it).
	existing := base()
	copyA := existing[0]
	copyA.IsPrimary = false
	existing = append(existing, copyA)
	req := request(t, `{"items":[{"id":"`+idC+`","isPrimary":true}]}`)
	p, err := Compute(client, existing, req, testOptions(false))
	require.ErrorIs(t, err, ErrExisting)
	assert.Nil(t, p)

	// Verify (and so Apply) sees it in a plan computed elsewhere: the same
	// demotion, computed on the consistent store, applied to this one.
	p, err = Compute(client, base(), req, testOptions(false))
	require.NoError(t, err)
	_, err = p.Apply(existing)
	require.ErrorIs(t, err, ErrExisting)
}

func TestPlanJSON(t *testing.T) {
	p, err := Compute(client, base(), request(t, `{"items":[`+usCreate+`,{"id":"`+idC+`","_delete":true}]}`), testOptions(false))
	require.NoError(t, err)
	b, err := json.Marshal(p)
	require.NoError(t, err)
	var back Plan
	require.NoError(t, json.Unmarshal(b, &back))
	assert.Equal(t, p.Fingerprint, back.Fingerprint)
	assert.Equal(t, p.Basis, back.Basis)
	assert.Equal(t, lines(p), lines(&back))
	require.NoError(t, back.Verify(base()), "a decoded plan verifies")
	var raw struct {
		Changes []map[string]json.RawMessage `json:"changes"`
	}
	require.NoError(t, json.Unmarshal(b, &raw))
	assert.NotContains(t, raw.Changes[0], "before", "a create has no before")
	assert.NotContains(t, raw.Changes[1], "after", "a delete has no after")
}

func TestCount(t *testing.T) {
	p, err := Compute(client, base(), request(t, `{"items":[`+usCreate+`,{"id":"`+idC+`","isPrimary":true},{"id":"`+idE+`"}],"replaceMode":true}`), testOptions(false))
	require.NoError(t, err)
	assert.Equal(t, 1, p.Count(Create))
	assert.Equal(t, 1, p.Count(Update))
	assert.Equal(t, 2, p.Count(Delete))
	assert.Equal(t, 1, p.Count(Unchanged))
	assert.Equal(t, "Plan: 1 to create, 1 to update, 2 to delete, 1 unchanged", p.Summary())
}

func TestNoFingerprint(t *testing.T) {
	p := touchA(t)
	p.Fingerprint = Fingerprint{}
	// Nothing to verify against: refused, and not as stale.
	err := p.Verify(base())
	require.ErrorIs(t, err, ErrNoFingerprint)
	assert.NotErrorIs(t, err, ErrStale)
	assert.EqualError(t, err, "syncplan: plan has no fingerprint to verify")
	out, err := p.Apply(base())
	require.ErrorIs(t, err, ErrNoFingerprint)
	assert.Nil(t, out)
	require.ErrorIs(t, (&Plan{}).Verify(nil), ErrNoFingerprint, "the zero Plan")
	assert.NotErrorIs(t, ErrNoFingerprint, ErrStale)
	assert.NotErrorIs(t, ErrStale, ErrNoFingerprint)
}

// TestPlanOwnsMetadata: a plan shares no metadata map with the accounts or
// the request it comes from: changing those maps after Compute leaves the
// plan as it was, whatever the action that carries the record (update,
// demotion, delete, unchanged, create, replace mode).
func TestPlanOwnsMetadata(t *testing.T) {
	meta := func() map[string]json.RawMessage {
		return map[string]json.RawMessage{"tier": json.RawMessage(`"gold"`), "n": json.RawMessage(`[1,2]`)}
	}
	store := func() []artu.BankAccount {
		accts := base()
		for i := range accts {
			accts[i].Metadata = meta()
		}
		return accts
	}
	for _, body := range []string{
		`{"items":[{"id":"` + idC + `","label":"x"},{"id":"` + idB + `","isPrimary":true},{"id":"` + idE + `","_delete":true}]}`,
		`{"items":[{"id":"` + idC + `"},{"id":"` + idB + `","metadata":{"k":"v"}},` + strings.Replace(usCreate, "{", `{"metadata":{"a":{"b":1}},`, 1) + `]}`,
		`{"items":[{"id":"` + idC + `","label":"x"}],"replaceMode":true}`,
	} {
		existing, req := store(), request(t, body)
		p, err := Compute(client, existing, req, testOptions(false))
		require.NoError(t, err, body)
		want, err := Compute(client, store(), request(t, body), testOptions(false))
		require.NoError(t, err)

		scribble := func(m map[string]json.RawMessage) {
			for k := range m {
				m[k] = json.RawMessage(`"changed"`)
				m[k+"!"] = json.RawMessage(`0`)
			}
		}
		for i := range existing {
			scribble(existing[i].Metadata)
		}
		for i := range req.Items {
			if m, ok := req.Items[i].Metadata.Get(); ok {
				scribble(m)
			}
		}
		assert.Equal(t, want, p, body)

		// Nor do two changes share a map.
		for i := range p.Changes {
			p, err := Compute(client, store(), request(t, body), testOptions(false))
			require.NoError(t, err)
			scribble(p.Changes[i].Before.Metadata)
			scribble(p.Changes[i].After.Metadata)
			for j := range p.Changes {
				if j != i {
					assert.Equal(t, want.Changes[j], p.Changes[j], "%s: change %d after writing to change %d", body, j, i)
				}
			}
		}
	}
}
