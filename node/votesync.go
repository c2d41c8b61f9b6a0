package node

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sort"
	"time"

	"github.com/cairn-rollup/cairn/attest"
	"github.com/cairn-rollup/cairn/p2p"
)

// A node that connects asks its peers for the votes it lacks
// (docs/protocols/attestation.md, after era-consensus #145): gossip reaches
// only the nodes online when a vote goes around, so an operator that was down
// or cut off while the others certified a batch would wait for that batch
// forever. The fetcher asks each peer that passes the handshake, and, while
// the committer waits for a certificate (on other nodes: while a batch
// sealed here lacks one), one peer at a time every voteFetchInterval, for
// the votes of the batches from the first one L1 has not committed (and
// this node has no certificate for) to its sealed head.
// Every vote it gets goes through the pool's checks like a gossiped one.

// voteFetchInterval is how often a waiting committer's node asks the next peer.
const voteFetchInterval = 3 * time.Second

// votePeers is the network as the vote fetcher uses it (*p2p.Host).
type votePeers interface {
	Peers() []p2p.PeerInfo
	RequestVotes(ctx context.Context, peerID string, from, to uint64, skip int) ([][]byte, error)
	Penalize(peerID, reason string, err error)
}

// votePool is the vote pool as the fetcher uses it (*attest.Pool).
type votePool interface {
	Wanted(ctx context.Context, maxBatches uint64) (from, to uint64, ok bool)
	Add(ctx context.Context, v attest.Vote) error
}

// voteSource serves the pool's stored votes to peers (p2p.VoteSource).
type voteSource struct {
	pool interface {
		EncodedVotes(from, to uint64, skip, limit int) ([][]byte, error)
	}
}

func (s voteSource) Votes(from, to uint64, skip, limit int) ([][]byte, error) {
	return s.pool.EncodedVotes(from, to, skip, limit)
}

type voteFetcher struct {
	peers    votePeers
	pool     votePool
	waiting  func() bool // the committer waits for a certificate (nil: never)
	interval time.Duration
	ready    chan string
	log      *slog.Logger
	turn     int
}

func newVoteFetcher(peers votePeers, pool votePool, waiting func() bool, interval time.Duration, log *slog.Logger) *voteFetcher {
	if interval == 0 {
		interval = voteFetchInterval
	}
	return &voteFetcher{peers: peers, pool: pool, waiting: waiting, interval: interval, ready: make(chan string, 16), log: log}
}

// peerReady is the host's OnPeerReady hook. It never blocks: with the queue
// full the peer is not asked now (the timer asks peers in turn).
func (f *voteFetcher) peerReady(peerID string) {
	select {
	case f.ready <- peerID:
	default:
	}
}

// run asks peers until ctx ends.
func (f *voteFetcher) run(ctx context.Context) {
	t := time.NewTicker(f.interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case p := <-f.ready:
			f.fetch(ctx, p)
		case <-t.C:
			if f.waiting == nil || !f.waiting() {
				continue
			}
			if p, ok := f.nextPeer(); ok {
				f.fetch(ctx, p)
			}
		}
	}
}

// nextPeer picks the connected peers in turn.
func (f *voteFetcher) nextPeer() (string, bool) {
	ps := f.peers.Peers()
	if len(ps) == 0 {
		return "", false
	}
	sort.Slice(ps, func(i, j int) bool { return ps[i].ID < ps[j].ID })
	f.turn++
	return ps[f.turn%len(ps)].ID, true
}

// fetch asks peerID for the votes of the batches this node lacks, in
// pages of up to p2p.MaxVotesPerResponse, and hands them to the pool. It
// returns how many the pool took. A peer that serves a malformed vote, one
// outside the range asked for, or one whose signature does not verify is
// banned (an honest peer stores only votes that verified); a vote the pool
// cannot use now (another committee, L1 down) is dropped without blame.
func (f *voteFetcher) fetch(ctx context.Context, peerID string) int {
	from, to, ok := f.pool.Wanted(ctx, p2p.MaxVoteRequestBatches)
	if !ok {
		return 0
	}
	taken, served := 0, 0
	for skip := 0; skip <= p2p.MaxVoteSkip; skip += p2p.MaxVotesPerResponse {
		recs, err := f.peers.RequestVotes(ctx, peerID, from, to, skip)
		if err != nil {
			if ctx.Err() == nil {
				f.log.Debug("Votes not fetched", "peer", peerID, "from", from, "to", to, "skip", skip, "err", err)
			}
			break
		}
		n, bad := f.take(ctx, peerID, from, to, recs)
		taken += n
		served += len(recs)
		if bad || len(recs) < p2p.MaxVotesPerResponse {
			break
		}
	}
	if served > 0 {
		f.log.Debug("Votes fetched from a peer", "peer", peerID, "from", from, "to", to, "votes", served, "taken", taken)
	}
	return taken
}

// take hands one page of votes to the pool; bad reports a peer penalized.
func (f *voteFetcher) take(ctx context.Context, peerID string, from, to uint64, recs [][]byte) (taken int, bad bool) {
	for _, r := range recs {
		v, err := attest.DecodeVote(r)
		if err != nil {
			f.peers.Penalize(peerID, "malformed vote in a vote response", err)
			return taken, true
		}
		if v.BatchNumber < from || v.BatchNumber > to {
			f.peers.Penalize(peerID, "vote outside the batches asked for", fmt.Errorf("vote for batch %d, asked %d..%d", v.BatchNumber, from, to))
			return taken, true
		}
		switch err := f.pool.Add(ctx, v); {
		case err == nil:
			taken++
		case errors.Is(err, attest.ErrBadSignature):
			f.peers.Penalize(peerID, "forged vote in a vote response", err)
			return taken, true
		}
	}
	return taken, false
}
