package idempotency

import (
	"errors"
	"fmt"
	"strings"
)

// MaxKeyLen is the longest idempotency key accepted, in bytes.
const MaxKeyLen = 255

// ErrMalformedKey is the reason every [ParseKey] error unwraps to.
var ErrMalformedKey = errors.New("malformed idempotency key")

// ParseKey returns the idempotency key carried by one Idempotency-Key
// header value. A key is 1 to [MaxKeyLen] printable ASCII characters (0x20
// to 0x7E). The value is either the key itself or, as the IETF draft
// (draft-ietf-httpapi-idempotency-key-header) and the Synctera examples
// write it, a structured-field string: the key in double quotes, with \"
// and \\ as the only escapes. Both spellings of a key are the same key.
// Leading and trailing white space is HTTP framing, already removed by
// net/http.
func ParseKey(v string) (string, error) {
	if v == "" {
		return "", keyError(v, "is empty")
	}
	if v[0] != '"' {
		if len(v) > MaxKeyLen {
			return "", keyError(v, fmt.Sprintf("is %d bytes long, more than %d", len(v), MaxKeyLen))
		}
		if i := indexNonPrintable(v); i >= 0 {
			return "", keyError(v, fmt.Sprintf("has byte %#02x at offset %d, not printable ASCII", v[i], i))
		}
		return v, nil
	}
	var b strings.Builder
	for i := 1; i < len(v); i++ {
		c := v[i]
		switch {
		case c == '"':
			if i != len(v)-1 {
				return "", keyError(v, fmt.Sprintf("has %q after the closing quote at offset %d", v[i+1:], i))
			}
			if b.Len() == 0 {
				return "", keyError(v, "is an empty quoted string")
			}
			return b.String(), nil
		case c == '\\':
			if i+1 == len(v) || v[i+1] != '"' && v[i+1] != '\\' {
				return "", keyError(v, fmt.Sprintf("has an invalid escape at offset %d (only \\\" and \\\\ are allowed)", i))
			}
			i++
			c = v[i]
		case c < 0x20 || c > 0x7e:
			return "", keyError(v, fmt.Sprintf("has byte %#02x at offset %d, not printable ASCII", c, i))
		}
		if b.Len() == MaxKeyLen {
			return "", keyError(v, fmt.Sprintf("holds more than %d characters", MaxKeyLen))
		}
		b.WriteByte(c)
	}
	return "", keyError(v, "has no closing quote")
}

func indexNonPrintable(s string) int {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7e {
			return i
		}
	}
	return -1
}

// keyError quotes at most 64 bytes of the input: a key is client-chosen
// and its error may be logged.
func keyError(v, why string) error {
	q := v
	if len(q) > 64 {
		q = q[:64] + "..."
	}
	return fmt.Errorf("idempotency.ParseKey(%+q): key %s: %w", q, why, ErrMalformedKey)
}
