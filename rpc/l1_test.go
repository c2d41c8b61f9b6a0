package rpc

import (
	"context"
	"errors"
	"log/slog"
	"math/big"
	"sync"
	"testing"

	"github.com/cairn-rollup/cairn/l1/blocktags"
	"github.com/cairn-rollup/cairn/store"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/stretchr/testify/require"
)

// proposerL1 is the OnChainProposer as the block tags read it, holding
// the node's batches, and counting the reads of its counters.
type proposerL1 struct {
	mu                  sync.Mutex
	committed, verified uint64
	err                 error
	reads               int
	batches             *store.Store
}

func (p *proposerL1) LastCommitted(context.Context) (uint64, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.reads++
	return p.committed, p.err
}

func (p *proposerL1) LastVerified(context.Context) (uint64, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.reads++
	return p.verified, p.err
}

func (p *proposerL1) CommittedHash(_ context.Context, n uint64) (common.Hash, error) {
	sb, err := p.batches.Batch(n)
	if err != nil {
		return common.Hash{}, err
	}
	return sb.Batch.Hash(9), nil
}

func (p *proposerL1) set(committed, verified uint64, err error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.committed, p.verified, p.err = committed, verified, err
}

func (p *proposerL1) counterReads() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.reads
}

type executionFake struct{}

func (executionFake) SetSafeAndFinalized(context.Context, common.Hash, common.Hash) error { return nil }

// Head is far ahead: every batch's last block is canonical.
func (executionFake) Head() *types.Header { return &types.Header{Number: big.NewInt(1 << 40)} }

// The API answers from the counters the block tags read once a poll (a
// poll per L1 block or more often): RPC calls, however many, read nothing
// of L1, and the answers follow L1 from one poll to the next.
func TestBatchNumbersComeFromTheBlockTagsPoll(t *testing.T) {
	_, st := setup(t)
	ctx := context.Background()
	fake := &proposerL1{batches: st}
	tags := blocktags.New(fake, st, executionFake{}, common.Hash{}, 9, 0, slog.New(slog.DiscardHandler))
	api := New(st, tags, testChain(nil), &bridgeFake{}, 9)

	n, err := api.BatchNumber()
	require.NoError(t, err)
	require.Nil(t, n.Committed)
	require.Contains(t, n.L1Error, blocktags.ErrNotRead.Error(), "before the first poll")

	polls := []struct {
		name                string
		committed, verified uint64
		err                 error
		reads               int // of the counters, since the start
	}{
		{"batch 2 committed, 1 verified", 2, 1, nil, 2},
		{"L1 moved: batch 3 committed and verified", 3, 3, nil, 4},
		{"L1 down: the first read fails", 3, 3, errors.New("connection refused"), 5},
	}
	for _, p := range polls {
		fake.set(p.committed, p.verified, p.err)
		_, err := tags.Step(ctx)
		require.Equal(t, p.err != nil, err != nil, p.name)
		require.Equal(t, p.reads, fake.counterReads(), "%s: a poll reads each counter once", p.name)
		for range 100 {
			n, err := api.BatchNumber()
			require.NoError(t, err)
			s, err := api.GetProofStatus(2)
			require.NoError(t, err)
			if p.err != nil {
				require.Contains(t, n.L1Error, "connection refused", p.name)
				require.Nil(t, s.Committed, p.name)
				continue
			}
			require.Equal(t, BatchNumbers{Sealed: 3, Committed: u64(p.committed), Verified: u64(p.verified)}, *n, p.name)
			require.Equal(t, ProofStatus{Batch: 2, Sealed: true, Committed: boolPtr(true), Verified: boolPtr(p.verified >= 2)}, *s, p.name)
		}
		require.Equal(t, p.reads, fake.counterReads(), "%s: RPC calls read L1", p.name)
	}
}
