package devnet

import (
	"io"
	"log/slog"
	"math/big"
	"net/http"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/stretchr/testify/require"

	"github.com/cairn-rollup/cairn/execution"
)

// The devnet's nodes answer curl-style requests to 127.0.0.1 and
// localhost, and browser pages served from this machine on any port; not
// other host names or origins.
func TestDevnetRPCServesLocalBrowsersAndCurl(t *testing.T) {
	d := &Devnet{cfg: Config{RPCAddr: "127.0.0.1:0", DataDir: t.TempDir()}}
	c := d.nodeConfig(1, nil)
	// As node.New passes rpc.* to the engine (without the cairn namespace,
	// which the node registers).
	e, err := execution.New(execution.Config{HTTPAddr: c.RPC.HTTPAddr, WSAddr: c.RPC.WSAddr, HTTPModules: []string{"eth", "net", "web3"},
		HTTPCors: c.RPC.CorsDomains, HTTPVirtualHosts: c.RPC.VHosts,
		Genesis: execution.NewGenesis(execution.GenesisParams{ChainID: 4242, Accounts: map[common.Address]*big.Int{}})}, slog.New(slog.DiscardHandler))
	require.NoError(t, err)
	require.NoError(t, e.Start())
	t.Cleanup(func() { _ = e.Close() })

	do := func(method, host, origin string) (int, string, string) {
		req, err := http.NewRequest(method, e.HTTPEndpoint(), strings.NewReader(`{"jsonrpc":"2.0","id":1,"method":"eth_chainId","params":[]}`))
		require.NoError(t, err)
		req.Header.Set("Content-Type", "application/json")
		if host != "" {
			req.Host = host
		}
		if origin != "" {
			req.Header.Set("Origin", origin)
			req.Header.Set("Access-Control-Request-Method", "POST")
			req.Header.Set("Access-Control-Request-Headers", "content-type")
		}
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		defer resp.Body.Close()
		body, err := io.ReadAll(resp.Body)
		require.NoError(t, err)
		return resp.StatusCode, resp.Header.Get("Access-Control-Allow-Origin"), string(body)
	}
	status, _, body := do(http.MethodPost, "", "") // curl http://127.0.0.1:port
	require.Equal(t, http.StatusOK, status)
	require.Contains(t, body, `"result":"0x1092"`)
	status, _, _ = do(http.MethodPost, "localhost:8547", "")
	require.Equal(t, http.StatusOK, status)
	status, _, _ = do(http.MethodPost, "evil.example", "")
	require.Equal(t, http.StatusForbidden, status)
	for _, o := range []string{"http://localhost:3000", "http://127.0.0.1:5173"} {
		_, allow, _ := do(http.MethodOptions, "", o)
		require.Equal(t, o, allow)
	}
	_, allow, _ := do(http.MethodOptions, "", "https://evil.example")
	require.Empty(t, allow)
}
