package rule

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/acctkit/acctkit/account"
)

func codeOf(check func(c *account.Collector, at account.Path) bool) (bool, string) {
	var c account.Collector
	ok := check(&c, account.NewPath("f"))
	if c.Len() == 0 {
		return ok, ""
	}
	return ok, c.Errors()[0].Code
}

// Each rule: malformed is format, well-formed but not allowed has its own
// code, and a valid value adds nothing.
func TestRules(t *testing.T) {
	for _, tc := range []struct {
		name  string
		check func(c *account.Collector, at account.Path) bool
		code  string
	}{
		{"uuid", func(c *account.Collector, at account.Path) bool {
			return UUID(c, at, "3c90c3cc-0d44-4b50-8888-8dd25736052a")
		}, ""},
		{"uuid upper", func(c *account.Collector, at account.Path) bool {
			return UUID(c, at, "3C90C3CC-0D44-4B50-8888-8DD25736052A")
		}, ""},
		{"uuid empty", func(c *account.Collector, at account.Path) bool { return UUID(c, at, "") }, account.CodeFormat},
		{"uuid braces", func(c *account.Collector, at account.Path) bool {
			return UUID(c, at, "{3c90c3cc-0d44-4b50-8888-8dd25736052a}")
		}, account.CodeFormat},
		{"country", func(c *account.Collector, at account.Path) bool { return Country(c, at, "MX") }, ""},
		{"country lower", func(c *account.Collector, at account.Path) bool { return Country(c, at, "mx") }, account.CodeFormat},
		{"country alpha-3", func(c *account.Collector, at account.Path) bool { return Country(c, at, "MEX") }, account.CodeFormat},
		{"country empty", func(c *account.Collector, at account.Path) bool { return Country(c, at, "") }, account.CodeFormat},
		{"country unassigned", func(c *account.Collector, at account.Path) bool { return Country(c, at, "XX") }, account.CodeUnknownCountry},
		{"currency", func(c *account.Collector, at account.Path) bool { return Currency(c, at, "MXN") }, ""},
		{"currency lower", func(c *account.Collector, at account.Path) bool { return Currency(c, at, "mxn") }, account.CodeFormat},
		{"currency empty", func(c *account.Collector, at account.Path) bool { return Currency(c, at, "") }, account.CodeFormat},
		{"currency withdrawn", func(c *account.Collector, at account.Path) bool { return Currency(c, at, "BGN") }, account.CodeNotSupported},
		{"money currency gold", func(c *account.Collector, at account.Path) bool { return MoneyCurrency(c, at, "XAU") }, account.CodeNotSupported},
		{"money currency", func(c *account.Collector, at account.Path) bool { return MoneyCurrency(c, at, "KWD") }, ""},
		{"enum", func(c *account.Collector, at account.Path) bool { return Enum(c, at, "b", []string{"a", "b"}) }, ""},
		{"enum empty", func(c *account.Collector, at account.Path) bool { return Enum(c, at, "", []string{"a", "b"}) }, account.CodeNotSupported},
		{"enum case", func(c *account.Collector, at account.Path) bool { return Enum(c, at, "A", []string{"a", "b"}) }, account.CodeNotSupported},
		{"not empty", func(c *account.Collector, at account.Path) bool { return NotEmpty(c, at, " ") }, ""},
		{"empty", func(c *account.Collector, at account.Path) bool { return NotEmpty(c, at, "") }, account.CodeFormat},
		{"non-negative", func(c *account.Collector, at account.Path) bool { return NonNegative(c, at, 0) }, ""},
		{"negative", func(c *account.Collector, at account.Path) bool { return NonNegative(c, at, -1) }, account.CodeRange},
	} {
		ok, code := codeOf(tc.check)
		assert.Equal(t, tc.code, code, tc.name)
		assert.Equal(t, tc.code == "", ok, tc.name)
	}
	var c account.Collector
	Enum(&c, account.NewPath("t"), "x", []string{"checking", "savings"})
	assert.Equal(t, "t: must be one of: checking, savings", c.Errors()[0].Error())
}

func TestRulesDoNotAllocateOnValidValues(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector adds allocations of its own")
	}
	var c account.Collector
	at := account.NewPath("items")
	allocs := testing.AllocsPerRun(100, func() {
		i := at.Index(3)
		UUID(&c, i.Child("id"), "3c90c3cc-0d44-4b50-8888-8dd25736052a")
		Country(&c, i.Child("country"), "MX")
		Currency(&c, i.Child("currency"), "MXN")
		Enum(&c, i.Child("type"), "b", []string{"a", "b"})
	})
	assert.Zero(t, allocs)
	assert.Zero(t, c.Len())
}
