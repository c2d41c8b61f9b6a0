package p2p

import (
	"net/netip"
	"time"

	"github.com/libp2p/go-libp2p/core/network"
	"github.com/libp2p/go-libp2p/core/peer"
	rcmgr "github.com/libp2p/go-libp2p/p2p/host/resource-manager"
	ma "github.com/multiformats/go-multiaddr"
	manet "github.com/multiformats/go-multiaddr/net"
)

// Connection slots (docs/protocols/p2p.md, "Connection slots").
//
// The committee's connections do not compete with anyone's: every address a
// committee node key is known at (its static peer address, and the address
// of each connection it makes or takes) goes into libp2p's resource manager
// allowlist as /ip4/<ip>/p2p/<peer id>, so that when the ordinary system and
// transient limits are full, its connections are counted in the allowlisted
// scopes instead. The ordinary limits then only bound everyone else: at most
// pendingInbound unauthenticated inbound connections at once, MaxInboundPeers
// inbound peers, MaxPeersPerIP of them on one IP, and none from an IP that
// holds a ban (a new peer id does not lift it).

// pendingInbound is the number of inbound connections that may be in their
// security handshake at once (libp2p's transient scope), outside the
// allowlist.
func pendingInbound(cfg Config) int { return max(16, cfg.MaxInboundPeers/2) }

// ipOf returns the IP of a connection's remote address (invalid if none).
func ipOf(a ma.Multiaddr) netip.Addr {
	if a == nil {
		return netip.Addr{}
	}
	ip, err := manet.ToIP(a)
	if err != nil {
		return netip.Addr{}
	}
	addr, _ := netip.AddrFromSlice(ip)
	return addr.Unmap()
}

// ipLimited reports whether per-IP limits and bans apply to ip: not to
// loopback (local devnets run every node on it) unless a test says so.
func (h *Host) ipLimited(ip netip.Addr) bool {
	return ip.IsValid() && (h.cfg.limitLoopback || !ip.IsLoopback())
}

// allowCommittee allowlists the address a committee member connected from
// or was reached at, once.
func (h *Host) allowCommittee(p peer.ID, addr ma.Multiaddr) {
	ip := ipOf(addr)
	if !h.isValidator(p) || !ip.IsValid() || h.allow == nil {
		return
	}
	proto := "/ip4/"
	if ip.Is6() {
		proto = "/ip6/"
	}
	entry, err := ma.NewMultiaddr(proto + ip.String() + "/p2p/" + p.String())
	if err != nil {
		return
	}
	h.mu.Lock()
	known := h.allowed[entry.String()]
	h.allowed[entry.String()] = true
	h.mu.Unlock()
	if !known {
		_ = h.allow.Add(entry)
	}
}

// allowStaticCommittee allowlists the static peers that are committee
// members, before anything connects.
func (h *Host) allowStaticCommittee(rm network.ResourceManager) {
	h.allow = rcmgr.GetAllowlist(rm)
	for _, ai := range h.static {
		for _, a := range ai.Addrs {
			h.allowCommittee(ai.ID, a)
		}
	}
}

// banIP notes a banned peer's IP until its ban ends. Call with h.mu held.
func (h *Host) banIPLocked(p peer.ID, until time.Time) {
	st := h.peers[p]
	if st == nil || !h.ipLimited(st.ip) || h.isValidator(p) {
		return
	}
	h.ipBans[st.ip] = until
}

// ipBannedLocked reports whether ip holds a ban now. Call with h.mu held.
func (h *Host) ipBannedLocked(ip netip.Addr) bool {
	until, ok := h.ipBans[ip]
	if ok && !time.Now().Before(until) {
		delete(h.ipBans, ip)
		return false
	}
	return ok
}

// ipFullLocked reports whether ip holds MaxPeersPerIP peers outside the
// committee and the static peers already. Call with h.mu held.
func (h *Host) ipFullLocked(ip netip.Addr) bool {
	if !h.ipLimited(ip) {
		return false
	}
	n := 0
	for q, st := range h.peers {
		if st.ip == ip && !h.staticSet[q] && !h.isValidator(q) {
			n++
		}
	}
	return n >= h.cfg.MaxPeersPerIP
}
