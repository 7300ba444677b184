// Package mask is acctkit's one masking policy: what of an identifier
// stays visible in logs, error messages and masked CLI output. Every
// identifier type's Masked method, its LogValue, the input its parse
// errors show and the privacy package's slog handler use it.
//
// What stays visible, by kind:
//
//   - IBAN: the country code, the check digits and the last four
//     characters ("DE89**************3000");
//   - CLABE and other account numbers: the last four digits
//     ("**************7771");
//   - routing numbers (ABA, Canadian) and BICs: everything. They name an
//     institution, not a customer, and are printed on cheques and in
//     public directories.
//
// A masked value keeps its length, so a reader still sees its shape.
package mask

import "unsafe"

// Fill replaces every hidden character.
const Fill = '*'

// Policy says how much of one kind of value stays visible.
type Policy struct {
	Head, Tail int  // bytes kept at each end of a hidden value
	Public     bool // nothing is hidden: the value names an institution
}

// The policies of acctkit's identifier kinds.
var (
	IBAN    = Policy{Head: 4, Tail: 4}
	Account = Policy{Tail: 4} // CLABEs and bare account numbers
	Public  = Policy{Public: true}
)

// Mask returns s as the policy shows it.
func (p Policy) Mask(s string) string {
	if p.Public {
		return s
	}
	return KeepEnds(s, p.Head, p.Tail)
}

// KeepEnds returns s with every byte except the first head and the last
// tail replaced by Fill. The length is kept so a reader can still see the
// shape of the value. When head+tail would show all of s (or more), only the
// last tail bytes are kept, and when even that would show everything, the
// whole value is hidden: a short value is never printed in full.
func KeepEnds(s string, head, tail int) string {
	b := make([]byte, len(s))
	return string(b[:keepEnds(b, s, head, tail)])
}

// keepEnds writes KeepEnds(s, head, tail) into b, which has room for s,
// and returns its length.
func keepEnds(b []byte, s string, head, tail int) int {
	head, tail = max(head, 0), max(tail, 0)
	if head+tail >= len(s) {
		head = 0
		if tail >= len(s) {
			tail = 0
		}
	}
	for i := range len(s) {
		if i < head || i >= len(s)-tail {
			b[i] = s[i]
		} else {
			b[i] = Fill
		}
	}
	return len(s)
}

// Last returns s with all but its last n bytes hidden.
func Last(s string, n int) string { return KeepEnds(s, 0, n) }

// maxPublicDigits is the longest run of digits a public identifier has
// (an ABA or Canadian routing number's nine): a longer run in the input of
// a parser for one is an account number, and is not shown.
const maxPublicDigits = 9

func longestDigitRun(s string) (longest int) {
	run := 0
	for i := 0; i < len(s); i++ {
		if '0' <= s[i] && s[i] <= '9' {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	return longest
}

// Elided marks where an error's input was shortened.
const Elided = "..."

// Buf holds the input a parse error shows. It is meant to be a field of
// the error's own allocation, so that rejecting a value costs one
// allocation however the input is shown.
type Buf [bufLen]byte

// bufLen holds the longest masked input shown, an IBAN's 34 characters:
// public values are shown without copying.
const bufLen = 36

// ErrorInput returns how an error about s, the input of a parser for
// values of at most maxLen bytes, shows it: s masked by the policy when it
// is no longer than maxLen (for a public kind, and holds no run of more
// than nine digits); otherwise the policy's head, Elided and the last four
// bytes, so an input longer than the kind (an account number pasted into a
// routing field, a whole line of a file) never appears in full. The result is stored in b, and b must not change while the result
// is in use: the two share memory.
func (p Policy) ErrorInput(b *Buf, s string, maxLen int) string {
	const tail = 4
	if p.Public && len(s) <= maxLen && longestDigitRun(s) <= maxPublicDigits {
		return s
	}
	maxLen = min(maxLen, bufLen)
	var n int
	switch {
	case len(s) <= maxLen && !p.Public:
		n = keepEnds(b[:], s, p.Head, p.Tail)
	default:
		head := max(min(p.Head, maxLen-len(Elided)-tail), 0)
		if p.Public {
			head = 0
		}
		n = copy(b[:], s[:head])
		n += copy(b[n:], Elided)
		n += copy(b[n:], s[len(s)-min(tail, len(s)-head):])
	}
	if n == 0 {
		return ""
	}
	// The bytes are never written again: this is the string a copy would
	// make, without the second allocation.
	return unsafe.String(&b[0], n)
}
