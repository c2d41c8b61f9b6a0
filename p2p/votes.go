package p2p

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net"
	"time"

	"github.com/libp2p/go-libp2p/core/network"
	"github.com/libp2p/go-libp2p/core/peer"
)

// The attestation vote exchange: a node asks a peer for the votes it holds
// for a range of batches, and gets them in one bounded response. Votes are
// opaque records here (package attest owns their encoding); the asking
// side verifies every one before it counts.

// Vote exchange limits.
const (
	// MaxVoteRequestBatches bounds the batches one vote request names.
	MaxVoteRequestBatches = 64
	// MaxVotesPerResponse bounds the votes one response carries.
	MaxVotesPerResponse = 256
	// MaxVoteSkip bounds the votes a request skips: a range with more votes
	// than one response is read in pages, up to this many votes deep.
	MaxVoteSkip       = 16 * MaxVotesPerResponse
	voteServeRate     = 2                                   // requests per second and peer
	voteServeBurst    = MaxVoteSkip/MaxVotesPerResponse + 1 // every page of one range at once
	voteServeInFlight = 2                                   // requests served at once per peer
)

// ErrVoteRange is returned by RequestVotes for an empty range, one over
// MaxVoteRequestBatches or a skip over MaxVoteSkip; nothing is sent.
var ErrVoteRange = errors.New("p2p: vote request range out of bounds")

// VoteSource serves the attestation votes this node stores.
type VoteSource interface {
	// Votes returns at most limit encoded votes of batches from..to, in a
	// stable order, after the first skip.
	Votes(from, to uint64, skip, limit int) ([][]byte, error)
}

// voteExchange serves and sends vote requests.
type voteExchange struct {
	h    *Host
	src  VoteSource
	size int // bytes of one vote record

	limit *serveLimit
}

// ServeVotes answers peers' vote requests on /cairn/votes/1 from src and
// enables RequestVotes; every vote record is recordSize bytes. Serving is
// rate limited per peer; a malformed request bans its sender.
func (h *Host) ServeVotes(src VoteSource, recordSize int) error {
	if recordSize <= 0 || recordSize*MaxVotesPerResponse > h.cfg.MaxMessageSize {
		return fmt.Errorf("p2p: vote record size %d out of range", recordSize)
	}
	x := &voteExchange{h: h, src: src, size: recordSize, limit: newServeLimit(voteServeRate, voteServeBurst, voteServeInFlight)}
	if !h.votes.CompareAndSwap(nil, x) {
		return errors.New("p2p: vote exchange already started")
	}
	h.host.SetStreamHandler(protoVotes, x.serve)
	return nil
}

// getVotes is a vote request: the votes of batches From..To after the first Skip.
type getVotes struct {
	From, To uint64
	Skip     uint32
}

const (
	getVotesMagic = 0xcd
	getVotesSize  = 1 + 8 + 8 + 4
)

func (g getVotes) valid() bool {
	return g.To >= g.From && g.To-g.From < MaxVoteRequestBatches && g.Skip <= MaxVoteSkip
}

func (g getVotes) encode() []byte {
	b := make([]byte, getVotesSize)
	b[0] = getVotesMagic
	binary.BigEndian.PutUint64(b[1:], g.From)
	binary.BigEndian.PutUint64(b[9:], g.To)
	binary.BigEndian.PutUint32(b[17:], g.Skip)
	return b
}

func decodeGetVotes(b []byte) (getVotes, error) {
	if len(b) != getVotesSize || b[0] != getVotesMagic {
		return getVotes{}, fmt.Errorf("%w: vote request of %d bytes", ErrMalformed, len(b))
	}
	g := getVotes{From: binary.BigEndian.Uint64(b[1:]), To: binary.BigEndian.Uint64(b[9:]), Skip: binary.BigEndian.Uint32(b[17:])}
	if !g.valid() {
		return getVotes{}, fmt.Errorf("%w: vote request for batches %d..%d skipping %d, at most %d batches and %d skipped",
			ErrMalformed, g.From, g.To, g.Skip, MaxVoteRequestBatches, MaxVoteSkip)
	}
	return g, nil
}

// serve answers one vote request with one frame of whole vote records.
func (x *voteExchange) serve(st network.Stream) {
	h := x.h
	p := st.Conn().RemotePeer()
	done, ok := h.admitStream(st, x.limit, "votes")
	if !ok {
		return
	}
	defer done()
	_ = st.SetDeadline(time.Now().Add(h.cfg.SyncTimeout))
	var buf [getVotesSize]byte
	if _, err := io.ReadFull(st, buf[:]); err != nil {
		_ = st.Reset()
		return
	}
	req, err := decodeGetVotes(buf[:])
	if err != nil {
		_ = st.Reset()
		h.ban(p, "malformed vote request", err)
		return
	}
	recs, err := x.src.Votes(req.From, req.To, int(req.Skip), MaxVotesPerResponse)
	if err != nil {
		h.log.Warn("Vote exchange: cannot read votes to serve", "from", req.From, "to", req.To, "err", err)
		_ = st.Reset()
		return
	}
	body := make([]byte, 0, min(len(recs), MaxVotesPerResponse)*x.size)
	for i, r := range recs {
		if i == MaxVotesPerResponse {
			break
		}
		if len(r) != x.size {
			h.log.Error("Vote exchange: stored vote of the wrong size not served", "size", len(r), "want", x.size)
			continue
		}
		body = append(body, r...)
	}
	if err := writeFrame(st, body); err != nil {
		_ = st.Reset()
		return
	}
	h.m.votesServed.Add(uint64(len(body) / x.size))
	_ = st.Close()
}

func (x *voteExchange) peerGone(p peer.ID) {
	x.limit.forget(p)
}

// RequestVotes asks peerID for its votes of batches from..to (at most
// MaxVoteRequestBatches of them) after the first skip (at most
// MaxVoteSkip; a full response of MaxVotesPerResponse says there may be
// more) and returns the records it sent, each of
// the size given to ServeVotes and not otherwise checked: the caller
// verifies every vote. A peer that answers with bytes that do not frame
// (over the size bound, a partial record, trailing bytes) is banned; one
// that does not answer within Config.SyncTimeout gives an error wrapping
// context.DeadlineExceeded.
func (h *Host) RequestVotes(ctx context.Context, peerID string, from, to uint64, skip int) ([][]byte, error) {
	x := h.votes.Load()
	if x == nil {
		return nil, errors.New("p2p: vote exchange not started")
	}
	req := getVotes{From: from, To: to, Skip: uint32(skip)}
	if skip < 0 || skip > MaxVoteSkip || !req.valid() {
		return nil, fmt.Errorf("%w: batches %d..%d skipping %d, at most %d batches and %d skipped", ErrVoteRange, from, to, skip,
			MaxVoteRequestBatches, MaxVoteSkip)
	}
	p, err := peer.Decode(peerID)
	if err != nil {
		return nil, fmt.Errorf("p2p: vote request to %q: %w", peerID, err)
	}
	if !h.isReady(p) {
		return nil, fmt.Errorf("p2p: vote request to %s: peer not connected", peerID)
	}
	recs, reason, err := x.fetch(ctx, p, req)
	if reason != "" {
		h.ban(p, reason, err)
	}
	if err != nil && isTimeout(err) {
		h.m.voteTimeouts.Add(1)
	}
	return recs, err
}

func (x *voteExchange) fetch(ctx context.Context, p peer.ID, req getVotes) ([][]byte, string, error) {
	h := x.h
	ctx, cancel := context.WithTimeout(ctx, h.cfg.SyncTimeout)
	defer cancel()
	st, err := h.host.NewStream(network.WithNoDial(ctx, "vote request"), p, protoVotes)
	if err != nil {
		return nil, "", fmt.Errorf("open vote stream: %w", err)
	}
	defer st.Close()
	deadline, _ := ctx.Deadline()
	_ = st.SetDeadline(deadline)
	stop := context.AfterFunc(ctx, func() { _ = st.Reset() })
	defer stop()
	if _, err := st.Write(req.encode()); err != nil {
		_ = st.Reset()
		return nil, "", fmt.Errorf("send vote request: %w", err)
	}
	_ = st.CloseWrite()
	body, err := readFrame(st, MaxVotesPerResponse*x.size)
	switch {
	case errors.Is(err, ErrOversize):
		_ = st.Reset()
		return nil, "oversize vote response", err
	case err != nil:
		_ = st.Reset()
		var ne net.Error
		if ctx.Err() != nil || (errors.As(err, &ne) && ne.Timeout()) {
			err = fmt.Errorf("%w: %w", context.DeadlineExceeded, err)
		}
		return nil, "", fmt.Errorf("read vote response: %w", err)
	}
	if len(body)%x.size != 0 {
		_ = st.Reset()
		return nil, "malformed vote response", fmt.Errorf("%w: %d bytes is not a whole number of %d-byte votes", ErrMalformed, len(body), x.size)
	}
	var one [1]byte
	if n, _ := st.Read(one[:]); n != 0 {
		_ = st.Reset()
		return nil, "malformed vote response", fmt.Errorf("%w: bytes after the vote response", ErrMalformed)
	}
	recs := make([][]byte, 0, len(body)/x.size)
	for i := 0; i < len(body); i += x.size {
		recs = append(recs, body[i:i+x.size:i+x.size])
	}
	return recs, "", nil
}

// Penalize bans a peer that served data a protocol outside this package
// found invalid (a vote whose signature does not verify).
func (h *Host) Penalize(peerID, reason string, err error) {
	p, derr := peer.Decode(peerID)
	if derr != nil {
		return
	}
	h.ban(p, reason, err)
}

// OnPeerReady calls f with the peer id of every peer that passes the
// handshake from now on. f runs on the network's goroutine and must return
// quickly.
func (h *Host) OnPeerReady(f func(peerID string)) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.readyHooks = append(h.readyHooks, f)
}
