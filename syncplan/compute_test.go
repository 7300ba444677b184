package syncplan

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/acctkit/acctkit/account"
	"github.com/acctkit/acctkit/account/artu"
	"github.com/acctkit/acctkit/internal/uuid"
)

// Items used by many scenarios.
const (
	usCreate    = `{"clientId":"` + client + `","accountNumber":"000999888","bankName":"Chase","bankCode":"021000021","country":"US","currency":"USD"}`
	usLikeB     = `{"clientId":"` + client + `","accountNumber":"0001-2345 6789","bankName":"Chase","bankCode":"021000021","country":"US","currency":"USD"}`
	mxCreate    = `{"clientId":"` + client + `","accountNumber":"7777","bankName":"Santander","country":"MX","currency":"MXN","clabe":"` + clabeOther + `"}`
	mxSameCLABE = `{"clientId":"` + client + `","accountNumber":"` + clabeOther + `","bankName":"Santander MX","country":"MX","currency":"MXN"}`
)

func TestComputeScenarios(t *testing.T) {
	for _, tc := range []struct {
		name     string
		existing []artu.BankAccount // base() when nil
		body     string
		match    bool
		want     []string // plan lines; nil when errs is set
		errs     []string // "path code" of each problem
	}{
		// 1. Size of the request.
		{name: "empty list is a valid no-op", body: `{"items":[]}`, want: []string{}},
		{name: "empty list in replace mode deletes every account of the client",
			body: `{"items":[],"replaceMode":true}`,
			want: []string{"- A replace_mode", "- B replace_mode", "- C replace_mode", "- E replace_mode"}},
		{name: "items absent", body: `{}`, errs: []string{"items required"}},
		{name: "replaceMode null", body: `{"items":[],"replaceMode":null}`, errs: []string{"replaceMode type"}},
		{name: "251 items is one error", body: `{"items":[` + strings.Repeat(`{"id":"x"},`, 250) + `{}]}`,
			errs: []string{"items too_many"}},
		{name: "250 items is allowed", body: `{"items":[` + strings.Repeat(`{"id":"`+idB+`","_delete":true},`, 249) + `{}]}`,
			errs: append(dupIDs(249), "items[249].clientId required", "items[249].accountNumber required",
				"items[249].bankName required", "items[249].country required", "items[249].currency required")},

		// 2. Updates and deletes by id.
		{name: "update changes only the fields present", body: `{"items":[{"id":"` + idB + `","label":"payroll","isActive":false}]}`,
			want: []string{"~ B requested items[0] isActive,label"}},
		{name: "id compares ignoring case", body: `{"items":[{"id":"` + strings.ToUpper(idB) + `","label":"x"}]}`,
			want: []string{"~ B requested items[0] label"}},
		{name: "delete ignores the other fields", body: `{"items":[{"id":"` + idC + `","_delete":true,"accountNumber":"","country":"??","isPrimary":true}]}`,
			want: []string{"- C requested items[0]"}},
		{name: "_delete false is an update", body: `{"items":[{"id":"` + idC + `","_delete":false,"label":"x"}]}`,
			want: []string{"~ C requested items[0] label"}},
		{name: "unknown id", body: `{"items":[{"id":"` + idU + `","label":"x"},{"id":"` + idU + `","_delete":true}]}`,
			errs: []string{"items[0].id not_found", "items[1].id duplicate"}},
		{name: "another client's id is not found", body: `{"items":[{"id":"` + idD + `","label":"x"},{"id":"` + idU + `","_delete":true}]}`,
			errs: []string{"items[0].id not_found", "items[1].id not_found"}},
		{name: "replace mode never touches another client", body: `{"items":[{"id":"` + idB + `"}],"replaceMode":true}`,
			want: []string{"- A replace_mode", "- C replace_mode", "- E replace_mode", "= B requested items[0]"}},
		{name: "delete item without id", body: `{"items":[{"_delete":true}]}`,
			errs: []string{"items[0].clientId required", "items[0].accountNumber required", "items[0].bankName required",
				"items[0].country required", "items[0].currency required", "items[0]._delete forbidden"}},
		{name: "malformed id", body: `{"items":[{"id":"B","label":"x"}]}`, errs: []string{"items[0].id format"}},
		// A clabe on a non-MX account is one error; codigos are derived
		// only for MX accounts. Moving an MX account to the US leaves its
		// clabe and codigos in place, and each is reported.
		{name: "update checked as a whole record: clabe on a US account",
			body: `{"items":[{"id":"` + idB + `","clabe":"` + clabeOther + `"}]}`,
			errs: []string{"items[0].clabe forbidden"}},
		{name: "update checked as a whole record: country US on an account with a CLABE",
			body: `{"items":[{"id":"` + idA + `","country":"US"}]}`,
			errs: []string{"items[0].clabe forbidden", "items[0].codigoBanco forbidden", "items[0].codigoPlaza forbidden"}},
		{name: "update of a record with old problems reports only new ones",
			existing: withBroken(base()), body: `{"items":[{"id":"` + idB + `","label":"x"}]}`,
			want: []string{"~ B requested items[0] label"}},
		{name: "update may not move an account to another client",
			body: `{"items":[{"id":"` + idB + `","clientId":"` + other + `"}]}`, errs: []string{"items[0].clientId forbidden"}},
		{name: "update may repeat the client id in any case",
			body: `{"items":[{"id":"` + idB + `","clientId":"` + strings.ToUpper(client) + `"}]}`, want: []string{"= B requested items[0]"}},
		{name: "null fields are errors", body: `{"items":[{"id":"` + idB + `","label":null}]}`, errs: []string{"items[0].label type"}},

		// 3. Creates.
		{name: "create", body: `{"items":[` + usCreate + `]}`, want: []string{"+ new1 requested items[0]"}},
		{name: "create breaks account rules", body: `{"items":[{"clientId":"` + client + `","accountNumber":"002010077777777779","bankName":"X","country":"MX","currency":"mxn"}]}`,
			errs: []string{"items[0].currency format", "items[0].accountNumber checksum"}},
		{name: "create for another client is forbidden", body: `{"items":[` + strings.Replace(usCreate, client, other, 1) + `]}`,
			errs: []string{"items[0].clientId forbidden"}},
		{name: "create with _delete false", body: `{"items":[` + strings.Replace(usCreate, "{", `{"_delete":false,`, 1) + `]}`,
			errs: []string{"items[0]._delete forbidden"}},
		{name: "create missing everything", body: `{"items":[{"label":"x"}]}`,
			errs: []string{"items[0].clientId required", "items[0].accountNumber required", "items[0].bankName required",
				"items[0].country required", "items[0].currency required"}},

		// 4. Duplicates.
		{name: "same id twice", body: `{"items":[{"id":"` + idB + `","label":"x"},{"id":"` + idB + `","_delete":true}]}`,
			errs: []string{"items[1].id duplicate"}},
		{name: "two creates of one account (normalized number)", body: `{"items":[` + usCreate + `,` + strings.Replace(usCreate, "000999888", "000-999 888", 1) + `]}`,
			errs: []string{"items[1].accountNumber duplicate"}},
		{name: "two creates of one CLABE", body: `{"items":[` + mxCreate + `,` + mxSameCLABE + `]}`,
			errs: []string{"items[1].accountNumber duplicate"}},
		{name: "create duplicating an existing account", body: `{"items":[` + usLikeB + `]}`,
			errs: []string{"items[0].accountNumber duplicate"}},
		{name: "create duplicating an existing CLABE given as accountNumber",
			body: `{"items":[{"clientId":"` + client + `","accountNumber":"` + clabeBanamex + `","bankName":"Citi","country":"MX","currency":"MXN"}]}`,
			errs: []string{"items[0].accountNumber duplicate"}},
		{name: "create duplicating an account deleted in the same request",
			body: `{"items":[` + usLikeB + `,{"id":"` + idB + `","_delete":true}]}`,
			want: []string{"+ new1 requested items[0]", "- B requested items[1]"}},
		{name: "create duplicating an account replace mode deletes",
			body: `{"items":[` + usLikeB + `],"replaceMode":true}`,
			want: []string{"+ new1 requested items[0]", "- A replace_mode", "- B replace_mode", "- C replace_mode", "- E replace_mode"}},
		{name: "create taking a number an update gives up",
			body: `{"items":[` + usLikeB + `,{"id":"` + idB + `","accountNumber":"42"}]}`,
			want: []string{"+ new1 requested items[0]", "~ B requested items[1] accountNumber"}},
		{name: "update taking another account's number",
			body: `{"items":[{"id":"` + idB + `","country":"DE","bankCode":"","bankName":"Commerzbank","accountNumber":"` + ibanDE + `","currency":"EUR"}]}`,
			errs: []string{"items[0].accountNumber duplicate"}},
		{name: "externalId of an existing account", body: `{"items":[` + strings.Replace(usCreate, "{", `{"externalId":"erp-A",`, 1) + `]}`,
			errs: []string{"items[0].externalId duplicate"}},
		{name: "externalId twice in one request",
			body: `{"items":[{"id":"` + idB + `","externalId":"k"},` + strings.Replace(usCreate, "{", `{"externalId":"k",`, 1) + `]}`,
			errs: []string{"items[1].externalId duplicate"}},
		{name: "externalId freed by a delete", body: `{"items":[{"id":"` + idA + `","_delete":true},` + strings.Replace(usCreate, "{", `{"externalId":"erp-A",`, 1) + `]}`,
			want: []string{"+ new1 requested items[1]", "- A requested items[0]"}},

		// 4. MatchExisting.
		{name: "match by natural key updates the fields given", match: true, body: `{"items":[` + usLikeB + `]}`,
			want: []string{"~ B matched_existing items[0] accountNumber,bankName"}},
		{name: "match then replan is unchanged", match: true,
			body: `{"items":[{"clientId":"` + client + `","accountNumber":"000123456789","bankName":"JPMorgan Chase","bankCode":"021000021","country":"US","currency":"USD","type":"savings"}]}`,
			want: []string{"= B matched_existing items[0]"}},
		{name: "match by externalId wins over natural key", match: true, existing: withExternal(base()),
			body: `{"items":[{"externalId":"erp-B","clientId":"` + client + `","accountNumber":"` + ibanDE + `","bankName":"Commerzbank","bankCode":"","country":"DE","currency":"EUR"}]}`,
			errs: []string{"items[0].accountNumber duplicate"}},
		{name: "match by externalId then natural key in one request", match: true, existing: withExternal(base()),
			body: `{"items":[{"externalId":"erp-B","clientId":"` + client + `","accountNumber":"1","bankName":"JPM","country":"US","currency":"USD"},` +
				`{"clientId":"` + client + `","accountNumber":"` + ibanDE + `","bankName":"Commerzbank","country":"DE","currency":"EUR","label":"c"}]}`,
			want: []string{"~ B matched_existing items[0] accountNumber,bankName", "~ C matched_existing items[1] label"}},
		{name: "match by externalId updates the account", match: true,
			body: `{"items":[` + strings.Replace(mxCreate, "{", `{"externalId":"erp-A",`, 1) + `]}`,
			want: []string{"~ A matched_existing items[0] accountNumber,bankName,clabe,codigoBanco,codigoPlaza"}},
		{name: "match on an account an update names", match: true,
			body: `{"items":[{"id":"` + idB + `","label":"x"},` + usLikeB + `]}`, errs: []string{"items[1].accountNumber duplicate"}},
		{name: "two creates matching one account", match: true,
			body: `{"items":[` + usLikeB + `,` + strings.Replace(usLikeB, "Chase", "JPM", 1) + `]}`,
			errs: []string{"items[1].accountNumber duplicate"}},
		{name: "no match with an account deleted in the request", match: true,
			body: `{"items":[` + usLikeB + `,{"id":"` + idB + `","_delete":true}]}`,
			want: []string{"+ new1 requested items[0]", "- B requested items[1]"}},
		{name: "matched accounts survive replace mode", match: true,
			body: `{"items":[` + usLikeB + `],"replaceMode":true}`,
			want: []string{"~ B matched_existing items[0] accountNumber,bankName", "- A replace_mode", "- C replace_mode", "- E replace_mode"}},

		// 6. Single primary.
		{name: "new primary demotes the old one", body: `{"items":[{"id":"` + idC + `","isPrimary":true}]}`,
			want: []string{"~ C requested items[0] isPrimary", "~ A primary_demoted isPrimary"}},
		{name: "created primary demotes the old one", body: `{"items":[` + strings.Replace(usCreate, "{", `{"isPrimary":true,"isActive":true,`, 1) + `]}`,
			want: []string{"+ new1 requested items[0]", "~ A primary_demoted isPrimary"}},
		{name: "setting the primary again changes nothing", body: `{"items":[{"id":"` + idA + `","isPrimary":true}]}`,
			want: []string{"= A requested items[0]"}},
		{name: "demotion of a named account that changes nothing else",
			body: `{"items":[{"id":"` + idA + `","label":""},{"id":"` + idC + `","isPrimary":true}]}`,
			want: []string{"~ A primary_demoted items[0] isPrimary", "~ C requested items[1] isPrimary"}},
		{name: "demotion folded into a named account's update",
			body: `{"items":[{"id":"` + idA + `","isActive":false},{"id":"` + idC + `","isPrimary":true}]}`,
			want: []string{"~ A requested items[0] isPrimary,isActive", "~ C requested items[1] isPrimary"}},
		{name: "two items set isPrimary", body: `{"items":[{"id":"` + idB + `","isPrimary":true},{"id":"` + idC + `","label":"x"},{"id":"` + idC + `","isPrimary":true}]}`,
			errs: []string{"items[0].isPrimary conflict", "items[2].id duplicate", "items[2].isPrimary conflict"}},
		{name: "primary must be active: deactivating it", body: `{"items":[{"id":"` + idA + `","isActive":false}]}`,
			errs: []string{"items[0].isActive conflict"}},
		{name: "primary must be active: inactive account made primary", body: `{"items":[{"id":"` + idB + `","isPrimary":true,"isActive":false}]}`,
			errs: []string{"items[0].isActive conflict"}},
		{name: "primary must be active: created inactive", body: `{"items":[` + strings.Replace(usCreate, "{", `{"isPrimary":true,"isActive":false,`, 1) + `]}`,
			errs: []string{"items[0].isActive conflict"}},
		{name: "a create without isActive is active, so it may be primary", body: `{"items":[` + strings.Replace(usCreate, "{", `{"isPrimary":true,`, 1) + `]}`,
			want: []string{"+ new1 requested items[0]", "~ A primary_demoted isPrimary"}},
		{name: "deleting the primary promotes nobody", body: `{"items":[{"id":"` + idA + `","_delete":true}]}`,
			want: []string{"- A requested items[0]"}},
		{name: "replace mode deletes the old primary instead of demoting it",
			body: `{"items":[{"id":"` + idC + `","isPrimary":true}],"replaceMode":true}`,
			want: []string{"~ C requested items[0] isPrimary", "- A replace_mode", "- B replace_mode", "- E replace_mode"}},

		// 7. All or nothing, every bad item listed.
		{name: "every bad item", body: `{"items":[` + usCreate + `,{"id":"` + idU + `"},{"id":"` + idB + `","currency":"usd"},{"id":"` + idC + `","label":"ok"},{"clientId":"x"}]}`,
			errs: []string{"items[1].id not_found", "items[2].currency format", "items[4].accountNumber required",
				"items[4].bankName required", "items[4].country required", "items[4].currency required", "items[4].clientId format"}},

		// 8. No-op detection.
		{name: "same values are unchanged", body: `{"items":[{"id":"` + idB + `","bankName":"JPMorgan Chase","type":"savings","isActive":true}]}`,
			want: []string{"= B requested items[0]"}},
		{name: "defaults are not changes", body: `{"items":[{"id":"` + idE + `","type":"checking","codigoBanco":"012","country":"MX"}]}`,
			want: []string{"= E requested items[0]"}},
		{name: "metadata compares as JSON", body: `{"items":[{"id":"` + idC + `","metadata":{"tier": "gold"}}]}`,
			want: []string{"= C requested items[0]"}},
		{name: "metadata change", body: `{"items":[{"id":"` + idC + `","metadata":{"tier":"silver"}}]}`,
			want: []string{"~ C requested items[0] metadata"}},

		// 9. Order: creates, updates then demotions, deletes then replace
		// deletions, unchanged.
		{name: "order", body: `{"items":[{"id":"` + idE + `"},{"id":"` + idC + `","_delete":true},` + usCreate + `,{"id":"` + idB + `","label":"b","isPrimary":true},` + mxCreate + `],"replaceMode":false}`,
			want: []string{"+ new1 requested items[2]", "+ new2 requested items[4]", "~ B requested items[3] isPrimary,label",
				"~ A primary_demoted isPrimary", "- C requested items[1]", "= E requested items[0]"}},
		{name: "order in replace mode", body: `{"items":[{"id":"` + idE + `","label":"e"},` + mxCreate + `],"replaceMode":true}`,
			want: []string{"+ new1 requested items[1]", "~ E requested items[0] type,label,codigoBanco,codigoPlaza", "- A replace_mode", "- B replace_mode", "- C replace_mode"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			existing := tc.existing
			if existing == nil {
				existing = base()
			}
			p, err := Compute(client, existing, request(t, tc.body), testOptions(tc.match))
			if tc.errs != nil {
				require.Error(t, err)
				assert.Nil(t, p)
				assert.Equal(t, tc.errs, problems(t, err))
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, lines(p))
			checkInvariants(t, client, existing, request(t, tc.body), p)
			checkReplan(t, client, existing, request(t, tc.body), p, tc.match)
		})
	}
}

func dupIDs(n int) []string {
	out := make([]string, 0, n-1)
	for i := 1; i < n; i++ {
		out = append(out, fmt.Sprintf("items[%d].id duplicate", i))
	}
	return out
}

// withExternal gives B the externalId "erp-B".
func withExternal(accts []artu.BankAccount) []artu.BankAccount {
	for i := range accts {
		if accts[i].ID == idB {
			accts[i].ExternalID = "erp-B"
		}
	}
	return accts
}

// withBroken gives B a currency account no longer accepts, as a store may
// hold from before a rule existed.
func withBroken(accts []artu.BankAccount) []artu.BankAccount {
	for i := range accts {
		if accts[i].ID == idB {
			accts[i].Currency = "usd"
		}
	}
	return accts
}

func TestComputeRecords(t *testing.T) {
	req := request(t, `{"items":[`+mxCreate+`,{"id":"`+idB+`","label":"payroll"},{"id":"`+idC+`","isPrimary":true}]}`)
	p, err := Compute(client, base(), req, testOptions(false))
	require.NoError(t, err)

	created := p.Changes[0]
	assert.Equal(t, artu.BankAccount{ID: "00000000-0000-4000-8000-000000000001", ClientID: client,
		AccountNumber: "7777", BankName: "Santander", Country: "MX", Currency: "MXN", Type: artu.Checking,
		CLABE: mustCLABE(clabeOther), CodigoBanco: "014", CodigoPlaza: "320", IsActive: true, CreatedAt: now, UpdatedAt: now}, created.After)
	assert.Zero(t, created.Before)
	assert.Nil(t, created.Fields)

	updated := p.Changes[1]
	want := base()[1]
	want.Label, want.UpdatedAt = "payroll", now
	assert.Equal(t, want, updated.After, "only label changes; createdAt is kept and updatedAt bumped")
	assert.Equal(t, base()[1], updated.Before)

	demoted := p.Changes[3]
	assert.Equal(t, PrimaryDemoted, demoted.Reason)
	assert.Equal(t, NoItem, demoted.Item)
	assert.False(t, demoted.After.IsPrimary)
	assert.Equal(t, now, demoted.After.UpdatedAt)

	unchanged, err := Compute(client, base(), request(t, `{"items":[{"id":"`+idB+`","label":""}]}`), testOptions(false))
	require.NoError(t, err)
	assert.Equal(t, base()[1], unchanged.Changes[0].After, "no updatedAt bump")
	assert.Equal(t, base()[1], unchanged.Changes[0].Before)
}

func TestComputeErrors(t *testing.T) {
	req := request(t, `{"items":[`+usCreate+`]}`)
	for _, tc := range []struct {
		name     string
		clientID string
		existing []artu.BankAccount
		newID    func() string
		want     error
		msg      string
	}{
		{"client id not a UUID", "client-1", base(), counter(), ErrClientID, `syncplan.Compute: client id "client-1": client id is not a UUID`},
		{"new id not a UUID", client, base(), func() string { return "n1" }, ErrNewID,
			`syncplan.Compute: Options.NewID returned "n1" for items[0], not a UUID: new account id is unusable`},
		{"new id in use", client, base(), func() string { return strings.ToUpper(idB) }, ErrNewID,
			`syncplan.Compute: Options.NewID returned "bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb" for items[0], the id of an existing account: new account id is unusable`},
		{"new id of another client", client, base(), func() string { return idD }, ErrNewID,
			`syncplan.Compute: Options.NewID returned "dddddddd-dddd-4ddd-8ddd-dddddddddddd" for items[0], the id of another client's account: new account id is unusable`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := Compute(tc.clientID, tc.existing, req, Options{Now: fixed(), NewID: tc.newID})
			assert.Nil(t, p)
			require.ErrorIs(t, err, tc.want)
			assert.EqualError(t, err, tc.msg)
		})
	}

	t.Run("new id repeated", func(t *testing.T) {
		two := request(t, `{"items":[`+usCreate+`,`+mxCreate+`]}`)
		_, err := Compute(client, base(), two, Options{NewID: func() string { return idU }})
		require.ErrorIs(t, err, ErrNewID)
		assert.Contains(t, err.Error(), "for items[1], the id of items[0]")
		upd := request(t, `{"items":[{"id":"`+idU+`","label":"x"},`+usCreate+`]}`)
		_, err = Compute(client, base(), upd, Options{NewID: func() string { return idU }})
		require.ErrorIs(t, err, ErrNewID, "an id an item names, even an unknown one, is in use")
		bad := request(t, `{"items":[{"id":"`+idB+`","currency":"usd"},`+usCreate+`]}`)
		_, err = Compute(client, base(), bad, Options{NewID: func() string { assert.Fail(t, "NewID called"); return idU }})
		assert.Equal(t, []string{"items[0].currency format"}, problems(t, err), "an invalid request draws no ids")
	})

	t.Run("named id stored twice", func(t *testing.T) {
		existing := append(base(), base()[1])
		_, err := Compute(client, existing, request(t, `{"items":[{"id":"`+idB+`","label":"x"}]}`), testOptions(false))
		require.ErrorIs(t, err, ErrExisting)
		assert.EqualError(t, err, `syncplan.Compute: existing accounts hold id "bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb" twice: existing accounts are inconsistent`)
	})
	t.Run("replace mode deleting an id stored twice", func(t *testing.T) {
		existing := append(base(), base()[2])
		_, err := Compute(client, existing, request(t, `{"items":[],"replaceMode":true}`), testOptions(false))
		require.ErrorIs(t, err, ErrExisting)
	})
	t.Run("replace mode deleting an account without id", func(t *testing.T) {
		existing := append(base(), artu.BankAccount{ClientID: client, AccountNumber: "1"})
		_, err := Compute(client, existing, request(t, `{"items":[],"replaceMode":true}`), testOptions(false))
		require.ErrorIs(t, err, ErrExisting)
	})
	t.Run("untouched duplicates are left alone", func(t *testing.T) {
		existing := append(base(), base()[2])
		p, err := Compute(client, existing, request(t, `{"items":[{"id":"`+idB+`","label":"x"}]}`), testOptions(false))
		require.NoError(t, err)
		assert.Equal(t, []string{"~ B requested items[0] label"}, lines(p))
	})
}

func TestComputeMessages(t *testing.T) {
	// Unknown and foreign ids read the same: nothing tells them apart.
	_, err := Compute(client, base(), request(t, `{"items":[{"id":"`+idD+`","label":"x"},{"id":"`+idU+`","label":"x"}]}`), testOptions(false))
	ve, ok := account.AsValidationError(err)
	require.True(t, ok)
	require.Len(t, ve.Errors, 2)
	assert.Equal(t, ve.Errors[0].Message, ve.Errors[1].Message)
	assert.Equal(t, "is not the id of a bank account of this client", ve.Errors[0].Message)

	for body, want := range map[string]string{
		`{"items":[` + strings.Repeat(`{},`, 250) + `{}]}`:                      "items: has 251 items, at most 250 are allowed",
		`{"items":[` + usLikeB + `]}`:                                           "items[0].accountNumber: describes bank account " + idB + ", which exists",
		`{"items":[` + usCreate + `,` + usCreate + `]}`:                         "items[1].accountNumber: describes the same bank account as items[0]",
		`{"items":[{"id":"` + idB + `"},{"id":"` + idB + `"}]}`:                 "items[1].id: repeats the id of items[0]",
		`{"items":[{"id":"` + idB + `","isPrimary":true},` + withPrimary + `]}`: "items[0].isPrimary: is also true on items[1]; at most one account can be primary",
		`{"items":[{"id":"` + idA + `","isActive":false}]}`:                     "items[0].isActive: is false on the primary account; a primary account must be active (make another account primary first, or in the same request)",
	} {
		_, err := Compute(client, base(), request(t, body), testOptions(false))
		ve, ok := account.AsValidationError(err)
		require.True(t, ok, body)
		assert.Equal(t, want, ve.Errors[0].Error())
		assert.NotContains(t, err.Error(), "000123456789", "no account number in messages")
	}
}

// TestComputeGroups: three items bringing one key, with another key's
// item between them: the second and third each point at the first.
func TestComputeGroups(t *testing.T) {
	ext := func(id string) string {
		return strings.Replace(usCreate, `"country"`, `"externalId":"`+id+`","country"`, 1)
	}
	other := strings.Replace(ext("e2"), "000999888", "111", 1)
	third := strings.Replace(ext("e1"), "000999888", "222", 1)
	_, err := Compute(client, base(), request(t, `{"items":[`+ext("e1")+`,`+other+`,`+usCreate+`,`+third+`]}`), testOptions(false))
	assert.Equal(t, []string{
		"items[2].accountNumber duplicate",
		"items[3].externalId duplicate",
	}, problems(t, err))
	ve, _ := account.AsValidationError(err)
	assert.Equal(t, "items[2].accountNumber: describes the same bank account as items[0]", ve.Errors[0].Error())
	assert.Equal(t, "items[3].externalId: is also the externalId of items[0]", ve.Errors[1].Error())

	_, err = Compute(client, base(), request(t, `{"items":[`+usCreate+`,`+other+`,`+usCreate+`,`+usCreate+`]}`), testOptions(false))
	assert.Equal(t, []string{"items[2].accountNumber duplicate", "items[3].accountNumber duplicate"}, problems(t, err))
	_, err = Compute(client, base(), request(t, `{"items":[`+usLikeB+`,`+other+`,`+usLikeB+`]}`), testOptions(false))
	assert.Equal(t, []string{"items[0].accountNumber duplicate", "items[2].accountNumber duplicate"}, problems(t, err), "an existing holder: every item")
}

const withPrimary = `{"clientId":"` + client + `","accountNumber":"1","bankName":"X","country":"US","currency":"USD","isPrimary":true,"isActive":true}`

func TestComputeDefaults(t *testing.T) {
	p, err := Compute(client, nil, request(t, `{"items":[`+usCreate+`,`+mxCreate+`]}`), Options{})
	require.NoError(t, err)
	a, b := p.Changes[0].After, p.Changes[1].After
	assert.True(t, uuid.Valid(a.ID))
	assert.Equal(t, byte('4'), a.ID[14], "version 4")
	assert.Contains(t, "89ab", string(a.ID[19]), "RFC 9562 variant")
	assert.NotEqual(t, a.ID, b.ID)
	assert.Equal(t, a.CreatedAt, b.CreatedAt, "one clock reading per plan")
	assert.False(t, a.CreatedAt.IsZero())
	assert.NoError(t, p.Response().Validate())
}

func TestComputeDoesNotModifyInput(t *testing.T) {
	existing := base()
	req := request(t, `{"items":[{"id":"`+idC+`","isPrimary":true,"metadata":{"k":1}}],"replaceMode":true}`)
	reqCopy, err := json.Marshal(req)
	require.NoError(t, err)
	_, err = Compute(client, existing, req, testOptions(false))
	require.NoError(t, err)
	assert.Equal(t, base(), existing)
	again, err := json.Marshal(req)
	require.NoError(t, err)
	assert.Equal(t, string(reqCopy), string(again))
}

func TestErrorsAreDistinct(t *testing.T) {
	for _, a := range []error{ErrStale, ErrExisting, ErrClientID, ErrNewID, ErrFingerprintSyntax} {
		for _, b := range []error{ErrStale, ErrExisting, ErrClientID, ErrNewID, ErrFingerprintSyntax} {
			assert.Equal(t, a == b, errors.Is(a, b))
		}
	}
}

func TestShort(t *testing.T) {
	assert.Equal(t, `"a\"b"`, short(`a"b`))
	assert.Equal(t, `"`+strings.Repeat("x", 40)+`"...`, short(strings.Repeat("x", 100)))
	_, err := Compute(strings.Repeat("é", 30), nil, artu.SyncRequest{}, Options{})
	assert.ErrorIs(t, err, ErrClientID)
	assert.Equal(t, `syncplan.Compute: client id "`+strings.Repeat("é", 20)+`"...: client id is not a UUID`, err.Error())
}

func TestComputeDemotingAnIDStoredTwice(t *testing.T) {
	existing := append(base(), base()[0]) // A, the primary, twice
	_, err := Compute(client, existing, request(t, `{"items":[{"id":"`+idC+`","isPrimary":true}]}`), testOptions(false))
	require.ErrorIs(t, err, ErrExisting)
	assert.EqualError(t, err, `syncplan.Compute: existing account id "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa" is empty or occurs twice: existing accounts are inconsistent`)
}

func TestIsUUID(t *testing.T) {
	assert.True(t, uuid.Valid("3F1C2A9E-8d4b-4c6f-9a2e-1b7d5e0c4a21"))
	for _, s := range []string{"", "3f1c2a9e-8d4b-4c6f-9a2e-1b7d5e0c4a2", "3f1c2a9e+8d4b-4c6f-9a2e-1b7d5e0c4a21", "3f1c2a9e-8d4b-4c6f-9a2e-1b7d5e0c4a2g"} {
		assert.False(t, uuid.Valid(s), s)
	}
}

func TestSameMetadata(t *testing.T) {
	raw := func(s string) json.RawMessage { return json.RawMessage(s) }
	assert.True(t, sameMetadata(map[string]json.RawMessage{"a": raw(`{"x": [1, 2]}`)}, map[string]json.RawMessage{"a": raw(`{"x":[1,2]}`)}))
	assert.False(t, sameMetadata(map[string]json.RawMessage{"a": raw(`{"x":1,"y":2}`)}, map[string]json.RawMessage{"a": raw(`{"y":2,"x":1}`)}), "key order counts")
	assert.False(t, sameMetadata(map[string]json.RawMessage{"a": raw(`{`)}, map[string]json.RawMessage{"a": raw(` {`)}), "not JSON: bytes only")
	assert.False(t, sameMetadata(nil, map[string]json.RawMessage{}))
	assert.False(t, sameMetadata(map[string]json.RawMessage{"a": raw(`1`)}, map[string]json.RawMessage{"b": raw(`1`)}))
}
