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

	"github.com/cairn-rollup/cairn/rollup"
	"github.com/cairn-rollup/cairn/store"
)

// crashedEngine is geth after a crash: it holds blocks, and the state of
// some of them only.
type crashedEngine struct {
	Execution
	blocks   map[common.Hash]*types.Block
	state    map[common.Hash]bool // by state root
	inserted []uint64
	head     common.Hash
}

func (e *crashedEngine) BlockByHash(h common.Hash) *types.Block { return e.blocks[h] }

func (e *crashedEngine) HasState(root common.Hash) bool { return e.state[root] }

func (e *crashedEngine) InsertBlock(_ context.Context, b *types.Block) error {
	e.inserted = append(e.inserted, b.NumberU64())
	e.blocks[b.Hash()], e.state[b.Root()] = b, true
	return nil
}

func (e *crashedEngine) SetHead(_ context.Context, h common.Hash) error {
	e.head = h
	return nil
}

// finalStore holds final blocks 1..len(blocks).
type finalStore struct {
	Store
	blocks [][]byte
}

func (s finalStore) LastBlock() (uint64, error) { return uint64(len(s.blocks)), nil }

func (s finalStore) FinalBlock(n uint64) (*store.FinalBlock, error) {
	if n == 0 || n > uint64(len(s.blocks)) {
		return nil, store.ErrNotFound
	}
	return &store.FinalBlock{Block: s.blocks[n-1], DepositsThrough: n}, nil
}

type idleBatcher struct{}

func (idleBatcher) CatchUp(context.Context) error { return nil }

func (idleBatcher) CatchUpSoon(context.Context, uint64) error { return nil }

func (idleBatcher) Known(uint64, rollup.FinalBlock) {}

// Recover re-imports from the last block geth holds with its state: a
// block geth kept without its state (a pruned node's, after kill -9) is
// imported again, not taken as where geth got to.
func TestRecoverImportsFromTheLastBlockWithState(t *testing.T) {
	genesis := types.NewBlockWithHeader(&types.Header{Number: big.NewInt(0), Root: common.Hash{0}})
	eng := &crashedEngine{blocks: map[common.Hash]*types.Block{}, state: map[common.Hash]bool{genesis.Root(): true}}
	var encs [][]byte
	parent := genesis
	for n := int64(1); n <= 4; n++ {
		b := types.NewBlockWithHeader(&types.Header{Number: big.NewInt(n), ParentHash: parent.Hash(), Root: common.Hash{byte(n)}, Time: uint64(n)})
		enc, err := rlp.EncodeToBytes(b)
		require.NoError(t, err)
		encs = append(encs, enc)
		if n <= 3 {
			eng.blocks[b.Hash()] = b // geth has blocks 1..3, the state of 1 only
		}
		parent = b
	}
	eng.state[common.Hash{1}] = true

	s := New(Config{}, eng, finalStore{blocks: encs}, idleBatcher{}, nil, genesis, slog.New(slog.DiscardHandler))
	require.NoError(t, s.Recover(context.Background()))
	require.Equal(t, []uint64{1, 2, 3, 4}, eng.inserted) // 1 is known with its state: geth takes it as it is
	require.Equal(t, parent.Hash(), eng.head)
	require.Equal(t, parent.Hash(), s.Head().Hash())
	n, _ := s.LastFinal(context.Background())
	require.Equal(t, uint64(4), n)
}
