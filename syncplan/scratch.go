package syncplan

import (
	"slices"
	"sync"
)

// scratch holds the two buffers of a Compute worth reusing: the state of
// each item and the id hash of each existing account, about 140 KiB for
// 250 items against 10,000 accounts. Allocated per call, they cost about
// a tenth of Compute's time, most of it in garbage collection
// (BENCHMARKS.md).
//
// A scratch is clean when the pool hands it out: new, or cleared by
// release, the only way back into the pool. So no call sees, or keeps
// alive, anything of another. The hashes hold no pointers and need no
// clearing: the scan writes every one before anything reads it.
type scratch struct {
	items []itemState
	seen  []uint32
}

var scratchPool = sync.Pool{New: func() any { return new(scratch) }}

// maxPooled bounds the length of a buffer that goes back to the pool: one
// client with millions of accounts should not pin that much in every
// pooled scratch for as long as the service runs.
const maxPooled = 1 << 18

// getScratch returns a scratch for the number of items and accounts
// given; its items are zero.
func getScratch(items, accounts int) *scratch {
	s := scratchPool.Get().(*scratch)
	s.items = slices.Grow(s.items, items)[:items]
	s.seen = slices.Grow(s.seen, accounts)[:accounts]
	return s
}

// release clears s and puts it back in the pool.
func (s *scratch) release() {
	clear(s.items)
	s.items = s.items[:0]
	if cap(s.seen) > maxPooled {
		return
	}
	scratchPool.Put(s)
}
