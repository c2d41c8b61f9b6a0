package execution

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/rpc"
	"github.com/stretchr/testify/require"
)

// rpcPost is eth_chainId posted to the HTTP endpoint with the given Host
// header; it returns the status.
func rpcPost(t *testing.T, e *Geth, host string) int {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, e.HTTPEndpoint(), strings.NewReader(`{"jsonrpc":"2.0","id":1,"method":"eth_chainId","params":[]}`))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/json")
	if host != "" {
		req.Host = host
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	return resp.StatusCode
}

// preflight is a CORS preflight from origin; it returns the
// Access-Control-Allow-Origin of the answer.
func preflight(t *testing.T, e *Geth, origin string) string {
	t.Helper()
	req, err := http.NewRequest(http.MethodOptions, e.HTTPEndpoint(), nil)
	require.NoError(t, err)
	req.Header.Set("Origin", origin)
	req.Header.Set("Access-Control-Request-Method", "POST")
	req.Header.Set("Access-Control-Request-Headers", "content-type")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	return resp.Header.Get("Access-Control-Allow-Origin")
}

// wsDial opens a WebSocket to the endpoint with a browser's Origin; it
// returns whether the handshake succeeded.
func wsDial(t *testing.T, e *Geth, origin string) bool {
	t.Helper()
	c, err := rpc.DialOptions(context.Background(), e.WSEndpoint(), rpc.WithHeader("Origin", origin))
	if err != nil {
		return false
	}
	c.Close()
	return true
}

// By default (geth's defaults) the HTTP endpoint serves the Host names
// localhost and IP addresses only, and answers no browser origin; the
// WebSocket endpoint takes no foreign origin either. Configured hosts and
// origins are served.
func TestRPCHostsAndOriginsDefaultToGeths(t *testing.T) {
	def := startGeth(t, Config{HTTPAddr: "127.0.0.1:0", WSAddr: "127.0.0.1:0"}) // WebSocket on the HTTP port
	require.Equal(t, http.StatusForbidden, rpcPost(t, def, "evil.example"))
	require.Equal(t, http.StatusForbidden, rpcPost(t, def, "evil.example:8547"))
	require.Equal(t, http.StatusOK, rpcPost(t, def, "localhost:8547"))
	require.Equal(t, http.StatusOK, rpcPost(t, def, ""), "127.0.0.1, as curl sends it")
	require.Empty(t, preflight(t, def, "https://evil.example"))
	require.False(t, wsDial(t, def, "https://evil.example"))
	require.True(t, wsDial(t, def, "http://localhost:3000"), "geth's default WebSocket origin")
	rc, err := rpc.DialContext(context.Background(), def.WSEndpoint()) // no Origin: not a browser
	require.NoError(t, err)
	rc.Close()

	open := startGeth(t, Config{HTTPAddr: "127.0.0.1:0", WSAddr: "localhost:0", // a WebSocket listener of its own
		HTTPVirtualHosts: []string{"evil.example"}, HTTPCors: []string{"https://evil.example", "http://localhost:*"}})
	require.Equal(t, http.StatusOK, rpcPost(t, open, "evil.example"))
	require.Equal(t, http.StatusForbidden, rpcPost(t, open, "localhost"), "the configured list replaces the default")
	require.Equal(t, "https://evil.example", preflight(t, open, "https://evil.example"))
	require.Equal(t, "http://localhost:5173", preflight(t, open, "http://localhost:5173"))
	require.Empty(t, preflight(t, open, "https://other.example"))
	require.True(t, wsDial(t, open, "https://evil.example"))
	require.True(t, wsDial(t, open, "http://localhost:5173"), "a * port is any port")
	require.False(t, wsDial(t, open, "https://other.example"))
}
