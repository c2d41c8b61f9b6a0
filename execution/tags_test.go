package execution

import (
	"context"
	"math/big"
	"runtime"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/ethereum/go-ethereum/rpc"
	"github.com/stretchr/testify/require"
)

func TestSafeAndFinalizedMoveOnlyWhenSet(t *testing.T) {
	e := startGeth(t, Config{HTTPAddr: "127.0.0.1:0"})
	ctx := context.Background()
	cl, err := ethclient.DialContext(ctx, e.HTTPEndpoint())
	require.NoError(t, err)
	defer cl.Close()
	tag := func(n rpc.BlockNumber) uint64 {
		t.Helper()
		h, err := cl.HeaderByNumber(ctx, big.NewInt(int64(n)))
		require.NoError(t, err)
		return h.Number.Uint64()
	}
	genesis := e.Head()
	// A fresh chain: genesis is batch 0, committed and verified.
	require.Zero(t, tag(rpc.SafeBlockNumber))
	require.Zero(t, tag(rpc.FinalizedBlockNumber))
	safe, finalized := e.SafeAndFinalized()
	require.Equal(t, [2]uint64{0, 0}, [2]uint64{safe, finalized})

	b1, _ := advance(t, e, nil)
	b2, _ := advance(t, e, nil)
	advance(t, e, nil)
	// The head moved, the tags did not.
	require.Equal(t, uint64(3), tag(rpc.LatestBlockNumber))
	require.Zero(t, tag(rpc.SafeBlockNumber))
	require.Zero(t, tag(rpc.FinalizedBlockNumber))

	require.NoError(t, e.SetSafeAndFinalized(ctx, b2.Hash(), b1.Hash()))
	require.Equal(t, uint64(2), tag(rpc.SafeBlockNumber))
	require.Equal(t, uint64(1), tag(rpc.FinalizedBlockNumber))
	safe, finalized = e.SafeAndFinalized()
	require.Equal(t, [2]uint64{2, 1}, [2]uint64{safe, finalized})

	// A block off the canonical chain is refused.
	side, err := e.BuildBlock(ctx, genesis.Hash(), BuildAttrs{Timestamp: genesis.Time + 7})
	require.NoError(t, err)
	_, err = e.ImportBlock(ctx, side)
	require.NoError(t, err)
	for name, c := range map[string]struct {
		safe, fin common.Hash
		want      string
	}{
		"finalized above safe": {b1.Hash(), b2.Hash(), "above the safe block"},
		"unknown safe":         {common.HexToHash("0x1234"), b1.Hash(), "unknown block"},
		"unknown finalized":    {b2.Hash(), common.HexToHash("0x1234"), "unknown block"},
		"side block":           {side.Hash(), genesis.Hash(), "not canonical"},
	} {
		require.ErrorContains(t, e.SetSafeAndFinalized(ctx, c.safe, c.fin), c.want, name)
	}
	require.Equal(t, uint64(2), tag(rpc.SafeBlockNumber), "a refused call changes nothing")
	require.Equal(t, uint64(1), tag(rpc.FinalizedBlockNumber))

	// Neither tag moves backwards: each lower one stays where it is.
	require.NoError(t, e.SetSafeAndFinalized(ctx, b1.Hash(), genesis.Hash()))
	require.Equal(t, uint64(2), tag(rpc.SafeBlockNumber), "safe moved back")
	require.Equal(t, uint64(1), tag(rpc.FinalizedBlockNumber), "finalized moved back")
	b3 := e.BlockByNumber(3)
	require.NoError(t, e.SetSafeAndFinalized(ctx, b3.Hash(), genesis.Hash()))
	require.Equal(t, uint64(3), tag(rpc.SafeBlockNumber), "safe moves on alone")
	require.Equal(t, uint64(1), tag(rpc.FinalizedBlockNumber), "finalized moved back")
	require.NoError(t, e.SetSafeAndFinalized(ctx, b3.Hash(), b2.Hash()))
	require.Equal(t, uint64(2), tag(rpc.FinalizedBlockNumber))
}

func TestClientVersionNamesCairn(t *testing.T) {
	e := startGeth(t, Config{HTTPAddr: "127.0.0.1:0"})
	c, err := rpc.Dial(e.HTTPEndpoint())
	require.NoError(t, err)
	defer c.Close()
	var v string
	require.NoError(t, c.Call(&v, "web3_clientVersion"))
	parts := strings.Split(v, "/")
	require.Len(t, parts, 4, v)
	require.Equal(t, "cairn", parts[0])
	require.True(t, strings.HasPrefix(parts[1], "v"), v)
	require.Equal(t, runtime.GOOS+"-"+runtime.GOARCH, parts[2])
	require.Equal(t, runtime.Version(), parts[3])
	// The rest of geth's web3 namespace is still served.
	var h string
	require.NoError(t, c.Call(&h, "web3_sha3", "0x"))
	require.Equal(t, "0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470", h)
}
