package main

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/rpc"
	"github.com/stretchr/testify/require"
	"github.com/urfave/cli/v2"

	"github.com/cairn-rollup/cairn/config"
	"github.com/cairn-rollup/cairn/devnet"
	"github.com/cairn-rollup/cairn/node/statuspage"
)

// The devnet's banner names every endpoint a user needs from outside,
// node 0's p2p address included (what another node's static_peers takes),
// and every node's status page.
func TestDevnetBannerNamesTheEndpoints(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	dir := t.TempDir()
	d, err := devnet.Start(ctx, devnet.Config{DataDir: dir, L1HTTPAddr: "127.0.0.1:0", RPCAddr: "127.0.0.1:0",
		ProverAddr: "127.0.0.1:0", InputsAddr: "127.0.0.1:0", Provers: -1, Market: devnet.Market{Disabled: true},
		Validators: 1, FullNodes: 1, MetricsAddr: "127.0.0.1:0", RPCAPI: []string{"eth", "cairn", "debug"}}, slog.New(slog.DiscardHandler))
	require.NoError(t, err)
	defer d.Close()
	var b bytes.Buffer
	printBanner(&b, d, dir)
	out := b.String()
	require.Contains(t, out, "L2 JSON-RPC     "+d.Node.RPCEndpoint())
	require.Contains(t, out, "L2 WebSocket    "+d.Node.WSEndpoint())
	require.True(t, strings.HasPrefix(d.Node.WSEndpoint(), "ws://127.0.0.1:"), d.Node.WSEndpoint())
	require.Contains(t, out, "L1 JSON-RPC     "+d.L1URL)
	require.Contains(t, out, "batch data      in "+d.Genesis.DataAvailability.String())
	p2p := d.Node.P2PAddrs()
	require.NotEmpty(t, p2p)
	require.Contains(t, out, "L2 p2p          "+p2p[0])
	require.True(t, strings.HasSuffix(p2p[0], "/p2p/"+d.Node.PeerID()), p2p[0])
	require.Contains(t, out, d.Genesis.Contracts.Bridge.Hex())
	require.Contains(t, out, "L2 preinstalls  0x4e59b44847b379578588920cA78FbF26c0B4956C   (deterministic deployment proxy")
	require.Contains(t, out, "0xcA11bde05977b3631167028862bE2a173976CA11   (Multicall3)")
	require.Contains(t, out, "eth, cairn, debug; node 0")
	require.Len(t, d.Nodes, 2)
	require.NotEqual(t, d.Nodes[0].MetricsAddr(), d.Nodes[1].MetricsAddr())
	require.Contains(t, out, "status page     http://"+d.Nodes[0].MetricsAddr()+"/   (node 0; ")
	require.Contains(t, out, "                  http://"+d.Nodes[1].MetricsAddr()+"/   (node 1)")
	res, err := http.Get("http://" + d.Nodes[1].MetricsAddr() + "/status.json")
	require.NoError(t, err)
	var page statuspage.Snapshot
	require.NoError(t, json.NewDecoder(res.Body).Decode(&page))
	require.NoError(t, res.Body.Close())
	require.NotContains(t, page.Roles, "validator")
	require.Len(t, page.Consensus.Committee, 1)
	require.Empty(t, page.L1.StatusError)

	// The namespaces asked for are served, and no others.
	rc, err := rpc.DialContext(ctx, d.Node.RPCEndpoint())
	require.NoError(t, err)
	defer rc.Close()
	var raw hexutil.Bytes
	require.NoError(t, rc.CallContext(ctx, &raw, "debug_getRawHeader", "0x0"))
	require.NotEmpty(t, raw)
	var v string
	require.ErrorContains(t, rc.CallContext(ctx, &v, "web3_clientVersion"), "does not exist")

	// Cairn's own chain id, not Hardhat's and Anvil's 31337; a chain
	// resumed with another one asked for is refused.
	var id hexutil.Uint64
	require.NoError(t, rc.CallContext(ctx, &id, "eth_chainId"))
	require.Equal(t, hexutil.Uint64(config.DefaultL2ChainID), id)
	require.Contains(t, out, "chain id 22476;")
	d.Close()
	_, err = devnet.Start(ctx, devnet.Config{DataDir: dir, L1HTTPAddr: "127.0.0.1:0", RPCAddr: "127.0.0.1:0",
		ProverAddr: "127.0.0.1:0", InputsAddr: "127.0.0.1:0", Provers: -1, Market: devnet.Market{Disabled: true},
		Validators: 1, L2ChainID: 777}, slog.New(slog.DiscardHandler))
	require.ErrorContains(t, err, "has L2 chain id 22476, not 777")
}

// --rpc-api (or CAIRN_RPC_API) lists the namespaces every devnet node
// serves, the config's default otherwise; --l2-chain-id sets a new chain's id.
func TestDevnetRPCAPIAndChainIDFlags(t *testing.T) {
	parse := func(env string, args ...string) (*devnet.Config, error) {
		t.Helper()
		t.Setenv("CAIRN_RPC_API", env)
		if env == "" {
			require.NoError(t, os.Unsetenv("CAIRN_RPC_API"))
		}
		var got devnet.Config
		cmd := devnetCommand()
		cmd.Action = func(c *cli.Context) (err error) {
			got, err = devnetConfig(c, t.TempDir())
			return err
		}
		err := (&cli.App{Commands: []*cli.Command{cmd}}).Run(append([]string{"cairn", "devnet"}, args...))
		return &got, err
	}
	cfg, err := parse("")
	require.NoError(t, err)
	require.Equal(t, config.DefaultRPCAPI, cfg.RPCAPI)
	require.Zero(t, cfg.L2ChainID, "the default chain id, or a resumed chain's own")
	cfg, err = parse("", "--rpc-api", "eth, net,cairn,debug")
	require.NoError(t, err)
	require.Equal(t, []string{"eth", "net", "cairn", "debug"}, cfg.RPCAPI)
	cfg, err = parse("eth,debug")
	require.NoError(t, err)
	require.Equal(t, []string{"eth", "debug"}, cfg.RPCAPI)
	cfg, err = parse("eth,debug", "--rpc-api", "eth")
	require.NoError(t, err)
	require.Equal(t, []string{"eth"}, cfg.RPCAPI, "the flag over the environment")
	_, err = parse("", "--rpc-api", "eth,dbg")
	require.ErrorContains(t, err, `--rpc-api has unknown namespace "dbg"`)
	_, err = parse("", "--rpc-api", "")
	require.ErrorContains(t, err, "--rpc-api is empty")

	cfg, err = parse("", "--l2-chain-id", "777")
	require.NoError(t, err)
	require.Equal(t, uint64(777), cfg.L2ChainID)
	_, err = parse("", "--l2-chain-id", "0")
	require.ErrorContains(t, err, "--l2-chain-id must not be 0")
}
