package txmgr

import (
	"context"
	"errors"
	"math/big"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto/kzg4844"
	"github.com/holiman/uint256"
	"github.com/stretchr/testify/require"
)

// BlobBaseFee passes eth_blobBaseFee through to the simulated chain.
func (r *recorder) BlobBaseFee(ctx context.Context) (*big.Int, error) {
	return r.Client.(BlobBaseFeeReader).BlobBaseFee(ctx)
}

// testSidecar is a version-1 sidecar (cell proofs, Osaka) of one blob.
func testSidecar(t *testing.T, fill byte) *types.BlobTxSidecar {
	t.Helper()
	var blob kzg4844.Blob
	for i := 1; i < len(blob); i += 32 {
		blob[i] = fill // a canonical field element: its top byte is zero
	}
	c, err := kzg4844.BlobToCommitment(&blob)
	require.NoError(t, err)
	proofs, err := kzg4844.ComputeCellProofs(&blob)
	require.NoError(t, err)
	return types.NewBlobTxSidecar(types.BlobSidecarVersion1, []kzg4844.Blob{blob}, []kzg4844.Commitment{c}, proofs)
}

func sendBlobsAsync(m *Manager, to common.Address, sc *types.BlobTxSidecar) chan sendResult {
	ch := make(chan sendResult, 1)
	go func() {
		r, err := m.SendBlobs(context.Background(), "test blobs", to, nil, sc)
		ch <- sendResult{r, err}
	}()
	return ch
}

// A blob send is a type-3 transaction with the sidecar, its versioned hashes
// and a blob fee cap of twice the blob base fee, and it is mined.
func TestSendBlobsSendsAType3Transaction(t *testing.T) {
	sim, rec, m := setup(t, Config{PollInterval: time.Millisecond, ResubmitAfter: time.Hour})
	sc := testSidecar(t, 1)
	to := common.HexToAddress("0x1234")
	ch := sendBlobsAsync(m, to, sc)
	waitFor(t, "the send", func() bool { return len(rec.sends()) == 1 })
	sim.Commit()
	res := <-ch
	require.NoError(t, res.err)
	require.Equal(t, types.ReceiptStatusSuccessful, res.r.Status)
	require.Equal(t, uint64(1<<17), res.r.BlobGasUsed)

	tx := rec.sends()[0]
	require.Equal(t, uint8(types.BlobTxType), tx.Type())
	require.Equal(t, to, *tx.To())
	require.Equal(t, sc.BlobHashes(), tx.BlobHashes())
	require.NotNil(t, tx.BlobTxSidecar())
	require.Equal(t, sc.Blobs, tx.BlobTxSidecar().Blobs)
	blobFee, err := rec.BlobBaseFee(context.Background())
	require.NoError(t, err)
	require.Equal(t, new(big.Int).Mul(blobFee, big.NewInt(2)), tx.BlobGasFeeCap())
}

// Every fee of a blob transaction doubles at a bump (geth's blob pool wants
// 100% on each), whatever FeeBumpPercent says; a zero fee goes up by 1 wei.
func TestBlobBumpDoublesEveryFee(t *testing.T) {
	m := &Manager{cfg: Config{FeeBumpPercent: 20}.withDefaults()}
	f, err := m.bump(fees{tip: big.NewInt(1000), feeCap: big.NewInt(3001), blobFeeCap: big.NewInt(7)})
	require.NoError(t, err)
	require.Equal(t, fees{tip: big.NewInt(2000), feeCap: big.NewInt(6002), blobFeeCap: big.NewInt(14)}, f)
	f, err = m.bump(fees{tip: big.NewInt(1000), feeCap: big.NewInt(3001)})
	require.NoError(t, err)
	require.Equal(t, fees{tip: big.NewInt(1200), feeCap: big.NewInt(3602)}, f, "no blobs: FeeBumpPercent, rounded up")
	f, err = m.bump(fees{tip: big.NewInt(0), feeCap: big.NewInt(1), blobFeeCap: big.NewInt(0)})
	require.NoError(t, err)
	require.Equal(t, fees{tip: big.NewInt(1), feeCap: big.NewInt(2), blobFeeCap: big.NewInt(1)}, f)

	m = &Manager{cfg: Config{FeeBumpPercent: 150, MaxFeePerGas: big.NewInt(100)}.withDefaults()}
	f, err = m.bump(fees{tip: big.NewInt(2), feeCap: big.NewInt(10), blobFeeCap: big.NewInt(4)})
	require.NoError(t, err)
	require.Equal(t, fees{tip: big.NewInt(5), feeCap: big.NewInt(25), blobFeeCap: big.NewInt(10)}, f, "a larger FeeBumpPercent applies")
	_, err = m.bump(fees{tip: big.NewInt(2), feeCap: big.NewInt(10), blobFeeCap: big.NewInt(50)})
	require.ErrorContains(t, err, "blob fee cap would pass")
}

// A stuck blob transaction is replaced with every fee doubled, which geth's
// blob pool accepts (the simulated chain runs it), and one version is mined.
func TestStuckBlobTransactionIsReplaced(t *testing.T) {
	sim, rec, m := setup(t, Config{PollInterval: time.Millisecond, ResubmitAfter: 50 * time.Millisecond})
	ch := sendBlobsAsync(m, common.HexToAddress("0x1234"), testSidecar(t, 2))
	waitFor(t, "a replacement", func() bool { return len(rec.sends()) >= 2 })
	sim.Commit()
	res := <-ch
	require.NoError(t, res.err)
	sends := rec.sends()
	first, second := sends[0], sends[1]
	require.Equal(t, first.Nonce(), second.Nonce())
	require.Equal(t, uint8(types.BlobTxType), second.Type())
	require.NotNil(t, second.BlobTxSidecar(), "the replacement carries the blobs")
	two := big.NewInt(2)
	require.Equal(t, new(big.Int).Mul(first.GasTipCap(), two), second.GasTipCap())
	require.Equal(t, new(big.Int).Mul(first.GasFeeCap(), two), second.GasFeeCap())
	require.Equal(t, new(big.Int).Mul(first.BlobGasFeeCap(), two), second.BlobGasFeeCap())
}

// A blob transaction an earlier run left in the pool is outbid by the same
// send after a restart: the new manager's first try is refused as
// underpriced, the doubled one replaces it, with its sidecar.
func TestBlobTransactionLeftByAnEarlierRunIsReplaced(t *testing.T) {
	sim, rec, m := setup(t, Config{PollInterval: time.Millisecond, ResubmitAfter: time.Hour})
	ctx := context.Background()
	f, err := m.fees(ctx, true)
	require.NoError(t, err)
	to := common.HexToAddress("0x1234")
	sc := testSidecar(t, 3)
	u := uint256.MustFromBig
	old := types.MustSignNewTx(m.key, m.signer, &types.BlobTx{ChainID: u(m.chainID), Nonce: 0, GasTipCap: u(f.tip),
		GasFeeCap: u(f.feeCap), Gas: 50000, To: to, BlobFeeCap: u(f.blobFeeCap), BlobHashes: sc.BlobHashes(), Sidecar: sc})
	require.NoError(t, rec.Client.SendTransaction(ctx, old))

	ch := sendBlobsAsync(m, to, sc)
	waitFor(t, "the replacement", func() bool { return len(rec.sends()) == 1 })
	sim.Commit()
	res := <-ch
	require.NoError(t, res.err)
	require.Equal(t, rec.sends()[0].Hash(), res.r.TxHash)
	require.Equal(t, uint64(1<<17), res.r.BlobGasUsed)
	_, err = sim.Client().TransactionReceipt(ctx, old.Hash())
	require.Error(t, err, "the stale transaction was replaced, never mined")
}

// While a blob transaction of ours may be pending, a transaction without
// blobs is refused with ErrMixedTxKinds (geth's pool would refuse it), and
// the other way round; once it is mined, both kinds go again.
func TestMixedKindsAreRefusedWhilePending(t *testing.T) {
	sim, rec, m := setup(t, Config{PollInterval: time.Millisecond, ResubmitAfter: time.Hour})
	to := common.HexToAddress("0x1234")
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, err := m.SendBlobs(ctx, "blobs", to, nil, testSidecar(t, 4))
		done <- err
	}()
	waitFor(t, "the blob send", func() bool { return len(rec.sends()) == 1 })
	cancel() // the node stops waiting; the transaction stays in the pool
	require.ErrorIs(t, <-done, context.Canceled)

	_, err := m.Send(context.Background(), "plain", to, nil)
	require.ErrorIs(t, err, ErrMixedTxKinds)
	require.ErrorContains(t, err, "nonce 0")
	require.Len(t, rec.sends(), 1, "nothing more sent")

	// A manager that did not send it (a restart) learns it from the pool.
	m2, err := New(context.Background(), Config{PollInterval: time.Millisecond, ResubmitAfter: time.Hour}, rec, m.key, m.log)
	require.NoError(t, err)
	_, err = m2.Send(context.Background(), "plain after a restart", to, nil)
	require.ErrorIs(t, err, ErrMixedTxKinds)
	require.ErrorContains(t, err, "address already reserved")

	sim.Commit() // the blob transaction is mined
	ch := sendAsync(m, to)
	waitFor(t, "the plain send", func() bool { return len(rec.sends()) == 2 })
	sim.Commit()
	res := <-ch
	require.NoError(t, res.err)
	require.Equal(t, uint8(types.DynamicFeeTxType), rec.sends()[1].Type())
}

func TestSendBlobsWithoutBlobsIsRefused(t *testing.T) {
	_, rec, m := setup(t, Config{PollInterval: time.Millisecond})
	_, err := m.SendBlobs(context.Background(), "empty", common.HexToAddress("0x1"), nil, nil)
	require.ErrorContains(t, err, "without blobs")
	require.Empty(t, rec.sends())
}

// noBlobFee is an L1 client that cannot read the blob base fee.
type noBlobFee struct{ Client }

func TestBlobSendNeedsTheBlobBaseFee(t *testing.T) {
	_, rec, m := setup(t, Config{PollInterval: time.Millisecond})
	m.client = noBlobFee{rec}
	_, err := m.SendBlobs(context.Background(), "blobs", common.HexToAddress("0x1"), nil, testSidecar(t, 5))
	require.ErrorContains(t, err, "eth_blobBaseFee")
	require.Empty(t, rec.sends())
	require.False(t, errors.Is(err, ErrMixedTxKinds))
}
