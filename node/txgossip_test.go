package node

import (
	"math/big"
	mrand "math/rand"
	"runtime"
	"testing"

	"github.com/cairn-rollup/cairn/execution"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/params"
	"github.com/ethereum/go-ethereum/rlp"
	"github.com/holiman/uint256"
	"github.com/stretchr/testify/require"
)

var testSigner = types.LatestSignerForChainID(big.NewInt(7))

func signedTransfers(t *testing.T, n int) ([]*types.Transaction, [][]byte) {
	t.Helper()
	key, err := crypto.GenerateKey()
	require.NoError(t, err)
	signer := types.LatestSignerForChainID(big.NewInt(7))
	to := common.HexToAddress("0xbe")
	var txs []*types.Transaction
	var raws [][]byte
	for i := 0; i < n; i++ {
		tx := types.MustSignNewTx(key, signer, &types.DynamicFeeTx{ChainID: big.NewInt(7), Nonce: uint64(i),
			GasTipCap: big.NewInt(1), GasFeeCap: big.NewInt(params.GWei), Gas: params.TxGas, To: &to, Value: big.NewInt(1)})
		raw, err := tx.MarshalBinary()
		require.NoError(t, err)
		txs, raws = append(txs, tx), append(raws, raw)
	}
	return txs, raws
}

// batchOf builds a tx-topic message the way publishTxs does.
func batchOf(t *testing.T, prefix byte, raws ...[]byte) []byte {
	t.Helper()
	msg := []byte{prefix}
	for _, r := range raws {
		enc, err := rlp.EncodeToBytes(r)
		require.NoError(t, err)
		msg = append(msg, enc...)
	}
	return msg
}

func TestTxBatchRoundTrip(t *testing.T) {
	txs, raws := signedTransfers(t, 3)
	got, err := decodeTxBatch(batchOf(t, 9, raws...), testSigner)
	require.NoError(t, err)
	require.Len(t, got, 3)
	for i := range txs {
		require.Equal(t, txs[i].Hash(), got[i].Hash())
	}
}

func TestTxBatchRefusesMalformedMessages(t *testing.T) {
	_, raws := signedTransfers(t, 1)
	blob := types.NewTx(&types.BlobTx{ChainID: uint256.NewInt(7), GasTipCap: uint256.NewInt(1), GasFeeCap: uint256.NewInt(1),
		BlobFeeCap: uint256.NewInt(1), Gas: params.TxGas, BlobHashes: []common.Hash{{1}}})
	blobRaw, err := blob.MarshalBinary()
	require.NoError(t, err)
	tooMany := make([][]byte, maxTxBatchCount+1)
	for i := range tooMany {
		tooMany[i] = raws[0]
	}
	listOfTx, err := rlp.EncodeToBytes([][]byte{raws[0]})
	require.NoError(t, err)
	for name, msg := range map[string][]byte{
		"nil":                   nil,
		"prefix only":           {1},
		"truncated string":      batchOf(t, 1, raws[0])[:20],
		"empty string":          {1, 0x80},
		"a list, not a string":  append([]byte{1}, listOfTx...),
		"not a transaction":     batchOf(t, 1, []byte{0x02, 0xc0}),
		"a blob transaction":    batchOf(t, 1, raws[0], blobRaw),
		"a valid one then junk": append(batchOf(t, 1, raws[0]), 0xff),
		"over the count bound":  batchOf(t, 1, tooMany...),
	} {
		_, err := decodeTxBatch(msg, testSigner)
		require.ErrorIs(t, err, errTxBatch, name)
	}
	_, err = decodeTxBatch(batchOf(t, 1, blobRaw), testSigner)
	require.ErrorIs(t, err, execution.ErrBlobTx)
}

// The decoder allocates in proportion to what it reads, whatever the shape.
func TestTxBatchDecodeAllocationIsBounded(t *testing.T) {
	_, raws := signedTransfers(t, 1)
	for name, msg := range map[string][]byte{
		"many empty strings": append([]byte{1}, make([]byte, maxTxBatchBytes-1)...),
		"many transfers": batchOf(t, 1, func() [][]byte {
			r := make([][]byte, maxTxBatchCount)
			for i := range r {
				r[i] = raws[0]
			}
			return r
		}()...),
	} {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		_, _ = decodeTxBatch(msg, testSigner)
		runtime.ReadMemStats(&after)
		bytes := after.TotalAlloc - before.TotalAlloc
		require.LessOrEqual(t, bytes, uint64(16*len(msg)+32<<10), "%s: %d bytes allocated for %d bytes in", name, bytes, len(msg))
	}
}

// A message of transactions with forged signatures is refused at the first
// one whose sender does not recover: the receiver pays one decoding and one
// recovery, and the p2p layer rejects and penalizes the sender.
func TestTxBatchForgedSignaturesRefused(t *testing.T) {
	_, raws := signedTransfers(t, 1)
	msg := forgedMessage(t, maxTxBatchCount)
	_, err := decodeTxBatch(msg, testSigner)
	require.ErrorIs(t, err, errTxBatch)
	require.ErrorContains(t, err, "transaction 0: sender")

	// After a valid one: refused at the second, having decoded two.
	valid := batchOf(t, 1, raws[0])
	_, err = decodeTxBatch(append(valid, msg[1:]...), testSigner)
	require.ErrorContains(t, err, "transaction 1: sender")
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, _ = decodeTxBatch(msg, testSigner)
	runtime.ReadMemStats(&after)
	require.Less(t, after.TotalAlloc-before.TotalAlloc, uint64(len(msg)/8), "the rest of the message is not decoded")
}

func TestTxBatchCost(t *testing.T) {
	_, raws := signedTransfers(t, 5)
	require.Equal(t, 5, txBatchCost(batchOf(t, 1, raws...)))
	require.Equal(t, 1, txBatchCost(nil))
	require.Equal(t, 1, txBatchCost([]byte{1}))
	require.Equal(t, 2, txBatchCost(append(batchOf(t, 1, raws[:2]...), 0xff)), "counted up to what splits")
}

// forgedMessage is a tx-topic message of n transfers whose signatures are
// in range (low s) but recover no key: the costliest kind to refuse, each
// costs the receiver a full recovery attempt.
func forgedMessage(tb testing.TB, n int) []byte {
	tb.Helper()
	signer := testSigner
	to := common.HexToAddress("0xbe")
	rng := mrand.New(mrand.NewSource(3))
	msg := []byte{1}
	for len(msg) == 1 || txBatchCost(msg) < n {
		sig := make([]byte, 65)
		rng.Read(sig[:64])
		sig[32] &= 0x7f // s under n/2: passes the range check
		tx, err := types.NewTx(&types.DynamicFeeTx{ChainID: big.NewInt(7), Nonce: uint64(len(msg)), GasTipCap: big.NewInt(1),
			GasFeeCap: big.NewInt(params.GWei), Gas: params.TxGas, To: &to, Value: big.NewInt(1)}).WithSignature(signer, sig)
		require.NoError(tb, err)
		if _, err := types.Sender(signer, tx); err == nil {
			continue // r happened to be a point: this one recovers some key
		}
		raw, err := tx.MarshalBinary()
		require.NoError(tb, err)
		enc, err := rlp.EncodeToBytes(raw)
		require.NoError(tb, err)
		msg = append(msg, enc...)
	}
	return msg
}

// The CPU a node spends on one gossip message of 1,024 transactions whose
// signatures recover no key: "recover-each" is what the pool did before
// messages were checked at the door (a recovery per transaction, then
// dropped without blame); "refused-at-first" is onGossipTx's check, which
// stops at the first and rejects the message (and its sender is
// penalized). go test -run x -bench GossipForged -count 5 ./node/
func BenchmarkGossipForgedMessage(b *testing.B) {
	msg := forgedMessage(b, maxTxBatchCount)
	b.Run("recover-each", func(b *testing.B) {
		for b.Loop() {
			failed := 0
			for rest := msg[1:]; len(rest) > 0; {
				_, content, next, err := rlp.Split(rest)
				require.NoError(b, err)
				tx := new(types.Transaction)
				require.NoError(b, tx.UnmarshalBinary(content))
				if _, err := types.Sender(testSigner, tx); err != nil {
					failed++
				}
				rest = next
			}
			require.Equal(b, maxTxBatchCount, failed)
		}
	})
	b.Run("refused-at-first", func(b *testing.B) {
		for b.Loop() {
			_, err := decodeTxBatch(msg, testSigner)
			require.Error(b, err)
		}
	})
}
