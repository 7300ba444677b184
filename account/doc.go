// Package account holds the Go types of the bank-account API bodies acctkit
// implements (ARTU's bank-account sync, Synctera's external accounts and
// accounts), the domain rules that make them valid, and one error model for
// all of them.
//
// # Errors
//
// Validation reports every problem at once as a *ValidationError: a list
// of FieldError values, each with a JSON-name path ("items[3].clabe"), a
// stable Code, a message that never carries a full account number, and the
// underlying error. errors.Is and errors.As see through it to the
// identifier packages' sentinels. (*ValidationError).Problem renders the
// RFC 9457 problem-details body of an HTTP 422 response.
package account
