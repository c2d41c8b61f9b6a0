package main

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/cairn-rollup/cairn/devnet"
)

// The devnet's banner names every endpoint a user needs from outside,
// node 0's p2p address included (what another node's static_peers takes).
func TestDevnetBannerNamesTheEndpoints(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	dir := t.TempDir()
	d, err := devnet.Start(ctx, devnet.Config{DataDir: dir, L1HTTPAddr: "127.0.0.1:0", RPCAddr: "127.0.0.1:0",
		ProverAddr: "127.0.0.1:0", InputsAddr: "127.0.0.1:0", Provers: -1, Market: devnet.Market{Disabled: true},
		Validators: 1}, slog.New(slog.DiscardHandler))
	require.NoError(t, err)
	defer d.Close()
	var b bytes.Buffer
	printBanner(&b, d, dir)
	out := b.String()
	require.Contains(t, out, "L2 JSON-RPC     "+d.Node.RPCEndpoint())
	require.Contains(t, out, "L2 WebSocket    "+d.Node.WSEndpoint())
	require.True(t, strings.HasPrefix(d.Node.WSEndpoint(), "ws://127.0.0.1:"), d.Node.WSEndpoint())
	require.Contains(t, out, "L1 JSON-RPC     "+d.L1URL)
	p2p := d.Node.P2PAddrs()
	require.NotEmpty(t, p2p)
	require.Contains(t, out, "L2 p2p          "+p2p[0])
	require.True(t, strings.HasSuffix(p2p[0], "/p2p/"+d.Node.PeerID()), p2p[0])
	require.Contains(t, out, d.Genesis.Contracts.Bridge.Hex())
}
