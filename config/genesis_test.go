package config

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"testing"

	"github.com/cairn-rollup/cairn/crypto/bls"
	"github.com/cairn-rollup/cairn/crypto/nodekey"
	"github.com/cairn-rollup/cairn/execution"
	"github.com/cairn-rollup/cairn/rollup"
	"github.com/ethereum/go-ethereum/common"
	"github.com/stretchr/testify/require"
)

// max_deposits_per_block is a validity rule of the network: it is read
// from the genesis, enters the genesis hash when it is not the default, and
// a genesis written before it moved there (no sequencer section) keeps
// the default 16 and its hash.
func TestGenesisMaxDepositsPerBlock(t *testing.T) {
	g := testGenesis(t)
	require.Equal(t, uint64(DefaultMaxDepositsPerBlock), g.MaxDepositsPerBlock())
	old := g.Hash()

	g.Sequencer.MaxDepositsPerBlock = DefaultMaxDepositsPerBlock
	require.Equal(t, old, g.Hash(), "the default written out is the same network as a genesis without it")

	g.Sequencer.MaxDepositsPerBlock = 32
	require.Equal(t, uint64(32), g.MaxDepositsPerBlock())
	require.NotEqual(t, old, g.Hash())

	// It survives the genesis file.
	path := filepath.Join(t.TempDir(), "genesis.json")
	require.NoError(t, SaveGenesis(path, g))
	loaded, err := LoadGenesis(path)
	require.NoError(t, err)
	require.Equal(t, uint64(32), loaded.MaxDepositsPerBlock())
	require.Equal(t, g.Hash(), loaded.Hash())

	g.Sequencer.MaxDepositsPerBlock = MaxMaxDepositsPerBlock + 1
	require.EqualError(t, g.Validate(), "genesis: sequencer.maxDepositsPerBlock 10001 is over 10000")
}

// A genesis file without the sequencer section, as cairn deploy wrote it
// before, loads with the default.
func TestGenesisWithoutSequencerSection(t *testing.T) {
	g := testGenesis(t)
	b, err := json.Marshal(g)
	require.NoError(t, err)
	var m map[string]any
	require.NoError(t, json.Unmarshal(b, &m))
	delete(m, "sequencer")
	var back Genesis
	b, err = json.Marshal(m)
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(b, &back))
	require.NoError(t, back.Validate())
	require.Equal(t, uint64(DefaultMaxDepositsPerBlock), back.MaxDepositsPerBlock())
	require.Equal(t, g.Hash(), back.Hash())
}

// testGenesis is a valid genesis of one validator.
func testGenesis(t *testing.T) *Genesis {
	seed := bytes.NewReader(bytes.Repeat([]byte{7}, 256))
	vk, err := bls.GenerateKey(seed)
	require.NoError(t, err)
	nk, err := nodekey.Generate(seed)
	require.NoError(t, err)
	g := &Genesis{ProtocolVersion: ProtocolVersion, L1ChainID: 1,
		Contracts: Contracts{Bridge: common.HexToAddress("0xb1"), OnChainProposer: common.HexToAddress("0xc1")},
		Batcher:   rollup.SealLimits{MaxBlocks: 10, MaxGas: 100_000_000, MaxSeconds: 10, MaxDeposits: 100, MaxDABytes: 100_000},
		L2:        execution.NewGenesis(execution.GenesisParams{ChainID: DefaultL2ChainID, NoPreinstalls: true}),
		Consensus: NewConsensusGenesis([]GenesisValidator{{Key: vk.Public(), PoP: vk.ProvePossession(), NodeKey: nk.Public(), Weight: 1, Leader: true}})}
	require.NoError(t, g.Validate())
	return g
}
