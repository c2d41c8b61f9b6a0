package attest

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/cairn-rollup/cairn/l1/outage"
	"github.com/cairn-rollup/cairn/l1/stepper"
	"github.com/ethereum/go-ethereum/common"
)

// DefaultAttestInterval is how often the attester looks for batches to sign
// when it is not woken.
const DefaultAttestInterval = 2 * time.Second

// DepositsL1 is the L1 view the attester checks a batch against before it signs.
type DepositsL1 interface {
	DepositHash(ctx context.Context, id uint64) (common.Hash, error)
	LastCommitted(ctx context.Context) (uint64, error)
}

// Publish sends this node's vote to the network.
type Publish func(ctx context.Context, v Vote) error

// Attester signs every batch this node's own execution sealed, once its
// deposits match L1's, and hands the vote to its pool and to publish.
type Attester struct {
	outages  *outage.Reporter // L1 outages are reported to it; nil: the loop's own
	signer   *Signer
	batches  Batches
	l1       DepositsL1
	pool     *Pool
	publish  Publish
	interval time.Duration
	wake     <-chan struct{}
	log      *slog.Logger
	next     uint64 // the next batch to sign; 0 until read from L1
	// outside: the last batch tried had a committee without this key (said
	// once at Info, and again when the key signs).
	outside bool
}

// ReportOutagesTo makes the loop report L1 outages to rep, which the
// node's L1 loops share, so that an outage is one Warn and one Info line
// for the node.
func (a *Attester) ReportOutagesTo(rep *outage.Reporter) *Attester {
	a.outages = rep
	return a
}

// NewAttester returns the attester service. pool is this node's pool;
// publish may be nil (no network yet); wake (may be nil) signals a newly
// sealed batch.
func NewAttester(signer *Signer, batches Batches, l1 DepositsL1, pool *Pool, publish Publish, interval time.Duration, wake <-chan struct{}, log *slog.Logger) *Attester {
	if interval == 0 {
		interval = DefaultAttestInterval
	}
	return &Attester{signer: signer, batches: batches, l1: l1, pool: pool, publish: publish, interval: interval, wake: wake, log: log}
}

// Run signs until ctx ends. Failures (L1 down, a batch whose deposits L1
// does not have) are logged and retried; they never stop the node.
func (a *Attester) Run(ctx context.Context) {
	stepper.RunReporting(ctx, a.log, a.outages, a.interval, a.wake, a.Step)
}

// Step signs the next sealed batch, if any; it reports whether it signed.
func (a *Attester) Step(ctx context.Context) (bool, error) {
	if a.next == 0 {
		// Start at the first batch L1 has not committed: an attester that
		// starts late still signs every batch that needs a certificate.
		last, err := a.l1.LastCommitted(ctx)
		if err != nil {
			return false, fmt.Errorf("attester: %w", err)
		}
		a.next = last + 1
	}
	sealed, err := a.batches.LastSealed()
	if err != nil {
		return false, fmt.Errorf("attester: %w", err)
	}
	if a.next > sealed {
		return false, a.resend(ctx)
	}
	if a.next < sealed {
		// Behind by more than one batch (the node synced a stretch, or
		// signing failed for a while): batches L1 has committed since need
		// no vote, so skip to the first one it has not.
		last, err := a.l1.LastCommitted(ctx)
		if err != nil {
			return false, fmt.Errorf("attester: %w", err)
		}
		if last >= a.next {
			a.log.Debug("Attester skips batches L1 has committed", "from", a.next, "to", last)
			a.next = last + 1
			if a.next > sealed {
				return false, nil
			}
		}
	}
	n := a.next
	if err := a.attest(ctx, n); err != nil {
		return false, err
	}
	a.next = n + 1
	return true, nil
}

// resend signs again the batch the pool waits for, when this attester's vote
// is not among those counted: a committee set on L1 after the batch was
// signed (the vote was refused then), or a vote the network lost.
func (a *Attester) resend(ctx context.Context) error {
	st := a.pool.Status(ctx)
	if st.Error != "" || st.NextBatch == 0 || st.NextBatch >= a.next {
		return nil
	}
	for _, s := range st.Signers {
		if s == a.signer.Address() {
			return nil
		}
	}
	return a.attest(ctx, st.NextBatch)
}

// attest checks batch n's deposits against L1, signs it, and hands the
// vote to the pool and, if the pool takes it, to the network.
func (a *Attester) attest(ctx context.Context, n uint64) error {
	sb, err := a.batches.Batch(n)
	if err != nil {
		return fmt.Errorf("attester: %w", err)
	}
	b := &sb.Batch
	onL1, err := a.l1.DepositHash(ctx, b.LastDepositID)
	if err != nil {
		return fmt.Errorf("attester: check deposits of batch %d: %w", n, err)
	}
	if onL1 != b.DepositsRollingHash {
		return fmt.Errorf("attester: not signing batch %d: its deposits rolling hash %s through deposit %d differs from L1's %s",
			n, b.DepositsRollingHash, b.LastDepositID, onL1)
	}
	v, err := a.signer.Sign(n, b.Hash(a.signer.domain.L2ChainID))
	if err != nil {
		return err
	}
	a.pool.OnSealed(ctx, b)
	err = a.pool.Add(ctx, v)
	switch {
	case errors.Is(err, ErrNoCommittee), errors.Is(err, ErrNotInCommittee), errors.Is(err, ErrCommitted):
		// Nobody needs the vote: do not send it around.
		if errors.Is(err, ErrNotInCommittee) {
			a.noteOutside(n, true)
		}
		a.log.Debug("Batch not attested: this key is not in a committee for it", "batch", n, "err", err)
		return nil
	case err != nil:
		a.log.Warn("Own attestation not taken by the pool", "batch", n, "err", err)
	default:
		a.noteOutside(n, false)
	}
	if a.publish != nil {
		if err := a.publish(ctx, v); err != nil {
			a.log.Warn("Publish attestation", "batch", n, "err", err)
		}
	}
	a.log.Debug("Batch attested", "batch", n, "hash", v.BatchHash)
	return nil
}

// noteOutside logs at Info when this node's attester key leaves the
// committee (from batch n) and when it signs again: a node whose key is
// on no committee, a full node's say, runs the attester and signs nothing.
func (a *Attester) noteOutside(n uint64, outside bool) {
	switch {
	case outside && !a.outside:
		a.log.Info("This node's attester key is not on the committee: it signs no batch until it is", "batch", n, "attester", a.signer.Address())
	case !outside && a.outside:
		a.log.Info("This node's attester key is on the committee: it signs again", "batch", n, "attester", a.signer.Address())
	}
	a.outside = outside
}
