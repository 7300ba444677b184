package synctera

import (
	"encoding/json"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/acctkit/acctkit/account"
)

func TestNewExternalAccount(t *testing.T) {
	body, err := os.ReadFile("../../examples/synctera-external-account.json")
	require.NoError(t, err)
	var req ExternalAccountRequest
	require.NoError(t, account.Decode(body, &req))
	now := time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)
	const id = "7d943c51-e4ff-4e57-9558-08cab6b963c7"
	a := NewExternalAccount(req, id, now)
	require.NoError(t, a.Validate(), "what a valid request makes is a valid response")
	assert.Equal(t, ExternalActive, a.Status)
	assert.Equal(t, now, a.CreationTime)
	assert.Equal(t, now, a.LastUpdatedTime)
	w := req.RoutingIdentifiers.InternationalWireDetails
	require.NotNil(t, w)
	assert.Equal(t, w.SwiftCode, a.RoutingIdentifiers.SwiftCode)
	assert.Equal(t, w.BankAddress.City, a.RoutingIdentifiers.BankAddress.City)
	assert.Len(t, a.RoutingIdentifiers.CorrespondentBankDetails, len(w.CorrespondentBanksDetails))
	assert.Equal(t, req.RoutingIdentifiers.EFTCARoutingNumber, a.RoutingIdentifiers.EFTRoutingNumber)

	// Every member of the request is in the response, but for those seed
	// 001's response does not have (customer_type, vendor_account_id) and
	// the wire details, which it carries flat (checked above).
	var in, out map[string]any
	require.NoError(t, json.Unmarshal(body, &in))
	encoded, err := json.Marshal(a)
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(encoded, &out))
	for k := range in {
		switch k {
		case "routing_identifiers", "customer_type", "vendor_account_id":
		default:
			assert.Contains(t, out, k)
		}
	}
	req.AccountOwnerNames[0] = "changed"
	assert.NotEqual(t, "changed", a.AccountOwnerNames[0], "the account does not alias the request's slices")
}

func TestNewAccount(t *testing.T) {
	body, err := os.ReadFile("../../examples/synctera-account.json")
	require.NoError(t, err)
	var req AccountRequest
	require.NoError(t, account.Decode(body, &req))
	now := time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)
	a := NewAccount(req, "3c90c3cc-0d44-4b50-8888-8dd25736052a", "123456789012", now)
	require.NoError(t, a.Validate())
	assert.Equal(t, "********9012", a.AccountNumberMasked)
	assert.Equal(t, now, a.CreationTime)
	if req.AccessStatus == "" {
		assert.Equal(t, AccessActive, a.AccessStatus)
	}
	if req.Status == "" {
		assert.Equal(t, AccountNeverActive, a.Status)
	}
	if req.Currency == "" {
		assert.Equal(t, DefaultCurrency, a.Currency)
	}
	for _, rel := range req.Relationships {
		if rel.CustomerID != "" {
			assert.Contains(t, a.CustomerIDs, rel.CustomerID)
		}
		if rel.BusinessID != "" {
			assert.Contains(t, a.BusinessIDs, rel.BusinessID)
		}
	}
}
