package node

import (
	"context"
	"errors"
	"fmt"

	"github.com/cairn-rollup/cairn/l1/committer"
	"github.com/cairn-rollup/cairn/l1/proofsender"
	"github.com/cairn-rollup/cairn/l1/proposer"
)

// The operator role runs on the one node that holds the L1 operator key:
// it commits sealed batches with their attestation certificates, and sends
// the verify transactions with their proofs. (The same node proves: see
// prover.go.)

type operator struct {
	committer *committer.Committer // nil with the committer off
	svc       *services
}

// startOperator runs the committer and the proof sender; sealed is
// signalled when the batcher stores a batch. It returns nil on a node
// without the operator key.
func (n *Node) startOperator(sealed <-chan struct{}) *operator {
	if n.keys.Operator == nil {
		return nil
	}
	o := &operator{svc: n.newServices()}
	if n.cfg.Committer.Enabled {
		c := committer.New(n.proposer, n.store, n.genesis.L2ChainID(), n.cfg.Committer.CheckInterval.Duration,
			sealed, n.log.With("service", "committer")).WithCertificates(n.votes.certificates()).WithData(n.batchData).ReportOutagesTo(n.l1Outages)
		o.committer = c
		o.svc.run("committer", func(ctx context.Context) error { c.Run(ctx); return nil })
	}
	if n.cfg.ProofSender.Enabled {
		s := proofsender.New(n.proposer, n.store, n.cfg.ProofSender.CheckInterval.Duration, nil, n.log.With("service", "proofsender")).ReportOutagesTo(n.l1Outages)
		o.svc.run("proofsender", func(ctx context.Context) error { s.Run(ctx); return nil })
	}
	return o
}

// errBatchDataNotWired: see batchData.
var errBatchDataNotWired = errors.New("the node does not produce batch data yet (rollup/batchdata is not wired into the sealer and committer)")

// batchData is the committer's source of the data each commit carries
// (committer.Data): the payload of sealed batch n, whose commitment the
// sealer put in the batch's DataCommitment before the attesters signed it.
//
// Hook: the encoding (rollup/batchdata) and the sealer that stores a batch's
// data and commitment land separately; until they are wired here, every
// commit fails with errBatchDataNotWired.
func (n *Node) batchData(batch uint64) (proposer.Payload, error) {
	return proposer.Payload{}, fmt.Errorf("batch %d: %w", batch, errBatchDataNotWired)
}

// waiting says whether the committer waits for a certificate (nil when
// this node commits nothing).
func (o *operator) waiting() func() bool {
	if o == nil || o.committer == nil {
		return nil
	}
	c := o.committer
	return func() bool { return c.Status() != "" }
}

func (o *operator) stop() {
	if o != nil {
		o.svc.stop()
	}
}
