// Package blocktags gives the L2 block tags their rollup meaning: `safe`
// is the last block of the last batch committed on L1, `finalized` the
// last block of the last batch verified on L1 (`latest` is consensus's
// newest final block). It polls the OnChainProposer's counters and the
// node's sealed batches and marks the blocks in geth, so that wallets and
// bridges that wait for `finalized` wait for L1. Neither tag moves
// backwards on a node, not even when L1 reorganises a commit away.
package blocktags

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/cairn-rollup/cairn/l1/outage"
	"github.com/cairn-rollup/cairn/l1/stepper"
	"github.com/cairn-rollup/cairn/store"
	"github.com/ethereum/go-ethereum/common"
)

// L1 tells how far L1 has committed and verified.
type L1 interface {
	LastCommitted(ctx context.Context) (uint64, error)
	LastVerified(ctx context.Context) (uint64, error)
}

// Batches are the node's sealed batches.
type Batches interface {
	LastSealed() (uint64, error)
	Batch(n uint64) (*store.SealedBatch, error)
}

// Execution is the execution layer, whose safe and finalized blocks the
// service marks (execution.Geth is one).
type Execution interface {
	SetSafeAndFinalized(ctx context.Context, safe, finalized common.Hash) error
}

// Tag is a block a tag points at.
type Tag struct {
	Batch uint64
	Block uint64
	Hash  common.Hash
}

// Service is the block tags service.
type Service struct {
	outages   *outage.Reporter // L1 outages are reported to it; nil: the loop's own
	l1        L1
	batches   Batches
	execution Execution
	genesis   common.Hash // the L2 genesis block: the last block of batch 0
	interval  time.Duration
	log       *slog.Logger

	mu              sync.Mutex
	safe, finalized Tag
	set             bool
}

// ReportOutagesTo makes the loop report L1 outages to rep, which the
// node's L1 loops share, so that an outage is one Warn and one Info line
// for the node.
func (s *Service) ReportOutagesTo(rep *outage.Reporter) *Service {
	s.outages = rep
	return s
}

// New returns the service; genesis is the L2 genesis block's hash.
func New(l1 L1, batches Batches, execution Execution, genesis common.Hash, interval time.Duration, log *slog.Logger) *Service {
	if interval <= 0 {
		interval = time.Second
	}
	return &Service{l1: l1, batches: batches, execution: execution, genesis: genesis, interval: interval, log: log}
}

// Run follows L1 until ctx ends.
func (s *Service) Run(ctx context.Context) {
	stepper.RunReporting(ctx, s.log, s.outages, s.interval, nil, s.Step)
}

// Step reads L1 and moves the tags if they changed. It never reports
// progress: the next look is one interval later.
func (s *Service) Step(ctx context.Context) (bool, error) {
	committed, err := s.l1.LastCommitted(ctx)
	if err != nil {
		return false, err
	}
	verified, err := s.l1.LastVerified(ctx)
	if err != nil {
		return false, err
	}
	sealed, err := s.batches.LastSealed()
	if err != nil {
		return false, fmt.Errorf("last sealed batch: %w", err)
	}
	// A node behind L1 (catching up) marks the newest batch it has.
	safe, err := s.tag(min(committed, sealed))
	if err != nil {
		return false, err
	}
	fin, err := s.tag(min(verified, committed, sealed))
	if err != nil {
		return false, err
	}
	s.mu.Lock()
	if s.set { // never backwards (an L1 reorg, an L1 endpoint behind the last)
		safe, fin = later(s.safe, safe), later(s.finalized, fin)
	}
	same := s.set && s.safe == safe && s.finalized == fin
	s.mu.Unlock()
	if same {
		return false, nil
	}
	if err := s.execution.SetSafeAndFinalized(ctx, safe.Hash, fin.Hash); err != nil {
		return false, fmt.Errorf("mark safe block %d (batch %d), finalized block %d (batch %d): %w",
			safe.Block, safe.Batch, fin.Block, fin.Batch, err)
	}
	s.mu.Lock()
	s.safe, s.finalized, s.set = safe, fin, true
	s.mu.Unlock()
	s.log.Debug("L2 block tags moved", "safe", safe.Block, "safe_batch", safe.Batch, "finalized", fin.Block, "finalized_batch", fin.Batch)
	return false, nil
}

// Tags are the blocks last marked safe and finalized (zero before the
// first mark).
func (s *Service) Tags() (safe, finalized Tag) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.safe, s.finalized
}

// later is the later of two tags: the current one unless the new one is
// above it.
func later(cur, next Tag) Tag {
	if next.Block < cur.Block {
		return cur
	}
	return next
}

func (s *Service) tag(batch uint64) (Tag, error) {
	if batch == 0 {
		return Tag{Hash: s.genesis}, nil
	}
	sb, err := s.batches.Batch(batch)
	if errors.Is(err, store.ErrNotFound) {
		return Tag{}, fmt.Errorf("batch %d is sealed but not stored: %w", batch, err)
	}
	if err != nil {
		return Tag{}, fmt.Errorf("batch %d: %w", batch, err)
	}
	return Tag{Batch: batch, Block: sb.Batch.LastBlock, Hash: sb.Batch.LastBlockHash}, nil
}
