package e2e

import (
	"crypto/ecdsa"
	"math/big"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/stretchr/testify/require"

	"github.com/cairn-rollup/cairn/rollup"
)

// The devnet backs its dev accounts' L2 genesis ETH in the Bridge at
// deploy, so the ETH claimable on L1 (what L2 accounts could withdraw, plus
// verified withdrawals not claimed yet) never exceeds the Bridge's balance:
// a genesis account withdraws and claims nearly all its ETH, and a
// depositor's deposit stays claimable.
func TestGenesisETHIsBackedSoDepositsStayClaimable(t *testing.T) {
	c := startChain(t, 0)
	bridge := c.Genesis.Contracts.Bridge
	var genesisAccts []common.Address
	genesisETH := new(big.Int)
	for a, acc := range c.Genesis.L2.Alloc {
		if acc.Balance != nil && acc.Balance.Sign() > 0 {
			genesisAccts = append(genesisAccts, a)
			genesisETH.Add(genesisETH, acc.Balance)
		}
	}
	require.Positive(t, genesisETH.Sign())
	require.Equal(t, genesisETH, balance(t, c.l1, bridge), "the Bridge holds the genesis ETH before any deposit")

	depositor, _ := crypto.GenerateKey()
	depositorAddr := crypto.PubkeyToAddress(depositor.PublicKey)
	send(t, c.l1, devnetUser(4), bridge, ether(2), bridgeABI.PackDeposit(depositorAddr))
	eventually(t, time.Minute, "the deposit on L2", func() bool { return balance(t, c.l2, depositorAddr).Sign() > 0 })

	unclaimed := new(big.Int)
	solvent := func(when string) {
		t.Helper()
		claimable := new(big.Int).Set(unclaimed)
		for _, a := range append(genesisAccts, depositorAddr) {
			claimable.Add(claimable, balance(t, c.l2, a))
		}
		held := balance(t, c.l1, bridge)
		require.LessOrEqualf(t, claimable.Cmp(held), 0, "%s: claimable %s > Bridge balance %s", when, claimable, held)
	}
	solvent("after the deposit")

	g := devnetUser(5)
	all := new(big.Int).Sub(balance(t, c.l2, crypto.PubkeyToAddress(g.PublicKey)), ether(1)) // 1 ETH left for gas
	withdrawAndClaim(t, c, g, all, &unclaimed, solvent)
	solvent("the genesis account claimed")

	withdrawAndClaim(t, c, depositor, new(big.Int).Sub(ether(2), ether(0.01)), &unclaimed, solvent)
	solvent("the depositor claimed")
}

// withdrawAndClaim withdraws amount from key's L2 account to a fresh L1
// address, waits for its batch to be verified and claims it, checking
// solvency while the withdrawal is verified and unclaimed.
func withdrawAndClaim(t *testing.T, c *chain, key *ecdsa.PrivateKey, amount *big.Int, unclaimed **big.Int, solvent func(string)) {
	t.Helper()
	recipient := freshAddress()
	r := send(t, c.l2, key, rollup.L2BridgeAddress, amount, l2ABI.PackWithdraw(recipient))
	require.Equal(t, types.ReceiptStatusSuccessful, r.Status)
	var proofs []withdrawalProof
	eventually(t, time.Minute, "the withdrawal's batch to be sealed", func() bool {
		require.NoError(t, c.rpc.Call(&proofs, "cairn_getWithdrawalProof", r.TxHash))
		return len(proofs) == 1
	})
	p := proofs[0]
	eventually(t, 2*time.Minute, "the batch to be verified", func() bool { return c.lastVerified(t) >= uint64(p.BatchNumber) })
	*unclaimed = new(big.Int).Add(*unclaimed, amount)
	solvent("withdrawal verified, not claimed")
	send(t, c.l1, devnetUser(3), c.Genesis.Contracts.Bridge, nil, p.ClaimCalldata)
	*unclaimed = new(big.Int).Sub(*unclaimed, amount)
	require.Equal(t, amount, balance(t, c.l1, recipient))
}
