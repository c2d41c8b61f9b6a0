package node

import (
	"context"

	"github.com/cairn-rollup/cairn/l1/committer"
	"github.com/cairn-rollup/cairn/l1/proofsender"
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
			sealed, n.log.With("service", "committer")).WithCertificates(n.votes.certificates()).ReportOutagesTo(n.l1Outages)
		o.committer = c
		o.svc.run("committer", func(ctx context.Context) error { c.Run(ctx); return nil })
	}
	if n.cfg.ProofSender.Enabled {
		s := proofsender.New(n.proposer, n.store, n.cfg.ProofSender.CheckInterval.Duration, nil, n.log.With("service", "proofsender")).ReportOutagesTo(n.l1Outages)
		o.svc.run("proofsender", func(ctx context.Context) error { s.Run(ctx); return nil })
	}
	return o
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
