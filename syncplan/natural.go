package syncplan

import "github.com/acctkit/acctkit/account/artu"

// NaturalKey returns the natural key of a (see the package documentation),
// or "" when it has none: two accounts of a client with the same key are one
// bank account. A store backs the planner's duplicate rule with a unique
// index on it (syncplan/pgsync does). The key holds the account number.
func NaturalKey(a *artu.BankAccount) string { return naturalKey(a) }
