package reconstruct

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto/kzg4844"
	"github.com/stretchr/testify/require"

	"github.com/cairn-rollup/cairn/l1/bindings"
	"github.com/cairn-rollup/cairn/l1/blobsource"
	"github.com/cairn-rollup/cairn/l1/proposer"
	"github.com/cairn-rollup/cairn/rollup"
	"github.com/cairn-rollup/cairn/rollup/batchdata"
)

const testChainID = 22476

var (
	ocp      = bindings.NewOnChainProposer()
	ocpAddr  = common.HexToAddress("0x0c0c")
	testData = mustEncode([]batchdata.Block{{Timestamp: 10, GasLimit: 30_000_000}, {Timestamp: 11, GasLimit: 30_000_000, Deposits: 1}})
)

func mustEncode(blocks []batchdata.Block) []byte {
	b, err := batchdata.Encode(blocks)
	if err != nil {
		panic(err)
	}
	return b
}

// fakeL1 is an L1 with an OnChainProposer whose commits the test makes.
type fakeL1 struct {
	stored map[uint64]common.Hash // batch hash L1 stores now
	last   uint64
	logs   []types.Log
	txs    map[common.Hash]*types.Transaction
	head   uint64
}

func newFakeL1() *fakeL1 {
	return &fakeL1{stored: map[uint64]common.Hash{}, txs: map[common.Hash]*types.Transaction{}}
}

// commit makes a commitBatch transaction of b in L1 block at, with data in
// calldata, or, with blobHashes, in blobs; L1 stores its hash.
func (f *fakeL1) commit(b rollup.Batch, at uint64, data []byte, blobHashes []common.Hash) common.Hash {
	input := ocp.PackCommitBatch(proposer.Header(&b), data, nil, nil)
	var tx *types.Transaction
	if blobHashes != nil {
		tx = types.NewTx(&types.BlobTx{To: ocpAddr, Data: input, BlobHashes: blobHashes, Nonce: at})
	} else {
		tx = types.NewTx(&types.DynamicFeeTx{To: &ocpAddr, Data: input, Nonce: at})
	}
	f.txs[tx.Hash()] = tx
	h := b.Hash(testChainID)
	f.stored[b.Number], f.last, f.head = h, max(f.last, b.Number), max(f.head, at+3)
	f.logs = append(f.logs, types.Log{Address: ocpAddr, Topics: []common.Hash{ocp.GetABI().Events["BatchCommitted"].ID, common.BigToHash(new(big.Int).SetUint64(b.Number))},
		Data: h[:], BlockNumber: at, BlockHash: common.BigToHash(new(big.Int).SetUint64(at)), TxHash: tx.Hash()})
	return tx.Hash()
}

func (f *fakeL1) CallContract(_ context.Context, msg ethereum.CallMsg, _ *big.Int) ([]byte, error) {
	a := ocp.GetABI()
	switch m, err := a.MethodById(msg.Data); {
	case err != nil:
		return nil, err
	case m.Name == "lastCommittedBatch":
		return m.Outputs.Pack(f.last)
	case m.Name == "batches":
		args, err := m.Inputs.Unpack(msg.Data[4:])
		if err != nil {
			return nil, err
		}
		return m.Outputs.Pack([32]byte(f.stored[args[0].(uint64)]), [32]byte{}, [32]byte{}, [32]byte{}, uint64(0), uint64(0))
	default:
		return nil, fmt.Errorf("unexpected call %s", m.Name)
	}
}

func (f *fakeL1) FilterLogs(_ context.Context, q ethereum.FilterQuery) ([]types.Log, error) {
	if q.ToBlock.Uint64()-q.FromBlock.Uint64() >= 10 {
		return nil, errors.New("range over 10 blocks")
	}
	var out []types.Log
	for _, l := range f.logs {
		if l.BlockNumber >= q.FromBlock.Uint64() && l.BlockNumber <= q.ToBlock.Uint64() && l.Address == q.Addresses[0] && l.Topics[0] == q.Topics[0][0] {
			out = append(out, l)
		}
	}
	return out, nil
}

func (f *fakeL1) TransactionByHash(_ context.Context, h common.Hash) (*types.Transaction, bool, error) {
	tx, ok := f.txs[h]
	if !ok {
		return nil, false, ethereum.NotFound
	}
	return tx, false, nil
}

func (f *fakeL1) BlockNumber(context.Context) (uint64, error) { return f.head, nil }

// Headers for the blob source: block n at time 12·n (slot n with genesis time 0).
func (f *fakeL1) HeaderByHash(_ context.Context, h common.Hash) (*types.Header, error) {
	return f.HeaderByNumber(context.Background(), h.Big())
}

func (f *fakeL1) HeaderByNumber(_ context.Context, n *big.Int) (*types.Header, error) {
	return &types.Header{Number: n, Time: 12 * n.Uint64(), Difficulty: new(big.Int)}, nil
}

// batch is batch n of two blocks with data's calldata commitment.
func batch(n uint64, data []byte) rollup.Batch {
	return rollup.Batch{Number: n, FirstBlock: 2*n - 1, LastBlock: 2 * n, StateRoot: common.Hash{byte(n)}, DataCommitment: batchdata.CalldataCommitment(data)}
}

func walker(f *fakeL1, blobs Blobs) *Walker { return NewWalker(f, blobs, ocpAddr, testChainID, 5, 10) }

func TestWalkerReadsCalldataCommits(t *testing.T) {
	f := newFakeL1()
	f.commit(batch(1, testData), 7, testData, nil)
	f.commit(batch(2, testData), 31, testData, nil) // three log ranges later
	w := walker(f, nil)
	for n := uint64(1); n <= 2; n++ {
		c, err := w.Commit(context.Background(), n)
		require.NoError(t, err)
		require.Equal(t, batch(n, testData), c.Batch)
		require.Len(t, c.Blocks, 2)
		require.EqualValues(t, 1, c.Blocks[1].Deposits)
	}
	_, err := w.Commit(context.Background(), 3)
	require.ErrorContains(t, err, "batch 3 is not committed on L1")
}

// A batch reverted and committed again is read from the commit L1 holds
// now, not from the one it reverted.
func TestWalkerTakesTheRecommittedBatch(t *testing.T) {
	f := newFakeL1()
	f.commit(batch(1, testData), 6, testData, nil)
	old := batch(2, []byte("reverted"))
	f.commit(old, 8, []byte("reverted"), nil) // then revertBatch(2)
	tx := f.commit(batch(2, testData), 25, testData, nil)
	w := walker(f, nil)
	_, err := w.Commit(context.Background(), 1)
	require.NoError(t, err)
	c, err := w.Commit(context.Background(), 2)
	require.NoError(t, err)
	require.Equal(t, tx, c.TxHash)
	require.Equal(t, batch(2, testData), c.Batch)
}

func TestWalkerRefusesDataThatDoesNotDecode(t *testing.T) {
	f := newFakeL1()
	bad := []byte{batchdata.Version, 1, 2, 3}
	tx := f.commit(batch(1, bad), 6, bad, nil)
	_, err := walker(f, nil).Commit(context.Background(), 1)
	require.ErrorContains(t, err, fmt.Sprintf("batch 1: the data of commit tx %s does not decode", tx))
	require.ErrorIs(t, err, batchdata.ErrMalformed)
}

func TestWalkerRefusesADataCommitmentMismatch(t *testing.T) {
	f := newFakeL1()
	b := batch(1, testData)
	b.DataCommitment = common.Hash{0xdc}
	f.commit(b, 6, testData, nil)
	_, err := walker(f, nil).Commit(context.Background(), 1)
	require.ErrorContains(t, err, "batch 1: data commitment mismatch: the header has 0xdc00")
}

// The header in the commit must hash to what L1 stores.
func TestWalkerRefusesAHeaderL1DidNotStore(t *testing.T) {
	f := newFakeL1()
	f.commit(batch(1, testData), 6, testData, nil)
	f.stored[1] = common.Hash{0x77}
	_, err := walker(f, nil).Commit(context.Background(), 1)
	require.ErrorContains(t, err, "batch 1: no BatchCommitted log with its stored hash 0x7700")
}

// Blobs come through the blob source; one a beacon node does not have is
// an error naming the batch, the L1 block and the slot.
func TestWalkerReadsBlobsAndNamesAMissingOne(t *testing.T) {
	blobs, err := batchdata.ToBlobs(testData)
	require.NoError(t, err)
	hashes, err := batchdata.VersionedHashes(blobs)
	require.NoError(t, err)
	f := newFakeL1()
	b := batch(1, testData)
	b.DataCommitment = batchdata.BlobCommitment(hashes)
	f.commit(b, 9, nil, hashes)

	c, err := walker(f, mapBlobs{hashes[0]: blobs[0]}).Commit(context.Background(), 1)
	require.NoError(t, err)
	require.Len(t, c.Blocks, 2)

	beacon := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/eth/v1/beacon/genesis":
			fmt.Fprint(w, `{"data":{"genesis_time":"0"}}`)
		case "/eth/v1/config/spec":
			fmt.Fprint(w, `{"data":{"SECONDS_PER_SLOT":"12"}}`)
		default:
			http.NotFound(w, r)
		}
	}))
	defer beacon.Close()
	src, err := blobsource.New([]string{beacon.URL}, f, blobsource.Options{RequestTimeout: 5 * time.Second})
	require.NoError(t, err)
	_, err = walker(f, src).Commit(context.Background(), 1)
	var nf *blobsource.NotFoundError
	require.ErrorAs(t, err, &nf)
	require.EqualValues(t, 9, nf.Slot)
	require.ErrorContains(t, err, "batch 1: blobsource: L1 block #9")
	require.ErrorContains(t, err, "(slot 9)")
}

// mapBlobs serves the blobs it has.
type mapBlobs map[common.Hash]kzg4844.Blob

func (m mapBlobs) Blobs(_ context.Context, _ blobsource.Block, hs []common.Hash) ([]kzg4844.Blob, error) {
	var out []kzg4844.Blob
	for _, h := range hs {
		b, ok := m[h]
		if !ok {
			return nil, fmt.Errorf("no blob %s", h)
		}
		out = append(out, b)
	}
	return out, nil
}

// The first field of a rebuilt batch that differs from L1's header is
// named in one line, with the batch and its last block.
func TestCompareNamesTheFirstDifference(t *testing.T) {
	l1 := batch(4, testData)
	require.NoError(t, compare(&l1, &l1))
	got := l1
	got.StateRoot, got.WithdrawalsRoot = common.Hash{0x51}, common.Hash{0x52}
	err := compare(&got, &l1)
	require.EqualError(t, err, fmt.Sprintf("batch 4 (blocks 7..8, at block 8): state root differs: rebuilt %s, L1 %s", got.StateRoot, l1.StateRoot))
	got = l1
	got.LastDepositID = 3
	require.ErrorContains(t, compare(&got, &l1), "last deposit id differs: rebuilt 3, L1 0")
}
