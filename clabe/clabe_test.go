package clabe_test

import (
	"bytes"
	"database/sql"
	"database/sql/driver"
	"encoding"
	"encoding/json"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/acctkit/acctkit/clabe"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The interfaces the package documents.
var (
	_ encoding.TextAppender    = clabe.CLABE{}
	_ encoding.TextMarshaler   = clabe.CLABE{}
	_ encoding.TextUnmarshaler = (*clabe.CLABE)(nil)
	_ sql.Scanner              = (*clabe.CLABE)(nil)
	_ driver.Valuer            = clabe.CLABE{}
	_ slog.LogValuer           = clabe.CLABE{}
	_ fmt.Stringer             = clabe.CLABE{}
)

func TestAccessors(t *testing.T) {
	c := clabe.MustParse("014320123457343332")
	assert.False(t, c.IsZero())
	assert.Equal(t, "014", c.BankCode())
	assert.Equal(t, clabe.Bank{Code: "014", ShortName: "Santander", LegalName: "Banco Santander", Current: true}, c.Bank())
	assert.Equal(t, "320", c.PlazaCode())
	assert.Equal(t, "12345734333", c.AccountNumber())
	assert.Equal(t, 2, c.ControlDigit())
	assert.Equal(t, "014320123457343332", c.String())
	assert.Equal(t, "**************3332", c.Masked())
	cities := []string{}
	for _, p := range c.Plazas() {
		cities = append(cities, p.City)
	}
	assert.Equal(t, []string{"El Salto", "Guadalajara", "San Pedro Tlaquepaque", "Tlajomulco", "Tonala", "Zapopan"}, cities)

	// Leading zeros of the account survive.
	c = clabe.MustParse("002010000000000014")
	assert.Equal(t, "00000000001", c.AccountNumber())
	assert.Equal(t, "002010000000000014", c.String())
}

func TestZeroValue(t *testing.T) {
	var c clabe.CLABE
	assert.True(t, c.IsZero())
	assert.Equal(t, "", c.String())
	assert.Equal(t, "", c.Masked())
	assert.Equal(t, "", c.BankCode())
	assert.Equal(t, "", c.PlazaCode())
	assert.Equal(t, "", c.AccountNumber())
	assert.Equal(t, -1, c.ControlDigit())
	assert.Equal(t, clabe.Bank{}, c.Bank())
	assert.Nil(t, c.Plazas())
	text, err := c.MarshalText()
	require.NoError(t, err)
	assert.Empty(t, text)
	v, err := c.Value()
	require.NoError(t, err)
	assert.Nil(t, v)
	assert.Equal(t, "", c.LogValue().String())
}

func TestComparable(t *testing.T) {
	a := clabe.MustParse("002010077777777771")
	b, err := clabe.ParseLoose("002 010 07777777777 1")
	require.NoError(t, err)
	assert.True(t, a == b)
	assert.NotEqual(t, a, clabe.MustParse(validCLABEs[0]))
	assert.NotEqual(t, clabe.CLABE{}, a)
	m := map[clabe.CLABE]int{a: 1}
	assert.Equal(t, 1, m[b])
}

func TestJSON(t *testing.T) {
	type account struct {
		CLABE    clabe.CLABE  `json:"clabe"`
		Optional clabe.CLABE  `json:"optional"`
		Pointer  *clabe.CLABE `json:"pointer"`
	}
	in := account{CLABE: clabe.MustParse("002010077777777771")}
	out, err := json.Marshal(in)
	require.NoError(t, err)
	assert.JSONEq(t, `{"clabe":"002010077777777771","optional":"","pointer":null}`, string(out))

	var back account
	require.NoError(t, json.Unmarshal(out, &back))
	assert.Equal(t, in, back)

	require.NoError(t, json.Unmarshal([]byte(`{"clabe":"","optional":null}`), &back))
	assert.True(t, back.CLABE.IsZero())

	err = json.Unmarshal([]byte(`{"clabe":"002010077777777779"}`), &back)
	require.ErrorIs(t, err, clabe.ErrChecksum)
	assert.Contains(t, err.Error(), `clabe.Parse("**************7779"): check digit is 9, want 1`)
	// Unmarshaling is strict: the spaced form people write is refused.
	require.ErrorIs(t, json.Unmarshal([]byte(`{"clabe":"002 010 07777777777 1"}`), &back), clabe.ErrCharacter)
}

func TestText(t *testing.T) {
	c := clabe.MustParse("646700123456947387")
	b, err := c.AppendText([]byte("clabe="))
	require.NoError(t, err)
	assert.Equal(t, "clabe=646700123456947387", string(b))

	var back clabe.CLABE
	require.NoError(t, back.UnmarshalText([]byte("646700123456947387")))
	assert.Equal(t, c, back)
	require.NoError(t, back.UnmarshalText(nil))
	assert.True(t, back.IsZero())
	// A failed decode leaves the value alone.
	back = c
	require.Error(t, back.UnmarshalText([]byte("646700123456947380")))
	assert.Equal(t, c, back)
}

func TestSQL(t *testing.T) {
	c := clabe.MustParse("002010077777777771")
	v, err := c.Value()
	require.NoError(t, err)
	assert.Equal(t, "002010077777777771", v)

	var got clabe.CLABE
	require.NoError(t, got.Scan("002010077777777771"))
	assert.Equal(t, c, got)
	require.NoError(t, got.Scan(nil))
	assert.True(t, got.IsZero())
	require.NoError(t, got.Scan([]byte("002010077777777771")))
	assert.Equal(t, c, got)
	require.NoError(t, got.Scan(""))
	assert.True(t, got.IsZero())

	require.ErrorIs(t, got.Scan("002010077777777779"), clabe.ErrChecksum)
	err = got.Scan(int64(2010077777777771))
	require.Error(t, err)
	assert.Equal(t, "clabe.Scan: cannot scan int64 into a CLABE: store it as text (a string, []byte or NULL)", err.Error())
}

func TestLogValueMasks(t *testing.T) {
	var buf bytes.Buffer
	log := slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
		if a.Key == slog.TimeKey {
			return slog.Attr{}
		}
		return a
	}}))
	log.Info("payout", "clabe", clabe.MustParse("002010077777777771"))
	assert.Equal(t, `{"level":"INFO","msg":"payout","clabe":"**************7771"}`+"\n", buf.String())
	assert.NotContains(t, buf.String(), "0020100777")
}

func TestNew(t *testing.T) {
	c, err := clabe.New("002", "010", "7777777777")
	require.NoError(t, err)
	assert.Equal(t, "002010077777777771", c.String())
	c, err = clabe.New("999", "905", "12345694738")
	require.NoError(t, err)
	assert.Equal(t, validCLABEs[9], c.String())
	// An unknown plaza is fine.
	c, err = clabe.New("137", "001", "12345758090")
	require.NoError(t, err)
	assert.Equal(t, validCLABEs[6], c.String())
	assert.Nil(t, c.Plazas())

	tests := []struct {
		bank, plaza, account string
		want                 string
		err                  error
		pos                  int
	}{
		{"02", "010", "7777777777", `clabe.New("***********7777"): bank code has length 2, want 3`, clabe.ErrLength, 0},
		{"0002", "010", "7777777777", `clabe.New("*************7777"): bank code has length 4, want 3`, clabe.ErrLength, 0},
		{"002", "10", "7777777777", `clabe.New("***********7777"): plaza code has length 2, want 3`, clabe.ErrLength, 0},
		{"002", "010", "", `clabe.New("**2010"): account number has length 0, want 1 to 11`, clabe.ErrLength, 0},
		{"002", "010", "123456789012", `clabe.New("**************9012"): account number has length 12, want 1 to 11`, clabe.ErrLength, 0},
		{"0x2", "010", "1", `clabe.New("***0101"): invalid character 'x' at position 2 of the bank code, want a digit`, clabe.ErrCharacter, 2},
		{"002", "01a", "1", `clabe.New("***01a1"): invalid character 'a' at position 3 of the plaza code, want a digit`, clabe.ErrCharacter, 3},
		{"002", "010", "1234-5678", `clabe.New("***********5678"): invalid character '-' at position 5 of the account number, want a digit`, clabe.ErrCharacter, 5},
		{"000", "010", "7777777777", `clabe.New("************7777"): unknown bank code 000`, clabe.ErrUnknownBank, 0},
	}
	for _, tt := range tests {
		c, err := clabe.New(tt.bank, tt.plaza, tt.account)
		require.Error(t, err, "New(%q, %q, %q)", tt.bank, tt.plaza, tt.account)
		assert.True(t, c.IsZero())
		assert.Equal(t, tt.want, err.Error())
		assert.ErrorIs(t, err, tt.err)
		var pe *clabe.ParseError
		require.ErrorAs(t, err, &pe)
		assert.Equal(t, tt.pos, pe.Pos)
	}
}

func TestGenerate(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	seen := map[clabe.CLABE]bool{}
	for range 200 {
		c, err := clabe.Generate(r, "646")
		require.NoError(t, err)
		require.NoError(t, clabe.Validate(c.String()))
		assert.Equal(t, "646", c.BankCode())
		assert.NotEmpty(t, c.Plazas(), "Generate picks plazas from the catalog")
		seen[c] = true
	}
	assert.Greater(t, len(seen), 190, "Generate should not repeat itself")

	// The same seed gives the same CLABEs.
	a, err := clabe.Generate(rand.New(rand.NewPCG(7, 7)), "002")
	require.NoError(t, err)
	b, err := clabe.Generate(rand.New(rand.NewPCG(7, 7)), "002")
	require.NoError(t, err)
	assert.Equal(t, a, b)

	c, err := clabe.Generate(nil, "012")
	require.NoError(t, err)
	assert.Equal(t, "012", c.BankCode())

	_, err = clabe.Generate(r, "000")
	require.ErrorIs(t, err, clabe.ErrUnknownBank)
	assert.True(t, strings.HasPrefix(err.Error(), "clabe.Generate("), err.Error())
	_, err = clabe.Generate(r, "12")
	require.ErrorIs(t, err, clabe.ErrLength)
}

func TestScanLoose(t *testing.T) {
	want := clabe.MustParse("002010077777777771")
	for _, src := range []any{"002 010 07777777777 1", []byte("002-010-07777777777-1")} {
		var c clabe.CLABE
		require.NoError(t, clabe.ScanLoose(&c).Scan(src), "%v", src)
		assert.Equal(t, want, c)
		assert.ErrorIs(t, c.Scan(src), clabe.ErrCharacter, "Scan stays strict")
	}
	c := want
	require.NoError(t, clabe.ScanLoose(&c).Scan(nil))
	assert.True(t, c.IsZero())
	assert.ErrorIs(t, clabe.ScanLoose(&c).Scan("002 010 07777777777 9"), clabe.ErrChecksum)
	assert.Error(t, clabe.ScanLoose(&c).Scan(int64(2010077777777771)))
}
