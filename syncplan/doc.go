// Package syncplan computes what the ARTU bank-account sync
// (POST /clients/{clientId}/bank-accounts/sync) must do: given the client
// id, the client's existing accounts and a decoded artu.SyncRequest,
// Compute returns a Plan of creates, updates and deletes, or an
// *account.ValidationError that lists every bad item.
//
// Compute is a pure function. It does no I/O and owns no clock or random
// source: Options.Now and Options.NewID supply them, and default to
// time.Now and random version 4 UUIDs (crypto/rand), which makes the
// defaults non-deterministic; tests set both. With them fixed, the same
// arguments give the same Plan, whatever the order of the existing
// accounts. The caller applies the plan in its own transaction; Apply does
// it on a slice, for tests and small users.
//
// # Rules
//
// The request is all or nothing, and every problem is reported, item by
// item in request order, as an account.FieldError with a path and a code:
//
//	items                      too_many   more than artu.MaxSyncItems items (the only error then)
//	items                      required   "items" absent or null; an empty list is valid
//	replaceMode                type       null
//	items[i].<field>           ...        account's rules for the item (SyncItem.ValidateAt) and, for
//	                                      an update, for the record it leaves (problems the stored
//	                                      record already had are not reported)
//	items[i]._delete           forbidden  "_delete" on an item without "id"
//	items[i].clientId          forbidden  not the client id of the path (create or update)
//	items[i].id                not_found  no account of this client has the id; the same error for
//	                                      another client's id, so no answer reveals one
//	items[i].id                duplicate  the id of an earlier item
//	items[i].accountNumber     duplicate  the account (natural key) already exists, or an earlier
//	items[i].clabe                        item brings it (clabe when the item gives the CLABE there)
//	items[i].externalId        duplicate  another account of the client keeps or gets the externalId
//	items[i].isPrimary         conflict   more than one item sets isPrimary to true (every one of
//	                                      them), or it makes an inactive account primary
//	items[i].isActive          conflict   it leaves the primary account inactive
//
// An item with "id" updates that account: only the fields present change.
// With "_delete": true it deletes it, and its other fields are ignored. An
// item without "id" creates an account, with account's defaults (type
// checking; isActive true and isPrimary false unless given) and a new id,
// createdAt and updatedAt; "_delete" on it, whatever its value, is an
// error of its own, and the rest of the item is checked as a create. An
// update bumps updatedAt; one that changes nothing once normalized
// (artu.BankAccount.Normalize) is Unchanged and bumps nothing, and the
// Fields of one that changes something include the defaults it fills in.
// Ids compare ignoring ASCII case, as UUIDs do.
//
// With "replaceMode": true, every account of the client that no item names
// is deleted. With Options.MatchExisting, a create item that describes an
// existing account (same externalId, else same natural key) names it: it
// becomes an update with reason MatchedExisting, changing only the fields
// it gives.
//
// At most one account is primary after the plan, and it is active: every
// item that makes an account primary or sets isActive is checked for
// that, also one that breaks other rules, so that a client hears of every
// problem of an item at once. An item that sets
// isPrimary demotes every other primary (an Update with reason
// PrimaryDemoted, or folded into the update of an account an item names).
// Deleting the primary leaves none: nothing is promoted.
//
// Accounts of other clients in the existing slice are ignored: never
// changed, never matched, and they matter to a plan only when one holds an
// id the plan creates. Accounts the store already holds twice by natural
// key or externalId are left as they are; only what a request brings is
// checked.
//
// # Natural key
//
// Two records are the same bank account when their natural keys are equal.
// A Mexican account with a CLABE (in clabe, or an accountNumber that is
// one) is its CLABE. Any other account is its country, its bank (the bank
// code when there is one, else the bank name) and its account number, the
// three normalized: ASCII letters upper-cased, ASCII white space, hyphens
// and dots removed; other bytes, accented letters included, are kept. An
// account with a bank code and one with only a bank name never match.
//
// # The Plan
//
// A Plan lists Changes in a canonical order: creates in request order;
// updates in request order, then demotions in id order; deletes in request
// order, then replaceMode deletions in id order; unchanged accounts in
// request order. Each has an Action, a Reason, the item it comes from (or
// NoItem), the record Before and After, and for an update the names of the
// fields it changes. Plans are plain values: compare them with
// reflect.DeepEqual; they encode to JSON.
//
// To build a request in Go, CreateItem, UpdateItem and DeleteItem make
// items from records. ItemIndex tells which item a reported problem is
// about, without parsing its path.
//
// Response renders the sync's response body {created, updated, deleted}.
// WriteTo and String print the plan for people, Terraform-like, with
// account numbers masked; Summary is its last line,
// "Plan: 2 to create, 1 to update, 3 to delete, 4 unchanged".
//
// A plan depends on the accounts it acts on, and on a few facts about the
// others, which Plan.Basis names: which accounts hold the natural keys and
// externalIds the items bring or match on, which are primary when an item
// makes one primary, and, in replace mode, all of them. Plan.Fingerprint
// hashes those records and facts as Compute saw them. Verify (and Apply,
// which calls it) gathers them again and refuses, with ErrStale, a plan
// whose basis changed, like a stale Terraform plan; a plan that verifies
// is the plan Compute would give for the accounts as they are (a property
// test checks exactly that). Writes the plan does not depend on, such as
// another account's label or a new account with keys of its own, leave it
// valid, so that a busy client's plan is not refused for nothing, and
// neither Compute nor Verify hashes the accounts a plan does not touch. A
// caller that computes outside its write transaction verifies inside it.
//
// # Cost
//
// Compute reads the existing accounts once (twice when an update changes
// a key to one no create brings), and most accounts cost it a few filter
// probes: time grows linearly with their number, allocations only with the
// number of changes (every account, in replace mode). Two scratch buffers
// (the items' state, a hash per account) are pooled, and cleared when
// given back, so nothing of one call is visible to, or kept alive by, the
// next. Compute and Verify may be called from many goroutines at once;
// neither modifies its arguments, and a Plan shares no map with them: it
// copies the metadata map of each record it carries.
//
// # Errors
//
// Compute returns a *account.ValidationError for a bad request, or an
// error wrapping ErrClientID (the client id is not a UUID), ErrNewID
// (Options.NewID returned an unusable id) or ErrExisting (the store holds
// an id the plan acts on twice). Verify and Apply return errors wrapping
// ErrStale, ErrExisting (an id the plan acts on now occurs twice) or
// ErrNoFingerprint. Fingerprint.UnmarshalText returns errors wrapping
// ErrFingerprintSyntax.
package syncplan
