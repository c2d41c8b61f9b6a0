package execution

import (
	"context"
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/rpc"
	"github.com/stretchr/testify/require"
)

// eth_sendRawTransactionSync checks a transaction as the txpool does before
// it gossips it: a valid one is gossiped once and its receipt returned at
// inclusion; invalid ones are refused with geth's error and never gossiped.
func TestSendRawTransactionSyncChecksBeforeGossip(t *testing.T) {
	gossiped := make(chan common.Hash, 16)
	e := startGeth(t, Config{HTTPAddr: "127.0.0.1:0", OnLocalTx: func(tx *types.Transaction, _ []byte) {
		gossiped <- tx.Hash()
	}})
	ctx := context.Background()
	rc, err := rpc.DialContext(ctx, e.HTTPEndpoint())
	require.NoError(t, err)
	defer rc.Close()
	send := func(tx *types.Transaction) (map[string]interface{}, error) {
		raw, err := tx.MarshalBinary()
		require.NoError(t, err)
		var r map[string]interface{}
		return r, rc.CallContext(ctx, &r, "eth_sendRawTransactionSync", hexutil.Bytes(raw))
	}

	valid := transfer(t, e, keyA, 0, addrB, big.NewInt(1))
	type result struct {
		r   map[string]interface{}
		err error
	}
	done := make(chan result, 1)
	go func() {
		r, err := send(valid)
		done <- result{r, err}
	}()
	require.Equal(t, valid.Hash(), <-gossiped, "gossiped once it is in the pool")
	b, _ := advance(t, e, nil)
	require.Len(t, b.Transactions(), 1)
	res := <-done
	require.NoError(t, res.err)
	require.Equal(t, valid.Hash().Hex(), res.r["transactionHash"])
	require.Equal(t, b.Hash().Hex(), res.r["blockHash"])
	require.Equal(t, "0x1", res.r["status"])

	keyC, _ := crypto.ToECDSA(crypto.Keccak256([]byte("cairn execution test key C, unfunded")))
	underpriced, err := types.SignNewTx(keyA, types.LatestSigner(e.ChainConfig()), &types.DynamicFeeTx{
		ChainID: e.ChainConfig().ChainID, Nonce: 1, GasTipCap: big.NewInt(0), GasFeeCap: big.NewInt(0), Gas: 21_000, To: &addrB, Value: big.NewInt(1),
	})
	require.NoError(t, err)
	otherChain, err := types.SignNewTx(keyA, types.LatestSignerForChainID(big.NewInt(testChainID+1)), &types.DynamicFeeTx{
		ChainID: big.NewInt(testChainID + 1), Nonce: 1, GasTipCap: gwei, GasFeeCap: new(big.Int).Mul(big.NewInt(10), gwei), Gas: 21_000, To: &addrB, Value: big.NewInt(1),
	})
	require.NoError(t, err)
	for name, tc := range map[string]struct {
		tx   *types.Transaction
		want string
	}{
		"nonce too low":      {transfer(t, e, keyA, 0, addrB, big.NewInt(1)), "nonce too low"},
		"underpriced":        {underpriced, "gas price below minimum"},
		"insufficient funds": {transfer(t, e, keyC, 0, addrB, big.NewInt(1)), "insufficient funds"},
		"bad signature":      {otherChain, "invalid sender"},
		"blob":               {blobTx(t, e), ErrBlobTx.Error()},
	} {
		_, err := send(tc.tx)
		require.ErrorContains(t, err, tc.want, name)
	}
	select {
	case h := <-gossiped:
		t.Fatalf("an invalid transaction was gossiped: %s", h)
	default:
	}
}

// When no block includes it within the client's timeout, the Sync method
// answers geth's timeout error (code 4, the hash as data); the transaction
// stays in the pool and was gossiped once.
func TestSendRawTransactionSyncTimesOut(t *testing.T) {
	gossiped := make(chan common.Hash, 4)
	e := startGeth(t, Config{HTTPAddr: "127.0.0.1:0", OnLocalTx: func(tx *types.Transaction, _ []byte) {
		gossiped <- tx.Hash()
	}})
	ctx := context.Background()
	rc, err := rpc.DialContext(ctx, e.HTTPEndpoint())
	require.NoError(t, err)
	defer rc.Close()
	tx := transfer(t, e, keyA, 0, addrB, big.NewInt(1))
	raw, err := tx.MarshalBinary()
	require.NoError(t, err)
	var r map[string]interface{}
	err = rc.CallContext(ctx, &r, "eth_sendRawTransactionSync", hexutil.Bytes(raw), uint64(1))
	var rpcErr rpc.Error
	require.ErrorAs(t, err, &rpcErr)
	require.Equal(t, 4, rpcErr.ErrorCode())
	var dataErr rpc.DataError
	require.ErrorAs(t, err, &dataErr)
	require.Equal(t, tx.Hash().Hex(), dataErr.ErrorData())
	require.Equal(t, tx.Hash(), <-gossiped)
	require.Len(t, gossiped, 0)
	require.True(t, e.eth.TxPool().Has(tx.Hash()))
}
