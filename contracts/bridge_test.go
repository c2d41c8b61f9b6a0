package contracts_test

import (
	"context"
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/stretchr/testify/require"

	"github.com/cairn-rollup/cairn/l1/bindings"
)

func (e *env) deposit(from account, to common.Address, amount *big.Int) *types.Receipt {
	e.t.Helper()
	return e.mustSend(e.bridgeC, from, amount, e.bridge.PackDeposit(to))
}

func TestDepositRollingHashAndEvents(t *testing.T) {
	e := newEnv(t)
	b := e.bridge
	recipients := []common.Address{common.HexToAddress("0xaa"), common.HexToAddress("0xbb"), e.user.addr, common.HexToAddress("0xaa")}
	amounts := []*big.Int{ether(1), gwei(1), gwei(123456789), new(big.Int).Sub(ether(2), gwei(7))}

	var deps []depositRecord
	for i := range recipients {
		r := e.deposit(e.user, recipients[i], amounts[i])
		deps = append(deps, depositRecord{to: recipients[i], amount: amounts[i]})

		require.Len(t, r.Logs, 1)
		ev, err := b.UnpackDepositInitiatedEvent(r.Logs[0])
		require.NoError(t, err)
		require.Equal(t, uint64(i+1), ev.DepositId.Uint64())
		require.Equal(t, e.user.addr, ev.From)
		require.Equal(t, recipients[i], ev.To)
		require.Zero(t, amounts[i].Cmp(ev.Amount))
	}
	want := rollingDepositHashes(deps)
	require.Equal(t, uint64(len(deps)), call(t, e.bridgeC, b.PackLastDepositId(), b.UnpackLastDepositId).Uint64())
	for id, h := range want {
		got := call(t, e.bridgeC, b.PackDepositHash(big.NewInt(int64(id))), b.UnpackDepositHash)
		require.Equal(t, h, common.Hash(got), "depositHash[%d]", id)
	}
	require.Equal(t, common.Hash{}, want[0])

	total := new(big.Int)
	for _, a := range amounts {
		total.Add(total, a)
	}
	require.Zero(t, total.Cmp(e.balance(e.addrs.Bridge)))
}

func TestDepositAmountLimits(t *testing.T) {
	whale := newAccount(t)
	// 2^64 gwei is ~1.8e10 ether: fund an account in genesis that can send it.
	maxWei := new(big.Int).Mul(new(big.Int).Lsh(big.NewInt(1), 64), gwei(1))
	e := newEnvWithAlloc(t, types.GenesisAlloc{whale.addr: {Balance: new(big.Int).Mul(maxWei, big.NewInt(2))}})
	tooSmall := []*big.Int{big.NewInt(0), big.NewInt(1), new(big.Int).Sub(gwei(1), big.NewInt(1)), new(big.Int).Add(gwei(1), big.NewInt(1)), new(big.Int).Add(ether(1), big.NewInt(500))}
	for _, a := range append(tooSmall, maxWei, new(big.Int).Add(maxWei, gwei(1))) {
		_, err := e.send(e.bridgeC, whale, a, e.bridge.PackDeposit(e.user.addr))
		requireRevert(t, err, e.bridge, &bindings.BridgeInvalidDepositAmount{Amount: a})
	}
	require.Zero(t, call(t, e.bridgeC, e.bridge.PackLastDepositId(), e.bridge.UnpackLastDepositId).Sign())

	// Mined without gas estimation, a refused deposit fails on chain and changes nothing.
	o := e.opts(whale)
	o.Value, o.GasLimit = big.NewInt(1), 100_000
	tx, err := bind.Transact(e.bridgeC, o, e.bridge.PackDeposit(e.user.addr))
	require.NoError(t, err)
	r, err := e.backend.TransactionReceipt(context.Background(), tx.Hash())
	require.NoError(t, err)
	require.Equal(t, types.ReceiptStatusFailed, r.Status)
	require.Zero(t, call(t, e.bridgeC, e.bridge.PackLastDepositId(), e.bridge.UnpackLastDepositId).Sign())
	require.Zero(t, e.balance(e.addrs.Bridge).Sign())

	// The largest deposit allowed: 2^64 - 1 gwei.
	largest := new(big.Int).Sub(maxWei, gwei(1))
	e.deposit(whale, e.user.addr, largest)
	want := rollingDepositHashes([]depositRecord{{to: e.user.addr, amount: largest}})
	require.Equal(t, want[1], common.Hash(call(t, e.bridgeC, e.bridge.PackDepositHash(big.NewInt(1)), e.bridge.UnpackDepositHash)))
}

func TestBridgeSetProposer(t *testing.T) {
	e := newEnv(t)
	b := e.bridge

	// Deploy wired it once; it cannot be changed.
	_, err := e.send(e.bridgeC, e.admin, nil, b.PackSetProposer(e.stranger.addr))
	requireRevert(t, err, b, &bindings.BridgeProposerAlreadySet{Proposer: e.addrs.OnChainProposer})

	// A bare bridge: only its deployer may set the proposer, not to zero, once.
	bare := e.deployBareBridge(e.admin)
	_, err = e.send(bare, e.stranger, nil, b.PackSetProposer(e.addrs.OnChainProposer))
	requireRevert(t, err, b, &bindings.BridgeNotAdmin{Caller: e.stranger.addr})
	_, err = e.send(bare, e.admin, nil, b.PackSetProposer(common.Address{}))
	requireRevert(t, err, b, &bindings.BridgeZeroAddress{})
	// No proposer: withdrawals cannot be claimed.
	_, err = e.send(bare, e.user, nil, b.PackClaimWithdrawal(1, big.NewInt(1), e.user.addr, e.user.addr, big.NewInt(1), nil))
	requireRevert(t, err, b, &bindings.BridgeProposerNotSet{})

	r := e.mustSend(bare, e.admin, nil, b.PackSetProposer(e.addrs.OnChainProposer))
	ev, err := b.UnpackProposerSetEvent(r.Logs[0])
	require.NoError(t, err)
	require.Equal(t, e.addrs.OnChainProposer, ev.Proposer)
	require.Equal(t, e.addrs.OnChainProposer, call(t, bare, b.PackProposer(), b.UnpackProposer))
	_, err = e.send(bare, e.admin, nil, b.PackSetProposer(e.stranger.addr))
	requireRevert(t, err, b, &bindings.BridgeProposerAlreadySet{Proposer: e.addrs.OnChainProposer})
}

// deployBareBridge deploys a Bridge with no proposer.
func (e *env) deployBareBridge(from account) *bind.BoundContract {
	e.t.Helper()
	addr, tx, err := bind.DeployContract(e.opts(from), common.FromHex(bindings.BridgeMetaData.Bin), e.backend,
		e.bridge.PackConstructor(big.NewInt(l2ChainID)))
	require.NoError(e.t, err)
	r, err := e.backend.TransactionReceipt(context.Background(), tx.Hash())
	require.NoError(e.t, err)
	require.Equal(e.t, types.ReceiptStatusSuccessful, r.Status)
	return e.bridge.Instance(e.backend, addr)
}
