package mask

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestKeepEnds(t *testing.T) {
	tests := []struct {
		in         string
		head, tail int
		want       string
	}{
		{"DE89370400440532013000", 4, 4, "DE89**************3000"},
		{"002010077777777771", 0, 4, "**************7771"},
		{"12345", 0, 4, "*2345"},
		{"1234", 0, 4, "****"},
		{"123", 0, 4, "***"},
		{"12345678", 4, 4, "****5678"},
		{"", 2, 2, ""},
		{"abc", -1, -1, "***"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, KeepEnds(tt.in, tt.head, tt.tail), "KeepEnds(%q, %d, %d)", tt.in, tt.head, tt.tail)
	}
	assert.Equal(t, "******7771", Last("0077777771", 4))
}

func TestPolicies(t *testing.T) {
	assert.Equal(t, "DE89**************3000", IBAN.Mask("DE89370400440532013000"))
	assert.Equal(t, "**************7771", Account.Mask("002010077777777771"))
	assert.Equal(t, "011000015", Public.Mask("011000015"))
}

func TestErrorInput(t *testing.T) {
	tests := []struct {
		p    Policy
		in   string
		max  int
		want string
	}{
		{IBAN, "DE89370400440532013001", 34, "DE89**************3001"},
		{IBAN, strings.Repeat("1", 35), 34, "1111...1111"},
		{Account, "002010077777777779", 18, "**************7779"},
		{Account, "0020100777777777790", 18, "...7790"},
		{Public, "915075033", 9, "915075033"},
		{Public, "121000358 0123456789", 9, "...6789"},
		{Public, "0000000000 ", 11, "...000 "}, // a 10-digit run is no BIC: an account number
		{Public, "", 9, ""},
		{Account, "", 18, ""},
		{Account, "12345", 2, "...2345"},
		{IBAN, "123", 2, "...123"},
	}
	for _, tt := range tests {
		var b Buf
		got := tt.p.ErrorInput(&b, tt.in, tt.max)
		assert.Equal(t, tt.want, got, "%+v.ErrorInput(%q, %d)", tt.p, tt.in, tt.max)
	}
}

// The shown input shares the buffer it was built in: one allocation for an
// error and its input, which is what makes it pay.
func TestErrorInputAllocs(t *testing.T) {
	type errorLike struct {
		input string
		buf   Buf
	}
	var sink *errorLike
	allocs := testing.AllocsPerRun(100, func() {
		e := &errorLike{}
		e.input = Account.ErrorInput(&e.buf, "002010077777777779", 18)
		sink = e
	})
	assert.Equal(t, 1.0, allocs)
	assert.Equal(t, "**************7779", sink.input)
}
