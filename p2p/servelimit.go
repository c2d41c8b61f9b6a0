package p2p

import (
	"sync"
	"time"

	"github.com/libp2p/go-libp2p/core/network"
	"github.com/libp2p/go-libp2p/core/peer"
)

// serveLimit bounds what one request/response protocol serves each peer: a
// token bucket of requests and a cap on the requests served at once.
type serveLimit struct {
	rate     float64
	burst    int
	inFlight int

	mu    sync.Mutex
	peers map[peer.ID]*serveState
}

type serveState struct {
	bucket   *bucket
	inFlight int
}

func newServeLimit(rate float64, burst, inFlight int) *serveLimit {
	return &serveLimit{rate: rate, burst: burst, inFlight: inFlight, peers: map[peer.ID]*serveState{}}
}

// admit takes one request of p. Over the limit it returns false; otherwise
// done must be called once the request is served.
func (l *serveLimit) admit(p peer.ID, now time.Time) (done func(), ok bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	ss := l.peers[p]
	if ss == nil {
		ss = &serveState{bucket: newBucket(l.rate, l.burst)}
		l.peers[p] = ss
	}
	if ok, _ := ss.bucket.take(now); !ok || ss.inFlight >= l.inFlight {
		return nil, false
	}
	ss.inFlight++
	return func() {
		l.mu.Lock()
		ss.inFlight--
		l.mu.Unlock()
	}, true
}

// forget drops the state of a peer that disconnected.
func (l *serveLimit) forget(p peer.ID) {
	l.mu.Lock()
	delete(l.peers, p)
	l.mu.Unlock()
}

// admitStream is the start of serving one request stream of a
// request/response protocol: the peer must have passed the handshake and
// be under l's limit, or the stream is reset. ok true: done must be called
// once the request is served.
func (h *Host) admitStream(st network.Stream, l *serveLimit, what string) (done func(), ok bool) {
	p := st.Conn().RemotePeer()
	if !h.waitReady(p) {
		_ = st.Reset()
		return nil, false
	}
	if done, ok = l.admit(p, time.Now()); !ok {
		h.log.Debug("Request over the rate limit refused", "protocol", what, "peer", p.String())
		_ = st.Reset()
	}
	return done, ok
}
