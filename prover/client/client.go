// Package client is the prover side of the coordinator protocol: a loop
// that connects to a coordinator, asks for a batch, proves it with a
// Backend, submits the proof, and starts over; with exponential backoff
// (capped at 2 s by default) on errors and reconnection after disconnects.
// It signs the coordinator's handshake challenge with its key, keeps a proof
// the coordinator could not check yet and submits it again when told to, and
// reconnects before submitting when its session sat quiet past the
// coordinator's idle timeout. `cairn prover` runs it.
package client

import (
	"context"
	"crypto/ecdsa"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"strings"
	"time"

	"github.com/ethereum/go-ethereum/crypto"

	"github.com/cairn-rollup/cairn/clock"
	"github.com/cairn-rollup/cairn/prover/wire"
)

// Backend proves one batch of the client's proof type from its encoded
// prover input.
type Backend interface {
	Prove(ctx context.Context, input []byte) ([]byte, error)
}

// Config configures a Client.
type Config struct {
	// Coordinator is "tcp://host:port" or "host:port".
	Coordinator string
	// Key signs the handshake: the coordinator knows the prover by the
	// key's address and leases batches to it. For the exec backend it is
	// the key that signs proofs.
	Key *ecdsa.PrivateKey
	// Name tells apart provers sharing a key in logs (optional). The key
	// holds one lease at a time: provers sharing it get the same batch.
	Name      string
	ProofType uint8
	ChainID   uint64   // L2 chain id, checked by the coordinator
	Genesis   [32]byte // L2 genesis hash, checked by the coordinator

	DialTimeout time.Duration // default 10s
	// IOTimeout bounds each exchange with the coordinator, including
	// receiving a large input. Default 5m.
	IOTimeout  time.Duration
	MinBackoff time.Duration // first wait after an error; default 500ms
	// MaxBackoff caps the doubling waits; default 2s, so that proving
	// resumes within a couple of seconds of a coordinator (node) restart.
	MaxBackoff time.Duration
}

func (c Config) withDefaults() Config {
	if c.DialTimeout == 0 {
		c.DialTimeout = 10 * time.Second
	}
	if c.IOTimeout == 0 {
		c.IOTimeout = 5 * time.Minute
	}
	if c.MinBackoff == 0 {
		c.MinBackoff = 500 * time.Millisecond
	}
	if c.MaxBackoff == 0 {
		c.MaxBackoff = DefaultMaxBackoff
	}
	return c
}

// Validate reports the first problem with c in one line.
func (c Config) Validate() error {
	if _, err := coordinatorAddr(c.Coordinator); err != nil {
		return err
	}
	if c.Key == nil {
		return errors.New("prover: no key to sign the coordinator handshake with")
	}
	if len(c.Name) > wire.MaxProverNameLen {
		return fmt.Errorf("prover name must be at most %d bytes, got %d", wire.MaxProverNameLen, len(c.Name))
	}
	if c.ProofType == 0 {
		return errors.New("prover proof type is not set")
	}
	if c.ChainID == 0 {
		return errors.New("prover: L2 chain id is not set")
	}
	if c.Genesis == ([32]byte{}) {
		return errors.New("prover: L2 genesis hash is not set")
	}
	if c.DialTimeout < 0 || c.IOTimeout < 0 || c.MinBackoff < 0 || c.MaxBackoff < c.MinBackoff {
		return errors.New("prover: timeouts must be positive and max backoff at least min backoff")
	}
	return nil
}

// coordinatorAddr accepts "tcp://host:port" or "host:port".
func coordinatorAddr(s string) (string, error) {
	addr := strings.TrimPrefix(s, "tcp://")
	if strings.Contains(addr, "://") {
		return "", fmt.Errorf("coordinator address %q: only tcp:// is supported", s)
	}
	if _, _, err := net.SplitHostPort(addr); err != nil {
		return "", fmt.Errorf("coordinator address %q: want tcp://host:port: %w", s, err)
	}
	return addr, nil
}

// DefaultMaxBackoff is Config.MaxBackoff's default.
const DefaultMaxBackoff = 2 * time.Second

// Client is the prover loop.
type Client struct {
	cfg     Config
	addr    string
	backend Backend
	log     *slog.Logger
	clock   clock.Clock // waits: NoWork, backoff
	dialer  net.Dialer

	// pending is a proof made but not yet acknowledged; it survives
	// reconnects so a dropped session does not waste the proving work.
	pending *wire.ProofSubmit
	// retries counts "could not check, submit again" answers to pending.
	retries int
}

// Option adjusts a Client.
type Option func(*Client)

// WithClock replaces the wall clock used for waits.
func WithClock(c clock.Clock) Option { return func(cl *Client) { cl.clock = c } }

// New validates cfg and returns a Client.
func New(cfg Config, backend Backend, log *slog.Logger, opts ...Option) (*Client, error) {
	cfg = cfg.withDefaults()
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	addr, _ := coordinatorAddr(cfg.Coordinator)
	if log == nil {
		log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	c := &Client{
		cfg:     cfg,
		addr:    addr,
		backend: backend,
		log:     log.With("coordinator", addr, "prover", proverName(cfg)),
		clock:   clock.System{},
		dialer:  net.Dialer{Timeout: cfg.DialTimeout},
	}
	for _, o := range opts {
		o(c)
	}
	return c, nil
}

// ErrPermanent wraps refusals that retrying cannot fix (version, chain id or
// genesis mismatch, unsupported proof type). Run returns them.
var ErrPermanent = errors.New("permanent refusal")

// Run proves batches until ctx is cancelled (then it returns nil) or the
// coordinator refuses the client for good (then it returns an error
// wrapping ErrPermanent with the coordinator's reason).
func (c *Client) Run(ctx context.Context) error {
	codec, err := wire.NewCodec()
	if err != nil {
		return err
	}
	defer codec.Close()

	backoff := c.cfg.MinBackoff
	for {
		progressed, err := c.session(ctx, codec)
		if ctx.Err() != nil {
			return nil
		}
		if errors.Is(err, errQuiet) {
			// The coordinator has (or is about to have) dropped a session
			// that was quiet too long: reconnect at once.
			c.log.Debug("Session was quiet past the coordinator's idle timeout; reconnecting")
			backoff = c.cfg.MinBackoff
			continue
		}
		var refused *wire.Refused
		if errors.As(err, &refused) && refused.Code.Permanent() {
			c.log.Error("Coordinator refused this prover", "reason", refused.Reason)
			return fmt.Errorf("%w: %s", ErrPermanent, refused.Reason)
		}
		if progressed {
			backoff = c.cfg.MinBackoff
		}
		c.log.Warn("Prover session ended; reconnecting", "err", err, "retry_in", backoff)
		if !c.wait(ctx, backoff) {
			return nil
		}
		backoff = min(2*backoff, c.cfg.MaxBackoff)
	}
}

// session runs one connection until it fails. progressed says whether the
// handshake succeeded, which resets the backoff.
func (c *Client) session(ctx context.Context, codec *wire.Codec) (progressed bool, err error) {
	conn, err := c.dialer.DialContext(ctx, "tcp", c.addr)
	if err != nil {
		return false, fmt.Errorf("dial: %w", err)
	}
	defer conn.Close()
	// Unblock any read or write when ctx ends.
	stop := context.AfterFunc(ctx, func() { _ = conn.Close() })
	defer stop()

	s := &conversation{conn: conn, codec: codec, timeout: c.cfg.IOTimeout}
	if err := c.handshake(s); err != nil {
		return false, err
	}
	c.log.Debug("Connected to coordinator", "as", s.prover, "idle_timeout", s.idle)

	backoff := c.cfg.MinBackoff
	for {
		if s.quiet() {
			return true, errQuiet
		}
		if c.pending != nil {
			wait, err := c.submit(s)
			if err != nil {
				return true, err
			}
			if wait > 0 && !c.wait(ctx, wait) {
				return true, ctx.Err()
			}
			continue
		}
		reply, err := s.exchange(&wire.BatchRequest{ProofTypes: []uint8{c.cfg.ProofType}})
		if err != nil {
			return true, err
		}
		switch r := reply.(type) {
		case *wire.NoWork:
			c.log.Debug("No work; waiting", "retry_after", r.RetryAfter)
			if !c.wait(ctx, r.RetryAfter) {
				return true, ctx.Err()
			}
		case *wire.BatchResponse:
			if r.ProofType != c.cfg.ProofType {
				return true, fmt.Errorf("coordinator sent batch %d for proof type %d, asked for %d", r.BatchNumber, r.ProofType, c.cfg.ProofType)
			}
			log := c.log.With("batch", r.BatchNumber, "proof_type", r.ProofType)
			log.Info("Proving batch", "input_bytes", len(r.Input), "lease_until", r.LeaseExpiry)
			proof, err := c.backend.Prove(ctx, r.Input)
			if err != nil {
				if ctx.Err() != nil {
					return true, ctx.Err()
				}
				// The lease stays with us and expires; wait before asking
				// again so a batch we cannot prove does not spin the loop.
				log.Error("Proving failed", "err", err, "retry_in", backoff)
				if !c.wait(ctx, backoff) {
					return true, ctx.Err()
				}
				backoff = min(2*backoff, c.cfg.MaxBackoff)
				continue
			}
			backoff = c.cfg.MinBackoff
			c.pending = &wire.ProofSubmit{BatchNumber: r.BatchNumber, ProofType: r.ProofType, Proof: proof}
		default:
			return true, fmt.Errorf("unexpected %v in reply to BatchRequest", reply.Type())
		}
	}
}

// errQuiet ends a session that sat quiet for most of the coordinator's idle
// timeout (while proving, say): the next request goes on a fresh one.
var errQuiet = errors.New("session quiet past the coordinator's idle timeout")

// handshake says who the prover is and proves it: it signs the
// coordinator's challenge with the prover key.
func (c *Client) handshake(s *conversation) error {
	reply, err := s.exchange(&wire.Hello{
		Version: wire.ProtocolVersion,
		ChainID: c.cfg.ChainID,
		Genesis: c.cfg.Genesis,
		Name:    c.cfg.Name,
	})
	if err != nil {
		return fmt.Errorf("handshake: %w", err)
	}
	ch, ok := reply.(*wire.Challenge)
	if !ok {
		return fmt.Errorf("handshake: unexpected %v in answer to Hello", reply.Type())
	}
	sig, err := wire.SignHandshake(c.cfg.Key, wire.HandshakeDigest(c.cfg.ChainID, c.cfg.Genesis, ch.Nonce, c.cfg.Name))
	if err != nil {
		return err
	}
	reply, err = s.exchange(&wire.Auth{Signature: sig})
	if err != nil {
		return fmt.Errorf("handshake: %w", err)
	}
	w, ok := reply.(*wire.Welcome)
	if !ok {
		return fmt.Errorf("handshake: unexpected %v in answer to Auth", reply.Type())
	}
	if want := proverName(c.cfg); w.Prover != want {
		return fmt.Errorf("handshake: coordinator knows this prover as %q, expected %q", w.Prover, want)
	}
	s.prover, s.idle = w.Prover, w.IdleTimeout
	return nil
}

// submit sends the pending proof. An acknowledgment settles it, unless it
// says to submit again later: then submit returns how long to wait, at
// least MinBackoff, and the proof stays pending.
func (c *Client) submit(s *conversation) (time.Duration, error) {
	p := c.pending
	reply, err := s.exchange(p)
	if err != nil {
		return 0, fmt.Errorf("submit proof of batch %d: %w", p.BatchNumber, err)
	}
	ack, ok := reply.(*wire.ProofAck)
	if !ok || ack.BatchNumber != p.BatchNumber {
		return 0, fmt.Errorf("submit proof of batch %d: unexpected reply %v", p.BatchNumber, reply.Type())
	}
	if !ack.Accepted && ack.RetryAfter > 0 {
		wait := max(ack.RetryAfter, c.cfg.MinBackoff)
		if c.retries == 0 {
			c.log.Warn("Coordinator cannot check the proof now; keeping it to submit again", "batch", p.BatchNumber,
				"reason", ack.Reason, "retry_in", wait)
		} else {
			c.log.Debug("Coordinator still cannot check the proof", "batch", p.BatchNumber, "attempt", c.retries+1, "retry_in", wait)
		}
		c.retries++
		return wait, nil
	}
	c.pending, c.retries = nil, 0
	if ack.Accepted {
		c.log.Info("Proof accepted", "batch", p.BatchNumber)
	} else {
		c.log.Warn("Proof not accepted", "batch", p.BatchNumber, "reason", ack.Reason)
	}
	return 0, nil
}

// proverName is the identity the coordinator derives from cfg's key and
// name.
func proverName(cfg Config) string {
	if cfg.Key == nil {
		return ""
	}
	id := crypto.PubkeyToAddress(cfg.Key.PublicKey).Hex()
	if cfg.Name != "" {
		id += "/" + cfg.Name
	}
	return id
}

// conversation is one connection's request/reply exchange.
type conversation struct {
	conn    net.Conn
	codec   *wire.Codec
	timeout time.Duration

	prover string        // as the coordinator knows us
	idle   time.Duration // the coordinator's idle timeout (0: none given)
	last   time.Time     // end of the last exchange
}

// quiet reports whether the session sat quiet for so much of the
// coordinator's idle timeout that the coordinator may drop it any moment.
func (s *conversation) quiet() bool {
	return s.idle > 0 && time.Since(s.last) > s.idle*3/4
}

// exchange sends m and returns the reply; a Refused reply is returned as an
// error (*wire.Refused).
func (s *conversation) exchange(m wire.Message) (wire.Message, error) {
	if err := s.conn.SetDeadline(time.Now().Add(s.timeout)); err != nil {
		return nil, err
	}
	if err := s.codec.WriteMessage(s.conn, m, wire.MaxClientFrame); err != nil {
		return nil, err
	}
	reply, err := s.codec.ReadMessage(s.conn, wire.MaxServerFrame)
	if err != nil {
		return nil, err
	}
	if r, ok := reply.(*wire.Refused); ok {
		return nil, r
	}
	if reply.Type().FromProver() {
		return nil, fmt.Errorf("unexpected %v from coordinator", reply.Type())
	}
	// Between exchanges (while proving) the connection may sit idle.
	if err := s.conn.SetDeadline(time.Time{}); err != nil {
		return nil, err
	}
	s.last = time.Now()
	return reply, nil
}

// wait waits d on the client's clock; false if ctx ended first.
func (c *Client) wait(ctx context.Context, d time.Duration) bool {
	select {
	case <-c.clock.After(d):
		return true
	case <-ctx.Done():
		return false
	}
}
