package syncplan

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math/bits"
	"slices"
	"time"

	"github.com/acctkit/acctkit/account"
)

// Fingerprint identifies the state of a client's accounts a Plan was
// computed from: it changes when any field of any of the client's accounts
// changes, or when an account appears or disappears, and it does not
// depend on the order of the accounts. The zero Fingerprint is that of no
// computation; it never matches a real state.
type Fingerprint [sha256.Size]byte

// FingerprintOf returns the fingerprint of the accounts of existing that
// belong to clientID (ids compared ignoring case); other clients' accounts
// do not count. It is what Compute stores in Plan.Fingerprint.
//
// Each account is encoded canonically (every field, length-prefixed; times
// as instants, so the same instant in two time zones is the same; metadata
// by sorted key) and hashed with SHA-256; the digests are added modulo
// 2^256, which makes the result independent of order; the sum, the count
// and the client id are hashed again. Any change of any field changes the
// result, except for accidental SHA-256 collisions.
func FingerprintOf(clientID string, existing []account.BankAccount) Fingerprint {
	f := newFingerprinter(clientID)
	for i := range existing {
		if sameID(existing[i].ClientID, clientID) {
			f.add(&existing[i])
		}
	}
	return f.sum()
}

// fingerprinter accumulates FingerprintOf one account at a time, so that
// Compute can fold it into its one pass over the existing accounts.
type fingerprinter struct {
	client string // canonical
	buf    []byte
	n      uint64
	total  [4]uint64 // the sum of the digests, most significant word first
}

func newFingerprinter(clientID string) fingerprinter {
	return fingerprinter{client: canonicalID(clientID), buf: make([]byte, 0, 512)}
}

func (f *fingerprinter) add(a *account.BankAccount) {
	f.buf = appendAccount(f.buf[:0], a, f.client)
	d := sha256.Sum256(f.buf)
	var carry uint64
	for i := 3; i >= 0; i-- {
		f.total[i], carry = bits.Add64(f.total[i], binary.BigEndian.Uint64(d[i*8:]), carry)
	}
	f.n++
}

func (f *fingerprinter) sum() Fingerprint {
	b := append(f.buf[:0], "acctkit/syncplan fingerprint v1\x00"...)
	b = appendString(b, f.client)
	b = binary.BigEndian.AppendUint64(b, f.n)
	for _, w := range f.total {
		b = binary.BigEndian.AppendUint64(b, w)
	}
	f.buf = b
	return sha256.Sum256(b)
}

// appendAccount appends the canonical encoding of a: every field, in the
// order of account.BankAccount. It is compact because it is what the
// fingerprint hashes for every account: a typical record fits two SHA-256
// blocks (119 bytes). So a canonical UUID id takes its 16 bytes, a client
// id equal to client (canonical) nothing, a known type nothing; a tag byte
// says which form follows, so no two accounts encode alike.
func appendAccount(b []byte, a *account.BankAccount, client string) []byte {
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
	case account.BankAccountChecking:
		flags = 1
	case account.BankAccountSavings:
		flags = 2
	case account.BankAccountInvestment:
		flags = 3
	case account.BankAccountOther:
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
