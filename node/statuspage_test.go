package node

import (
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/stretchr/testify/require"

	cairnrpc "github.com/cairn-rollup/cairn/rpc"
)

func TestL1TxsKeepTheRecentBatches(t *testing.T) {
	txs := newL1Txs()
	for n := uint64(1); n <= 100; n++ {
		txs.record(txs.commit, n, &types.Receipt{TxHash: common.BigToHash(new(big.Int).SetUint64(n))})
	}
	txs.record(txs.verify, 99, &types.Receipt{TxHash: common.HexToHash("0x99")})
	txs.record(txs.verify, 98, nil) // a failed send records nothing
	commit, verify := txs.of(99)
	require.Equal(t, common.BigToHash(new(big.Int).SetUint64(99)).Hex(), commit)
	require.Equal(t, common.HexToHash("0x99").Hex(), verify)
	commit, verify = txs.of(98)
	require.NotEmpty(t, commit)
	require.Empty(t, verify)
	commit, _ = txs.of(100 - keptTxs)
	require.Empty(t, commit, "older than keptTxs batches: forgotten")
	commit, _ = txs.of(101 - keptTxs)
	require.NotEmpty(t, commit)
	require.Len(t, txs.commit, keptTxs)
}

func TestStatusConsensusMarksThisValidator(t *testing.T) {
	u := func(v uint64) *hexutil.Uint64 { h := hexutil.Uint64(v); return &h }
	cs := cairnrpc.ConsensusStatus{Validator: "0xaa", View: u(7), Phase: "commit", Leader: "0xbb", Timeouts: u(1),
		Committee: []cairnrpc.CommitteeMember{{Key: "0xaa", Weight: 1, Connected: true, LastSeenView: u(7)}, {Key: "0xbb", Weight: 2}},
		Peers:     []cairnrpc.Peer{{ID: "b"}, {ID: "a", Validator: true}}}
	c := statusConsensus(cs)
	require.Equal(t, uint64(7), c.View)
	require.Equal(t, uint64(1), c.Timeouts)
	require.True(t, c.Committee[0].Self)
	require.Equal(t, uint64(7), *c.Committee[0].LastSeenView)
	require.False(t, c.Committee[1].Self)
	require.Nil(t, c.Committee[1].LastSeenView)
	peers := statusPeers(cs.Peers)
	require.Equal(t, "a", peers[0].ID)
	require.True(t, peers[0].Validator)

	full := statusConsensus(cairnrpc.ConsensusStatus{Committee: []cairnrpc.CommitteeMember{{Key: "0xaa"}}})
	require.Zero(t, full.View)
	require.False(t, full.Committee[0].Self, "a full node is no member")
}
