package idempotency

import (
	"encoding/binary"
	"errors"
	"fmt"
	"net/http"
	"slices"
)

// responseEncodingV1 leads every encoded Response so the format can change
// without misreading records written by an older release.
const responseEncodingV1 = 1

// AppendBinary appends the binary encoding of r to b: a version byte, the
// status, the headers in sorted order and the body, each length-prefixed.
// Stores that keep a Response as one blob (a bytea column, a Redis string)
// use it so every store round-trips responses identically.
func (r Response) AppendBinary(b []byte) ([]byte, error) {
	// The same bound as UnmarshalBinary: a record that could be written
	// but never read back would fail every later claim of its key.
	if r.Status < 0 || r.Status > maxStatus {
		return nil, fmt.Errorf("idempotency: encode response: status %d out of range 0-%d", r.Status, maxStatus)
	}
	b = append(b, responseEncodingV1)
	b = binary.AppendUvarint(b, uint64(r.Status))
	names := make([]string, 0, len(r.Header))
	for name := range r.Header {
		names = append(names, name)
	}
	slices.Sort(names)
	b = binary.AppendUvarint(b, uint64(len(names)))
	for _, name := range names {
		b = appendBytes(b, name)
		values := r.Header[name]
		b = binary.AppendUvarint(b, uint64(len(values)))
		for _, v := range values {
			b = appendBytes(b, v)
		}
	}
	return appendBytes(b, string(r.Body)), nil
}

// maxStatus is the largest status code the encoding holds: HTTP status
// codes have three digits.
const maxStatus = 999

// MarshalBinary returns the encoding described at [Response.AppendBinary].
func (r Response) MarshalBinary() ([]byte, error) {
	return r.AppendBinary(make([]byte, 0, 16+len(r.Body)))
}

// UnmarshalBinary decodes what [Response.MarshalBinary] produced. It rejects
// an unknown version, a truncated input and trailing bytes, and leaves r
// unchanged on error. The body is copied, so data may be reused.
func (r *Response) UnmarshalBinary(data []byte) error {
	d := decoder{data: data}
	if v := d.byte(); d.err == nil && v != responseEncodingV1 {
		return fmt.Errorf("idempotency: decode response: unknown encoding version %d", v)
	}
	status := d.uvarint()
	if status > maxStatus && d.err == nil {
		d.err = fmt.Errorf("status %d out of range", status)
	}
	n := d.count()
	var header http.Header
	if n > 0 {
		header = make(http.Header, n)
	}
	for i := 0; i < n && d.err == nil; i++ {
		name := d.string()
		values := make([]string, d.count())
		for j := range values {
			values[j] = d.string()
		}
		header[name] = values
	}
	body := d.bytes()
	if d.err == nil && len(d.data) > 0 {
		d.err = fmt.Errorf("%d trailing bytes", len(d.data))
	}
	if d.err != nil {
		return fmt.Errorf("idempotency: decode response: %w", d.err)
	}
	*r = Response{Status: int(status), Header: header, Body: body}
	return nil
}

func appendBytes(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

var errTruncated = errors.New("truncated")

// decoder reads length-prefixed fields; after the first error every read
// returns a zero value, so callers check err once.
type decoder struct {
	data []byte
	err  error
}

func (d *decoder) byte() byte {
	if d.err != nil {
		return 0
	}
	if len(d.data) == 0 {
		d.err = errTruncated
		return 0
	}
	c := d.data[0]
	d.data = d.data[1:]
	return c
}

func (d *decoder) uvarint() uint64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Uvarint(d.data)
	if n <= 0 {
		d.err = errTruncated
		return 0
	}
	d.data = d.data[n:]
	return v
}

// count reads a length that must fit in what is left, one byte per item at
// least, which bounds every allocation by the input size.
func (d *decoder) count() int {
	v := d.uvarint()
	if d.err == nil && v > uint64(len(d.data)) {
		d.err = errTruncated
		return 0
	}
	return int(v)
}

func (d *decoder) bytes() []byte {
	n := d.count()
	if d.err != nil || n == 0 {
		return nil
	}
	b := append([]byte(nil), d.data[:n]...)
	d.data = d.data[n:]
	return b
}

func (d *decoder) string() string {
	n := d.count()
	if d.err != nil {
		return ""
	}
	s := string(d.data[:n])
	d.data = d.data[n:]
	return s
}
