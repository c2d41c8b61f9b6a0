package contracts_test

import (
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/stretchr/testify/require"

	"github.com/cairn-rollup/cairn/l1/bindings"
)

// TestBridgeFundGenesis: only the admin may lock genesis-backing ETH; it
// emits GenesisFunded, holds the ETH and creates no deposit.
func TestBridgeFundGenesis(t *testing.T) {
	e := newEnv(t)
	b := e.bridge
	_, err := e.send(e.bridgeC, e.stranger, ether(1), b.PackFundGenesis())
	requireRevert(t, err, b, &bindings.BridgeNotAdmin{Caller: e.stranger.addr})
	_, err = e.send(e.bridgeC, e.operator, ether(1), b.PackFundGenesis())
	requireRevert(t, err, b, &bindings.BridgeNotAdmin{Caller: e.operator.addr})
	_, err = e.send(e.bridgeC, e.admin, nil, b.PackFundGenesis())
	requireRevert(t, err, b, &bindings.BridgeInvalidDepositAmount{Amount: big.NewInt(0)})
	require.Zero(t, e.balance(e.addrs.Bridge).Sign())

	r := e.mustSend(e.bridgeC, e.admin, ether(5), b.PackFundGenesis())
	require.Len(t, r.Logs, 1)
	ev, err := b.UnpackGenesisFundedEvent(r.Logs[0])
	require.NoError(t, err)
	require.Equal(t, e.admin.addr, ev.From)
	require.Equal(t, ether(5), ev.Amount)
	require.Equal(t, ether(5), e.balance(e.addrs.Bridge))
	// Nothing is credited on L2: no deposit id, the deposit hash chain unchanged.
	require.Zero(t, call(t, e.bridgeC, b.PackLastDepositId(), b.UnpackLastDepositId).Sign())
}

// TestDeployBacksGenesisETH: deploy.Deploy with GenesisETH leaves exactly
// that much in the Bridge, announced by GenesisFunded.
func TestDeployBacksGenesisETH(t *testing.T) {
	e := newEnvBacking(t, nil, ether(3_000))
	require.Equal(t, ether(3_000), e.balance(e.addrs.Bridge))
	require.Zero(t, call(t, e.bridgeC, e.bridge.PackLastDepositId(), e.bridge.UnpackLastDepositId).Sign())
}

// ledger is what the ETH claimable on L1 is made of: the L2 balances that
// can still be withdrawn (genesis accounts' and depositors') and the
// withdrawals of verified batches not claimed yet.
type ledger struct {
	l2        map[common.Address]*big.Int
	unclaimed *big.Int
}

func (l *ledger) claimable() *big.Int {
	sum := new(big.Int).Set(l.unclaimed)
	for _, v := range l.l2 {
		sum.Add(sum, v)
	}
	return sum
}

// withdraw moves an L2 balance into a verified, unclaimed withdrawal.
func (l *ledger) withdraw(from common.Address, amount *big.Int) {
	l.l2[from] = new(big.Int).Sub(l.l2[from], amount)
	l.unclaimed = new(big.Int).Add(l.unclaimed, amount)
}

// TestBridgeSolvency: with the genesis ETH backed at deploy, the ETH
// claimable on L1 never exceeds the Bridge's balance: a funded genesis
// account withdraws and claims all its ETH, and a depositor's deposit stays
// claimable in full. Without the backing, the genesis account's claim is
// paid out of the depositor's ETH and the depositor cannot claim.
func TestBridgeSolvency(t *testing.T) {
	genesisAcct, depositor := common.HexToAddress("0x6e5e515"), common.HexToAddress("0xde9051")
	genesisETH := ether(1_000)
	e := newEnvBacking(t, nil, genesisETH)
	l := &ledger{l2: map[common.Address]*big.Int{genesisAcct: genesisETH}, unclaimed: new(big.Int)}
	solvent := func(when string) {
		t.Helper()
		require.LessOrEqualf(t, l.claimable().Cmp(e.balance(e.addrs.Bridge)), 0,
			"%s: claimable %s > Bridge balance %s", when, l.claimable(), e.balance(e.addrs.Bridge))
	}
	solvent("after deploy")
	e.deposit(e.user, depositor, ether(100))
	l.l2[depositor] = ether(100)
	solvent("after the deposit")

	wg := withdrawal{id: 1, from: genesisAcct, to: genesisAcct, amount: genesisETH}
	h, proofs := e.withdrawalBatch([]withdrawal{wg})
	e.mustVerify(h)
	l.withdraw(genesisAcct, genesisETH)
	solvent("genesis withdrawal verified")
	e.mustSend(e.bridgeC, e.stranger, nil, e.bridge.PackClaimWithdrawal(1, big.NewInt(1), wg.from, wg.to, wg.amount, proofs[0]))
	l.unclaimed.Sub(l.unclaimed, genesisETH)
	require.Equal(t, genesisETH, e.balance(genesisAcct))
	solvent("genesis withdrawal claimed")

	wd := withdrawal{id: 2, from: depositor, to: depositor, amount: ether(100)}
	h, proofs = e.withdrawalBatch([]withdrawal{wd})
	e.mustVerify(h)
	l.withdraw(depositor, ether(100))
	solvent("deposit withdrawal verified")
	e.mustSend(e.bridgeC, e.stranger, nil, e.bridge.PackClaimWithdrawal(2, big.NewInt(2), wd.from, wd.to, wd.amount, proofs[0]))
	l.unclaimed.Sub(l.unclaimed, ether(100))
	require.Equal(t, ether(100), e.balance(depositor))
	solvent("deposit withdrawal claimed")
	require.Zero(t, e.balance(e.addrs.Bridge).Sign())
}

// TestBridgeInsolventWithoutBacking is the defect the backing fixes: genesis
// ETH no deposit backs is paid out of a depositor's ETH.
func TestBridgeInsolventWithoutBacking(t *testing.T) {
	genesisAcct, depositor := common.HexToAddress("0x6e5e515"), common.HexToAddress("0xde9051")
	e := newEnv(t)
	e.deposit(e.user, depositor, ether(100))
	ws := []withdrawal{
		{id: 1, from: genesisAcct, to: genesisAcct, amount: ether(100)},
		{id: 2, from: depositor, to: depositor, amount: ether(100)},
	}
	h, proofs := e.withdrawalBatch(ws)
	e.mustVerify(h)
	e.mustSend(e.bridgeC, e.stranger, nil, e.bridge.PackClaimWithdrawal(1, big.NewInt(1), ws[0].from, ws[0].to, ws[0].amount, proofs[0]))
	_, err := e.claim(e.stranger, 1, ws[1], proofs[1])
	requireRevert(t, err, e.bridge, &bindings.BridgePaymentFailed{L1Recipient: depositor, Amount: ether(100)})
}
