package committer_test

import (
	"context"
	"testing"

	"github.com/cairn-rollup/cairn/l1/bindings"
	"github.com/cairn-rollup/cairn/store"
	"github.com/stretchr/testify/require"
)

// A commit transaction that an L1 reorg removes is sent again: the
// committer reads lastCommittedBatch from L1 at every step.
func TestCommitReorgedOutOfL1IsSentAgain(t *testing.T) {
	env, st, p, c := setup(t)
	ctx := context.Background()
	for _, b := range chainOfBatches(1) {
		require.NoError(t, st.SaveBatch(&store.SealedBatch{Batch: b}, nil))
	}
	progressed, err := c.Step(ctx)
	require.NoError(t, err)
	require.True(t, progressed)
	head := env.LastLogBlock(t, env.Addrs.OnChainProposer, bindings.NewOnChainProposer().GetABI().Events[bindings.OnChainProposerBatchCommittedEventName].ID)

	// L1 forks off below the commit onto a chain that never had it.
	require.NoError(t, env.Chain.Fork(head.ParentHash, true))
	require.NoError(t, env.Chain.AdjustTime(1))
	last, err := p.LastCommitted(ctx)
	require.NoError(t, err)
	require.Zero(t, last, "the commit left L1")

	progressed, err = c.Step(ctx)
	require.NoError(t, err)
	require.True(t, progressed, "the batch is committed again")
	last, err = p.LastCommitted(ctx)
	require.NoError(t, err)
	require.Equal(t, uint64(1), last)
	now, err := env.Client.HeaderByNumber(ctx, nil)
	require.NoError(t, err)
	require.NotEqual(t, head.Hash(), now.Hash())
}
