package execution

import (
	"embed"
	"errors"
	"fmt"
	"maps"
	"math/big"
	"strings"
	"sync"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core"
	"github.com/ethereum/go-ethereum/core/state"
	"github.com/ethereum/go-ethereum/core/tracing"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/core/vm"
	"github.com/ethereum/go-ethereum/params"
	"github.com/holiman/uint256"
)

// The canonical deployments of the preinstalls, as their authors published
// them (public data, used verbatim):
//
//   - deterministic-deployment-proxy.tx.hex: the "Deployment Transaction" of
//     github.com/Arachnid/deterministic-deployment-proxy README.md (commit
//     b3bb19c5aa8a), signer 0x3fab184622dc19b6109349b94811493bf2a45362.
//   - erc2470.tx.hex: the "Deployment Transaction" of ERC-2470,
//     github.com/ethereum/ERCs ERCS/erc-2470.md (r = 0x247000, s = 0x2470).
//   - erc1820.tx.hex: the deployment transaction of ERC-1820,
//     github.com/ethereum/ERCs ERCS/erc-1820.md (r = s = 0x1820…1820).
//   - multicall3.tx.hex: the signed deployment transaction of
//     github.com/mds1/multicall README.md (commit 19da7a56668b).
//   - entrypoint-v0.7.initcode.hex: the "bytecode" of artifacts/EntryPoint.json
//     in the npm package @account-abstraction/contracts@0.7.0
//     (eth-infinitism/account-abstraction v0.7.0), deployed through the
//     deterministic deployment proxy with the salt of that repository's
//     hardhat.config.ts.
//
//go:embed preinstalls/*.hex
var preinstallFiles embed.FS

// Preinstall is a standard contract that app developers' tools expect at
// the same address on every EVM chain. NewGenesis puts it in the L2
// genesis with the state its canonical deployment produces.
type Preinstall struct {
	Name    string
	Address common.Address // the canonical address

	// Deployer is the sender of the canonical pre-EIP-155 deployment
	// transaction (keyless: Nick's method): nonce 1 at genesis, so that
	// nothing else can be deployed at Address. Zero for a CREATE2
	// deployment.
	Deployer common.Address
	// rawTx is the canonical pre-EIP-155 deployment transaction (a file
	// of preinstallFiles), or, for a CREATE2 deployment, initCode is the
	// init code given to the deterministic deployment proxy with salt.
	rawTx    string
	initCode string
	salt     common.Hash
}

// DeterministicDeploymentProxy is Arachnid's CREATE2 factory: a call with
// data salt ‖ init code deploys at CREATE2(proxy, salt, init code).
var DeterministicDeploymentProxy = common.HexToAddress("0x4e59b44847b379578588920cA78FbF26c0B4956C")

// Preinstalls lists the preinstalls in their order of deployment (the
// EntryPoint is deployed through the deterministic deployment proxy); read
// it, do not change it.
// geth's core.SystemContractAllocs already places the proxy's runtime code
// (EIP-7997); its canonical deployment gives the same code, and its
// deployer's nonce.
//
// Not preinstalled: the Safe singleton factory
// (0x914d7Fec6aaC8cd542e72Bca78B30650d45643d7), whose deployment
// transaction is signed by Safe's key for each chain id (EIP-155): none
// exists for Cairn's chain id, and none can be made without that key.
var Preinstalls = []Preinstall{
	{Name: "deterministic deployment proxy (Arachnid CREATE2 factory)", Address: DeterministicDeploymentProxy,
		Deployer: common.HexToAddress("0x3fab184622dc19b6109349b94811493bf2a45362"), rawTx: "deterministic-deployment-proxy.tx.hex"},
	{Name: "ERC-2470 singleton factory", Address: common.HexToAddress("0xce0042B868300000d44A59004Da54A005ffdcf9f"),
		Deployer: common.HexToAddress("0xBb6e024b9cFFACB947A71991E386681B1Cd1477D"), rawTx: "erc2470.tx.hex"},
	{Name: "ERC-1820 registry", Address: common.HexToAddress("0x1820a4B7618BdE71Dce8cdc73aAB6C95905faD24"),
		Deployer: common.HexToAddress("0xa990077c3205cbDf861e17Fa532eeB069cE9fF96"), rawTx: "erc1820.tx.hex"},
	// Multicall3's deployer had a key (mined with Profanity, since
	// compromised); its pre-signed transaction is pre-EIP-155 all the same.
	{Name: "Multicall3", Address: common.HexToAddress("0xcA11bde05977b3631167028862bE2a173976CA11"),
		Deployer: common.HexToAddress("0x05f32B3cC3888453ff71B01135B34FF8e41263F2"), rawTx: "multicall3.tx.hex"},
	{Name: "ERC-4337 EntryPoint v0.7", Address: common.HexToAddress("0x0000000071727De22E5E9d8BAf0edAc6f37da032"),
		initCode: "entrypoint-v0.7.initcode.hex",
		salt:     common.HexToHash("0x90d8084deab30c2a37c45e8d47f49f2f7965183cb6990a98943ef94940681de3")},
}

// PreinstallAlloc returns the genesis accounts of the preinstalls: every
// account their canonical deployments give code (the EntryPoint's
// SenderCreator too) with its code, nonce and storage, and the keyless
// deployers at nonce 1. They are computed once, by executing the canonical
// deployments in a throwaway in-memory state; the result is a fresh copy.
func PreinstallAlloc() (types.GenesisAlloc, error) {
	alloc, err := preinstallAlloc()
	if err != nil {
		return nil, err
	}
	out := make(types.GenesisAlloc, len(alloc))
	for a, acc := range alloc {
		acc.Code = common.CopyBytes(acc.Code)
		acc.Balance = new(big.Int).Set(acc.Balance)
		acc.Storage = maps.Clone(acc.Storage)
		out[a] = acc
	}
	return out, nil
}

var preinstallAlloc = sync.OnceValues(deployPreinstalls)

// scratch is the throwaway chain the canonical deployments run on: an
// in-memory state behind geth's EVM at the L2's fork schedule, recording
// the accounts that get code and the storage slots written.
type scratch struct {
	db      *state.StateDB
	evm     *vm.EVM
	signer  types.Signer
	coded   []common.Address
	written map[common.Address][]common.Hash
}

func newScratch() (*scratch, error) {
	db, err := state.New(types.EmptyRootHash, state.NewDatabaseForTesting())
	if err != nil {
		return nil, err
	}
	s := &scratch{db: db, signer: types.HomesteadSigner{}, written: map[common.Address][]common.Hash{}}
	hooks := &tracing.Hooks{
		OnCodeChange: func(a common.Address, _ common.Hash, _ []byte, _ common.Hash, code []byte) {
			if len(code) > 0 {
				s.coded = append(s.coded, a)
			}
		},
		OnStorageChange: func(a common.Address, slot, _, _ common.Hash) {
			s.written[a] = append(s.written[a], slot)
		},
	}
	random := common.Hash{}
	ctx := vm.BlockContext{
		CanTransfer: core.CanTransfer, Transfer: core.Transfer,
		GetHash:  func(uint64) common.Hash { return common.Hash{} },
		GasLimit: DefaultGasLimit, BlockNumber: new(big.Int), Difficulty: new(big.Int),
		BaseFee: new(big.Int), BlobBaseFee: big.NewInt(1), Random: &random, CostPerStateByte: params.CostPerStateByte,
	}
	s.evm = vm.NewEVM(ctx, state.NewHookedState(db, hooks), NewChainConfig(1), vm.Config{})
	return s, nil
}

// apply executes msg and fails unless it succeeds.
func (s *scratch) apply(msg *core.Message) error {
	s.evm.StateDB.SetTxContext(common.Hash{}, 0, 0)
	res, err := core.ApplyMessage(s.evm, msg, core.NewGasPool(msg.GasLimit))
	if err != nil {
		return err
	}
	if res.Err != nil {
		return res.Err
	}
	s.evm.StateDB.Finalise(s.evm.GetRules())
	return nil
}

// deployRaw executes a keyless deployment transaction after funding its
// sender with what it pays for gas, as anyone deploying it does.
func (s *scratch) deployRaw(p Preinstall) error {
	raw, err := preinstallHex(p.rawTx)
	if err != nil {
		return err
	}
	tx := new(types.Transaction)
	if err := tx.UnmarshalBinary(raw); err != nil {
		return err
	}
	if tx.Protected() || tx.To() != nil || tx.Nonce() != 0 {
		return errors.New("not a keyless (pre-EIP-155, nonce 0) contract creation")
	}
	from, err := types.Sender(s.signer, tx)
	if err != nil {
		return err
	}
	if from != p.Deployer {
		return fmt.Errorf("sender %s, not %s", from, p.Deployer)
	}
	cost := new(big.Int).Mul(tx.GasPrice(), new(big.Int).SetUint64(tx.Gas()))
	s.db.AddBalance(from, uint256.MustFromBig(cost), tracing.BalanceChangeUnspecified)
	msg, err := core.TransactionToMessage(tx, s.signer, s.evm.Context.BaseFee)
	if err != nil {
		return err
	}
	return s.apply(msg)
}

// deployCreate2 deploys init code through the deterministic deployment
// proxy with a salt, from a caller that pays nothing.
func (s *scratch) deployCreate2(p Preinstall) error {
	code, err := preinstallHex(p.initCode)
	if err != nil {
		return err
	}
	to := DeterministicDeploymentProxy
	caller := common.Address{0xca, 0x1f}
	return s.apply(&core.Message{From: caller, To: &to, Nonce: s.db.GetNonce(caller), Value: new(uint256.Int),
		GasLimit: 16_000_000, GasPrice: new(uint256.Int), GasFeeCap: new(uint256.Int), GasTipCap: new(uint256.Int),
		Data: append(p.salt.Bytes(), code...)})
}

func preinstallHex(name string) ([]byte, error) {
	b, err := preinstallFiles.ReadFile("preinstalls/" + name)
	if err != nil {
		return nil, err
	}
	return common.FromHex(strings.TrimSpace(string(b))), nil
}

// deployPreinstalls runs the canonical deployments on a scratch chain and
// returns the accounts they make.
func deployPreinstalls() (types.GenesisAlloc, error) {
	s, err := newScratch()
	if err != nil {
		return nil, err
	}
	for _, p := range Preinstalls {
		if p.rawTx != "" {
			err = s.deployRaw(p)
		} else {
			err = s.deployCreate2(p)
		}
		if err == nil && len(s.db.GetCode(p.Address)) == 0 {
			err = errors.New("no code at its canonical address")
		}
		if err != nil {
			return nil, fmt.Errorf("preinstall %s: %w", p.Name, err)
		}
	}
	return s.alloc(), nil
}

// alloc is the genesis of what the deployments made: the accounts with
// code as they are, and the deployers with their nonce only (the balance
// that paid for gas was the scratch chain's).
func (s *scratch) alloc() types.GenesisAlloc {
	alloc := types.GenesisAlloc{}
	for _, a := range s.coded {
		acc := types.Account{Code: s.db.GetCode(a), Nonce: s.db.GetNonce(a), Balance: s.db.GetBalance(a).ToBig()}
		for _, slot := range s.written[a] {
			if v := s.db.GetState(a, slot); v != (common.Hash{}) {
				if acc.Storage == nil {
					acc.Storage = map[common.Hash]common.Hash{}
				}
				acc.Storage[slot] = v
			}
		}
		alloc[a] = acc
	}
	for _, p := range Preinstalls {
		if p.Deployer != (common.Address{}) {
			alloc[p.Deployer] = types.Account{Nonce: s.db.GetNonce(p.Deployer), Balance: new(big.Int)}
		}
	}
	return alloc
}
