package e2e

import (
	"context"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/stretchr/testify/require"

	"github.com/cairn-rollup/cairn/devnet"
	"github.com/cairn-rollup/cairn/execution"
)

// The parts of the Multicall3 and ERC-2470 interfaces the test calls.
const preinstallsABI = `[
{"name":"aggregate3","type":"function","stateMutability":"payable",
 "inputs":[{"name":"calls","type":"tuple[]","components":[{"name":"target","type":"address"},{"name":"allowFailure","type":"bool"},{"name":"callData","type":"bytes"}]}],
 "outputs":[{"name":"returnData","type":"tuple[]","components":[{"name":"success","type":"bool"},{"name":"returnData","type":"bytes"}]}]},
{"name":"getBlockNumber","type":"function","stateMutability":"view","inputs":[],"outputs":[{"name":"blockNumber","type":"uint256"}]},
{"name":"getEthBalance","type":"function","stateMutability":"view","inputs":[{"name":"addr","type":"address"}],"outputs":[{"name":"balance","type":"uint256"}]},
{"name":"deploy","type":"function","stateMutability":"nonpayable","inputs":[{"name":"_initCode","type":"bytes"},{"name":"_salt","type":"bytes32"}],"outputs":[{"name":"createdContract","type":"address"}]}
]`

var (
	multicall3       = common.HexToAddress("0xcA11bde05977b3631167028862bE2a173976CA11")
	singletonFactory = common.HexToAddress("0xce0042B868300000d44A59004Da54A005ffdcf9f")
	// returns42 is the init code of a contract whose runtime code
	// (602a60005260206000f3) returns the word 42.
	returns42 = common.FromHex("0x69602a60005260206000f3600052600a6016f3")
)

type multicallCall struct {
	Target       common.Address
	AllowFailure bool
	CallData     []byte
}

type multicallResult struct {
	Success    bool
	ReturnData []byte
}

// A devnet has the standard contracts at their canonical addresses:
// Multicall3's aggregate3 batches getBlockNumber and getEthBalance of a dev
// account (through geth's ethclient, as viem and ethers batch calls), and
// the deterministic deployment proxy and the ERC-2470 singleton factory
// deploy a contract at its CREATE2 address.
func TestPreinstalls(t *testing.T) {
	c := startChainWith(t, devnet.Config{Provers: -1, Market: devnet.Market{Disabled: true}, Validators: 1})
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	a, err := abi.JSON(strings.NewReader(preinstallsABI))
	require.NoError(t, err)
	for _, p := range execution.Preinstalls {
		code, err := c.l2.CodeAt(ctx, p.Address, nil)
		require.NoError(t, err)
		require.NotEmpty(t, code, p.Name)
	}

	user := crypto.PubkeyToAddress(devnetUser(0).PublicKey)
	send(t, c.l2, devnetUser(1), user, big.NewInt(1), nil) // a block past genesis
	head, err := c.l2.BlockNumber(ctx)
	require.NoError(t, err)
	at := new(big.Int).SetUint64(head)
	getBlock, err := a.Pack("getBlockNumber")
	require.NoError(t, err)
	getBalance, err := a.Pack("getEthBalance", user)
	require.NoError(t, err)
	data, err := a.Pack("aggregate3", []multicallCall{{multicall3, false, getBlock}, {multicall3, false, getBalance}})
	require.NoError(t, err)
	out, err := c.l2.CallContract(ctx, ethereum.CallMsg{To: &multicall3, Data: data}, at)
	require.NoError(t, err)
	var results []multicallResult
	require.NoError(t, a.UnpackIntoInterface(&results, "aggregate3", out))
	require.Len(t, results, 2)
	require.True(t, results[0].Success && results[1].Success)
	require.Equal(t, at, new(big.Int).SetBytes(results[0].ReturnData))
	want, err := c.l2.BalanceAt(ctx, user, at)
	require.NoError(t, err)
	require.Positive(t, want.Sign())
	require.Equal(t, want, new(big.Int).SetBytes(results[1].ReturnData))

	salt := crypto.Keccak256Hash([]byte("cairn preinstalls e2e"))
	proxy := execution.DeterministicDeploymentProxy
	byProxy := crypto.CreateAddress2(proxy, salt, crypto.Keccak256(returns42))
	deployed := deployAndCall(t, ctx, c, proxy, append(salt.Bytes(), returns42...))
	require.Equal(t, byProxy, common.BytesToAddress(deployed), "the proxy returns the address")
	requireReturns42(t, ctx, c, byProxy)

	bySingleton := crypto.CreateAddress2(singletonFactory, salt, crypto.Keccak256(returns42))
	data, err = a.Pack("deploy", returns42, salt)
	require.NoError(t, err)
	deployed = deployAndCall(t, ctx, c, singletonFactory, data)
	require.Equal(t, common.BytesToHash(bySingleton.Bytes()), common.BytesToHash(deployed))
	requireReturns42(t, ctx, c, bySingleton)
}

// deployAndCall calls a factory (eth_call: what it would return), then
// sends the same call from a dev account and checks that it succeeds.
func deployAndCall(t *testing.T, ctx context.Context, c *chain, factory common.Address, data []byte) []byte {
	t.Helper()
	from := crypto.PubkeyToAddress(devnetUser(2).PublicKey)
	ret, err := c.l2.CallContract(ctx, ethereum.CallMsg{From: from, To: &factory, Data: data}, nil)
	require.NoError(t, err)
	r := send(t, c.l2, devnetUser(2), factory, new(big.Int), data)
	require.Equal(t, types.ReceiptStatusSuccessful, r.Status)
	return ret
}

func requireReturns42(t *testing.T, ctx context.Context, c *chain, addr common.Address) {
	t.Helper()
	code, err := c.l2.CodeAt(ctx, addr, nil)
	require.NoError(t, err)
	require.Equal(t, common.FromHex("0x602a60005260206000f3"), code)
	out, err := c.l2.CallContract(ctx, ethereum.CallMsg{To: &addr}, nil)
	require.NoError(t, err)
	require.Equal(t, common.BigToHash(big.NewInt(42)).Bytes(), out)
}
