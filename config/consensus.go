package config

import (
	"errors"
	"fmt"
	"time"

	"github.com/cairn-rollup/cairn/consensus"
	"github.com/cairn-rollup/cairn/crypto/bls"
	"github.com/cairn-rollup/cairn/crypto/nodekey"
	"github.com/ethereum/go-ethereum/rlp"
)

// Consensus defaults written into a new genesis.
const (
	DefaultViewTimeout    = 2 * time.Second
	DefaultMaxPayloadSize = 4 << 20
	DefaultMaxClockDrift  = 2 * time.Second
)

// GenesisValidator is one member of the validator committee as the genesis
// file holds it, in the text forms `cairn keys show` prints.
type GenesisValidator struct {
	Key     bls.PublicKey         `json:"key"`
	PoP     bls.ProofOfPossession `json:"pop"`
	NodeKey nodekey.PublicKey     `json:"nodeKey"`
	Weight  uint64                `json:"weight"`
	Leader  bool                  `json:"leader"`
}

// ConsensusGenesis is the consensus part of a network's genesis: who
// validates, how leaders are picked, and the timing every validator must
// agree on.
type ConsensusGenesis struct {
	Validators []GenesisValidator `json:"validators"`
	// LeaderFrequency is how many consecutive views a leader keeps (≥ 1).
	LeaderFrequency uint64 `json:"leaderFrequency"`
	// WeightedLeaders picks leaders by weight instead of round robin.
	WeightedLeaders bool `json:"weightedLeaders"`
	// ViewTimeoutMs is the view timeout of every replica.
	ViewTimeoutMs uint64 `json:"viewTimeoutMs"`
	// MaxPayloadSize bounds a block's encoding in bytes.
	MaxPayloadSize uint64 `json:"maxPayloadSize"`
	// MaxClockDriftMs is how far ahead of a replica's clock a proposed
	// block's timestamp may be.
	MaxClockDriftMs uint64 `json:"maxClockDriftMs"`
}

// NewConsensusGenesis returns the consensus genesis of a committee with the
// default timing: every validator a leader, round robin, one view each.
func NewConsensusGenesis(vals []GenesisValidator) *ConsensusGenesis {
	return &ConsensusGenesis{Validators: vals, LeaderFrequency: 1, ViewTimeoutMs: uint64(DefaultViewTimeout / time.Millisecond),
		MaxPayloadSize: DefaultMaxPayloadSize, MaxClockDriftMs: uint64(DefaultMaxClockDrift / time.Millisecond)}
}

// ViewTimeout is the view timeout as a duration.
func (c *ConsensusGenesis) ViewTimeout() time.Duration {
	return time.Duration(c.ViewTimeoutMs) * time.Millisecond
}

// MaxClockDrift is the clock drift bound as a duration.
func (c *ConsensusGenesis) MaxClockDrift() time.Duration {
	return time.Duration(c.MaxClockDriftMs) * time.Millisecond
}

// Validate checks the committee (proofs of possession included) and the
// timing.
func (c *ConsensusGenesis) Validate() error {
	if len(c.Validators) == 0 {
		return errors.New("consensus.validators is empty: a network needs at least one validator")
	}
	if c.ViewTimeoutMs < 100 {
		return fmt.Errorf("consensus.viewTimeoutMs %d is below 100", c.ViewTimeoutMs)
	}
	if c.MaxPayloadSize < 64<<10 || c.MaxPayloadSize > 64<<20 {
		return fmt.Errorf("consensus.maxPayloadSize %d is outside 64 KiB .. 64 MiB", c.MaxPayloadSize)
	}
	seen := map[string]int{}
	for i, v := range c.Validators {
		if v.Key.IsZero() || v.PoP.IsZero() || len(v.NodeKey.Bytes()) == 0 {
			return fmt.Errorf("consensus.validators[%d]: key, pop and nodeKey are all required", i)
		}
		if j, dup := seen[string(v.NodeKey.Bytes())]; dup {
			return fmt.Errorf("consensus.validators[%d]: node key already used by validator %d", i, j)
		}
		seen[string(v.NodeKey.Bytes())] = i
	}
	if _, err := c.committee(); err != nil {
		return err
	}
	return nil
}

func (c *ConsensusGenesis) committee() (*consensus.Committee, error) {
	vals := make([]consensus.Validator, len(c.Validators))
	for i, v := range c.Validators {
		vals[i] = consensus.Validator{Key: v.Key, Weight: v.Weight, Leader: v.Leader, PoP: v.PoP}
	}
	cm, err := consensus.NewCommittee(vals, consensus.LeaderSelection{Frequency: c.LeaderFrequency, Weighted: c.WeightedLeaders})
	if err != nil {
		return nil, fmt.Errorf("consensus.validators: %w", err)
	}
	return cm, nil
}

// encode is the canonical encoding of the consensus genesis, part of the
// network's genesis hash.
func (c *ConsensusGenesis) encode() []byte {
	vals := make([][]any, len(c.Validators))
	for i, v := range c.Validators {
		vals[i] = []any{v.Key.Bytes(), v.PoP.Bytes(), v.NodeKey.Bytes(), v.Weight, v.Leader}
	}
	enc, _ := rlp.EncodeToBytes([]any{vals, c.LeaderFrequency, c.WeightedLeaders, c.ViewTimeoutMs, c.MaxPayloadSize, c.MaxClockDriftMs})
	return enc
}

// ConsensusGenesis builds the consensus library's genesis: the committee
// and the hash that binds every consensus message to this network. Block 1
// is the first block consensus decides (block 0 is the L2 genesis).
func (g *Genesis) ConsensusGenesis() (*consensus.Genesis, error) {
	if g.Consensus == nil {
		return nil, errors.New("genesis: no consensus section (run cairn deploy with --validator)")
	}
	cm, err := g.Consensus.committee()
	if err != nil {
		return nil, fmt.Errorf("genesis: %w", err)
	}
	return consensus.NewGenesis(g.L2ChainID(), 0, 1, cm)
}

// ValidatorByNodeKey returns the committee member with that node key.
func (c *ConsensusGenesis) ValidatorByNodeKey(k nodekey.PublicKey) (GenesisValidator, bool) {
	for _, v := range c.Validators {
		if v.NodeKey.Equal(k) {
			return v, true
		}
	}
	return GenesisValidator{}, false
}
