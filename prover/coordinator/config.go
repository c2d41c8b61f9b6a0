package coordinator

import (
	"errors"
	"fmt"
	"net"
	"time"

	"github.com/cairn-rollup/cairn/prover/wire"
)

// DefaultListenAddr is prover_server.listen_addr's default.
const DefaultListenAddr = "127.0.0.1:3900"

// Config configures a Coordinator. Zero durations and counts are replaced by
// the defaults of DefaultConfig in New; ChainID and Genesis must be set.
type Config struct {
	ListenAddr string   // host:port; port 0 picks a free port (see Addr)
	ChainID    uint64   // L2 chain id provers must announce
	Genesis    [32]byte // L2 genesis hash provers must announce

	// ProofTypes are the proof types served; requests for others are
	// refused.
	ProofTypes []uint8

	LeaseTimeout     time.Duration // how long a handed-out batch is reserved for its prover
	RetryAfter       time.Duration // NoWork's hint to provers
	HandshakeTimeout time.Duration // from accept to a complete Hello
	IdleTimeout      time.Duration // longest wait for the next request on a session (a prover may hold a session while proving)
	ReadTimeout      time.Duration // longest time to read one frame once its header arrived
	WriteTimeout     time.Duration // longest time to write one frame (inputs can be large)
	VerifyTimeout    time.Duration // bound on one Verifier call
	MaxConns         int           // concurrent sessions; more are refused as busy
}

// DefaultConfig returns the defaults; ChainID and Genesis are left zero.
func DefaultConfig() Config {
	return Config{
		ListenAddr:       DefaultListenAddr,
		ProofTypes:       []uint8{wire.ProofTypeExec},
		LeaseTimeout:     10 * time.Minute,
		RetryAfter:       5 * time.Second,
		HandshakeTimeout: 10 * time.Second,
		IdleTimeout:      30 * time.Minute,
		ReadTimeout:      30 * time.Second,
		WriteTimeout:     2 * time.Minute,
		VerifyTimeout:    time.Minute,
		MaxConns:         64,
	}
}

// withDefaults fills zero fields from DefaultConfig.
func (c Config) withDefaults() Config {
	d := DefaultConfig()
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
		"lease_timeout":     c.LeaseTimeout,
		"retry_after":       c.RetryAfter,
		"handshake_timeout": c.HandshakeTimeout,
		"idle_timeout":      c.IdleTimeout,
		"read_timeout":      c.ReadTimeout,
		"write_timeout":     c.WriteTimeout,
		"verify_timeout":    c.VerifyTimeout,
	} {
		if d < 0 {
			return fmt.Errorf("prover_server.%s is %v: must be positive", name, d)
		}
	}
	if c.RetryAfter > wire.MaxRetryAfter {
		return fmt.Errorf("prover_server.retry_after is %v: at most %v", c.RetryAfter, wire.MaxRetryAfter)
	}
	if c.MaxConns < 0 {
		return fmt.Errorf("prover_server.max_conns is %d: must be positive", c.MaxConns)
	}
	return nil
}
