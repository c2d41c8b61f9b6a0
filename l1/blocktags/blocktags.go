// Package blocktags gives the L2 block tags their rollup meaning: `safe`
// is the last block of the last batch committed on L1, `finalized` the
// last block of the last batch verified on L1 (`latest` is consensus's
// newest final block). It polls the OnChainProposer's counters and the
// node's sealed batches and marks the blocks in geth, so that wallets and
// bridges that wait for `finalized` wait for L1. A tag moves to a batch
// only when the batch hash L1 holds for it is the node's own: after a
// revert and a different commit, L1's batch is not the node's and the
// tags wait (Diverged). Neither tag moves backwards on a node, not even
// when L1 reorganises a commit away. The counters each poll reads are
// published (Counters), so that the RPC answers without reading L1.
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
	"github.com/ethereum/go-ethereum/core/types"
)

// ErrNotRead is what Counters returns before the first poll read L1.
var ErrNotRead = errors.New("the node has not read L1 yet")

// L1 tells how far L1 has committed and verified, and what it committed.
type L1 interface {
	LastCommitted(ctx context.Context) (uint64, error)
	LastVerified(ctx context.Context) (uint64, error)
	// CommittedHash is the batch hash L1 stores for batch n (zero if none).
	CommittedHash(ctx context.Context, n uint64) (common.Hash, error)
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
	// Head is the canonical head: a tag goes no further (block sync
	// stores blocks before it moves the head to them).
	Head() *types.Header
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
	l2ChainID uint64
	interval  time.Duration
	log       *slog.Logger

	mu                  sync.Mutex
	safe, finalized     Tag
	set                 bool
	committed, verified uint64 // as the last poll read them
	l1Err               error  // of the last poll's read
	diverged            *divergence
}

// divergence is a batch L1 holds with another hash than the node's.
type divergence struct {
	batch        uint64
	onL1, sealed common.Hash
}

// ReportOutagesTo makes the loop report L1 outages to rep, which the
// node's L1 loops share, so that an outage is one Warn and one Info line
// for the node.
func (s *Service) ReportOutagesTo(rep *outage.Reporter) *Service {
	s.outages = rep
	return s
}

// New returns the service; genesis is the L2 genesis block's hash, the
// tags' place until L1 commits a batch.
func New(l1 L1, batches Batches, execution Execution, genesis common.Hash, l2ChainID uint64, interval time.Duration, log *slog.Logger) *Service {
	if interval <= 0 {
		interval = time.Second
	}
	g := Tag{Hash: genesis}
	return &Service{l1: l1, batches: batches, execution: execution, l2ChainID: l2ChainID, interval: interval, log: log,
		safe: g, finalized: g, l1Err: ErrNotRead}
}

// Run follows L1 until ctx ends.
func (s *Service) Run(ctx context.Context) {
	stepper.RunReporting(ctx, s.log, s.outages, s.interval, nil, s.Step)
}

// Step reads L1 and moves the tags if they changed. It never reports
// progress: the next look is one interval later.
func (s *Service) Step(ctx context.Context) (bool, error) {
	committed, verified, err := s.readCounters(ctx)
	if err != nil {
		return false, err
	}
	sealed, err := s.batches.LastSealed()
	if err != nil {
		return false, fmt.Errorf("last sealed batch: %w", err)
	}
	s.mu.Lock()
	cur, curFin, set := s.safe, s.finalized, s.set
	s.mu.Unlock()
	// A node behind L1 (catching up) marks the newest batch it has, once
	// its last block is canonical.
	head := s.execution.Head().Number.Uint64()
	safe, diverged, err := s.next(ctx, cur, min(committed, sealed), head)
	if err != nil {
		return false, err
	}
	fin := curFin
	if diverged == nil {
		if fin, diverged, err = s.next(ctx, curFin, min(verified, committed, sealed), head); err != nil {
			return false, err
		}
	}
	s.report(diverged)
	if set && safe == cur && fin == curFin {
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

// Tags are the blocks last marked safe and finalized (genesis before the
// first mark).
func (s *Service) Tags() (safe, finalized Tag) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.safe, s.finalized
}

// Counters are lastCommittedBatch and lastVerifiedBatch as the last poll
// read them, or the error that poll's read failed with (ErrNotRead before
// the first): a reader of them costs L1 nothing.
func (s *Service) Counters() (committed, verified uint64, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.committed, s.verified, s.l1Err
}

// Diverged is the batch L1 holds with another batch hash than the node
// sealed, where the tags wait, as the last poll found it; 0 if none.
func (s *Service) Diverged() uint64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.diverged == nil {
		return 0
	}
	return s.diverged.batch
}

// readCounters reads verified before committed, so that verified <=
// committed even if L1 moves between the two reads, and publishes them.
func (s *Service) readCounters(ctx context.Context) (committed, verified uint64, err error) {
	defer func() {
		s.mu.Lock()
		s.committed, s.verified, s.l1Err = committed, verified, err
		s.mu.Unlock()
	}()
	if verified, err = s.l1.LastVerified(ctx); err != nil {
		return 0, 0, err
	}
	if committed, err = s.l1.LastCommitted(ctx); err != nil {
		return 0, 0, err
	}
	return committed, verified, nil
}

// next is where a tag at cur goes for batch n: n's last block if n is
// above cur's batch (never backwards: an L1 reorg, an L1 endpoint behind
// the last), that block is at most head, and L1 holds the node's batch n;
// else cur, with the divergence if L1 holds another.
func (s *Service) next(ctx context.Context, cur Tag, n, head uint64) (Tag, *divergence, error) {
	if n <= cur.Batch {
		return cur, nil, nil
	}
	sb, err := s.batches.Batch(n)
	if errors.Is(err, store.ErrNotFound) {
		return cur, nil, fmt.Errorf("batch %d is sealed but not stored: %w", n, err)
	}
	if err != nil {
		return cur, nil, fmt.Errorf("batch %d: %w", n, err)
	}
	if sb.Batch.LastBlock > head {
		return cur, nil, nil // the next Step, once the head is there
	}
	onL1, err := s.l1.CommittedHash(ctx, n)
	if err != nil {
		return cur, nil, err
	}
	if sealed := sb.Batch.Hash(s.l2ChainID); onL1 != sealed {
		return cur, &divergence{batch: n, onL1: onL1, sealed: sealed}, nil
	}
	return Tag{Batch: n, Block: sb.Batch.LastBlock, Hash: sb.Batch.LastBlockHash}, nil, nil
}

// report logs a divergence once, when it is found, and when it ends.
func (s *Service) report(d *divergence) {
	s.mu.Lock()
	prev := s.diverged
	s.diverged = d
	s.mu.Unlock()
	switch {
	case d != nil && (prev == nil || *prev != *d):
		s.log.Error("L1 holds another batch than this node sealed: the safe and finalized tags wait below it",
			"batch", d.batch, "l1_batch_hash", d.onL1, "node_batch_hash", d.sealed)
	case d == nil && prev != nil:
		s.log.Info("L1 no longer holds another batch than this node sealed: the block tags follow L1 again", "batch", prev.batch)
	}
}
