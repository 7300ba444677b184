// Package artu holds the Go types and rules of ARTU's
// POST /clients/{clientId}/bank-accounts/sync (seed 000):
//
//   - BankAccount, the record the response returns in "created" and
//     "updated";
//   - SyncRequest with up to MaxSyncItems SyncItem values (one type for
//     the seed's two item shapes: a create has no id; an update or a
//     delete has one), and SyncResponse.
//
// Decode a body with account.Decode, which also runs Validate; the sync
// planner (package syncplan) then checks what needs the client's stored
// accounts. JSON names are the seed's. Every field of an item is
// account.Optional, so that an update setting isPrimary to false differs
// from one leaving it alone; no field may be null.
//
// The rules (see SyncItem.Validate) are plain Go, each written once:
// required members by shape, UUIDs, ISO 3166-1 countries and ISO 4217
// currencies in upper case, the four account types, and for Mexico the
// CLABE against codigoBanco, codigoPlaza and an 18-digit accountNumber.
// Errors are account.FieldError values with the codes of package account.
package artu
