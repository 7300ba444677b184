package iban

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestNewRebuildsEveryExample(t *testing.T) {
	for _, c := range Countries() {
		want := MustParse(c.Example)
		got, err := New(want.CountryCode(), want.BBAN())
		require.NoError(t, err, c.Code)
		assert.Equal(t, want, got, c.Code)

		got, err = NewFromParts(want.CountryCode(), want.BankCode(), want.BranchCode(), want.AccountNumber())
		require.NoError(t, err, c.Code)
		assert.Equal(t, want, got, c.Code)
	}
}

func TestNewErrors(t *testing.T) {
	tests := []struct {
		cc, bban string
		err      error
		pos      int
		want     string
	}{
		{"DE", "37040044053201300", ErrLength, 0, `iban.New("DE*************1300"): BBAN length is 17, want 18 for DE`},
		{"DE", "3704004405320130000", ErrLength, 0, `iban.New("DE***************0000"): BBAN length is 19, want 18 for DE`},
		{"DE", "37040044 532013000", ErrCharacter, 11, `iban.New("DE**************3000"): invalid character ' ' at position 11`},
		{"de", "370400440532013000", ErrCharacter, 1, `iban.New("de**************3000"): invalid character 'd' at position 1`},
		{"DEU", "370400440532013000", ErrStructure, 0, `iban.New("DE***************3000"): country code "DEU" is not two letters`},
		{"", "370400440532013000", ErrStructure, 0, `iban.New("37************3000"): country code "" is not two letters`},
		{"D1", "370400440532013000", ErrStructure, 2, `iban.New("D1**************3000"): '1' at position 2, want a letter (country code)`},
		{"US", "370400440532013000", ErrUnknownCountry, 0, `iban.New("US**************3000"): no IBAN for country code "US" (United States)`},
		{"DE", "37040044053201300A", ErrStructure, 20, `iban.New("DE**************300A"): 'A' at position 20, want a digit (BBAN position 18 in DE 8!n10!n)`},
		{"GB", "NW1K60161331926819", ErrStructure, 5, `iban.New("GB**************6819"): '1' at position 5, want a letter (BBAN position 3 in GB 4!a6!n8!n)`},
	}
	for _, tt := range tests {
		x, err := New(tt.cc, tt.bban)
		assert.True(t, x.IsZero())
		var pe *ParseError
		require.ErrorAs(t, err, &pe, "New(%q, %q)", tt.cc, tt.bban)
		assert.Equal(t, tt.want, err.Error())
		assert.ErrorIs(t, err, tt.err)
		assert.Equal(t, tt.pos, pe.Pos, "New(%q, %q)", tt.cc, tt.bban)
		assert.Equal(t, tt.cc+tt.bban, pe.UnmaskedInput())
	}
}

func TestNewComputesCheckDigits(t *testing.T) {
	x, err := New("GB", "NWBK60161331926819")
	require.NoError(t, err)
	assert.Equal(t, "GB29NWBK60161331926819", x.String())
	// The smallest and largest check digits MOD 97-10 gives.
	for _, cd := range []string{"02", "98"} {
		found := false
		for i := 0; i < 1000 && !found; i++ {
			x, err := New("NO", "8601111"+string(rune('0'+i/100%10))+string(rune('0'+i/10%10))+string(rune('0'+i%10))+"7")
			require.NoError(t, err)
			found = x.CheckDigits() == cd
		}
		assert.True(t, found, "check digits %s never produced", cd)
	}
}

func TestNewFromParts(t *testing.T) {
	tests := []struct {
		cc, bank, branch, account string
		want                      string
	}{
		// Leading zeros of numeric bank codes and single numeric account
		// fields may be left out.
		{"DE", "37040044", "", "532013000", "DE89370400440532013000"},
		{"AT", "19043", "", "234573201", "AT611904300234573201"},
		{"GB", "NWBK", "601613", "31926819", "GB29NWBK60161331926819"},
		{"AD", "1", "2030", "200359100100", "AD1200012030200359100100"},
		// Italy: the CIN is computed.
		{"IT", "05428", "11101", "000000123456", "IT60X0542811101000000123456"},
		{"SM", "03225", "09800", "000000270100", "SM86U0322509800000000270100"},
		{"CZ", "0800", "", "192000145399", "CZ6508000000192000145399"},
	}
	for _, tt := range tests {
		x, err := NewFromParts(tt.cc, tt.bank, tt.branch, tt.account)
		require.NoError(t, err, "%+v", tt)
		assert.Equal(t, tt.want, x.String(), "%+v", tt)
	}

	errs := []struct {
		cc, bank, branch, account string
		err                       error
		want                      string
	}{
		{"DE", "37040044", "0001", "0532013000", ErrStructure, `iban.NewFromParts("DE******************3000"): DE has no branch code in its BBAN, got 4 characters`},
		{"DE", "", "", "0532013000", ErrLength, `iban.NewFromParts("DE******3000"): bank code is empty, want 8 characters for DE`},
		{"DE", "370400440", "", "0532013000", ErrLength, `iban.NewFromParts("DE***************3000"): bank code is 9 characters, want 8 for DE`},
		{"GB", "NWBK", "", "31926819", ErrLength, `iban.NewFromParts("GB********6819"): branch code is empty, want 6 characters for GB`},
		// Letters cannot be padded.
		{"GB", "NWB", "601613", "31926819", ErrLength, `iban.NewFromParts("GB*************6819"): bank code is 3 characters, want 4 for GB`},
		// Spain's control digits are part of the account and must be
		// given: padding would put zeros in their place.
		{"ES", "2100", "0418", "0200051332", ErrLength, `iban.NewFromParts("ES**************1332"): account number is 10 characters, want 12 for ES`},
		{"FR", "20041", "", "10050500013M02606", ErrLength, `iban.NewFromParts("FR******************2606"): account number is 17 characters, want 18 for FR`},
		{"DE", "3704004X", "", "0532013000", ErrStructure, `iban.NewFromParts("DE**************3000"): 'X' at position 10, want a digit (BBAN position 8 in DE 8!n10!n)`},
		{"XX", "1", "2", "3", ErrUnknownCountry, `iban.NewFromParts("XX***"): unknown country code "XX"`},
	}
	for _, tt := range errs {
		_, err := NewFromParts(tt.cc, tt.bank, tt.branch, tt.account)
		require.Error(t, err, "%+v", tt)
		assert.Equal(t, tt.want, err.Error())
		assert.ErrorIs(t, err, tt.err)
	}
}

func TestBuildAllocs(t *testing.T) {
	assert.Equal(t, 1.0, testing.AllocsPerRun(50, func() { _, _ = New("DE", "370400440532013000") }),
		"New allocates the result string only")
}
