package execution

import (
	"context"
	"errors"
	"log/slog"
	"math/big"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/ethereum/go-ethereum/rpc"
	"github.com/stretchr/testify/require"
)

// logInitCode is a contract creation whose constructor emits LOG0 with the
// 32-byte word 42 as data, and deploys no code.
var logInitCode = common.FromHex("602a60005260206000a000")

// wsTimeout bounds each wait for a notification.
const wsTimeout = 10 * time.Second

func dialWS(t *testing.T, url string) (*rpc.Client, *ethclient.Client) {
	t.Helper()
	require.True(t, strings.HasPrefix(url, "ws://127.0.0.1:"), url)
	require.False(t, strings.HasSuffix(url, ":0"), "the bound port must be reported: %s", url)
	c, err := rpc.DialContext(context.Background(), url)
	require.NoError(t, err)
	t.Cleanup(c.Close)
	return c, ethclient.NewClient(c)
}

func recv[T any](t *testing.T, ch <-chan T, sub ethereum.Subscription) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case err := <-sub.Err():
		t.Fatalf("subscription ended: %v", err)
	case <-time.After(wsTimeout):
		t.Fatal("no notification")
	}
	panic("unreachable")
}

// On a listener of its own (here without HTTP), newHeads announces the
// blocks made head, in order, and never a block imported beside the
// chain; logs and newPendingTransactions see a transaction sent over the
// same connection.
func TestWebSocketSubscriptions(t *testing.T) {
	e := startGeth(t, Config{WSAddr: "127.0.0.1:0"})
	require.Empty(t, e.HTTPEndpoint())
	rc, client := dialWS(t, e.WSEndpoint())
	ctx := context.Background()

	heads := make(chan *types.Header, 16)
	hsub, err := client.SubscribeNewHead(ctx, heads)
	require.NoError(t, err)
	defer hsub.Unsubscribe()
	logs := make(chan types.Log, 16)
	lsub, err := client.SubscribeFilterLogs(ctx, ethereum.FilterQuery{}, logs)
	require.NoError(t, err)
	defer lsub.Unsubscribe()
	pending := make(chan common.Hash, 16)
	psub, err := rc.EthSubscribe(ctx, pending, "newPendingTransactions")
	require.NoError(t, err)
	defer psub.Unsubscribe()

	for i := 0; i < 3; i++ {
		// A sibling of the next block, imported and never made head.
		side, err := e.BuildBlock(ctx, e.Head().Hash(), BuildAttrs{Timestamp: e.Head().Time + 2, FeeRecipient: common.HexToAddress("0x51de")})
		require.NoError(t, err)
		_, err = e.ImportBlock(ctx, side)
		require.NoError(t, err)
		b, _ := advance(t, e, nil)
		require.NotEqual(t, side.Hash(), b.Hash())
		h := recv(t, heads, hsub)
		require.Equal(t, b.Hash(), h.Hash(), "head %d", i+1)
		require.Equal(t, uint64(i+1), h.Number.Uint64())
	}

	tx := deployTx(t, e, 0)
	require.NoError(t, client.SendTransaction(ctx, tx))
	require.Equal(t, tx.Hash(), recv(t, pending, psub))
	b, _ := advance(t, e, nil)
	require.Equal(t, b.Hash(), recv(t, heads, hsub).Hash())
	l := recv(t, logs, lsub)
	require.Equal(t, crypto.CreateAddress(addrA, 0), l.Address)
	require.Equal(t, tx.Hash(), l.TxHash)
	require.Equal(t, b.Hash(), l.BlockHash)
	require.Equal(t, common.LeftPadBytes([]byte{42}, 32), l.Data)

	// Closing the engine ends the connection's subscriptions.
	require.NoError(t, e.Close())
	select {
	case <-hsub.Err():
	case <-time.After(wsTimeout):
		t.Fatal("the subscription outlived the engine")
	}
}

func deployTx(t *testing.T, e *Geth, nonce uint64) *types.Transaction {
	t.Helper()
	tx, err := types.SignNewTx(keyA, types.LatestSigner(e.ChainConfig()), &types.DynamicFeeTx{
		ChainID: e.ChainConfig().ChainID, Nonce: nonce, GasTipCap: gwei, GasFeeCap: new(big.Int).Mul(big.NewInt(10), gwei),
		Gas: 100_000, Data: logInitCode,
	})
	require.NoError(t, err)
	return tx
}

// WSAddr equal to HTTPAddr serves both on one listener.
func TestWebSocketOnHTTPPort(t *testing.T) {
	e := startGeth(t, Config{HTTPAddr: "127.0.0.1:0", WSAddr: "127.0.0.1:0"})
	require.Equal(t, strings.TrimPrefix(e.HTTPEndpoint(), "http://"), strings.TrimPrefix(e.WSEndpoint(), "ws://"))
	_, client := dialWS(t, e.WSEndpoint())
	ctx := context.Background()
	heads := make(chan *types.Header, 4)
	sub, err := client.SubscribeNewHead(ctx, heads)
	require.NoError(t, err)
	defer sub.Unsubscribe()
	b, _ := advance(t, e, nil)
	require.Equal(t, b.Hash(), recv(t, heads, sub).Hash())

	httpClient, err := ethclient.DialContext(ctx, e.HTTPEndpoint())
	require.NoError(t, err)
	defer httpClient.Close()
	n, err := httpClient.BlockNumber(ctx)
	require.NoError(t, err)
	require.Equal(t, uint64(1), n)
}

func TestWebSocketOffAndBadAddress(t *testing.T) {
	e := startGeth(t, Config{HTTPAddr: "127.0.0.1:0"})
	require.Empty(t, e.WSEndpoint())

	_, err := New(Config{Genesis: testGenesis(), WSAddr: "localhost"}, slog.New(slog.DiscardHandler))
	require.ErrorContains(t, err, `websocket address "localhost"`)
	_, err = New(Config{Genesis: testGenesis(), WSAddr: "127.0.0.1:70000"}, nil)
	require.ErrorContains(t, err, "bad port")

	taken, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer taken.Close()
	busy, err := New(Config{Genesis: testGenesis(), WSAddr: taken.Addr().String()}, nil)
	require.NoError(t, err)
	defer busy.Close()
	err = busy.Start()
	require.ErrorIs(t, err, ErrWebSocket)
	var op *net.OpError
	require.True(t, errors.As(err, &op) && op.Op == "listen", "%v", err)
}
