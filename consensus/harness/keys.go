package harness

import (
	"fmt"
	"math/rand"

	"github.com/cairn-rollup/cairn/consensus"
	"github.com/cairn-rollup/cairn/crypto/bls"
)

// Setup is a committee with its secret keys, in schedule order.
type Setup struct {
	Keys    []*bls.SecretKey
	Genesis *consensus.Genesis
}

// NewSetup creates n equally weighted validators, all leaders, round robin,
// from a seed.
func NewSetup(n int, seed int64) (*Setup, error) {
	weights := make([]uint64, n)
	for i := range weights {
		weights[i] = 1
	}
	return NewWeightedSetup(weights, consensus.LeaderSelection{Frequency: 1}, seed)
}

// NewWeightedSetup creates validators with the given weights.
func NewWeightedSetup(weights []uint64, sel consensus.LeaderSelection, seed int64) (*Setup, error) {
	rng := rand.New(rand.NewSource(seed))
	vals := make([]consensus.Validator, len(weights))
	byKey := map[[bls.PublicKeySize]byte]*bls.SecretKey{}
	for i, w := range weights {
		sk, err := bls.GenerateKey(rng)
		if err != nil {
			return nil, fmt.Errorf("setup key %d: %w", i, err)
		}
		vals[i] = consensus.Validator{Key: sk.Public(), Weight: w, Leader: true, PoP: sk.ProvePossession()}
		byKey[sk.Public().Array()] = sk
	}
	c, err := consensus.NewCommittee(vals, sel)
	if err != nil {
		return nil, fmt.Errorf("setup committee: %w", err)
	}
	g, err := consensus.NewGenesis(1, 0, 0, c)
	if err != nil {
		return nil, fmt.Errorf("setup genesis: %w", err)
	}
	s := &Setup{Genesis: g}
	for i := range c.Len() {
		s.Keys = append(s.Keys, byKey[c.Validator(i).Key.Array()])
	}
	return s, nil
}
