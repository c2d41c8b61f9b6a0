package rpc

import (
	"math/big"
	"testing"

	"github.com/cairn-rollup/cairn/l1/bindings"
	"github.com/cairn-rollup/cairn/rollup"
	"github.com/cairn-rollup/cairn/store"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/stretchr/testify/require"
)

// BenchmarkWithdrawalProof is one cairn_getWithdrawalProof of a transaction
// that made 1,400 withdrawals, all in one batch: cached (the tree built by
// an earlier call), uncached (a fresh API: the tree built once in the
// call), and before, the reference: a tree built for every proof, as the
// API did before it kept the trees.
func BenchmarkWithdrawalProof(b *testing.B) {
	st, err := store.Open("")
	require.NoError(b, err)
	b.Cleanup(func() { _ = st.Close() })
	tx := common.HexToHash("0x77")
	ws := make([]rollup.Withdrawal, 1400)
	for i := range ws {
		ws[i] = rollup.Withdrawal{ID: uint64(i + 1), From: common.HexToAddress("0x1"), L1Recipient: common.BigToAddress(big.NewInt(int64(i))),
			Amount: big.NewInt(int64(i + 1)), TxHash: tx}
	}
	require.NoError(b, st.SaveBatch(&store.SealedBatch{Batch: rollup.Batch{Number: 1, FirstBlock: 1, LastBlock: 1,
		WithdrawalsRoot: rollup.WithdrawalsRoot(9, ws), WithdrawalsCount: uint64(len(ws))}, Withdrawals: ws}, nil))
	chain := testChain(ws)
	newAPI := func() *API { return New(st, &l1{}, chain, &bridgeFake{}, 9) }
	run := func(b *testing.B, proofs func() ([]WithdrawalProof, error)) {
		for range b.N {
			ps, err := proofs()
			require.NoError(b, err)
			require.Len(b, ps, len(ws))
		}
	}
	api := newAPI()
	b.Run("cached", func(b *testing.B) {
		_, err := api.GetWithdrawalProof(tx)
		require.NoError(b, err)
		b.ResetTimer()
		run(b, func() ([]WithdrawalProof, error) { return api.GetWithdrawalProof(tx) })
	})
	b.Run("uncached", func(b *testing.B) {
		run(b, func() ([]WithdrawalProof, error) { return newAPI().GetWithdrawalProof(tx) })
	})
	b.Run("before", func(b *testing.B) {
		run(b, func() ([]WithdrawalProof, error) { return proofsRebuildingTheTree(st, 9, 1, tx) })
	})
}

// proofsRebuildingTheTree is what cairn_getWithdrawalProof did before the
// API kept the trees, for tx's withdrawals in batch n.
func proofsRebuildingTheTree(st *store.Store, chainID, n uint64, tx common.Hash) ([]WithdrawalProof, error) {
	sb, err := st.Batch(n)
	if err != nil {
		return nil, err
	}
	bridge := bindings.NewBridge()
	leaves := rollup.WithdrawalLeaves(chainID, sb.Withdrawals)
	var out []WithdrawalProof
	for i, w := range sb.Withdrawals {
		if w.TxHash != tx {
			continue
		}
		p := WithdrawalProof{BatchNumber: hexutil.Uint64(n), WithdrawalID: hexutil.Uint64(w.ID),
			From: w.From, L1Recipient: w.L1Recipient, Amount: (*hexutil.Big)(w.Amount), Proof: rollup.MerkleProof(leaves, i)}
		if p.ClaimCalldata, err = claimCalldata(bridge, &p); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, nil
}
