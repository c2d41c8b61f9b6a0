package sequencer

import (
	"context"
	"fmt"
	"log/slog"
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/rlp"
	"github.com/stretchr/testify/require"

	"github.com/cairn-rollup/cairn/consensus"
	"github.com/cairn-rollup/cairn/rollup"
	"github.com/cairn-rollup/cairn/store"
)

// syncEngine is geth for a node importing synced blocks: it takes every
// block and records where its head moved, in ops too.
type syncEngine struct {
	Execution
	heads []common.Hash
	ops   *[]string
}

func (e *syncEngine) InsertBlock(context.Context, *types.Block) error { return nil }
func (e *syncEngine) Receipts(common.Hash) types.Receipts             { return nil }
func (e *syncEngine) PooledTx(common.Hash) *types.Transaction         { return nil }
func (e *syncEngine) MoveHead(_ context.Context, h common.Hash) error {
	e.heads = append(e.heads, h)
	*e.ops = append(*e.ops, "head")
	return nil
}
func (e *syncEngine) SetHead(ctx context.Context, h common.Hash) error          { return e.MoveHead(ctx, h) }
func (e *syncEngine) BlockByHash(common.Hash) *types.Block                      { return nil }
func (e *syncEngine) ImportBlock(context.Context, *types.Block) ([]byte, error) { return nil, nil }

// savedStore keeps the final blocks saved, in memory, and records each
// save and sync in ops.
type savedStore struct {
	Store
	blocks map[uint64]*store.FinalBlock
	ops    *[]string
}

func (s *savedStore) SaveFinalBlock(n uint64, fb *store.FinalBlock) error {
	s.blocks[n] = fb
	*s.ops = append(*s.ops, fmt.Sprintf("save %d synced", n))
	return nil
}

func (s *savedStore) SaveFinalBlockNoSync(n uint64, fb *store.FinalBlock) error {
	s.blocks[n] = fb
	*s.ops = append(*s.ops, fmt.Sprintf("save %d", n))
	return nil
}

func (s *savedStore) Sync() error {
	*s.ops = append(*s.ops, "sync")
	return nil
}

// knownBatcher records the blocks handed with Known and the CatchUps.
type knownBatcher struct {
	known    map[uint64]rollup.FinalBlock
	catchUps int
}

func (b *knownBatcher) Known(n uint64, fb rollup.FinalBlock) { b.known[n] = fb }
func (b *knownBatcher) CatchUp(context.Context) error        { b.catchUps++; return nil }
func (b *knownBatcher) CatchUpSoon(ctx context.Context, _ uint64) error {
	return b.CatchUp(ctx)
}

// syncedRun is a run of n final blocks on genesis, each with a transaction.
func syncedRun(t *testing.T, genesis *types.Block, n int) ([]*types.Block, []*consensus.FinalBlock) {
	t.Helper()
	tx, _ := testBlock(t, 1)
	var blocks []*types.Block
	var fbs []*consensus.FinalBlock
	parent := genesis
	for i := 1; i <= n; i++ {
		b := types.NewBlockWithHeader(&types.Header{Number: big.NewInt(int64(i)), ParentHash: parent.Hash(), Time: uint64(i)}).
			WithBody(types.Body{Transactions: tx.Transactions()})
		enc, err := rlp.EncodeToBytes(b)
		require.NoError(t, err)
		qc := &consensus.CommitQC{Message: consensus.ReplicaCommit{Header: consensus.BlockHeader{Number: uint64(i), PayloadHash: consensus.PayloadHash(enc)}}}
		blocks, fbs = append(blocks, b), append(fbs, &consensus.FinalBlock{Payload: enc, QC: qc})
		parent = b
	}
	return blocks, fbs
}

// syncingNode is a sequencer at genesis on syncEngine, savedStore and
// knownBatcher, recording in ops.
func syncingNode() (*Sequencer, *syncEngine, *savedStore, *knownBatcher, *[]string) {
	genesis := types.NewBlockWithHeader(&types.Header{Number: big.NewInt(0)})
	ops := new([]string)
	eng, st := &syncEngine{ops: ops}, &savedStore{blocks: map[uint64]*store.FinalBlock{}, ops: ops}
	bat := &knownBatcher{known: map[uint64]rollup.FinalBlock{}}
	s := New(Config{}, eng, st, bat, nil, genesis, slog.New(slog.DiscardHandler))
	s.head = genesis
	return s, eng, st, bat, ops
}

// A synced run's blocks are saved without a sync each, then synced once;
// geth's head stays where it was (NextBlock moves on) until block sync has
// nothing more (FlushHead), then moves once, to the last block. A block
// consensus finalizes is saved durably at once and moves the head.
func TestImportFinalsSyncsTheStoreOnceAndLeavesTheHead(t *testing.T) {
	ctx := context.Background()
	s, eng, _, _, ops := syncingNode()
	blocks, fbs := syncedRun(t, s.genesis, 6)
	require.NoError(t, s.ImportFinals(ctx, fbs[:3]))
	require.NoError(t, s.ImportFinals(ctx, fbs[3:5]))
	require.Equal(t, []string{"save 1", "save 2", "save 3", "sync", "save 4", "save 5", "sync"}, *ops)
	require.Empty(t, eng.heads)
	require.Equal(t, uint64(6), s.NextBlock())

	*ops = nil
	require.NoError(t, s.FlushHead(ctx))
	require.NoError(t, s.FlushHead(ctx)) // there already
	require.Equal(t, []string{"head"}, *ops)
	require.Equal(t, []common.Hash{blocks[4].Hash()}, eng.heads)
	require.Equal(t, blocks[4].Hash(), s.Head().Hash())

	*ops = nil
	require.NoError(t, s.Finalize(ctx, *fbs[5]))
	require.Equal(t, []string{"save 6 synced", "head"}, *ops)
}

// Block sync moves geth's head once it is maxHeadLag blocks behind, and
// after a block of the run failed, to the last block stored.
func TestImportFinalsMovesTheHeadAtTheLagBoundAndOnError(t *testing.T) {
	ctx := context.Background()
	s, eng, _, _, _ := syncingNode()
	blocks, fbs := syncedRun(t, s.genesis, maxHeadLag+3)
	for from := 0; from < maxHeadLag-1; from += 20 {
		require.NoError(t, s.ImportFinals(ctx, fbs[from:min(from+20, maxHeadLag-1)]))
	}
	require.Empty(t, eng.heads, "%d blocks behind", maxHeadLag-1)
	require.NoError(t, s.ImportFinals(ctx, fbs[maxHeadLag-1:maxHeadLag]))
	require.Equal(t, []common.Hash{blocks[maxHeadLag-1].Hash()}, eng.heads)

	bad := *fbs[maxHeadLag+1]
	bad.Payload = fbs[maxHeadLag+2].Payload // not what its CommitQC finalized
	require.ErrorIs(t, s.ImportFinals(ctx, []*consensus.FinalBlock{fbs[maxHeadLag], &bad}), consensus.ErrPayloadHashMismatch)
	require.Equal(t, blocks[maxHeadLag].Hash(), eng.heads[len(eng.heads)-1])
	require.Equal(t, uint64(maxHeadLag+2), s.NextBlock())
}

// Each final block of a synced run reaches the batcher as the sequencer
// decoded it, with the withdrawals stored with it, before the batcher
// catches up.
func TestImportFinalsHandsTheBlocksToTheBatcher(t *testing.T) {
	s, _, st, bat, _ := syncingNode()
	blocks, fbs := syncedRun(t, s.genesis, 3)
	require.NoError(t, s.ImportFinals(context.Background(), fbs))

	require.Equal(t, 1, bat.catchUps)
	require.Len(t, bat.known, 3)
	for n, b := range blocks {
		k := bat.known[uint64(n+1)]
		require.Equal(t, b.Hash(), k.Header.Hash(), "block %d", n+1)
		require.Equal(t, b.Transactions()[0].Hash(), k.Txs[0].Hash())
		require.Equal(t, st.blocks[uint64(n+1)].Withdrawals, k.Withdrawals)
		require.Equal(t, fbs[n].Payload, st.blocks[uint64(n+1)].Block)
	}
}
