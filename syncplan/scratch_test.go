package syncplan

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestScratch: a scratch goes back to the pool holding nothing of its
// call, and comes out with zero items, whatever the sizes of the calls
// before.
func TestScratch(t *testing.T) {
	for _, n := range []int{3, 250, 1, 0, 17} {
		s := getScratch(n, 2*n)
		require.Len(t, s.items, n)
		require.Len(t, s.seen, 2*n)
		for i := range s.items {
			require.Zero(t, s.items[i], "items[%d] of a scratch for %d", i, n)
			s.items[i] = itemState{index: i, id: idA, rec: base()[0], hasRec: true}
		}
		items := s.items
		s.release()
		for i := range items {
			assert.Zero(t, items[i], "released items are cleared")
		}
	}
}
