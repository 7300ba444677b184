package artu

import (
	"testing"

	"github.com/acctkit/acctkit/account"
	"github.com/acctkit/acctkit/clabe"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSyncItemAccountDefaults(t *testing.T) {
	var it SyncItem
	require.NoError(t, account.Decode([]byte(`{"clientId":"8a6e0804-2bd0-4672-b79d-d97027f9071a","accountNumber":"1","bankName":"X","country":"US","currency":"USD","isPrimary":true}`), &it))
	a := it.Account()
	assert.True(t, a.IsActive, "a create without isActive is active")
	assert.True(t, a.IsPrimary)
	assert.Equal(t, Checking, a.Type)

	require.NoError(t, account.Decode([]byte(`{"clientId":"8a6e0804-2bd0-4672-b79d-d97027f9071a","accountNumber":"1","bankName":"X","country":"US","currency":"USD","isActive":false}`), &it))
	assert.False(t, it.Account().IsActive, "an explicit false is kept")
}

func TestApplyToDerivesCodigosOnlyForMexico(t *testing.T) {
	c := clabe.MustParse("002010077777777771")
	us := BankAccount{Country: "US", AccountNumber: "1", BankName: "X", Currency: "USD"}
	got := SyncItem{CLABE: account.Some(c)}.ApplyTo(us)
	assert.Equal(t, c, got.CLABE)
	assert.Empty(t, got.CodigoBanco, "no codigos derived on a US account")
	assert.Empty(t, got.CodigoPlaza)

	mx := BankAccount{Country: "MX", AccountNumber: "1", BankName: "X", Currency: "MXN"}
	got = SyncItem{CLABE: account.Some(c)}.ApplyTo(mx)
	assert.Equal(t, "002", got.CodigoBanco)
	assert.Equal(t, "010", got.CodigoPlaza)
}
