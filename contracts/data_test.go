package contracts_test

import (
	"context"
	"math/big"
	"math/rand/v2"
	"testing"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto/kzg4844"
	"github.com/ethereum/go-ethereum/eth/ethconfig"
	"github.com/ethereum/go-ethereum/node"
	"github.com/holiman/uint256"
	"github.com/stretchr/testify/require"

	"github.com/cairn-rollup/cairn/l1/bindings"
	"github.com/cairn-rollup/cairn/l1/blobtx"
	"github.com/cairn-rollup/cairn/rollup"
	"github.com/cairn-rollup/cairn/rollup/batchdata"
)

// testBlobs returns n blobs of pseudo-random bytes (each field element's top
// byte zero, so that it is canonical), the same for the same seed.
func testBlobs(n int, seed uint64) []kzg4844.Blob {
	r := rand.New(rand.NewPCG(seed, 7))
	blobs := make([]kzg4844.Blob, n)
	for i := range blobs {
		for j := 0; j < len(blobs[i]); j += 32 {
			for k := j + 1; k < j+32; k++ {
				blobs[i][k] = byte(r.Uint32())
			}
		}
	}
	return blobs
}

// testSidecar is a version-1 sidecar (cell proofs, as geth's pool takes them
// after Osaka) of n test blobs.
func testSidecar(t testing.TB, n int, seed uint64) *types.BlobTxSidecar {
	t.Helper()
	sc, err := blobtx.NewSidecar(types.BlobSidecarVersion1, testBlobs(n, seed))
	require.NoError(t, err)
	require.Equal(t, types.BlobSidecarVersion1, sc.Version)
	return sc
}

// sendBlobTx sends calldata to `to` from `from` in an EIP-4844 transaction
// carrying sidecar, and returns the receipt, or the error (from gas
// estimation, with the versioned hashes, when the call reverts).
func (e *env) sendBlobTx(from account, to common.Address, calldata []byte, sc *types.BlobTxSidecar) (*types.Receipt, error) {
	ctx := context.Background()
	blobFeeCap := gwei(1)
	gas, err := e.backend.EstimateGas(ctx, ethereum.CallMsg{From: from.addr, To: &to, Data: calldata,
		BlobHashes: sc.BlobHashes(), BlobGasFeeCap: blobFeeCap})
	if err != nil {
		return nil, err
	}
	nonce, err := e.backend.PendingNonceAt(ctx, from.addr)
	if err != nil {
		return nil, err
	}
	head, err := e.backend.HeaderByNumber(ctx, nil)
	if err != nil {
		return nil, err
	}
	tip := gwei(1)
	feeCap := new(big.Int).Add(tip, new(big.Int).Mul(head.BaseFee, big.NewInt(2)))
	tx, err := types.SignNewTx(from.key, types.LatestSignerForChainID(big.NewInt(simChainID)), &types.BlobTx{
		ChainID: uint256.NewInt(simChainID), Nonce: nonce, GasTipCap: uint256.MustFromBig(tip), GasFeeCap: uint256.MustFromBig(feeCap),
		Gas: gas + gas/5, To: to, Data: calldata, BlobFeeCap: uint256.MustFromBig(blobFeeCap),
		BlobHashes: sc.BlobHashes(), Sidecar: sc})
	if err != nil {
		return nil, err
	}
	if err := e.backend.SendTransaction(ctx, tx); err != nil {
		return nil, err
	}
	return e.backend.TransactionReceipt(ctx, tx.Hash())
}

// commitBlobs commits h (no committee) with its data in the blobs of sc and
// the calldata data (empty for a valid commit).
func (e *env) commitBlobs(h header, data []byte, sc *types.BlobTxSidecar) (*types.Receipt, error) {
	return e.sendBlobTx(e.operator, e.addrs.OnChainProposer, e.ocp.PackCommitBatch(h, data, nil, nil), sc)
}

// goBatch is h as a rollup.Batch, whose Hash is the node's computation.
func goBatch(h header) rollup.Batch {
	return rollup.Batch{Number: h.Number, FirstBlock: h.FirstBlock, LastBlock: h.LastBlock,
		PrevStateRoot: h.PrevStateRoot, StateRoot: h.StateRoot, PrevLastBlockHash: h.PrevLastBlockHash,
		LastBlockHash: h.LastBlockHash, PrevLastDepositID: h.PrevLastDepositId, LastDepositID: h.LastDepositId,
		DepositsRollingHash: h.DepositsRollingHash, WithdrawalsRoot: h.WithdrawalsRoot, WithdrawalsCount: h.WithdrawalsCount,
		DataCommitment: h.DataCommitment}
}

// requireStored requires L1 to hold h as the batch it committed, with the
// batch hash the node computes (rollup.Batch.Hash).
func (e *env) requireStored(h header) {
	e.t.Helper()
	b := goBatch(h)
	want := b.Hash(l2ChainID)
	require.Equal(e.t, goBatchHash(h), want)
	require.Equal(e.t, want, common.Hash(call(e.t, e.ocpC, e.ocp.PackBatches(h.Number), e.ocp.UnpackBatches).BatchHash))
	require.Equal(e.t, b.PublicInputsHash(l2ChainID), common.Hash(call(e.t, e.ocpC, e.ocp.PackPublicInputsHash(h), e.ocp.UnpackPublicInputsHash)))
	require.Equal(e.t, h.Number, e.lastCommitted())
}

func TestCommitBatchWithCalldata(t *testing.T) {
	e := newEnv(t)
	h := e.next()
	data := []byte("the encoded batch, opaque to L1")
	h.DataCommitment = batchdata.CalldataCommitment(data)
	r, err := e.commitData(h, data)
	require.NoError(t, err)
	require.Equal(t, types.ReceiptStatusSuccessful, r.Status)
	e.requireStored(h)
	// The batch verifies with a proof of the public inputs that bind the data commitment.
	e.mustVerify(h)
	require.Equal(t, uint64(1), e.lastVerified())
}

// commitData commits h (no committee) with data in calldata.
func (e *env) commitData(h header, data []byte) (*types.Receipt, error) {
	return e.send(e.ocpC, e.operator, nil, e.ocp.PackCommitBatch(h, data, nil, nil))
}

// Real blob transactions (version-1 sidecars, Osaka) of 1 and 6 blobs
// commit batches whose data commitment is that of their versioned hashes.
func TestCommitBatchWithBlobs(t *testing.T) {
	e := newEnvWithAlloc(t, nil, osakaOnly)
	for i, n := range []int{1, batchdata.MaxBlobs} {
		h := e.next()
		sc := testSidecar(t, n, uint64(i))
		h.DataCommitment = batchdata.BlobCommitment(sc.BlobHashes())
		r, err := e.commitBlobs(h, nil, sc)
		require.NoError(t, err, "%d blobs", n)
		require.Equal(t, types.ReceiptStatusSuccessful, r.Status)
		require.Equal(t, uint64(n)*(1<<17), r.BlobGasUsed, "the transaction carried %d blobs", n)
		e.requireStored(h)
		e.mustVerify(h)
	}
}

func TestCommitBatchDataRefusals(t *testing.T) {
	e := newEnvWithAlloc(t, nil, osakaOnly)
	o := e.ocp
	sc := testSidecar(t, 2, 1)
	blobC := batchdata.BlobCommitment(sc.BlobHashes())
	data := batchData(1)
	callC := batchdata.CalldataCommitment(data)

	h := e.next()
	h.DataCommitment = blobC
	_, err := e.commitBlobs(h, data, sc)
	requireRevert(t, err, o, &bindings.OnChainProposerDataInBlobsAndCalldata{Number: 1, DataLength: big.NewInt(int64(len(data)))})
	_, err = e.commitData(h, nil)
	requireRevert(t, err, o, &bindings.OnChainProposerNoBatchData{Number: 1})

	// A commitment that is not the one of the data the transaction carries:
	// the calldata's for blobs, the blobs' for calldata, the blobs in another
	// order, or another calldata.
	_, err = e.commitData(h, data)
	requireRevert(t, err, o, &bindings.OnChainProposerDataCommitmentMismatch{Number: 1, Given: blobC, Computed: callC})
	h.DataCommitment = callC
	_, err = e.commitBlobs(h, nil, sc)
	requireRevert(t, err, o, &bindings.OnChainProposerDataCommitmentMismatch{Number: 1, Given: callC, Computed: blobC})
	swapped := batchdata.BlobCommitment([]common.Hash{sc.BlobHashes()[1], sc.BlobHashes()[0]})
	h.DataCommitment = swapped
	_, err = e.commitBlobs(h, nil, sc)
	requireRevert(t, err, o, &bindings.OnChainProposerDataCommitmentMismatch{Number: 1, Given: swapped, Computed: blobC})
	h.DataCommitment = callC
	_, err = e.commitData(h, batchData(2))
	requireRevert(t, err, o, &bindings.OnChainProposerDataCommitmentMismatch{Number: 1, Given: callC,
		Computed: batchdata.CalldataCommitment(batchData(2))})
	require.Zero(t, e.lastCommitted())

	// The data commitment is in the batch hash the attesters sign.
	h.DataCommitment = blobC
	other := h
	other.DataCommitment = callC
	require.NotEqual(t, goBatchHash(h), goBatchHash(other))
	require.Equal(t, goBatchHash(other), common.Hash(call(t, e.ocpC, o.PackBatchHash(other), o.UnpackBatchHash)))
}

// versionedHashes returns n distinct hashes that pass as EIP-4844 versioned
// hashes (version byte 0x01): eth_estimateGas takes them without blobs.
func versionedHashes(n int) []common.Hash {
	hs := make([]common.Hash, n)
	for i := range hs {
		hs[i] = keccak([]byte{byte(i)})
		hs[i][0] = 0x01 // the KZG version byte
	}
	return hs
}

// estimateCommit estimates commitBatch(h, empty data) from the operator in a
// transaction with the given versioned hashes.
func (e *env) estimateCommit(h header, hashes []common.Hash) error {
	_, err := e.backend.EstimateGas(context.Background(), ethereum.CallMsg{From: e.operator.addr, To: &e.addrs.OnChainProposer,
		Data: e.ocp.PackCommitBatch(h, nil, nil, nil), BlobHashes: hashes, BlobGasFeeCap: gwei(1)})
	return err
}

// The contract computes BlobCommitment for 1 to MAX_BLOBS hashes, as its
// DataCommitmentMismatch reports it.
func TestBlobCommitmentMatchesTheContract(t *testing.T) {
	e := newEnvWithAlloc(t, nil, osakaOnly)
	h := e.next()
	h.DataCommitment = common.Hash{}
	for n := 1; n <= batchdata.MaxBlobs; n++ {
		hs := versionedHashes(n)
		requireRevert(t, e.estimateCommit(h, hs), e.ocp,
			&bindings.OnChainProposerDataCommitmentMismatch{Number: 1, Given: [32]byte{}, Computed: batchdata.BlobCommitment(hs)})
	}
	require.Equal(t, big.NewInt(batchdata.MaxBlobs), call(t, e.ocpC, e.ocp.PackMAXBLOBS(), e.ocp.UnpackMAXBLOBS))
}

// pragueOnly runs the simulated chain with the forks up to Prague: 9 blobs a
// block, and no per-transaction limit of 6 (EIP-7594 came with Osaka).
func pragueOnly(_ *node.Config, ethConf *ethconfig.Config) {
	cfg := *ethConf.Genesis.Config
	cfg.OsakaTime, cfg.BPO1Time, cfg.BPO2Time, cfg.BPO3Time, cfg.BPO4Time, cfg.BPO5Time = nil, nil, nil, nil, nil, nil
	cfg.AmsterdamTime, cfg.BogotaTime = nil, nil
	ethConf.Genesis.Config = &cfg
}

// Seven blobs: under Osaka geth refuses the transaction itself (6 blobs a
// transaction at most), so the contract never sees one. Before Osaka (Prague
// allows 9 a block and sets no per-transaction limit) the contract's own
// check refuses it.
func TestTooManyBlobs(t *testing.T) {
	osaka := newEnvWithAlloc(t, nil, osakaOnly)
	h := osaka.next()
	h.DataCommitment = batchdata.BlobCommitment(versionedHashes(7))
	err := osaka.estimateCommit(h, versionedHashes(7))
	require.ErrorContains(t, err, "too many blobs")

	prague := newEnvWithAlloc(t, nil, pragueOnly)
	h = prague.next()
	h.DataCommitment = batchdata.BlobCommitment(versionedHashes(7))
	requireRevert(t, prague.estimateCommit(h, versionedHashes(7)), prague.ocp,
		&bindings.OnChainProposerTooManyBlobs{Number: 1, MaxBlobs: big.NewInt(batchdata.MaxBlobs)})
	h.DataCommitment = batchdata.BlobCommitment(versionedHashes(6))
	require.NoError(t, prague.estimateCommit(h, versionedHashes(6)))
}
