// Package synctera holds the Go types and rules of Synctera's external
// accounts and accounts:
//
//   - POST /v0/external_accounts (seed 001): ExternalAccountRequest, and
//     ExternalAccount as returned;
//   - PATCH /v0/external_accounts/{id} (seed 002): ExternalAccountPatch, a
//     JSON merge patch (RFC 7396) that Apply applies to an ExternalAccount:
//     an absent member is kept, null clears, a value ("" included)
//     replaces and must be valid;
//   - POST /v0/accounts (seed 003): AccountRequest, and Account as
//     returned, with amounts in the minor units of the account's currency.
//
// Decode a body with account.Decode, which also runs Validate. JSON names
// are the documents'. Identifier members are the value types of packages
// iban and routing, so a decoded value holds only well-formed identifiers;
// null is accepted only where a document says a member may be null (the
// response's nickname, verification, and every member of a PATCH).
// Errors are account.FieldError values with the codes of package account.
package synctera
