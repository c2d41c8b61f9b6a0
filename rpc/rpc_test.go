package rpc

import (
	"encoding/json"
	"errors"
	"math/big"
	"testing"

	"github.com/cairn-rollup/cairn/rollup"
	"github.com/cairn-rollup/cairn/store"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/stretchr/testify/require"
)

type l1 struct {
	committed, verified uint64
	err                 error // L1 unreachable
}

func (l *l1) Counters() (uint64, uint64, error) { return l.committed, l.verified, l.err }

func setup(t *testing.T) (*API, *store.Store) {
	api, st, _ := setupL1(t)
	return api, st
}

func setupL1(t *testing.T) (*API, *store.Store, *l1) {
	st, err := store.Open("")
	require.NoError(t, err)
	t.Cleanup(func() { _ = st.Close() })
	tx := common.HexToHash("0x77")
	ws := []rollup.Withdrawal{
		{ID: 1, From: common.HexToAddress("0x1"), L1Recipient: common.HexToAddress("0xa"), Amount: big.NewInt(5), TxHash: common.HexToHash("0x76")},
		{ID: 2, From: common.HexToAddress("0x2"), L1Recipient: common.HexToAddress("0xb"), Amount: big.NewInt(6), TxHash: tx},
		{ID: 3, From: common.HexToAddress("0x2"), L1Recipient: common.HexToAddress("0xc"), Amount: big.NewInt(7), TxHash: tx},
	}
	require.NoError(t, st.SaveBatch(&store.SealedBatch{Batch: rollup.Batch{Number: 1, FirstBlock: 1, LastBlock: 3}}, nil))
	require.NoError(t, st.SaveBatch(&store.SealedBatch{Batch: rollup.Batch{Number: 2, FirstBlock: 4, LastBlock: 4,
		WithdrawalsRoot: rollup.WithdrawalsRoot(9, ws), WithdrawalsCount: 3}, Withdrawals: ws}, nil))
	require.NoError(t, st.SaveBatch(&store.SealedBatch{Batch: rollup.Batch{Number: 3, FirstBlock: 5, LastBlock: 9}}, nil))
	fake := &l1{committed: 2, verified: 1}
	return New(st, fake, testChain(ws), &bridgeFake{}, 9), st, fake
}

func u64(n uint64) *hexutil.Uint64 { v := hexutil.Uint64(n); return &v }

func boolPtr(b bool) *bool { return &b }

func TestGetBatchByBlock(t *testing.T) {
	api, _ := setup(t)
	for block, want := range map[uint64]uint64{1: 1, 3: 1, 4: 2, 5: 3, 9: 3, 0: 0, 10: 0} {
		b, err := api.GetBatchByBlock(hexutil.Uint64(block))
		require.NoError(t, err)
		if want == 0 {
			require.Nil(t, b, "block %d", block)
			continue
		}
		require.Equal(t, hexutil.Uint64(want), b.Number, "block %d", block)
	}
	b, err := api.GetBatch(7)
	require.NoError(t, err)
	require.Nil(t, b)
}

func TestWithdrawalProofsOfATransactionVerifyAgainstTheBatchRoot(t *testing.T) {
	api, st := setup(t)
	proofs, err := api.GetWithdrawalProof(common.HexToHash("0x77"))
	require.NoError(t, err)
	require.Len(t, proofs, 2)
	sb, err := st.Batch(2)
	require.NoError(t, err)
	for _, p := range proofs {
		w := rollup.Withdrawal{ID: uint64(p.WithdrawalID), From: p.From, L1Recipient: p.L1Recipient, Amount: p.Amount.ToInt()}
		require.True(t, rollup.VerifyMerkleProof(sb.Batch.WithdrawalsRoot, w.Leaf(9), p.Proof))
	}
	none, err := api.GetWithdrawalProof(common.HexToHash("0x78")) // no withdrawal
	require.NoError(t, err)
	require.Empty(t, none)
	none, err = api.GetWithdrawalProof(common.HexToHash("0x79")) // batch not sealed
	require.NoError(t, err)
	require.Empty(t, none)
	_, err = api.GetWithdrawalProof(common.HexToHash("0x99"))
	require.ErrorIs(t, err, ErrUnknownTx)
}

func TestProofStatus(t *testing.T) {
	api, st := setup(t)
	_, err := st.SaveProof(2, 1, []byte{1})
	require.NoError(t, err)
	s, err := api.GetProofStatus(2)
	require.NoError(t, err)
	require.Equal(t, ProofStatus{Batch: 2, Sealed: true, Proven: true, Committed: boolPtr(true), Verified: boolPtr(false)}, *s)
	s, err = api.GetProofStatus(4)
	require.NoError(t, err)
	require.Equal(t, ProofStatus{Batch: 4, Committed: boolPtr(false), Verified: boolPtr(false)}, *s)
	n, err := api.BatchNumber()
	require.NoError(t, err)
	require.Equal(t, BatchNumbers{Sealed: 3, Committed: u64(2), Verified: u64(1)}, *n)
}

func TestBatchNumbersWhileL1IsDown(t *testing.T) {
	api, st, fake := setupL1(t)
	fake.err = errors.New("dial tcp 127.0.0.1:8545: connection refused")
	n, err := api.BatchNumber()
	require.NoError(t, err, "the store's part is answered")
	require.Equal(t, hexutil.Uint64(3), n.Sealed)
	require.Nil(t, n.Committed)
	require.Nil(t, n.Verified)
	require.Contains(t, n.L1Error, "L1 unreachable")
	require.Contains(t, n.L1Error, "connection refused")

	// Over JSON: nulls and the reason.
	enc, err := json.Marshal(n)
	require.NoError(t, err)
	require.JSONEq(t, `{"sealed":"0x3","committed":null,"verified":null,"l1Error":"L1 unreachable: dial tcp 127.0.0.1:8545: connection refused"}`, string(enc))

	_, err = st.SaveProof(2, 1, []byte{1})
	require.NoError(t, err)
	s, err := api.GetProofStatus(2)
	require.NoError(t, err)
	require.Equal(t, ProofStatus{Batch: 2, Sealed: true, Proven: true, L1Error: n.L1Error}, *s)

	// L1 back: the full answer, without l1Error.
	fake.err = nil
	n, err = api.BatchNumber()
	require.NoError(t, err)
	enc, err = json.Marshal(n)
	require.NoError(t, err)
	require.JSONEq(t, `{"sealed":"0x3","committed":"0x2","verified":"0x1"}`, string(enc))
}

// More batches than the API keeps trees of, asked about in turn twice: each
// proof is of its own batch's tree, a batch's tree is built once while it is
// kept, and no more than treesCached are kept.
func TestWithdrawalTreesAreKeptPerBatch(t *testing.T) {
	st, err := store.Open("")
	require.NoError(t, err)
	t.Cleanup(func() { _ = st.Close() })
	const batches = treesCached + 4
	var all []rollup.Withdrawal
	for n := uint64(1); n <= batches; n++ {
		ws := make([]rollup.Withdrawal, n)
		for i := range ws {
			ws[i] = rollup.Withdrawal{ID: uint64(len(all) + i + 1), From: common.HexToAddress("0x1"), L1Recipient: common.HexToAddress("0x2"),
				Amount: big.NewInt(int64(i + 1)), TxHash: common.BigToHash(new(big.Int).SetUint64(n))}
		}
		all = append(all, ws...)
		require.NoError(t, st.SaveBatch(&store.SealedBatch{Batch: rollup.Batch{Number: n, FirstBlock: n, LastBlock: n,
			WithdrawalsRoot: rollup.WithdrawalsRoot(9, ws), WithdrawalsCount: n}, Withdrawals: ws}, nil))
	}
	api := New(st, &l1{}, testChain(all), &bridgeFake{}, 9)
	for round := range 2 {
		for n := uint64(1); n <= batches; n++ {
			proofs, err := api.GetWithdrawalProof(common.BigToHash(new(big.Int).SetUint64(n)))
			require.NoError(t, err)
			require.Len(t, proofs, int(n))
			sb, err := st.Batch(n)
			require.NoError(t, err)
			for _, p := range proofs {
				w := rollup.Withdrawal{ID: uint64(p.WithdrawalID), From: p.From, L1Recipient: p.L1Recipient, Amount: p.Amount.ToInt()}
				require.True(t, rollup.VerifyMerkleProof(sb.Batch.WithdrawalsRoot, w.Leaf(9), p.Proof), "round %d batch %d", round, n)
			}
			kept, ok := api.trees.Get(n)
			require.True(t, ok, "batch %d", n)
			_, err = api.GetWithdrawalProof(common.BigToHash(new(big.Int).SetUint64(n)))
			require.NoError(t, err)
			again, _ := api.trees.Get(n)
			require.Same(t, kept, again, "batch %d: its tree was built again", n)
		}
	}
	require.Equal(t, treesCached, api.trees.Len())
}
