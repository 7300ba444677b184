// Package privacy keeps account identifiers out of logs: NewHandler wraps
// any slog.Handler and masks acctkit's identifiers wherever they sit in a
// record.
//
// # Why a handler
//
// Every acctkit identifier implements slog.LogValuer with its masked form,
// but log/slog resolves a LogValuer only when it is an attribute's value.
// The same IBAN as a field of the caller's struct, in a slice or map, or
// behind an any reaches the handler unresolved, and JSON or fmt print it in
// full. NewHandler walks each attribute before the wrapped handler sees it.
//
// # What is masked where
//
// One policy, written once in acctkit's internal mask package, is used by
// every type's Masked method, by its LogValue, by the input parse errors
// show, and by this handler:
//
//	kind                          visible                                example
//	iban.IBAN                     country code, check digits, last four  DE89**************3000
//	clabe.CLABE                   last four digits                       **************7771
//	routing.ABA, BIC, Canadian    everything (public: printed on         011000015, DEUTDEFFXXX
//	                              cheques and in bank directories)
//
// String, MarshalText, JSON and SQL values stay the full wire form: the
// masking applies to what is logged and shown, not to what is sent.
//
// Parse errors (the *ParseError of iban, clabe and routing) show the input
// by the same policy, and an input longer than the identifier, or one with
// more digits in a row than a routing number has, as its head, "..." and
// its last four bytes: an account number pasted into a routing field is
// not echoed. UnmaskedInput returns the input for code that needs it.
//
// The handler, for each attribute (and those given to WithAttrs):
//
//   - resolves every slog.LogValuer it finds, at any depth, and masks what
//     the LogValue returns in turn (acctkit identifiers are LogValuers);
//   - walks struct fields, pointers, slices, arrays, maps (keys too),
//     groups and any-typed values, and rebuilds only the values that hold
//     something to mask: a struct becomes an object with encoding/json's
//     field names (json tags, "-" and omitempty honoured, embedded structs
//     flattened), a map an object sorted by key, a slice a list. The JSON
//     handler prints them as JSON, the text handler as {name:value ...};
//   - a type that prints itself (encoding.TextMarshaler, json.Marshaler,
//     fmt.Stringer) and holds an acctkit identifier in any field, exported
//     or not, is printed with its own method and every valid IBAN and
//     CLABE in the text is masked; so is the text of every error;
//   - passes every other value, and every record with nothing to mask,
//     through untouched. What a type needs is worked out once per type.
//
// # Limits
//
//   - A value already turned into a plain string by the caller
//     (fmt.Sprint(iban), iban.String(), a string field holding an account
//     number) is not recognised: log the identifier itself.
//   - Unexported struct fields are left out of a rebuilt struct, as
//     encoding/json leaves them out; the text handler would have printed
//     them.
//   - Account numbers that are not IBANs or CLABEs (a U.S. account number
//     field) are masked only where acctkit's own types do it (the account
//     package's LogValue methods), not when logged as bare strings.
//   - Rebuilding costs allocations: a record with identifiers inside
//     structures costs about two to three times the wrapped handler; a
//     record with nothing to mask costs about the same as the wrapped
//     handler (BENCHMARKS.md).
package privacy
