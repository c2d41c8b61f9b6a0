package p2p

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/libp2p/go-libp2p/core/network"
	"github.com/libp2p/go-libp2p/core/peer"

	"github.com/cairn-rollup/cairn/consensus"
	"github.com/cairn-rollup/cairn/crypto/bls"
)

const (
	consensusOpenTimeout  = 5 * time.Second
	consensusWriteTimeout = 5 * time.Second
	consensusBodyTimeout  = 30 * time.Second
	senderBackoffMin      = 50 * time.Millisecond
	senderBackoffMax      = time.Second
	// A penalty of floodStrikes × ConsensusBurst messages over the rate is a
	// persistent flood: the peer is disconnected and banned.
	floodStrikes = 4
)

// consensusTransport carries ChonkyBFT messages over direct streams between
// validators. It implements consensus.Transport.
type consensusTransport struct {
	h       *Host
	me      bls.PublicKey
	inbox   *consensus.Inbox
	senders map[[bls.PublicKeySize]byte]*sender
	byPeer  map[peer.ID]*sender

	mu       sync.Mutex
	lastSeen map[[bls.PublicKeySize]byte]uint64
	buckets  map[peer.ID]*bucket
}

func newConsensusTransport(h *Host) *consensusTransport {
	t := &consensusTransport{
		h: h, me: h.cfg.ValidatorKey.Public(), inbox: consensus.NewInbox(),
		senders: map[[bls.PublicKeySize]byte]*sender{}, byPeer: map[peer.ID]*sender{},
		lastSeen: map[[bls.PublicKeySize]byte]uint64{}, buckets: map[peer.ID]*bucket{},
	}
	for id, key := range h.validators {
		if id == h.self {
			continue
		}
		s := &sender{t: t, peer: id, signal: make(chan struct{}, 1), ready: make(chan struct{}, 1)}
		t.senders[key.Array()] = s
		t.byPeer[id] = s
	}
	return t
}

func (t *consensusTransport) start() {
	t.h.wg.Add(1)
	go func() {
		defer t.h.wg.Done()
		t.inbox.Run(t.h.ctx)
	}()
	for _, s := range t.senders {
		t.h.wg.Add(1)
		go s.run()
	}
}

// Consensus returns the consensus transport, or nil on a full node.
func (h *Host) Consensus() consensus.Transport {
	if h.cons == nil {
		return nil
	}
	return h.cons
}

// LastSeenViews returns the newest view seen from each validator (this one
// included, from what it broadcast).
func (h *Host) LastSeenViews() map[[bls.PublicKeySize]byte]uint64 {
	out := map[[bls.PublicKeySize]byte]uint64{}
	if h.cons == nil {
		return out
	}
	h.cons.mu.Lock()
	defer h.cons.mu.Unlock()
	for k, v := range h.cons.lastSeen {
		out[k] = v
	}
	return out
}

// Broadcast implements consensus.Transport: every validator, self through
// the local inbox.
func (t *consensusTransport) Broadcast(msg consensus.Signed) {
	enc, ok := t.encode(msg)
	t.seen(msg)
	t.inbox.Push(msg)
	if !ok {
		return
	}
	for _, s := range t.senders {
		s.enqueue(enc)
	}
}

// Send implements consensus.Transport.
func (t *consensusTransport) Send(to consensus.PublicKey, msg consensus.Signed) {
	if to.Equal(t.me) {
		t.seen(msg)
		t.inbox.Push(msg)
		return
	}
	s := t.senders[to.Array()]
	if s == nil {
		t.h.log.Debug("Consensus message to a key outside the committee dropped", "to", to.String())
		return
	}
	if enc, ok := t.encode(msg); ok {
		s.enqueue(enc)
	}
}

// Inbound implements consensus.Transport.
func (t *consensusTransport) Inbound() <-chan consensus.Signed { return t.inbox.C() }

func (t *consensusTransport) encode(msg consensus.Signed) ([]byte, bool) {
	enc := consensus.EncodeSigned(msg)
	if len(enc) > t.h.cfg.MaxMessageSize {
		// Peers would refuse it and penalize us: never send it.
		t.h.log.Error("Consensus message over the network limit not sent", "kind", msg.Msg.Kind().String(),
			"size", len(enc), "limit", t.h.cfg.MaxMessageSize)
		return nil, false
	}
	return enc, true
}

func (t *consensusTransport) seen(msg consensus.Signed) {
	v := msg.Msg.MsgView().Number
	k := msg.Signer.Array()
	t.mu.Lock()
	if v > t.lastSeen[k] {
		t.lastSeen[k] = v
	}
	t.mu.Unlock()
}

func (t *consensusTransport) peerReady(p peer.ID) {
	if s := t.byPeer[p]; s != nil {
		select {
		case s.ready <- struct{}{}:
		default:
		}
	}
}

func (t *consensusTransport) bucket(p peer.ID) *bucket {
	t.mu.Lock()
	defer t.mu.Unlock()
	b := t.buckets[p]
	if b == nil {
		b = newBucket(t.h.cfg.ConsensusRate, t.h.cfg.ConsensusBurst)
		t.buckets[p] = b
	}
	return b
}

// refuse counts a refused stream or message and bans its peer.
func (t *consensusTransport) refuse(s network.Stream, reason string, err error) {
	t.h.m.consensusRefused.Add(1)
	_ = s.Reset()
	t.h.ban(s.Conn().RemotePeer(), reason, err)
}

// handleStream reads consensus messages from one validator: the length is
// checked before the body is read, the signer must be the sending peer's
// consensus key, and the peer's rate is bounded.
func (t *consensusTransport) handleStream(s network.Stream) {
	p := s.Conn().RemotePeer()
	key, ok := t.h.validators[p]
	if !ok {
		t.refuse(s, "consensus stream from a peer outside the committee", nil)
		return
	}
	if !t.h.waitReady(p) {
		t.h.m.consensusRefused.Add(1)
		_ = s.Reset()
		return
	}
	b := t.bucket(p)
	max := t.h.cfg.MaxMessageSize
	for {
		_ = s.SetReadDeadline(time.Time{})
		n, err := readFrameHeader(s, max)
		if err != nil {
			if errors.Is(err, ErrOversize) {
				t.refuse(s, "oversize consensus message", err)
				return
			}
			_ = s.Reset()
			return
		}
		_ = s.SetReadDeadline(time.Now().Add(consensusBodyTimeout))
		if ok, penalty := b.take(time.Now()); !ok {
			t.h.m.consensusDropped.Add(1)
			if penalty > float64(floodStrikes*t.h.cfg.ConsensusBurst) {
				t.refuse(s, "consensus message flood", nil)
				return
			}
			if _, err := io.CopyN(io.Discard, s, int64(n)); err != nil {
				_ = s.Reset()
				return
			}
			continue
		}
		body := make([]byte, n)
		if _, err := io.ReadFull(s, body); err != nil {
			_ = s.Reset()
			return
		}
		msg, err := consensus.DecodeSigned(body, max)
		if err != nil {
			t.refuse(s, "malformed consensus message", err)
			return
		}
		if !msg.Signer.Equal(key) {
			t.refuse(s, "consensus message not signed by its sender", fmt.Errorf("signer %s, peer's key %s", msg.Signer, key))
			return
		}
		t.h.m.consensusIn.Add(1)
		t.seen(msg)
		if observe := t.h.cfg.ConsensusObserver; observe != nil {
			observe(msg)
		}
		t.inbox.Push(msg)
	}
}

// sender keeps one outbound stream to a validator and writes its queue,
// dropping the oldest message when the queue is full so that the replica
// never blocks.
type sender struct {
	t      *consensusTransport
	peer   peer.ID
	mu     sync.Mutex
	queue  [][]byte
	signal chan struct{}
	ready  chan struct{}
	stream network.Stream
}

func (s *sender) enqueue(enc []byte) {
	s.mu.Lock()
	if len(s.queue) >= s.t.h.cfg.ConsensusQueue {
		s.queue[0] = nil
		s.queue = s.queue[1:]
		s.t.h.m.consensusOutDrop.Add(1)
	}
	s.queue = append(s.queue, enc)
	s.mu.Unlock()
	select {
	case s.signal <- struct{}{}:
	default:
	}
}

func (s *sender) head() ([]byte, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.queue) == 0 {
		return nil, false
	}
	return s.queue[0], true
}

func (s *sender) pop() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.queue) > 0 {
		s.queue[0] = nil
		s.queue = s.queue[1:]
	}
}

func (s *sender) run() {
	defer s.t.h.wg.Done()
	ctx := s.t.h.ctx
	backoff := senderBackoffMin
	defer func() {
		if s.stream != nil {
			_ = s.stream.Reset()
		}
	}()
	for {
		enc, ok := s.head()
		if !ok {
			select {
			case <-ctx.Done():
				return
			case <-s.signal:
				continue
			}
		}
		if err := s.write(ctx, enc); err != nil {
			s.t.h.log.Debug("Consensus send failed", "peer", s.peer.String(), "retry_in", backoff, "err", err)
			t := time.NewTimer(backoff)
			backoff = min(2*backoff, senderBackoffMax)
			select {
			case <-ctx.Done():
				t.Stop()
				return
			case <-s.ready:
				t.Stop()
			case <-t.C:
			}
			continue
		}
		backoff = senderBackoffMin
		s.pop()
	}
}

func (s *sender) write(ctx context.Context, enc []byte) error {
	if s.stream == nil {
		h := s.t.h
		if h.host.Network().Connectedness(s.peer) != network.Connected && len(h.host.Peerstore().Addrs(s.peer)) > 0 {
			// Not a static peer of ours, but we know where it was: dial it
			// (the handshake then wakes us through peerReady).
			cctx, cancel := context.WithTimeout(ctx, consensusOpenTimeout)
			err := h.host.Connect(cctx, peer.AddrInfo{ID: s.peer})
			cancel()
			if err != nil {
				return fmt.Errorf("dial validator: %w", err)
			}
		}
		if !h.isReady(s.peer) {
			return errors.New("validator not connected")
		}
		octx, cancel := context.WithTimeout(ctx, consensusOpenTimeout)
		st, err := s.t.h.host.NewStream(network.WithNoDial(octx, "consensus"), s.peer, protoConsensus)
		cancel()
		if err != nil {
			return fmt.Errorf("open consensus stream: %w", err)
		}
		s.stream = st
	}
	_ = s.stream.SetWriteDeadline(time.Now().Add(consensusWriteTimeout))
	if err := writeFrame(s.stream, enc); err != nil {
		_ = s.stream.Reset()
		s.stream = nil
		return fmt.Errorf("write consensus message: %w", err)
	}
	return nil
}

// bucket is a token bucket, rate tokens per second up to burst, with a
// penalty counter for what it refuses: each refusal adds one, the counter
// leaks at a quarter of the rate, so that a peer sending well over the rate
// for a while stands out from one that bursts now and then.
type bucket struct {
	mu      sync.Mutex
	rate    float64
	burst   float64
	tokens  float64
	penalty float64
	last    time.Time
}

func newBucket(rate float64, burst int) *bucket {
	return &bucket{rate: rate, burst: float64(burst), tokens: float64(burst)}
}

// take spends a token; without one it returns false and the penalty.
func (b *bucket) take(now time.Time) (bool, float64) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if !b.last.IsZero() {
		dt := now.Sub(b.last).Seconds()
		b.tokens = min(b.burst, b.tokens+dt*b.rate)
		b.penalty = max(0, b.penalty-dt*b.rate/4)
	}
	b.last = now
	if b.tokens >= 1 {
		b.tokens--
		return true, b.penalty
	}
	b.penalty++
	return false, b.penalty
}
