package uuid

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

func TestValid(t *testing.T) {
	for _, s := range []string{
		"8a6e0804-2bd0-4672-b79d-d97027f9071a",
		"8A6E0804-2BD0-4672-B79D-D97027F9071A",
		"00000000-0000-0000-0000-000000000000",
	} {
		assert.True(t, Valid(s), s)
	}
	for _, s := range []string{
		"", "8a6e0804", "8a6e08042bd04672b79dd97027f9071a",
		"8a6e0804-2bd0-4672-b79d-d97027f9071",   // 35
		"8a6e0804-2bd0-4672-b79d-d97027f9071a0", // 37
		"8a6e0804-2bd0-4672-b79d_d97027f9071a",
		"8a6e0804-2bd0-4672-b79d-d97027f9071g",
		"{8a6e0804-2bd0-4672-b79d-d97027f9071}",
		"8a6e0804-2bd0-4672-b79d-d97027f9071\u00e9",
	} {
		assert.False(t, Valid(s), s)
	}
}

func TestAllocs(t *testing.T) {
	assert.Zero(t, testing.AllocsPerRun(100, func() { _ = Valid("8a6e0804-2bd0-4672-b79d-d97027f9071a") }))
}

// valid is the plain definition Valid must agree with.
func valid(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if i == 8 || i == 13 || i == 18 || i == 23 {
			if c != '-' {
				return false
			}
		} else if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}

func TestValidProperty(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		b := []byte("8a6e0804-2bd0-4672-b79d-d97027f9071a")
		for range rapid.IntRange(0, 3).Draw(t, "edits") {
			b[rapid.IntRange(0, 35).Draw(t, "at")] = rapid.Byte().Draw(t, "byte")
		}
		s := string(b)
		if rapid.Bool().Draw(t, "resize") {
			s = s[:rapid.IntRange(0, 36).Draw(t, "len")] + rapid.StringN(0, 2, -1).Draw(t, "tail")
		}
		require.Equal(t, valid(s), Valid(s), "Valid(%q)", s)
	})
}

func BenchmarkValid(b *testing.B) {
	for b.Loop() {
		Valid("8a6e0804-2bd0-4672-b79d-d97027f9071a")
	}
}
