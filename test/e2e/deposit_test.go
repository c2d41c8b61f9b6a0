package e2e

import (
	"context"
	"math/big"
	"testing"
	"time"

	"github.com/cairn-rollup/cairn/config"
	"github.com/cairn-rollup/cairn/devnet"
	cairnrpc "github.com/cairn-rollup/cairn/rpc"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/stretchr/testify/require"
)

// A deposit has no L2 transaction, receipt or log: cairn_getDeposit,
// cairn_getDepositsByL1Tx and cairn_getDepositsByBlock are how a wallet or
// an explorer sees it go from pending to minted, in the block that holds
// it, and on to a verified batch.
func TestDepositIsVisibleThroughCairnRPC(t *testing.T) {
	// The watcher reads L1 every 2 s, so the deposit is most likely still
	// pending right after its L1 receipt (the test does not depend on it:
	// rpc/deposit_test.go covers each status).
	c := startChainWith(t, devnet.Config{Market: devnet.Market{Disabled: true}, Node: func(_ int, cfg *config.Config) {
		cfg.Watcher.CheckInterval = config.Duration{Duration: 2 * time.Second}
	}})
	user, to, amount := devnetUser(0), freshAddress(), ether(1.5)
	r := send(t, c.l1, user, c.Genesis.Contracts.Bridge, amount, bridgeABI.PackDeposit(to))
	require.Equal(t, types.ReceiptStatusSuccessful, r.Status)

	var d cairnrpc.Deposit
	require.NoError(t, c.rpc.Call(&d, "cairn_getDeposit", hexutil.Uint64(1)))
	require.True(t, d.Status == cairnrpc.DepositPending || d.Status == cairnrpc.DepositMinted, "status %q", d.Status)
	if d.Status == cairnrpc.DepositPending {
		require.Nil(t, d.BlockNumber)
	}
	checkL1Side(t, &d, crypto.PubkeyToAddress(user.PublicKey), to, amount, r)
	var byTx []cairnrpc.Deposit
	require.NoError(t, c.rpc.Call(&byTx, "cairn_getDepositsByL1Tx", r.TxHash))
	require.Len(t, byTx, 1)
	require.Equal(t, hexutil.Uint64(1), byTx[0].ID)

	eventually(t, time.Minute, "the deposit minted", func() bool {
		require.NoError(t, c.rpc.Call(&d, "cairn_getDeposit", hexutil.Uint64(1)))
		return d.Status == cairnrpc.DepositMinted
	})
	require.True(t, d.Seen)
	checkL1Side(t, &d, crypto.PubkeyToAddress(user.PublicKey), to, amount, r)
	n := uint64(*d.BlockNumber)
	block, err := c.l2.BlockByNumber(context.Background(), new(big.Int).SetUint64(n))
	require.NoError(t, err)
	require.Equal(t, block.Hash(), *d.BlockHash)
	require.Len(t, block.Withdrawals(), 1, "the block's withdrawals list mints it")
	require.Equal(t, uint64(1), block.Withdrawals()[0].Index)

	var inBlock, before []cairnrpc.Deposit
	require.NoError(t, c.rpc.Call(&inBlock, "cairn_getDepositsByBlock", hexutil.Uint64(n)))
	require.Len(t, inBlock, 1)
	require.Equal(t, hexutil.Uint64(1), inBlock[0].ID)
	require.Equal(t, d.BlockHash, inBlock[0].BlockHash)
	require.NoError(t, c.rpc.Call(&before, "cairn_getDepositsByBlock", hexutil.Uint64(n-1)))
	require.NotNil(t, before)
	require.Empty(t, before)
	require.NoError(t, c.rpc.Call(&inBlock, "cairn_getDepositsByBlock", block.Hash()))
	require.Len(t, inBlock, 1)

	ctx := context.Background()
	was, err := c.l2.BalanceAt(ctx, to, new(big.Int).SetUint64(n-1))
	require.NoError(t, err)
	now, err := c.l2.BalanceAt(ctx, to, new(big.Int).SetUint64(n))
	require.NoError(t, err)
	require.Equal(t, amount, new(big.Int).Sub(now, was), "the balance rose by the amount in that block")

	require.ErrorContains(t, c.rpc.Call(&d, "cairn_getDeposit", hexutil.Uint64(2)), "unknown deposit 2: the Bridge's last deposit is 1")
	require.ErrorContains(t, c.rpc.Call(&inBlock, "cairn_getDepositsByBlock", hexutil.Uint64(1<<40)), "block not found")
	require.ErrorContains(t, c.rpc.Call(&byTx, "cairn_getDepositsByL1Tx", common.HexToHash("0x99")), "L1 has no receipt")

	eventually(t, 3*time.Minute, "the deposit's batch verified", func() bool {
		require.NoError(t, c.rpc.Call(&d, "cairn_getDeposit", hexutil.Uint64(1)))
		return d.BatchStatus == cairnrpc.BatchVerified
	})
	require.NotNil(t, d.BatchNumber)
	var b cairnrpc.Batch
	require.NoError(t, c.rpc.Call(&b, "cairn_getBatch", *d.BatchNumber))
	require.True(t, uint64(b.FirstBlock) <= n && n <= uint64(b.LastBlock), "batch %d holds block %d", b.Number, n)
}

// checkL1Side checks what cairn_getDeposit says of a deposit's L1 side.
func checkL1Side(t *testing.T, d *cairnrpc.Deposit, from, to common.Address, amount *big.Int, r *types.Receipt) {
	t.Helper()
	require.Equal(t, hexutil.Uint64(1), d.ID)
	require.Equal(t, to, d.To)
	require.Equal(t, amount, d.Amount.ToInt())
	require.NotNil(t, d.From)
	require.Equal(t, from, *d.From)
	require.Equal(t, r.TxHash, *d.L1TxHash)
	require.Equal(t, hexutil.Uint64(r.BlockNumber.Uint64()), *d.L1Block)
}
