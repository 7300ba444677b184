package account

import (
	"strconv"
	"strings"
)

// Path locates a value inside a body with JSON names, like Kubernetes'
// field.Path: NewPath("items").Index(3).Child("clabe") is "items[3].clabe".
// The zero Path is the root.
//
// A Path is a chain of values, each pointing at its parent, and is turned
// into text only by String: rules build the path of every field they visit
// on the stack and render it only for a fault, so a valid value costs no
// allocation. A Path must not outlive the parents it points to; String
// gives the lasting form.
type Path struct {
	parent *Path
	name   string // field name or map key
	index  int
	kind   pathKind
}

type pathKind uint8

const (
	pathRoot pathKind = iota
	pathField
	pathIndex
	pathKey
)

// NewPath starts a path at a top-level field.
func NewPath(name string) Path { return Path{name: name, kind: pathField} }

// Child returns the path of a named field below p.
func (p *Path) Child(name string) Path { return Path{parent: p, name: name, kind: pathField} }

// Index returns the path of element i of the list at p.
func (p *Path) Index(i int) Path { return Path{parent: p, index: i, kind: pathIndex} }

// Key returns the path of the map entry k at p. Keys that are not plain
// names are quoted: metadata["a.b"].
func (p *Path) Key(k string) Path { return Path{parent: p, name: k, kind: pathKey} }

// IsRoot reports whether p is the root.
func (p Path) IsRoot() bool { return p.kind == pathRoot && p.parent == nil }

// String renders the path: "items[3].clabe", `metadata["a.b"]`; "" for the
// root.
func (p Path) String() string {
	if p.kind == pathRoot && p.parent == nil {
		return ""
	}
	var b strings.Builder
	p.write(&b)
	return b.String()
}

// write appends the parents first, then p. It only reads the chain, so
// the chain can stay on its builders' stacks.
func (p *Path) write(b *strings.Builder) {
	if p.parent != nil {
		p.parent.write(b)
	}
	switch {
	case p.kind == pathRoot:
	case p.kind == pathIndex:
		b.WriteByte('[')
		b.WriteString(strconv.Itoa(p.index))
		b.WriteByte(']')
	case p.kind == pathKey && !isPlainName(p.name):
		b.WriteByte('[')
		b.WriteString(strconv.Quote(p.name))
		b.WriteByte(']')
	default:
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(p.name)
	}
}

func isPlainName(k string) bool {
	if k == "" {
		return false
	}
	for i := 0; i < len(k); i++ {
		c := k[i]
		if !(c == '_' || c == '-' || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z') {
			return false
		}
	}
	return true
}

// pointerEscaper escapes a JSON Pointer reference token (RFC 6901 section
// 3). Built once: a Replacer prepares its tables on first use.
var pointerEscaper = strings.NewReplacer("~", "~0", "/", "~1")

// PathPointer converts a rendered path ("a.b[2].c", `m["x.y"]`) into an
// RFC 6901 JSON Pointer ("/a/b/2/c", "/m/x.y"), escaping "~" and "/".
func PathPointer(path string) string {
	if path == "" {
		return ""
	}
	var b strings.Builder
	seg := func(s string) {
		b.WriteByte('/')
		b.WriteString(pointerEscaper.Replace(s))
	}
	for i := 0; i < len(path); {
		switch path[i] {
		case '.':
			i++
		case '[':
			if i+1 < len(path) && path[i+1] == '"' {
				q, err := strconv.QuotedPrefix(path[i+1:])
				if err == nil {
					k, _ := strconv.Unquote(q)
					seg(k)
					i += 1 + len(q) + 1 // '[' + quoted + ']'
					continue
				}
			}
			end := strings.IndexByte(path[i:], ']')
			if end < 0 {
				seg(path[i+1:])
				return b.String()
			}
			seg(path[i+1 : i+end])
			i += end + 1
		default:
			end := strings.IndexAny(path[i:], ".[")
			if end < 0 {
				seg(path[i:])
				return b.String()
			}
			seg(path[i : i+end])
			i += end
		}
	}
	return b.String()
}
