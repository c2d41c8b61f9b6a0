package p2p

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// libp2p's errors reach the node's logger with service=libp2p; its
// lower levels and fx's events do not.
func TestLibp2pHandlerKeepsErrorsButNotFx(t *testing.T) {
	var buf bytes.Buffer
	log := slog.New(libp2pHandler{next: slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{
		ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
			if a.Key == slog.TimeKey {
				return slog.Attr{}
			}
			return a
		}})).With("service", "libp2p").Handler()})
	swarm := log.With("logger", "swarm2")
	swarm.Error("Dial failed", "err", "refused")
	swarm.Warn("Slow peer")
	swarm.Info("Listening")
	fx := log.With("logger", "p2p-config").With("system", "fx")
	fx.Error("OnStart hook failed", "error", "failed to listen on any addresses")
	fx.WithGroup("g").Error("Start failed")
	require.False(t, fx.Enabled(context.Background(), slog.LevelError))
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	require.Equal(t, []string{`level=ERROR msg="Dial failed" service=libp2p logger=swarm2 err=refused`}, lines)
}
