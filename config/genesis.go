package config

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"

	"github.com/cairn-rollup/cairn/rollup"
	"github.com/cairn-rollup/cairn/rollup/batchdata"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/rlp"
)

// ProtocolVersion is the version of the Cairn protocol this build speaks.
const ProtocolVersion = 1

// Contracts are the L1 contract addresses of a network.
type Contracts struct {
	Bridge          common.Address `json:"bridge"`
	OnChainProposer common.Address `json:"onChainProposer"`
	ExecVerifier    common.Address `json:"execVerifier"`
	// BridgeDeployBlock is where a watcher with no cursor starts reading deposits.
	BridgeDeployBlock uint64 `json:"bridgeDeployBlock"`
	// ProofManager (the proxy) is zero when the network has no proof market.
	ProofManager            common.Address `json:"proofManager,omitempty"`
	ProofManagerDeployBlock uint64         `json:"proofManagerDeployBlock,omitempty"`
}

// Genesis fixes a network: the L2 genesis, the L1 it settles on, its
// contracts and its batch limits. Nodes with another genesis hash do not
// talk to each other.
type Genesis struct {
	ProtocolVersion uint64            `json:"protocolVersion"`
	L1ChainID       uint64            `json:"l1ChainId"`
	Contracts       Contracts         `json:"contracts"`
	Batcher         rollup.SealLimits `json:"batcher"`
	// DataAvailability is where commits publish batch data: "blobs" or
	// "calldata". It is the network's, not a node's: the data commitment
	// attesters sign and proofs bind depends on it.
	DataAvailability batchdata.Mode `json:"dataAvailability"`
	// Sequencer holds the block validity rules that are not consensus
	// timing: every validator must apply the same ones.
	Sequencer SequencerGenesis `json:"sequencer"`
	L2        *core.Genesis    `json:"l2"`
	// Consensus is the validator committee and its timing.
	Consensus *ConsensusGenesis `json:"consensus"`
}

// SequencerGenesis is the genesis's sequencer section.
type SequencerGenesis struct {
	// MaxDepositsPerBlock is how many L1 deposits one L2 block mints at
	// most; a proposal minting more is refused. 0 (a genesis written
	// before the rule moved here) is DefaultMaxDepositsPerBlock.
	MaxDepositsPerBlock uint64 `json:"maxDepositsPerBlock,omitempty"`
}

// DefaultMaxDepositsPerBlock is max_deposits_per_block where the genesis
// does not set it: the value every node used while it was a local setting.
const DefaultMaxDepositsPerBlock = 16

// MaxMaxDepositsPerBlock bounds sequencer.maxDepositsPerBlock.
const MaxMaxDepositsPerBlock = 10000

// MaxDepositsPerBlock is the network's max_deposits_per_block.
func (g *Genesis) MaxDepositsPerBlock() uint64 {
	if g.Sequencer.MaxDepositsPerBlock == 0 {
		return DefaultMaxDepositsPerBlock
	}
	return g.Sequencer.MaxDepositsPerBlock
}

// DefaultL2ChainID is the L2 chain id of the devnet and of `cairn deploy`
// unless told otherwise: Cairn's own ("CAIRN" on a phone keypad), in no
// public chain list, and not Hardhat's and Anvil's 31337, which a wallet
// holding both would mix up.
const DefaultL2ChainID = 22476

// L2ChainID is the L2 chain id from the L2 genesis config.
func (g *Genesis) L2ChainID() uint64 { return g.L2.Config.ChainID.Uint64() }

// Hash is keccak256 of the canonical RLP encoding of everything that fixes
// the network; the L2 part enters as its genesis block hash and the hash of
// its chain config. max_deposits_per_block enters only when it is not the
// default: a genesis written before the rule moved into it (every node then
// used 16) keeps its hash, so its nodes' stores still open.
func (g *Genesis) Hash() common.Hash {
	cc, _ := json.Marshal(g.L2.Config)
	fields := []any{
		g.ProtocolVersion, g.L1ChainID, g.Contracts.Bridge, g.Contracts.OnChainProposer, g.Contracts.ExecVerifier, g.Contracts.BridgeDeployBlock, g.Contracts.ProofManager,
		g.Batcher.MaxBlocks, g.Batcher.MaxGas, g.Batcher.MaxSeconds, g.Batcher.MaxDeposits, g.Batcher.MaxDABytes, uint8(g.DataAvailability),
		g.L2.ToBlock().Hash(), crypto.Keccak256Hash(cc), g.consensusEncoding(),
	}
	if n := g.MaxDepositsPerBlock(); n != DefaultMaxDepositsPerBlock {
		fields = append(fields, n)
	}
	enc, _ := rlp.EncodeToBytes(fields)
	return crypto.Keccak256Hash(enc)
}

func (g *Genesis) consensusEncoding() []byte {
	if g.Consensus == nil {
		return nil
	}
	return g.Consensus.encode()
}

// Validate checks that the genesis describes a network this build can run.
func (g *Genesis) Validate() error {
	if g.ProtocolVersion != ProtocolVersion {
		return fmt.Errorf("genesis: protocolVersion %d, this build speaks %d", g.ProtocolVersion, ProtocolVersion)
	}
	if g.L1ChainID == 0 {
		return errors.New("genesis: l1ChainId is missing")
	}
	if g.Contracts.Bridge == (common.Address{}) || g.Contracts.OnChainProposer == (common.Address{}) {
		return errors.New("genesis: contracts.bridge and contracts.onChainProposer must be set (run cairn deploy)")
	}
	if err := g.Batcher.Validate(); err != nil {
		return fmt.Errorf("genesis: batcher: %w (a genesis written before batches published their data lacks maxDaBytes: deploy again)", err)
	}
	if max := batchdata.MaxData(g.DataAvailability); g.Batcher.MaxDABytes > uint64(max) {
		return fmt.Errorf("genesis: batcher.maxDaBytes %d is over the %d bytes one %s commit carries", g.Batcher.MaxDABytes, max, g.DataAvailability)
	}
	if g.Sequencer.MaxDepositsPerBlock > MaxMaxDepositsPerBlock {
		return fmt.Errorf("genesis: sequencer.maxDepositsPerBlock %d is over %d", g.Sequencer.MaxDepositsPerBlock, MaxMaxDepositsPerBlock)
	}
	if g.L2 == nil || g.L2.Config == nil || g.L2.Config.ChainID == nil || g.L2.Config.ChainID.Sign() == 0 {
		return errors.New("genesis: l2.config.chainId is missing")
	}
	if t := g.L2.Config.ShanghaiTime; t == nil || *t != 0 {
		return errors.New("genesis: l2.config.shanghaiTime must be 0 (deposits ride on withdrawals)")
	}
	if t := g.L2.Config.PragueTime; t == nil || *t != 0 {
		return errors.New("genesis: l2.config.pragueTime must be 0")
	}
	if g.Consensus == nil {
		return errors.New("genesis: the consensus section is missing (cairn deploy --validator writes it)")
	}
	if err := g.Consensus.Validate(); err != nil {
		return fmt.Errorf("genesis: %w", err)
	}
	return nil
}

// LoadGenesis reads and validates a genesis file.
func LoadGenesis(path string) (*Genesis, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("genesis: %w", err)
	}
	var g Genesis
	if err := json.Unmarshal(b, &g); err != nil {
		return nil, fmt.Errorf("genesis %s: %w", path, err)
	}
	if err := g.Validate(); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return &g, nil
}

// SaveGenesis writes the genesis file.
func SaveGenesis(path string, g *Genesis) error {
	b, err := json.MarshalIndent(g, "", "  ")
	if err != nil {
		return fmt.Errorf("encode genesis: %w", err)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		return fmt.Errorf("write genesis: %w", err)
	}
	return nil
}
