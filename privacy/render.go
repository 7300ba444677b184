package privacy

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// object is a masked struct or map: its fields in order. It encodes as a
// JSON object for slog.JSONHandler and as {name:value ...}, like fmt's
// %+v, for slog.TextHandler (through MarshalText) and fmt.
type object []field

type field struct {
	name  string
	value any
}

// list is a masked slice or array.
type list []any

func (o object) MarshalJSON() ([]byte, error) {
	return encodeJSON('{', '}', len(o), func(b *bytes.Buffer, i int) error {
		k, err := json.Marshal(o[i].name)
		if err != nil {
			return err
		}
		b.Write(k)
		b.WriteByte(':')
		return appendJSON(b, o[i].value)
	})
}

func (l list) MarshalJSON() ([]byte, error) {
	return encodeJSON('[', ']', len(l), func(b *bytes.Buffer, i int) error { return appendJSON(b, l[i]) })
}

// encodeJSON writes n items between open and close, comma-separated.
func encodeJSON(open, close byte, n int, item func(*bytes.Buffer, int) error) ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte(open)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		if err := item(&b, i); err != nil {
			return nil, err
		}
	}
	b.WriteByte(close)
	return b.Bytes(), nil
}

func appendJSON(b *bytes.Buffer, v any) error {
	enc := json.NewEncoder(b)
	enc.SetEscapeHTML(false) // as slog.JSONHandler
	if err := enc.Encode(v); err != nil {
		return err
	}
	b.Truncate(b.Len() - 1) // Encode's newline
	return nil
}

func (o object) MarshalText() ([]byte, error) { return []byte(o.String()), nil }
func (l list) MarshalText() ([]byte, error)   { return []byte(l.String()), nil }

func (o object) String() string {
	return format('{', '}', len(o), func(i int) string { return fmt.Sprintf("%s:%+v", o[i].name, o[i].value) })
}

func (l list) String() string {
	return format('[', ']', len(l), func(i int) string { return fmt.Sprintf("%+v", l[i]) })
}

// format writes n items between open and close, space-separated, as fmt
// prints structs and slices.
func format(open, close byte, n int, item func(int) string) string {
	var b bytes.Buffer
	b.WriteByte(open)
	for i := range n {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(item(i))
	}
	b.WriteByte(close)
	return b.String()
}
