package account

import (
	"bytes"
	"encoding/json"
	"log/slog"
)

type optState uint8

const (
	optAbsent optState = iota
	optNull
	optValue
)

// Optional holds a field that may be absent, present as JSON null, or
// present with a value. Update items and PATCH bodies need all three: an
// update that sets isPrimary to false is not one that leaves it alone, and
// (RFC 7396) null clears a field while absence keeps it.
//
// Tag Optional fields `json:"name,omitzero"` so an absent field is not
// encoded. The zero Optional is absent.
type Optional[T any] struct {
	value T
	state optState
}

// Some returns an Optional holding v.
func Some[T any](v T) Optional[T] { return Optional[T]{value: v, state: optValue} }

// Null returns an Optional that is present as JSON null.
func Null[T any]() Optional[T] { return Optional[T]{state: optNull} }

// IsSet reports whether the field was present, with a value or null.
func (o Optional[T]) IsSet() bool { return o.state != optAbsent }

// IsNull reports whether the field was present as null.
func (o Optional[T]) IsNull() bool { return o.state == optNull }

// IsZero reports whether the field is absent; encoding/json's omitzero
// uses it.
func (o Optional[T]) IsZero() bool { return o.state == optAbsent }

// Get returns the value and true when the field holds one.
func (o Optional[T]) Get() (T, bool) { return o.value, o.state == optValue }

// MarshalJSON encodes the value, or null. Absent fields are left out by
// omitzero; encoded on their own they are null too.
func (o Optional[T]) MarshalJSON() ([]byte, error) {
	if o.state != optValue {
		return []byte("null"), nil
	}
	return json.Marshal(o.value)
}

// UnmarshalJSON records presence: null, or a value decoded into T.
func (o *Optional[T]) UnmarshalJSON(b []byte) error {
	if bytes.Equal(bytes.TrimSpace(b), []byte("null")) {
		*o = Null[T]()
		return nil
	}
	var v T
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*o = Some(v)
	return nil
}

// LogValue logs the value (resolved in turn if it is a slog.LogValuer, so
// a masked identifier stays masked), null as nil, and absence as an empty
// group, which handlers leave out.
func (o Optional[T]) LogValue() slog.Value {
	switch o.state {
	case optValue:
		return slog.AnyValue(o.value)
	case optNull:
		return slog.AnyValue(nil)
	}
	return slog.GroupValue()
}

// isOptional marks *Optional[T] for the decoder, which writes the value
// and the state in place.
func (o *Optional[T]) isOptional() {}

// optionalTarget is implemented by *Optional[T] for every T.
type optionalTarget interface{ isOptional() }
