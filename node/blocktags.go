package node

import (
	"context"

	"github.com/cairn-rollup/cairn/l1/blocktags"
)

// The block tags, on every node: geth's safe and finalized blocks follow
// the batches L1 has committed and verified.

// newBlockTags builds the block tags over geth's chain from genesis.
func (n *Node) newBlockTags() *blocktags.Service {
	return blocktags.New(n.proposer, n.store, n.engine, n.genesis.L2.ToBlock().Hash(), n.genesis.L2ChainID(), 0,
		n.log.With("service", "blocktags")).ReportOutagesTo(n.l1Outages)
}

// startBlockTags runs the block tags.
func (n *Node) startBlockTags() *services {
	svc := n.newServices()
	svc.run("blocktags", func(ctx context.Context) error { n.tags.Run(ctx); return nil })
	return svc
}
