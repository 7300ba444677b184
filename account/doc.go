// Package account holds the Go types of the bank-account API bodies acctkit
// implements, the domain rules that make them valid, and one error model for
// all of them:
//
//   - ARTU's POST /clients/{clientId}/bank-accounts/sync: BankAccount (the
//     record), SyncRequest with its SyncItem (one type for both shapes: a
//     create has no id; an update or delete has one), and SyncResponse.
//   - Synctera's POST /v0/external_accounts (ExternalAccountRequest,
//     ExternalAccount), PATCH /v0/external_accounts/{id}
//     (ExternalAccountPatch, applied with Apply under RFC 7396 merge-patch
//     rules), and POST /v0/accounts (SyncteraAccountRequest,
//     SyncteraAccount).
//
// JSON names are exactly those of the API documents. Identifier fields are
// the value types of packages iban, clabe and routing, so a decoded value
// holds only well-formed identifiers. Fields that an update or a patch may
// leave out, set to null or set to a zero value are Optional, which keeps
// the three apart.
//
// # Decoding and validating
//
// Decode is the entry point for a request body: it decodes the JSON,
// reports every unknown field, repeated key, wrong JSON type and bad
// identifier at its path, runs the type's Validate method, and returns all
// problems together. Each type's Validate method checks the domain rules
// (required fields, enums, ISO 3166 countries and ISO 4217 currencies,
// check digits, cross-field rules such as "exactly one of business_id and
// customer_id" or a CLABE that must match codigoBanco) on values built in
// Go as well.
//
// # Errors
//
// Validation reports every problem at once as a *ValidationError: a list
// of FieldError values, each with a JSON-name path ("items[3].clabe", with
// an RFC 6901 form from Pointer), a stable Code, a message that never
// carries a full account number, IBAN or CLABE, and the underlying error.
// errors.Is and errors.As see through it to the identifier packages'
// sentinels. (*ValidationError).Problem renders the RFC 9457
// problem-details body of an HTTP 422 response. Malformed JSON is an error
// wrapping ErrMalformed instead (an HTTP 400).
//
// # Money
//
// Amounts travel as integers of the currency's minor unit. AmountFromMinor
// and AmountToMinor convert them to and from decimal.Decimal with the
// ISO 4217 exponent (JPY 0, USD 2, KWD 3, CLF 4) of a table generated from
// the SIX list of 2026-01-01; a value finer than the minor unit is an error,
// never rounded.
//
// # Your own structs
//
// RegisterValidations adds the tags iban, clabe, aba, bic and ca_routing to
// a validator/v10 instance, for structs of your own.
//
// # Logging
//
// The account types implement slog.LogValuer and log identifiers masked.
package account
