package execution

import (
	"maps"
	"math/big"

	"github.com/cairn-rollup/cairn/rollup"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/params"
)

const (
	// DefaultGasLimit is the block gas limit of a genesis that does not name
	// one: 4,761 ETH transfers. On a 2-core box a leader builds a full block
	// of them in about 0.1 s and a node that never saw them imports it
	// (senders recovered, witness made) in about 0.25 s (BenchmarkFullBlock):
	// every validator executes every block well within a 1 s block time,
	// with room for heavier transactions. Ethereum's 30M capped 1 s blocks
	// at 1,428 transfers, well below what the machine executes.
	DefaultGasLimit = 100_000_000
)

// GenesisParams are the inputs of an L2 genesis.
type GenesisParams struct {
	ChainID   uint64                      // L2 chain id (required, non-zero)
	GasLimit  uint64                      // block gas limit; 0 = DefaultGasLimit
	Timestamp uint64                      // genesis time
	BaseFee   *big.Int                    // genesis base fee; nil = 1 gwei
	Accounts  map[common.Address]*big.Int // prefunded accounts (dev keys) and their balances in wei

	// L2BridgeCode is the runtime bytecode of the L2Bridge contract, placed
	// at rollup.L2BridgeAddress. Empty leaves the address without code.
	L2BridgeCode []byte

	// NoPreinstalls leaves the standard contracts of Preinstalls (Multicall3,
	// the CREATE2 factories, ERC-1820, the EntryPoint) out of the genesis.
	// They are in by default.
	NoPreinstalls bool
}

// NewChainConfig returns the L2 fork schedule: every fork up to Prague
// active at genesis, post-merge from block 0 (the Engine API drives it).
//
// Osaka and later are left off on purpose: blob transactions are refused on
// L2 by a blob schedule with a maximum of zero blobs per block, and geth's
// Osaka excess-blob-gas formula (EIP-7918) divides by that maximum.
func NewChainConfig(chainID uint64) *params.ChainConfig {
	zero := uint64(0)
	noBlobs := &params.BlobConfig{Target: 0, Max: 0, UpdateFraction: params.DefaultPragueBlobConfig.UpdateFraction}
	return &params.ChainConfig{
		ChainID:                 new(big.Int).SetUint64(chainID),
		HomesteadBlock:          big.NewInt(0),
		EIP150Block:             big.NewInt(0),
		EIP155Block:             big.NewInt(0),
		EIP158Block:             big.NewInt(0),
		ByzantiumBlock:          big.NewInt(0),
		ConstantinopleBlock:     big.NewInt(0),
		PetersburgBlock:         big.NewInt(0),
		IstanbulBlock:           big.NewInt(0),
		MuirGlacierBlock:        big.NewInt(0),
		BerlinBlock:             big.NewInt(0),
		LondonBlock:             big.NewInt(0),
		ArrowGlacierBlock:       big.NewInt(0),
		GrayGlacierBlock:        big.NewInt(0),
		MergeNetsplitBlock:      big.NewInt(0),
		TerminalTotalDifficulty: big.NewInt(0),
		ShanghaiTime:            &zero,
		CancunTime:              &zero,
		PragueTime:              &zero,
		BlobScheduleConfig: &params.BlobScheduleConfig{
			Cancun: noBlobs,
			Prague: noBlobs,
		},
	}
}

// NewGenesis builds the L2 genesis: the chain config of NewChainConfig, the
// system contracts the active forks call into (EIP-4788 beacon roots, EIP-2935
// block hashes, EIP-7002/7251 request queues, as geth's dev genesis has them),
// the preinstalls (PreinstallAlloc) unless p.NoPreinstalls, the prefunded
// accounts and the L2Bridge predeploy.
func NewGenesis(p GenesisParams) *core.Genesis {
	gasLimit := p.GasLimit
	if gasLimit == 0 {
		gasLimit = DefaultGasLimit
	}
	baseFee := big.NewInt(params.InitialBaseFee)
	if p.BaseFee != nil {
		baseFee = new(big.Int).Set(p.BaseFee)
	}
	alloc := core.SystemContractAllocs()
	if !p.NoPreinstalls {
		pre, err := PreinstallAlloc()
		if err != nil {
			// The deployments are fixed data that TestPreinstalls runs.
			panic(err)
		}
		maps.Copy(alloc, pre)
	}
	for addr, bal := range p.Accounts {
		acc := alloc[addr] // a funded preinstall keeps its code
		acc.Balance = new(big.Int).Set(bal)
		alloc[addr] = acc
	}
	if len(p.L2BridgeCode) > 0 {
		alloc[rollup.L2BridgeAddress] = types.Account{
			Code:    common.CopyBytes(p.L2BridgeCode),
			Nonce:   1,
			Balance: new(big.Int),
		}
	}
	return &core.Genesis{
		Config:     NewChainConfig(p.ChainID),
		Timestamp:  p.Timestamp,
		GasLimit:   gasLimit,
		BaseFee:    baseFee,
		Difficulty: big.NewInt(0),
		Alloc:      maps.Clone(alloc),
	}
}
