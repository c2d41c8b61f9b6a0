// Package committer commits sealed batches to L1 in order. Its state is
// L1's own lastCommittedBatch, read before every step, so a restart or a
// transaction lost in flight needs no bookkeeping of its own. Before it
// commits on top of batch N it checks that L1 holds this node's batch N,
// and stops with an error if L1 disagrees.
//
// When an attester committee applies to the next batch on L1, the batch is
// committed with the committee's certificate; until there is one the
// committer waits, and Status says so. It never sends a commit L1 would
// refuse for want of attestations.
//
// Each commit carries the batch's data, in calldata or in blobs, as the
// Data function the node gives (WithData) returns it: its commitment must be
// the sealed batch's DataCommitment, which the attesters signed.
package committer

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/cairn-rollup/cairn/attest"
	"github.com/cairn-rollup/cairn/l1/outage"
	"github.com/cairn-rollup/cairn/l1/proposer"
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
	Commit(ctx context.Context, b *rollup.Batch, attestations [][]byte, payload proposer.Payload) (*types.Receipt, error)
}

// Data returns the payload that carries sealed batch n's data to L1 (its
// encoding, in calldata or blobs), whose commitment is the batch's
// DataCommitment. It is called for every commit attempt, so it must give the
// same data for a batch each time (a resend after a restart replaces the
// transaction the L1 pool may still hold).
type Data func(ctx context.Context, batch uint64) (proposer.Payload, error)

// ErrNoData is returned by a step when the committer has no Data function:
// it cannot commit without the batch's data.
var ErrNoData = errors.New("no source of batch data (committer.WithData): a batch cannot be committed without its data")

// Batches are the node's sealed batches.
type Batches interface {
	LastSealed() (uint64, error)
	Batch(n uint64) (*store.SealedBatch, error)
}

// Certificates give the attestations to commit batch n (hash h) with: nil
// when no committee applies to n on L1, an *attest.WaitingError while one
// applies and there is no certificate (*attest.Pool).
type Certificates interface {
	Attestations(ctx context.Context, n uint64, h common.Hash) ([][]byte, error)
}

// Committer is the batch commit service.
type Committer struct {
	outages   *outage.Reporter // L1 outages are reported to it; nil: the loop's own
	l1        L1
	batches   Batches
	chainID   uint64
	interval  time.Duration
	wake      <-chan struct{}
	log       *slog.Logger
	certs     Certificates
	certified <-chan struct{}
	data      Data

	mu     sync.Mutex
	status string
}

// ReportOutagesTo makes the loop report L1 outages to rep, which the
// node's L1 loops share, so that an outage is one Warn and one Info line
// for the node.
func (c *Committer) ReportOutagesTo(rep *outage.Reporter) *Committer {
	c.outages = rep
	return c
}

// New returns a committer; wake (may be nil) signals a newly sealed batch.
func New(l1 L1, batches Batches, l2ChainID uint64, interval time.Duration, wake <-chan struct{}, log *slog.Logger) *Committer {
	return &Committer{l1: l1, batches: batches, chainID: l2ChainID, interval: interval, wake: wake, log: log}
}

// WithCertificates makes the committer send certificates (and wait for
// them where a committee applies); certified (may be nil) signals a new
// certificate. Without it every batch is committed with an empty list.
func (c *Committer) WithCertificates(certs Certificates, certified <-chan struct{}) *Committer {
	c.certs, c.certified = certs, certified
	return c
}

// WithData sets where the committer gets the data of the batches it commits.
func (c *Committer) WithData(data Data) *Committer {
	c.data = data
	return c
}

// Status is "" while the committer is not held up, else why it waits, as
// "waiting for attestations: batch N, weight x of quorum y".
func (c *Committer) Status() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.status
}

// Run commits until ctx ends. It wakes on a sealed batch and on a new certificate.
func (c *Committer) Run(ctx context.Context) {
	if c.certified == nil {
		stepper.RunReporting(ctx, c.log, c.outages, c.interval, c.wake, c.Step)
		return
	}
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	defer func() { cancel(); wg.Wait() }()
	wake := make(chan struct{}, 1)
	for _, in := range []<-chan struct{}{c.wake, c.certified} {
		if in == nil {
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-ctx.Done():
					return
				case <-in:
					select {
					case wake <- struct{}{}:
					default:
					}
				}
			}
		}()
	}
	stepper.RunReporting(ctx, c.log, c.outages, c.interval, wake, c.Step)
}

func (c *Committer) setStatus(s string) {
	c.mu.Lock()
	changed := c.status != s
	c.status = s
	c.mu.Unlock()
	if changed && s != "" {
		c.log.Info(s)
	}
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
	var sigs [][]byte
	if c.certs != nil {
		sigs, err = c.certs.Attestations(ctx, sb.Batch.Number, sb.Batch.Hash(c.chainID))
		var waiting *attest.WaitingError
		if errors.As(err, &waiting) {
			c.setStatus(waiting.Error())
			return false, nil
		}
		if err != nil {
			return false, fmt.Errorf("attestations for batch %d: %w", sb.Batch.Number, err)
		}
	}
	c.setStatus("")
	if c.data == nil {
		return false, fmt.Errorf("batch %d: %w", sb.Batch.Number, ErrNoData)
	}
	payload, err := c.data(ctx, sb.Batch.Number)
	if err != nil {
		return false, fmt.Errorf("data of batch %d: %w", sb.Batch.Number, err)
	}
	start := time.Now()
	r, err := c.l1.Commit(ctx, &sb.Batch, sigs, payload)
	if err != nil {
		return false, err
	}
	c.log.Info("Batch committed on L1", "batch", sb.Batch.Number, "blocks", fmt.Sprintf("%d..%d", sb.Batch.FirstBlock, sb.Batch.LastBlock),
		"attestations", len(sigs), "data", payloadKind(payload), "tx", r.TxHash, "l1_block", r.BlockNumber, "gas", r.GasUsed, "took", time.Since(start).Round(time.Millisecond))
	return true, nil
}

// payloadKind says how a payload carries its data, for the log.
func payloadKind(p proposer.Payload) string {
	if p.Blobs != nil {
		return fmt.Sprintf("%d blobs", len(p.Blobs.Blobs))
	}
	return fmt.Sprintf("%d bytes of calldata", len(p.Calldata))
}
