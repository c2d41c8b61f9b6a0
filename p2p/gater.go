package p2p

import (
	"github.com/libp2p/go-libp2p/core/control"
	"github.com/libp2p/go-libp2p/core/network"
	"github.com/libp2p/go-libp2p/core/peer"
	ma "github.com/multiformats/go-multiaddr"
)

// gater is the Host seen as libp2p's connection gater: banned and blocked
// peers are refused in both directions, and inbound peers beyond
// MaxInboundPeers or MaxPeersPerIP, or from an IP that holds a ban (static
// peers and validators aside), are turned away.
type gater Host

func (g *gater) h() *Host { return (*Host)(g) }

// InterceptPeerDial implements connmgr.ConnectionGater.
func (g *gater) InterceptPeerDial(p peer.ID) bool {
	if g.h().refused(p) {
		g.m.gaterRefused.Add(1)
		return false
	}
	return true
}

// InterceptAddrDial implements connmgr.ConnectionGater.
func (g *gater) InterceptAddrDial(p peer.ID, _ ma.Multiaddr) bool { return !g.h().refused(p) }

// InterceptAccept implements connmgr.ConnectionGater. IP limits wait for
// InterceptSecured: a committee member may share an IP with a banned peer.
func (g *gater) InterceptAccept(network.ConnMultiaddrs) bool { return true }

// InterceptSecured implements connmgr.ConnectionGater.
func (g *gater) InterceptSecured(dir network.Direction, p peer.ID, c network.ConnMultiaddrs) bool {
	h := g.h()
	if h.refused(p) {
		h.m.gaterRefused.Add(1)
		return false
	}
	if dir != network.DirInbound || h.staticSet[p] || h.isValidator(p) {
		return true
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if _, ok := h.peers[p]; ok {
		return true // another connection of a peer we have
	}
	if ip := ipOf(c.RemoteMultiaddr()); h.ipLimited(ip) && (h.ipBannedLocked(ip) || h.ipFullLocked(ip)) {
		h.m.ipRefused.Add(1)
		return false
	}
	n := 0
	for q, st := range h.peers {
		if st.inbound && !h.staticSet[q] && !h.isValidator(q) {
			n++
		}
	}
	if n >= h.cfg.MaxInboundPeers {
		h.m.inboundRefused.Add(1)
		return false
	}
	return true
}

// InterceptUpgraded implements connmgr.ConnectionGater.
func (g *gater) InterceptUpgraded(network.Conn) (bool, control.DisconnectReason) { return true, 0 }
