package uuid

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

// canonical is the definition Canonical, Equal and Compare must agree
// with, and Hash respect: ASCII letters lower-cased, every other byte kept.
func canonical(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// idBytes are the bytes around the edges of the ASCII letters, in both
// halves of the byte range, and the bytes of UTF-8 letters that fold in
// Unicode but not in ASCII ("É", "é", the Kelvin sign).
var idBytes = []byte("@AZ[`az{09-\x00\x7f\x80\xc1\xc3\x89\xa9\xe2\x84\xaa\xda\xdb\xff")

// genPair draws an id and one that differs from it only in the case of
// some ASCII letters, or, now and then, in a byte.
func genPair(t *rapid.T) (string, string) {
	a := rapid.SliceOfN(rapid.SampledFrom(idBytes), 0, 40).Draw(t, "a")
	b := bytes.Clone(a)
	for i, c := range b {
		if rapid.Bool().Draw(t, "flip") {
			if 'a' <= c && c <= 'z' {
				b[i] = c - 'a' + 'A'
			} else if 'A' <= c && c <= 'Z' {
				b[i] = c + 'a' - 'A'
			}
		}
	}
	if len(b) > 0 && rapid.IntRange(0, 4).Draw(t, "edit") == 0 {
		b[rapid.IntRange(0, len(b)-1).Draw(t, "at")] = rapid.SampledFrom(idBytes).Draw(t, "byte")
	}
	return string(a), string(b)
}

func TestEqualityAgrees(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		a, b := genPair(t)
		require.Equal(t, canonical(a), Canonical(a), "%q", a)
		require.Equal(t, canonical(a) == canonical(b), Equal(a, b), "%q %q", a, b)
		require.Equal(t, strings.Compare(canonical(a), canonical(b)), Compare(a, b), "%q %q", a, b)
		if canonical(a) == canonical(b) {
			require.Equal(t, Hash(a), Hash(b), "%q %q", a, b)
		}
	})
}

// TestHasUpper: the word-at-a-time hasUpper is its definition, on bytes
// around the edges of 'A'-'Z' in both halves of the byte range.
func TestHasUpper(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := string(rapid.SliceOfN(rapid.SampledFrom(idBytes), 0, 40).Draw(t, "s"))
		require.Equal(t, canonical(s) != s, hasUpper(s), "%q", s)
	})
}

func TestEqualExamples(t *testing.T) {
	const id = "3f1c2a9e-8d4b-4c6f-9a2e-1b7d5e0c4a21"
	assert.True(t, Equal(id, strings.ToUpper(id)))
	assert.Equal(t, id, Canonical(strings.ToUpper(id)))
	assert.Equal(t, Hash(id), Hash(strings.ToUpper(id)))
	assert.False(t, Equal("É", "é"), "only ASCII letters fold")
	assert.False(t, Equal("\u212a", "k"), "the Kelvin sign is not k")
	assert.False(t, Equal(id, id[:35]))
	assert.Equal(t, 0, Compare(strings.ToUpper(id), id))
	assert.Equal(t, -1, Compare("A", "b"), "A folds to a, which is before b")
	assert.Equal(t, 1, Compare("ab", "A"))
}

func TestEqualAllocations(t *testing.T) {
	const id, upper = "3f1c2a9e-8d4b-4c6f-9a2e-1b7d5e0c4a21", "3F1C2A9E-8D4B-4C6F-9A2E-1B7D5E0C4A21"
	assert.Zero(t, testing.AllocsPerRun(100, func() {
		_ = Canonical(id)
		_ = Equal(id, upper)
		_ = Compare(id, upper)
		_ = Hash(upper)
	}))
}

func FuzzEqual(f *testing.F) {
	f.Add("3f1c2a9e-8d4b-4c6f-9a2e-1b7d5e0c4a21", "3F1C2A9E-8D4B-4C6F-9A2E-1B7D5E0C4A21")
	f.Add("É", "é")
	f.Add("", "a")
	f.Fuzz(func(t *testing.T, a, b string) {
		same := canonical(a) == canonical(b)
		require.Equal(t, same, Equal(a, b), "Equal(%q, %q) disagrees with the canonical forms", a, b)
		require.Equal(t, strings.Compare(canonical(a), canonical(b)), Compare(a, b), "Compare(%q, %q) disagrees with the canonical forms", a, b)
		if same {
			require.Equal(t, Hash(a), Hash(b), "Hash(%q) != Hash(%q)", a, b)
		}
		c := Canonical(a)
		require.Equal(t, canonical(a), c, "Canonical(%q)", a)
		require.Equal(t, c, Canonical(c), "Canonical(Canonical(%q))", a)
	})
}

func BenchmarkHash(b *testing.B) {
	for b.Loop() {
		Hash("3F1C2A9E-8d4b-4c6f-9a2e-1b7d5e0c4a21")
	}
}
