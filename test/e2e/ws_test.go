package e2e

import (
	"context"
	"math/big"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/ethereum/go-ethereum/rpc"
	"github.com/stretchr/testify/require"

	"github.com/cairn-rollup/cairn/devnet"
	"github.com/cairn-rollup/cairn/l1/bindings"
	"github.com/cairn-rollup/cairn/rollup"
)

// next is the next notification of a subscription, failing the test if
// the subscription ends or nothing comes within a minute.
func next[T any](t *testing.T, ch <-chan T, sub ethereum.Subscription, what string) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case err := <-sub.Err():
		t.Fatalf("%s: subscription ended: %v", what, err)
	case <-time.After(time.Minute):
		t.Fatalf("%s: no notification within a minute", what)
	}
	panic("unreachable")
}

// A dapp's WebSocket client on a devnet node: newHeads gives every final
// block in order (each the canonical block of its height over HTTP),
// newPendingTransactions the hash of a transaction sent, logs its
// L2Bridge WithdrawalInitiated event in the block that included it, and an
// ERC-20's Transfer on a subscription to the token's address.
func TestWebSocketSubscriptions(t *testing.T) {
	c := startChainWith(t, devnet.Config{Provers: -1, Market: devnet.Market{Disabled: true}, Validators: 1})
	url := c.Node.WSEndpoint()
	require.Regexp(t, `^ws://127\.0\.0\.1:[1-9][0-9]*$`, url)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute+wsHeads*2*time.Second)
	defer cancel()
	rc, err := rpc.DialContext(ctx, url)
	require.NoError(t, err)
	defer rc.Close()
	ws := ethclient.NewClient(rc)

	heads := make(chan *types.Header, 64)
	hsub, err := ws.SubscribeNewHead(ctx, heads)
	require.NoError(t, err)
	defer hsub.Unsubscribe()
	logs := make(chan types.Log, 16)
	lsub, err := ws.SubscribeFilterLogs(ctx, ethereum.FilterQuery{Addresses: []common.Address{rollup.L2BridgeAddress},
		Topics: [][]common.Hash{{rollup.WithdrawalInitiatedTopic}}}, logs)
	require.NoError(t, err)
	defer lsub.Unsubscribe()
	pending := make(chan common.Hash, 64)
	psub, err := rc.EthSubscribe(ctx, pending, "newPendingTransactions")
	require.NoError(t, err)
	defer psub.Unsubscribe()

	prev := next(t, heads, hsub, "newHeads")
	for range wsHeads - 1 {
		h := next(t, heads, hsub, "newHeads")
		require.Equal(t, prev.Number.Uint64()+1, h.Number.Uint64(), "consecutive")
		require.Equal(t, prev.Hash(), h.ParentHash)
		canon, err := c.l2.HeaderByNumber(ctx, h.Number)
		require.NoError(t, err)
		require.Equal(t, canon.Hash(), h.Hash(), "block %d is the final one", h.Number)
		prev = h
	}

	r := send(t, c.l2, devnetUser(0), rollup.L2BridgeAddress, ether(0.1), l2ABI.PackWithdraw(freshAddress()))
	for h := next(t, pending, psub, "newPendingTransactions"); h != r.TxHash; {
		h = next(t, pending, psub, "newPendingTransactions")
	}
	l := next(t, logs, lsub, "logs")
	require.Equal(t, r.TxHash, l.TxHash)
	require.Equal(t, r.BlockHash, l.BlockHash)
	require.False(t, l.Removed)
	for prev.Number.Cmp(r.BlockNumber) < 0 {
		h := next(t, heads, hsub, "newHeads")
		require.Equal(t, prev.Hash(), h.ParentHash, "no block skipped up to the withdrawal's")
		prev = h
	}
	require.Equal(t, r.BlockHash, prev.Hash())

	// An ERC-20's Transfer reaches a logs subscription on its address.
	user := devnetUser(1)
	usdc := bindings.NewTestUSDC()
	auth := bind.NewKeyedTransactor(user, new(big.Int).SetUint64(c.Genesis.L2ChainID()))
	token, tx, err := bind.DeployContract(auth, common.FromHex(bindings.TestUSDCMetaData.Bin), c.l2,
		usdc.PackConstructor(crypto.PubkeyToAddress(user.PublicKey)))
	require.NoError(t, err)
	_, err = bind.WaitDeployed(ctx, c.l2, tx.Hash())
	require.NoError(t, err)
	transfers := make(chan types.Log, 4)
	tsub, err := ws.SubscribeFilterLogs(ctx, ethereum.FilterQuery{Addresses: []common.Address{token},
		Topics: [][]common.Hash{{crypto.Keccak256Hash([]byte("Transfer(address,address,uint256)"))}}}, transfers)
	require.NoError(t, err)
	defer tsub.Unsubscribe()
	to := freshAddress()
	send(t, c.l2, user, token, nil, usdc.PackMint(crypto.PubkeyToAddress(user.PublicKey), big.NewInt(1000)))
	tr := send(t, c.l2, user, token, nil, usdc.PackTransfer(to, big.NewInt(250)))
	for l := next(t, transfers, tsub, "logs of the token"); ; l = next(t, transfers, tsub, "logs of the token") {
		if l.TxHash == tr.TxHash {
			require.Equal(t, common.BytesToAddress(l.Topics[2].Bytes()), to)
			require.Equal(t, big.NewInt(250), new(big.Int).SetBytes(l.Data))
			break
		}
	}
}
