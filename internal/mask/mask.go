// Package mask hides the middle of account identifiers so that logs, error
// messages and CLI output never carry a full account number.
package mask

// Fill replaces every hidden character.
const Fill = '*'

// KeepEnds returns s with every byte except the first head and the last
// tail replaced by Fill. The length is kept so a reader can still see the
// shape of the value. When head+tail would show all of s (or more), only the
// last tail bytes are kept, and when even that would show everything, the
// whole value is hidden: a short value is never printed in full.
func KeepEnds(s string, head, tail int) string {
	if head < 0 {
		head = 0
	}
	if tail < 0 {
		tail = 0
	}
	if head+tail >= len(s) {
		head = 0
		if tail >= len(s) {
			tail = 0
		}
	}
	b := make([]byte, len(s))
	for i := range b {
		if i < head || i >= len(s)-tail {
			b[i] = s[i]
		} else {
			b[i] = Fill
		}
	}
	return string(b)
}

// Last returns s with all but its last n bytes hidden.
func Last(s string, n int) string { return KeepEnds(s, 0, n) }
