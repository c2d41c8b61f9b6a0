package p2p

import (
	"context"
	"log/slog"

	"github.com/libp2p/go-libp2p/gologshim"
)

// RouteLibp2pLogs sends libp2p's own log lines, errors only as libp2p does
// by default, to log instead of libp2p's own format on stderr. The events
// of libp2p's dependency injection (fx) are dropped: a host that fails to
// start returns that failure from New, and fx printing it too would put
// lines before the one error a command prints (a p2p port in use).
//
// libp2p keeps the handler process-wide: a command calls this once, before
// it starts a host.
func RouteLibp2pLogs(log *slog.Logger) {
	gologshim.SetDefaultHandler(libp2pHandler{next: log.With("service", "libp2p").Handler()})
}

// libp2pHandler passes on libp2p's records at error level, except fx's.
type libp2pHandler struct {
	next slog.Handler
	fx   bool // the logger of fx events: drop everything
}

func (h libp2pHandler) Enabled(ctx context.Context, l slog.Level) bool {
	return !h.fx && l >= slog.LevelError && h.next.Enabled(ctx, l)
}

func (h libp2pHandler) Handle(ctx context.Context, r slog.Record) error {
	if !h.Enabled(ctx, r.Level) {
		return nil
	}
	return h.next.Handle(ctx, r)
}

func (h libp2pHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	fx := h.fx
	for _, a := range attrs {
		// libp2p names fx's logger with system=fx.
		if a.Key == "system" && a.Value.String() == "fx" {
			fx = true
		}
	}
	return libp2pHandler{next: h.next.WithAttrs(attrs), fx: fx}
}

func (h libp2pHandler) WithGroup(name string) slog.Handler {
	return libp2pHandler{next: h.next.WithGroup(name), fx: h.fx}
}
