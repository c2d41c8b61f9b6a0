package node

import (
	"testing"

	"github.com/cairn-rollup/cairn/config"
	"github.com/cairn-rollup/cairn/rollup"
	"github.com/stretchr/testify/require"
)

// max_deposits_per_block is a validity rule: the sequencer reads it from
// the genesis (validityLimits takes no node config, so two validators with
// different configs apply the same rule), and a genesis without it keeps
// the 16 every node used before.
func TestDepositLimitComesFromTheGenesis(t *testing.T) {
	g := &config.Genesis{Batcher: rollup.SealLimits{MaxDABytes: 100_000},
		Consensus: config.NewConsensusGenesis(nil)}
	require.Equal(t, uint64(16), validityLimits(g).MaxDepositsPerBlock)
	g.Sequencer.MaxDepositsPerBlock = 3
	lim := validityLimits(g)
	require.Equal(t, uint64(3), lim.MaxDepositsPerBlock)
	require.Equal(t, 100_000, lim.MaxPayloadSize)
	require.Equal(t, g.Consensus.MaxClockDrift(), lim.MaxClockDrift)
}
