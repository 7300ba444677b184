package privacy

import (
	"context"
	"log/slog"
)

// NewHandler returns a slog.Handler that masks acctkit identifiers, and
// resolves every slog.LogValuer, wherever they sit in a record's
// attributes, before passing the record to h. See the package
// documentation for what is masked and the limits.
func NewHandler(h slog.Handler) slog.Handler {
	if m, ok := h.(*handler); ok {
		return m
	}
	return &handler{next: h}
}

type handler struct{ next slog.Handler }

func (h *handler) Enabled(ctx context.Context, level slog.Level) bool {
	return h.next.Enabled(ctx, level)
}

func (h *handler) Handle(ctx context.Context, r slog.Record) error {
	clean := true
	r.Attrs(func(a slog.Attr) bool {
		clean = !needsWork(a.Value)
		return clean
	})
	if clean {
		// Most records carry nothing to mask: pass them on as they are.
		return h.next.Handle(ctx, r)
	}
	out := slog.NewRecord(r.Time, r.Level, r.Message, r.PC)
	r.Attrs(func(a slog.Attr) bool {
		out.AddAttrs(maskAttr(a, 0))
		return true
	})
	return h.next.Handle(ctx, out)
}

func (h *handler) WithAttrs(attrs []slog.Attr) slog.Handler {
	masked := make([]slog.Attr, len(attrs))
	for i, a := range attrs {
		masked[i] = maskAttr(a, 0)
	}
	return &handler{next: h.next.WithAttrs(masked)}
}

func (h *handler) WithGroup(name string) slog.Handler {
	return &handler{next: h.next.WithGroup(name)}
}
