package syncplan

import (
	"errors"
	"testing"

	"github.com/acctkit/acctkit/account"
	"github.com/acctkit/acctkit/account/artu"
)

// FuzzCompute decodes arbitrary bytes as a sync request, the way an API
// would (account.Decode), and plans it against base(), whether or not
// decoding reported problems: a half-decoded request must not break
// Compute either. It must never panic; a refusal must be a well-formed
// validation error; a plan must satisfy every invariant and replan to
// nothing.
func FuzzCompute(f *testing.F) {
	for _, seed := range []string{
		`{"items":[]}`,
		`{"items":[],"replaceMode":true}`,
		`{"items":[` + usCreate + `,{"id":"` + idB + `","label":"x","isPrimary":true},{"id":"` + idC + `","_delete":true}]}`,
		`{"items":[` + mxCreate + `,` + mxSameCLABE + `]}`,
		`{"items":[` + usLikeB + `],"replaceMode":true}`,
		`{"items":[{"id":"` + idA + `","isActive":false},{"id":"` + idE + `","isPrimary":true,"type":"checking"}]}`,
		`{"items":[{"id":"` + idD + `","_delete":true},{"_delete":false}]}`,
		`{"items":[{"id":"` + idC + `","metadata":{"tier": "gold","n":[1,2]}}]}`,
		`{"items":[{"externalId":"erp-A","clientId":"` + client + `","accountNumber":"1","bankName":"B","country":"MX","currency":"MXN","clabe":"` + clabeOther + `"}]}`,
		`{"items":null,"replaceMode":null}`,
		`[]`,
	} {
		f.Add([]byte(seed), false)
		f.Add([]byte(seed), true)
	}
	f.Fuzz(func(t *testing.T, body []byte, match bool) {
		var req artu.SyncRequest
		_ = account.Decode(body, &req)
		existing := base()
		p, err := Compute(client, existing, req, testOptions(match))
		if err != nil {
			if errors.Is(err, ErrNewID) {
				return // an item named an id the counter hands out
			}
			checkRejection(t, req, err)
			return
		}
		checkInvariants(t, client, existing, req, p)
		checkReplan(t, client, existing, req, p, match)
		_ = p.String()
	})
}
