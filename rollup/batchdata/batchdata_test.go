package batchdata

import (
	"bytes"
	"math/big"
	mrand "math/rand"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/params"
	"github.com/ethereum/go-ethereum/trie"
	"github.com/holiman/uint256"
	"github.com/stretchr/testify/require"
)

func TestRoundTripEveryTxType(t *testing.T) {
	txs := everyTxType(t)
	seen := map[byte]bool{}
	for _, tx := range txs {
		seen[tx.Type()] = true
	}
	require.Len(t, seen, 4, "legacy, access list, dynamic fee and set-code")
	require.False(t, txs[1].Protected(), "an unprotected legacy transaction is among them")
	for i, tx := range txs {
		blocks := []Block{{Timestamp: 1, GasLimit: 30e6, Txs: types.Transactions{tx}}}
		data, err := Encode(blocks)
		require.NoError(t, err, "tx %d", i)
		got, err := Decode(data)
		require.NoError(t, err, "tx %d", i)
		requireSameBlocks(t, blocks, got)
	}
}

func TestRoundTripBlocks(t *testing.T) {
	for name, blocks := range map[string][]Block{
		"mixed":         testBlocks(t),
		"none":          nil,
		"one empty":     {{Timestamp: 5}},
		"deposits only": {{Timestamp: 5, Deposits: 1}, {Timestamp: 6, Deposits: MaxDeposits}},
		"gas limit max": {{Timestamp: 1, GasLimit: ^uint64(0)}, {Timestamp: 2, GasLimit: 0}, {Timestamp: ^uint64(0), GasLimit: 1 << 63}},
	} {
		t.Run(name, func(t *testing.T) {
			data, err := Encode(blocks)
			require.NoError(t, err)
			require.Equal(t, Version, data[0])
			got, err := Decode(data)
			require.NoError(t, err)
			requireSameBlocks(t, blocks, got)
		})
	}
}

// TestFromBlockKeepsWhatTheHashNeeds rebuilds a header from a decoded
// Block and the fields execution derives: the hash is the block's.
func TestFromBlockKeepsWhatTheHashNeeds(t *testing.T) {
	txs := everyTxType(t)
	root, zero := common.Hash{0xbe}, uint64(0)
	ws := types.Withdrawals{{Index: 1, Address: common.Address{1}, Amount: 5}, {Index: 2, Address: common.Address{2}, Amount: 6}}
	h := &types.Header{Number: big.NewInt(9), ParentHash: common.Hash{1}, Root: common.Hash{2}, GasLimit: 30e6, GasUsed: 21000,
		Time: 77, Coinbase: common.Address{0xfe}, Extra: []byte("x"), MixDigest: common.Hash{3}, BaseFee: big.NewInt(7),
		ParentBeaconRoot: &root, ExcessBlobGas: &zero, BlobGasUsed: &zero, Difficulty: new(big.Int)}
	b := types.NewBlock(h, &types.Body{Transactions: txs, Withdrawals: ws}, nil, trie.NewStackTrie(nil))
	data, err := Encode([]Block{FromBlock(b)})
	require.NoError(t, err)
	got, err := Decode(data)
	require.NoError(t, err)
	d := got[0]
	require.EqualValues(t, 2, d.Deposits)
	rebuilt := &types.Header{Number: h.Number, ParentHash: h.ParentHash, Root: h.Root, GasLimit: d.GasLimit, GasUsed: h.GasUsed,
		Time: d.Timestamp, Coinbase: d.FeeRecipient, Extra: d.ExtraData, MixDigest: h.MixDigest, BaseFee: h.BaseFee,
		ParentBeaconRoot: &d.BeaconRoot, ExcessBlobGas: &zero, BlobGasUsed: &zero, Difficulty: new(big.Int)}
	rb := types.NewBlock(rebuilt, &types.Body{Transactions: d.Txs, Withdrawals: ws}, nil, trie.NewStackTrie(nil))
	require.Equal(t, b.Hash(), rb.Hash())
}

// TestEncodingIsFixed pins the bytes of a fixed batch: the same blocks give
// the same bytes on every machine and every run.
func TestEncodingIsFixed(t *testing.T) {
	a, err := Encode(testBlocks(t))
	require.NoError(t, err)
	b, err := Encode(testBlocks(t))
	require.NoError(t, err)
	require.Equal(t, a, b)
	require.Equal(t, "0x6a766d8bfe5eea8f6916226840b4a62fba7f8eb621335d0c75940bd2353a42ac", crypto.Keccak256Hash(a).Hex(), "%d bytes", len(a))
}

func TestEncodeRefuses(t *testing.T) {
	to := common.Address{1}
	blob := sign(t, &types.BlobTx{Gas: 21000, To: to, BlobHashes: []common.Hash{{1}}}, false)
	other := sign(t, &types.DynamicFeeTx{ChainID: big.NewInt(testChainID), Gas: 21000, To: &to}, false)
	otherSigned, err := types.SignNewTx(testKey(t, 1), types.LatestSignerForChainID(big.NewInt(1)),
		&types.DynamicFeeTx{ChainID: big.NewInt(1), Gas: 21000, To: &to})
	require.NoError(t, err)
	for name, tc := range map[string]struct {
		blocks []Block
		want   string
	}{
		"blob tx":         {[]Block{{Timestamp: 1, Txs: types.Transactions{blob}}}, "blob transactions never occur"},
		"two chain ids":   {[]Block{{Timestamp: 1, Txs: types.Transactions{other, otherSigned}}}, "chain id 1, the batch's transactions before it have 22476"},
		"timestamp same":  {[]Block{{Timestamp: 1}, {Timestamp: 1}}, "timestamp 1 not after the previous block's 1"},
		"timestamp back":  {[]Block{{Timestamp: 2}, {Timestamp: 1}}, "timestamp 1 not after"},
		"extra data":      {[]Block{{Timestamp: 1, ExtraData: make([]byte, params.MaximumExtraDataSize+1)}}, "extra data of 33 bytes"},
		"deposits":        {[]Block{{Timestamp: 1, Deposits: MaxDeposits + 1}}, "65537 deposits"},
		"too many blocks": {make([]Block, MaxBlocks+1), "65537 blocks"},
		"big legacy v":    {[]Block{{Timestamp: 1, Txs: types.Transactions{withV(t, 29)}}}, "neither 27/28 nor EIP-155"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := Encode(tc.blocks)
			require.ErrorContains(t, err, tc.want)
		})
	}
}

// withV is a legacy transaction with the given v.
func withV(t *testing.T, v int64) *types.Transaction {
	return types.NewTx(&types.LegacyTx{Gas: 21000, GasPrice: big.NewInt(1), V: big.NewInt(v), R: big.NewInt(1), S: big.NewInt(1)})
}

func TestEncodeRefusesOversizedPayload(t *testing.T) {
	to := common.Address{1}
	big := sign(t, &types.DynamicFeeTx{ChainID: big.NewInt(testChainID), Gas: 21000, To: &to, Data: make([]byte, MaxPayloadSize)}, false)
	_, err := Encode([]Block{{Timestamp: 1, Txs: types.Transactions{big}}})
	require.ErrorIs(t, err, ErrTooLarge)
	require.ErrorContains(t, err, "payload of")
}

func TestDecodeRoundTripsItsOwnPayload(t *testing.T) {
	data, err := Encode(testBlocks(t))
	require.NoError(t, err)
	blocks, err := Decode(data)
	require.NoError(t, err)
	p, err := payload(blocks)
	require.NoError(t, err)
	require.True(t, bytes.Equal(decompressed(t, data), p))
}

// BlockSize sums to the payload's columns, and MaxEncodedSize bounds the
// encoding, for compressible blocks and for random data zstd cannot
// shrink (the sealer relies on both to skip encodings).
func TestBlockSizesBoundTheEncoding(t *testing.T) {
	rng := mrand.New(mrand.NewSource(9))
	noise := make([]byte, 20_000)
	rng.Read(noise)
	to := common.Address{0xaa}
	random := sign(t, &types.DynamicFeeTx{ChainID: big.NewInt(testChainID), Nonce: 9, GasTipCap: big.NewInt(1), GasFeeCap: big.NewInt(2),
		Gas: 1_000_000, To: &to, Data: noise}, false)
	incompressible := []Block{{Timestamp: 5, GasLimit: 30_000_000, Txs: types.Transactions{random}}, {Timestamp: 6, GasLimit: 1}}
	for name, blocks := range map[string][]Block{"every kind": testBlocks(t), "incompressible": incompressible} {
		sum := 0
		for i := range blocks {
			var prev *Block
			if i > 0 {
				prev = &blocks[i-1]
			}
			n, err := BlockSize(prev, blocks[i])
			require.NoError(t, err)
			sum += n
		}
		p, err := payload(blocks)
		require.NoError(t, err)
		header := len(appendUvarint256(nil, uint256.NewInt(testChainID))) + len(appendUvarint(nil, uint64(len(blocks))))
		require.Equal(t, len(p), header+sum, name)
		data, err := Encode(blocks)
		require.NoError(t, err)
		bound, err := MaxEncodedSize(sum)
		require.NoError(t, err)
		require.LessOrEqual(t, len(data), bound, name)
		if name == "incompressible" {
			require.Less(t, bound, len(data)+100, "a tight bound where zstd stores the payload raw")
		}
	}
	_, err := BlockSize(&Block{Timestamp: 5}, Block{Timestamp: 5})
	require.ErrorContains(t, err, "not after")
}
