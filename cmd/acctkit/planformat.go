package main

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"regexp"
	"strings"

	"github.com/acctkit/acctkit/clabe"
	"github.com/acctkit/acctkit/iban"
	"github.com/acctkit/acctkit/internal/mask"
	"github.com/acctkit/acctkit/syncplan"
)

// accountKeys are the JSON keys of an account record whose values identify
// an account and are masked in plan output.
var accountKeys = map[string]bool{"accountNumber": true, "clabe": true, "externalId": true}

// maskAccountValue masks one account-identifying value: an IBAN or CLABE
// as its type masks it, anything else down to its last four characters.
func maskAccountValue(s string) string {
	if x, err := iban.Parse(s); err == nil {
		return x.Masked()
	}
	if c, err := clabe.Parse(s); err == nil {
		return c.Masked()
	}
	return mask.Last(s, 4)
}

var markers = map[syncplan.Action]string{
	syncplan.Create: "+", syncplan.Update: "~", syncplan.Delete: "-", syncplan.Unchanged: "=",
}

// writePlan prints a plan like a Terraform plan: one line per change, each
// changed field of an update as "old -> new" (JSON values, account
// identifiers masked), and the summary line. Fields come from the records'
// JSON, so the output follows the wire names.
func writePlan(w io.Writer, p *syncplan.Plan) {
	bw := bufio.NewWriter(w)
	defer bw.Flush()
	for i := range p.Changes {
		c := &p.Changes[i]
		before, after := jsonFields(c.Before), jsonFields(c.After)
		shown := after
		if c.Action == syncplan.Delete {
			shown = before
		}
		fmt.Fprintf(bw, "%s %s %s", markers[c.Action], c.Action, describeRecord(shown))
		if c.Item == syncplan.NoItem {
			fmt.Fprintf(bw, " (%s)\n", c.Reason)
		} else {
			fmt.Fprintf(bw, " (%s, items[%d])\n", c.Reason, c.Item)
		}
		for _, f := range c.Fields {
			fmt.Fprintf(bw, "    %s: %s -> %s\n", f, fieldText(before, f), fieldText(after, f))
		}
	}
	fmt.Fprintln(bw, p.Summary())
}

// jsonFields is the record as its JSON members, raw.
func jsonFields(record any) map[string]json.RawMessage {
	var m map[string]json.RawMessage
	b, err := json.Marshal(record)
	if err == nil {
		err = json.Unmarshal(b, &m)
	}
	if err != nil { // a record of strings, bools, times and JSON: cannot happen
		return map[string]json.RawMessage{}
	}
	return m
}

// fieldText is one member's value for people: JSON, masked where it
// identifies an account, and null when the record leaves it out.
func fieldText(m map[string]json.RawMessage, key string) string {
	raw, ok := m[key]
	if !ok {
		return "null"
	}
	var s string
	if accountKeys[key] && json.Unmarshal(raw, &s) == nil {
		b, _ := json.Marshal(maskAccountValue(s))
		return string(b)
	}
	var out bytes.Buffer
	if json.Compact(&out, raw) != nil {
		return string(raw)
	}
	return out.String()
}

// describeRecord names an account in one line: id, country, quoted bank
// name and masked account number, leaving out what is absent.
func describeRecord(m map[string]json.RawMessage) string {
	var parts []string
	for _, key := range [...]string{"id", "country", "bankName", "accountNumber"} {
		var s string
		if json.Unmarshal(m[key], &s) != nil || s == "" {
			continue
		}
		switch key {
		case "bankName":
			parts = append(parts, fieldText(m, key)) // JSON-quoted, control bytes escaped
		case "accountNumber":
			parts = append(parts, escapeControl(maskAccountValue(s)))
		default:
			parts = append(parts, escapeControl(s))
		}
	}
	return strings.Join(parts, " ")
}

// accountMember matches a JSON member "key": "string" whose key is one of
// accountKeys. An escaped quote inside a string is preceded by a
// backslash, so a string's contents cannot match.
var accountMember = regexp.MustCompile(`"(accountNumber|clabe|externalId)"(\s*:\s*)("(?:[^"\\]|\\.)*")`)

// maskJSONAccounts masks the account-identifying string members of a JSON
// document, keeping everything else (and the order of keys) as it is.
func maskJSONAccounts(doc []byte) []byte {
	return accountMember.ReplaceAllFunc(doc, func(member []byte) []byte {
		sub := accountMember.FindSubmatch(member)
		var s string
		if json.Unmarshal(sub[3], &s) != nil {
			return member
		}
		v, _ := json.Marshal(maskAccountValue(s))
		return []byte(fmt.Sprintf(`"%s"%s%s`, sub[1], sub[2], v))
	})
}

// seededIDs is an Options.NewID that draws version 4 UUIDs from a ChaCha8
// stream keyed by seed: the same seed gives the same ids, in order.
func seededIDs(seed int64) func() string {
	var key [32]byte
	binary.LittleEndian.PutUint64(key[:], uint64(seed))
	r := rand.New(rand.NewChaCha8(key))
	return func() string {
		var u [16]byte
		binary.BigEndian.PutUint64(u[:8], r.Uint64())
		binary.BigEndian.PutUint64(u[8:], r.Uint64())
		u[6] = u[6]&0x0f | 0x40 // version 4
		u[8] = u[8]&0x3f | 0x80 // RFC 9562 variant
		return fmt.Sprintf("%x-%x-%x-%x-%x", u[0:4], u[4:6], u[6:8], u[8:10], u[10:16])
	}
}
