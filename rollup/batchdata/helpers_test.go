package batchdata

import (
	"crypto/ecdsa"
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/holiman/uint256"
	"github.com/stretchr/testify/require"
)

const testChainID = 22476

// testKey is a fixed key: signatures are deterministic (RFC 6979).
func testKey(t testing.TB, i byte) *ecdsa.PrivateKey {
	k, err := crypto.ToECDSA(common.LeftPadBytes([]byte{1, i}, 32))
	require.NoError(t, err)
	return k
}

func sign(t testing.TB, tx types.TxData, unprotected bool) *types.Transaction {
	var signer types.Signer = types.LatestSignerForChainID(big.NewInt(testChainID))
	if unprotected {
		signer = types.HomesteadSigner{}
	}
	out, err := types.SignNewTx(testKey(t, 1), signer, tx)
	require.NoError(t, err)
	return out
}

// everyTxType is one transaction of each kind Cairn's L2 accepts, and
// edge values.
func everyTxType(t testing.TB) types.Transactions {
	to := common.HexToAddress("0x00000000000000000000000000000000000000aa")
	id := big.NewInt(testChainID)
	max := new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 256), big.NewInt(1))
	al := types.AccessList{{Address: to, StorageKeys: []common.Hash{{1}, {2}}}, {Address: common.Address{3}}}
	auth, err := types.SignSetCode(testKey(t, 2), types.SetCodeAuthorization{
		ChainID: *uint256.NewInt(testChainID), Address: common.Address{9}, Nonce: 7})
	require.NoError(t, err)
	anyChain, err := types.SignSetCode(testKey(t, 3), types.SetCodeAuthorization{Address: common.Address{8}, Nonce: 1 << 40})
	require.NoError(t, err)
	return types.Transactions{
		sign(t, &types.LegacyTx{Nonce: 0, GasPrice: big.NewInt(1e9), Gas: 21000, To: &to, Value: big.NewInt(1e18)}, false),
		sign(t, &types.LegacyTx{Nonce: 1, GasPrice: big.NewInt(1e11), Gas: 100000, To: &to, Value: big.NewInt(0), Data: []byte{1, 2, 3}}, true),
		sign(t, &types.LegacyTx{Nonce: 2, GasPrice: max, Gas: 1 << 62, Value: max, Data: []byte{0x60, 0}}, false), // creation
		sign(t, &types.AccessListTx{ChainID: id, Nonce: 3, GasPrice: big.NewInt(7), Gas: 50000, To: &to, Value: big.NewInt(120), AccessList: al}, false),
		sign(t, &types.DynamicFeeTx{ChainID: id, Nonce: 1 << 63, GasTipCap: big.NewInt(1), GasFeeCap: big.NewInt(2_000_000_123), Gas: 21000, To: &to,
			Value: big.NewInt(1_234_000)}, false),
		sign(t, &types.DynamicFeeTx{ChainID: id, Nonce: 5, GasTipCap: big.NewInt(0), GasFeeCap: big.NewInt(0), Gas: 3_000_000,
			Value: big.NewInt(10), Data: make([]byte, 300), AccessList: types.AccessList{}}, false), // creation
		sign(t, &types.SetCodeTx{ChainID: uint256.NewInt(testChainID), Nonce: 6, GasTipCap: uint256.NewInt(3), GasFeeCap: uint256.NewInt(5e9),
			Gas: 80000, To: to, Value: uint256.NewInt(5), AccessList: al, AuthList: []types.SetCodeAuthorization{auth, anyChain}}, false),
	}
}

// testBlocks are blocks with and without deposits and transactions.
func testBlocks(t testing.TB) []Block {
	txs := everyTxType(t)
	return []Block{
		{Timestamp: 1_700_000_000, FeeRecipient: common.Address{0xfe}, GasLimit: 100_000_000, Txs: txs[:3]},
		{Timestamp: 1_700_000_001, FeeRecipient: common.Address{0xfe}, GasLimit: 100_097_655, Deposits: 3},
		{Timestamp: 1_700_000_004, FeeRecipient: common.Address{0xfd}, GasLimit: 99_000_000, Deposits: 16, Txs: txs[3:],
			ExtraData: []byte("cairn"), BeaconRoot: common.Hash{0xbe}},
		{Timestamp: 1_700_000_005, FeeRecipient: common.Address{0xfe}, GasLimit: 99_000_000, Txs: types.Transactions{}},
	}
}

// requireSameBlocks checks that got holds want's blocks, every
// transaction byte for byte.
func requireSameBlocks(t testing.TB, want, got []Block) {
	require.Len(t, got, len(want))
	for i := range want {
		w, g := want[i], got[i]
		require.Equal(t, w.Timestamp, g.Timestamp, "block %d", i)
		require.Equal(t, w.FeeRecipient, g.FeeRecipient, "block %d", i)
		require.Equal(t, len(w.ExtraData), len(g.ExtraData), "block %d", i)
		require.Equal(t, string(w.ExtraData), string(g.ExtraData), "block %d", i)
		require.Equal(t, w.GasLimit, g.GasLimit, "block %d", i)
		require.Equal(t, w.BeaconRoot, g.BeaconRoot, "block %d", i)
		require.Equal(t, w.Deposits, g.Deposits, "block %d", i)
		require.Len(t, g.Txs, len(w.Txs), "block %d", i)
		for j := range w.Txs {
			wb, err := w.Txs[j].MarshalBinary()
			require.NoError(t, err)
			gb, err := g.Txs[j].MarshalBinary()
			require.NoError(t, err)
			require.Equal(t, wb, gb, "block %d tx %d", i, j)
			require.Equal(t, w.Txs[j].Hash(), g.Txs[j].Hash(), "block %d tx %d", i, j)
		}
	}
}

// compressed is a payload as Encode wraps one.
func compressed(t testing.TB, p []byte) []byte {
	enc, _, err := codecs()
	require.NoError(t, err)
	return enc.EncodeAll(p, []byte{Version})
}

// decompressed is the payload of an encoding.
func decompressed(t testing.TB, data []byte) []byte {
	_, dec, err := codecs()
	require.NoError(t, err)
	p, err := dec.DecodeAll(data[1:], nil)
	require.NoError(t, err)
	return p
}
