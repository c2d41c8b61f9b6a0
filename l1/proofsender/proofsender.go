// Package proofsender verifies committed batches on L1 in order, with the
// proofs the prover coordinator accepted. Like the committer, it reads
// lastVerifiedBatch from L1 before every step and keeps no state of its own.
package proofsender

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/cairn-rollup/cairn/l1/outage"
	"github.com/cairn-rollup/cairn/l1/stepper"
	"github.com/cairn-rollup/cairn/store"
	"github.com/ethereum/go-ethereum/core/types"
)

// L1 is the OnChainProposer as the proof sender uses it.
type L1 interface {
	LastCommitted(ctx context.Context) (uint64, error)
	LastVerified(ctx context.Context) (uint64, error)
	RequiredProofTypes(ctx context.Context) ([]uint8, error)
	Verify(ctx context.Context, n uint64, proofTypes []uint8, proofs [][]byte) (*types.Receipt, error)
}

// Proofs are the accepted proofs, by batch and type.
type Proofs interface {
	Proof(n uint64, proofType uint8) ([]byte, error)
}

// Sender is the proof sending service.
type Sender struct {
	outages  *outage.Reporter // L1 outages are reported to it; nil: the loop's own
	l1       L1
	proofs   Proofs
	interval time.Duration
	wake     <-chan struct{}
	log      *slog.Logger
}

// ReportOutagesTo makes the loop report L1 outages to rep, which the
// node's L1 loops share, so that an outage is one Warn and one Info line
// for the node.
func (s *Sender) ReportOutagesTo(rep *outage.Reporter) *Sender {
	s.outages = rep
	return s
}

// New returns a proof sender; wake (may be nil) signals a new proof or commit.
func New(l1 L1, proofs Proofs, interval time.Duration, wake <-chan struct{}, log *slog.Logger) *Sender {
	return &Sender{l1: l1, proofs: proofs, interval: interval, wake: wake, log: log}
}

// Run sends proofs until ctx ends.
func (s *Sender) Run(ctx context.Context) {
	stepper.RunReporting(ctx, s.log, s.outages, s.interval, s.wake, s.Step)
}

// Step verifies the next committed batch if every required proof is there.
func (s *Sender) Step(ctx context.Context) (bool, error) {
	verified, err := s.l1.LastVerified(ctx)
	if err != nil {
		return false, err
	}
	committed, err := s.l1.LastCommitted(ctx)
	if err != nil {
		return false, err
	}
	n := verified + 1
	if n > committed {
		return false, nil
	}
	types, err := s.l1.RequiredProofTypes(ctx)
	if err != nil {
		return false, err
	}
	proofs := make([][]byte, len(types))
	for i, t := range types {
		p, err := s.proofs.Proof(n, t)
		if errors.Is(err, store.ErrNotFound) {
			return false, nil // not proven yet
		}
		if err != nil {
			return false, fmt.Errorf("proof of batch %d type %d: %w", n, t, err)
		}
		proofs[i] = p
	}
	start := time.Now()
	r, err := s.l1.Verify(ctx, n, types, proofs)
	if err != nil {
		return false, err
	}
	s.log.Info("Batch verified on L1", "batch", n, "tx", r.TxHash, "l1_block", r.BlockNumber, "gas", r.GasUsed,
		"took", time.Since(start).Round(time.Millisecond))
	return true, nil
}
