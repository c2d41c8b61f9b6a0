package coordinator

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"slices"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/cairn-rollup/cairn/clock"
	"github.com/cairn-rollup/cairn/prover/wire"
)

// refuseWriteTimeout bounds writing a Refused frame to a peer we are about
// to drop; a peer that does not read does not get to hold us.
const refuseWriteTimeout = time.Second

const (
	// refuseLinger bounds how long a refused connection is drained after
	// the Refused frame, so that closing it with unread input does not
	// reset it and destroy the frame before the peer reads it.
	refuseLinger = time.Second
	// refuseDrainLimit bounds the bytes drained from a refused connection.
	refuseDrainLimit = 2 * wire.MaxClientFrame
	// maxRefusing bounds connections being refused as busy at once; past it
	// connections are closed without a Refused frame.
	maxRefusing = 16
)

// Jobs is the coordinator's view of the batches and proofs in the store.
type Jobs interface {
	// Pending returns up to limit batch numbers that are sealed and have no
	// proof of proofType yet, ascending.
	Pending(ctx context.Context, proofType uint8, limit int) ([]uint64, error)
	// HasProof reports whether batch already has a stored proof of proofType.
	HasProof(ctx context.Context, batch uint64, proofType uint8) (bool, error)
	// Input returns the encoded prover input of batch, uncompressed.
	Input(ctx context.Context, batch uint64) ([]byte, error)
	// SaveProof stores proof unless one of proofType is already stored for
	// batch (first write wins); stored says which happened.
	SaveProof(ctx context.Context, batch uint64, proofType uint8, proof []byte) (stored bool, err error)
}

// Verifier checks a proof before it is accepted: for exec, the signature by
// an allow-listed key over the batch's public inputs. An error wrapping
// ErrUnavailable (or a context deadline) means the proof could not be
// checked now, not that it is wrong: the prover is told to submit again
// later and keeps its lease. Any other error refuses the proof.
//
// IsProver says whether a key is on the allow-list the verifier checks
// proofs against (for exec, the ExecVerifier's on L1); the handshake asks
// it when Config.AllowedProvers is empty. Its errors are transient.
type Verifier interface {
	VerifyProof(ctx context.Context, batch uint64, proofType uint8, proof []byte) error
	IsProver(ctx context.Context, prover common.Address) (bool, error)
}

// ErrUnavailable marks a Verifier error as transient: what the check needs
// (L1, the store) did not answer.
var ErrUnavailable = errors.New("proof verification unavailable")

// Coordinator is the prover coordinator service.
type Coordinator struct {
	cfg   Config
	jobs  Jobs
	ver   Verifier
	log   *slog.Logger
	clock clock.Clock // lease time

	leases *leases
	codec  *wire.Codec
	inputs *inputCache
	// lookup admits one Verifier.IsProver call at a time, so that
	// handshakes with made-up keys cost the verifier's L1 one call at a
	// time, however many connect.
	lookup chan struct{}
	// known are the keys the Verifier last said were on its list: served
	// while it cannot be asked (its L1 is down), so that an outage does not
	// lock out provers it allowed.
	known map[common.Address]bool

	mu        sync.Mutex
	ln        net.Listener
	conns     map[net.Conn]*connInfo // every open connection, by state
	verifyOff bool                   // the last verification was unavailable (for logging transitions)
	closed    bool
	ctx       context.Context
	cancel    context.CancelFunc
	wg        sync.WaitGroup
	closeOnce sync.Once
	closeErr  error
}

// Option adjusts a Coordinator.
type Option func(*Coordinator)

// WithClock replaces the wall clock used for leases.
func WithClock(c clock.Clock) Option { return func(co *Coordinator) { co.clock = c } }

// New returns a Coordinator; zero Config fields take their defaults (withDefaults).
// Start validates the configuration and listens.
func New(cfg Config, jobs Jobs, v Verifier, log *slog.Logger, opts ...Option) *Coordinator {
	if log == nil {
		log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	c := &Coordinator{
		cfg:    cfg.withDefaults(),
		jobs:   jobs,
		ver:    v,
		log:    log, // the node names the service
		clock:  clock.System{},
		conns:  make(map[net.Conn]*connInfo),
		lookup: make(chan struct{}, 1),
		known:  make(map[common.Address]bool),
	}
	for _, o := range opts {
		o(c)
	}
	c.leases = newLeases(c.clock)
	c.inputs = newInputCache(func(ctx context.Context, batch uint64) ([]byte, error) {
		input, err := c.jobs.Input(ctx, batch)
		if err != nil {
			return nil, err
		}
		return c.codec.CompressInput(input), nil
	})
	return c
}

// Start validates the configuration, listens and serves in the background
// until Close. ctx bounds only the start itself.
func (c *Coordinator) Start(ctx context.Context) error {
	if err := c.cfg.Validate(); err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed || c.ln != nil {
		return errors.New("prover coordinator: already started or closed")
	}
	codec, err := wire.NewCodec()
	if err != nil {
		return err
	}
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", c.cfg.ListenAddr)
	if err != nil {
		codec.Close()
		return fmt.Errorf("prover coordinator: listen on %s: %w", c.cfg.ListenAddr, err)
	}
	c.codec = codec
	c.ln = ln
	c.ctx, c.cancel = context.WithCancel(context.Background())
	c.wg.Add(1)
	go c.acceptLoop(ln)
	c.log.Info("Prover coordinator listening", "addr", ln.Addr().String(),
		"lease_timeout", c.cfg.LeaseTimeout, "proof_types", c.cfg.ProofTypes)
	return nil
}

// Addr is the address listened on (useful with port 0), nil before Start.
func (c *Coordinator) Addr() net.Addr {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.ln == nil {
		return nil
	}
	return c.ln.Addr()
}

// Close stops accepting, drops every session and waits for all of the
// coordinator's goroutines to return. It is safe to call more than once.
func (c *Coordinator) Close() error {
	c.closeOnce.Do(func() { c.closeErr = c.shutdown() })
	return c.closeErr
}

func (c *Coordinator) shutdown() error {
	c.mu.Lock()
	c.closed = true
	if c.ln == nil {
		c.mu.Unlock()
		return nil
	}
	c.cancel()
	err := c.ln.Close()
	for conn := range c.conns {
		_ = conn.Close()
	}
	c.mu.Unlock()

	c.wg.Wait()
	c.codec.Close()
	if err != nil && !errors.Is(err, net.ErrClosed) {
		return fmt.Errorf("prover coordinator: close listener: %w", err)
	}
	return nil
}

func (c *Coordinator) acceptLoop(ln net.Listener) {
	defer c.wg.Done()
	var delay time.Duration
	for {
		conn, err := ln.Accept()
		if err != nil {
			if errors.Is(err, net.ErrClosed) || c.ctx.Err() != nil {
				return
			}
			// Out of file descriptors and the like: back off rather than
			// spin, but give up at once on Close.
			delay = min(max(2*delay, 5*time.Millisecond), time.Second)
			c.log.Warn("Prover coordinator accept failed", "err", err, "retry_in", delay)
			t := time.NewTimer(delay)
			select {
			case <-t.C:
			case <-c.ctx.Done():
				t.Stop()
				return
			}
			continue
		}
		delay = 0
		st, ok := c.track(conn)
		if !ok {
			continue
		}
		c.wg.Add(1)
		go func() {
			defer c.wg.Done()
			defer c.untrack(conn)
			if st == stateRefusing {
				c.log.Warn("Prover connection refused: every connection is busy with a request",
					"remote", conn.RemoteAddr().String(), "max_conns", c.cfg.MaxConns)
				c.refuse(conn, wire.RefuseBusy, fmt.Sprintf("too many connections (limit %d); retry later", c.cfg.MaxConns))
				return
			}
			c.serve(conn)
		}()
	}
}

// connState is where a connection is in its life.
type connState uint8

const (
	stateHandshake connState = iota // accepted, handshake not complete
	stateIdle                       // in session, waiting for a request
	stateBusy                       // in session, serving a request
	stateRefusing                   // being told it is refused as busy
	stateEvicted                    // closed to make room, not yet untracked
)

type connInfo struct {
	state connState
	since time.Time // when it entered state
}

// track registers conn. When MaxConns connections are open it evicts the
// oldest one still handshaking, else the session idle the longest, so that
// sockets that never speak (or finish their handshake, then idle) cannot
// lock provers out. Only when every connection is busy with a request is
// conn refused as busy, and past a small cap of those closed without a
// word. ok is false when conn was closed.
func (c *Coordinator) track(conn net.Conn) (connState, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		_ = conn.Close()
		return 0, false
	}
	now := time.Now()
	st := stateHandshake
	if c.countLocked(stateHandshake, stateIdle, stateBusy) >= c.cfg.MaxConns {
		if victim := c.victimLocked(); victim != nil {
			info := c.conns[victim]
			c.log.Debug("Prover connection evicted to make room", "remote", victim.RemoteAddr().String(),
				"handshaking", info.state == stateHandshake, "quiet_for", now.Sub(info.since))
			info.state = stateEvicted
			_ = victim.Close()
		} else {
			if c.countLocked(stateRefusing) >= maxRefusing {
				_ = conn.Close()
				return 0, false
			}
			st = stateRefusing
		}
	}
	c.conns[conn] = &connInfo{state: st, since: now}
	return st, true
}

// victimLocked picks the connection to evict: the oldest handshaking one,
// else the longest idle session; nil if every connection is busy.
func (c *Coordinator) victimLocked() net.Conn {
	var victim net.Conn
	var vi *connInfo
	for conn, info := range c.conns {
		if info.state != stateHandshake && info.state != stateIdle {
			continue
		}
		if vi == nil || info.state < vi.state || (info.state == vi.state && info.since.Before(vi.since)) {
			victim, vi = conn, info
		}
	}
	return victim
}

func (c *Coordinator) countLocked(states ...connState) int {
	n := 0
	for _, info := range c.conns {
		if slices.Contains(states, info.state) {
			n++
		}
	}
	return n
}

// setState moves conn to state unless it was evicted meanwhile.
func (c *Coordinator) setState(conn net.Conn, state connState) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if info, ok := c.conns[conn]; ok && info.state != stateEvicted {
		info.state, info.since = state, time.Now()
	}
}

func (c *Coordinator) untrack(conn net.Conn) {
	_ = conn.Close()
	c.mu.Lock()
	delete(c.conns, conn)
	c.mu.Unlock()
}

// session is one prover connection after its handshake.
type session struct {
	conn   net.Conn
	remote string
	// key is the handshake key's address, which leases are held under:
	// one at a time, whatever name the prover gives.
	key common.Address
	// prover is how the prover is named to itself and in logs: key, then
	// "/" and the Hello's name if any.
	prover string
	log    *slog.Logger
}

// errRefused ends a session after a Refused frame was sent.
var errRefused = errors.New("session refused")

func (c *Coordinator) serve(conn net.Conn) {
	s := &session{conn: conn, remote: conn.RemoteAddr().String()}
	s.log = c.log.With("remote", s.remote)
	if err := c.handshake(s); err != nil {
		if !errors.Is(err, errRefused) {
			s.log.Debug("Prover handshake failed", "err", err)
		}
		return
	}
	s.log.Debug("Prover connected")
	for {
		msg, err := c.readRequest(s)
		if err != nil {
			if !errors.Is(err, errRefused) && c.ctx.Err() == nil {
				s.log.Debug("Prover session ended", "err", err)
			}
			return
		}
		var reply wire.Message
		switch m := msg.(type) {
		case *wire.BatchRequest:
			reply = c.handleBatchRequest(s, m)
		case *wire.ProofSubmit:
			reply = c.handleProofSubmit(s, m)
		default:
			c.refuse(conn, wire.RefuseProtocol, fmt.Sprintf("unexpected %v after handshake", msg.Type()))
			return
		}
		if r, ok := reply.(*wire.Refused); ok {
			c.refuse(conn, r.Code, r.Reason)
			return
		}
		if err := c.write(conn, reply); err != nil {
			s.log.Debug("Prover session write failed", "err", err)
			return
		}
		c.setState(conn, stateIdle)
	}
}

// handshake checks the prover's Hello, challenges it to sign a fresh nonce
// and derives its identity from the signature. The whole exchange must end
// within HandshakeTimeout.
func (c *Coordinator) handshake(s *session) error {
	if err := s.conn.SetDeadline(time.Now().Add(c.cfg.HandshakeTimeout)); err != nil {
		return err
	}
	t, payload, err := wire.ReadFrame(s.conn, wire.MaxClientFrame)
	if err != nil {
		return c.refuseReadError(s, "handshake", err)
	}
	if t != wire.MsgHello {
		c.refuse(s.conn, wire.RefuseProtocol, fmt.Sprintf("expected Hello as the first frame, got %v", t))
		return errRefused
	}
	msg, err := c.codec.Decode(t, payload)
	if err != nil {
		// A Hello of another protocol version may not decode as ours, but
		// its version field is always the first two bytes.
		if len(payload) >= 2 {
			if v := uint16(payload[0])<<8 | uint16(payload[1]); v != wire.ProtocolVersion {
				return c.refuseHello(s, wire.RefuseVersion, versionReason(v))
			}
		}
		c.refuse(s.conn, wire.RefuseProtocol, "bad Hello: "+err.Error())
		return errRefused
	}
	h := msg.(*wire.Hello)
	switch {
	case h.Version != wire.ProtocolVersion:
		return c.refuseHello(s, wire.RefuseVersion, versionReason(h.Version))
	case h.ChainID != c.cfg.ChainID:
		return c.refuseHello(s, wire.RefuseChainID, fmt.Sprintf(
			"L2 chain id mismatch: prover has %d, coordinator serves %d; point the prover at the right chain's config",
			h.ChainID, c.cfg.ChainID))
	case h.Genesis != c.cfg.Genesis:
		return c.refuseHello(s, wire.RefuseGenesis, fmt.Sprintf(
			"genesis hash mismatch: prover has 0x%x, coordinator serves 0x%x; the prover is configured for another chain or an old genesis",
			h.Genesis, c.cfg.Genesis))
	}

	var ch wire.Challenge
	if _, err := rand.Read(ch.Nonce[:]); err != nil {
		return fmt.Errorf("handshake nonce: %w", err)
	}
	if err := c.write(s.conn, &ch); err != nil {
		return err
	}
	t, payload, err = wire.ReadFrame(s.conn, wire.MaxClientFrame)
	if err != nil {
		return c.refuseReadError(s, "handshake", err)
	}
	if t != wire.MsgAuth {
		c.refuse(s.conn, wire.RefuseProtocol, fmt.Sprintf("expected Auth in answer to Challenge, got %v", t))
		return errRefused
	}
	msg, err = c.codec.Decode(t, payload)
	if err != nil {
		return c.refuseReadError(s, "handshake", err)
	}
	addr, err := wire.RecoverProver(wire.HandshakeDigest(c.cfg.ChainID, c.cfg.Genesis, ch.Nonce, h.Name), msg.(*wire.Auth).Signature)
	if err != nil {
		return c.refuseHello(s, wire.RefuseAuth, "handshake signature refused: "+err.Error())
	}
	if err := c.checkAllowed(s, addr); err != nil {
		return err
	}
	s.key, s.prover = addr, addr.Hex()
	if h.Name != "" {
		s.prover += "/" + h.Name
	}
	s.log = s.log.With("prover", s.prover)
	if err := s.conn.SetDeadline(time.Time{}); err != nil {
		return err
	}
	// In session from here: no longer the first to be evicted. Set before
	// the Welcome goes out, so a prover that has read it is counted so.
	c.setState(s.conn, stateIdle)
	return c.write(s.conn, &wire.Welcome{Version: wire.ProtocolVersion, Prover: s.prover, IdleTimeout: c.cfg.IdleTimeout})
}

// checkAllowed refuses a key that is not on the allow-list:
// Config.AllowedProvers, or the Verifier's when that is empty.
func (c *Coordinator) checkAllowed(s *session, key common.Address) error {
	list := "prover_server.allowed_provers"
	ok := slices.Contains(c.cfg.AllowedProvers, key)
	if len(c.cfg.AllowedProvers) == 0 {
		list = "the verifier's prover allow-list on L1"
		var err error
		if ok, err = c.isProver(key); err != nil {
			s.log.Debug("Prover allow-list lookup failed", "key", key, "err", err) // L1 outages are reported by the services that need L1
			c.refuse(s.conn, wire.RefuseInternal, "coordinator could not check the prover allow-list; retry later")
			return errRefused
		}
	}
	if !ok {
		return c.refuseHello(s, wire.RefuseNotAllowed, fmt.Sprintf(
			"prover key %s is not on %s; ask the operator to add it", key, list))
	}
	return nil
}

// isProver asks the Verifier, one lookup at a time, within the handshake's
// time; when it cannot answer, the last answer it gave yes stands.
func (c *Coordinator) isProver(key common.Address) (bool, error) {
	ctx, cancel := context.WithTimeout(c.ctx, c.cfg.HandshakeTimeout)
	defer cancel()
	var ok bool
	var err error
	select {
	case c.lookup <- struct{}{}:
		ok, err = c.ver.IsProver(ctx, key)
		<-c.lookup
	case <-ctx.Done():
		err = ctx.Err()
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	switch {
	case err != nil && c.known[key]:
		return true, nil
	case err != nil:
		return false, err
	case ok:
		c.known[key] = true
	default:
		delete(c.known, key)
	}
	return ok, nil
}

func versionReason(v uint16) string {
	return fmt.Sprintf("protocol version mismatch: prover speaks %d, coordinator speaks %d; upgrade the older side", v, wire.ProtocolVersion)
}

func (c *Coordinator) refuseHello(s *session, code wire.RefuseCode, reason string) error {
	s.log.Warn("Prover handshake refused", "reason", reason)
	c.refuse(s.conn, code, reason)
	return errRefused
}

// readRequest waits up to IdleTimeout for a frame header, then up to
// ReadTimeout for its body.
func (c *Coordinator) readRequest(s *session) (wire.Message, error) {
	if err := s.conn.SetReadDeadline(time.Now().Add(c.cfg.IdleTimeout)); err != nil {
		return nil, err
	}
	t, n, err := wire.ReadFrameHeader(s.conn, wire.MaxClientFrame)
	if err != nil {
		return nil, c.refuseReadError(s, "request", err)
	}
	if !t.FromProver() || t == wire.MsgHello || t == wire.MsgAuth {
		c.refuse(s.conn, wire.RefuseProtocol, fmt.Sprintf("unexpected %v from a prover", t))
		return nil, errRefused
	}
	c.setState(s.conn, stateBusy)
	if err := s.conn.SetReadDeadline(time.Now().Add(c.cfg.ReadTimeout)); err != nil {
		return nil, err
	}
	payload, err := wire.ReadFrameBody(s.conn, n)
	if err != nil {
		return nil, c.refuseReadError(s, "request", err)
	}
	msg, err := c.codec.Decode(t, payload)
	if err != nil {
		return nil, c.refuseReadError(s, "request", err)
	}
	return msg, nil
}

// refuseReadError tells the peer why its frame was refused when that is
// the peer's fault (protocol errors, timeouts) and passes I/O errors on.
func (c *Coordinator) refuseReadError(s *session, what string, err error) error {
	var ne net.Error
	switch {
	case wire.IsProtocolError(err):
		s.log.Warn("Prover frame refused", "err", err)
		c.refuse(s.conn, wire.RefuseProtocol, fmt.Sprintf("bad %s frame: %v", what, err))
		return errRefused
	case errors.As(err, &ne) && ne.Timeout(), errors.Is(err, os.ErrDeadlineExceeded):
		if c.ctx.Err() == nil {
			s.log.Debug("Prover timed out", "during", what)
			c.refuse(s.conn, wire.RefuseProtocol, what+" timed out; reconnect when there is something to send")
		}
		return errRefused
	}
	return err
}

func (c *Coordinator) handleBatchRequest(s *session, req *wire.BatchRequest) wire.Message {
	served := false
	for _, pt := range req.ProofTypes {
		if !slices.Contains(c.cfg.ProofTypes, pt) {
			continue
		}
		served = true
		batch, expiry, ok, err := c.assign(pt, s.key)
		if err != nil {
			s.log.Error("Finding work for prover failed", "proof_type", pt, "err", err)
			return &wire.Refused{Code: wire.RefuseInternal, Reason: "coordinator could not look up pending batches; retry later"}
		}
		if !ok {
			continue
		}
		input, err := c.inputs.get(c.ctx, batch)
		if err != nil {
			c.leases.release(batch, pt, s.key)
			s.log.Error("Loading prover input failed", "batch", batch, "err", err)
			return &wire.Refused{Code: wire.RefuseInternal, Reason: fmt.Sprintf("coordinator could not load the input of batch %d; retry later", batch)}
		}
		s.log.Info("Batch leased to prover", "batch", batch, "proof_type", pt, "until", expiry, "compressed_bytes", len(input))
		return &wire.BatchResponse{BatchNumber: batch, ProofType: pt, LeaseExpiry: expiry, Compressed: input}
	}
	if !served {
		return &wire.Refused{Code: wire.RefuseUnsupported, Reason: fmt.Sprintf(
			"none of the requested proof types %v is served here (served: %v)", req.ProofTypes, c.cfg.ProofTypes)}
	}
	return &wire.NoWork{RetryAfter: c.cfg.RetryAfter}
}

// assign picks the lowest pending batch of proofType that nobody else holds
// an unexpired lease on and leases it to prover. A prover that already holds
// a lease (it reconnected, say, or asks under another name) gets that batch
// back with the lease unchanged, and no other, unless the batch was proven
// meanwhile (by the proof market, say).
func (c *Coordinator) assign(proofType uint8, prover common.Address) (uint64, time.Time, bool, error) {
	for {
		// Ask for one more batch than there are leases, so at least one of
		// the answers is free if any is.
		limit := c.leases.count(proofType) + 1
		pending, err := c.jobs.Pending(c.ctx, proofType, limit)
		if err != nil {
			return 0, time.Time{}, false, err
		}
		batch, expiry, held, ok := c.leases.acquire(pending, proofType, prover, c.cfg.LeaseTimeout)
		if !held || !ok || slices.Contains(pending, batch) {
			return batch, expiry, ok, nil
		}
		proven, err := c.jobs.HasProof(c.ctx, batch, proofType)
		if err != nil || !proven {
			return batch, expiry, err == nil, err
		}
		c.leases.done(batch, proofType)
	}
}

// handleProofSubmit checks and stores a proof. A proof is judged by its
// contents, whoever sends it; the lease only decides who works on what, and
// only the lease's holder (the authenticated prover it was handed to) can
// have it released by a refused proof or kept by a proof that could not be
// checked.
func (c *Coordinator) handleProofSubmit(s *session, p *wire.ProofSubmit) wire.Message {
	log := s.log.With("batch", p.BatchNumber, "proof_type", p.ProofType)
	ack := func(accepted bool, reason string) wire.Message {
		return &wire.ProofAck{BatchNumber: p.BatchNumber, Accepted: accepted, Reason: reason}
	}
	if !slices.Contains(c.cfg.ProofTypes, p.ProofType) {
		return ack(false, fmt.Sprintf("proof type %d is not served here", p.ProofType))
	}
	proven, err := c.jobs.HasProof(c.ctx, p.BatchNumber, p.ProofType)
	if err != nil {
		log.Error("Checking for a stored proof failed", "err", err)
		return &wire.Refused{Code: wire.RefuseInternal, Reason: "coordinator could not check the proof store; resubmit later"}
	}
	if proven {
		c.leases.done(p.BatchNumber, p.ProofType)
		c.inputs.drop(p.BatchNumber, nil)
		log.Debug("Duplicate proof ignored")
		return ack(false, "already proven")
	}
	vctx, cancel := context.WithTimeout(c.ctx, c.cfg.VerifyTimeout)
	err = c.ver.VerifyProof(vctx, p.BatchNumber, p.ProofType, p.Proof)
	cancel()
	if err != nil {
		if c.ctx.Err() != nil {
			return &wire.Refused{Code: wire.RefuseShutdown, Reason: "coordinator is shutting down; resubmit later"}
		}
		if errors.Is(err, ErrUnavailable) || errors.Is(err, context.DeadlineExceeded) {
			// Not the prover's fault: keep its lease alive while it waits,
			// so the batch is not proven again meanwhile.
			c.leases.keep(p.BatchNumber, p.ProofType, s.key, c.cfg.LeaseTimeout)
			c.verifyUnavailable(log, err)
			return &wire.ProofAck{BatchNumber: p.BatchNumber, RetryAfter: c.cfg.VerifyRetryAfter,
				Reason: "could not check the proof now (" + err.Error() + "); submit it again later"}
		}
		c.verifyAvailable(log)
		c.leases.releaseAfterRefusal(p.BatchNumber, p.ProofType, s.key)
		log.Warn("Proof refused", "err", err)
		return ack(false, "invalid proof: "+err.Error())
	}
	c.verifyAvailable(log)
	stored, err := c.jobs.SaveProof(c.ctx, p.BatchNumber, p.ProofType, p.Proof)
	if err != nil {
		log.Error("Saving proof failed", "err", err)
		return &wire.Refused{Code: wire.RefuseInternal, Reason: "coordinator could not store the proof; resubmit later"}
	}
	c.leases.done(p.BatchNumber, p.ProofType)
	c.inputs.drop(p.BatchNumber, nil)
	if !stored {
		log.Debug("Duplicate proof ignored")
		return ack(false, "already proven")
	}
	log.Info("Proof accepted")
	return ack(true, "")
}

// verifyUnavailable logs a verification that could not be done: loudly the
// first time, quietly while it lasts, so an L1 outage costs one warning,
// not one per submit.
func (c *Coordinator) verifyUnavailable(log *slog.Logger, err error) {
	c.mu.Lock()
	first := !c.verifyOff
	c.verifyOff = true
	c.mu.Unlock()
	if first {
		log.Warn("Cannot check proofs; provers told to resubmit", "err", err, "retry_after", c.cfg.VerifyRetryAfter)
	} else {
		log.Debug("Cannot check proof; prover told to resubmit", "err", err)
	}
}

func (c *Coordinator) verifyAvailable(log *slog.Logger) {
	c.mu.Lock()
	was := c.verifyOff
	c.verifyOff = false
	c.mu.Unlock()
	if was {
		log.Info("Proofs can be checked again")
	}
}

func (c *Coordinator) write(conn net.Conn, m wire.Message) error {
	if err := conn.SetWriteDeadline(time.Now().Add(c.cfg.WriteTimeout)); err != nil {
		return err
	}
	return c.codec.WriteMessage(conn, m, wire.MaxServerFrame)
}

// refuse sends a Refused frame, best effort, then half-closes conn and
// drains what the peer still sends for a moment; the caller closes conn.
func (c *Coordinator) refuse(conn net.Conn, code wire.RefuseCode, reason string) {
	_ = conn.SetWriteDeadline(time.Now().Add(refuseWriteTimeout))
	if err := c.codec.WriteMessage(conn, &wire.Refused{Code: code, Reason: reason}, wire.MaxServerFrame); err != nil {
		return
	}
	tcp, ok := conn.(*net.TCPConn)
	if !ok || tcp.CloseWrite() != nil {
		return
	}
	_ = conn.SetReadDeadline(time.Now().Add(refuseLinger))
	_, _ = io.Copy(io.Discard, io.LimitReader(conn, refuseDrainLimit))
}
