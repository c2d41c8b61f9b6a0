package proposer_test

import (
	"context"
	"log/slog"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto/kzg4844"
	"github.com/stretchr/testify/require"

	"github.com/cairn-rollup/cairn/l1/blobtx"
	"github.com/cairn-rollup/cairn/l1/l1test"
	"github.com/cairn-rollup/cairn/l1/proposer"
	"github.com/cairn-rollup/cairn/l1/txmgr"
	"github.com/cairn-rollup/cairn/rollup"
	"github.com/cairn-rollup/cairn/rollup/batchdata"
)

const chainID = 42

// blobs returns n blobs of canonical field elements filled with fill.
func blobs(n int, fill byte) []kzg4844.Blob {
	out := make([]kzg4844.Blob, n)
	for i := range out {
		for j := 1; j < len(out[i]); j += 32 {
			out[i][j] = fill + byte(i)
		}
	}
	return out
}

func TestPayloadCommitment(t *testing.T) {
	data := []byte("batch")
	c, err := proposer.Payload{Calldata: data}.Commitment()
	require.NoError(t, err)
	require.Equal(t, batchdata.CalldataCommitment(data), c)

	sc, err := blobtx.NewSidecar(types.BlobSidecarVersion1, blobs(2, 1))
	require.NoError(t, err)
	require.Equal(t, types.BlobSidecarVersion1, sc.Version)
	require.Len(t, sc.Proofs, 2*kzg4844.CellProofsPerBlob)
	c, err = proposer.Payload{Blobs: sc}.Commitment()
	require.NoError(t, err)
	require.Equal(t, batchdata.BlobCommitment(sc.BlobHashes()), c)

	tooMany, err := blobtx.NewSidecar(types.BlobSidecarVersion1, blobs(batchdata.MaxBlobs+1, 1))
	require.NoError(t, err)
	for name, p := range map[string]proposer.Payload{
		"no data":  {},
		"both":     {Calldata: data, Blobs: sc},
		"7 blobs":  {Blobs: tooMany},
		"no blobs": {Blobs: &types.BlobTxSidecar{Version: types.BlobSidecarVersion1}},
	} {
		_, err := p.Commitment()
		require.Error(t, err, name)
	}
}

// A commit whose payload does not match the batch's commitment is refused
// before anything is sent.
func TestCommitRefusesAPayloadOfOtherData(t *testing.T) {
	p := proposer.New(common.Address{}, nil, &txmgr.Manager{})
	b := &rollup.Batch{Number: 1, DataCommitment: batchdata.CalldataCommitment([]byte("a"))}
	_, err := p.Commit(context.Background(), b, nil, proposer.Payload{Calldata: []byte("b")})
	require.ErrorContains(t, err, "data commitment")
}

// On the dev L1: batch 1 is committed with its data in a blob transaction
// (proposer.Commit → txmgr.SendBlobs), batch 2 in calldata right after, and
// L1 stores the batch hashes the node computes.
func TestCommitWithBlobsOnTheDevL1(t *testing.T) {
	root := common.HexToHash("0x6e")
	env := l1test.Start(t, chainID, root)
	ctx := context.Background()
	tm, err := txmgr.New(ctx, txmgr.Config{}, env.Client, env.Operator, slog.New(slog.DiscardHandler))
	require.NoError(t, err)
	p := proposer.New(env.Addrs.OnChainProposer, env.Client, tm)

	sc, err := blobtx.NewSidecar(types.BlobSidecarVersion1, blobs(2, 9))
	require.NoError(t, err)
	b1 := rollup.Batch{Number: 1, FirstBlock: 1, LastBlock: 1, PrevStateRoot: root, StateRoot: common.HexToHash("0x1"),
		PrevLastBlockHash: l1test.GenesisBlockHash, LastBlockHash: common.HexToHash("0xa"),
		DataCommitment: batchdata.BlobCommitment(sc.BlobHashes())}
	r, err := p.Commit(ctx, &b1, nil, proposer.Payload{Blobs: sc})
	require.NoError(t, err)
	require.Equal(t, uint64(2<<17), r.BlobGasUsed, "the commit carried 2 blobs")
	tx, _, err := env.Client.TransactionByHash(ctx, r.TxHash)
	require.NoError(t, err)
	require.Equal(t, uint8(types.BlobTxType), tx.Type())
	h, err := p.CommittedHash(ctx, 1)
	require.NoError(t, err)
	require.Equal(t, b1.Hash(chainID), h)

	b2 := rollup.Batch{Number: 2, FirstBlock: 2, LastBlock: 2, PrevStateRoot: b1.StateRoot, StateRoot: common.HexToHash("0x2"),
		PrevLastBlockHash: b1.LastBlockHash, LastBlockHash: common.HexToHash("0xb")}
	payload := l1test.SetBatchData(&b2)
	_, err = p.Commit(ctx, &b2, nil, payload)
	require.NoError(t, err)
	h, err = p.CommittedHash(ctx, 2)
	require.NoError(t, err)
	require.Equal(t, b2.Hash(chainID), h)
}

// recordingSender records what it was asked to send.
type recordingSender struct{ sent []string }

func (r *recordingSender) Send(_ context.Context, what string, _ common.Address, _ []byte) (*types.Receipt, error) {
	r.sent = append(r.sent, what)
	return &types.Receipt{Status: types.ReceiptStatusSuccessful}, nil
}

func (r *recordingSender) SendBlobs(_ context.Context, what string, _ common.Address, _ []byte, _ *types.BlobTxSidecar) (*types.Receipt, error) {
	r.sent = append(r.sent, what)
	return &types.Receipt{Status: types.ReceiptStatusSuccessful}, nil
}

// verifyBatch goes from the proof sender when there is one, else from the
// operator; commits always go from the operator.
func TestVerifyGoesFromTheProofSender(t *testing.T) {
	ctx := context.Background()
	op, proofs := &recordingSender{}, &recordingSender{}
	p := proposer.New(common.Address{}, nil, op).WithVerifySender(proofs)
	_, err := p.Verify(ctx, 1, []uint8{1}, [][]byte{{1}})
	require.NoError(t, err)
	b := &rollup.Batch{Number: 2}
	pl := proposer.Payload{Calldata: []byte("a")}
	b.DataCommitment, err = pl.Commitment()
	require.NoError(t, err)
	_, err = p.Commit(ctx, b, nil, pl)
	require.NoError(t, err)
	require.Equal(t, []string{"verify batch 1"}, proofs.sent)
	require.Len(t, op.sent, 1)
	require.Contains(t, op.sent[0], "commit batch 2")

	alone := &recordingSender{}
	_, err = proposer.New(common.Address{}, nil, alone).Verify(ctx, 3, []uint8{1}, [][]byte{{1}})
	require.NoError(t, err)
	require.Equal(t, []string{"verify batch 3"}, alone.sent)
	_, err = proposer.New(common.Address{}, nil, nil).Verify(ctx, 3, []uint8{1}, [][]byte{{1}})
	require.ErrorContains(t, err, "no operator or proof sender key")
}
