package clabe

import (
	"errors"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/acctkit/acctkit/internal/ascii"
)

// Bank is one 3-digit CLABE bank code and the institution it names.
type Bank struct {
	Code      string // three ASCII digits, e.g. "002"
	ShortName string // the name used in the SPEI participant list, e.g. "Banamex"
	LegalName string // e.g. "Banco Nacional de México"; empty when no source gives it
	// Current reports whether the code is in the current SPEI participant
	// list. Legacy codes (false) belong to banks that merged or closed;
	// their CLABEs are still printed on documents and still parse.
	Current bool
}

// The reasons RegisterBank refuses a bank.
var (
	// ErrInvalidBank means the Bank to register is malformed: its code is
	// not three ASCII digits or it has no short name.
	ErrInvalidBank = errors.New("invalid bank")
	// ErrDuplicateBank means the code is already in the catalog, built in
	// or registered, with different details.
	ErrDuplicateBank = errors.New("bank code already taken")
)

// bankCatalog is an immutable snapshot of every known bank. RegisterBank
// replaces the whole snapshot, so lookups need no lock and never allocate.
type bankCatalog struct {
	index [1000]uint16 // 1 + the position of the code's Bank in banks; 0 when unknown
	banks []Bank
	// builtin is len(banks) of the snapshot built from the generated table;
	// later entries were registered.
	builtin int
}

var (
	catalog    atomic.Pointer[bankCatalog]
	registerMu sync.Mutex // serializes RegisterBank's copy-on-write
)

func init() {
	c := &bankCatalog{banks: builtinBanks[:], builtin: len(builtinBanks)}
	for i, b := range c.banks {
		n, _ := ascii.Digits(b.Code)
		c.index[n] = uint16(i + 1)
	}
	catalog.Store(c)
}

func knownBank(code int) bool { return catalog.Load().index[code] != 0 }

func lookupBank(code int) (Bank, bool) {
	c := catalog.Load()
	i := c.index[code]
	if i == 0 {
		return Bank{}, false
	}
	return c.banks[i-1], true
}

// parseCode3 returns the value of a 3-digit code, or -1.
func parseCode3(code string) int {
	if len(code) != bankLen || ascii.IndexNonDigit(code) >= 0 {
		return -1
	}
	n, _ := ascii.Digits(code)
	return int(n)
}

// LookupBank returns the bank with the 3-digit code, from the built-in
// catalog or a registration. It is safe for concurrent use and does not
// allocate.
func LookupBank(code string) (Bank, bool) {
	n := parseCode3(code)
	if n < 0 {
		return Bank{}, false
	}
	return lookupBank(n)
}

// RegisterBank adds a bank that is newer than the built-in catalog (see
// BankCatalogDate), so CLABEs with its code parse without waiting for a
// release. Like sql.Register it is meant for program start: call it from
// main or an init function, before parsing. It is safe for concurrent use;
// parses running meanwhile see the catalog from before or after the call.
//
// It returns an error wrapping ErrInvalidBank if b.Code is not three ASCII
// digits or b.ShortName is empty, and one wrapping ErrDuplicateBank if the
// code is already known with different details. Registering a bank
// exactly as it is already known does nothing, so two packages (or a
// retried start-up) may register the same bank. A registration cannot be
// undone or overridden: the built-in entry for a code always wins.
func RegisterBank(b Bank) error {
	n := parseCode3(b.Code)
	switch {
	case n < 0:
		return fmt.Errorf("clabe.RegisterBank(%q): %w: code must be 3 ASCII digits", b.Code, ErrInvalidBank)
	case b.ShortName == "":
		return fmt.Errorf("clabe.RegisterBank(%q): %w: short name is empty", b.Code, ErrInvalidBank)
	}
	registerMu.Lock()
	defer registerMu.Unlock()
	old := catalog.Load()
	if i := old.index[n]; i != 0 {
		have := old.banks[i-1]
		if have == b {
			return nil
		}
		where := "registered"
		if int(i) <= old.builtin {
			where = "in the built-in catalog of " + BankCatalogDate
		}
		return fmt.Errorf("clabe.RegisterBank(%q): %w: %s is %s, %s", b.Code, ErrDuplicateBank, b.Code, have.ShortName, where)
	}
	c := &bankCatalog{index: old.index, banks: append(slices.Clip(old.banks), b), builtin: old.builtin}
	c.index[n] = uint16(len(c.banks))
	catalog.Store(c)
	return nil
}
