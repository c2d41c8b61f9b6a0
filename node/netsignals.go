package node

import (
	"sync/atomic"

	"github.com/cairn-rollup/cairn/execution"
	"github.com/cairn-rollup/cairn/p2p"
)

// netSignals answers eth_syncing and net_peerCount from the libp2p host:
// geth's own answers count its devp2p, which Cairn does not run. The RPC
// is served before the network starts: until then the node has no peers
// and is not syncing.
type netSignals struct {
	host atomic.Pointer[p2p.Host]
}

// Syncing reports the block sync's catch-up: from the block the node had
// when it fell more than p2p.SyncBehind blocks behind its best serving
// peer, to that peer's newest block.
func (s *netSignals) Syncing() (execution.SyncProgress, bool) {
	h := s.host.Load()
	if h == nil {
		return execution.SyncProgress{}, false
	}
	st := h.SyncStatus()
	if !st.Syncing {
		return execution.SyncProgress{}, false
	}
	return execution.SyncProgress{Starting: st.Start, Current: st.Local, Highest: st.BestPeer}, true
}

// PeerCount is the number of libp2p peers connected and handshaked.
func (s *netSignals) PeerCount() int {
	h := s.host.Load()
	if h == nil {
		return 0
	}
	return h.PeerCount()
}

// stop forgets the host, which is about to close.
func (s *netSignals) stop() {
	if s != nil {
		s.host.Store(nil)
	}
}
