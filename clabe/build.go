package clabe

import (
	"encoding/binary"
	"math/rand/v2"
	"strconv"

	"github.com/acctkit/acctkit/internal/ascii"
)

// New builds the CLABE of an account: bank is the 3-digit bank code, plaza
// the 3-digit plaza code and account up to 11 digits, zero-padded on the
// left. It computes the control digit. The bank must be known (built in or
// registered), or the error wraps ErrUnknownBank; the plaza need not be in
// the plaza catalog. A part with a non-digit gives ErrCharacter (Pos counts
// within that part) and one of the wrong length ErrLength.
func New(bank, plaza, account string) (CLABE, error) {
	return build("New", bank, plaza, account)
}

func build(fn, bank, plaza, account string) (CLABE, error) {
	input := bank + plaza + account
	parts := [...]struct {
		s, what    string
		minN, maxN int
	}{
		{bank, "bank code", bankLen, bankLen},
		{plaza, "plaza code", plazaLen, plazaLen},
		{account, "account number", 1, accountLen},
	}
	off := 0
	for _, p := range parts {
		if i := ascii.IndexNonDigit(p.s[:min(len(p.s), p.maxN)]); i >= 0 {
			return CLABE{}, charError(fn, input, off, i, " of the "+p.what, "a digit")
		}
		switch {
		case len(p.s) == p.maxN:
		case p.minN == p.maxN:
			return CLABE{}, newError(fn, input, 0, ErrLength, textf("%s has length %d, want %d", p.what, len(p.s), p.maxN))
		case len(p.s) < p.minN || len(p.s) > p.maxN:
			return CLABE{}, newError(fn, input, 0, ErrLength, textf("%s has length %d, want %d to %d", p.what, len(p.s), p.minN, p.maxN))
		}
		off += len(p.s)
	}
	var b [Length]byte
	copy(b[:], bank)
	copy(b[bankLen:], plaza)
	pad := bankLen + plazaLen + accountLen - len(account)
	for i := bankLen + plazaLen; i < pad; i++ {
		b[i] = '0'
	}
	copy(b[pad:], account)
	d, _ := CheckDigit(string(b[:Length-1]))
	b[Length-1] = byte('0' + d)
	c := CLABE{
		lo:   binary.LittleEndian.Uint64(b[:8]),
		hi:   binary.LittleEndian.Uint64(b[8:16]),
		tail: binary.LittleEndian.Uint16(b[16:]),
	}
	if !knownBank(c.bank()) {
		return CLABE{}, newError(fn, input, 0, ErrUnknownBank, reason{code: codeUnknownBank, n: c.bank()})
	}
	return c, nil
}

// Generate returns a random valid CLABE of the bank, for test data: a plaza
// code from the plaza catalog and a uniformly random account number. It
// draws from r (math/rand/v2), or from the math/rand/v2 global source when
// r is nil. The errors are those of New for a bad or unknown bank code.
func Generate(r *rand.Rand, bank string) (CLABE, error) {
	intN, uint64N := rand.IntN, rand.Uint64N
	if r != nil {
		intN, uint64N = r.IntN, r.Uint64N
	}
	plaza := plazaTable[intN(len(plazaTable))].Code
	account := strconv.FormatUint(uint64N(100_000_000_000), 10) // 0 to 11 nines
	return build("Generate", bank, plaza, account)
}
