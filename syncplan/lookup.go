package syncplan

import (
	"strings"

	"github.com/acctkit/acctkit/account/artu"
	"github.com/acctkit/acctkit/internal/ascii"
	"github.com/acctkit/acctkit/internal/uuid"
)

// lookup is what a scan of the existing accounts looks for: ids, each with
// a value, and natural keys and externalIds, each kept in the order they
// were added. It is where the speed of a scan lives, so that the rules
// need not know about it: a scan reads every account of the store (ten
// thousand, say) for a few hundred items, so each account must cost a few
// nanoseconds. Bloom filters on cheap hashes (an id's first and last
// eight bytes, the last four bytes of an account number, the length and
// tail of an externalId) rule out most accounts before any key is built or
// map probed. The filters only ever say "maybe": every answer is a map's.
type lookup struct {
	ids     map[string]int // canonical id -> value
	nat     map[string]int // natural key -> index in natKeys
	ext     map[string]int // externalId -> index in extKeys
	natKeys []string
	extKeys []string

	idF, natF filter
	extF      extFilter
	// seen holds, by position in the existing accounts, the top half of
	// the hash of the id idAt read there, for heldTwice.
	seen []uint32
	buf  []byte // the natural key being built
}

// newLookup returns an empty lookup for about ids ids and keys keys of
// each kind. seen, one per existing account, is where idAt notes hashes;
// nil for a lookup that will not call it.
func newLookup(ids, keys int, seen []uint32) *lookup {
	return &lookup{ids: make(map[string]int, ids), nat: make(map[string]int, keys), ext: make(map[string]int, keys), seen: seen}
}

// addID adds id with value v, unless an equal id is there: then it
// returns that id's value and false.
func (w *lookup) addID(id string, v int) (int, bool) {
	c := uuid.Canonical(id)
	if old, ok := w.ids[c]; ok {
		return old, false
	}
	w.ids[c] = v
	w.idF.add(uuid.Hash(c))
	return v, true
}

// id returns the value of id (in any case), if the lookup has it.
func (w *lookup) id(id string) (int, bool) {
	return w.find(id, uuid.Hash(id))
}

// idAt is id for the id of the account at position pos, noting its hash
// for heldTwice.
func (w *lookup) idAt(pos int, id string) (int, bool) {
	h := uuid.Hash(id)
	w.seen[pos] = uint32(h >> 32)
	return w.find(id, h)
}

func (w *lookup) find(id string, h uint64) (int, bool) {
	if len(w.ids) == 0 || !w.idF.has(h) {
		return 0, false
	}
	v, ok := w.ids[id]
	if !ok {
		if c := uuid.Canonical(id); c != id {
			v, ok = w.ids[c]
		}
	}
	return v, ok
}

// heldTwice returns a position other than one of positions where an
// account of client holds the id of the account at one of positions, or
// -1. It reads the hashes idAt noted, every account's, not the accounts.
func (w *lookup) heldTwice(existing []artu.BankAccount, positions []int, client string) int {
	if len(positions) == 0 {
		return -1
	}
	var f filter
	for _, pos := range positions {
		f.add(uint64(w.seen[pos]))
	}
	for j, h := range w.seen {
		if !f.has(uint64(h)) {
			continue
		}
		for _, pos := range positions {
			if pos != j && w.seen[pos] == h && uuid.Equal(existing[pos].ID, existing[j].ID) &&
				uuid.Equal(existing[j].ClientID, client) {
				return j
			}
		}
	}
	return -1
}

// addNat adds a natural key, if new.
func (w *lookup) addNat(k string) {
	if _, ok := w.nat[k]; !ok {
		w.nat[k] = len(w.natKeys)
		w.natKeys = append(w.natKeys, k)
		w.natF.add(keyTail(k))
	}
}

// addExt adds an externalId, if new.
func (w *lookup) addExt(id string) {
	if _, ok := w.ext[id]; !ok {
		w.ext[id] = len(w.extKeys)
		w.extKeys = append(w.extKeys, id)
		w.extF.add(id)
	}
}

// hasNat and hasExt report whether the lookup has a key.
func (w *lookup) hasNat(k string) bool {
	_, ok := w.nat[k]
	return ok
}

func (w *lookup) hasExt(id string) bool {
	_, ok := w.ext[id]
	return ok
}

// natOf returns the natural key of a, if the lookup has it. The key is
// built only when the filter lets a through, in a reused buffer, and the
// string returned is the lookup's own: no allocation.
func (w *lookup) natOf(a *artu.BankAccount) (string, bool) {
	if len(w.nat) == 0 || !mayHoldKey(&w.natF, a) {
		return "", false
	}
	w.buf = appendNaturalKey(w.buf[:0], a)
	if i, ok := w.nat[string(w.buf)]; ok {
		return w.natKeys[i], true
	}
	return "", false
}

// extOf reports whether the lookup has the externalId of a.
func (w *lookup) extOf(a *artu.BankAccount) bool {
	if len(w.ext) == 0 || a.ExternalID == "" || !w.extF.has(a.ExternalID) {
		return false
	}
	_, ok := w.ext[a.ExternalID]
	return ok
}

// filter is a Bloom filter of 8192 bits that sets two bits of one word
// per key. With 350 keys (250 items and 100 new ids), it says maybe
// wrongly about 1% of the time (4% with one bit per key), and each wrong
// maybe costs a map probe.
type filter [128]uint64

func (f *filter) slot(h uint64) (int, uint64) {
	h *= 0x9e3779b97f4a7c15 // Fibonacci hashing: the top bits mix all of h
	return int(h >> 57), 1<<(h>>51&63) | 1<<(h>>45&63)
}

func (f *filter) add(h uint64) {
	i, bits := f.slot(h)
	f[i] |= bits
}

func (f *filter) has(h uint64) bool {
	i, bits := f.slot(h)
	return f[i]&bits == bits
}

// keyTail is the filter hash of a natural key: the numberTail of the
// account number or CLABE it ends in, which mayHoldKey computes from the
// account without building its key.
func keyTail(key string) uint64 {
	if strings.HasPrefix(key, "C") {
		return numberTail(key[1:])
	}
	return numberTail(keyNumber(key))
}

// mayHoldKey reports whether a's natural key can be in a set whose keys'
// keyTail values f holds: it looks at the account number and, for a
// Mexican account, the CLABE, either of which can end its key.
func mayHoldKey(f *filter, a *artu.BankAccount) bool {
	return f.has(numberTail(a.AccountNumber)) || !a.CLABE.IsZero() && mayHoldCLABE(f, a)
}

// mayHoldCLABE is the CLABE half of mayHoldKey.
func mayHoldCLABE(f *filter, a *artu.BankAccount) bool {
	if !isMX(a.Country) { // the country's bytes are one more cache line
		return false
	}
	var buf [18]byte
	digits, _ := a.CLABE.AppendText(buf[:0])
	return f.has(numberTail(string(digits)))
}

// numberTail is the filter hash of an account number: its last four
// bytes as appendNormalized writes them, and how many there are. Equal
// normalized numbers have equal tails.
func numberTail(s string) uint64 {
	if n := len(s); n >= 4 {
		// Most numbers end in four ASCII digits, which this tests on the
		// word at once (each byte is 0x3_, and adding 6 keeps it 0x3_):
		// nothing to drop or fold.
		w := uint32(s[n-4]) | uint32(s[n-3])<<8 | uint32(s[n-2])<<16 | uint32(s[n-1])<<24
		if w&0xf0f0f0f0 == 0x30303030 && (w+0x06060606)&0xf0f0f0f0 == 0x30303030 {
			return uint64(w)<<3 | 4
		}
	}
	return normalizedTail(s)
}

// normalizedTail is numberTail the long way: from the end, up to four
// bytes that appendNormalized keeps, upper-cased.
func normalizedTail(s string) uint64 {
	var t uint64
	n := 0
	for i := len(s) - 1; i >= 0 && n < 4; i-- {
		if c := s[i]; !ignored(c) {
			t = t<<8 | uint64(ascii.ToUpper(c))
			n++
		}
	}
	return t<<3 | uint64(n)
}

// stringTail is the filter hash of an externalId: its length and last
// four bytes.
func stringTail(s string) uint64 {
	t := uint64(len(s))
	for i := max(len(s)-4, 0); i < len(s); i++ {
		t = t<<8 | uint64(s[i])
	}
	return t
}

// extFilter screens externalIds: first by length, which needs no read of
// the id's bytes (a cache miss per account in a scan), then by
// stringTail.
type extFilter struct {
	lens uint64 // bit len%64 of each id in the set
	f    filter
}

func (e *extFilter) add(id string) {
	e.lens |= 1 << (len(id) & 63)
	e.f.add(stringTail(id))
}

func (e *extFilter) has(id string) bool {
	return e.lens&(1<<(len(id)&63)) != 0 && e.f.has(stringTail(id))
}
