package p2p

import "sync/atomic"

// metrics are the host's counters; Metrics returns a snapshot.
type metrics struct {
	connections       atomic.Uint64
	handshakesFailed  atomic.Uint64
	handshakesRefused atomic.Uint64
	gaterRefused      atomic.Uint64
	inboundRefused    atomic.Uint64
	ipRefused         atomic.Uint64
	bans              atomic.Uint64
	consensusIn       atomic.Uint64
	consensusRefused  atomic.Uint64
	consensusDropped  atomic.Uint64
	consensusOutDrop  atomic.Uint64
	gossipRejected    atomic.Uint64
	gossipThrottled   atomic.Uint64
	syncServed        atomic.Uint64
	syncImported      atomic.Uint64
	syncTimeouts      atomic.Uint64
	votesServed       atomic.Uint64
	voteTimeouts      atomic.Uint64
}

// Metrics is a snapshot of the host's counters (the node exports them).
type Metrics struct {
	Peers             int    // connected, handshaked peers
	ValidatorPeers    int    // of which committee members
	Connections       uint64 // connections opened since start
	HandshakesFailed  uint64 // handshakes that broke off (timeout, bad bytes)
	HandshakesRefused uint64 // peers refused for another genesis or protocol version
	GaterRefused      uint64 // connections and dials refused because the peer is banned or blocked
	InboundRefused    uint64 // inbound connections over MaxInboundPeers
	IPRefused         uint64 // inbound connections over MaxPeersPerIP or from an IP that holds a ban
	Bans              uint64 // peers banned for misbehaviour
	ConsensusIn       uint64 // consensus messages accepted into the inbox
	ConsensusRefused  uint64 // consensus streams or messages refused (peer penalized)
	ConsensusDropped  uint64 // inbound consensus messages over the rate limit
	ConsensusOutDrop  uint64 // outbound consensus messages dropped from a full queue
	GossipRejected    uint64 // gossip messages rejected by a topic's handler
	GossipThrottled   uint64 // gossip messages ignored over their peer's PeerRate
	SyncServed        uint64 // blocks served to peers
	SyncImported      uint64 // blocks imported by the fetcher
	SyncTimeouts      uint64 // block requests that timed out
	SyncLag           uint64 // blocks behind the best announced peer
	VotesServed       uint64 // attestation votes served to peers
	VoteTimeouts      uint64 // vote requests that timed out
}

// Metrics returns the host's counters.
func (h *Host) Metrics() Metrics {
	m := Metrics{
		Connections:       h.m.connections.Load(),
		HandshakesFailed:  h.m.handshakesFailed.Load(),
		HandshakesRefused: h.m.handshakesRefused.Load(),
		GaterRefused:      h.m.gaterRefused.Load(),
		InboundRefused:    h.m.inboundRefused.Load(),
		IPRefused:         h.m.ipRefused.Load(),
		Bans:              h.m.bans.Load(),
		ConsensusIn:       h.m.consensusIn.Load(),
		ConsensusRefused:  h.m.consensusRefused.Load(),
		ConsensusDropped:  h.m.consensusDropped.Load(),
		ConsensusOutDrop:  h.m.consensusOutDrop.Load(),
		GossipRejected:    h.m.gossipRejected.Load(),
		GossipThrottled:   h.m.gossipThrottled.Load(),
		SyncServed:        h.m.syncServed.Load(),
		SyncImported:      h.m.syncImported.Load(),
		SyncTimeouts:      h.m.syncTimeouts.Load(),
		SyncLag:           h.SyncStatus().Lag,
		VotesServed:       h.m.votesServed.Load(),
		VoteTimeouts:      h.m.voteTimeouts.Load(),
	}
	for _, p := range h.Peers() {
		m.Peers++
		if p.Validator != nil {
			m.ValidatorPeers++
		}
	}
	return m
}
