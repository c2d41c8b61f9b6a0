package node

import (
	"context"
	"log/slog"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"syscall"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/stretchr/testify/require"

	"github.com/ethereum/go-ethereum"

	"github.com/cairn-rollup/cairn/config"
	"github.com/cairn-rollup/cairn/l1/blocktags"
	"github.com/cairn-rollup/cairn/l1/outage"
	"github.com/cairn-rollup/cairn/l1/proposer"
	"github.com/cairn-rollup/cairn/node/statuspage"
	"github.com/cairn-rollup/cairn/rollup"
	cairnrpc "github.com/cairn-rollup/cairn/rpc"
	"github.com/cairn-rollup/cairn/store"
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

// downL1 is an L1 whose every call is refused.
type downL1 struct{}

func (downL1) CallContract(context.Context, ethereum.CallMsg, *big.Int) ([]byte, error) {
	return nil, &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}
}

// With L1 down the page still shows what the node has: the last ten
// sealed batches from the store (a certificate, a proof, a commit
// transaction sent), with the L1 error instead of L1's counters.
func TestStatusSnapshotWithL1Down(t *testing.T) {
	st, err := store.Open("")
	require.NoError(t, err)
	defer st.Close()
	for i := uint64(1); i <= 12; i++ {
		b := rollup.Batch{Number: i, FirstBlock: 2*i - 1, LastBlock: 2 * i}
		require.NoError(t, st.SaveBatch(&store.SealedBatch{Batch: b}, nil))
	}
	require.NoError(t, st.SaveCertificate(11, []byte{1}))
	_, err = st.SaveProof(10, 1, []byte("proof"))
	require.NoError(t, err)
	n := &Node{store: st, proposer: proposer.New(common.Address{}, downL1{}, nil), stats: newStats(), l1Txs: newL1Txs(),
		l1Outages: outage.New(slog.New(slog.DiscardHandler), nil), genesis: &config.Genesis{Consensus: &config.ConsensusGenesis{}}, keys: Keys{Secrets: &config.Secrets{}}}
	n.tags = blocktags.New(n.proposer, st, nil, common.Hash{}, 7, 0, slog.New(slog.DiscardHandler))
	n.l1Txs.record(n.l1Txs.commit, 9, &types.Receipt{TxHash: common.HexToHash("0x0900")})
	_, lastErr := n.proposer.LastCommitted(context.Background())
	require.True(t, n.l1Outages.Failed(lastErr, time.Second))

	snap := statusSource{n}.Snapshot(context.Background())
	require.Contains(t, snap.L1.StatusError, "connection refused")
	require.True(t, snap.L1.Down)
	require.Equal(t, lastErr.Error(), snap.L1.Error)
	require.Equal(t, uint64(12), snap.Pipeline.Sealed)
	require.Equal(t, uint64(11), snap.Pipeline.Certified)
	require.Len(t, snap.Batches, recentBatches)
	require.Equal(t, uint64(12), snap.Batches[0].Number)
	require.Equal(t, uint64(3), snap.Batches[9].Number)
	require.Equal(t, [2]uint64{23, 24}, [2]uint64{snap.Batches[0].FirstBlock, snap.Batches[0].LastBlock})
	require.True(t, snap.Batches[1].Certified)
	require.True(t, snap.Batches[2].Proven)
	require.Equal(t, common.HexToHash("0x0900").Hex(), snap.Batches[3].CommitTx)
	for _, b := range snap.Batches {
		require.False(t, b.Committed || b.Verified, "batch %d: L1 unread", b.Number)
	}

	rec := httptest.NewRecorder()
	statuspage.New(statusSource{n}, nil).ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/", nil))
	require.Equal(t, http.StatusOK, rec.Code)
	require.Contains(t, rec.Body.String(), "connection refused")
}
