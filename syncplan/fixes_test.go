package syncplan

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/acctkit/acctkit/account"
	"github.com/acctkit/acctkit/account/artu"
)

// TestDeleteWithoutID: "_delete" on an item without "id" is the
// documented "_delete forbidden", whatever its value, and the item is
// otherwise checked as the create it is: it keeps every error of its own
// (the checks between items, such as duplicates, apply as to any item
// that breaks a rule of its own).
func TestDeleteWithoutID(t *testing.T) {
	for _, item := range []string{
		usCreate,
		strings.Replace(usCreate, client, other, 1), // another client's clientId
		`{"label":"x"}`, // a create missing its fields
		`{}`,
		`{"clientId":"` + client + `","accountNumber":"002010077777777779","bankName":"X","country":"MX","currency":"mxn"}`,
		strings.Replace(usCreate, "{", `{"isPrimary":true,"isActive":false,`, 1),
		strings.Replace(usCreate, client, "nope", 1),
	} {
		without := errorsOf(t, `{"items":[`+item+`]}`)
		for _, del := range []string{"true", "false", "null"} {
			with := strings.Replace(item, "{", `{"_delete":`+del+`,`, 1)
			with = strings.Replace(with, ",}", "}", 1)
			got := errorsOf(t, `{"items":[`+with+`]}`)
			assert.ElementsMatch(t, append(without, "items[0]._delete forbidden"), got, "%s", with)
		}
	}
}

// errorsOf returns the "path code" lines Compute reports for body against
// base(), or none when it plans.
func errorsOf(t *testing.T, body string) []string {
	t.Helper()
	_, err := Compute(client, base(), request(t, body), testOptions(false))
	if err == nil {
		return []string{}
	}
	return problems(t, err)
}

// TestPrimaryCheckedWithOtherErrors: an item that breaks another rule
// still hears that it leaves an inactive primary.
func TestPrimaryCheckedWithOtherErrors(t *testing.T) {
	inactivePrimary := `"isPrimary":true,"isActive":false,`
	for _, tc := range []struct {
		name, body string
		errs       []string
	}{
		{"create with an existing externalId",
			`{"items":[` + strings.Replace(usCreate, "{", `{`+inactivePrimary+`"externalId":"erp-A",`, 1) + `]}`,
			[]string{"items[0].externalId duplicate", "items[0].isActive conflict"}},
		{"create with an existing natural key",
			`{"items":[` + strings.Replace(usLikeB, "{", `{`+inactivePrimary, 1) + `]}`,
			[]string{"items[0].accountNumber duplicate", "items[0].isActive conflict"}},
		{"create with a natural key of an earlier item",
			`{"items":[` + usCreate + `,` + strings.Replace(usCreate, "{", `{`+inactivePrimary, 1) + `]}`,
			[]string{"items[1].accountNumber duplicate", "items[1].isActive conflict"}},
		{"create breaking its own rules",
			`{"items":[` + strings.Replace(usCreate, `"USD"`, `"usd"`, 1)[:len(usCreate)-1] + `,` + inactivePrimary[:len(inactivePrimary)-1] + `}]}`,
			[]string{"items[0].currency format", "items[0].isActive conflict"}},
		{"create of another client",
			`{"items":[` + strings.Replace(strings.Replace(usCreate, client, other, 1), "{", `{`+inactivePrimary, 1) + `]}`,
			[]string{"items[0].clientId forbidden", "items[0].isActive conflict"}},
		{"update deactivating the primary and taking an externalId",
			`{"items":[{"id":"` + idA + `","isActive":false,"externalId":"k"},` + strings.Replace(usCreate, "{", `{"externalId":"k",`, 1) + `]}`,
			[]string{"items[0].isActive conflict", "items[1].externalId duplicate"}},
		{"update deactivating the primary, second with an externalId",
			`{"items":[` + strings.Replace(usCreate, "{", `{"externalId":"k",`, 1) + `,{"id":"` + idA + `","isActive":false,"externalId":"k"}]}`,
			[]string{"items[1].externalId duplicate", "items[1].isActive conflict"}},
		{"update of the primary taking an existing natural key",
			`{"items":[{"id":"` + idA + `","isActive":false,"country":"US","clabe":null}]}`,
			[]string{"items[0].clabe type", "items[0].isActive conflict"}},
		{"update of an inactive account made primary, with a bad currency",
			`{"items":[{"id":"` + idB + `","isPrimary":true,"isActive":false,"currency":"usd"}]}`,
			[]string{"items[0].currency format", "items[0].isActive conflict"}},
		{"_delete on a create",
			`{"items":[` + strings.Replace(usCreate, "{", `{"_delete":true,`+inactivePrimary, 1) + `]}`,
			[]string{"items[0]._delete forbidden", "items[0].isActive conflict"}},
		{"unknown id: no account, nothing to check",
			`{"items":[{"id":"` + idU + `","isPrimary":true,"isActive":false}]}`,
			[]string{"items[0].id not_found"}},
		{"null isActive: unknown, not checked",
			`{"items":[{"id":"` + idB + `","isPrimary":true,"isActive":null}]}`,
			[]string{"items[0].isActive type"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.errs, errorsOf(t, tc.body))
		})
	}
}

// TestPrimaryCheckProperty: whatever else is wrong with a request, every
// item that makes its account primary or sets its isActive, and leaves it
// primary and inactive (not demoted by another item), gets a conflict on
// isPrimary or isActive. The model
// below is written from the package documentation, not from the planner.
func TestPrimaryCheckProperty(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		existing := genExisting(t)
		req := genRequest(t, existing)
		_, err := Compute(client, existing, req, testOptions(false))
		if _, ok := account.AsValidationError(err); !ok {
			return
		}
		reported := map[string]bool{}
		for _, line := range problems(t, err) {
			reported[line] = true
		}
		var setters []int
		for i, it := range req.Items {
			if v, ok := it.IsPrimary.Get(); ok && v && !(it.ID.IsSet() && it.IsDelete()) {
				setters = append(setters, i)
			}
		}
		seen := map[string]bool{}
		for i, it := range req.Items {
			if it.IsPrimary.IsNull() || it.IsActive.IsNull() {
				continue
			}
			var after artu.BankAccount
			id, hasID := it.ID.Get()
			switch {
			case !it.ID.IsSet():
				after = it.Account()
			case !hasID || seen[strings.ToLower(id)]: // a repeated id names no account
				continue
			default:
				seen[strings.ToLower(id)] = true
				j := clientAccount(existing, id)
				if it.IsDelete() {
					continue
				}
				if j < 0 {
					continue
				}
				after = it.ApplyTo(existing[j])
			}
			// A record stored primary and inactive is not the item's
			// doing unless it sets one of the two.
			demoted := len(setters) == 1 && setters[0] != i
			primary, _ := it.IsPrimary.Get()
			makes := primary || it.IsActive.IsSet()
			if after.IsPrimary && !after.IsActive && !demoted && makes {
				at := fmt.Sprintf("items[%d].", i)
				require.True(t, reported[at+"isActive conflict"] || reported[at+"isPrimary conflict"],
					"items[%d] leaves an inactive primary: %v", i, problems(t, err))
			}
		}
	})
}

// clientAccount returns the position of the client's account with id
// (ignoring case), or -1.
func clientAccount(existing []artu.BankAccount, id string) int {
	for j, a := range existing {
		if strings.EqualFold(a.ID, id) && strings.EqualFold(a.ClientID, client) {
			return j
		}
	}
	return -1
}

// TestFieldsListDefaults: an update of a record stored without the
// defaults lists the defaults it fills in, so that writing only the
// changed columns stores After (checkInvariants checks that on every
// plan); an update that fills in defaults only is still Unchanged.
func TestFieldsListDefaults(t *testing.T) {
	for _, tc := range []struct{ body, want string }{
		{`{"id":"` + idE + `","label":"e"}`, "~ E requested items[0] type,label,codigoBanco,codigoPlaza"},
		{`{"id":"` + idE + `","type":"savings"}`, "~ E requested items[0] type,codigoBanco,codigoPlaza"},
		{`{"id":"` + idE + `","isPrimary":true}`, "~ E requested items[0] type,isPrimary,codigoBanco,codigoPlaza"},
		{`{"id":"` + idE + `"}`, "= E requested items[0]"},
		{`{"id":"` + idE + `","type":"checking","codigoPlaza":"180"}`, "= E requested items[0]"},
	} {
		body := `{"items":[` + tc.body + `]}`
		p, err := Compute(client, base(), request(t, body), testOptions(false))
		require.NoError(t, err, body)
		assert.Equal(t, tc.want, lines(p)[0], body)
		checkInvariants(t, client, base(), request(t, body), p)
	}
}
