package idempotency_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/acctkit/acctkit/idempotency"
)

func TestResponseBinaryRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		in := idempotency.Response{
			Status: rapid.IntRange(100, 999).Draw(t, "status"),
			Body:   rapid.SliceOf(rapid.Byte()).Draw(t, "body"),
		}
		if names := rapid.SliceOfDistinct(rapid.StringMatching(`[A-Z][a-z-]{0,8}`), rapid.ID).Draw(t, "names"); len(names) > 0 {
			in.Header = http.Header{}
			for _, n := range names {
				in.Header[n] = rapid.SliceOf(rapid.String()).Draw(t, n)
			}
		}
		b, err := in.MarshalBinary()
		require.NoError(t, err)
		var out idempotency.Response
		require.NoError(t, out.UnmarshalBinary(b))
		assert.Equal(t, in.Status, out.Status)
		assert.Equal(t, string(in.Body), string(out.Body))
		require.Len(t, out.Header, len(in.Header))
		for k, v := range in.Header {
			if len(v) == 0 {
				assert.Empty(t, out.Header[k])
			} else {
				assert.Equal(t, v, out.Header[k])
			}
		}
		again, err := out.MarshalBinary()
		require.NoError(t, err)
		assert.Equal(t, b, again, "the encoding is deterministic")

		// Every strict prefix is rejected, and so is a trailing byte.
		cut := rapid.IntRange(0, len(b)-1).Draw(t, "cut")
		require.Error(t, out.UnmarshalBinary(b[:cut]))
		require.Error(t, out.UnmarshalBinary(append(b[:len(b):len(b)], 0)))
	})
}

func TestResponseUnmarshalBinaryErrors(t *testing.T) {
	good, err := idempotency.Response{Status: 201, Header: http.Header{"A": {"b"}}, Body: []byte("x")}.MarshalBinary()
	require.NoError(t, err)
	for _, tc := range []struct {
		in   []byte
		want string
	}{
		{nil, "idempotency: decode response: truncated"},
		{[]byte{2, 200, 1, 0, 0}, "idempotency: decode response: unknown encoding version 2"},
		{[]byte{1, 0xe8, 0x07, 0, 0}, "idempotency: decode response: status 1000 out of range"},
		{[]byte{1, 200, 1, 0xff, 0xff, 0xff, 0xff, 0x0f}, "idempotency: decode response: truncated"},
		{append(good[:len(good):len(good)], 9, 9), "idempotency: decode response: 2 trailing bytes"},
	} {
		r := idempotency.Response{Status: 7}
		err := r.UnmarshalBinary(tc.in)
		require.EqualError(t, err, tc.want, "%x", tc.in)
		assert.Equal(t, 7, r.Status, "left unchanged on error")
	}
	_, err = idempotency.Response{Status: -1}.MarshalBinary()
	require.EqualError(t, err, "idempotency: encode response: status -1 out of range 0-999")
	_, err = idempotency.Response{Status: 1000}.MarshalBinary()
	require.EqualError(t, err, "idempotency: encode response: status 1000 out of range 0-999")
}
