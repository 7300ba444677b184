package account

import (
	"bytes"
	"encoding/json"
	"errors"
	"log/slog"

	"github.com/acctkit/acctkit/internal/mask"
)

// NumberString is an account number that a body may send as a JSON string
// or as a JSON integer (Synctera's own PATCH example sends 87654321). It
// holds the digits as text and always encodes as a JSON string. An integer
// is taken digit for digit, never through a float, so no digit is lost; a
// fraction, an exponent or a sign is refused.
type NumberString string

var errNumberString = errors.New("account.NumberString: must be a string or a whole number without sign, fraction or exponent")

// UnmarshalJSON accepts a JSON string, or a JSON number written as a
// non-negative integer without exponent. Its error never quotes the input.
func (n *NumberString) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return errNumberString
		}
		*n = NumberString(s)
		return nil
	}
	if !isDigits(b) {
		return errNumberString
	}
	*n = NumberString(b)
	return nil
}

func isDigits(b []byte) bool {
	if len(b) == 0 {
		return false
	}
	for _, c := range b {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// LogValue logs the number with all but its last four characters masked.
func (n NumberString) LogValue() slog.Value { return slog.StringValue(mask.Last(string(n), 4)) }
