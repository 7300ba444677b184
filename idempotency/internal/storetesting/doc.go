// Package storetesting holds the test drivers that pgstore's and
// redisstore's tests share: the middleware run through server outages, the
// two-process claim race, the Claim+Complete benchmark and small helpers.
// Each is parameterised by what differs between the stores (how to build a
// store, bounce its server, count its round trips); only tests import it.
package storetesting
