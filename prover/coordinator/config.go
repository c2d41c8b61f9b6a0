package coordinator

import (
	"errors"
	"fmt"
	"net"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/cairn-rollup/cairn/prover/wire"
)

// DefaultListenAddr is prover_server.listen_addr's default.
const DefaultListenAddr = "127.0.0.1:3900"

// Config configures a Coordinator. Zero durations and counts are replaced by
// the defaults (see withDefaults) in New; ChainID and Genesis must be set.
type Config struct {
	ListenAddr string   // host:port; port 0 picks a free port (see Addr)
	ChainID    uint64   // L2 chain id provers must announce
	Genesis    [32]byte // L2 genesis hash provers must announce

	// ProofTypes are the proof types served; requests for others are
	// refused.
	ProofTypes []uint8

	// AllowedProvers are the handshake keys (addresses) served; others are
	// refused at the handshake. Empty means the Verifier's allow-list, the
	// one proofs are checked against: a key off it could lease batches but
	// never have a proof accepted.
	AllowedProvers []common.Address

	LeaseTimeout     time.Duration // how long a handed-out batch is reserved for its prover
	RetryAfter       time.Duration // NoWork's hint to provers
	HandshakeTimeout time.Duration // from accept to a complete, signed handshake
	// IdleTimeout is the longest wait for the next request on a session. A
	// prover proving for longer reconnects to submit (Welcome tells it the
	// timeout), so this can be short.
	IdleTimeout   time.Duration
	ReadTimeout   time.Duration // longest time to read one frame once its header arrived
	WriteTimeout  time.Duration // longest time to write one frame (inputs can be large)
	VerifyTimeout time.Duration // bound on one Verifier call
	// VerifyRetryAfter is how long a prover waits before submitting again a
	// proof that could not be checked (the verifier's L1 is unreachable).
	VerifyRetryAfter time.Duration
	// MaxConns bounds open connections, handshaking or in session. When all
	// are taken, a new connection evicts the oldest one still handshaking,
	// else the session idle the longest; only when every connection is in
	// the middle of a request is it refused as busy.
	MaxConns int
}

// defaults are the values withDefaults fills zero fields with.
func defaults() Config {
	return Config{
		ListenAddr:       DefaultListenAddr,
		ProofTypes:       []uint8{wire.ProofTypeExec},
		LeaseTimeout:     10 * time.Minute,
		RetryAfter:       5 * time.Second,
		HandshakeTimeout: 5 * time.Second,
		IdleTimeout:      30 * time.Second,
		ReadTimeout:      30 * time.Second,
		WriteTimeout:     2 * time.Minute,
		VerifyTimeout:    30 * time.Second,
		VerifyRetryAfter: time.Second,
		MaxConns:         64,
	}
}

// withDefaults fills the zero fields from defaults.
func (c Config) withDefaults() Config {
	d := defaults()
	if c.ListenAddr == "" {
		c.ListenAddr = d.ListenAddr
	}
	if len(c.ProofTypes) == 0 {
		c.ProofTypes = d.ProofTypes
	}
	for _, f := range []struct{ v, def *time.Duration }{
		{&c.LeaseTimeout, &d.LeaseTimeout},
		{&c.RetryAfter, &d.RetryAfter},
		{&c.HandshakeTimeout, &d.HandshakeTimeout},
		{&c.IdleTimeout, &d.IdleTimeout},
		{&c.ReadTimeout, &d.ReadTimeout},
		{&c.WriteTimeout, &d.WriteTimeout},
		{&c.VerifyTimeout, &d.VerifyTimeout},
		{&c.VerifyRetryAfter, &d.VerifyRetryAfter},
	} {
		if *f.v == 0 {
			*f.v = *f.def
		}
	}
	if c.MaxConns == 0 {
		c.MaxConns = d.MaxConns
	}
	return c
}

// Validate reports the first problem with c, naming the setting.
func (c Config) Validate() error {
	if _, _, err := net.SplitHostPort(c.ListenAddr); err != nil {
		return fmt.Errorf("prover_server.listen_addr %q: want host:port: %w", c.ListenAddr, err)
	}
	if c.ChainID == 0 {
		return errors.New("prover coordinator: L2 chain id is not set")
	}
	if c.Genesis == ([32]byte{}) {
		return errors.New("prover coordinator: L2 genesis hash is not set")
	}
	if len(c.ProofTypes) > wire.MaxProofTypes {
		return fmt.Errorf("prover coordinator: %d proof types, at most %d", len(c.ProofTypes), wire.MaxProofTypes)
	}
	for name, d := range map[string]time.Duration{
		"lease_timeout":      c.LeaseTimeout,
		"retry_after":        c.RetryAfter,
		"handshake_timeout":  c.HandshakeTimeout,
		"idle_timeout":       c.IdleTimeout,
		"read_timeout":       c.ReadTimeout,
		"write_timeout":      c.WriteTimeout,
		"verify_timeout":     c.VerifyTimeout,
		"verify_retry_after": c.VerifyRetryAfter,
	} {
		if d < 0 {
			return fmt.Errorf("prover_server.%s is %v: must be positive", name, d)
		}
	}
	for name, d := range map[string]time.Duration{
		"retry_after":        c.RetryAfter,
		"verify_retry_after": c.VerifyRetryAfter,
		"idle_timeout":       c.IdleTimeout,
	} {
		if d > wire.MaxRetryAfter {
			return fmt.Errorf("prover_server.%s is %v: at most %v", name, d, wire.MaxRetryAfter)
		}
	}
	if c.MaxConns < 0 {
		return fmt.Errorf("prover_server.max_conns is %d: must be positive", c.MaxConns)
	}
	return nil
}
