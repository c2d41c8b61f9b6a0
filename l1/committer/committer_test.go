package committer_test

import (
	"context"
	"log/slog"
	"math/big"
	"testing"

	"github.com/cairn-rollup/cairn/l1/committer"
	"github.com/cairn-rollup/cairn/l1/l1test"
	"github.com/cairn-rollup/cairn/l1/proposer"
	"github.com/cairn-rollup/cairn/l1/txmgr"
	"github.com/cairn-rollup/cairn/rollup"
	"github.com/cairn-rollup/cairn/store"
	"github.com/ethereum/go-ethereum/common"
	"github.com/stretchr/testify/require"
)

const chainID = 42

var genesisRoot = common.HexToHash("0x6e")

// chainOfBatches returns n empty batches that follow each other from genesis.
func chainOfBatches(n int) []rollup.Batch {
	out := make([]rollup.Batch, n)
	prev := rollup.Batch{StateRoot: genesisRoot, LastBlockHash: l1test.GenesisBlockHash}
	for i := range out {
		b := rollup.Batch{Number: prev.Number + 1, FirstBlock: prev.LastBlock + 1, LastBlock: prev.LastBlock + 2,
			PrevStateRoot: prev.StateRoot, StateRoot: common.BigToHash(big.NewInt(int64(100 + i))), PrevLastBlockHash: prev.LastBlockHash,
			LastBlockHash: common.BigToHash(big.NewInt(int64(200 + i)))}
		l1test.SetBatchData(&b)
		out[i] = b
		prev = b
	}
	return out
}

func setup(t *testing.T) (*l1test.Env, *store.Store, *proposer.Proposer, *committer.Committer) {
	env := l1test.Start(t, chainID, genesisRoot)
	st, err := store.Open("")
	require.NoError(t, err)
	t.Cleanup(func() { _ = st.Close() })
	tm, err := txmgr.New(context.Background(), txmgr.Config{}, env.Client, env.Operator, slog.New(slog.DiscardHandler))
	require.NoError(t, err)
	p := proposer.New(env.Addrs.OnChainProposer, env.Client, tm)
	c := committer.New(p, st, chainID, 0, nil, slog.New(slog.DiscardHandler)).WithData(l1test.Payloads)
	return env, st, p, c
}

func TestCommitsSealedBatchesInOrder(t *testing.T) {
	_, st, p, c := setup(t)
	ctx := context.Background()
	progressed, err := c.Step(ctx)
	require.NoError(t, err)
	require.False(t, progressed, "nothing sealed, nothing committed")

	batches := chainOfBatches(2)
	for _, b := range batches {
		require.NoError(t, st.SaveBatch(&store.SealedBatch{Batch: b}, nil))
	}
	for i := range batches {
		progressed, err := c.Step(ctx)
		require.NoError(t, err)
		require.True(t, progressed)
		last, err := p.LastCommitted(ctx)
		require.NoError(t, err)
		require.Equal(t, uint64(i+1), last)
		h, err := p.CommittedHash(ctx, last)
		require.NoError(t, err)
		require.Equal(t, batches[i].Hash(chainID), h, "L1 computes the same batch hash as the node")
	}
	progressed, err = c.Step(ctx)
	require.NoError(t, err)
	require.False(t, progressed)
}

func TestRefusesToBuildOnABatchL1Disagrees(t *testing.T) {
	_, st, p, c := setup(t)
	ctx := context.Background()
	batches := chainOfBatches(2)
	// L1 gets batch 1 from somewhere else (say an operator with lost data)...
	_, err := p.Commit(ctx, &batches[0], nil, l1test.SetBatchData(&batches[0]))
	require.NoError(t, err)
	// ...while this node sealed a different batch 1.
	other := batches[0]
	other.StateRoot = common.HexToHash("0xbad")
	require.NoError(t, st.SaveBatch(&store.SealedBatch{Batch: other}, nil))
	next := batches[1]
	next.PrevStateRoot = other.StateRoot
	require.NoError(t, st.SaveBatch(&store.SealedBatch{Batch: next}, nil))

	_, err = c.Step(ctx)
	require.ErrorContains(t, err, "L1 holds batch 1")
	last, err := p.LastCommitted(ctx)
	require.NoError(t, err)
	require.Equal(t, uint64(1), last)
}

func TestCommitThatL1RefusesIsAnError(t *testing.T) {
	_, st, p, c := setup(t)
	b := chainOfBatches(1)[0]
	b.PrevStateRoot = common.HexToHash("0x1234") // not the genesis root
	require.NoError(t, st.SaveBatch(&store.SealedBatch{Batch: b}, nil))
	_, err := c.Step(context.Background())
	require.ErrorIs(t, err, txmgr.ErrReverted)
	last, _ := p.LastCommitted(context.Background())
	require.Zero(t, last)
}

// Without a source of batch data, or with data whose commitment is not the
// batch's, nothing is sent.
func TestCommitNeedsTheBatchsData(t *testing.T) {
	_, st, p, _ := setup(t)
	b := chainOfBatches(1)[0]
	require.NoError(t, st.SaveBatch(&store.SealedBatch{Batch: b}, nil))
	bare := committer.New(p, st, chainID, 0, nil, slog.New(slog.DiscardHandler))
	_, err := bare.Step(context.Background())
	require.ErrorIs(t, err, committer.ErrNoData)

	other := bare.WithData(func(_ context.Context, n uint64) (proposer.Payload, error) {
		return proposer.Payload{Calldata: []byte("other data")}, nil
	})
	_, err = other.Step(context.Background())
	require.ErrorContains(t, err, "data commitment")
	last, err := p.LastCommitted(context.Background())
	require.NoError(t, err)
	require.Zero(t, last)
}
