package batchdata_test

import (
	"context"
	"crypto/ecdsa"
	"log/slog"
	"math/big"
	"testing"

	"github.com/cairn-rollup/cairn/execution"
	"github.com/cairn-rollup/cairn/rollup/batchdata"
	"github.com/cairn-rollup/cairn/sequencer"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/params"
	"github.com/ethereum/go-ethereum/trie"
	"github.com/holiman/uint256"
	"github.com/stretchr/testify/require"
)

// TestCairnBuiltBlockRebuildsFromItsBatchData builds a block with Cairn's
// builder (every transaction type, a deposit), puts it through the batch
// data and rebuilds its header from the decoded fields and what execution
// derives: the block hash is the built one's.
func TestCairnBuiltBlockRebuildsFromItsBatchData(t *testing.T) {
	ctx := context.Background()
	key, _ := crypto.ToECDSA(crypto.Keccak256([]byte("cairn batchdata rebuild")))
	from := crypto.PubkeyToAddress(key.PublicKey)
	e, err := execution.New(execution.Config{Genesis: execution.NewGenesis(execution.GenesisParams{ChainID: 22476,
		Accounts: map[common.Address]*big.Int{from: big.NewInt(params.Ether)}, L2BridgeCode: []byte{0}})}, slog.New(slog.DiscardHandler))
	require.NoError(t, err)
	require.NoError(t, e.Start())
	t.Cleanup(func() { _ = e.Close() })
	for _, tx := range rebuildTxs(t, e.ChainConfig(), key) {
		require.NoError(t, e.SendTx(ctx, tx))
	}
	head := e.Head()
	number := head.Number.Uint64() + 1
	b, err := e.BuildBlock(ctx, head.Hash(), execution.BuildAttrs{Timestamp: head.Time + 1, FeeRecipient: common.HexToAddress("0xfee"),
		PrevRandao: sequencer.PrevRandao(number), Withdrawals: []*types.Withdrawal{{Index: 1, Address: common.Address{7}, Amount: 5}}})
	require.NoError(t, err)
	require.Len(t, b.Transactions(), 5)

	data, err := batchdata.Encode([]batchdata.Block{batchdata.FromBlock(b)})
	require.NoError(t, err)
	got, err := batchdata.Decode(data)
	require.NoError(t, err)
	d, h := got[0], b.Header()
	require.EqualValues(t, len(b.Withdrawals()), d.Deposits)
	rebuilt := &types.Header{
		// From the batch data.
		Time: d.Timestamp, Coinbase: d.FeeRecipient, Extra: d.ExtraData, GasLimit: d.GasLimit, ParentBeaconRoot: &d.BeaconRoot,
		// From the chain and the validity rules.
		ParentHash: head.Hash(), Number: new(big.Int).SetUint64(number), MixDigest: sequencer.PrevRandao(number),
		Difficulty: new(big.Int), UncleHash: types.EmptyUncleHash,
		// From execution.
		Root: h.Root, ReceiptHash: h.ReceiptHash, Bloom: h.Bloom, GasUsed: h.GasUsed, BaseFee: h.BaseFee,
		BlobGasUsed: h.BlobGasUsed, ExcessBlobGas: h.ExcessBlobGas, RequestsHash: h.RequestsHash,
		// From the decoded transactions and the L1 deposits.
		TxHash: types.DeriveSha(d.Txs, trie.NewStackTrie(nil)),
	}
	wh := types.DeriveSha(b.Withdrawals(), trie.NewStackTrie(nil))
	rebuilt.WithdrawalsHash = &wh
	require.Equal(t, b.Hash(), rebuilt.Hash())
}

// rebuildTxs are one transaction of each type Cairn's L2 accepts, nonces
// 0 to 4 of key.
func rebuildTxs(t *testing.T, cfg *params.ChainConfig, key *ecdsa.PrivateKey) types.Transactions {
	signer := types.LatestSigner(cfg)
	to, fee := common.Address{1}, big.NewInt(10*params.GWei)
	authority, _ := crypto.ToECDSA(crypto.Keccak256([]byte("cairn batchdata authority")))
	auth, err := types.SignSetCode(authority, types.SetCodeAuthorization{ChainID: *uint256.MustFromBig(cfg.ChainID), Address: common.Address{9}})
	require.NoError(t, err)
	var out types.Transactions
	for i, data := range []types.TxData{
		&types.LegacyTx{Nonce: 0, GasPrice: fee, Gas: 21000, To: &to, Value: big.NewInt(1e15)},
		&types.AccessListTx{ChainID: cfg.ChainID, Nonce: 2, GasPrice: fee, Gas: 30000, To: &to, AccessList: types.AccessList{{Address: to}}},
		&types.DynamicFeeTx{ChainID: cfg.ChainID, Nonce: 3, GasTipCap: big.NewInt(1), GasFeeCap: fee, Gas: 60000, Data: []byte{0x60, 0}},
		&types.SetCodeTx{ChainID: uint256.MustFromBig(cfg.ChainID), Nonce: 4, GasTipCap: uint256.NewInt(1), GasFeeCap: uint256.MustFromBig(fee),
			Gas: 100000, To: to, AuthList: []types.SetCodeAuthorization{auth}},
	} {
		s := signer
		if i == 0 {
			s = types.HomesteadSigner{} // unprotected (pre-EIP-155)
		}
		tx, err := types.SignNewTx(key, s, data)
		require.NoError(t, err)
		out = append(out, tx)
	}
	protected, err := types.SignNewTx(key, signer, &types.LegacyTx{Nonce: 1, GasPrice: fee, Gas: 21000, To: &to, Value: big.NewInt(1)})
	require.NoError(t, err)
	return append(out[:1], append(types.Transactions{protected}, out[1:]...)...)
}
