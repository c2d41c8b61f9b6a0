package p2p

import (
	"fmt"
	"time"

	"github.com/cairn-rollup/cairn/consensus"
	"github.com/cairn-rollup/cairn/crypto/bls"
	"github.com/cairn-rollup/cairn/crypto/nodekey"
)

// Defaults of Config, applied by New to zero fields.
const (
	DefaultListenAddr        = "/ip4/127.0.0.1/tcp/0"
	DefaultMaxInboundPeers   = 64
	DefaultMaxPeersPerIP     = 2
	DefaultReconnectMin      = 250 * time.Millisecond
	DefaultReconnectMax      = 5 * time.Second
	DefaultHandshakeTimeout  = 5 * time.Second
	DefaultBanDuration       = time.Minute
	DefaultSyncTimeout       = 10 * time.Second
	DefaultSyncFlushDelay    = time.Second
	DefaultAnnounceInterval  = 3 * time.Second
	DefaultConsensusRate     = 200 // messages per second per peer
	DefaultConsensusBurst    = 400
	DefaultConsensusQueue    = 128 // outbound messages queued per validator
	DefaultMaxGossipSize     = 1 << 20
	consensusMessageMargin   = 64 << 10
	defaultStreamIdleTimeout = time.Minute
)

// Validator is one committee member as the network knows it.
type Validator struct {
	Key  bls.PublicKey     // consensus key (crypto/bls)
	Node nodekey.PublicKey // ed25519 node key (crypto/nodekey) = libp2p identity
}

// Config configures a Host. Zero fields take the defaults above.
type Config struct {
	Key             *nodekey.SecretKey // this node's identity (peer id from it)
	ListenAddrs     []string           // multiaddrs; default "/ip4/127.0.0.1/tcp/0"
	StaticPeers     []string           // "/ip4/…/tcp/…/p2p/<peer id>": dialled and re-dialled with backoff
	GenesisHash     [32]byte           // exchanged and checked on connect
	ProtocolVersion uint64             // exchanged and checked on connect
	Genesis         *consensus.Genesis // committee (for verifying QCs of synced blocks); nil only without sync
	Validators      []Validator        // the committee's keys: consensus streams only between these
	ValidatorKey    *bls.SecretKey     // nil on a full node
	MaxInboundPeers int                // inbound peers beyond static peers and validators
	MaxPeersPerIP   int                // peers on one IP beyond static peers and validators (loopback exempt)
	MaxMessageSize  int                // consensus message bound = max_payload_size + margin

	ReconnectMin, ReconnectMax time.Duration // backoff for static peers

	// Knobs that tests shorten; operators keep the defaults.
	HandshakeTimeout time.Duration // a connection must pass the handshake within this
	BanDuration      time.Duration // how long a misbehaving or mismatched peer is refused
	SyncTimeout      time.Duration // one block sync request
	SyncFlushDelay   time.Duration // a sink's head left behind during a catch-up moves at least this often
	AnnounceInterval time.Duration // block store state re-announcement
	ConsensusRate    float64       // consensus messages per second accepted from one peer
	ConsensusBurst   int           // token bucket size for ConsensusRate
	ConsensusQueue   int           // outbound consensus messages queued per validator (oldest dropped)

	// ConsensusObserver, if set, is called with every consensus message read
	// from a validator's stream, once it decoded and its signer was found to
	// be the sending peer, before it is queued for the replica. Its BLS
	// signature is not checked yet: the replica verifies votes lazily, in
	// aggregate. It runs on the stream's goroutine and must return quickly.
	// Tests watch what a validator sent through it; nil costs nothing.
	ConsensusObserver func(consensus.Signed)

	// limitLoopback applies the per-IP limits and bans to loopback
	// addresses too (tests, which give hosts addresses 127.0.0.x).
	limitLoopback bool
}

// withDefaults returns the config with every unset field at its default.
func (c Config) withDefaults() Config {
	if len(c.ListenAddrs) == 0 {
		c.ListenAddrs = []string{DefaultListenAddr}
	}
	if c.MaxInboundPeers == 0 {
		c.MaxInboundPeers = DefaultMaxInboundPeers
	}
	if c.MaxPeersPerIP == 0 {
		c.MaxPeersPerIP = DefaultMaxPeersPerIP
	}
	if c.MaxMessageSize == 0 {
		c.MaxMessageSize = consensus.DefaultMaxMessageSize + consensusMessageMargin
	}
	if c.ReconnectMin == 0 {
		c.ReconnectMin = DefaultReconnectMin
	}
	if c.ReconnectMax == 0 {
		c.ReconnectMax = DefaultReconnectMax
	}
	if c.HandshakeTimeout == 0 {
		c.HandshakeTimeout = DefaultHandshakeTimeout
	}
	if c.BanDuration == 0 {
		c.BanDuration = DefaultBanDuration
	}
	if c.SyncTimeout == 0 {
		c.SyncTimeout = DefaultSyncTimeout
	}
	if c.SyncFlushDelay == 0 {
		c.SyncFlushDelay = DefaultSyncFlushDelay
	}
	if c.AnnounceInterval == 0 {
		c.AnnounceInterval = DefaultAnnounceInterval
	}
	if c.ConsensusRate == 0 {
		c.ConsensusRate = DefaultConsensusRate
	}
	if c.ConsensusBurst == 0 {
		c.ConsensusBurst = DefaultConsensusBurst
	}
	if c.ConsensusQueue == 0 {
		c.ConsensusQueue = DefaultConsensusQueue
	}
	return c
}

func (c *Config) validate() error {
	if c.Key == nil {
		return fmt.Errorf("p2p config: no node key")
	}
	if c.MaxInboundPeers < 0 || c.MaxPeersPerIP < 0 {
		return fmt.Errorf("p2p config: max inbound peers %d or peers per IP %d is negative", c.MaxInboundPeers, c.MaxPeersPerIP)
	}
	if c.MaxMessageSize < 1024 {
		return fmt.Errorf("p2p config: max message size %d is under 1 KiB", c.MaxMessageSize)
	}
	if c.ReconnectMin <= 0 || c.ReconnectMax < c.ReconnectMin {
		return fmt.Errorf("p2p config: reconnect backoff %s..%s is not a range", c.ReconnectMin, c.ReconnectMax)
	}
	if c.ConsensusRate < 0 || c.ConsensusBurst < 1 || c.ConsensusQueue < 1 {
		return fmt.Errorf("p2p config: consensus rate %g, burst %d, queue %d must be positive", c.ConsensusRate, c.ConsensusBurst, c.ConsensusQueue)
	}
	if c.ValidatorKey != nil {
		me := c.ValidatorKey.Public()
		found := false
		for _, v := range c.Validators {
			if v.Key.Equal(me) {
				if !v.Node.Equal(c.Key.Public()) {
					return fmt.Errorf("p2p config: the validator key's committee entry names node key %s, this node has %s", v.Node, c.Key.Public())
				}
				found = true
			}
		}
		if !found {
			return fmt.Errorf("p2p config: validator key %s is not in the committee", me)
		}
	}
	seen := map[string]bool{}
	for i, v := range c.Validators {
		if len(v.Node.Bytes()) == 0 || v.Key.IsZero() {
			return fmt.Errorf("p2p config: validator %d has no node key or consensus key", i)
		}
		k := string(v.Node.Bytes())
		if seen[k] {
			return fmt.Errorf("p2p config: node key %s appears twice in the committee", v.Node)
		}
		seen[k] = true
	}
	return nil
}
