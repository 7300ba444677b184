// Package account holds what every bank-account API body of acctkit
// shares: the error model (FieldError, ValidationError, Path, Collector,
// the RFC 9457 Problem), the strict JSON decoder (Decode), Optional for
// fields whose absence, null and value differ, NumberString, Date, and
// money in ISO 4217 minor units. The bodies themselves live in one package
// per API:
//
//   - account/artu: ARTU's bank-account sync (seed 000);
//   - account/synctera: Synctera's external accounts and accounts (seeds
//     001 to 003).
//
// Users who want acctkit's identifier checks as validator/v10 tags on
// their own structs import account/validatortags; none of these packages
// imports validator.
//
// # Decoding
//
// Decode reads a request body into one of the API types and reports every
// problem at once, each at its path with a stable code: unknown and
// repeated members, wrong JSON types (by kind, never by content), null or
// "" where the documents allow neither, identifiers that do not parse,
// lists past their cap, and then the type's own rules (its Validate
// method), leaving out rule errors that a decoding error explains. A body
// that is not JSON is a *SyntaxError wrapping ErrMalformed, with its byte
// offset and line:column. See Decode for the scope of the types it reads.
//
// # Errors
//
// Every problem is a FieldError: a JSON-name path ("items[3].clabe", with
// the RFC 6901 form from Pointer), a Code, a message that never carries a
// full account number, IBAN or CLABE, and the underlying error, so that
// errors.Is and errors.As reach the identifier packages' sentinels. A
// *ValidationError lists them all; ProblemFor renders any error of Decode
// as the problem-details body to answer with: 422 with an "errors" member
// for a *ValidationError, 400 for a malformed body.
//
// The codes, the same in every API:
//
//	required         a required member is absent
//	type             the JSON value has the wrong type, null included
//	format           wrong length, characters or shape; an empty string where a value is expected
//	not_supported    well-formed but not allowed: an enum value, a currency not in ISO 4217
//	unknown_country  a well-formed country code that is not assigned (or has no IBAN)
//	checksum         an identifier's check digits do not match
//	unknown_bank     a well-formed identifier of a bank no catalog knows
//	range            a number outside its bounds or out of order with another
//	conflict         disagrees with another member of the same body
//	duplicate        a member given twice, or something that must be unique repeated
//	forbidden        may not be set here, or not to this value
//	too_many         a list past its cap (or a body past the decoder's error cap)
//	unknown_field    a member the document does not define
//	not_found        refers to something that does not exist (the sync planner)
//	invalid          breaks a rule with no more specific code
//
// # Validating values built in Go
//
// Each API type's Validate method checks the same rules on a value built
// in Go, with no allocation when the value is valid: rules build the path
// of each field on the stack (Path) and render it only for a fault
// (Collector). A Go value cannot hold "" apart from absent in a plain
// string field, so that check is the decoder's alone.
//
// # Money
//
// Amounts travel as integers of the currency's minor unit. AmountFromMinor
// and AmountToMinor convert them to and from decimal.Decimal with the
// ISO 4217 exponent (JPY 0, USD 2, KWD 3, CLF 4) of a table generated from
// the SIX list of 2026-01-01; a value finer than the minor unit is an error,
// never rounded.
//
// # Logging
//
// The API types implement slog.LogValuer and log identifiers masked.
package account
