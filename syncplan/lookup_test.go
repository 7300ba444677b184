package syncplan

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/acctkit/acctkit/internal/uuid"
)

// TestFilterHashes: the hashes the scan filters on agree wherever the keys
// they stand for do, or the filter would hide a match.
func TestFilterHashes(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := rapid.StringMatching(`[0-9A-Za-z .\-\t\x{e9}]{0,12}`).Draw(t, "number")
		var b strings.Builder
		for _, r := range s {
			switch rapid.IntRange(0, 3).Draw(t, "how") {
			case 0:
				b.WriteString(strings.ToUpper(string(r)))
			case 1:
				b.WriteString(strings.ToLower(string(r)))
			case 2:
				b.WriteString(rapid.SampledFrom([]string{" ", "-", ".", "\t"}).Draw(t, "noise") + string(r))
			default:
				b.WriteRune(r)
			}
		}
		v := b.String()
		if string(appendNormalized(nil, s)) == string(appendNormalized(nil, v)) {
			require.Equal(t, numberTail(s), numberTail(v), "%q and %q", s, v)
		}

	})
}

func TestFilter(t *testing.T) {
	var f filter
	ids := manyAccounts(10250)
	for _, a := range ids[:250] {
		f.add(uuid.Hash(a.ID))
	}
	for _, a := range ids[:250] {
		require.True(t, f.has(uuid.Hash(a.ID)), "an added key is always in")
	}
	wrong := 0
	for _, a := range ids[250:] {
		if f.has(uuid.Hash(a.ID)) {
			wrong++
		}
	}
	assert.Less(t, wrong, 150, "at most 1.5%% of 10000 other ids pass")
	assert.Equal(t, numberTail("de89 3704-0044.0532"), numberTail("DE8937040044 0532"))
	assert.NotEqual(t, numberTail("532"), numberTail("0532"), "the count of bytes counts")
	assert.Equal(t, stringTail("ext-1"), stringTail("ext-1"))
	assert.NotEqual(t, stringTail("ext-1"), stringTail("ext-01"))
}

// TestNumberTailDefinition: the fast paths of numberTail give what its
// definition says: the last four bytes of the normalized number, and how
// many there are.
func TestNumberTailDefinition(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := rapid.StringOfN(rapid.SampledFrom([]rune("0123456789aZ -.\t\x00/:;@`")), 0, 8, -1).Draw(t, "number")
		norm := appendNormalized(nil, s)
		norm = norm[max(len(norm)-4, 0):]
		var want uint64
		for i := len(norm) - 1; i >= 0; i-- {
			want = want<<8 | uint64(norm[i])
		}
		want = want<<3 | uint64(len(norm))
		require.Equal(t, want, numberTail(s), "%q", s)
	})
}

// TestLookupIDs: a lookup finds an id exactly when uuid.Equal says it has
// it, whatever the case of either, and its filter never hides one; ids of
// other lengths and non-UUID bytes included.
func TestLookupIDs(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		gen := rapid.OneOf(
			rapid.StringMatching(`[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-4[0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}`),
			rapid.StringMatching(`[0-9A-Za-z\x{e9}\x{c9}-]{0,12}`))
		added := rapid.SliceOfN(gen, 0, 20).Draw(t, "added")
		w := newLookup(len(added), 0, nil)
		for i, id := range added {
			w.addID(id, i)
		}
		probes := append(rapid.SliceOfN(gen, 0, 20).Draw(t, "probes"), added...)
		for _, id := range probes {
			id = flipCase(t, id)
			want := -1
			for i, a := range added {
				if uuid.Equal(a, id) {
					want = i
					break
				}
			}
			v, ok := w.id(id)
			require.Equal(t, want >= 0, ok, "%q", id)
			if ok {
				require.Equal(t, want, v, "%q", id)
			}
		}
	})
}

// flipCase changes the case of some ASCII letters of s.
func flipCase(t *rapid.T, s string) string {
	b := []byte(s)
	for i, c := range b {
		if ('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z') && rapid.Bool().Draw(t, "flip") {
			b[i] = c ^ 0x20
		}
	}
	return string(b)
}

// TestHeldTwice: heldTwice finds another account of the client with the
// id of one at the positions given, in any case, and nothing else.
func TestHeldTwice(t *testing.T) {
	existing := manyAccounts(1000)
	dup := existing[10]
	dup.ID = strings.ToUpper(dup.ID)
	foreign := existing[20]
	foreign.ClientID = other
	existing = append(existing, dup, foreign)
	w := newLookup(0, 0, make([]uint32, len(existing)))
	for pos := range existing {
		w.idAt(pos, existing[pos].ID)
	}
	assert.Equal(t, 1000, w.heldTwice(existing, []int{5, 10}, client))
	assert.Equal(t, 10, w.heldTwice(existing, []int{1000}, client))
	assert.Equal(t, 20, w.heldTwice(existing, []int{1001}, client), "the client's account is the other holder")
	assert.Equal(t, -1, w.heldTwice(existing, []int{20}, client), "another client's account does not count")
	assert.Equal(t, -1, w.heldTwice(existing, []int{1, 2, 3}, client))
	assert.Equal(t, -1, w.heldTwice(existing, nil, client))
}
