package blocktags_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"math/big"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cairn-rollup/cairn/execution"
	"github.com/cairn-rollup/cairn/l1/blocktags"
	"github.com/cairn-rollup/cairn/rollup"
	"github.com/cairn-rollup/cairn/store"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/ethereum/go-ethereum/rpc"
	"github.com/stretchr/testify/require"
)

// fakeL1 holds the node's batches, but for the batch hashes in other.
type fakeL1 struct {
	mu                  sync.Mutex
	committed, verified uint64
	err                 error
	batches             *store.Store
	other               map[uint64]common.Hash
}

func (f *fakeL1) CommittedHash(_ context.Context, n uint64) (common.Hash, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if h, ok := f.other[n]; ok || n > f.committed {
		return h, f.err
	}
	sb, err := f.batches.Batch(n)
	if err != nil {
		return common.Hash{}, err
	}
	return sb.Batch.Hash(chainID), f.err
}

func (f *fakeL1) LastCommitted(context.Context) (uint64, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.committed, f.err
}

func (f *fakeL1) LastVerified(context.Context) (uint64, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.verified, f.err
}

func (f *fakeL1) set(c, v uint64, err error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.committed, f.verified, f.err = c, v, err
}

const chainID = 77

// chain starts a real geth with six blocks and seals them in three
// batches of two blocks.
func chain(t *testing.T) (*execution.Geth, *store.Store, []*types.Block) {
	t.Helper()
	gen := execution.NewGenesis(execution.GenesisParams{ChainID: chainID})
	e, err := execution.New(execution.Config{HTTPAddr: "127.0.0.1:0", Genesis: gen}, slog.New(slog.DiscardHandler))
	require.NoError(t, err)
	require.NoError(t, e.Start())
	t.Cleanup(func() { _ = e.Close() })
	st, err := store.Open("")
	require.NoError(t, err)
	t.Cleanup(func() { _ = st.Close() })
	ctx := context.Background()
	blocks := []*types.Block{e.BlockByNumber(0)}
	for i := 1; i <= 6; i++ {
		head := e.Head()
		b, err := e.BuildBlock(ctx, head.Hash(), execution.BuildAttrs{Timestamp: head.Time + 1})
		require.NoError(t, err)
		_, err = e.ImportBlock(ctx, b)
		require.NoError(t, err)
		require.NoError(t, e.SetHead(ctx, b.Hash()))
		blocks = append(blocks, b)
	}
	for n := uint64(1); n <= 3; n++ {
		last := blocks[2*n]
		require.NoError(t, st.SaveBatch(&store.SealedBatch{Batch: rollup.Batch{Number: n, FirstBlock: 2*n - 1, LastBlock: 2 * n,
			LastBlockHash: last.Hash(), StateRoot: last.Root()}}, nil))
	}
	return e, st, blocks
}

func TestTagsFollowTheBatchesCommittedAndVerifiedOnL1(t *testing.T) {
	e, st, blocks := chain(t)
	ctx := context.Background()
	cl, err := ethclient.DialContext(ctx, e.HTTPEndpoint())
	require.NoError(t, err)
	defer cl.Close()
	// The tags as a wallet or an indexer reads them: ethclient's whole
	// blocks by tag, and the headers.
	tags := func() (safe, fin common.Hash) {
		t.Helper()
		s, err := cl.BlockByNumber(ctx, big.NewInt(int64(rpc.SafeBlockNumber)))
		require.NoError(t, err)
		f, err := cl.BlockByNumber(ctx, big.NewInt(int64(rpc.FinalizedBlockNumber)))
		require.NoError(t, err)
		sh, err := cl.HeaderByNumber(ctx, big.NewInt(int64(rpc.SafeBlockNumber)))
		require.NoError(t, err)
		fh, err := cl.HeaderByNumber(ctx, big.NewInt(int64(rpc.FinalizedBlockNumber)))
		require.NoError(t, err)
		require.Equal(t, s.Hash(), sh.Hash())
		require.Equal(t, f.Hash(), fh.Hash())
		return s.Hash(), f.Hash()
	}
	l1 := &fakeL1{batches: st}
	svc := blocktags.New(l1, st, e, blocks[0].Hash(), chainID, 0, slog.New(slog.DiscardHandler))

	steps := []struct {
		name                string
		committed, verified uint64
		err                 error
		safe, fin           int // block numbers
	}{
		{"nothing on L1: genesis", 0, 0, nil, 0, 0},
		{"batch 1 committed", 1, 0, nil, 2, 0},
		{"batch 2 committed, 1 verified", 2, 1, nil, 4, 2},
		{"L1 down: the tags stay", 3, 3, errors.New("connection refused"), 4, 2},
		{"L1 beyond what this node sealed", 5, 4, nil, 6, 6},
		{"an L1 reorg undid a commit: the tags stay", 2, 2, nil, 6, 6},
		{"an L1 endpoint behind the last: the tags stay", 1, 0, nil, 6, 6},
	}
	for _, s := range steps {
		l1.set(s.committed, s.verified, s.err)
		progressed, err := svc.Step(ctx)
		require.False(t, progressed)
		if s.err != nil {
			require.ErrorContains(t, err, "connection refused", s.name)
		} else {
			require.NoError(t, err, s.name)
		}
		safe, fin := tags()
		require.Equal(t, blocks[s.safe].Hash(), safe, s.name)
		require.Equal(t, blocks[s.fin].Hash(), fin, s.name)
		// latest stays the consensus head.
		head, err := cl.HeaderByNumber(ctx, nil)
		require.NoError(t, err)
		require.Equal(t, uint64(6), head.Number.Uint64(), s.name)
	}
	safe, fin := svc.Tags()
	require.Equal(t, blocktags.Tag{Batch: 3, Block: 6, Hash: blocks[6].Hash()}, safe)
	require.Equal(t, blocktags.Tag{Batch: 3, Block: 6, Hash: blocks[6].Hash()}, fin)

	// A service started afresh (a node restart) that reads an L1 behind
	// the tags does not move geth's back either.
	l1.set(1, 0, nil)
	_, err = blocktags.New(l1, st, e, blocks[0].Hash(), chainID, 0, slog.New(slog.DiscardHandler)).Step(ctx)
	require.NoError(t, err)
	safeNow, finNow := tags()
	require.Equal(t, blocks[6].Hash(), safeNow)
	require.Equal(t, blocks[6].Hash(), finNow)
}

func TestRunStopsWithItsContext(t *testing.T) {
	e, st, blocks := chain(t)
	l1 := &fakeL1{committed: 3, verified: 1, batches: st}
	svc := blocktags.New(l1, st, e, blocks[0].Hash(), chainID, 0, slog.New(slog.DiscardHandler))
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); svc.Run(ctx) }()
	deadline := time.Now().Add(20 * time.Second)
	for {
		if safe, _ := svc.Tags(); safe.Batch == 3 {
			break
		}
		select {
		case <-done:
			t.Fatal("Run returned early")
		default:
		}
		require.True(t, time.Now().Before(deadline), "the tags never moved")
		time.Sleep(time.Millisecond)
	}
	cancel()
	<-done
	_, fin := svc.Tags()
	require.Equal(t, uint64(2), fin.Block)
}

// After a revert and a different commit, L1's batch n is not the node's
// batch n: the tags do not move onto the node's batch, one Error line says
// so (not one a poll), and Diverged tells which batch; once L1 holds the
// node's batch again, the tags move.
func TestTagsWaitWhileL1HoldsAnotherBatch(t *testing.T) {
	e, st, blocks := chain(t)
	ctx := context.Background()
	var logs bytes.Buffer
	l1 := &fakeL1{batches: st, committed: 2, verified: 1, other: map[uint64]common.Hash{2: common.HexToHash("0xbad")}}
	svc := blocktags.New(l1, st, e, blocks[0].Hash(), chainID, 0, slog.New(slog.NewTextHandler(&logs, nil)))
	steps := []struct {
		name                string
		committed, verified uint64
		other               map[uint64]common.Hash
		safe, fin           int // block numbers
		diverged            uint64
	}{
		{"L1's batch 2 is another: no tag moves", 2, 1, map[uint64]common.Hash{2: common.HexToHash("0xbad")}, 0, 0, 2},
		{"the next poll: the same", 2, 1, map[uint64]common.Hash{2: common.HexToHash("0xbad")}, 0, 0, 2},
		{"L1 holds the node's batch 2", 2, 1, nil, 4, 2, 0},
		{"L1's verified batch 2 is another: finalized stays", 3, 2, map[uint64]common.Hash{2: common.HexToHash("0xbad")}, 6, 2, 2},
		{"L1's batch 2 is the node's again", 3, 2, nil, 6, 4, 0},
	}
	for _, s := range steps {
		l1.mu.Lock()
		l1.committed, l1.verified, l1.other = s.committed, s.verified, s.other
		l1.mu.Unlock()
		_, err := svc.Step(ctx)
		require.NoError(t, err, s.name)
		safe, fin := svc.Tags()
		require.Equal(t, blocks[s.safe].Hash(), safe.Hash, s.name)
		require.Equal(t, blocks[s.fin].Hash(), fin.Hash, s.name)
		gs, gf := e.SafeAndFinalized()
		require.Equal(t, []uint64{uint64(s.safe), uint64(s.fin)}, []uint64{gs, gf}, s.name)
		require.Equal(t, s.diverged, svc.Diverged(), s.name)
	}
	require.Equal(t, 2, strings.Count(logs.String(), "level=ERROR"), logs.String())
	require.Equal(t, 2, strings.Count(logs.String(), "batch=2 l1_batch_hash="+common.HexToHash("0xbad").Hex()), logs.String())
	require.Equal(t, 2, strings.Count(logs.String(), "level=INFO"), logs.String())
}

// Block sync stores blocks before geth's head moves to them (about once a
// second during a catch-up), and the batcher may seal them meanwhile: the
// tags wait for the head instead of failing to mark a block that is not
// canonical yet.
func TestTagsWaitForTheHead(t *testing.T) {
	e, st, blocks := chain(t)
	ctx := context.Background()
	parent := blocks[6]
	for n := uint64(7); n <= 8; n++ { // stored, not canonical
		b, err := e.BuildBlock(ctx, parent.Hash(), execution.BuildAttrs{Timestamp: parent.Time() + 1})
		require.NoError(t, err)
		_, err = e.ImportBlock(ctx, b)
		require.NoError(t, err)
		blocks, parent = append(blocks, b), b
	}
	require.NoError(t, st.SaveBatch(&store.SealedBatch{Batch: rollup.Batch{Number: 4, FirstBlock: 7, LastBlock: 8,
		LastBlockHash: parent.Hash(), StateRoot: parent.Root()}}, nil))
	l1 := &fakeL1{committed: 4, verified: 4, batches: st}
	svc := blocktags.New(l1, st, e, blocks[0].Hash(), chainID, 0, slog.New(slog.DiscardHandler))

	_, err := svc.Step(ctx)
	require.NoError(t, err, "batch 4's last block is above the head: no error")
	safe, fin := svc.Tags()
	require.Equal(t, uint64(0), safe.Batch, "batch 4 waits for the head")
	require.Equal(t, uint64(0), fin.Batch)

	require.NoError(t, e.MoveHead(ctx, parent.Hash()))
	_, err = svc.Step(ctx)
	require.NoError(t, err)
	safe, fin = svc.Tags()
	require.Equal(t, blocktags.Tag{Batch: 4, Block: 8, Hash: parent.Hash()}, safe)
	require.Equal(t, blocktags.Tag{Batch: 4, Block: 8, Hash: parent.Hash()}, fin)
}
