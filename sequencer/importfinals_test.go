package sequencer

import (
	"context"
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
// block and records where its head moved.
type syncEngine struct {
	Execution
	heads []common.Hash
}

func (e *syncEngine) InsertBlock(context.Context, *types.Block) error { return nil }
func (e *syncEngine) Receipts(common.Hash) types.Receipts             { return nil }
func (e *syncEngine) PooledTx(common.Hash) *types.Transaction         { return nil }
func (e *syncEngine) MoveHead(_ context.Context, h common.Hash) error {
	e.heads = append(e.heads, h)
	return nil
}
func (e *syncEngine) SetHead(ctx context.Context, h common.Hash) error          { return e.MoveHead(ctx, h) }
func (e *syncEngine) BlockByHash(common.Hash) *types.Block                      { return nil }
func (e *syncEngine) ImportBlock(context.Context, *types.Block) ([]byte, error) { return nil, nil }

// savedStore keeps the final blocks saved, in memory.
type savedStore struct {
	Store
	blocks map[uint64]*store.FinalBlock
}

func (s *savedStore) SaveFinalBlock(n uint64, fb *store.FinalBlock) error {
	s.blocks[n] = fb
	return nil
}

// knownBatcher records the blocks handed with Known and the CatchUps.
type knownBatcher struct {
	known    map[uint64]rollup.FinalBlock
	catchUps int
}

func (b *knownBatcher) Known(n uint64, fb rollup.FinalBlock) { b.known[n] = fb }
func (b *knownBatcher) CatchUp(context.Context) error        { b.catchUps++; return nil }

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

// Each final block of a synced run reaches the batcher as the sequencer
// decoded it, with the withdrawals stored with it, before the batcher
// catches up; geth's head moves once, to the run's last block.
func TestImportFinalsHandsTheBlocksToTheBatcher(t *testing.T) {
	genesis := types.NewBlockWithHeader(&types.Header{Number: big.NewInt(0)})
	eng, st, bat := &syncEngine{}, &savedStore{blocks: map[uint64]*store.FinalBlock{}}, &knownBatcher{known: map[uint64]rollup.FinalBlock{}}
	s := New(Config{}, eng, st, bat, nil, genesis, slog.New(slog.DiscardHandler))
	s.head = genesis
	blocks, fbs := syncedRun(t, genesis, 3)
	require.NoError(t, s.ImportFinals(context.Background(), fbs))

	require.Equal(t, []common.Hash{blocks[2].Hash()}, eng.heads)
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
