// Package routing parses and checks the institution identifiers that route
// a payment: U.S. ABA routing transit numbers (ABA), SWIFT / ISO 9362
// Business Identifier Codes (BIC) and Canadian routing numbers (Canadian).
// They are the ach_routing_number, wire_routing_number, swift_code and
// eft_ca_routing_number fields of Synctera's routing_identifiers object.
//
// # Values
//
// Each type is a small comparable value with unexported fields, built only
// by a parser or constructor, so a non-zero value is always valid. The zero
// value means "absent": it is not a valid identifier, IsZero reports it, it
// encodes as "" in text and JSON and as NULL in SQL, and "" and NULL
// decode to it. Values can be compared with == and used as map keys.
//
// Canonical forms: an ABA is its nine digits; a BIC is its 11-character
// form, so an 8-character BIC and its "XXX" 11-character form are the same
// value (== is true) and both print with XXX; a Canadian routing number
// prints in its electronic form 0IIITTTTT, and its paper (MICR) form
// TTTTT-III parses to the same value.
//
// # Parsing
//
// ParseABA, ParseBIC and ParseCanadian accept only the canonical written
// forms: no spaces, no lower case, ASCII only. ParseABALoose,
// ParseBICLoose and ParseCanadianLoose apply the clean-up every acctkit
// loose parser shares (a leading UTF-8 byte-order mark, ASCII white space,
// '-' and '.' dropped, ASCII letters upper-cased) before the strict rules,
// so "121-000-358" is an ABA number and "00002-003" or "00002 003" a
// Canadian one; ParseBICStrict adds SWIFT's letters-only party prefix.
// Validate functions check without building a value; MustParse functions
// are for tests. ScanABALoose, ScanBICLoose and ScanCanadianLoose read
// legacy SQL columns with the loose rules; the types' Scan stays strict.
// Parsing a valid value does not allocate, rejecting one allocates the
// error only, and the work done is bounded by the longest legal input
// whatever is passed in.
//
// A value that passes is well formed, not known to exist: the ABA, SWIFT
// and Payments Canada directories are not part of this package.
//
// # Errors
//
// Every parse failure is a *ParseError naming the function (Func, without
// the package), the input, the 1-based byte position at fault in the input
// as given (Pos, 0 when the error is about the whole value, such as its
// length; the loose parsers count before their clean-up) and a sentinel
// it unwraps to: ErrLength, ErrCharacter, ErrChecksum, ErrStructure
// (malformed) or ErrPrefix, ErrUnknownCountry (well formed, but naming
// nothing assigned). Its message reads like
//
//	routing.ParseABA("915075033"): check digit is 3, want 6
//
// and its Reason method returns the part after the colon, for showing
// beside the value; UnmaskedInput returns the input as given. Messages
// give positions 1-based too: "'x' at position 9".
//
// Routing numbers and BICs identify institutions, not customers' accounts:
// they are printed on cheques and published in directories. String,
// Masked, slog output and errors therefore show them in full, unlike
// account numbers elsewhere in acctkit. An error's input longer than the
// identifier, or with more digits in a row than a routing number has (an
// account number pasted into the field), is shown as "..." and its last
// four bytes.
package routing
