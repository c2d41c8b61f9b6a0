package p2p

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"sync"
	"time"

	pubsub "github.com/libp2p/go-libp2p-pubsub"
	pb "github.com/libp2p/go-libp2p-pubsub/pb"
	"github.com/libp2p/go-libp2p/core/network"
	"github.com/libp2p/go-libp2p/core/peer"
	"github.com/libp2p/go-libp2p/core/protocol"
)

// ErrIgnore, returned by a topic handler, drops a message without relaying
// it and without penalizing the sender (a duplicate, a stale transaction).
var ErrIgnore = errors.New("p2p: ignore message")

// Topic is a joined gossip topic.
type Topic struct {
	h     *Host
	name  string
	topic *pubsub.Topic
	sub   *pubsub.Subscription
}

// TopicName returns the full pubsub topic of name under this genesis.
func (h *Host) TopicName(name string) string {
	return "/cairn/" + hex.EncodeToString(h.cfg.GenesisHash[:]) + "/" + name + "/1"
}

// Join subscribes to gossip topic name (per genesis: "/cairn/<genesis
// hex>/<name>/1"). handle runs as the pubsub validator of messages from
// others: nil accepts and relays, ErrIgnore drops silently, any other error
// rejects and penalizes the sender in gossipsub's scoring (score.go). Data
// over maxSize is rejected before handle is called; from is the peer id of
// the original publisher. Messages this host publishes are not passed to
// handle. WithPeerRate bounds what each peer's messages may cost.
func (h *Host) Join(name string, maxSize int, handle func(ctx context.Context, from string, data []byte) error, opts ...JoinOption) (*Topic, error) {
	full := h.TopicName(name)
	if maxSize <= 0 || maxSize > max(DefaultMaxGossipSize, h.cfg.MaxMessageSize) {
		return nil, fmt.Errorf("p2p: join %s: max size %d out of range", name, maxSize)
	}
	var o joinOptions
	for _, opt := range opts {
		opt(&o)
	}
	var limit *peerRateLimit
	if o.rate != nil {
		if o.rate.Rate <= 0 || o.rate.Burst < 1 {
			return nil, fmt.Errorf("p2p: join %s: peer rate %g, burst %d must be positive", name, o.rate.Rate, o.rate.Burst)
		}
		limit = newPeerRateLimit(*o.rate)
		h.mu.Lock()
		h.limits = append(h.limits, limit)
		h.mu.Unlock()
	}
	val := h.topicValidator(name, maxSize, limit, handle)
	if err := h.ps.RegisterTopicValidator(full, pubsub.ValidatorEx(val)); err != nil {
		return nil, fmt.Errorf("p2p: join %s: %w", name, err)
	}
	t, err := h.ps.Join(full)
	if err != nil {
		return nil, fmt.Errorf("p2p: join %s: %w", name, err)
	}
	if err := t.SetScoreParams(topicScoreParams()); err != nil {
		return nil, fmt.Errorf("p2p: join %s: %w", name, err)
	}
	sub, err := t.Subscribe(pubsub.WithBufferSize(64))
	if err != nil {
		return nil, fmt.Errorf("p2p: subscribe %s: %w", name, err)
	}
	tp := &Topic{h: h, name: full, topic: t, sub: sub}
	// Messages are handled in the validator; the subscription only keeps
	// this host in the mesh, so drain it.
	h.wg.Add(1)
	go func() {
		defer h.wg.Done()
		for {
			if _, err := sub.Next(h.ctx); err != nil {
				return
			}
		}
	}()
	return tp, nil
}

// topicValidator is the pubsub validator of a topic: peers that did not
// pass the handshake and messages over a peer's rate are ignored, oversize
// messages and bad publisher ids rejected, the rest go to handle.
func (h *Host) topicValidator(name string, maxSize int, limit *peerRateLimit,
	handle func(ctx context.Context, from string, data []byte) error) func(context.Context, peer.ID, *pubsub.Message) pubsub.ValidationResult {
	return func(ctx context.Context, via peer.ID, m *pubsub.Message) pubsub.ValidationResult {
		if via == h.self {
			return pubsub.ValidationAccept
		}
		if !h.isReady(via) {
			return pubsub.ValidationIgnore
		}
		if len(m.Data) > maxSize {
			h.m.gossipRejected.Add(1)
			return pubsub.ValidationReject
		}
		if limit != nil && !limit.take(via, m.Data, time.Now()) {
			h.m.gossipThrottled.Add(1)
			return pubsub.ValidationIgnore
		}
		from, err := peer.IDFromBytes(m.From)
		if err != nil {
			h.m.gossipRejected.Add(1)
			return pubsub.ValidationReject
		}
		switch err := handle(ctx, from.String(), m.Data); {
		case err == nil:
			return pubsub.ValidationAccept
		case errors.Is(err, ErrIgnore):
			return pubsub.ValidationIgnore
		default:
			h.m.gossipRejected.Add(1)
			h.log.Debug("Gossip message rejected", "topic", name, "from", from.String(), "via", via.String(), "err", err)
			return pubsub.ValidationReject
		}
	}
}

// Publish sends data to the topic's peers.
func (t *Topic) Publish(ctx context.Context, data []byte) error {
	if err := t.topic.Publish(ctx, data); err != nil {
		return fmt.Errorf("p2p: publish on %s: %w", t.name, err)
	}
	return nil
}

// MeshPeers returns the number of connected peers in this host's mesh for
// the topic (a new subscriber joins the mesh at a heartbeat).
func (t *Topic) MeshPeers() int {
	n := 0
	for _, p := range t.h.mesh.peers(t.name) {
		if t.h.host.Network().Connectedness(p) == network.Connected {
			n++
		}
	}
	return n
}

// contentID names a gossip message by the hash of its data, so that the
// same transaction published twice is one message.
func contentID(m *pb.Message) string {
	h := sha256.Sum256(m.Data)
	return string(h[:])
}

// meshTracker follows gossipsub's mesh through its tracer events.
type meshTracker struct {
	mu   sync.Mutex
	mesh map[string]map[peer.ID]bool
}

func newMeshTracker() *meshTracker { return &meshTracker{mesh: map[string]map[peer.ID]bool{}} }

func (t *meshTracker) peers(topic string) []peer.ID {
	t.mu.Lock()
	defer t.mu.Unlock()
	out := make([]peer.ID, 0, len(t.mesh[topic]))
	for p := range t.mesh[topic] {
		out = append(out, p)
	}
	return out
}

// Graft implements pubsub.RawTracer.
func (t *meshTracker) Graft(p peer.ID, topic string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.mesh[topic] == nil {
		t.mesh[topic] = map[peer.ID]bool{}
	}
	t.mesh[topic][p] = true
}

// Prune implements pubsub.RawTracer.
func (t *meshTracker) Prune(p peer.ID, topic string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.mesh[topic], p)
}

// Leave implements pubsub.RawTracer.
func (t *meshTracker) Leave(topic string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.mesh, topic)
}

// The rest of pubsub.RawTracer is not needed.
func (t *meshTracker) OnNewOutboundStream(peer.ID, protocol.ID) {}
func (t *meshTracker) OnClosedOutboundStream(peer.ID)           {}
func (t *meshTracker) Join(string)                              {}
func (t *meshTracker) ValidateMessage(*pubsub.Message)          {}
func (t *meshTracker) DeliverMessage(*pubsub.Message)           {}
func (t *meshTracker) RejectMessage(*pubsub.Message, string)    {}
func (t *meshTracker) DuplicateMessage(*pubsub.Message)         {}
func (t *meshTracker) ThrottlePeer(peer.ID)                     {}
func (t *meshTracker) RecvRPC(*pubsub.RPC)                      {}
func (t *meshTracker) SendRPC(*pubsub.RPC, peer.ID)             {}
func (t *meshTracker) DropRPC(*pubsub.RPC, peer.ID)             {}
func (t *meshTracker) UndeliverableMessage(*pubsub.Message)     {}
