package node

import (
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/cairn-rollup/cairn/rollup"
	"github.com/cairn-rollup/cairn/rollup/batchdata"
	"github.com/cairn-rollup/cairn/rollup/batcher"
)

// The batcher, on every node: the sequencer feeds it each final block, and
// it seals the blocks into batches in the store. It runs no goroutine of
// its own.

type batches struct {
	batcher *batcher.Batcher
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
	return &batches{batcher: b, sealedToCommit: b.Subscribe(), sealedToAttest: b.Subscribe()}, nil
}

// proves says whether this node proves its batches: the node with the L1
// operator key.
func (n *Node) proves() bool { return n.keys.Operator != nil }

// archive says whether geth keeps every block's state: with
// execution.archive, and on the node that proves, whose prover inputs of
// batches sealed without one (before it had the operator key, or in a
// reconstructed store) need the witnesses of old blocks.
func (n *Node) archive() bool { return n.cfg.Execution.Archive || n.proves() }
