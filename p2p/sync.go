package p2p

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"github.com/libp2p/go-libp2p/core/network"
	"github.com/libp2p/go-libp2p/core/peer"

	"github.com/cairn-rollup/cairn/clock"
	"github.com/cairn-rollup/cairn/consensus"
)

// Block sync limits. The anchors are era-consensus (≤ 20 blocks queued,
// get_block 10 per 100 ms with 5 in flight) and CometBFT (≤ 20 per peer).
const (
	syncWindow         = 20 // blocks requested or waiting for import, in total
	syncPerRequest     = 5  // blocks per request
	syncPerPeer        = 2  // requests in flight per peer
	serveRate          = 100
	serveBurst         = 10
	serveInFlight      = 5 // requests served at once per peer
	stateServeRate     = 1 // block store state requests per second and peer
	stateServeBurst    = 3
	syncImportRetry    = time.Second
	blockStateTopic    = "blocks"
	blockStateMaxBytes = 64
)

// ErrNotFound is wrapped by a BlockSource that does not have a block.
var ErrNotFound = errors.New("p2p: block not found")

// BlockSource serves final blocks to peers.
type BlockSource interface {
	// FinalBlock returns final block n (payload + CommitQC), or an error wrapping ErrNotFound.
	FinalBlock(n uint64) (*consensus.FinalBlock, error)
}

// FirstServed is a BlockSource that serves blocks only from some number
// on (a node whose older blocks were rebuilt from L1, without CommitQCs):
// its block store state announces blocks from FirstBlock.
type FirstServed interface {
	FirstBlock() uint64
}

// BlockSink takes the blocks the fetcher syncs.
type BlockSink interface {
	// NextBlock is the number of the first block this node still needs.
	NextBlock() uint64
	// ImportFinal executes and stores one verified final block; called in order, one at a time.
	// On a validator consensus may finalize the same block meanwhile: NextBlock
	// is read before each call, but ImportFinal must still skip (or refuse) a
	// block it already has.
	ImportFinal(ctx context.Context, b *consensus.FinalBlock) error
}

// BlockRunSink is a BlockSink that imports a run of consecutive blocks in
// one call (moving its head once); the fetcher prefers it.
type BlockRunSink interface {
	ImportFinals(ctx context.Context, blocks []*consensus.FinalBlock) error
}

// HeadFlusher is a BlockRunSink that may leave its head behind the blocks
// it imported while more are coming: the import loop calls FlushHead
// each time it has imported every block it has.
type HeadFlusher interface {
	FlushHead(ctx context.Context) error
}

// BlockPrefetcher is a BlockSink that can start work on verified blocks
// before their turn to be imported (decoding, sender recovery), so that
// it overlaps the import of the blocks before them. Prefetch must not
// block.
type BlockPrefetcher interface {
	Prefetch(blocks []*consensus.FinalBlock)
}

// SyncStatus is the block sync's view of the chain.
type SyncStatus struct {
	Local    uint64 // newest block stored locally (0 when none)
	BestPeer uint64 // newest block announced by a peer that served blocks
	Lag      uint64 // blocks between the two
	Requests int    // block requests in flight
	Syncing  bool   // Lag is above SyncBehind: the node is catching up
	Start    uint64 // while Syncing: Local when the node fell behind
}

// SyncBehind is the lag up to which a node counts as synced: blocks are
// fetched once announced, so a node that keeps up is a block or two
// behind at times.
const SyncBehind = 4

// syncer serves GetBlocks, announces the block store state and fetches
// missing blocks.
type syncer struct {
	h     *Host
	src   BlockSource
	sink  BlockSink
	topic *Topic
	first uint64

	wakeC      chan struct{}
	announceC  chan struct{}
	importC    chan struct{} // blocks were verified
	results    chan syncResult
	limit      *serveLimit // of the blocks served
	stateLimit *serveLimit // of the block store states served

	mu      sync.Mutex
	sched   *syncScheduler // which peer is asked for which blocks (syncsched.go)
	lastAnn uint64
	hasAnn  bool
	behind  bool   // the last status said Syncing
	start   uint64 // Local when it fell behind
}

// StartSync serves GetBlocks from src, announces this node's block store
// state (on AnnounceFinal and every AnnounceInterval) and runs the fetcher
// that imports into sink the blocks peers announce beyond
// sink.NextBlock(), each verified against cfg.Genesis first. Call it once,
// after Start.
func (h *Host) StartSync(ctx context.Context, src BlockSource, sink BlockSink) error {
	if h.cfg.Genesis == nil {
		return errors.New("p2p: block sync needs the genesis committee (Config.Genesis)")
	}
	if !h.started.Load() {
		return errors.New("p2p: start the host before the block sync")
	}
	s := &syncer{
		h: h, src: src, sink: sink, first: h.cfg.Genesis.FirstBlock,
		wakeC: make(chan struct{}, 1), announceC: make(chan struct{}, 1), importC: make(chan struct{}, 1),
		results:    make(chan syncResult, syncWindow),
		limit:      newServeLimit(serveRate, serveBurst, serveInFlight),
		stateLimit: newServeLimit(stateServeRate, stateServeBurst, 1),
	}
	s.sched = newSyncScheduler(clock.System{}, syncLimits{
		window: syncWindow, perRequest: syncPerRequest, perPeer: syncPerPeer,
		stale: 3 * h.cfg.AnnounceInterval, avoid: h.cfg.SyncTimeout,
		// the peers a host keeps: inbound ones, static ones and validators
		peers: h.cfg.MaxInboundPeers + len(h.static) + len(h.validators),
	}, func(p peer.ID) bool { return h.isReady(p) && !h.refused(p) })
	if fs, ok := src.(FirstServed); ok {
		s.first = max(s.first, fs.FirstBlock())
	}
	if !h.syncer.CompareAndSwap(nil, s) {
		return errors.New("p2p: block sync already started")
	}
	t, err := h.Join(blockStateTopic, blockStateMaxBytes, s.onAnnouncement)
	if err != nil {
		return fmt.Errorf("p2p: block sync: %w", err)
	}
	s.topic = t
	h.host.SetStreamHandler(protoSync, s.serve)
	// A peer's block store state is asked for on its handshake: gossip
	// brings it only at the peer's next block or AnnounceInterval.
	h.host.SetStreamHandler(protoBlockState, s.serveState)
	ctx, cancel := context.WithCancel(ctx)
	ask := func(id string) {
		if p, err := peer.Decode(id); err == nil {
			h.wg.Go(func() { s.askState(ctx, p) })
		}
	}
	h.OnPeerReady(ask)
	for _, p := range h.Peers() {
		ask(p.ID) // handshaked before the hook was set: the node starts block sync after its host
	}
	h.wg.Add(4)
	go func() {
		defer h.wg.Done()
		defer cancel()
		<-h.ctx.Done()
	}()
	go func() {
		defer h.wg.Done()
		s.announceLoop(ctx)
	}()
	go func() {
		defer h.wg.Done()
		s.fetchLoop(ctx)
	}()
	go func() {
		defer h.wg.Done()
		s.importLoop(ctx)
	}()
	return nil
}

// AnnounceFinal tells peers that blocks up to last are final here.
func (h *Host) AnnounceFinal(last uint64) {
	s := h.syncer.Load()
	if s == nil {
		return
	}
	s.mu.Lock()
	if !s.hasAnn || last > s.lastAnn {
		s.lastAnn, s.hasAnn = last, true
	}
	s.mu.Unlock()
	s.announceNow()
}

// serveState answers a block store state request with this host's state.
func (s *syncer) serveState(st network.Stream) {
	done, ok := s.h.admitStream(st, s.stateLimit, "block state")
	if !ok {
		return
	}
	defer done()
	_ = st.SetDeadline(time.Now().Add(s.h.cfg.SyncTimeout))
	if _, err := st.Write(s.state().encode()); err != nil {
		_ = st.Reset()
		return
	}
	_ = st.Close()
}

// askState asks peer p for its block store state and records it as an
// announcement. A peer that does not answer is left to its gossip; one
// whose answer does not decode is penalised as a bad announcement is.
func (s *syncer) askState(ctx context.Context, p peer.ID) {
	ctx, cancel := context.WithTimeout(ctx, s.h.cfg.SyncTimeout)
	defer cancel()
	st, err := s.h.host.NewStream(network.WithNoDial(ctx, "block state"), p, protoBlockState)
	if err != nil {
		s.h.log.Debug("Block store state not asked", "peer", p.String(), "err", err)
		return
	}
	defer st.Close()
	deadline, _ := ctx.Deadline()
	_ = st.SetDeadline(deadline)
	_ = st.CloseWrite()
	buf, err := io.ReadAll(io.LimitReader(st, blockStateMaxBytes+1))
	if err != nil {
		_ = st.Reset()
		s.h.log.Debug("Block store state not read", "peer", p.String(), "err", err)
		return
	}
	if err := s.onAnnouncement(ctx, p.String(), buf); err != nil && !errors.Is(err, ErrIgnore) {
		s.h.ban(p, "malformed block store state", err)
	}
}

// announceNow has the announce loop publish the state now.
func (s *syncer) announceNow() {
	select {
	case s.announceC <- struct{}{}:
	default:
	}
}

// SyncStatus returns the block sync's progress (zero before StartSync).
func (h *Host) SyncStatus() SyncStatus {
	s := h.syncer.Load()
	if s == nil {
		return SyncStatus{}
	}
	next := s.sink.NextBlock()
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.status(next)
	st.Requests = s.sched.inFlight()
	return st
}

// status is the sync status with the sink's next block next; it notes
// when the node falls behind (the start of a catch-up) and when it is
// back. s.mu is held.
func (s *syncer) status(next uint64) SyncStatus {
	var st SyncStatus
	if next > 0 {
		st.Local = next - 1
	}
	best, ok := s.sched.best()
	st.BestPeer = best
	if ok && best+1 > next {
		st.Lag = best + 1 - next
	}
	switch {
	case st.Lag <= SyncBehind:
		s.behind = false
	case !s.behind:
		s.behind, s.start = true, st.Local
	}
	st.Syncing = s.behind
	if st.Syncing {
		st.Start = s.start
	}
	return st
}

func (s *syncer) wake() {
	select {
	case s.wakeC <- struct{}{}:
	default:
	}
}

func (s *syncer) peerGone(p peer.ID) {
	s.limit.forget(p)
	s.stateLimit.forget(p)
	s.mu.Lock()
	s.sched.gone(p)
	s.mu.Unlock()
	s.wake()
}

// state is this node's block store state: First..NextBlock()-1.
func (s *syncer) state() blockState {
	next := s.sink.NextBlock()
	s.mu.Lock()
	if s.hasAnn && s.lastAnn+1 > next {
		next = s.lastAnn + 1
	}
	s.mu.Unlock()
	if next <= s.first {
		return blockState{Empty: true}
	}
	return blockState{First: s.first, Last: next - 1}
}

func (s *syncer) announceLoop(ctx context.Context) {
	t := time.NewTicker(s.h.cfg.AnnounceInterval)
	defer t.Stop()
	// Start the sequence at the clock so that a restarted node's
	// announcements are not taken for repeats.
	seq := uint64(time.Now().UnixNano())
	for {
		st := s.state()
		seq++
		st.Seq = seq
		if !st.Empty {
			if err := s.topic.Publish(ctx, st.encode()); err != nil && ctx.Err() == nil {
				s.h.log.Debug("Block store state not announced", "err", err)
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-s.announceC:
		}
	}
}

// onAnnouncement records a peer's block store state. Gossip names the
// publisher, who may be no peer of this node (anyone can make a fresh
// identity): its state is not kept, nor relayed (ErrIgnore).
func (s *syncer) onAnnouncement(_ context.Context, from string, data []byte) error {
	st, err := decodeBlockState(data)
	if err != nil {
		return err
	}
	p, err := peer.Decode(from)
	if err != nil {
		return fmt.Errorf("announcement from %q: %w", from, err)
	}
	s.mu.Lock()
	kept := s.sched.announce(p, st)
	s.mu.Unlock()
	if !kept {
		return ErrIgnore
	}
	s.wake()
	return nil
}

// serve answers one GetBlocks request with the blocks src has, in order.
func (s *syncer) serve(st network.Stream) {
	p := st.Conn().RemotePeer()
	done, ok := s.h.admitStream(st, s.limit, "block sync")
	if !ok {
		return
	}
	defer done()
	_ = st.SetDeadline(time.Now().Add(s.h.cfg.SyncTimeout))
	var buf [getBlocksSize]byte
	if _, err := io.ReadFull(st, buf[:]); err != nil {
		_ = st.Reset()
		return
	}
	req, err := decodeGetBlocks(buf[:])
	if err != nil {
		s.h.m.consensusRefused.Add(1)
		_ = st.Reset()
		s.h.ban(p, "malformed block request", err)
		return
	}
	for n := req.From; n < req.From+uint64(req.Count); n++ {
		b, err := s.src.FinalBlock(n)
		if err != nil {
			if !errors.Is(err, ErrNotFound) {
				s.h.log.Warn("Block sync: cannot read block to serve", "block", n, "err", err)
			}
			break
		}
		enc := consensus.EncodeFinalBlock(b)
		if len(enc) > s.h.cfg.MaxMessageSize {
			s.h.log.Error("Block sync: block over the network limit not served", "block", n, "size", len(enc))
			break
		}
		if err := writeFrame(st, enc); err != nil {
			_ = st.Reset()
			return
		}
		s.h.m.syncServed.Add(1)
	}
	_ = st.Close()
}

// fetchLoop keeps the window of requests full. It takes results while a
// run of blocks imports, so that the sink prefetches the next ones.
func (s *syncer) fetchLoop(ctx context.Context) {
	tick := time.NewTicker(250 * time.Millisecond)
	defer tick.Stop()
	for {
		s.schedule(ctx)
		select {
		case <-ctx.Done():
			return
		case r := <-s.results:
			s.onResult(r)
		case <-s.wakeC:
		case <-tick.C:
		}
	}
}

// importLoop hands the verified blocks to the sink in order, apart from
// the fetch loop; a failed import is retried after syncImportRetry. A
// HeadFlusher's head left behind during a catch-up is flushed at the
// latest SyncFlushDelay after the first flush skipped.
func (s *syncer) importLoop(ctx context.Context) {
	retry := time.NewTimer(time.Hour)
	retry.Stop()
	defer retry.Stop()
	flush := time.NewTimer(time.Hour)
	flush.Stop()
	defer flush.Stop()
	force, armed := false, false
	for {
		pending, err := s.importReady(ctx, force)
		if ctx.Err() != nil {
			return
		}
		s.wake() // the window moved on
		ready := s.importC
		if err != nil {
			s.h.log.Warn("Block sync: import failed, retrying", "err", err)
			ready = nil // not before the retry
			retry.Reset(syncImportRetry)
		}
		switch {
		case pending && !armed:
			flush.Reset(s.h.cfg.SyncFlushDelay)
			armed = true
		case !pending && armed:
			flush.Stop()
			armed = false
		}
		force = false
		select {
		case <-ctx.Done():
			return
		case <-ready:
		case <-retry.C:
		case <-flush.C:
			force, armed = true, false
		}
	}
}

// importReady hands the verified blocks that are next in line to the sink.
// Once it has none left, it flushes a HeadFlusher's head, unless the node
// is catching up (peers announced more than a window of blocks past the
// last imported) and force is off: then it says the flush is pending.
// During a catch-up the sink's head (geth's, with its txpool and log
// index) so moves about once per SyncFlushDelay, not each time the import
// overtakes the fetch; near the tip it moves with every import.
func (s *syncer) importReady(ctx context.Context, force bool) (bool, error) {
	for {
		next := s.sink.NextBlock()
		s.mu.Lock()
		run := s.sched.run(next)
		best, announced := s.sched.best()
		s.mu.Unlock()
		catchingUp := announced && best >= next+syncWindow
		if len(run) == 0 {
			f, ok := s.sink.(HeadFlusher)
			if !ok {
				return false, nil
			}
			if catchingUp && !force {
				return true, nil
			}
			return false, f.FlushHead(ctx)
		}
		var err error
		if rs, ok := s.sink.(BlockRunSink); ok {
			err = rs.ImportFinals(ctx, run)
		} else {
			for _, b := range run {
				if err = s.sink.ImportFinal(ctx, b); err != nil {
					break
				}
			}
		}
		// The sink says how far it got.
		now := s.sink.NextBlock()
		if now > next {
			s.h.m.syncImported.Add(now - next)
		}
		s.mu.Lock()
		s.sched.imported(next, now)
		s.mu.Unlock()
		if err != nil {
			return false, fmt.Errorf("import blocks from %d: %w", next, err)
		}
	}
}

// onResult hands a request's result to the scheduler, then the blocks it
// brought to the import loop; a peer that served a bad block is banned.
func (s *syncer) onResult(r syncResult) {
	next := s.sink.NextBlock() // before the lock: the sink takes its own
	s.mu.Lock()
	fresh := s.sched.done(r, next)
	s.status(next) // the start of a catch-up, before its blocks are imported
	s.mu.Unlock()
	if len(fresh) > 0 {
		if p, ok := s.sink.(BlockPrefetcher); ok && !r.bad {
			p.Prefetch(fresh)
		}
		select {
		case s.importC <- struct{}{}:
		default:
		}
	}
	if r.bad {
		s.h.ban(r.peer, r.reason, r.err)
	} else if r.err != nil {
		s.h.log.Debug("Block request failed", "peer", r.peer.String(), "from", r.from, "count", r.count, "err", r.err)
	}
}

// schedule requests the missing blocks of the window from peers that
// announced them.
func (s *syncer) schedule(ctx context.Context) {
	next := s.sink.NextBlock()
	s.mu.Lock()
	reqs := s.sched.issue(next)
	s.mu.Unlock()
	for _, r := range reqs {
		s.h.wg.Add(1) // the fetch loop's own count keeps the group open
		go s.request(ctx, r)
	}
}

// request fetches req's blocks from its peer and verifies them; the result
// goes back to the fetch loop.
func (s *syncer) request(ctx context.Context, req syncRequest) {
	defer s.h.wg.Done()
	r := syncResult{syncRequest: req}
	r.blocks, r.reason, r.err = s.fetch(ctx, req.peer, req.from, req.count)
	r.bad = r.reason != ""
	if r.err != nil && isTimeout(r.err) {
		s.h.m.syncTimeouts.Add(1)
	}
	select {
	case s.results <- r:
	case <-ctx.Done():
	}
}

// fetch returns the valid blocks received and, for a peer that served bad
// bytes or an invalid block, why it is to be banned.
func (s *syncer) fetch(ctx context.Context, p peer.ID, from uint64, count int) ([]*consensus.FinalBlock, string, error) {
	ctx, cancel := context.WithTimeout(ctx, s.h.cfg.SyncTimeout)
	defer cancel()
	st, err := s.h.host.NewStream(network.WithNoDial(ctx, "block sync"), p, protoSync)
	if err != nil {
		return nil, "", fmt.Errorf("open block sync stream: %w", err)
	}
	defer st.Close()
	deadline, _ := ctx.Deadline()
	_ = st.SetDeadline(deadline)
	stop := context.AfterFunc(ctx, func() { _ = st.Reset() })
	defer stop()
	if _, err := st.Write(getBlocks{From: from, Count: uint32(count)}.encode()); err != nil {
		_ = st.Reset()
		return nil, "", fmt.Errorf("send block request: %w", err)
	}
	_ = st.CloseWrite()
	max := s.h.cfg.MaxMessageSize
	var blocks []*consensus.FinalBlock
	for i := range count {
		frame, err := readFrame(st, max)
		switch {
		case err == io.EOF:
			return blocks, "", nil
		case errors.Is(err, ErrOversize):
			_ = st.Reset()
			return blocks, "oversize block in sync response", err
		case err != nil:
			_ = st.Reset()
			if ctx.Err() != nil {
				err = fmt.Errorf("%w: %w", context.DeadlineExceeded, err)
			}
			return blocks, "", fmt.Errorf("read block %d: %w", from+uint64(i), err)
		}
		b, err := consensus.DecodeFinalBlock(frame, max)
		if err != nil {
			_ = st.Reset()
			return blocks, "malformed block in sync response", err
		}
		if want := from + uint64(i); b.Number() != want {
			_ = st.Reset()
			return blocks, "block out of order in sync response", fmt.Errorf("block %d served for %d", b.Number(), want)
		}
		if err := b.Verify(s.h.cfg.Genesis); err != nil {
			_ = st.Reset()
			return blocks, "invalid block in sync response", err
		}
		blocks = append(blocks, b)
	}
	return blocks, "", nil
}

func isTimeout(err error) bool {
	return errors.Is(err, context.DeadlineExceeded) || errors.Is(err, os.ErrDeadlineExceeded)
}
