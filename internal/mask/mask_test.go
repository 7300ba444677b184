package mask

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestKeepEnds(t *testing.T) {
	tests := []struct {
		in         string
		head, tail int
		want       string
	}{
		{"DE89370400440532013000", 4, 4, "DE89**************3000"},
		{"002010077777777771", 0, 4, "**************7771"},
		{"12345", 0, 4, "*2345"},
		{"1234", 0, 4, "****"},
		{"123", 0, 4, "***"},
		{"12345678", 4, 4, "****5678"},
		{"", 2, 2, ""},
		{"abc", -1, -1, "***"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, KeepEnds(tt.in, tt.head, tt.tail), "KeepEnds(%q, %d, %d)", tt.in, tt.head, tt.tail)
	}
	assert.Equal(t, "******7771", Last("0077777771", 4))
}
