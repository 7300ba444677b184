package privacy_test

import (
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/acctkit/acctkit/privacy"
)

type order struct {
	ID    string
	Items []string
	Total float64
}

// The no-identifier record: what most log lines are.
func logPlain(l *slog.Logger) {
	l.Info("request done", "method", "POST", "path", "/v0/external_accounts", "status", 201,
		"duration", 1500*time.Microsecond, "order", order{"o-1", []string{"a", "b"}, 9.5}, "retry", false)
}

// The same record with identifiers nested in it.
func logIdentifiers(l *slog.Logger) {
	l.Info("request done", "method", "POST", "path", "/v0/external_accounts", "status", 201,
		"duration", 1500*time.Microsecond, "payout", payout{To: testIBAN, Amount: 5, Bank: testABA},
		"clabes", map[string]any{"from": testCLABE})
}

func BenchmarkHandler(b *testing.B) {
	for _, c := range []struct {
		name string
		log  func(*slog.Logger)
	}{{"plain", logPlain}, {"identifiers", logIdentifiers}} {
		for _, wrap := range []bool{false, true} {
			h := slog.Handler(slog.NewJSONHandler(io.Discard, nil))
			name := c.name + "/json"
			if wrap {
				h = privacy.NewHandler(h)
				name += "+privacy"
			}
			l := slog.New(h)
			b.Run(name, func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					c.log(l)
				}
			})
		}
	}
}
