package idempotency_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/acctkit/acctkit/idempotency"
)

func TestParseKey(t *testing.T) {
	long := strings.Repeat("k", 255)
	good := []struct{ in, want string }{
		{"7d943c51-e4ff-4e57-9558-08cab6b963c7", "7d943c51-e4ff-4e57-9558-08cab6b963c7"},
		{`"7d943c51-e4ff-4e57-9558-08cab6b963c7"`, "7d943c51-e4ff-4e57-9558-08cab6b963c7"},
		{"a", "a"},
		{"a b~!", "a b~!"},
		{`a"b`, `a"b`},
		{long, long},
		{`"` + long + `"`, long},
		{`"a\"b\\c"`, `a"b\c`},
		{`" "`, " "},
	}
	for _, tc := range good {
		got, err := idempotency.ParseKey(tc.in)
		require.NoError(t, err, tc.in)
		assert.Equal(t, tc.want, got, tc.in)
	}
	bad := []struct{ in, want string }{
		{"", `idempotency.ParseKey(""): key is empty: malformed idempotency key`},
		{`""`, `idempotency.ParseKey("\"\""): key is an empty quoted string: malformed idempotency key`},
		{long + "k", `idempotency.ParseKey("` + strings.Repeat("k", 64) + `..."): key is 256 bytes long, more than 255: malformed idempotency key`},
		{`"` + long + `k"`, `idempotency.ParseKey("\"` + strings.Repeat("k", 63) + `..."): key holds more than 255 characters: malformed idempotency key`},
		{"ab\x01", `idempotency.ParseKey("ab\x01"): key has byte 0x01 at offset 2, not printable ASCII: malformed idempotency key`},
		{"ab\x7f", `idempotency.ParseKey("ab\x7f"): key has byte 0x7f at offset 2, not printable ASCII: malformed idempotency key`},
		{"a\tb", `idempotency.ParseKey("a\tb"): key has byte 0x09 at offset 1, not printable ASCII: malformed idempotency key`},
		{`"abc`, `idempotency.ParseKey("\"abc"): key has no closing quote: malformed idempotency key`},
		{`"abc";p=1`, `idempotency.ParseKey("\"abc\";p=1"): key has ";p=1" after the closing quote at offset 4: malformed idempotency key`},
		{`"a\nb"`, `idempotency.ParseKey("\"a\\nb\""): key has an invalid escape at offset 2 (only \" and \\ are allowed): malformed idempotency key`},
		{`"a\`, `idempotency.ParseKey("\"a\\"): key has an invalid escape at offset 2 (only \" and \\ are allowed): malformed idempotency key`},
		{"\"a\xffb\"", `idempotency.ParseKey("\"a\xffb\""): key has byte 0xff at offset 2, not printable ASCII: malformed idempotency key`},
	}
	for _, tc := range bad {
		_, err := idempotency.ParseKey(tc.in)
		require.ErrorIs(t, err, idempotency.ErrMalformedKey, tc.in)
		assert.Equal(t, tc.want, err.Error(), tc.in)
	}
}

func TestParseKeyAllocations(t *testing.T) {
	allocs := testing.AllocsPerRun(100, func() {
		if _, err := idempotency.ParseKey("7d943c51-e4ff-4e57-9558-08cab6b963c7"); err != nil {
			t.Fatal(err)
		}
	})
	assert.Zero(t, allocs, "a bare key is returned without copying")
}

func TestNewFingerprintAllocations(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector drops sync.Pool items at random; allocation counts only hold without -race")
	}
	body := []byte(`{"b":[1,2],"a":{"y":"\u00e9","x":null}}`)
	want := idempotency.NewFingerprint("POST", "/x", body)
	allocs := testing.AllocsPerRun(100, func() {
		if idempotency.NewFingerprint("POST", "/x", body) != want {
			t.Fatal("fingerprint changed")
		}
	})
	assert.Zero(t, allocs)
}

// quote writes k as a structured-field string.
func quote(k string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(k) + `"`
}

func FuzzParseKey(f *testing.F) {
	for _, s := range []string{"7d943c51-e4ff-4e57-9558-08cab6b963c7", `"x\"y"`, "", `""`, "\x00", `"a\`, strings.Repeat("z", 256)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		k, err := idempotency.ParseKey(in)
		if err != nil {
			require.ErrorIs(t, err, idempotency.ErrMalformedKey)
			require.Empty(t, k)
			return
		}
		require.NotEmpty(t, k)
		require.LessOrEqual(t, len(k), idempotency.MaxKeyLen)
		for i := 0; i < len(k); i++ {
			require.True(t, k[i] >= 0x20 && k[i] <= 0x7e, "byte %#x at %d", k[i], i)
		}
		if in[0] != '"' {
			require.Equal(t, in, k, "a bare key is itself")
		}
		// Both spellings of the key parse to it.
		back, err := idempotency.ParseKey(quote(k))
		require.NoError(t, err)
		require.Equal(t, k, back)
		if k[0] != '"' {
			back, err = idempotency.ParseKey(k)
			require.NoError(t, err)
			require.Equal(t, k, back)
		}
	})
}
