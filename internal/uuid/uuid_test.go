package uuid

import (
	"testing"

	"github.com/stretchr/testify/assert"
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
