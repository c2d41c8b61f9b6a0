// Package client is the prover side of the coordinator protocol: a loop
// that connects to a coordinator, asks for a batch, proves it with a
// Backend, submits the proof, and starts over; with exponential backoff on
// errors and reconnection after disconnects. `cairn prover` runs it.
package client

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"strings"
	"time"

	"github.com/cairn-rollup/cairn/prover/wire"
)

// Backend proves one batch of the client's proof type from its encoded
// prover input.
type Backend interface {
	Prove(ctx context.Context, input []byte) ([]byte, error)
}

// Clock is the time source for waits (NoWork, backoff). Tests inject a fake
// one to drive the loop without sleeping.
type Clock interface {
	After(d time.Duration) <-chan time.Time
}

type systemClock struct{}

func (systemClock) After(d time.Duration) <-chan time.Time { return time.After(d) }

// Config configures a Client.
type Config struct {
	// Coordinator is "tcp://host:port" or "host:port".
	Coordinator string
	ProverID    string
	ProofType   uint8
	ChainID     uint64   // L2 chain id, checked by the coordinator
	Genesis     [32]byte // L2 genesis hash, checked by the coordinator

	DialTimeout time.Duration // default 10s
	// IOTimeout bounds each exchange with the coordinator, including
	// receiving a large input. Default 5m.
	IOTimeout  time.Duration
	MinBackoff time.Duration // first wait after an error; default 500ms
	MaxBackoff time.Duration // cap of the doubling waits; default 30s
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
		c.MaxBackoff = 30 * time.Second
	}
	return c
}

// Validate reports the first problem with c in one line.
func (c Config) Validate() error {
	if _, err := coordinatorAddr(c.Coordinator); err != nil {
		return err
	}
	if c.ProverID == "" || len(c.ProverID) > wire.MaxProverIDLen {
		return fmt.Errorf("prover id must be 1 to %d bytes, got %d", wire.MaxProverIDLen, len(c.ProverID))
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

// Client is the prover loop.
type Client struct {
	cfg     Config
	addr    string
	backend Backend
	log     *slog.Logger
	clock   Clock
	dialer  net.Dialer

	// pending is a proof made but not yet acknowledged; it survives
	// reconnects so a dropped session does not waste the proving work.
	pending *wire.ProofSubmit
}

// Option adjusts a Client.
type Option func(*Client)

// WithClock replaces the wall clock used for waits.
func WithClock(c Clock) Option { return func(cl *Client) { cl.clock = c } }

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
		log:     log.With("svc", "prover", "coordinator", addr, "prover", cfg.ProverID),
		clock:   systemClock{},
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
	c.log.Debug("Connected to coordinator")

	backoff := c.cfg.MinBackoff
	for {
		if c.pending != nil {
			if err := c.submit(s); err != nil {
				return true, err
			}
			continue
		}
		reply, err := s.exchange(&wire.BatchRequest{ProverID: c.cfg.ProverID, ProofTypes: []uint8{c.cfg.ProofType}})
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

func (c *Client) handshake(s *conversation) error {
	reply, err := s.exchange(&wire.Hello{
		Version:  wire.ProtocolVersion,
		ChainID:  c.cfg.ChainID,
		Genesis:  c.cfg.Genesis,
		ProverID: c.cfg.ProverID,
	})
	if err != nil {
		return fmt.Errorf("handshake: %w", err)
	}
	if _, ok := reply.(*wire.Welcome); !ok {
		return fmt.Errorf("handshake: unexpected %v", reply.Type())
	}
	return nil
}

// submit sends the pending proof; an acknowledgment of any kind settles it.
func (c *Client) submit(s *conversation) error {
	p := c.pending
	reply, err := s.exchange(p)
	if err != nil {
		return fmt.Errorf("submit proof of batch %d: %w", p.BatchNumber, err)
	}
	ack, ok := reply.(*wire.ProofAck)
	if !ok || ack.BatchNumber != p.BatchNumber {
		return fmt.Errorf("submit proof of batch %d: unexpected reply %v", p.BatchNumber, reply.Type())
	}
	c.pending = nil
	if ack.Accepted {
		c.log.Info("Proof accepted", "batch", p.BatchNumber)
	} else {
		c.log.Warn("Proof not accepted", "batch", p.BatchNumber, "reason", ack.Reason)
	}
	return nil
}

// conversation is one connection's request/reply exchange.
type conversation struct {
	conn    net.Conn
	codec   *wire.Codec
	timeout time.Duration
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
