package iban

import (
	"bytes"
	"database/sql"
	"database/sql/driver"
	"encoding/json"
	"log/slog"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAccessors(t *testing.T) {
	tests := []struct {
		in                                 string
		country, check, bban, bank, branch string
		account, print, masked             string
		sepa                               bool
	}{
		{"DE89370400440532013000", "DE", "89", "370400440532013000", "37040044", "", "0532013000",
			"DE89 3704 0044 0532 0130 00", "DE89**************3000", true},
		{"GB29NWBK60161331926819", "GB", "29", "NWBK60161331926819", "NWBK", "601613", "31926819",
			"GB29 NWBK 6016 1331 9268 19", "GB29**************6819", true},
		// The CIN check letter comes before the bank code.
		{"IT60X0542811101000000123456", "IT", "60", "X0542811101000000123456", "05428", "11101", "000000123456",
			"IT60 X054 2811 1010 0000 0123 456", "IT60*******************3456", true},
		// Spain: the two control digits belong to what follows the branch.
		{"ES9121000418450200051332", "ES", "91", "21000418450200051332", "2100", "0418", "450200051332",
			"ES91 2100 0418 4502 0005 1332", "ES91****************1332", true},
		// The registry marks no French branch (code guichet).
		{"FR1420041010050500013M02606", "FR", "14", "20041010050500013M02606", "20041", "", "010050500013M02606",
			"FR14 2004 1010 0505 0001 3M02 606", "FR14*******************2606", true},
		{"AL47212110090000000235698741", "AL", "47", "212110090000000235698741", "212", "11009", "0000000235698741",
			"AL47 2121 1009 0000 0002 3569 8741", "AL47********************8741", false},
		{"NO9386011117947", "NO", "93", "86011117947", "8601", "", "1117947",
			"NO93 8601 1117 947", "NO93*******7947", true},
		{"LC55HEMM000100010012001200023015", "LC", "55", "HEMM000100010012001200023015", "HEMM", "", "000100010012001200023015",
			"LC55 HEMM 0001 0001 0012 0012 0002 3015", "LC55************************3015", false},
		{"MU17BOMM0101101030300200000MUR", "MU", "17", "BOMM0101101030300200000MUR", "BOMM01", "01", "101030300200000MUR",
			"MU17 BOMM 0101 1010 3030 0200 000M UR", "MU17**********************0MUR", false},
	}
	for _, tt := range tests {
		x := MustParse(tt.in)
		assert.Equal(t, tt.country, x.CountryCode(), tt.in)
		assert.Equal(t, tt.check, x.CheckDigits(), tt.in)
		assert.Equal(t, tt.bban, x.BBAN(), tt.in)
		assert.Equal(t, tt.bank, x.BankCode(), tt.in)
		assert.Equal(t, tt.branch, x.BranchCode(), tt.in)
		assert.Equal(t, tt.account, x.AccountNumber(), tt.in)
		assert.Equal(t, tt.print, x.Print(), tt.in)
		assert.Equal(t, tt.masked, x.Masked(), tt.in)
		assert.Equal(t, tt.sepa, x.IsSEPA(), tt.in)
		assert.Equal(t, tt.country, x.Country().Code, tt.in)
		assert.False(t, x.IsZero())
	}
}

// Bank, branch and account are the whole BBAN after any leading check
// character, in order, for every country.
func TestPartsCoverTheBBAN(t *testing.T) {
	for _, c := range Countries() {
		x := MustParse(c.Example)
		prefix := x.BBAN()[:c.Bank.First-1]
		assert.Equal(t, x.BBAN(), prefix+x.BankCode()+x.BranchCode()+x.AccountNumber(), c.Code)
		assert.Equal(t, c.Bank.Len(), len(x.BankCode()), c.Code)
		assert.Equal(t, c.Branch.Len(), len(x.BranchCode()), c.Code)
		assert.NotEmpty(t, x.AccountNumber(), c.Code)
	}
}

func TestZeroValue(t *testing.T) {
	var x IBAN
	assert.True(t, x.IsZero())
	for name, got := range map[string]string{
		"String": x.String(), "Print": x.Print(), "Masked": x.Masked(), "CountryCode": x.CountryCode(),
		"CheckDigits": x.CheckDigits(), "BBAN": x.BBAN(), "BankCode": x.BankCode(), "BranchCode": x.BranchCode(),
		"AccountNumber": x.AccountNumber(),
	} {
		assert.Empty(t, got, name)
	}
	assert.False(t, x.IsSEPA())
	assert.Equal(t, Country{}, x.Country())
	err := x.ValidateNational()
	assert.ErrorIs(t, err, ErrNationalUnsupported)
	assert.EqualError(t, err, `iban.ValidateNational(""): zero IBAN`)
}

func TestComparable(t *testing.T) {
	a := MustParse("DE89370400440532013000")
	b, err := ParseLoose("de89 3704 0044 0532 0130 00")
	require.NoError(t, err)
	assert.True(t, a == b)
	assert.False(t, a == MustParse("GB29NWBK60161331926819"))
	m := map[IBAN]int{a: 1}
	assert.Equal(t, 1, m[b])
}

func TestTerritories(t *testing.T) {
	parents := map[string]string{"AX": "FI", "IM": "GB", "JE": "GB", "GG": "GB"}
	for _, cc := range strings.Fields("GF GP MQ RE PF TF YT NC BL MF PM WF") {
		parents[cc] = "FR"
	}
	sepa := map[string]bool{"AX": true, "GF": true, "GP": true, "MQ": true, "RE": true, "YT": true, "BL": true,
		"MF": true, "PM": true, "IM": true, "JE": true, "GG": true, "PF": false, "TF": false, "NC": false, "WF": false}
	n := 0
	for _, c := range Countries() {
		if c.TerritoryOf == "" {
			continue
		}
		n++
		require.Equal(t, parents[c.Code], c.TerritoryOf, c.Code)
		p, ok := LookupCountry(c.TerritoryOf)
		require.True(t, ok)
		assert.Equal(t, p.Length, c.Length, c.Code)
		assert.Equal(t, p.Structure, c.Structure, c.Code)
		assert.Equal(t, p.Example, c.Example, c.Code)
		assert.Equal(t, sepa[c.Code], c.SEPA, c.Code)

		// The territory's own prefix with the parent's BBAN is an IBAN of
		// its own, with its own check digits.
		x, err := New(c.Code, MustParse(p.Example).BBAN())
		require.NoError(t, err, c.Code)
		assert.Equal(t, c.Code, x.CountryCode())
		assert.Equal(t, c.SEPA, x.IsSEPA(), c.Code)
		assert.Equal(t, MustParse(p.Example).BankCode(), x.BankCode())
		assert.Equal(t, x, MustParse(x.String()))
	}
	assert.Equal(t, 16, n)
}

func TestLookupCountry(t *testing.T) {
	de, ok := LookupCountry("DE")
	require.True(t, ok)
	assert.Equal(t, Country{Code: "DE", Name: "Germany", Length: 22, Structure: "8!n10!n", Bank: Span{1, 8},
		SEPA: true, Example: "DE89370400440532013000"}, de)
	assert.True(t, de.Branch.IsZero())
	assert.Equal(t, 8, de.Bank.Len())
	for _, cc := range []string{"", "D", "de", "DEU", "US", "XX", "\xff\xff"} {
		_, ok := LookupCountry(cc)
		assert.False(t, ok, cc)
	}
	all := Countries()
	assert.Len(t, all, 105)
	for i := 1; i < len(all); i++ {
		assert.Less(t, all[i-1].Code, all[i].Code)
	}
	all[0].Name = "changed"
	assert.NotEqual(t, "changed", Countries()[0].Name, "Countries must return a copy")
	assert.Equal(t, "102", RegistryVersion)
}

func TestText(t *testing.T) {
	x := MustParse("DE89370400440532013000")
	b, err := x.AppendText([]byte("iban="))
	require.NoError(t, err)
	assert.Equal(t, "iban=DE89370400440532013000", string(b))

	type doc struct {
		A IBAN `json:"a"`
		B IBAN `json:"b"`
	}
	out, err := json.Marshal(doc{A: x})
	require.NoError(t, err)
	assert.JSONEq(t, `{"a":"DE89370400440532013000","b":""}`, string(out))

	var d doc
	require.NoError(t, json.Unmarshal(out, &d))
	assert.Equal(t, doc{A: x}, d)

	d.A = x
	err = json.Unmarshal([]byte(`{"a":"DE89 3704 0044 0532 0130 00"}`), &d)
	require.Error(t, err)
	assert.ErrorIs(t, err, ErrCharacter)
	assert.Contains(t, err.Error(), `iban.UnmarshalText("DE89*******************0 00"): invalid character ' ' at position 5`)
	assert.True(t, d.A.IsZero(), "a failed decode leaves the zero value")
}

func TestSQL(t *testing.T) {
	x := MustParse("GB29NWBK60161331926819")
	v, err := x.Value()
	require.NoError(t, err)
	assert.Equal(t, driver.Value("GB29NWBK60161331926819"), v)
	v, err = IBAN{}.Value()
	require.NoError(t, err)
	assert.Nil(t, v)

	var y IBAN
	require.NoError(t, y.Scan("GB29NWBK60161331926819"))
	assert.Equal(t, x, y)
	buf := []byte("GB29NWBK60161331926819")
	require.NoError(t, y.Scan(buf))
	copy(buf, "XXXX")
	assert.Equal(t, x, y, "Scan must copy a []byte the driver may reuse")
	require.NoError(t, y.Scan(nil))
	assert.True(t, y.IsZero())
	require.NoError(t, y.Scan(""))
	assert.True(t, y.IsZero())

	y = x
	err = y.Scan("GB29NWBK60161331926818")
	assert.ErrorIs(t, err, ErrChecksum)
	assert.EqualError(t, err, `iban.Scan("GB29**************6818"): check digits are 29, want 56`)
	assert.True(t, y.IsZero())
	assert.EqualError(t, y.Scan(42), "iban.Scan: cannot scan int into an IBAN: store it as text (a string, []byte or NULL)")

	var _ sql.Scanner = &y
	var _ driver.Valuer = y
}

func TestLogValueIsMasked(t *testing.T) {
	var buf bytes.Buffer
	log := slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
		if a.Key == slog.TimeKey {
			return slog.Attr{}
		}
		return a
	}}))
	log.Info("payout", "iban", MustParse("DE89370400440532013000"), "none", IBAN{})
	assert.Equal(t, "level=INFO msg=payout iban=DE89**************3000 none=\"\"\n", buf.String())
}

func TestAccessorAllocs(t *testing.T) {
	x := MustParse("GB29NWBK60161331926819")
	buf := make([]byte, 0, 64)
	allocs := testing.AllocsPerRun(50, func() {
		_ = x.String()
		_ = x.CountryCode()
		_ = x.CheckDigits()
		_ = x.BBAN()
		_ = x.BankCode()
		_ = x.BranchCode()
		_ = x.AccountNumber()
		_ = x.IsSEPA()
		_ = x.IsZero()
		_ = x.Country()
		buf, _ = x.AppendText(buf[:0])
	})
	assert.Zero(t, allocs)
}

func TestScanLoose(t *testing.T) {
	want := MustParse("DE89370400440532013000")
	for _, src := range []any{"de89 3704 0044 0532 0130 00", []byte("IBAN DE89-3704-0044-0532-0130-00")} {
		var x IBAN
		require.NoError(t, ScanLoose(&x).Scan(src), "%v", src)
		assert.Equal(t, want, x)
		// The type's own Scan stays strict.
		assert.ErrorIs(t, x.Scan(src), ErrCharacter)
	}
	x := want
	require.NoError(t, ScanLoose(&x).Scan(nil))
	assert.True(t, x.IsZero())
	x = want
	require.NoError(t, ScanLoose(&x).Scan(""))
	assert.True(t, x.IsZero())
	assert.ErrorIs(t, ScanLoose(&x).Scan("de89 3704 0044 0532 0130 01"), ErrChecksum)
	assert.True(t, x.IsZero())
	assert.EqualError(t, ScanLoose(&x).Scan(42), "iban.ScanLoose: cannot scan int into an IBAN: store it as text (a string, []byte or NULL)")
}
