package iso3166

import (
	"encoding/json"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestKnownMatchesSource(t *testing.T) {
	raw, err := os.ReadFile("testdata/iso_3166-1.json")
	require.NoError(t, err)
	var doc struct {
		Countries []struct {
			Alpha2 string `json:"alpha_2"`
		} `json:"3166-1"`
	}
	require.NoError(t, json.Unmarshal(raw, &doc))
	want := map[string]bool{"XK": true}
	for _, c := range doc.Countries {
		want[c.Alpha2] = true
	}
	count := 0
	for a := 'A'; a <= 'Z'; a++ {
		for b := 'A'; b <= 'Z'; b++ {
			cc := string([]rune{a, b})
			assert.Equal(t, want[cc], Known(cc), cc)
			if Known(cc) {
				count++
				assert.NotEmpty(t, Name(cc), cc)
			}
		}
	}
	assert.Equal(t, len(want), count)
}

func TestKnown(t *testing.T) {
	for _, cc := range []string{"MX", "US", "CA", "DE", "GB", "XK", "AX", "SS"} {
		assert.True(t, Known(cc), cc)
	}
	for _, cc := range []string{"", "M", "MXX", "mx", "Mx", "UK", "EU", "XX", "ZZ", "1A", "\xff\xff"} {
		assert.False(t, Known(cc), cc)
		if cc != "XK" {
			assert.Empty(t, Name(cc), cc)
		}
	}
	assert.Equal(t, "Mexico", Name("MX"))
}

func TestAllocs(t *testing.T) {
	assert.Zero(t, testing.AllocsPerRun(100, func() { _ = Known("MX") }))
}

var sink bool

func BenchmarkKnown(b *testing.B) {
	for b.Loop() {
		sink = Known("MX")
	}
}
