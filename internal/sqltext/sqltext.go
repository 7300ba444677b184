// Package sqltext is the one sql.Scanner body of acctkit's identifier
// types: they are stored as text, and NULL means the zero value.
package sqltext

import "fmt"

// Scan hands set the text of src, "" for NULL; any other type is refused
// by name, because an identifier stored as a number has lost its leading
// zeros. what names the caller and the type for the error:
// "iban.Scan", "an IBAN".
func Scan(src any, what, into string, set func(string) error) error {
	switch v := src.(type) {
	case nil:
		return set("")
	case string:
		return set(v)
	case []byte:
		return set(string(v)) // the driver may reuse v
	}
	return fmt.Errorf("%s: cannot scan %T into %s: store it as text (a string, []byte or NULL)", what, src, into)
}
