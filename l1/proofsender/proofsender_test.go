package proofsender_test

import (
	"context"
	"log/slog"
	"testing"

	"github.com/cairn-rollup/cairn/l1/bindings"
	"github.com/cairn-rollup/cairn/l1/devchain"
	"github.com/cairn-rollup/cairn/l1/l1test"
	"github.com/cairn-rollup/cairn/l1/proofsender"
	"github.com/cairn-rollup/cairn/l1/proposer"
	"github.com/cairn-rollup/cairn/l1/txmgr"
	"github.com/cairn-rollup/cairn/prover/exec"
	"github.com/cairn-rollup/cairn/rollup"
	"github.com/cairn-rollup/cairn/store"
	"github.com/ethereum/go-ethereum/common"
	"github.com/stretchr/testify/require"
)

const chainID = 42

func sign(t *testing.T, env *l1test.Env, b *rollup.Batch) []byte {
	return exec.Sign(env.Prover, exec.Domain{L1ChainID: devchain.ChainID, Verifier: env.Addrs.ExecVerifier}, b.PublicInputsHash(chainID))
}

func TestVerifiesCommittedBatchesWithProofsInOrder(t *testing.T) {
	root := common.HexToHash("0x6e")
	env := l1test.Start(t, chainID, root)
	st, err := store.Open("")
	require.NoError(t, err)
	defer st.Close()
	ctx := context.Background()
	tm, err := txmgr.New(ctx, txmgr.Config{}, env.Client, env.Operator, slog.New(slog.DiscardHandler))
	require.NoError(t, err)
	p := proposer.New(env.Addrs.OnChainProposer, env.Client, tm)
	s := proofsender.New(p, st, 0, nil, slog.New(slog.DiscardHandler))

	b1 := rollup.Batch{Number: 1, FirstBlock: 1, LastBlock: 1, PrevStateRoot: root, StateRoot: common.HexToHash("0x1"), PrevLastBlockHash: l1test.GenesisBlockHash, LastBlockHash: common.HexToHash("0xa")}
	b2 := rollup.Batch{Number: 2, FirstBlock: 2, LastBlock: 2, PrevStateRoot: b1.StateRoot, StateRoot: common.HexToHash("0x2"), PrevLastBlockHash: b1.LastBlockHash, LastBlockHash: common.HexToHash("0xb")}
	payloads := map[uint64]proposer.Payload{1: l1test.SetBatchData(&b1), 2: l1test.SetBatchData(&b2)}

	// A proof for a batch that is not committed yet is not sent.
	_, err = st.SaveProof(1, 1, sign(t, env, &b1))
	require.NoError(t, err)
	progressed, err := s.Step(ctx)
	require.NoError(t, err)
	require.False(t, progressed)

	for _, b := range []*rollup.Batch{&b1, &b2} {
		_, err := p.Commit(ctx, b, nil, payloads[b.Number])
		require.NoError(t, err)
	}
	progressed, err = s.Step(ctx)
	require.NoError(t, err)
	require.True(t, progressed)
	v, err := p.LastVerified(ctx)
	require.NoError(t, err)
	require.Equal(t, uint64(1), v)

	// Batch 2 has no proof yet: nothing to do.
	progressed, err = s.Step(ctx)
	require.NoError(t, err)
	require.False(t, progressed)

	// A proof over the wrong public inputs is refused by L1, and batch 2 stays unverified.
	_, err = st.SaveProof(2, 1, sign(t, env, &b1))
	require.NoError(t, err)
	_, err = s.Step(ctx)
	require.ErrorIs(t, err, txmgr.ErrReverted)
	v, _ = p.LastVerified(ctx)
	require.Equal(t, uint64(1), v)
}

// A verify transaction that an L1 reorg removes is sent again: the proof
// sender reads lastVerifiedBatch from L1 at every step.
func TestVerifyReorgedOutOfL1IsSentAgain(t *testing.T) {
	root := common.HexToHash("0x6e")
	env := l1test.Start(t, chainID, root)
	st, err := store.Open("")
	require.NoError(t, err)
	defer st.Close()
	ctx := context.Background()
	tm, err := txmgr.New(ctx, txmgr.Config{}, env.Client, env.Operator, slog.New(slog.DiscardHandler))
	require.NoError(t, err)
	p := proposer.New(env.Addrs.OnChainProposer, env.Client, tm)
	s := proofsender.New(p, st, 0, nil, slog.New(slog.DiscardHandler))
	b1 := rollup.Batch{Number: 1, FirstBlock: 1, LastBlock: 1, PrevStateRoot: root, StateRoot: common.HexToHash("0x1"), PrevLastBlockHash: l1test.GenesisBlockHash, LastBlockHash: common.HexToHash("0xa")}
	payload := l1test.SetBatchData(&b1)
	_, err = p.Commit(ctx, &b1, nil, payload)
	require.NoError(t, err)
	_, err = st.SaveProof(1, 1, sign(t, env, &b1))
	require.NoError(t, err)

	progressed, err := s.Step(ctx)
	require.NoError(t, err)
	require.True(t, progressed)
	head := env.LastLogBlock(t, env.Addrs.OnChainProposer, bindings.NewOnChainProposer().GetABI().Events[bindings.OnChainProposerBatchVerifiedEventName].ID)
	require.NoError(t, env.Chain.Fork(head.ParentHash, true))
	require.NoError(t, env.Chain.AdjustTime(1))
	v, err := p.LastVerified(ctx)
	require.NoError(t, err)
	require.Zero(t, v, "the verify left L1")
	c, err := p.LastCommitted(ctx)
	require.NoError(t, err)
	require.Equal(t, uint64(1), c, "the commit below the fork point stays")

	progressed, err = s.Step(ctx)
	require.NoError(t, err)
	require.True(t, progressed, "the batch is verified again")
	v, err = p.LastVerified(ctx)
	require.NoError(t, err)
	require.Equal(t, uint64(1), v)
}
