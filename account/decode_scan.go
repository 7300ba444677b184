package account

import (
	"reflect"
	"strconv"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
	"unsafe"
)

// maxDepth bounds nesting, as encoding/json does, so a hostile body cannot
// exhaust the stack.
const maxDepth = 10000

// maxDecodeErrors bounds the problems one body can report: past it, the
// decoder stops, so a body of a million unknown members costs no more
// than one of a hundred.
const maxDecodeErrors = 100

// decoder reads one body in one pass, checking its syntax as it goes.
type decoder struct {
	data []byte
	// str is a copy of the body from strStart on, at least chunkSize
	// bytes or to the end: every string without escapes read there is a
	// substring of it, so most strings cost no allocation of their own,
	// and a body read only in part (a list past its cap) is not copied
	// whole. A decoded string keeps its chunk alive.
	str      string
	strStart int
	// raw is the same for json.RawMessage values, capped slices of it.
	raw      []byte
	rawStart int
	i        int
	errs     Collector
	syntax   *SyntaxError
	stopped  bool // a list cap or the error cap was hit: stop reading
	depth    int
	scratch  []byte // unescaped strings and text values
	// stack holds the path of the value being decoded, root first, in
	// pathLen segments (past maxPathDepth, in deep). They are linked into a
	// Path only to report an error: a Path built per member would escape
	// to the heap through the recursion, and linking them in place would
	// make the decoder point into itself, which moves it to the heap too.
	stack   [maxPathDepth]Path
	deep    []Path
	pathLen int
}

// maxPathDepth is deeper than any body type of this module nests.
const maxPathDepth = 16

// decodeTop decodes the body's one value into p. It reports whether the
// body was read whole (no syntax error, no early stop).
func (d *decoder) decodeTop(s *schema, p unsafe.Pointer) bool {
	d.pathLen = 1 // the root
	d.value(s, p, nil)
	if d.syntax == nil && !d.stopped {
		d.skipSpace()
		if d.i < len(d.data) {
			d.fail("invalid character " + quoteByte(d.data[d.i]) + " after top-level value")
		}
	}
	return d.syntax == nil && !d.stopped
}

func (d *decoder) done() bool { return d.syntax != nil || d.stopped }

func (d *decoder) fail(msg string) {
	if d.syntax == nil {
		d.syntax = newSyntaxError(d.data, d.i, msg, nil)
	}
	d.i = len(d.data)
}

func (d *decoder) failHere() {
	if d.i >= len(d.data) {
		d.fail("unexpected end of JSON input")
		return
	}
	d.fail("invalid character " + quoteByte(d.data[d.i]) + " looking for beginning of value")
}

func quoteByte(c byte) string {
	if c >= 0x20 && c < 0x7f && c != '\'' {
		return "'" + string(rune(c)) + "'"
	}
	return "0x" + strconv.FormatUint(uint64(c), 16)
}

// add records a problem at the current path.
func (d *decoder) add(code, msg string, err error) {
	if d.errs.Len() >= maxDecodeErrors {
		d.errs.Add(Path{}, CodeTooMany, "has more than "+strconv.Itoa(maxDecodeErrors)+" problems; the rest of the body was not read", nil)
		d.stopped = true
		return
	}
	var buf [maxPathDepth]Path
	chain := buf[:]
	if d.pathLen > maxPathDepth {
		chain = make([]Path, d.pathLen)
	}
	for i := range d.pathLen {
		chain[i] = d.segment(i)
		if i > 0 {
			chain[i].parent = &chain[i-1]
		}
	}
	d.errs.Add(chain[d.pathLen-1], code, msg, err)
}

func (d *decoder) segment(i int) Path {
	if i < maxPathDepth {
		return d.stack[i]
	}
	return d.deep[i-maxPathDepth]
}

func (d *decoder) push(seg Path) {
	if d.pathLen < maxPathDepth {
		d.stack[d.pathLen] = seg
	} else {
		d.deep = append(d.deep, seg)
	}
	d.pathLen++
}

func (d *decoder) pop() {
	d.pathLen--
	if d.pathLen >= maxPathDepth {
		d.deep = d.deep[:len(d.deep)-1]
	}
}

func (d *decoder) skipSpace() {
	for d.i < len(d.data) {
		switch d.data[d.i] {
		case ' ', '\t', '\n', '\r':
			d.i++
		default:
			return
		}
	}
}

// peek skips space and returns the next byte, or 0 at the end.
func (d *decoder) peek() byte {
	d.skipSpace()
	if d.i < len(d.data) {
		return d.data[d.i]
	}
	return 0
}

func jsonKindOf(c byte) string {
	switch c {
	case '"':
		return "a string"
	case '{':
		return "an object"
	case '[':
		return "an array"
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	}
	return "a number"
}

// typeError reports a value of the wrong kind, by kind only, and skips it.
func (d *decoder) typeError(s *schema, c byte) {
	d.add(CodeType, "must be "+s.jsonKind()+", got "+jsonKindOf(c), nil)
	d.skipValue()
}

// value decodes the value at d.i into p, of schema s. f is the
// struct field being decoded, or nil for a list element or the body.
func (d *decoder) value(s *schema, p unsafe.Pointer, f *field) {
	c := d.peek()
	if c == 0 {
		d.failHere()
		return
	}
	if c == 'n' {
		if !d.literal("null") {
			return
		}
		switch {
		case s.kind == kOptional:
			// Null is recorded even where it is refused, so that the
			// value keeps its shape (an update item with "id": null is
			// still an update, not a create missing five fields).
			*(*optState)(unsafe.Add(p, s.stateOff)) = optNull
			if f == nil || !f.nullable {
				d.add(CodeType, "must be "+s.jsonKind()+", got null", nil)
			}
		case s.kind == kRaw:
			*(*[]byte)(p) = d.rawSlice(d.i-4, d.i)
		default:
			d.add(CodeType, "must be "+s.jsonKind()+", got null", nil)
		}
		return
	}
	switch s.kind {
	case kOptional:
		before := d.errs.Len()
		d.value(s.elem, unsafe.Add(p, s.valueOff), nil)
		if d.errs.Len() == before && d.syntax == nil {
			*(*optState)(unsafe.Add(p, s.stateOff)) = optValue
		}
	case kString:
		if c != '"' {
			d.typeError(s, c)
			return
		}
		str, ok := d.readString()
		if !ok {
			return
		}
		if str == "" && f != nil && (s.enum || f.nonempty) {
			if s.enum {
				d.add(CodeNotSupported, "must be one of the documented values, not empty: leave the member out instead", nil)
			} else {
				d.add(CodeFormat, "must not be empty: leave the member out instead", nil)
			}
			return
		}
		*(*string)(p) = str
	case kText:
		if c != '"' {
			d.typeError(s, c)
			return
		}
		b, ok := d.readBytes()
		if !ok {
			return
		}
		if len(b) == 0 {
			d.add(CodeFormat, "must not be empty", nil)
			return
		}
		if err := s.unmarshalText(p, b); err != nil {
			code, msg := ClassifyError(err)
			d.add(code, msg, err)
		}
	case kNumberStr:
		switch {
		case c == '"':
			str, ok := d.readString()
			if ok {
				*(*NumberString)(p) = NumberString(str)
			}
		case c == '-' || c >= '0' && c <= '9':
			start := d.i
			whole, ok := d.readNumber()
			if !ok {
				return
			}
			if !whole || d.data[start] == '-' {
				d.add(CodeType, "must be "+s.jsonKind()+", got a number with a sign, fraction or exponent", nil)
				return
			}
			*(*NumberString)(p) = NumberString(d.substr(start, d.i))
		default:
			d.typeError(s, c)
		}
	case kBool:
		switch c {
		case 't':
			if d.literal("true") {
				*(*bool)(p) = true
			}
		case 'f':
			if d.literal("false") {
				*(*bool)(p) = false
			}
		default:
			d.typeError(s, c)
		}
	case kInt64:
		if c != '-' && (c < '0' || c > '9') {
			d.typeError(s, c)
			return
		}
		start := d.i
		whole, ok := d.readNumber()
		if !ok {
			return
		}
		if !whole {
			d.add(CodeType, "must be an integer, got a number with a fraction or exponent", nil)
			return
		}
		n, ok := parseInt64(d.data[start:d.i])
		if !ok {
			d.add(CodeRange, "must fit in a 64-bit integer", nil)
			return
		}
		*(*int64)(p) = n
	case kStruct:
		if c != '{' {
			d.typeError(s, c)
			return
		}
		d.object(s, p)
	case kPointer:
		if c != '{' {
			d.typeError(s, c)
			return
		}
		np := reflect.New(s.elem.typ).UnsafePointer()
		*(*unsafe.Pointer)(p) = np
		d.object(s.elem, np)
	case kSlice:
		if c != '[' {
			d.typeError(s, c)
			return
		}
		max := 0
		if f != nil {
			max = f.max
		}
		d.array(s, p, max)
	case kRawMap:
		if c != '{' {
			d.typeError(s, c)
			return
		}
		d.rawMap(p)
	case kRaw:
		start := d.i
		d.skipValue()
		if d.syntax == nil {
			*(*[]byte)(p) = d.rawSlice(start, d.i)
		}
	}
}

// chunkSize is the least the decoder copies of the body at a time.
const chunkSize = 32 << 10

// substr returns data[start:end] as a string that shares a chunk copy.
func (d *decoder) substr(start, end int) string {
	if start < d.strStart || end > d.strStart+len(d.str) {
		d.strStart = start
		d.str = string(d.data[start:min(len(d.data), max(end, start+chunkSize))])
	}
	return d.str[start-d.strStart : end-d.strStart]
}

// rawSlice returns data[start:end] as a slice of a chunk copy, capped so
// that appending to it cannot overwrite what follows.
func (d *decoder) rawSlice(start, end int) []byte {
	if d.raw == nil || start < d.rawStart || end > d.rawStart+len(d.raw) {
		d.rawStart = start
		d.raw = append([]byte(nil), d.data[start:min(len(d.data), max(end, start+chunkSize))]...)
	}
	return d.raw[start-d.rawStart : end-d.rawStart : end-d.rawStart]
}

// parseInt64 parses a checked JSON integer; ok is false past int64.
func parseInt64(b []byte) (int64, bool) {
	neg := b[0] == '-'
	if neg {
		b = b[1:]
	}
	var n uint64
	for _, c := range b {
		if n > (1<<63)/10 {
			return 0, false
		}
		n = n*10 + uint64(c-'0')
	}
	switch {
	case neg && n <= 1<<63:
		return int64(-n), true
	case !neg && n < 1<<63:
		return int64(n), true
	}
	return 0, false
}

// object decodes a JSON object into the struct at p.
func (d *decoder) object(s *schema, p unsafe.Pointer) {
	if !d.enter() {
		return
	}
	defer d.leave()
	var seen [maxFields / 64]uint64
	d.i++ // '{'
	for first := true; ; first = false {
		key, ok := d.member(first)
		if !ok {
			return
		}
		f := s.field(key)
		switch {
		case f == nil:
			d.push(Path{name: safeKey(key), kind: pathKey})
			d.add(CodeUnknownField, "unknown field "+strconv.Quote(safeKey(key)), nil)
			d.pop()
			d.skipValue()
		case seen[f.index/64]&(1<<(f.index%64)) != 0:
			d.push(Path{name: f.name, kind: pathField})
			d.add(CodeDuplicate, "field "+strconv.Quote(f.name)+" appears more than once", nil)
			d.pop()
			d.skipValue()
		default:
			seen[f.index/64] |= 1 << (f.index % 64)
			d.push(Path{name: f.name, kind: pathField})
			d.value(f.sc, unsafe.Add(p, f.offset), f)
			d.pop()
		}
	}
}

// member steps to the next member of the object being read and reads its
// key and colon; it returns false at the object's end or a syntax error.
func (d *decoder) member(first bool) (string, bool) {
	if first {
		if d.peek() == '}' {
			d.i++
			return "", false
		}
	} else if !d.next('}') {
		return "", false
	}
	if d.peek() != '"' {
		d.fail("invalid character " + d.here() + " looking for beginning of object key string")
		return "", false
	}
	key, ok := d.readString()
	if !ok || !d.colon() {
		return "", false
	}
	return key, true
}

// element steps to the next element of the array being read; it returns
// false at the array's end or a syntax error.
func (d *decoder) element(first bool) bool {
	if first {
		if d.peek() == ']' {
			d.i++
			return false
		}
		return !d.done()
	}
	return d.next(']')
}

// rawMap decodes an object into a map[string]json.RawMessage.
func (d *decoder) rawMap(p unsafe.Pointer) {
	if !d.enter() {
		return
	}
	defer d.leave()
	m := make(map[string][]byte)
	*(*map[string][]byte)(p) = m
	d.i++ // '{'
	for first := true; ; first = false {
		key, ok := d.member(first)
		if !ok {
			return
		}
		d.skipSpace()
		start := d.i
		d.skipValue()
		if d.syntax != nil {
			return
		}
		if _, dup := m[key]; dup {
			d.push(Path{name: safeKey(key), kind: pathKey})
			d.add(CodeDuplicate, "key "+strconv.Quote(safeKey(key))+" appears more than once", nil)
			d.pop()
		} else {
			m[key] = d.rawSlice(start, d.i)
		}
	}
}

// array decodes a JSON array into the slice at p, doubling its backing
// array as it grows. With max > 0, an element past max stops the decoder.
func (d *decoder) array(s *schema, p unsafe.Pointer, max int) {
	if !d.enter() {
		return
	}
	defer d.leave()
	h := (*sliceHeader)(p)
	*h = sliceHeader{data: unsafe.Pointer(&zeroArray)} // [] is empty, not absent
	size := s.elem.typ.Size()
	d.i++ // '['
	for first := true; d.element(first); first = false {
		if max > 0 && h.len == max {
			d.add(CodeTooMany, "has more than "+strconv.Itoa(max)+" items, at most "+strconv.Itoa(max)+" are allowed", nil)
			d.stopped = true
			break
		}
		if h.len == h.cap {
			grow(s.elem.typ, h)
		}
		d.push(Path{index: h.len, kind: pathIndex})
		d.value(s.elem, unsafe.Add(h.data, uintptr(h.len)*size), nil)
		d.pop()
		h.len++
	}
}

// sliceHeader is the layout of every Go slice.
type sliceHeader struct {
	data     unsafe.Pointer
	len, cap int
}

// zeroArray is where empty slices point: any address will do for
// nothing.
var zeroArray [0]uint64

// grow doubles h's backing array (from 1), copying the elements with the
// write barriers their pointers need.
func grow(elem reflect.Type, h *sliceHeader) {
	newCap := max2(1, 2*h.cap)
	arr := reflect.New(reflect.ArrayOf(newCap, elem))
	if h.len > 0 {
		old := reflect.NewAt(reflect.ArrayOf(h.cap, elem), h.data).Elem()
		reflect.Copy(arr.Elem(), old)
	}
	h.data, h.cap = arr.UnsafePointer(), newCap
}

func max2(a, b int) int {
	if a > b {
		return a
	}
	return b
}

func (d *decoder) enter() bool {
	d.depth++
	if d.depth > maxDepth {
		d.fail("exceeded max depth")
		return false
	}
	return true
}

func (d *decoder) leave() { d.depth-- }

func (d *decoder) here() string {
	if d.i >= len(d.data) {
		return "end of input"
	}
	return quoteByte(d.data[d.i])
}

// colon reads the ':' after a key.
func (d *decoder) colon() bool {
	if d.peek() != ':' {
		if d.i >= len(d.data) {
			d.fail("unexpected end of JSON input")
		} else {
			d.fail("invalid character " + d.here() + " after object key")
		}
		return false
	}
	d.i++
	return true
}

// next reads the ',' between members or elements, or the closing byte;
// it reports whether another member or element follows.
func (d *decoder) next(closing byte) bool {
	if d.done() {
		return false
	}
	switch d.peek() {
	case ',':
		d.i++
		return true
	case closing:
		d.i++
		return false
	case 0:
		d.fail("unexpected end of JSON input")
	default:
		if closing == '}' {
			d.fail("invalid character " + d.here() + " after object key:value pair")
		} else {
			d.fail("invalid character " + d.here() + " after array element")
		}
	}
	return false
}

func (d *decoder) literal(lit string) bool {
	if len(d.data)-d.i >= len(lit) && string(d.data[d.i:d.i+len(lit)]) == lit {
		d.i += len(lit)
		return true
	}
	for j := 0; j < len(lit); j++ {
		if d.i >= len(d.data) {
			d.fail("unexpected end of JSON input")
			return false
		}
		if d.data[d.i] != lit[j] {
			d.fail("invalid character " + d.here() + " in literal " + lit)
			return false
		}
		d.i++
	}
	return true
}

// skipValue checks and steps over one value.
func (d *decoder) skipValue() {
	switch c := d.peek(); {
	case c == '"':
		d.skipString()
	case c == '{':
		if !d.enter() {
			return
		}
		d.i++
		for first := true; ; first = false {
			if _, ok := d.member(first); !ok {
				break
			}
			d.skipValue()
		}
		d.leave()
	case c == '[':
		if !d.enter() {
			return
		}
		d.i++
		for first := true; d.element(first); first = false {
			d.skipValue()
		}
		d.leave()
	case c == 't':
		d.literal("true")
	case c == 'f':
		d.literal("false")
	case c == 'n':
		d.literal("null")
	case c == '-' || c >= '0' && c <= '9':
		d.readNumber()
	default:
		d.failHere()
	}
}

// readNumber checks and steps over a number; whole reports that it has
// no fraction and no exponent.
func (d *decoder) readNumber() (whole, ok bool) {
	b, i := d.data, d.i
	if i < len(b) && b[i] == '-' {
		i++
	}
	switch {
	case i < len(b) && b[i] == '0':
		i++
	case i < len(b) && b[i] >= '1' && b[i] <= '9':
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			i++
		}
	default:
		d.i = i
		d.failHere()
		return false, false
	}
	whole = true
	if i < len(b) && b[i] == '.' {
		whole = false
		i++
		if i >= len(b) || b[i] < '0' || b[i] > '9' {
			d.i = i
			d.fail("invalid character " + d.here() + " after decimal point in numeric literal")
			return false, false
		}
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			i++
		}
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		whole = false
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		if i >= len(b) || b[i] < '0' || b[i] > '9' {
			d.i = i
			d.fail("invalid character " + d.here() + " in exponent of numeric literal")
			return false, false
		}
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			i++
		}
	}
	d.i = i
	return whole, true
}

// scanString finds the end of the string literal at d.i (a '"'). It
// returns the index of the closing quote and whether an escape occurs;
// a control character or a bad escape is a syntax error.
func (d *decoder) scanString() (end int, escaped, ok bool) {
	b := d.data
	for i := d.i + 1; i < len(b); i++ {
		// Most bytes of a string need no decision: step over them in a
		// tight loop before the switch.
		for i < len(b) && plainStringByte[b[i]] {
			i++
		}
		if i >= len(b) {
			break
		}
		switch c := b[i]; {
		case c == '"':
			return i, escaped, true
		case c == '\\':
			escaped = true
			i++
			if i >= len(b) {
				break
			}
			switch b[i] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
			case 'u':
				for k := 1; k <= 4; k++ {
					if i+k >= len(b) || !isHex(b[i+k]) {
						d.i = min(i+k, len(b))
						d.fail("invalid character " + d.here() + " in \\u hexadecimal character escape")
						return 0, false, false
					}
				}
				i += 4
			default:
				d.i = i
				d.fail("invalid character " + d.here() + " in string escape code")
				return 0, false, false
			}
		case c < 0x20:
			d.i = i
			d.fail("invalid character " + quoteByte(c) + " in string literal")
			return 0, false, false
		case c >= utf8.RuneSelf:
			// RFC 8259 section 8.1: JSON text is UTF-8. encoding/json
			// would keep U+FFFD instead, so that a stored value differs
			// from what it re-encodes to; refused instead.
			r, size := utf8.DecodeRune(b[i:])
			if r == utf8.RuneError && size == 1 {
				d.i = i
				d.fail("invalid UTF-8")
				return 0, false, false
			}
			i += size - 1
		}
	}
	d.i = len(b)
	d.fail("unexpected end of JSON input")
	return 0, false, false
}

// plainStringByte marks the bytes that stand for themselves inside a JSON
// string: not a quote, a backslash, a control character or part of a
// multi-byte UTF-8 sequence (checked on its own).
var plainStringByte = func() (t [256]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

func (d *decoder) skipString() bool {
	end, _, ok := d.scanString()
	if ok {
		d.i = end + 1
	}
	return ok
}

// readString reads a string literal; without escapes it shares a chunk.
func (d *decoder) readString() (string, bool) {
	start := d.i + 1
	end, escaped, ok := d.scanString()
	if !ok {
		return "", false
	}
	d.i = end + 1
	if !escaped {
		return d.substr(start, end), true
	}
	return string(unescape(d.scratch[:0], d.data[start:end])), true
}

// readBytes is readString for text values: the bytes are only valid until
// the next call.
func (d *decoder) readBytes() ([]byte, bool) {
	start := d.i + 1
	end, escaped, ok := d.scanString()
	if !ok {
		return nil, false
	}
	d.i = end + 1
	if !escaped {
		return d.data[start:end], true
	}
	d.scratch = unescape(d.scratch[:0], d.data[start:end])
	return d.scratch, true
}

// unescape appends the contents of a checked string literal (without its
// quotes) to b, exactly as encoding/json decodes it: a lone UTF-16
// surrogate becomes U+FFFD.
func unescape(b, s []byte) []byte {
	for i := 0; i < len(s); {
		c := s[i]
		if c != '\\' {
			b = append(b, c)
			i++
			continue
		}
		switch s[i+1] {
		case '"', '\\', '/':
			b = append(b, s[i+1])
		case 'b':
			b = append(b, '\b')
		case 'f':
			b = append(b, '\f')
		case 'n':
			b = append(b, '\n')
		case 'r':
			b = append(b, '\r')
		case 't':
			b = append(b, '\t')
		case 'u':
			r := hex4(s[i+2:])
			i += 6
			if utf16.IsSurrogate(r) {
				if i+6 <= len(s) && s[i] == '\\' && s[i+1] == 'u' {
					if dec := utf16.DecodeRune(r, hex4(s[i+2:])); dec != unicode.ReplacementChar {
						b = utf8.AppendRune(b, dec)
						i += 6
						continue
					}
				}
				r = unicode.ReplacementChar
			}
			b = utf8.AppendRune(b, r)
			continue
		}
		i += 2
	}
	return b
}

func hex4(s []byte) rune {
	var r rune
	for _, c := range s[:4] {
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'a' && c <= 'f':
			c = c - 'a' + 10
		default:
			c = c - 'A' + 10
		}
		r = r<<4 | rune(c)
	}
	return r
}
