package node

import (
	"context"

	"github.com/ethereum/go-ethereum/common"

	"github.com/cairn-rollup/cairn/l1/blocktags"
)

// The block tags, on every node: geth's safe and finalized blocks follow
// the batches L1 has committed and verified.

// startBlockTags runs the block tags over geth's chain from genesis.
func (n *Node) startBlockTags(genesis common.Hash) *services {
	t := blocktags.New(n.proposer, n.store, n.engine, genesis, 0, n.log.With("service", "blocktags")).ReportOutagesTo(n.l1Outages)
	svc := n.newServices()
	svc.run("blocktags", func(ctx context.Context) error { t.Run(ctx); return nil })
	return svc
}
