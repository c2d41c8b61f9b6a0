// Package committer commits sealed batches to L1 in order. Its state is
// L1's own lastCommittedBatch, read before every step, so a restart or a
// transaction lost in flight needs no bookkeeping of its own. Before it
// commits on top of batch N it checks that L1 holds this node's batch N,
// and stops with an error if L1 disagrees.
package committer

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/cairn-rollup/cairn/l1/stepper"
	"github.com/cairn-rollup/cairn/rollup"
	"github.com/cairn-rollup/cairn/store"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
)

// L1 is the OnChainProposer as the committer uses it.
type L1 interface {
	LastCommitted(ctx context.Context) (uint64, error)
	CommittedHash(ctx context.Context, n uint64) (common.Hash, error)
	Commit(ctx context.Context, b *rollup.Batch, attestations [][]byte) (*types.Receipt, error)
}

// Batches are the node's sealed batches.
type Batches interface {
	LastSealed() (uint64, error)
	Batch(n uint64) (*store.SealedBatch, error)
}

// Committer is the batch commit service.
type Committer struct {
	l1       L1
	batches  Batches
	chainID  uint64
	interval time.Duration
	wake     <-chan struct{}
	log      *slog.Logger
}

// New returns a committer; wake (may be nil) signals a newly sealed batch.
func New(l1 L1, batches Batches, l2ChainID uint64, interval time.Duration, wake <-chan struct{}, log *slog.Logger) *Committer {
	return &Committer{l1: l1, batches: batches, chainID: l2ChainID, interval: interval, wake: wake, log: log}
}

// Run commits until ctx ends.
func (c *Committer) Run(ctx context.Context) {
	stepper.Run(ctx, c.log, c.interval, c.wake, c.Step)
}

// Step commits the next batch if it is sealed.
func (c *Committer) Step(ctx context.Context) (bool, error) {
	last, err := c.l1.LastCommitted(ctx)
	if err != nil {
		return false, err
	}
	sealed, err := c.batches.LastSealed()
	if err != nil {
		return false, err
	}
	if last >= sealed {
		return false, nil
	}
	if last > 0 {
		ours, err := c.batches.Batch(last)
		if err != nil {
			return false, err
		}
		onL1, err := c.l1.CommittedHash(ctx, last)
		if err != nil {
			return false, err
		}
		if want := ours.Batch.Hash(c.chainID); onL1 != want {
			return false, fmt.Errorf("L1 holds batch %d with hash %s but this node sealed %s: not committing on top of it", last, onL1, want)
		}
	}
	sb, err := c.batches.Batch(last + 1)
	if err != nil {
		return false, err
	}
	start := time.Now()
	r, err := c.l1.Commit(ctx, &sb.Batch, nil)
	if err != nil {
		return false, err
	}
	c.log.Info("batch committed on L1", "batch", sb.Batch.Number, "blocks", fmt.Sprintf("%d..%d", sb.Batch.FirstBlock, sb.Batch.LastBlock),
		"tx", r.TxHash, "l1Block", r.BlockNumber, "gas", r.GasUsed, "took", time.Since(start).Round(time.Millisecond))
	return true, nil
}
