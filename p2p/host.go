package p2p

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/netip"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/libp2p/go-libp2p"
	pubsub "github.com/libp2p/go-libp2p-pubsub"
	"github.com/libp2p/go-libp2p/core/crypto"
	"github.com/libp2p/go-libp2p/core/host"
	"github.com/libp2p/go-libp2p/core/network"
	"github.com/libp2p/go-libp2p/core/peer"
	"github.com/libp2p/go-libp2p/core/peerstore"
	"github.com/libp2p/go-libp2p/core/protocol"
	rcmgr "github.com/libp2p/go-libp2p/p2p/host/resource-manager"
	"github.com/libp2p/go-libp2p/p2p/muxer/yamux"
	"github.com/libp2p/go-libp2p/p2p/security/noise"
	"github.com/libp2p/go-libp2p/p2p/transport/tcp"
	ma "github.com/multiformats/go-multiaddr"

	"github.com/cairn-rollup/cairn/crypto/bls"
	"github.com/cairn-rollup/cairn/crypto/nodekey"
)

// Protocol ids of Cairn's own streams.
const (
	protoHandshake  protocol.ID = "/cairn/handshake/1"
	protoConsensus  protocol.ID = "/cairn/consensus/1"
	protoSync       protocol.ID = "/cairn/sync/1"
	protoBlockState protocol.ID = "/cairn/blockstate/1"
	protoVotes      protocol.ID = "/cairn/votes/1"
)

// Host is a Cairn node on the peer-to-peer network: a libp2p host with the
// handshake, the consensus protocol, gossip topics and block sync.
type Host struct {
	cfg   Config
	log   *slog.Logger
	host  host.Host
	self  peer.ID
	hello hello

	// committee node key → consensus key (fixed at New)
	validators map[peer.ID]bls.PublicKey
	static     []peer.AddrInfo
	staticSet  map[peer.ID]bool

	mu      sync.Mutex
	peers   map[peer.ID]*peerState
	bans    map[peer.ID]time.Time
	scores  map[peer.ID]float64 // gossipsub's, as last inspected
	ipBans  map[netip.Addr]time.Time
	allow   *rcmgr.Allowlist // the committee's addresses (slots.go)
	allowed map[string]bool  // entries added to allow
	limits  []*peerRateLimit // of the joined topics
	blocked func(peerID string) bool
	wake    map[peer.ID]chan struct{} // static dialers
	// readyHooks are called with each peer that passes the handshake.
	readyHooks []func(peerID string)

	ps     *pubsub.PubSub
	mesh   *meshTracker
	cons   *consensusTransport
	syncer atomic.Pointer[syncer]
	votes  atomic.Pointer[voteExchange]

	ctx     context.Context
	cancel  context.CancelFunc
	wg      sync.WaitGroup
	started atomic.Bool
	closed  atomic.Bool

	m metrics
}

// peerState is what the host knows of a connected peer.
type peerState struct {
	ready       bool          // handshake passed
	readyC      chan struct{} // closed when ready
	handshaking bool
	inbound     bool
	addr        string
	ip          netip.Addr
}

// PeerInfo describes a connected, handshaked peer.
type PeerInfo struct {
	ID        string
	Addr      string
	Validator *bls.PublicKey // the peer's consensus key if it is in the committee
	Inbound   bool
}

// New builds the libp2p host and starts listening; Start starts dialling
// and the protocols' loops.
func New(cfg Config, log *slog.Logger) (*Host, error) {
	cfg = cfg.withDefaults()
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	priv, err := libp2pKey(cfg.Key)
	if err != nil {
		return nil, err
	}
	h := &Host{
		cfg: cfg, log: log,
		hello:      hello{Version: cfg.ProtocolVersion, GenesisHash: cfg.GenesisHash},
		validators: map[peer.ID]bls.PublicKey{},
		staticSet:  map[peer.ID]bool{},
		peers:      map[peer.ID]*peerState{},
		bans:       map[peer.ID]time.Time{},
		ipBans:     map[netip.Addr]time.Time{},
		allowed:    map[string]bool{},
		wake:       map[peer.ID]chan struct{}{},
		mesh:       newMeshTracker(),
	}
	h.ctx, h.cancel = context.WithCancel(context.Background())
	if err := h.loadPeers(); err != nil {
		return nil, err
	}
	if err := h.startLibp2p(priv); err != nil {
		return nil, err
	}
	if err := h.startGossip(); err != nil {
		_ = h.host.Close()
		return nil, err
	}
	if cfg.ValidatorKey != nil {
		h.cons = newConsensusTransport(h)
		h.host.SetStreamHandler(protoConsensus, h.cons.handleStream)
	}
	return h, nil
}

// loadPeers reads the committee's node keys and the static peers of the
// config. A shared peer list may name this node too: it never dials itself.
func (h *Host) loadPeers() error {
	for _, v := range h.cfg.Validators {
		id, err := PeerIDFromKey(v.Node)
		if err != nil {
			return fmt.Errorf("p2p: validator %s: %w", v.Node, err)
		}
		h.validators[id] = v.Key
	}
	for _, s := range h.cfg.StaticPeers {
		ai, err := peer.AddrInfoFromString(s)
		if err != nil {
			return fmt.Errorf("p2p: static peer %q: %w (want /ip4/<ip>/tcp/<port>/p2p/<peer id>)", s, err)
		}
		h.static = append(h.static, *ai)
		h.staticSet[ai.ID] = true
	}
	selfID, err := PeerIDFromKey(h.cfg.Key.Public())
	if err != nil {
		return fmt.Errorf("p2p: node key: %w", err)
	}
	h.static = slices.DeleteFunc(h.static, func(ai peer.AddrInfo) bool { return ai.ID == selfID })
	delete(h.staticSet, selfID)
	return nil
}

// startLibp2p starts the libp2p host (TCP, Noise, yamux, the gater and the
// resource limits), listening, with the handshake protocol.
func (h *Host) startLibp2p(priv crypto.PrivKey) error {
	rm, err := newResourceManager(h.cfg)
	if err != nil {
		return err
	}
	lh, err := libp2p.New(
		libp2p.Identity(priv),
		libp2p.ListenAddrStrings(h.cfg.ListenAddrs...),
		libp2p.Transport(tcp.NewTCPTransport),
		libp2p.Security(noise.ID, noise.New),
		libp2p.Muxer(yamux.ID, yamux.DefaultTransport),
		libp2p.ConnectionGater((*gater)(h)),
		libp2p.ResourceManager(rm),
		libp2p.DisableRelay(),
		libp2p.Ping(false),
		libp2p.DisableMetrics(),
		libp2p.UserAgent("cairn"),
	)
	if err != nil {
		rm.Close()
		return fmt.Errorf("p2p: start libp2p host on %v: %w", h.cfg.ListenAddrs, err)
	}
	h.allowStaticCommittee(rm)
	h.host = lh
	h.self = lh.ID()
	lh.Network().Notify(&network.NotifyBundle{ConnectedF: h.connected, DisconnectedF: h.disconnected})
	lh.SetStreamHandler(protoHandshake, h.handleHandshake)
	return nil
}

// startGossip starts gossipsub over the host, open to handshaked peers only.
func (h *Host) startGossip() error {
	ps, err := pubsub.NewGossipSub(h.ctx, h.host,
		pubsub.WithMessageIdFn(contentID),
		pubsub.WithPeerFilter(func(p peer.ID, _ string) bool { return h.isReady(p) }),
		pubsub.WithMaxMessageSize(max(DefaultMaxGossipSize, h.cfg.MaxMessageSize)),
		pubsub.WithRawTracer(h.mesh),
		pubsub.WithPeerExchange(false),
		// A message this host publishes goes to every peer of the topic,
		// not only its mesh: a newcomer is in no mesh until a heartbeat
		// grafts it, and the block store state it needs to start syncing
		// would reach it a second later.
		pubsub.WithFloodPublish(true),
		pubsub.WithPeerScore(peerScoreParams(), peerScoreThresholds()),
		pubsub.WithPeerScoreInspect(pubsub.PeerScoreInspectFn(h.onScores), scoreInspectPeriod),
	)
	if err != nil {
		return fmt.Errorf("p2p: start gossipsub: %w", err)
	}
	h.ps = ps
	return nil
}

// libp2pKey converts a node key into libp2p's form.
func libp2pKey(k *nodekey.SecretKey) (crypto.PrivKey, error) {
	priv, err := crypto.UnmarshalEd25519PrivateKey(k.Ed25519())
	if err != nil {
		return nil, fmt.Errorf("p2p: node key: %w", err)
	}
	return priv, nil
}

// PeerIDFromKey returns the libp2p peer id of a node key.
func PeerIDFromKey(k nodekey.PublicKey) (peer.ID, error) {
	pub, err := crypto.UnmarshalEd25519PublicKey(k.Bytes())
	if err != nil {
		return "", fmt.Errorf("node key: %w", err)
	}
	return peer.IDFromPublicKey(pub)
}

// newResourceManager sizes libp2p's resource manager for a node with a
// bounded number of peers: the defaults scaled to the machine, with
// connection counts tied to the inbound limit.
func newResourceManager(cfg Config) (network.ResourceManager, error) {
	limits := rcmgr.DefaultLimits
	libp2p.SetDefaultServiceLimits(&limits)
	conns := rcmgr.LimitVal(2*(cfg.MaxInboundPeers+len(cfg.StaticPeers)+len(cfg.Validators)) + pendingInbound(cfg))
	partial := rcmgr.PartialLimitConfig{
		System: rcmgr.ResourceLimits{Conns: conns, ConnsInbound: conns, ConnsOutbound: conns},
		// Unauthenticated inbound connections; the committee's go to the
		// allowlisted scopes when these are full (slots.go).
		Transient: rcmgr.ResourceLimits{ConnsInbound: rcmgr.LimitVal(pendingInbound(cfg)), ConnsOutbound: conns},
		// a peer needs a handful of streams: handshake, consensus, sync, pubsub, identify
		PeerDefault: rcmgr.ResourceLimits{Streams: 64, StreamsInbound: 32, StreamsOutbound: 32, Conns: 8, ConnsInbound: 4, ConnsOutbound: 4},
	}
	rm, err := rcmgr.NewResourceManager(rcmgr.NewFixedLimiter(partial.Build(limits.AutoScale())))
	if err != nil {
		return nil, fmt.Errorf("p2p: resource manager: %w", err)
	}
	return rm, nil
}

// Start dials the static peers and runs the protocols until ctx ends or
// Close is called.
func (h *Host) Start(ctx context.Context) error {
	if !h.started.CompareAndSwap(false, true) {
		return errors.New("p2p: host already started")
	}
	h.wg.Add(1)
	go func() {
		defer h.wg.Done()
		select {
		case <-ctx.Done():
			h.cancel()
		case <-h.ctx.Done():
		}
	}()
	if h.cons != nil {
		h.cons.start()
	}
	h.mu.Lock()
	for _, ai := range h.static {
		h.host.Peerstore().AddAddrs(ai.ID, ai.Addrs, peerstore.PermanentAddrTTL)
		w := make(chan struct{}, 1)
		h.wake[ai.ID] = w
		h.wg.Add(1)
		go h.dialLoop(ai, w)
	}
	h.mu.Unlock()
	h.log.Info("P2P host started", "peer_id", h.self.String(), "addrs", h.Addrs(), "static_peers", len(h.static),
		"validator", h.cons != nil)
	return nil
}

// Close stops every loop and the libp2p host.
func (h *Host) Close() error {
	if !h.closed.CompareAndSwap(false, true) {
		return nil
	}
	h.cancel()
	err := h.host.Close()
	h.wg.Wait()
	if err != nil {
		return fmt.Errorf("p2p: close host: %w", err)
	}
	return nil
}

// dialLoop keeps one static peer connected, re-dialling with exponential
// backoff between ReconnectMin and ReconnectMax.
func (h *Host) dialLoop(ai peer.AddrInfo, wake chan struct{}) {
	defer h.wg.Done()
	backoff := h.cfg.ReconnectMin
	for {
		wait := h.cfg.ReconnectMax
		if h.host.Network().Connectedness(ai.ID) != network.Connected {
			ctx, cancel := context.WithTimeout(h.ctx, h.cfg.ReconnectMax+h.cfg.HandshakeTimeout)
			err := h.host.Connect(network.WithForceDirectDial(ctx, "static peer"), ai)
			cancel()
			if err != nil {
				h.log.Debug("Static peer dial failed", "peer", ai.ID.String(), "retry_in", backoff, "err", err)
				wait = backoff
				backoff = min(2*backoff, h.cfg.ReconnectMax)
			} else {
				backoff = h.cfg.ReconnectMin
			}
		}
		t := time.NewTimer(wait)
		select {
		case <-h.ctx.Done():
			t.Stop()
			return
		case <-wake:
			t.Stop()
		case <-t.C:
		}
	}
}

func (h *Host) wakeDialer(p peer.ID) {
	h.mu.Lock()
	w := h.wake[p]
	h.mu.Unlock()
	if w != nil {
		select {
		case w <- struct{}{}:
		default:
		}
	}
}

// connected starts the handshake on the dialling side; the accepting side
// waits for it and drops a connection that does not handshake in time.
func (h *Host) connected(_ network.Network, c network.Conn) {
	p := c.RemotePeer()
	outbound := c.Stat().Direction == network.DirOutbound
	h.mu.Lock()
	st := h.peers[p]
	if st == nil {
		st = &peerState{inbound: !outbound, addr: c.RemoteMultiaddr().String(), ip: ipOf(c.RemoteMultiaddr()), readyC: make(chan struct{})}
		h.peers[p] = st
	}
	start := !st.ready && !st.handshaking && outbound
	if start {
		st.handshaking = true
	}
	ready := st.ready
	h.mu.Unlock()
	h.allowCommittee(p, c.RemoteMultiaddr())
	h.m.connections.Add(1)
	switch {
	case start:
		go h.handshakeOut(p)
	case !ready:
		time.AfterFunc(h.cfg.HandshakeTimeout, func() {
			if !h.isReady(p) && !h.closed.Load() && h.host.Network().Connectedness(p) == network.Connected {
				h.log.Debug("Peer did not handshake in time", "peer", p.String())
				_ = h.host.Network().ClosePeer(p)
			}
		})
	}
}

func (h *Host) disconnected(n network.Network, c network.Conn) {
	p := c.RemotePeer()
	if n.Connectedness(p) == network.Connected {
		return
	}
	h.mu.Lock()
	st := h.peers[p]
	delete(h.peers, p)
	h.mu.Unlock()
	if st != nil && st.ready {
		h.log.Debug("Peer disconnected", "peer", p.String())
	}
	if s := h.syncer.Load(); s != nil {
		s.peerGone(p)
	}
	if x := h.votes.Load(); x != nil {
		x.peerGone(p)
	}
	h.mu.Lock()
	limits := slices.Clone(h.limits)
	h.mu.Unlock()
	for _, l := range limits {
		l.forget(p)
	}
	h.wakeDialer(p)
}

// handshakeOut runs the handshake as the dialling side: send our hello,
// read theirs.
func (h *Host) handshakeOut(p peer.ID) {
	err := h.runHandshakeOut(p)
	h.mu.Lock()
	if st := h.peers[p]; st != nil {
		st.handshaking = false
	}
	h.mu.Unlock()
	if err != nil {
		h.log.Debug("Handshake failed", "peer", p.String(), "err", err)
		h.m.handshakesFailed.Add(1)
		_ = h.host.Network().ClosePeer(p)
	}
}

func (h *Host) runHandshakeOut(p peer.ID) error {
	ctx, cancel := context.WithTimeout(h.ctx, h.cfg.HandshakeTimeout)
	defer cancel()
	s, err := h.host.NewStream(network.WithNoDial(ctx, "handshake"), p, protoHandshake)
	if err != nil {
		return fmt.Errorf("open handshake stream: %w", err)
	}
	defer s.Close()
	_ = s.SetDeadline(time.Now().Add(h.cfg.HandshakeTimeout))
	if _, err := s.Write(h.hello.encode()); err != nil {
		s.Reset()
		return fmt.Errorf("send hello: %w", err)
	}
	theirs, err := readHello(s)
	if err != nil {
		s.Reset()
		return fmt.Errorf("read hello: %w", err)
	}
	_ = s.Close()
	h.checkHello(p, theirs)
	return nil
}

// handleHandshake is the accepting side: read their hello, answer with ours
// (so that they can log the mismatch too), then judge.
func (h *Host) handleHandshake(s network.Stream) {
	p := s.Conn().RemotePeer()
	_ = s.SetDeadline(time.Now().Add(h.cfg.HandshakeTimeout))
	theirs, err := readHello(s)
	if err != nil {
		s.Reset()
		h.m.handshakesFailed.Add(1)
		h.log.Debug("Handshake failed", "peer", p.String(), "err", err)
		_ = h.host.Network().ClosePeer(p)
		return
	}
	if theirs == h.hello {
		// Ready before the dialler is, so that the streams it opens once it
		// has our answer are accepted.
		h.checkHello(p, theirs)
	}
	if _, err := s.Write(h.hello.encode()); err != nil {
		s.Reset()
		return
	}
	_ = s.CloseWrite()
	if theirs != h.hello {
		// Give the dialler the time to read our hello before the connection goes.
		_, _ = io.Copy(io.Discard, io.LimitReader(s, 1))
		h.checkHello(p, theirs)
	}
	_ = s.Close()
}

// checkHello marks the peer ready or refuses it with one log line.
func (h *Host) checkHello(p peer.ID, theirs hello) {
	switch {
	case theirs.GenesisHash != h.hello.GenesisHash:
		h.log.Warn("Peer refused: other genesis", "peer", p.String(),
			"their_genesis", "0x"+hex.EncodeToString(theirs.GenesisHash[:]), "our_genesis", "0x"+hex.EncodeToString(h.hello.GenesisHash[:]))
		h.refuse(p)
	case theirs.Version != h.hello.Version:
		h.log.Warn("Peer refused: other protocol version", "peer", p.String(),
			"their_version", theirs.Version, "our_version", h.hello.Version)
		h.refuse(p)
	default:
		h.mu.Lock()
		st := h.peers[p]
		became := st != nil && !st.ready
		if became {
			st.ready = true
			close(st.readyC)
		}
		hooks := slices.Clone(h.readyHooks)
		h.mu.Unlock()
		if st == nil {
			return // gone meanwhile
		}
		h.log.Debug("Peer connected", "peer", p.String(), "addr", st.addr, "inbound", st.inbound, "validator", h.isValidator(p))
		if h.cons != nil {
			h.cons.peerReady(p)
		}
		if s := h.syncer.Load(); s != nil {
			s.wake()
		}
		if became {
			for _, f := range hooks {
				f(p.String())
			}
		}
	}
}

// refuse bans a peer that failed the handshake (no misbehaviour count).
func (h *Host) refuse(p peer.ID) {
	h.m.handshakesRefused.Add(1)
	h.mu.Lock()
	h.bans[p] = time.Now().Add(h.cfg.BanDuration)
	h.mu.Unlock()
	_ = h.host.Network().ClosePeer(p)
}

// ban disconnects a misbehaving peer and refuses it for BanDuration.
func (h *Host) ban(p peer.ID, reason string, err error) {
	if p == h.self {
		return
	}
	h.mu.Lock()
	_, already := h.bans[p]
	h.bans[p] = time.Now().Add(h.cfg.BanDuration)
	h.banIPLocked(p, h.bans[p])
	h.mu.Unlock()
	if !already {
		h.m.bans.Add(1)
		h.log.Warn("Peer banned", "peer", p.String(), "reason", reason, "for", h.cfg.BanDuration, "err", err)
	}
	go func() { _ = h.host.Network().ClosePeer(p) }()
}

// refused reports whether the gater turns p away now.
func (h *Host) refused(p peer.ID) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	if until, ok := h.bans[p]; ok {
		if time.Now().Before(until) {
			return true
		}
		delete(h.bans, p)
	}
	return h.blocked != nil && h.blocked(p.String())
}

func (h *Host) isReady(p peer.ID) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	st := h.peers[p]
	return st != nil && st.ready
}

// waitReady waits up to the handshake timeout for p's handshake: the side
// that answered the handshake may open streams before this side has read
// the answer.
func (h *Host) waitReady(p peer.ID) bool {
	h.mu.Lock()
	st := h.peers[p]
	h.mu.Unlock()
	if st == nil {
		return false
	}
	t := time.NewTimer(h.cfg.HandshakeTimeout)
	defer t.Stop()
	select {
	case <-st.readyC:
		return true
	case <-t.C:
	case <-h.ctx.Done():
	}
	return false
}

func (h *Host) isValidator(p peer.ID) bool {
	_, ok := h.validators[p]
	return ok
}

// ID returns this node's peer id.
func (h *Host) ID() string { return h.self.String() }

// Addrs returns the listen addresses with /p2p/<id>, usable as another
// node's StaticPeers.
func (h *Host) Addrs() []string {
	ai := peer.AddrInfo{ID: h.self, Addrs: h.host.Network().ListenAddresses()}
	full, err := peer.AddrInfoToP2pAddrs(&ai)
	if err != nil {
		return nil
	}
	out := make([]string, 0, len(full))
	for _, a := range full {
		if _, err := a.ValueForProtocol(ma.P_TCP); err == nil {
			out = append(out, a.String())
		}
	}
	return out
}

// Peers returns the connected peers that passed the handshake.
func (h *Host) Peers() []PeerInfo {
	h.mu.Lock()
	defer h.mu.Unlock()
	out := make([]PeerInfo, 0, len(h.peers))
	for p, st := range h.peers {
		if !st.ready {
			continue
		}
		pi := PeerInfo{ID: p.String(), Addr: st.addr, Inbound: st.inbound}
		if k, ok := h.validators[p]; ok {
			k := k
			pi.Validator = &k
		}
		out = append(out, pi)
	}
	return out
}

// PeerCount is the number of connected peers that passed the handshake.
func (h *Host) PeerCount() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	n := 0
	for _, st := range h.peers {
		if st.ready {
			n++
		}
	}
	return n
}

// PeerIDOf returns the peer id of a node key ("" if the key is invalid).
func (h *Host) PeerIDOf(k nodekey.PublicKey) string {
	id, err := PeerIDFromKey(k)
	if err != nil {
		return ""
	}
	return id.String()
}

// SetBlocked installs a test hook for partitions: peers for which blocked is
// true are refused by the connection gater and disconnected at once; nil
// removes the hook and static peers reconnect.
func (h *Host) SetBlocked(blocked func(peerID string) bool) {
	h.mu.Lock()
	h.blocked = blocked
	wake := make([]chan struct{}, 0, len(h.wake))
	for _, w := range h.wake {
		wake = append(wake, w)
	}
	h.mu.Unlock()
	if blocked != nil {
		for _, p := range h.host.Network().Peers() {
			if blocked(p.String()) {
				_ = h.host.Network().ClosePeer(p)
			}
		}
		return
	}
	for _, w := range wake {
		select {
		case w <- struct{}{}:
		default:
		}
	}
}
