package main

import (
	"bufio"
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/acctkit/acctkit/clabe"
)

func TestCLABEShaped(t *testing.T) {
	for _, s := range []string{"002010077777777771", "002 010 07777777777 1", "002-010-07777777777-1", "002010077777777779"} {
		assert.True(t, clabeKind.shaped(s), s)
	}
	for _, s := range []string{"", "00201007777777777", "0020100777777777711", "DE89370400440532013000", "011000015", "002.010.07777777777.1", "00201007777777777１"} {
		assert.False(t, clabeKind.shaped(s), s)
	}
}

func TestCLABECheck(t *testing.T) {
	assert.Equal(t, result{Valid: true, Value: clabe.MustParse("002010077777777771"), Facts: facts{
		{"bank-code", "002"},
		{"bank", "Banamex (Banco Nacional de México)"},
		{"bank-status", "current"},
		{"plaza-code", "010"},
		{"plaza", "Aguascalientes"},
		{"account", "*******7777"},
	}}, clabeKind.check("002 010 07777777777 1"))

	r := clabeKind.check("032650123459164708")
	assert.True(t, r.Valid)
	assert.Contains(t, r.Facts, fact{"bank-status", "legacy"})
	assert.Contains(t, r.Facts, fact{"bank", "IXE (IXE Banco)"})

	r = clabeKind.check("021027123457422523")
	assert.Contains(t, r.Facts, fact{"plaza", "Tecate, Tijuana"})

	// Plaza 001 is in no catalog, and that is not an error.
	r = clabeKind.check("137001123457580906")
	assert.True(t, r.Valid)
	assert.Contains(t, r.Facts, fact{"plaza", "unknown (not an error)"})

	tests := map[string]struct{ code, reason string }{
		"002010077777777779":    {"checksum", "check digit is 9, want 1"},
		"000010077777777773":    {"unknown_bank", "unknown bank code 000 (not in the bank catalog of " + clabe.BankCatalogDate + ")"},
		"002 010 07777777777":   {"length", "has 17 characters after removing white space and separators, want 18 digits"},
		"002 010 0777777x777 1": {"character", "invalid character 'x' at position 16, want a digit or a separator"},
	}
	for in, want := range tests {
		r := clabeKind.check(in)
		assert.False(t, r.Valid, in)
		assert.Equal(t, want.code, r.Code, in)
		assert.Equal(t, want.reason, r.Reason, in)
		assert.Empty(t, r.Facts, in)
		assert.NotContains(t, r.Reason, "0777777", "the reason must not repeat the account")
	}
}

func TestCLABECheckLine(t *testing.T) {
	var out bytes.Buffer
	w := bufio.NewWriter(&out)
	writeCheckLine(w, checkValue("002010077777777771", &clabeKind))
	require.NoError(t, w.Flush())
	assert.Equal(t, "002010077777777771\tclabe\tvalid\tbank-code=002\tbank=Banamex (Banco Nacional de México)\tbank-status=current\tplaza-code=010\tplaza=Aguascalientes\taccount=*******7777\n", out.String())

	withKinds(t, clabeKind)
	line := checkValue("002-010-07777777777-9", nil)
	assert.Equal(t, "clabe", line.Kind)
	assert.False(t, line.Valid)
	assert.Equal(t, &lineError{"checksum", "check digit is 9, want 1"}, line.Error)
	assert.True(t, strings.HasPrefix(checkValue("hello", nil).Error.Message, "not the shape"))
}
