package node

import (
	"context"
	"fmt"

	"github.com/cairn-rollup/cairn/l1/blobtx"
	"github.com/cairn-rollup/cairn/l1/committer"
	"github.com/cairn-rollup/cairn/l1/proofsender"
	"github.com/cairn-rollup/cairn/l1/proposer"
	"github.com/cairn-rollup/cairn/rollup/batchdata"
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
	l1 := recordingProposer{Proposer: n.proposer, txs: n.l1Txs} // the status page shows the transactions
	if n.cfg.Committer.Enabled {
		c := committer.New(l1, n.store, n.genesis.L2ChainID(), n.cfg.Committer.CheckInterval.Duration,
			sealed, n.log.With("service", "committer")).WithCertificates(n.votes.certificates()).WithData(n.batchData).ReportOutagesTo(n.l1Outages)
		o.committer = c
		o.svc.run("committer", func(ctx context.Context) error { c.Run(ctx); return nil })
	}
	if n.cfg.ProofSender.Enabled {
		s := proofsender.New(l1, n.store, n.cfg.ProofSender.CheckInterval.Duration, nil, n.log.With("service", "proofsender")).ReportOutagesTo(n.l1Outages)
		o.svc.run("proofsender", func(ctx context.Context) error { s.Run(ctx); return nil })
	}
	return o
}

// batchData is the committer's source of the data each commit carries
// (committer.Data): sealed batch n's data (Batcher.Data), whose
// commitment is the batch's DataCommitment, in calldata or in blobs as the
// genesis says; blob sidecars in the version L1 takes (blobtx).
func (n *Node) batchData(ctx context.Context, batch uint64) (proposer.Payload, error) {
	data, err := n.batches.batcher.Data(batch)
	if err != nil {
		return proposer.Payload{}, err
	}
	if n.genesis.DataAvailability == batchdata.Calldata {
		return proposer.Payload{Calldata: data}, nil
	}
	blobs, err := batchdata.ToBlobs(data)
	if err != nil {
		return proposer.Payload{}, fmt.Errorf("batch %d: %w", batch, err)
	}
	sidecar, err := blobtx.Sidecar(ctx, n.l1.Client(), blobs)
	if err != nil {
		return proposer.Payload{}, fmt.Errorf("batch %d: %w", batch, err)
	}
	return proposer.Payload{Blobs: sidecar}, nil
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
