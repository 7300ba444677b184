package privacy_test

import (
	"log/slog"
	"os"

	"github.com/acctkit/acctkit/clabe"
	"github.com/acctkit/acctkit/iban"
	"github.com/acctkit/acctkit/privacy"
)

func ExampleNewHandler() {
	type Payout struct {
		To     iban.IBAN
		Amount int
	}
	removeTime := func(groups []string, a slog.Attr) slog.Attr {
		if a.Key == slog.TimeKey && len(groups) == 0 {
			return slog.Attr{}
		}
		return a
	}
	log := slog.New(privacy.NewHandler(slog.NewJSONHandler(os.Stdout, &slog.HandlerOptions{ReplaceAttr: removeTime})))
	to := iban.MustParse("DE89370400440532013000")
	log.Info("nested", "payout", Payout{To: to, Amount: 5})
	log.Info("slice", "list", []clabe.CLABE{clabe.MustParse("002010077777777771")})
	// Output:
	// {"level":"INFO","msg":"nested","payout":{"To":"DE89**************3000","Amount":5}}
	// {"level":"INFO","msg":"slice","list":["**************7771"]}
}
