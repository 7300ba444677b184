package idempotency

import (
	"bytes"
	"slices"
	"unicode/utf16"
	"unicode/utf8"
)

// maxJSONDepth bounds the nesting the canonicaliser accepts. Reordering an
// object copies its text once, so the work is at most depth times the body
// size; a deeper body is hashed as sent instead, which can only cause a
// false mismatch on a reformatted retry, never a false replay.
const maxJSONDepth = 64

// appendCanonicalJSON appends the canonical form of src to dst and reports
// whether src is exactly one JSON value (RFC 8259, UTF-8, optional white
// space around it) nested at most maxJSONDepth deep. On false, dst is
// returned unchanged in length.
//
// The canonical form has no insignificant white space; object members are
// sorted by their canonical key text, stably, so duplicate keys keep their
// order (a decoder that keeps the last duplicate sees the same value);
// strings are re-escaped minimally (only '"', '\\' and control characters,
// with the short escapes where JSON has them, otherwise \u00xx; an unpaired
// surrogate escape stays an escape); numbers keep their exact text, because
// 1.0 and 1 may mean different things to a handler that reads decimals.
func appendCanonicalJSON(dst, src []byte) ([]byte, bool) {
	var c canonicaliser
	return c.append(dst, src)
}

// append is appendCanonicalJSON reusing c's scratch space.
func (c *canonicaliser) append(dst, src []byte) ([]byte, bool) {
	c.src, c.i, c.depth, c.out, c.members = src, 0, 0, dst, c.members[:0]
	defer func() { c.src, c.out = nil, nil }()
	n := len(dst)
	c.ws()
	if !c.value() {
		return c.out[:n], false
	}
	c.ws()
	if c.i != len(c.src) {
		return c.out[:n], false
	}
	return c.out, true
}

type canonicaliser struct {
	src     []byte
	i       int
	depth   int
	out     []byte
	members []member // a stack shared by the objects being parsed
	tmp     []byte
}

// member is one object member written to out: key (with quotes) at
// [start, keyEnd), then ':' and the value up to end.
type member struct{ start, keyEnd, end int }

func (c *canonicaliser) ws() {
	for c.i < len(c.src) {
		switch c.src[c.i] {
		case ' ', '\t', '\n', '\r':
			c.i++
		default:
			return
		}
	}
}

func (c *canonicaliser) value() bool {
	if c.i >= len(c.src) {
		return false
	}
	switch b := c.src[c.i]; {
	case b == '{':
		return c.object()
	case b == '[':
		return c.array()
	case b == '"':
		return c.string()
	case b == '-' || '0' <= b && b <= '9':
		return c.number()
	default:
		for _, lit := range [...]string{"true", "false", "null"} {
			if bytes.HasPrefix(c.src[c.i:], []byte(lit)) {
				c.i += len(lit)
				c.out = append(c.out, lit...)
				return true
			}
		}
		return false
	}
}

func (c *canonicaliser) object() bool {
	if c.depth++; c.depth > maxJSONDepth {
		return false
	}
	defer func() { c.depth-- }()
	c.i++ // '{'
	open := len(c.out)
	c.out = append(c.out, '{')
	base := len(c.members)
	defer func() { c.members = c.members[:base] }()
	c.ws()
	if c.i < len(c.src) && c.src[c.i] == '}' {
		c.i++
		c.out = append(c.out, '}')
		return true
	}
	for {
		c.ws()
		if c.i >= len(c.src) || c.src[c.i] != '"' {
			return false
		}
		m := member{start: len(c.out)}
		if !c.string() {
			return false
		}
		m.keyEnd = len(c.out)
		c.ws()
		if c.i >= len(c.src) || c.src[c.i] != ':' {
			return false
		}
		c.i++
		c.out = append(c.out, ':')
		c.ws()
		if !c.value() {
			return false
		}
		m.end = len(c.out)
		c.members = append(c.members, m)
		c.ws()
		if c.i >= len(c.src) {
			return false
		}
		if c.src[c.i] == '}' {
			c.i++
			break
		}
		if c.src[c.i] != ',' {
			return false
		}
		c.i++
		c.out = append(c.out, ',')
	}
	c.sortMembers(open, c.members[base:])
	c.out = append(c.out, '}')
	return true
}

// sortMembers rewrites the members after the '{' at out[open] in key order.
func (c *canonicaliser) sortMembers(open int, ms []member) {
	key := func(m member) []byte { return c.out[m.start+1 : m.keyEnd-1] }
	cmp := func(a, b member) int { return bytes.Compare(key(a), key(b)) }
	if slices.IsSortedFunc(ms, cmp) {
		return
	}
	slices.SortStableFunc(ms, cmp)
	c.tmp = append(c.tmp[:0], c.out[open+1:]...)
	c.out = c.out[:open+1]
	for j, m := range ms {
		if j > 0 {
			c.out = append(c.out, ',')
		}
		c.out = append(c.out, c.tmp[m.start-open-1:m.end-open-1]...)
	}
}

func (c *canonicaliser) array() bool {
	if c.depth++; c.depth > maxJSONDepth {
		return false
	}
	defer func() { c.depth-- }()
	c.i++ // '['
	c.out = append(c.out, '[')
	c.ws()
	if c.i < len(c.src) && c.src[c.i] == ']' {
		c.i++
		c.out = append(c.out, ']')
		return true
	}
	for {
		c.ws()
		if !c.value() {
			return false
		}
		c.ws()
		if c.i >= len(c.src) {
			return false
		}
		if c.src[c.i] == ']' {
			c.i++
			c.out = append(c.out, ']')
			return true
		}
		if c.src[c.i] != ',' {
			return false
		}
		c.i++
		c.out = append(c.out, ',')
	}
}

func (c *canonicaliser) number() bool {
	start := c.i
	if c.src[c.i] == '-' {
		c.i++
	}
	switch {
	case c.i < len(c.src) && c.src[c.i] == '0':
		c.i++
	case c.digits() == 0:
		return false
	}
	if c.i < len(c.src) && c.src[c.i] == '.' {
		c.i++
		if c.digits() == 0 {
			return false
		}
	}
	if c.i < len(c.src) && (c.src[c.i] == 'e' || c.src[c.i] == 'E') {
		c.i++
		if c.i < len(c.src) && (c.src[c.i] == '+' || c.src[c.i] == '-') {
			c.i++
		}
		if c.digits() == 0 {
			return false
		}
	}
	c.out = append(c.out, c.src[start:c.i]...)
	return true
}

func (c *canonicaliser) digits() int {
	start := c.i
	for c.i < len(c.src) && '0' <= c.src[c.i] && c.src[c.i] <= '9' {
		c.i++
	}
	return c.i - start
}

func (c *canonicaliser) string() bool {
	c.i++ // '"'
	c.out = append(c.out, '"')
	for c.i < len(c.src) {
		b := c.src[c.i]
		switch {
		case b == '"':
			c.i++
			c.out = append(c.out, '"')
			return true
		case b == '\\':
			if !c.escape() {
				return false
			}
		case b < 0x20:
			return false
		case b < utf8.RuneSelf:
			// Copy the whole run of plain ASCII at once.
			j := c.i + 1
			for j < len(c.src) && c.src[j] >= 0x20 && c.src[j] < utf8.RuneSelf && c.src[j] != '"' && c.src[j] != '\\' {
				j++
			}
			c.out = append(c.out, c.src[c.i:j]...)
			c.i = j
		default:
			r, n := utf8.DecodeRune(c.src[c.i:])
			if r == utf8.RuneError && n == 1 {
				return false
			}
			c.out = append(c.out, c.src[c.i:c.i+n]...)
			c.i += n
		}
	}
	return false
}

// escape decodes the escape at src[i] and writes its canonical form.
func (c *canonicaliser) escape() bool {
	if c.i+1 >= len(c.src) {
		return false
	}
	e := c.src[c.i+1]
	c.i += 2
	switch e {
	case '"', '\\', '/':
		c.char(rune(e))
	case 'b':
		c.char('\b')
	case 'f':
		c.char('\f')
	case 'n':
		c.char('\n')
	case 'r':
		c.char('\r')
	case 't':
		c.char('\t')
	case 'u':
		r, ok := c.hex4()
		if !ok {
			return false
		}
		if utf16.IsSurrogate(r) {
			if r < 0xdc00 && c.i+1 < len(c.src) && c.src[c.i] == '\\' && c.src[c.i+1] == 'u' {
				save := c.i
				c.i += 2
				lo, ok := c.hex4()
				if !ok {
					return false
				}
				if pair := utf16.DecodeRune(r, lo); pair != utf8.RuneError {
					c.char(pair)
					return true
				}
				c.i = save
			}
			c.out = append(c.out, `\u`...)
			c.out = appendHex4(c.out, r)
			return true
		}
		c.char(r)
	default:
		return false
	}
	return true
}

func (c *canonicaliser) hex4() (rune, bool) {
	if c.i+4 > len(c.src) {
		return 0, false
	}
	var r rune
	for _, b := range c.src[c.i : c.i+4] {
		var v byte
		switch {
		case '0' <= b && b <= '9':
			v = b - '0'
		case 'a' <= b && b <= 'f':
			v = b - 'a' + 10
		case 'A' <= b && b <= 'F':
			v = b - 'A' + 10
		default:
			return 0, false
		}
		r = r<<4 | rune(v)
	}
	c.i += 4
	return r, true
}

// char writes r inside a string in canonical form.
func (c *canonicaliser) char(r rune) {
	switch r {
	case '"':
		c.out = append(c.out, `\"`...)
	case '\\':
		c.out = append(c.out, `\\`...)
	case '\b':
		c.out = append(c.out, `\b`...)
	case '\f':
		c.out = append(c.out, `\f`...)
	case '\n':
		c.out = append(c.out, `\n`...)
	case '\r':
		c.out = append(c.out, `\r`...)
	case '\t':
		c.out = append(c.out, `\t`...)
	default:
		if r < 0x20 {
			c.out = append(c.out, `\u`...)
			c.out = appendHex4(c.out, r)
			return
		}
		c.out = utf8.AppendRune(c.out, r)
	}
}

func appendHex4(b []byte, r rune) []byte {
	const hex = "0123456789abcdef"
	return append(b, hex[r>>12&0xf], hex[r>>8&0xf], hex[r>>4&0xf], hex[r&0xf])
}
