package node

import (
	"context"

	"github.com/ethereum/go-ethereum/core/types"

	"github.com/cairn-rollup/cairn/rollup"
	"github.com/cairn-rollup/cairn/rollup/batchdata"
	"github.com/cairn-rollup/cairn/rollup/batcher"
)

// The batcher, on every node: the sequencer feeds it each final block, and
// it seals the blocks into batches in the store, at once for a block
// consensus finalized, in its one goroutine (Batcher.Run) for the blocks
// block sync brings.

type batches struct {
	batcher *batcher.Batcher
	svc     *services
	// sealedToCommit and sealedToAttest are signalled when a batch is
	// sealed: the committer's and the attester's. They are taken before the
	// sequencer's recovery, which can seal batches.
	sealedToCommit, sealedToAttest <-chan struct{}
}

// startBatcher builds the batcher over geth's chain from genesis.
func (n *Node) startBatcher(genesis *types.Block) (*batches, error) {
	var pub rollup.Publisher = batchdata.Publisher{Mode: n.genesis.DataAvailability}
	if n.opts.wrapPublisher != nil {
		pub = n.opts.wrapPublisher(pub)
	}
	b, err := batcher.New(n.store, n.engine.ChainConfig(), n.genesis.Batcher, pub, genesis.Header(), n.log.With("service", "batcher"))
	if err != nil {
		return nil, err
	}
	// Only the node that proves and commits keeps witnesses, prover inputs
	// and the batches' published data; another one builds an input when
	// asked (Input regenerates the witnesses), and the data if it ever
	// commits (Batcher.Data).
	if n.proves() {
		b.Inputs, b.KeepData = n.engine, true
	}
	bs := &batches{batcher: b, svc: n.newServices(), sealedToCommit: b.Subscribe(), sealedToAttest: b.Subscribe()}
	bs.svc.run("batcher", func(ctx context.Context) error { b.Run(ctx); return nil })
	return bs, nil
}

// stop ends the background sealing (nil-safe: a node whose start failed
// before it).
func (b *batches) stop() {
	if b != nil {
		b.svc.stop()
	}
}

// proves says whether this node proves its batches: the node with the L1
// operator key.
func (n *Node) proves() bool { return n.keys.Operator != nil }

// archive says whether geth keeps every block's state: with
// execution.archive, and on the node that proves, whose prover inputs of
// batches sealed without one (before it had the operator key, or in a
// reconstructed store) need the witnesses of old blocks.
func (n *Node) archive() bool { return n.cfg.Execution.Archive || n.proves() }
