package p2p

import (
	"sync"
	"time"

	"github.com/libp2p/go-libp2p/core/peer"
)

// PeerRate bounds what the messages one peer delivers on a topic may cost
// this host to validate: a token bucket of Rate units a second holding up
// to Burst, each message costing Cost(data) units (1 when Cost is nil; at
// most Burst). A message over the bound is ignored (neither handled nor
// relayed, no penalty: the peer may be relaying others' honest traffic)
// and counted in Metrics.GossipThrottled.
type PeerRate struct {
	Rate  float64
	Burst int
	Cost  func(data []byte) int
}

// JoinOption configures a topic at Join.
type JoinOption func(*joinOptions)

type joinOptions struct {
	rate *PeerRate
}

// WithPeerRate bounds each peer's validation cost on the topic.
func WithPeerRate(r PeerRate) JoinOption {
	return func(o *joinOptions) { o.rate = &r }
}

// peerRateLimit is a topic's PeerRate: a bucket per connected peer,
// forgotten when the peer leaves.
type peerRateLimit struct {
	PeerRate
	mu    sync.Mutex
	peers map[peer.ID]*costBucket
}

type costBucket struct {
	tokens float64
	last   time.Time
}

func newPeerRateLimit(r PeerRate) *peerRateLimit {
	return &peerRateLimit{PeerRate: r, peers: map[peer.ID]*costBucket{}}
}

// take spends the cost of data from p's bucket; false if it has not enough.
func (l *peerRateLimit) take(p peer.ID, data []byte, now time.Time) bool {
	cost := 1
	if l.Cost != nil {
		cost = min(max(l.Cost(data), 1), l.Burst)
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	b := l.peers[p]
	if b == nil {
		b = &costBucket{tokens: float64(l.Burst), last: now}
		l.peers[p] = b
	}
	b.tokens = min(float64(l.Burst), b.tokens+now.Sub(b.last).Seconds()*l.Rate)
	b.last = now
	if b.tokens < float64(cost) {
		return false
	}
	b.tokens -= float64(cost)
	return true
}

func (l *peerRateLimit) forget(p peer.ID) {
	l.mu.Lock()
	delete(l.peers, p)
	l.mu.Unlock()
}
