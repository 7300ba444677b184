package privacy

import (
	"encoding"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"

	"github.com/acctkit/acctkit/clabe"
	"github.com/acctkit/acctkit/iban"
	"github.com/acctkit/acctkit/internal/mask"
)

// scrubbed renders v, a type that prints itself and holds an acctkit
// identifier where the walk cannot reach it, with its own methods, and
// masks every valid IBAN and CLABE in the text. JSON stays JSON: only
// characters inside the values change.
func scrubbed(v reflect.Value) any {
	if v.Kind() == reflect.Pointer && v.IsNil() {
		return nil
	}
	switch x := v.Interface().(type) {
	case json.Marshaler:
		b, err := x.MarshalJSON()
		if err != nil {
			return "!ERROR " + scrubText(err.Error())
		}
		return json.RawMessage(scrubText(string(b)))
	case encoding.TextMarshaler:
		b, err := x.MarshalText()
		if err != nil {
			return "!ERROR " + scrubText(err.Error())
		}
		return scrubText(string(b))
	case error:
		return scrubText(x.Error())
	case fmt.Stringer:
		return scrubText(x.String())
	}
	return scrubText(fmt.Sprintf("%+v", v.Interface()))
}

// scrubText masks every run of ASCII letters and digits in s that is a
// valid IBAN or CLABE, as their Masked methods would.
func scrubText(s string) string {
	var b []byte
	for i := 0; i < len(s); {
		if !isAlnum(s[i]) {
			i++
			continue
		}
		j := i
		for j < len(s) && isAlnum(s[j]) {
			j++
		}
		if m, ok := maskedIdentifier(s[i:j]); ok {
			if b == nil {
				b = []byte(s)
			}
			copy(b[i:j], m)
		}
		i = j
	}
	if b == nil {
		return s
	}
	return string(b)
}

func maskedIdentifier(run string) (string, bool) {
	if len(run) >= iban.MinLength && len(run) <= iban.MaxLength && iban.Validate(strings.ToUpper(run)) == nil {
		return mask.IBAN.Mask(run), true
	}
	if len(run) == clabe.Length && clabe.Validate(run) == nil {
		return mask.Account.Mask(run), true
	}
	return "", false
}

func isAlnum(c byte) bool {
	return '0' <= c && c <= '9' || 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z'
}
