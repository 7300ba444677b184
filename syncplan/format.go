package syncplan

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/acctkit/acctkit/account/artu"
	"github.com/acctkit/acctkit/internal/mask"
)

// markers are the line prefixes of WriteTo, as in a Terraform plan.
var markers = map[Action]string{Create: "+", Update: "~", Delete: "-", Unchanged: "="}

// Summary returns the one-line count of the plan, like Terraform's:
// "Plan: 2 to create, 1 to update, 3 to delete, 4 unchanged".
func (p *Plan) Summary() string {
	return fmt.Sprintf("Plan: %d to create, %d to update, %d to delete, %d unchanged",
		p.Count(Create), p.Count(Update), p.Count(Delete), p.Count(Unchanged))
}

// String returns what WriteTo writes, without the final newline.
func (p *Plan) String() string {
	var b strings.Builder
	_, _ = p.WriteTo(&b)
	return strings.TrimSuffix(b.String(), "\n")
}

// WriteTo writes the plan for people, one line per change and then the
// Summary line:
//
//   - create <id> <country> "<bankName>" <accountNumber> (<reason>, items[i])
//     ~ update <id> ... (<reason>)
//     <field>: <old> -> <new>
//   - delete <id> ...
//     = unchanged <id> ...
//
// Account numbers, CLABEs and externalIds show only their last four
// characters; labels, metadata and client ids show only that they
// changed. It implements io.WriterTo.
func (p *Plan) WriteTo(w io.Writer) (int64, error) {
	cw := &countWriter{w: w}
	bw := bufio.NewWriter(cw)
	for i := range p.Changes {
		c := &p.Changes[i]
		a := &c.After
		if c.Action == Delete {
			a = &c.Before
		}
		fmt.Fprintf(bw, "%s %s %s", markers[c.Action], c.Action, describe(a))
		if c.Item == NoItem {
			fmt.Fprintf(bw, " (%s)\n", c.Reason)
		} else {
			fmt.Fprintf(bw, " (%s, items[%d])\n", c.Reason, c.Item)
		}
		for _, f := range c.Fields {
			old, now := fieldValue(&c.Before, f), fieldValue(&c.After, f)
			if old == "" {
				fmt.Fprintf(bw, "    %s: changed\n", f)
			} else {
				fmt.Fprintf(bw, "    %s: %s -> %s\n", f, old, now)
			}
		}
	}
	bw.WriteString(p.Summary())
	bw.WriteByte('\n')
	err := bw.Flush()
	return cw.n, err
}

// describe names an account in one line: id, country, bank name and the
// masked account number, leaving out what is empty.
func describe(a *artu.BankAccount) string {
	parts := make([]string, 0, 4)
	for _, s := range [...]string{a.ID, a.Country, quoteIf(a.BankName), mask.Last(a.AccountNumber, 4)} {
		if s != "" {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, " ")
}

func quoteIf(s string) string {
	if s == "" {
		return ""
	}
	return strconv.Quote(s)
}

// fieldValue renders one field of a for WriteTo, masked where it
// identifies an account, or "" for the free-text fields that are never
// shown.
func fieldValue(a *artu.BankAccount, field string) string {
	switch field {
	case "accountNumber":
		return strconv.Quote(mask.Last(a.AccountNumber, 4))
	case "clabe":
		return strconv.Quote(a.CLABE.Masked())
	case "externalId":
		return strconv.Quote(mask.Last(a.ExternalID, 4))
	case "bankName":
		return strconv.Quote(a.BankName)
	case "bankCode":
		return strconv.Quote(a.BankCode)
	case "country":
		return strconv.Quote(a.Country)
	case "currency":
		return strconv.Quote(a.Currency)
	case "type":
		return strconv.Quote(string(a.Type))
	case "isPrimary":
		return strconv.FormatBool(a.IsPrimary)
	case "isActive":
		return strconv.FormatBool(a.IsActive)
	case "codigoBanco":
		return strconv.Quote(a.CodigoBanco)
	case "codigoPlaza":
		return strconv.Quote(a.CodigoPlaza)
	}
	return "" // clientId, label, metadata
}

type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(b []byte) (int, error) {
	n, err := c.w.Write(b)
	c.n += int64(n)
	return n, err
}
