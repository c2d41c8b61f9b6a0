package devchain

import (
	"context"
	"log/slog"
	"math/big"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/stretchr/testify/require"
)

func TestDevChainMinesATransferOverHTTP(t *testing.T) {
	c, err := Start(Config{HTTPAddr: "127.0.0.1:0"}, slog.New(slog.DiscardHandler))
	require.NoError(t, err)
	defer c.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()

	cl, err := ethclient.DialContext(ctx, c.URL())
	require.NoError(t, err)
	id, err := cl.ChainID(ctx)
	require.NoError(t, err)
	require.Equal(t, int64(ChainID), id.Int64())

	key := DevKeys()[0]
	from := crypto.PubkeyToAddress(key.PublicKey)
	to := common.HexToAddress("0x1234")
	nonce, err := cl.PendingNonceAt(ctx, from)
	require.NoError(t, err)
	tip := big.NewInt(1e9)
	tx := types.MustSignNewTx(key, types.LatestSignerForChainID(id), &types.DynamicFeeTx{
		ChainID: id, Nonce: nonce, GasTipCap: tip, GasFeeCap: big.NewInt(100e9), Gas: 21000, To: &to, Value: big.NewInt(7)})
	require.NoError(t, cl.SendTransaction(ctx, tx))
	for {
		r, err := cl.TransactionReceipt(ctx, tx.Hash())
		if err == nil {
			require.Equal(t, types.ReceiptStatusSuccessful, r.Status)
			break
		}
		select {
		case <-ctx.Done():
			t.Fatal("transfer never mined")
		case <-time.After(20 * time.Millisecond):
		}
	}
	bal, err := cl.BalanceAt(ctx, to, nil)
	require.NoError(t, err)
	require.Equal(t, int64(7), bal.Int64())
}

func TestDevKeysAreStable(t *testing.T) {
	a, b := DevKeys(), DevKeys()
	require.Len(t, a, 11) // 0 operator, 1 prover, 2-7 users, 8-9 proving networks, 10 proof sender
	for i := range a {
		require.Equal(t, crypto.FromECDSA(a[i]), crypto.FromECDSA(b[i]))
	}
	require.NotEqual(t, crypto.FromECDSA(a[0]), crypto.FromECDSA(a[1]))
}

func TestBusyPortIsAClearError(t *testing.T) {
	c, err := Start(Config{HTTPAddr: "127.0.0.1:0"}, slog.New(slog.DiscardHandler))
	require.NoError(t, err)
	defer c.Close()
	addr := c.URL()[len("http://"):]
	_, err = Start(Config{HTTPAddr: addr}, slog.New(slog.DiscardHandler))
	require.ErrorContains(t, err, "already in use")
}

func TestForkReorgsTheChain(t *testing.T) {
	for _, drop := range []bool{false, true} {
		t.Run(map[bool]string{false: "transactions mined again", true: "transactions dropped"}[drop], func(t *testing.T) {
			c, err := Start(Config{HTTPAddr: "127.0.0.1:0"}, slog.New(slog.DiscardHandler))
			require.NoError(t, err)
			defer c.Close()
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			cl := c.Client()
			defer cl.Close()

			require.NoError(t, c.AdjustTime(1))
			base, err := cl.HeaderByNumber(ctx, nil)
			require.NoError(t, err)
			key := DevKeys()[0]
			to := common.HexToAddress("0x4321")
			tx := types.MustSignNewTx(key, types.LatestSignerForChainID(big.NewInt(ChainID)), &types.DynamicFeeTx{
				ChainID: big.NewInt(ChainID), Nonce: 0, GasTipCap: big.NewInt(1e9), GasFeeCap: big.NewInt(100e9), Gas: 21000, To: &to, Value: big.NewInt(7)})
			require.NoError(t, cl.SendTransaction(ctx, tx))
			mined := waitReceipt(ctx, t, cl, tx.Hash())
			require.Greater(t, mined.BlockNumber.Uint64(), base.Number.Uint64())

			require.NoError(t, c.Fork(base.Hash(), drop))
			if drop {
				require.NoError(t, c.AdjustTime(1))
				atBase, err := cl.HeaderByNumber(ctx, base.Number)
				require.NoError(t, err)
				require.Equal(t, base.Hash(), atBase.Hash(), "the fork point stays")
				next, err := cl.HeaderByNumber(ctx, new(big.Int).Add(base.Number, big.NewInt(1)))
				require.NoError(t, err)
				require.Equal(t, base.Hash(), next.ParentHash)
				require.NotEqual(t, mined.BlockHash, next.Hash(), "a new block took the height")
				_, err = cl.TransactionReceipt(ctx, tx.Hash())
				require.Error(t, err, "the transaction left the chain")
				bal, err := cl.BalanceAt(ctx, to, nil)
				require.NoError(t, err)
				require.Zero(t, bal.Sign())
				return
			}
			// Mined again, in a block of the new chain.
			var again *types.Receipt
			for again == nil || again.BlockHash == mined.BlockHash {
				again = waitReceipt(ctx, t, cl, tx.Hash())
				time.Sleep(5 * time.Millisecond)
			}
			require.NotEqual(t, mined.BlockHash, again.BlockHash)
		})
	}
}

func waitReceipt(ctx context.Context, t *testing.T, cl *ethclient.Client, h common.Hash) *types.Receipt {
	t.Helper()
	for {
		if r, err := cl.TransactionReceipt(ctx, h); err == nil {
			return r
		}
		select {
		case <-ctx.Done():
			t.Fatalf("%s never mined", h)
		case <-time.After(10 * time.Millisecond):
		}
	}
}

func TestGasLimitKeptByTheBlocks(t *testing.T) {
	const limit = 123_000_000
	c, err := Start(Config{HTTPAddr: "127.0.0.1:0", GasLimit: limit}, slog.New(slog.DiscardHandler))
	require.NoError(t, err)
	defer c.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cl := c.Client()
	defer cl.Close()
	g, err := cl.HeaderByNumber(ctx, big.NewInt(0))
	require.NoError(t, err)
	require.Equal(t, uint64(limit), g.GasLimit)
	// Blocks built on it keep the limit (the miner's ceiling is the same).
	for range 3 {
		require.NoError(t, c.AdjustTime(1))
	}
	head, err := cl.HeaderByNumber(ctx, nil)
	require.NoError(t, err)
	require.Equal(t, uint64(3), head.Number.Uint64())
	require.Equal(t, uint64(limit), head.GasLimit)
}
