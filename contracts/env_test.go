package contracts_test

import (
	"context"
	"crypto/ecdsa"
	"fmt"
	"maps"
	"math/big"
	"testing"
	"time"

	"github.com/cairn-rollup/cairn/rollup"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/eth/ethconfig"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/ethereum/go-ethereum/ethclient/simulated"
	"github.com/ethereum/go-ethereum/node"
	"github.com/ethereum/go-ethereum/params"
	"github.com/stretchr/testify/require"

	"github.com/cairn-rollup/cairn/contracts"
	"github.com/cairn-rollup/cairn/l1/bindings"
	"github.com/cairn-rollup/cairn/l1/deploy"
)

const (
	l2ChainID  = 4242
	simChainID = 1337 // the simulated backend's chain id
)

var (
	genesisStateRoot = common.HexToHash("0x6e3e5fa0c4b4a0a1e4d8b9c0f2a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5")
	genesisBlockHash = common.HexToHash("0x9e1e5b10c4b4a0a1e4d8b9c0f2a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5")
)

// autoMine commits a block after every transaction it sends, so that code
// that waits for receipts (deploy.Deploy) runs against the simulated backend.
type autoMine struct {
	simulated.Client
	sim *simulated.Backend
}

func (a autoMine) SendTransaction(ctx context.Context, tx *types.Transaction) error {
	if err := a.Client.SendTransaction(ctx, tx); err != nil {
		return err
	}
	a.sim.Commit()
	return nil
}

// account is a funded L1 key.
type account struct {
	key  *ecdsa.PrivateKey
	addr common.Address
}

func newAccount(t testing.TB) account {
	k, err := crypto.GenerateKey()
	require.NoError(t, err)
	return account{key: k, addr: crypto.PubkeyToAddress(k.PublicKey)}
}

// env is a simulated L1 with Cairn's contracts deployed by deploy.Deploy.
type env struct {
	t       testing.TB
	sim     *simulated.Backend
	backend autoMine

	admin, operator, prover, stranger, user account

	addrs    deploy.Addresses
	bridge   *bindings.Bridge
	ocp      *bindings.OnChainProposer
	exec     *bindings.ExecVerifier
	bridgeC  *bind.BoundContract
	ocpC     *bind.BoundContract
	execC    *bind.BoundContract
	receipts []*types.Receipt // of the last sends, for gas figures
}

func ether(n int64) *big.Int { return new(big.Int).Mul(big.NewInt(n), big.NewInt(params.Ether)) }

func gwei(n int64) *big.Int { return new(big.Int).Mul(big.NewInt(n), big.NewInt(params.GWei)) }

func newEnv(t testing.TB) *env {
	t.Helper()
	return newEnvWithAlloc(t, nil)
}

// osakaOnly runs the simulated chain on mainnet's forks (up to Osaka) instead
// of every fork geth knows (the default, with Bogota's state-gas repricing).
func osakaOnly(_ *node.Config, ethConf *ethconfig.Config) {
	cfg := *ethConf.Genesis.Config
	cfg.BogotaTime = nil
	ethConf.Genesis.Config = &cfg
}

// newEnvWithAlloc is newEnv with extra genesis accounts.
func newEnvWithAlloc(t testing.TB, extra types.GenesisAlloc, options ...func(*node.Config, *ethconfig.Config)) *env {
	t.Helper()
	return newEnvBacking(t, extra, nil, options...)
}

// newEnvBacking is newEnvWithAlloc with deploy.Params.GenesisETH set to
// genesisETH: the admin backs that much L2 genesis ETH in the Bridge.
func newEnvBacking(t testing.TB, extra types.GenesisAlloc, genesisETH *big.Int, options ...func(*node.Config, *ethconfig.Config)) *env {
	t.Helper()
	e := &env{t: t}
	e.admin, e.operator, e.prover, e.stranger, e.user = newAccount(t), newAccount(t), newAccount(t), newAccount(t), newAccount(t)
	alloc := types.GenesisAlloc{}
	maps.Copy(alloc, extra)
	for _, a := range []account{e.admin, e.operator, e.prover, e.stranger, e.user} {
		alloc[a.addr] = types.Account{Balance: ether(1_000_000)}
	}
	e.sim = simulated.NewBackend(alloc, options...)
	t.Cleanup(func() { _ = e.sim.Close() })
	e.backend = autoMine{Client: e.sim.Client(), sim: e.sim}

	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	addrs, err := deploy.Deploy(ctx, e.backend, e.opts(e.admin), deploy.Params{
		L2ChainID:        l2ChainID,
		GenesisStateRoot: genesisStateRoot,
		GenesisBlockHash: genesisBlockHash,
		Operator:         e.operator.addr,
		Provers:          []common.Address{e.prover.addr},
		GenesisETH:       genesisETH,
	})
	require.NoError(t, err)
	e.addrs = addrs
	e.bridge, e.ocp, e.exec = bindings.NewBridge(), bindings.NewOnChainProposer(), bindings.NewExecVerifier()
	e.bridgeC = e.bridge.Instance(e.backend, addrs.Bridge)
	e.ocpC = e.ocp.Instance(e.backend, addrs.OnChainProposer)
	e.execC = e.exec.Instance(e.backend, addrs.ExecVerifier)
	return e
}

func (e *env) opts(a account) *bind.TransactOpts {
	o := bind.NewKeyedTransactor(a.key, big.NewInt(simChainID))
	o.Context = context.Background()
	return o
}

// send sends calldata from a with value and returns the receipt, or the
// error (from gas estimation when the call reverts).
func (e *env) send(c *bind.BoundContract, from account, value *big.Int, calldata []byte) (*types.Receipt, error) {
	o := e.opts(from)
	o.Value = value
	tx, err := bind.Transact(c, o, calldata)
	if err != nil {
		return nil, err
	}
	r, err := e.backend.TransactionReceipt(context.Background(), tx.Hash())
	if err != nil {
		return nil, err
	}
	return r, nil
}

// mustSend sends and requires a successful receipt.
func (e *env) mustSend(c *bind.BoundContract, from account, value *big.Int, calldata []byte) *types.Receipt {
	e.t.Helper()
	r, err := e.send(c, from, value, calldata)
	require.NoError(e.t, err)
	require.Equal(e.t, types.ReceiptStatusSuccessful, r.Status)
	return r
}

// errorUnpacker is what every binding offers to decode its custom errors.
type errorUnpacker interface {
	UnpackError(raw []byte) (any, error)
}

// requireRevert requires err to be a revert with exactly the custom error want
// (a *bindings.<Contract><Error> with its arguments), decoded by c.
func requireRevert(t testing.TB, err error, c errorUnpacker, want any) {
	t.Helper()
	require.Error(t, err, "expected revert %T", want)
	data, ok := ethclient.RevertErrorData(err)
	require.True(t, ok, "no revert data in %v", err)
	require.GreaterOrEqual(t, len(data), 4, "revert data %x", data)
	got, uerr := c.UnpackError(data)
	require.NoError(t, uerr, "unknown revert data %x", data)
	// fmt prints *big.Int fields by value, so this compares the arguments.
	require.Equal(t, fmt.Sprintf("%T%+v", want, want), fmt.Sprintf("%T%+v", got, got))
}

func call[T any](t testing.TB, c *bind.BoundContract, calldata []byte, unpack func([]byte) (T, error)) T {
	t.Helper()
	v, err := bind.Call(c, nil, calldata, unpack)
	require.NoError(t, err)
	return v
}

func (e *env) balance(a common.Address) *big.Int {
	b, err := e.backend.BalanceAt(context.Background(), a, nil)
	require.NoError(e.t, err)
	return b
}

// l2BridgeEnv is a simulated chain with the L2Bridge runtime code at its
// predeploy address and empty storage, as in the L2 genesis.
func newL2BridgeEnv(t testing.TB, options ...func(*node.Config, *ethconfig.Config)) (*simulated.Backend, autoMine, account) {
	user := newAccount(t)
	sim := simulated.NewBackend(types.GenesisAlloc{
		user.addr:              {Balance: ether(1000)},
		rollup.L2BridgeAddress: {Code: contracts.L2BridgeRuntimeCode(), Balance: new(big.Int)},
	}, options...)
	t.Cleanup(func() { _ = sim.Close() })
	return sim, autoMine{Client: sim.Client(), sim: sim}, user
}

// bindDeploy deploys creation code binHex with constructor input from the env's admin.
func bindDeploy(e *env, binHex string, constructorInput []byte) (common.Address, *types.Receipt, error) {
	addr, tx, err := bind.DeployContract(e.opts(e.admin), common.FromHex(binHex), e.backend, constructorInput)
	if err != nil {
		return common.Address{}, nil, err
	}
	r, err := e.backend.TransactionReceipt(context.Background(), tx.Hash())
	if err != nil {
		return common.Address{}, nil, err
	}
	if r.Status != types.ReceiptStatusSuccessful {
		return common.Address{}, r, fmt.Errorf("deployment %s failed", tx.Hash())
	}
	return addr, r, nil
}

func callMsg(to common.Address, data []byte) ethereum.CallMsg {
	return ethereum.CallMsg{To: &to, Data: data}
}
