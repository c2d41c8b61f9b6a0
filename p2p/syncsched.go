package p2p

import (
	"time"

	"github.com/libp2p/go-libp2p/core/peer"

	"github.com/cairn-rollup/cairn/clock"
	"github.com/cairn-rollup/cairn/consensus"
)

// The block sync scheduler decides, without I/O, which peer is asked for
// which blocks: it keeps what each peer announced, the window of blocks
// requested or verified and waiting for import, the requests in flight per
// peer and the peers to avoid after a failed request. It keeps connected
// peers only, at most limits.peers of them, and forgets a peer that leaves.
// The syncer (sync.go) holds its lock, opens the streams it asks for, and
// feeds back what they brought; the split is that of CometBFT's blocksync
// pool.go and reactor.go.

// syncLimits are the scheduler's bounds.
type syncLimits struct {
	window     int           // blocks requested or waiting for import, in total
	perRequest int           // blocks per request
	perPeer    int           // requests in flight per peer
	stale      time.Duration // an announcement older than this is not used
	avoid      time.Duration // a peer whose request failed is not asked for this long
	peers      int           // peers kept at most
}

// syncPeer is what the scheduler knows of one peer.
type syncPeer struct {
	announced  bool       // state holds the peer's block store state
	state      blockState //
	at         time.Time  // when state was announced
	requests   int        // requests in flight
	avoidUntil time.Time  // no request before this (after a failed one)
	served     bool       // it sent valid blocks: what it announces is believed
}

// syncRequest asks peer for blocks from..from+count-1.
type syncRequest struct {
	peer  peer.ID
	from  uint64
	count int
}

// syncResult is what a request brought: the valid blocks received, in
// order from its first, and why it stopped short if it did.
type syncResult struct {
	syncRequest
	blocks []*consensus.FinalBlock
	err    error
	bad    bool // the peer served invalid bytes or an invalid block
	reason string
}

// syncScheduler is the block sync's bookkeeping. It is not safe for
// concurrent use: the syncer calls it under its lock.
type syncScheduler struct {
	clock  clock.Clock
	limits syncLimits
	usable func(peer.ID) bool // the peer passed the handshake and is not refused

	peers    map[peer.ID]*syncPeer
	inflight map[uint64]peer.ID               // block number → peer asked
	pending  map[uint64]*consensus.FinalBlock // verified, waiting for their turn
}

func newSyncScheduler(c clock.Clock, limits syncLimits, usable func(peer.ID) bool) *syncScheduler {
	return &syncScheduler{
		clock: clock.Or(c), limits: limits, usable: usable,
		peers:    map[peer.ID]*syncPeer{},
		inflight: map[uint64]peer.ID{},
		pending:  map[uint64]*consensus.FinalBlock{},
	}
}

// announce records p's block store state, unless p is not a usable peer
// or the scheduler keeps as many peers as it may; it reports whether it did.
func (s *syncScheduler) announce(p peer.ID, st blockState) bool {
	if !s.usable(p) {
		return false
	}
	if s.peers[p] == nil && len(s.peers) >= s.limits.peers {
		for q, sp := range s.peers {
			if sp.requests == 0 && !s.usable(q) {
				delete(s.peers, q)
			}
		}
		if len(s.peers) >= s.limits.peers {
			return false
		}
	}
	sp := s.peer(p)
	sp.announced, sp.state, sp.at = true, st, s.clock.Now()
	return true
}

// gone forgets p, which left; its requests in flight stay counted until
// their results come.
func (s *syncScheduler) gone(p peer.ID) {
	sp := s.peers[p]
	if sp == nil {
		return
	}
	if sp.requests == 0 {
		delete(s.peers, p)
		return
	}
	*sp = syncPeer{requests: sp.requests}
}

// best returns the newest block announced recently by a peer that served
// blocks: the others' word is not taken for the sync lag.
func (s *syncScheduler) best() (uint64, bool) {
	now := s.clock.Now()
	var best uint64
	ok := false
	for _, sp := range s.peers {
		if !sp.served || !sp.fresh(now, s.limits.stale) {
			continue
		}
		if !ok || sp.state.Last > best {
			best, ok = sp.state.Last, true
		}
	}
	return best, ok
}

// inFlight is the number of requests in flight.
func (s *syncScheduler) inFlight() int {
	n := 0
	for _, sp := range s.peers {
		n += sp.requests
	}
	return n
}

// issue returns the requests that fill the window from block next, and
// counts them in flight: each asks the least busy usable peer that
// announced its first block for at most perRequest blocks that peer has.
// It stops at the first block no peer can be asked for.
func (s *syncScheduler) issue(next uint64) []syncRequest {
	now := s.clock.Now()
	end := next + uint64(s.limits.window)
	var out []syncRequest
	for n := next; n < end; {
		if s.busy(n) {
			n++
			continue
		}
		p, last, ok := s.pick(n, now)
		if !ok {
			break
		}
		count := 0
		for m := n; m < end && m <= last && count < s.limits.perRequest && !s.busy(m); m++ {
			count++
		}
		for m := n; m < n+uint64(count); m++ {
			s.inflight[m] = p
		}
		s.peers[p].requests++
		out = append(out, syncRequest{peer: p, from: n, count: count})
		n += uint64(count)
	}
	return out
}

// busy reports whether block n is requested or waiting for import.
func (s *syncScheduler) busy(n uint64) bool {
	_, asked := s.inflight[n]
	return asked || s.pending[n] != nil
}

// pick chooses the least busy usable peer that announced block n, and
// returns the last block it announced.
func (s *syncScheduler) pick(n uint64, now time.Time) (peer.ID, uint64, bool) {
	var best peer.ID
	var bestLast uint64
	found := false
	for p, sp := range s.peers {
		if !sp.fresh(now, s.limits.stale) || n < sp.state.First || n > sp.state.Last {
			continue
		}
		if now.Before(sp.avoidUntil) || sp.requests >= s.limits.perPeer || !s.usable(p) {
			continue
		}
		if !found || sp.requests < s.peers[best].requests {
			best, bestLast, found = p, sp.state.Last, true
		}
	}
	return best, bestLast, found
}

// done takes the result of a request. The blocks from next on wait for
// their turn to be imported; it returns those. A peer that served a bad
// block is no longer asked until it announces again; one whose request
// failed is avoided for a while; one that had fewer blocks than it
// announced is taken at its word until it announces again.
func (s *syncScheduler) done(r syncResult, next uint64) []*consensus.FinalBlock {
	for n := r.from; n < r.from+uint64(r.count); n++ {
		if s.inflight[n] == r.peer {
			delete(s.inflight, n)
		}
	}
	var fresh []*consensus.FinalBlock
	for _, b := range r.blocks {
		if b.Number() >= next {
			s.pending[b.Number()] = b
			fresh = append(fresh, b)
		}
	}
	sp := s.peers[r.peer]
	if sp == nil {
		return fresh // not reached: a peer is kept while it has requests in flight
	}
	sp.requests = max(sp.requests-1, 0)
	sp.served = sp.served || (!r.bad && len(r.blocks) > 0)
	switch {
	case r.bad:
		sp.announced = false
	case r.err != nil:
		sp.avoidUntil = s.clock.Now().Add(s.limits.avoid)
	case len(r.blocks) < r.count && sp.announced:
		got := r.from + uint64(len(r.blocks))
		if got == 0 || got <= sp.state.First {
			sp.announced = false
		} else {
			sp.state.Last = got - 1
		}
	}
	s.tidy(r.peer)
	return fresh
}

// run returns the verified blocks next in line from block next, at most a
// window of them, and forgets those before next.
func (s *syncScheduler) run(next uint64) []*consensus.FinalBlock {
	for n := range s.pending {
		if n < next {
			delete(s.pending, n)
		}
	}
	var run []*consensus.FinalBlock
	for n := next; s.pending[n] != nil && len(run) < s.limits.window; n++ {
		run = append(run, s.pending[n])
	}
	return run
}

// imported forgets blocks from..to-1, which the sink took.
func (s *syncScheduler) imported(from, to uint64) {
	for n := from; n < to; n++ {
		delete(s.pending, n)
	}
}

// peer returns p's entry, made if there is none.
func (s *syncScheduler) peer(p peer.ID) *syncPeer {
	sp := s.peers[p]
	if sp == nil {
		sp = &syncPeer{}
		s.peers[p] = sp
	}
	return sp
}

// tidy drops p's entry once it holds nothing to remember, or p left.
func (s *syncScheduler) tidy(p peer.ID) {
	sp := s.peers[p]
	if sp == nil || sp.requests > 0 {
		return
	}
	if !s.usable(p) || !sp.announced && !s.clock.Now().Before(sp.avoidUntil) {
		delete(s.peers, p)
	}
}

// fresh reports whether the peer announced a non-empty state recently.
func (sp *syncPeer) fresh(now time.Time, stale time.Duration) bool {
	return sp.announced && !sp.state.Empty && now.Sub(sp.at) <= stale
}
