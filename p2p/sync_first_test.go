package p2p

import (
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/cairn-rollup/cairn/consensus"
)

// firstServed is a chain that serves blocks from first on only (a node
// rebuilt from L1 holds the older ones without CommitQCs).
type firstServed struct {
	*memChain
	first uint64
}

func (f firstServed) FirstBlock() uint64 { return f.first }

// A source that is a FirstServed announces its blocks from FirstBlock: no
// peer asks it for older ones, and a newcomer takes those from another.
func TestSyncAsksAFirstServedSourceOnlyFromItsFirstBlock(t *testing.T) {
	c := newCommittee(t, 4)
	all := blocks(t, c)
	var below atomic.Int64
	rebuilt := firstServed{memChain: &memChain{blocks: all, serve: func(n uint64, b *consensus.FinalBlock) (*consensus.FinalBlock, error) {
		if n < 150 {
			below.Add(1)
		}
		return b, nil
	}}, first: 150}
	cfg := testConfig(nodeKey(t, 1))
	cfg.Genesis, cfg.Validators = c.genesis(), c.vals
	r := startHost(t, cfg)
	require.NoError(t, r.StartSync(t.Context(), rebuilt, rebuilt.memChain))
	full := startSyncHost(t, c, 3, &memChain{blocks: all[:150]}, nil)
	dst := &memChain{}
	startSyncHost(t, c, 2, dst, func(cfg *Config) { cfg.StaticPeers = append(r.Addrs(), full.Addrs()...) })

	require.Eventually(t, func() bool { return dst.len() == syncBlocks }, waitFor, 10*time.Millisecond)
	requireInOrder(t, dst, all)
	require.Zero(t, below.Load(), "blocks below FirstBlock were asked for")
	require.Greater(t, r.Metrics().SyncServed, uint64(0))
}
