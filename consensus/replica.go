package consensus

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/cairn-rollup/cairn/clock"
	"github.com/cairn-rollup/cairn/crypto/bls"
)

// Defaults of Config.
const (
	DefaultViewTimeout    = 2 * time.Second
	DefaultMaxPayloadSize = 2 << 20
)

// Config configures a Replica.
type Config struct {
	Key            *bls.SecretKey
	Engine         Engine
	Transport      Transport
	Clock          clock.Clock   // the wall clock if nil
	ViewTimeout    time.Duration // DefaultViewTimeout if zero
	MaxPayloadSize int           // DefaultMaxPayloadSize if zero
	Logger         *slog.Logger  // discarded if nil
	// VerifyCache, if set, is shared by replicas of one process so that each
	// signature is verified once. A private cache is used otherwise.
	VerifyCache *VerifyCache
}

// Replica is one validator's consensus state machine. Its methods are not
// safe for concurrent use: Run drives it from one goroutine, or a test
// harness steps it with Start, HandleMessage and Tick.
type Replica struct {
	cfg  Config
	g    *Genesis
	c    *Committee
	ver  verifier
	log  *slog.Logger
	self bls.PublicKey

	// Persisted state.
	view          uint64
	phase         Phase
	highVote      *ReplicaCommit
	highCommitQC  *CommitQC
	highTimeoutQC *TimeoutQC
	blocks        map[uint64]map[Hash][]byte

	// Volatile state.
	commitVotes   *voteSet // newest commit per signer
	timeoutVotes  *voteSet // newest timeout per signer
	deadline      time.Time
	pending       *Signed // proposal waiting for its previous block
	proposedView  uint64
	proposed      bool
	proposeFailed bool
	ownProposal   *LeaderProposal    // persisted: re-sent, never replaced, in its view
	building      *proposalBuild     // payload being built under Run
	built         chan proposalBuild // payloads built, nil when stepped
	builders      sync.WaitGroup     // payload builders started by Run
	hasFinal      bool
	lastFinal     uint64
	status        atomic.Pointer[Status]
	timeouts      uint64
	views         uint64
}

// withDefaults returns the config with every unset field at its default.
func (cfg Config) withDefaults() Config {
	if cfg.Clock == nil {
		cfg.Clock = clock.System{}
	}
	if cfg.ViewTimeout <= 0 {
		cfg.ViewTimeout = DefaultViewTimeout
	}
	if cfg.MaxPayloadSize <= 0 {
		cfg.MaxPayloadSize = DefaultMaxPayloadSize
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.VerifyCache == nil {
		cfg.VerifyCache = NewVerifyCache(4096)
	}
	return cfg
}

// NewReplica checks the config and builds a replica. Call Start (or Run)
// to load the persisted state.
func NewReplica(cfg Config) (*Replica, error) {
	if cfg.Key == nil || cfg.Engine == nil || cfg.Transport == nil {
		return nil, errors.New("consensus: replica needs a key, an engine and a transport")
	}
	cfg = cfg.withDefaults()
	g := cfg.Engine.Genesis()
	if g == nil || g.Committee == nil {
		return nil, errors.New("consensus: engine has no genesis")
	}
	self := cfg.Key.Public()
	if _, ok := g.Committee.Index(self); !ok {
		return nil, fmt.Errorf("consensus: key %s is not in the committee", self)
	}
	return &Replica{
		cfg: cfg, g: g, c: g.Committee, ver: newVerifier(g, cfg.VerifyCache),
		log: cfg.Logger.With("validator", self.String()[27:35]), self: self,
		blocks: map[uint64]map[Hash][]byte{}, commitVotes: newVoteSet(g.Committee), timeoutVotes: newVoteSet(g.Committee),
	}, nil
}

// Start loads the persisted state and arms the view timer. At view 0, and
// after a restart in the timeout phase, the replica times out at once.
func (r *Replica) Start(ctx context.Context) error {
	raw, err := r.cfg.Engine.ReplicaState(ctx)
	if err != nil {
		return fmt.Errorf("load replica state: %w", err)
	}
	if len(raw) > 0 {
		s, err := DecodeReplicaState(raw, 0)
		if err != nil {
			return fmt.Errorf("load replica state: %w", err)
		}
		r.view, r.phase, r.highVote, r.highCommitQC, r.highTimeoutQC = s.View, s.Phase, s.HighVote, s.HighCommitQC, s.HighTimeoutQC
		r.ownProposal = s.OwnProposal
		for _, p := range s.Proposals {
			r.cacheBlock(p.Number, p.Payload)
		}
	}
	r.refreshFinal(ctx)
	now := r.cfg.Clock.Now()
	r.deadline = now.Add(r.cfg.ViewTimeout)
	if r.phase == PhaseTimeout || (r.view == 0 && r.highCommitQC == nil && r.highTimeoutQC == nil) {
		r.deadline = now
	}
	if r.highCommitQC != nil {
		if err := r.finalize(ctx, r.highCommitQC); err != nil {
			return err
		}
	}
	r.log.Debug("Replica started", "view", r.view, "phase", r.phase)
	if r.phase == PhasePrepare {
		r.maybePropose(ctx)
	}
	return nil
}

// Run drives the replica until ctx ends: inbound messages and timer ticks are
// events handled one at a time by this goroutine.
func (r *Replica) Run(ctx context.Context) error {
	r.built = make(chan proposalBuild)
	defer r.builders.Wait()
	if err := r.Start(ctx); err != nil {
		return err
	}
	in := r.cfg.Transport.Inbound()
	for {
		r.publishStatus()
		wait := r.deadline.Sub(r.cfg.Clock.Now())
		if (r.pending != nil || r.proposeFailed) && wait > r.cfg.ViewTimeout/16 {
			wait = r.cfg.ViewTimeout / 16
		}
		timer := r.cfg.Clock.After(max(wait, 0))
		select {
		case <-ctx.Done():
			return nil
		case m, ok := <-in:
			if !ok {
				return nil
			}
			if err := r.HandleMessage(ctx, m); err != nil {
				r.log.Debug("Message refused", "kind", kindOf(m), "err", err)
			}
		case b := <-r.built:
			r.finishProposal(ctx, b)
		case <-timer:
			if err := r.Tick(ctx); err != nil {
				r.log.Warn("Tick failed", "err", err)
			}
		}
	}
}

func kindOf(s Signed) string {
	if s.Msg == nil {
		return "none"
	}
	return s.Msg.Kind().String()
}

// View returns the current view number and phase.
func (r *Replica) View() (uint64, Phase) { return r.view, r.phase }

// HighCommitQC returns the newest CommitQC the replica knows.
func (r *Replica) HighCommitQC() *CommitQC { return r.highCommitQC }

// PendingVotes returns how many commit and timeout votes are cached.
func (r *Replica) PendingVotes() (commits, timeouts int) {
	return r.commitVotes.len(), r.timeoutVotes.len()
}

// HandleMessage processes one inbound message. The error says why a message
// was refused; a refused message changes nothing and sends nothing.
func (r *Replica) HandleMessage(ctx context.Context, s Signed) error {
	if s.Msg == nil || s.Signer.IsZero() || s.Sig.IsZero() {
		return fmt.Errorf("%w: empty message, signer or signature", ErrInvalidMessage)
	}
	var err error
	switch m := s.Msg.(type) {
	case *LeaderProposal:
		err = r.onProposal(ctx, s, m)
	case *ReplicaCommit:
		err = r.onCommit(ctx, s, m)
	case *ReplicaTimeout:
		err = r.onTimeout(ctx, s, m)
	case *ReplicaNewView:
		err = r.onNewView(ctx, s, m)
	default:
		err = fmt.Errorf("%w: unknown message type %T", ErrInvalidMessage, s.Msg)
	}
	if err == nil {
		err = r.retryPending(ctx)
	}
	return err
}

// Tick handles the passage of time: retries a waiting proposal, and when the
// view deadline has passed, times out and (re-)broadcasts the timeout.
func (r *Replica) Tick(ctx context.Context) error {
	if err := r.retryPending(ctx); err != nil {
		return err
	}
	if r.cfg.Clock.Now().Before(r.deadline) {
		return nil
	}
	return r.timeoutView(ctx)
}

// Deadline returns when the current view times out (or the timeout is
// re-broadcast).
func (r *Replica) Deadline() time.Time { return r.deadline }

func (r *Replica) timeoutView(ctx context.Context) error {
	if r.phase != PhaseTimeout {
		r.timeouts++
		r.phase = PhaseTimeout
		if err := r.persist(ctx); err != nil {
			return err
		}
	}
	msg := &ReplicaTimeout{View: r.g.View(r.view), HighVote: r.highVote, HighQC: r.highCommitQC}
	if j := r.highJustification(); !j.IsZero() {
		r.cfg.Transport.Broadcast(r.sign(&ReplicaNewView{Justification: j}))
	}
	r.cfg.Transport.Broadcast(r.sign(msg))
	r.deadline = r.cfg.Clock.Now().Add(r.cfg.ViewTimeout)
	r.log.Debug("View timed out", "view", r.view)
	return nil
}

func (r *Replica) onProposal(ctx context.Context, s Signed, p *LeaderProposal) error {
	j := p.Justification
	if j.IsZero() || (j.Commit != nil && j.Timeout != nil) {
		return fmt.Errorf("%w: want exactly one QC", ErrInvalidJustify)
	}
	v := j.View()
	if err := r.g.checkView(v); err != nil {
		return err
	}
	if v.Number < r.view {
		if err := r.latePayload(ctx, p); err != nil {
			return err
		}
		return fmt.Errorf("%w: proposal for view %d at view %d", ErrOld, v.Number, r.view)
	}
	if v.Number == r.view && r.phase != PhasePrepare {
		return fmt.Errorf("%w: view %d, phase %s", ErrWrongPhase, v.Number, r.phase)
	}
	if leader := r.c.Leader(v.Number); !s.Signer.Equal(leader) {
		return fmt.Errorf("%w: view %d", ErrWrongLeader, v.Number)
	}
	if err := r.ver.signed(s); err != nil {
		return err
	}
	if err := r.verifyJustification(j); err != nil {
		return err
	}
	// The justification is verified: its QCs can be taken now, which may
	// finalize the previous block this proposal builds on.
	if err := r.processJustification(ctx, j); err != nil {
		return err
	}
	number, repro := j.ImpliedBlock(r.g)
	switch {
	case repro != nil && p.Payload != nil:
		return fmt.Errorf("%w: block %d", ErrReproposalPayload, number)
	case repro == nil && p.Payload == nil:
		return fmt.Errorf("%w: block %d", ErrMissingPayload, number)
	case len(p.Payload) > r.cfg.MaxPayloadSize:
		return fmt.Errorf("%w: %d bytes, limit %d", ErrOversizePayload, len(p.Payload), r.cfg.MaxPayloadSize)
	}
	r.refreshFinal(ctx)
	if r.finalHere(number) && (repro == nil || !r.finalPayload(ctx, number, *repro)) {
		return fmt.Errorf("%w: block %d", ErrPrunedBlock, number)
	}
	var hash Hash
	if repro != nil {
		hash = *repro
	} else {
		hash = PayloadHash(p.Payload)
		if number > r.g.FirstBlock && !(r.hasFinal && r.lastFinal >= number-1) {
			// Keep it: the previous block may become final before the view ends.
			r.pending = &s
			return fmt.Errorf("%w: block %d", ErrPreviousNotFinal, number-1)
		}
		if err := r.cfg.Engine.VerifyPayload(ctx, number, p.Payload); err != nil {
			return fmt.Errorf("%w: block %d: %w", ErrPayloadRejected, number, err)
		}
		r.cacheBlock(number, p.Payload)
	}
	if r.pending != nil && r.pending.Msg.MsgView().Number <= v.Number {
		r.pending = nil
	}
	commit := &ReplicaCommit{View: v, Header: BlockHeader{Number: number, PayloadHash: hash}}
	if v.Number > r.view {
		r.enterView(v.Number)
	}
	r.phase = PhaseCommit
	r.highVote = commit
	if err := r.persist(ctx); err != nil {
		return err
	}
	r.cfg.Transport.Broadcast(r.sign(commit))
	r.log.Debug("Voted", "view", v.Number, "block", number)
	return nil
}

// finalHere reports whether block number is final at this replica, or
// certified by its high QC.
func (r *Replica) finalHere(number uint64) bool {
	return (r.hasFinal && number <= r.lastFinal) || (r.highCommitQC != nil && number <= r.highCommitQC.Header().Number)
}

// finalPayload reports whether the replica knows h as the payload hash of
// final block number. A re-proposal of that payload gets a vote: the
// replica that alone holds a block's CommitQC must not refuse the
// re-proposals the others' TimeoutQCs imply, its vote may be needed.
func (r *Replica) finalPayload(ctx context.Context, number uint64, h Hash) bool {
	if r.highCommitQC != nil && r.highCommitQC.Header() == (BlockHeader{Number: number, PayloadHash: h}) {
		return true
	}
	n, last := r.cfg.Engine.LastFinal(ctx)
	return last != (Hash{}) && n == number && last == h
}

// latePayload takes the payload of a proposal that arrived after its block's
// CommitQC: the QC's payload hash vouches for it, so the block is final
// without waiting for block sync.
func (r *Replica) latePayload(ctx context.Context, p *LeaderProposal) error {
	qc := r.highCommitQC
	if p.Payload == nil || qc == nil || len(p.Payload) > r.cfg.MaxPayloadSize || PayloadHash(p.Payload) != qc.Header().PayloadHash {
		return nil
	}
	if _, ok := r.blocks[qc.Header().Number][qc.Header().PayloadHash]; ok {
		return nil
	}
	r.cacheBlock(qc.Header().Number, p.Payload)
	return r.finalize(ctx, qc)
}

func (r *Replica) onCommit(ctx context.Context, s Signed, m *ReplicaCommit) error {
	idx, ok := r.c.Index(s.Signer)
	if !ok {
		return ErrUnknownSigner
	}
	if m.View.Number < r.view {
		return fmt.Errorf("%w: commit for view %d at view %d", ErrOld, m.View.Number, r.view)
	}
	if err := r.g.checkView(m.View); err != nil {
		return err
	}
	h := SigningHash(m)
	if held, taken := r.commitVotes.taken(idx, m.View.Number, s.Sig, h); taken {
		return fmt.Errorf("%w: commit of view %d after one of view %d", ErrDuplicateSigner, m.View.Number, held)
	}
	if err := r.ver.commit(m); err != nil {
		return err
	}
	r.commitVotes.put(vote{signer: idx, msg: m, hash: h, sig: s.Sig})
	qc, ok, dropped, err := quorum(r.commitVotes, idx, func(v vote) bool { return v.hash == h },
		func(vs []vote) (*CommitQC, error) { return buildCommitQC(r.c, m, vs) },
		func(qc *CommitQC) error { return verifyAggregate(r.c, qc.Signers, h, qc.Sig) })
	if dropped > 0 {
		r.log.Warn("Dropped commit votes with invalid signatures", "view", m.View.Number, "count", dropped)
	}
	if err != nil {
		return fmt.Errorf("commit of view %d: %w", m.View.Number, err)
	}
	if !ok {
		return nil
	}
	r.ver.rememberCommitQC(qc)
	if err := r.processCommitQC(ctx, qc); err != nil {
		return err
	}
	return r.startNewView(ctx, m.View.Number+1)
}

func (r *Replica) onTimeout(ctx context.Context, s Signed, m *ReplicaTimeout) error {
	idx, ok := r.c.Index(s.Signer)
	if !ok {
		return ErrUnknownSigner
	}
	if m.View.Number < r.view {
		return fmt.Errorf("%w: timeout for view %d at view %d", ErrOld, m.View.Number, r.view)
	}
	if err := r.g.checkView(m.View); err != nil {
		return err
	}
	h := SigningHash(m)
	if held, taken := r.timeoutVotes.taken(idx, m.View.Number, s.Sig, h); taken {
		return fmt.Errorf("%w: timeout of view %d after one of view %d", ErrDuplicateSigner, m.View.Number, held)
	}
	if err := r.ver.timeout(m); err != nil {
		return err
	}
	r.timeoutVotes.put(vote{signer: idx, msg: m, hash: h, sig: s.Sig})
	view := m.View.Number
	qc, ok, dropped, err := quorum(r.timeoutVotes, idx, func(v vote) bool { return v.msg.MsgView().Number == view },
		func(vs []vote) (*TimeoutQC, error) { return buildTimeoutQC(r.c, m.View, vs) },
		func(qc *TimeoutQC) error { return verifyTimeoutSig(r.c, qc) })
	if dropped > 0 {
		r.log.Warn("Dropped timeouts with invalid signatures", "view", view, "count", dropped)
	}
	if err != nil {
		return fmt.Errorf("timeout of view %d: %w", view, err)
	}
	if !ok {
		return nil
	}
	r.ver.rememberTimeoutQC(qc)
	if err := r.processTimeoutQC(ctx, qc); err != nil {
		return err
	}
	return r.startNewView(ctx, view+1)
}

func (r *Replica) onNewView(ctx context.Context, s Signed, m *ReplicaNewView) error {
	if _, ok := r.c.Index(s.Signer); !ok {
		return ErrUnknownSigner
	}
	j := m.Justification
	if j.IsZero() {
		return fmt.Errorf("%w: empty", ErrInvalidJustify)
	}
	v := j.View()
	if err := r.g.checkView(v); err != nil {
		return err
	}
	if v.Number < r.view || (v.Number == r.view && !s.Signer.Equal(r.c.Leader(v.Number))) {
		return fmt.Errorf("%w: new view %d at view %d", ErrOld, v.Number, r.view)
	}
	if v.Number == r.view && !r.newerQC(j) {
		return nil // the leader's new view brings nothing the replica lacks
	}
	// Moving forward needs only the QC, which authenticates itself; the
	// signature matters for the leader's new view of the current view.
	if v.Number == r.view {
		if err := r.ver.signed(s); err != nil {
			return err
		}
	}
	if err := r.verifyJustification(j); err != nil {
		return err
	}
	if err := r.processJustification(ctx, j); err != nil {
		return err
	}
	if v.Number > r.view {
		return r.startNewView(ctx, v.Number)
	}
	return nil
}

// newerQC reports whether j holds a QC newer than the replica's: a CommitQC
// (its own, or a TimeoutQC's high QC) or a TimeoutQC of a later view. The
// leader's new view of the current view is processed when it does (it may
// carry the CommitQC that finalizes the previous block to a replica that
// entered the view by a TimeoutQC), and skipped otherwise.
func (r *Replica) newerQC(j Justification) bool {
	newer := func(qc *CommitQC) bool {
		return qc != nil && (r.highCommitQC == nil || qc.Message.View.Number > r.highCommitQC.Message.View.Number)
	}
	if j.Commit != nil {
		return newer(j.Commit)
	}
	return r.highTimeoutQC == nil || j.Timeout.View.Number > r.highTimeoutQC.View.Number || newer(j.Timeout.HighQC())
}

// verifyJustification checks a justification's QC. A CommitQC for the
// message of the replica's own (verified) high QC needs no second check: the
// message is certified, and the replica keeps its own copy.
func (r *Replica) verifyJustification(j Justification) error {
	if j.Commit != nil && j.Timeout == nil && r.highCommitQC != nil && j.Commit.Message == r.highCommitQC.Message {
		return nil
	}
	if err := r.ver.justification(j); err != nil {
		return fmt.Errorf("%w: %w", ErrInvalidJustify, err)
	}
	return nil
}

func (r *Replica) processJustification(ctx context.Context, j Justification) error {
	if j.Commit != nil {
		return r.processCommitQC(ctx, j.Commit)
	}
	return r.processTimeoutQC(ctx, j.Timeout)
}

func (r *Replica) processCommitQC(ctx context.Context, qc *CommitQC) error {
	if r.highCommitQC != nil && qc.Message == r.highCommitQC.Message {
		// verifyJustification lets a copy of this message through unchecked:
		// only the verified copy may finalize the block.
		qc = r.highCommitQC
	}
	if r.highCommitQC == nil || qc.Message.View.Number > r.highCommitQC.Message.View.Number {
		r.highCommitQC = qc
	}
	return r.finalize(ctx, qc)
}

func (r *Replica) processTimeoutQC(ctx context.Context, qc *TimeoutQC) error {
	if r.highTimeoutQC == nil || qc.View.Number > r.highTimeoutQC.View.Number {
		r.highTimeoutQC = qc
	}
	if hq := qc.HighQC(); hq != nil {
		return r.processCommitQC(ctx, hq)
	}
	return nil
}

// finalize hands the block of qc to the engine when it is the next block and
// its payload is cached. Otherwise block sync brings it.
func (r *Replica) finalize(ctx context.Context, qc *CommitQC) error {
	r.refreshFinal(ctx)
	h := qc.Header()
	next := r.g.FirstBlock
	if r.hasFinal {
		next = r.lastFinal + 1
	}
	if h.Number != next {
		return nil
	}
	payload, ok := r.blocks[h.Number][h.PayloadHash]
	if !ok {
		r.log.Debug("Final block payload missing, waiting for block sync", "block", h.Number)
		return nil
	}
	if err := r.cfg.Engine.Finalize(ctx, FinalBlock{Payload: payload, QC: qc}); err != nil {
		return fmt.Errorf("finalize block %d: %w", h.Number, err)
	}
	r.hasFinal, r.lastFinal = true, h.Number
	r.log.Debug("Block finalized", "block", h.Number, "view", qc.Message.View.Number)
	return nil
}

func (r *Replica) refreshFinal(ctx context.Context) {
	n, h := r.cfg.Engine.LastFinal(ctx)
	if h != (Hash{}) {
		r.hasFinal, r.lastFinal = true, n
	}
}

func (r *Replica) enterView(v uint64) {
	r.views++
	r.view = v
	r.phase = PhasePrepare
	r.deadline = r.cfg.Clock.Now().Add(r.cfg.ViewTimeout)
}

func (r *Replica) startNewView(ctx context.Context, v uint64) error {
	r.enterView(v)
	r.prune()
	if err := r.persist(ctx); err != nil {
		return err
	}
	if j := r.highJustification(); !j.IsZero() {
		r.cfg.Transport.Broadcast(r.sign(&ReplicaNewView{Justification: j}))
	}
	r.maybePropose(ctx)
	return nil
}

func (r *Replica) prune() {
	for n := range r.blocks {
		if (r.hasFinal && n <= r.lastFinal) || (r.highCommitQC != nil && n < r.highCommitQC.Header().Number) {
			delete(r.blocks, n)
		}
	}
	if r.pending != nil && r.pending.Msg.MsgView().Number < r.view {
		r.pending = nil
	}
	if r.ownProposal != nil && r.ownProposal.MsgView().Number < r.view {
		r.ownProposal = nil
	}
}

// highJustification is the higher of the two high QCs; a tie goes to the
// CommitQC.
func (r *Replica) highJustification() Justification {
	if r.highTimeoutQC != nil && (r.highCommitQC == nil || r.highTimeoutQC.View.Number > r.highCommitQC.Message.View.Number) {
		return Justification{Timeout: r.highTimeoutQC}
	}
	if r.highCommitQC != nil {
		return Justification{Commit: r.highCommitQC}
	}
	return Justification{}
}

// maybePropose proposes once per view when this replica leads it.
func (r *Replica) maybePropose(ctx context.Context) {
	if r.proposed && r.proposedView == r.view {
		return
	}
	if r.building != nil && r.building.view == r.view {
		return // the engine is building this view's payload
	}
	if !r.c.Leader(r.view).Equal(r.self) {
		return
	}
	if p := r.ownProposal; p != nil && p.MsgView().Number == r.view {
		// Proposed before a restart: send the same proposal again.
		r.proposed, r.proposedView = true, r.view
		r.cfg.Transport.Broadcast(r.sign(p))
		return
	}
	j := r.highJustification()
	if j.IsZero() || j.View().Number != r.view {
		return
	}
	number, repro := j.ImpliedBlock(r.g)
	if repro != nil {
		r.propose(ctx, proposalBuild{view: r.view, number: number, j: j})
		return
	}
	r.refreshFinal(ctx)
	if number > r.g.FirstBlock && !(r.hasFinal && r.lastFinal >= number-1) {
		r.proposeFailed = true // retried on the next event
		return
	}
	b := &proposalBuild{view: r.view, number: number, j: j}
	if r.built == nil {
		// Stepped synchronously (tests): ask the engine inline.
		b.payload, b.err = r.cfg.Engine.ProposePayload(ctx, number)
		r.finishProposal(ctx, *b)
		return
	}
	// Under Run, building a payload is an event: the state machine keeps
	// handling messages meanwhile.
	r.building = b
	r.builders.Go(func() {
		p, err := r.cfg.Engine.ProposePayload(ctx, number)
		out := *b
		out.payload, out.err = p, err
		select {
		case r.built <- out:
		case <-ctx.Done():
		}
	})
}

// proposalBuild is a payload the engine builds for a proposal.
type proposalBuild struct {
	view, number uint64
	j            Justification
	payload      []byte
	err          error
}

// finishProposal broadcasts a built proposal if its view is still current.
func (r *Replica) finishProposal(ctx context.Context, b proposalBuild) {
	if r.building != nil && r.building.view == b.view {
		r.building = nil
	}
	if b.view != r.view || r.phase != PhasePrepare || (r.proposed && r.proposedView == r.view) {
		return
	}
	if b.err != nil {
		r.proposeFailed = true
		r.log.Warn("Engine could not propose a payload", "block", b.number, "err", b.err)
		return
	}
	if b.payload == nil {
		b.payload = []byte{}
	}
	r.propose(ctx, b)
}

// propose persists the proposal, then broadcasts it: a leader restarted in
// the same view re-sends it rather than proposing a second block.
func (r *Replica) propose(ctx context.Context, b proposalBuild) {
	p := &LeaderProposal{Payload: b.payload, Justification: b.j}
	r.ownProposal = p
	if err := r.persist(ctx); err != nil {
		r.ownProposal = nil
		r.proposeFailed = true
		r.log.Warn("Could not persist the proposal", "view", b.view, "err", err)
		return
	}
	r.proposed, r.proposedView, r.proposeFailed = true, b.view, false
	r.cfg.Transport.Broadcast(r.sign(p))
}

// retryPending re-runs a proposal that waited for its previous block, and a
// proposer that waited for the same.
func (r *Replica) retryPending(ctx context.Context) error {
	if r.proposeFailed && r.phase == PhasePrepare {
		r.maybePropose(ctx)
	}
	if r.pending == nil {
		return nil
	}
	p := *r.pending
	r.refreshFinal(ctx)
	number, _ := p.Msg.(*LeaderProposal).Justification.ImpliedBlock(r.g)
	if !r.hasFinal || r.lastFinal < number-1 {
		return nil
	}
	r.pending = nil
	err := r.onProposal(ctx, p, p.Msg.(*LeaderProposal))
	if err != nil && !errors.Is(err, ErrPreviousNotFinal) {
		r.log.Debug("Waiting proposal refused", "err", err)
	}
	return nil
}

func (r *Replica) cacheBlock(number uint64, payload []byte) {
	m := r.blocks[number]
	if m == nil {
		m = map[Hash][]byte{}
		r.blocks[number] = m
	}
	m[PayloadHash(payload)] = payload
}

func (r *Replica) state() *ReplicaState {
	s := &ReplicaState{View: r.view, Phase: r.phase, HighVote: r.highVote, HighCommitQC: r.highCommitQC, HighTimeoutQC: r.highTimeoutQC,
		OwnProposal: r.ownProposal}
	for n, m := range r.blocks {
		for _, p := range m {
			s.Proposals = append(s.Proposals, CachedProposal{Number: n, Payload: p})
		}
	}
	slices.SortFunc(s.Proposals, func(a, b CachedProposal) int {
		return cmp.Or(cmp.Compare(a.Number, b.Number), slices.Compare(a.Payload, b.Payload))
	})
	return s
}

// persist writes the state durably; nothing that depends on it may leave the
// node before it returns.
func (r *Replica) persist(ctx context.Context) error {
	if err := r.cfg.Engine.SetReplicaState(ctx, r.state().Encode()); err != nil {
		return fmt.Errorf("persist replica state at view %d: %w", r.view, err)
	}
	return nil
}

// sign signs msg with the replica's key. The signature is remembered as
// valid: Broadcast brings the replica's own messages back to it, and its own
// proposal need not be verified.
func (r *Replica) sign(msg Msg) Signed {
	s, h := signHash(r.cfg.Key, msg)
	r.ver.rememberSigned(s, h)
	return s
}
