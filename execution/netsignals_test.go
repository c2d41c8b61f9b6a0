package execution

import (
	"context"
	"encoding/json"
	"sync"
	"testing"

	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/ethereum/go-ethereum/rpc"
	"github.com/stretchr/testify/require"
)

// fakeNetwork is a Network whose answers the test sets.
type fakeNetwork struct {
	mu      sync.Mutex
	p       SyncProgress
	syncing bool
	peers   int
}

func (f *fakeNetwork) Syncing() (SyncProgress, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.p, f.syncing
}

func (f *fakeNetwork) PeerCount() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.peers
}

func (f *fakeNetwork) set(p SyncProgress, syncing bool, peers int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.p, f.syncing, f.peers = p, syncing, peers
}

func TestSyncingAndPeerCountComeFromTheNetwork(t *testing.T) {
	net := &fakeNetwork{}
	e := startGeth(t, Config{HTTPAddr: "127.0.0.1:0", Network: net})
	ctx := context.Background()
	rc, err := rpc.DialContext(ctx, e.HTTPEndpoint())
	require.NoError(t, err)
	defer rc.Close()
	cl := ethclient.NewClient(rc)
	raw := func(method string) string {
		t.Helper()
		var out json.RawMessage
		require.NoError(t, rc.CallContext(ctx, &out, method))
		return string(out)
	}

	require.Equal(t, "false", raw("eth_syncing"))
	require.Equal(t, `"0x0"`, raw("net_peerCount"))

	net.set(SyncProgress{Starting: 3, Current: 17, Highest: 250}, true, 5)
	p, err := cl.SyncProgress(ctx)
	require.NoError(t, err)
	require.NotNil(t, p)
	require.Equal(t, uint64(3), p.StartingBlock)
	require.Equal(t, uint64(17), p.CurrentBlock)
	require.Equal(t, uint64(250), p.HighestBlock)
	require.False(t, p.Done())
	// geth's shape: every field of its syncing object, in hex.
	var obj map[string]string
	require.NoError(t, json.Unmarshal([]byte(raw("eth_syncing")), &obj))
	require.Len(t, obj, 3+len(snapSyncFields))
	require.Equal(t, "0xfa", obj["highestBlock"])
	require.Equal(t, "0x0", obj["syncedAccounts"])
	n, err := cl.PeerCount(ctx)
	require.NoError(t, err)
	require.Equal(t, uint64(5), n)

	net.set(SyncProgress{}, false, 5)
	p, err = cl.SyncProgress(ctx)
	require.NoError(t, err)
	require.Nil(t, p, "caught up: false")
	// The rest of the namespaces are geth's.
	require.Equal(t, "true", raw("net_listening"))
	id, err := cl.NetworkID(ctx)
	require.NoError(t, err)
	require.Equal(t, e.ChainConfig().ChainID, id)
}
