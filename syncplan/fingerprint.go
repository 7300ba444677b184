package syncplan

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"slices"
	"time"

	"github.com/acctkit/acctkit/account/artu"
	"github.com/acctkit/acctkit/internal/uuid"
)

// Fingerprint identifies the part of a client's accounts a Plan depends
// on (see Plan.Basis): it changes when anything the plan was computed from
// changes, and it does not depend on the order of the accounts. The zero
// Fingerprint is that of no computation; it never matches a real state.
type Fingerprint [sha256.Size]byte

// Basis says what of the client's accounts a Plan depends on, besides the
// accounts its Changes act on, whose whole records it depends on. A plan
// does not depend on the rest: another account's label, or an account
// created since with keys of its own, does not make it stale.
type Basis struct {
	// NaturalKeys are the natural keys the items bring or match on, and
	// ExternalIDs their externalIds, each once, in item order: the plan
	// depends on which of the client's accounts hold them. A natural key
	// is text in an internal form.
	NaturalKeys []string `json:"naturalKeys,omitempty"`
	ExternalIDs []string `json:"externalIds,omitempty"`
	// Primary: an item makes an account primary, so the plan depends on
	// which accounts are primary (it demotes them).
	Primary bool `json:"primary,omitempty"`
	// ReplaceMode: the plan deletes every account of the client no item
	// names, so it depends on all of them.
	ReplaceMode bool `json:"replaceMode,omitempty"`
}

// facts are what a plan depends on in one state of the accounts, beyond
// the records its changes act on: the positions in existing of the
// holders of each key of its Basis, and of the primary accounts. Compute
// gathers them in its scans; Verify in one scan of its own.
type facts struct {
	existing         []artu.BankAccount
	natHits, extHits map[string][]int
	primaries        []int
}

// noteHolder records a, at pos, as a holder of its natural key and of its
// externalId if w has them.
func (f *facts) noteHolder(pos int, a *artu.BankAccount, w *lookup) {
	if k, ok := w.natOf(a); ok {
		f.natHits[k] = append(f.natHits[k], pos)
	}
	if w.extOf(a) {
		f.extHits[a.ExternalID] = append(f.extHits[a.ExternalID], pos)
	}
}

// fingerprint hashes, with the basis: records, the account each change
// acts on as it stands, in plan order (nil for a create); then for each
// key of the basis its holders' ids; then the primaries' ids. Every part
// is length-prefixed or counted, so no two different inputs encode alike.
func fingerprint(clientID string, b *Basis, records []*artu.BankAccount, f *facts) Fingerprint {
	client := uuid.Canonical(clientID)
	w := hashWriter{h: sha256.New(), buf: make([]byte, 0, 2*hashChunk)}
	w.buf = append(w.buf, "acctkit/syncplan fingerprint v2\x00"...)
	w.buf = appendString(w.buf, client)
	var flags byte
	if b.Primary {
		flags |= 1
	}
	if b.ReplaceMode {
		flags |= 2
	}
	w.buf = binary.AppendUvarint(append(w.buf, flags), uint64(len(records)))
	for _, r := range records {
		if r == nil {
			w.buf = append(w.buf, 0)
			continue
		}
		w.buf = appendAccount(append(w.buf, 1), r, client)
		w.flush()
	}
	for _, k := range b.NaturalKeys {
		w.buf = f.appendHolders(appendString(w.buf, k), f.natHits[k])
		w.flush()
	}
	for _, k := range b.ExternalIDs {
		w.buf = f.appendHolders(appendString(w.buf, k), f.extHits[k])
		w.flush()
	}
	if b.Primary {
		w.buf = f.appendHolders(w.buf, f.primaries)
	}
	w.h.Write(w.buf)
	var sum Fingerprint
	w.h.Sum(sum[:0])
	return sum
}

// hashChunk is how much hashWriter gathers before it hashes: enough to
// amortize the calls, little enough not to hold the whole encoding.
const hashChunk = 4096

type hashWriter struct {
	h   hash.Hash
	buf []byte
}

func (w *hashWriter) flush() {
	if len(w.buf) >= hashChunk {
		w.h.Write(w.buf)
		w.buf = w.buf[:0]
	}
}

// appendHolders appends the count and the canonical ids, sorted, of the
// accounts at positions.
func (f *facts) appendHolders(b []byte, positions []int) []byte {
	b = binary.AppendUvarint(b, uint64(len(positions)))
	if len(positions) == 1 { // most keys: nothing to sort
		return appendUUID(b, uuid.Canonical(f.existing[positions[0]].ID))
	}
	ids := make([]string, len(positions))
	for i, pos := range positions {
		ids[i] = uuid.Canonical(f.existing[pos].ID)
	}
	slices.Sort(ids)
	for _, id := range ids {
		b = appendUUID(b, id)
	}
	return b
}

// records returns the account each change acts on, in plan order, as it
// stands in existing, and the facts of existing; nil for a create. It
// fails with ErrStale when an account the plan acts on is gone, an id it
// creates exists (any client's), or, in replace mode, an account no change
// names has appeared; with ErrExisting when an id it acts on occurs twice.
// It is Verify's own scan, with a lookup built from the plan.
func (p *Plan) records(existing []artu.BankAccount) ([]*artu.BankAccount, *facts, error) {
	w := newLookup(len(p.Changes), max(len(p.Basis.NaturalKeys), len(p.Basis.ExternalIDs)), nil)
	for i := range p.Changes {
		c := &p.Changes[i]
		v := i
		if c.Action == Create {
			v = ^i
		}
		w.addID(c.ID(), v)
	}
	for _, k := range p.Basis.NaturalKeys {
		w.addNat(k)
	}
	for _, k := range p.Basis.ExternalIDs {
		w.addExt(k)
	}
	f := &facts{existing: existing, natHits: map[string][]int{}, extHits: map[string][]int{}}
	records := make([]*artu.BankAccount, len(p.Changes))
	for pos := range existing {
		a := &existing[pos]
		v, named := w.id(a.ID)
		if named && v < 0 {
			return nil, nil, fmt.Errorf("syncplan: account id %s, which the plan creates, exists: %w", short(a.ID), ErrStale)
		}
		if !uuid.Equal(a.ClientID, p.ClientID) {
			continue
		}
		switch {
		case named && records[v] != nil:
			return nil, nil, fmt.Errorf("syncplan: existing accounts hold id %s twice: %w", short(a.ID), ErrExisting)
		case named:
			records[v] = a
		case p.Basis.ReplaceMode:
			return nil, nil, fmt.Errorf("syncplan: account %s is new, and the plan deletes every account it does not name: %w", short(a.ID), ErrStale)
		}
		if p.Basis.Primary && a.IsPrimary {
			f.primaries = append(f.primaries, pos)
		}
		f.noteHolder(pos, a, w)
	}
	for i := range p.Changes {
		if c := &p.Changes[i]; c.Action != Create && records[i] == nil {
			return nil, nil, fmt.Errorf("syncplan: account %s, which the plan %ss, is gone: %w", short(c.ID()), c.Action, ErrStale)
		}
	}
	return records, f, nil
}

// appendAccount appends the canonical encoding of a: every field, in the
// order of artu.BankAccount. It is compact because the fingerprint
// hashes it for every account a plan touches, which is every account of
// the client in replace mode: a canonical UUID id takes its 16 bytes, a
// client id equal to client (canonical) nothing, a known type nothing; a
// tag byte says which form follows, so no two accounts encode alike, and
// every field is length-prefixed or of fixed size, so neither do two lists
// of accounts.
func appendAccount(b []byte, a *artu.BankAccount, client string) []byte {
	b = appendUUID(b, a.ID)
	if a.ClientID == client {
		b = append(b, 1)
	} else {
		b = appendString(append(b, 0), a.ClientID)
	}
	for _, s := range [...]string{a.AccountNumber, a.BankName, a.BankCode, a.Country, a.Currency} {
		b = appendString(b, s)
	}
	var flags byte
	switch a.Type {
	case artu.Checking:
		flags = 1
	case artu.Savings:
		flags = 2
	case artu.Investment:
		flags = 3
	case artu.Other:
		flags = 4
	}
	if a.IsPrimary {
		flags |= 1 << 6
	}
	if a.IsActive {
		flags |= 1 << 7
	}
	b = append(b, flags)
	if flags&0x3f == 0 {
		b = appendString(b, string(a.Type))
	}
	b = appendString(b, a.Label)
	b = appendString(b, a.ExternalID)
	b = appendMetadata(b, a.Metadata)
	n := len(b)
	b = append(b, 0)
	b, _ = a.CLABE.AppendText(b)
	b[n] = byte(len(b) - n - 1)
	b = appendString(b, a.CodigoBanco)
	b = appendString(b, a.CodigoPlaza)
	b = appendTime(b, a.CreatedAt)
	return appendTime(b, a.UpdatedAt)
}

// appendUUID appends a canonical (lower-case) UUID as a 1 and its 16
// bytes, anything else as a 0 and the string. It runs for every existing
// account, so it checks the 32 digits without a branch each and decides
// once.
func appendUUID(b []byte, id string) []byte {
	if len(id) != 36 || id[8] != '-' || id[13] != '-' || id[18] != '-' || id[23] != '-' {
		return appendString(append(b, 0), id)
	}
	var u [17]byte
	u[0] = 1
	var bad byte
	for j, i := range uuidDigits {
		hi, lo := lowerHex[id[i]], lowerHex[id[i+1]]
		bad |= hi | lo
		u[j+1] = hi<<4 | lo
	}
	if bad > 0x0f {
		return appendString(append(b, 0), id)
	}
	return append(b, u[:]...)
}

// uuidDigits holds the offset of each byte's pair of hex digits in the
// 8-4-4-4-12 form.
var uuidDigits = [16]uint8{0, 2, 4, 6, 9, 11, 14, 16, 19, 21, 24, 26, 28, 30, 32, 34}

// lowerHex maps '0'-'9' and 'a'-'f' to their values and every other byte
// to 0xff.
var lowerHex = func() (t [256]byte) {
	for i := range t {
		t[i] = 0xff
	}
	for i := range 10 {
		t['0'+i] = byte(i)
	}
	for i := range 6 {
		t['a'+i] = byte(10 + i)
	}
	return t
}()

func appendString(b []byte, s string) []byte {
	if len(s) < 0x80 { // the one-byte uvarint, without the loop
		return append(append(b, byte(len(s))), s...)
	}
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

// appendMetadata tells nil from empty (they encode differently in JSON)
// and orders the keys. Values are the JSON as stored, byte for byte.
// Most records have a key or two, which need no sort.
func appendMetadata(b []byte, m map[string]json.RawMessage) []byte {
	if m == nil {
		return append(b, 0)
	}
	b = append(b, 1)
	b = binary.AppendUvarint(b, uint64(len(m)))
	switch len(m) {
	case 0:
		return b
	case 1, 2:
		var k [2]string
		var v [2]json.RawMessage
		i := 0
		for key, val := range m {
			k[i], v[i] = key, val
			i++
		}
		if i == 2 && k[1] < k[0] {
			k[0], k[1], v[0], v[1] = k[1], k[0], v[1], v[0]
		}
		for j := range i {
			b = appendString(b, k[j])
			b = appendString(b, string(v[j]))
		}
		return b
	}
	var small [16]string
	keys := small[:0]
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		b = appendString(b, k)
		b = appendString(b, string(m[k]))
	}
	return b
}

// appendTime appends the instant: seconds and nanoseconds of Unix time.
// The zero time has its own (year 1) seconds, so it needs no flag.
func appendTime(b []byte, t time.Time) []byte {
	b = binary.BigEndian.AppendUint64(b, uint64(t.Unix()))
	return binary.BigEndian.AppendUint32(b, uint32(t.Nanosecond()))
}

// String returns the fingerprint in lower-case hexadecimal, 64 digits.
func (f Fingerprint) String() string { return hex.EncodeToString(f[:]) }

// MarshalText implements encoding.TextMarshaler with the form of String,
// so a Plan encoded as JSON carries its fingerprint.
func (f Fingerprint) MarshalText() ([]byte, error) {
	return hex.AppendEncode(make([]byte, 0, 2*len(f)), f[:]), nil
}

// ErrFingerprintSyntax is returned (wrapped) by UnmarshalText for text that
// is not 64 hexadecimal digits.
var ErrFingerprintSyntax = errors.New("fingerprint is not 64 hexadecimal digits")

// UnmarshalText implements encoding.TextUnmarshaler for the form of
// String; upper-case digits are accepted.
func (f *Fingerprint) UnmarshalText(text []byte) error {
	var v Fingerprint
	if len(text) != 2*len(v) {
		return fmt.Errorf("syncplan: fingerprint of %d characters: %w", len(text), ErrFingerprintSyntax)
	}
	if _, err := hex.Decode(v[:], text); err != nil {
		return fmt.Errorf("syncplan: %w: %w", ErrFingerprintSyntax, err)
	}
	*f = v
	return nil
}
