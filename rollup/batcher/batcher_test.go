package batcher

import (
	"context"
	"fmt"
	"log/slog"
	"math/big"
	"testing"

	"github.com/cairn-rollup/cairn/rollup"
	"github.com/cairn-rollup/cairn/rollup/batchdata"
	"github.com/cairn-rollup/cairn/store"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/params"
	"github.com/ethereum/go-ethereum/rlp"
	"github.com/ethereum/go-ethereum/trie"
	"github.com/stretchr/testify/require"
)

var (
	genesisRoot   = common.HexToHash("0x6e")
	genesisHeader = &types.Header{Number: big.NewInt(0), Root: genesisRoot, Difficulty: big.NewInt(0)}
)

func chainConfig() *params.ChainConfig {
	cc := *params.AllDevChainProtocolChanges
	cc.ChainID = big.NewInt(7)
	return &cc
}

// addBlock stores block n with a deposit on even blocks and a withdrawal on
// every third.
func addBlock(t *testing.T, st *store.Store, n uint64) { addBlockWitness(t, st, n, []byte{byte(n)}) }

// addBlockWitness stores final block n with witness w.
func addBlockWitness(t *testing.T, st *store.Store, n uint64, w []byte) *types.Block {
	t.Helper()
	h := &types.Header{Number: new(big.Int).SetUint64(n), Time: 100 + n, GasUsed: 21000, Difficulty: big.NewInt(0),
		Root: common.BigToHash(new(big.Int).SetUint64(1000 + n))}
	var ws []*types.Withdrawal
	var through uint64
	if n%2 == 0 {
		ws = []*types.Withdrawal{{Index: n / 2, Address: common.HexToAddress("0xd"), Amount: n}}
		through = n / 2
	} else {
		through = (n - 1) / 2
	}
	b := types.NewBlock(h, &types.Body{Withdrawals: ws}, nil, trie.NewStackTrie(nil))
	enc, err := rlp.EncodeToBytes(b)
	require.NoError(t, err)
	var wds []rollup.Withdrawal
	if n%3 == 0 {
		wds = []rollup.Withdrawal{{ID: n / 3, From: common.HexToAddress("0xf"), L1Recipient: common.HexToAddress("0xe"),
			Amount: big.NewInt(int64(n)), TxHash: common.BigToHash(new(big.Int).SetUint64(n)), BlockNumber: n}}
	}
	require.NoError(t, st.SaveFinalBlock(n, &store.FinalBlock{Block: enc, Witness: w, Withdrawals: wds, DepositsThrough: through}))
	return b
}

func sealed(t *testing.T, st *store.Store) []store.SealedBatch {
	last, err := st.LastSealed()
	require.NoError(t, err)
	var out []store.SealedBatch
	for n := uint64(1); n <= last; n++ {
		sb, err := st.Batch(n)
		require.NoError(t, err)
		out = append(out, *sb)
	}
	return out
}

// memStore is an in-memory store closed with the test.
func memStore(t *testing.T) *store.Store {
	t.Helper()
	st, err := store.Open("")
	require.NoError(t, err)
	t.Cleanup(func() { _ = st.Close() })
	return st
}

// The tests' sealing limits (three blocks a batch) and publisher.
var (
	testLimits = rollup.SealLimits{MaxBlocks: 3, MaxGas: 1 << 40, MaxSeconds: 100, MaxDeposits: 100, MaxDABytes: 1 << 17}
	testPub    = batchdata.Publisher{Mode: batchdata.Calldata}
)

func newBatcher(t *testing.T, st Store) *Batcher {
	b, err := New(st, chainConfig(), testLimits, testPub, genesisHeader, slog.New(slog.DiscardHandler))
	require.NoError(t, err)
	b.Inputs, b.KeepData = witnessesByNumber{}, true
	return b
}

// witnessesByNumber regenerates a block's witness as addBlock stores it:
// one byte, the block number (hashes are mapped through the store).
type witnessesByNumber map[common.Hash]byte

func (w witnessesByNumber) Witness(_ context.Context, h common.Hash) ([]byte, error) {
	n, ok := w[h]
	if !ok {
		return nil, fmt.Errorf("no block %s", h)
	}
	return []byte{n}, nil
}

func TestRestartMidBatchSealsTheSameBatches(t *testing.T) {
	ctx := context.Background()
	straight := memStore(t)
	b := newBatcher(t, straight)
	for n := uint64(1); n <= 10; n++ {
		addBlock(t, straight, n)
		require.NoError(t, b.CatchUp(ctx))
	}

	restarted := memStore(t)
	b = newBatcher(t, restarted)
	for n := uint64(1); n <= 10; n++ {
		addBlock(t, restarted, n)
		if n == 4 || n == 8 { // a new batcher (a restarted node) picks up mid-batch
			b = newBatcher(t, restarted)
		}
		require.NoError(t, b.CatchUp(ctx))
	}
	want, got := sealed(t, straight), sealed(t, restarted)
	require.Len(t, want, 3)
	require.Equal(t, want, got)
	// Each batch keeps the data it publishes, which its commitment binds.
	for _, sb := range got {
		blocks, err := batchdata.Decode(sb.Data)
		require.NoError(t, err)
		require.Len(t, blocks, 3)
		require.Equal(t, batchdata.CalldataCommitment(sb.Data), sb.Batch.DataCommitment)
	}

	// The prover input of each batch holds exactly its blocks and witnesses,
	// and the deposit state it starts from.
	for i, sb := range got {
		enc, err := restarted.ProverInput(sb.Batch.Number)
		require.NoError(t, err)
		in, err := rollup.DecodeProverInput(enc)
		require.NoError(t, err)
		require.Equal(t, sb.Batch, in.Batch)
		require.Len(t, in.Witnesses, 3)
		require.Equal(t, []byte{byte(sb.Batch.FirstBlock)}, in.Witnesses[0])
		if i > 0 {
			require.Equal(t, got[i-1].Batch.DepositsRollingHash, in.PrevDepositsRollingHash)
			require.Equal(t, got[i-1].Batch.LastDepositID, in.Batch.PrevLastDepositID)
			require.Equal(t, got[i-1].Batch.LastBlockHash, in.Batch.PrevLastBlockHash)
		} else {
			require.Equal(t, genesisRoot, sb.Batch.PrevStateRoot)
			require.Equal(t, genesisHeader.Hash(), sb.Batch.PrevLastBlockHash, "batch 1 builds on the genesis block")
		}
	}
	// Withdrawals are indexed by transaction for withdrawal proofs.
	bs, err := restarted.BatchesOfTx(common.BigToHash(big.NewInt(6)))
	require.NoError(t, err)
	require.Equal(t, []uint64{2}, bs)
}

// A node that does not prove stores batches without inputs or data; the
// input and the data it builds on request are the ones a proving node
// stored, witnesses regenerated.
func TestBatchesWithoutInputsBuildThemOnRequest(t *testing.T) {
	ctx := context.Background()
	proving := memStore(t)
	plain := memStore(t)
	bp := newBatcher(t, proving)
	bn := newBatcher(t, plain)
	bn.Inputs, bn.KeepData = nil, false
	regen := witnessesByNumber{}
	for n := uint64(1); n <= 6; n++ {
		addBlock(t, proving, n)
		blk := addBlockWitness(t, plain, n, nil) // its sequencer keeps none
		require.NoError(t, bp.CatchUp(ctx))
		require.NoError(t, bn.CatchUp(ctx))
		regen[blk.Hash()] = byte(n)
	}
	want := sealed(t, proving)
	got := sealed(t, plain)
	require.Len(t, got, 2)
	for i := range got {
		require.Empty(t, got[i].Data, "a node that does not commit keeps no data")
		data, err := bn.Data(got[i].Batch.Number)
		require.NoError(t, err)
		require.Equal(t, want[i].Data, data)
		got[i].Data = data
	}
	require.Equal(t, want, got)
	for n := uint64(1); n <= 2; n++ {
		_, err := plain.ProverInput(n)
		require.ErrorIs(t, err, store.ErrNotFound)
		want, err := proving.ProverInput(n)
		require.NoError(t, err)
		got, err := bn.ProverInput(ctx, n, regen)
		require.NoError(t, err)
		require.Equal(t, want, got)
	}
	_, err := bn.ProverInput(ctx, 0, regen)
	require.Error(t, err)
	_, err = bn.ProverInput(ctx, 3, regen)
	require.ErrorIs(t, err, store.ErrNotFound)
}

// Data encoded again must be the data the batch commits to.
func TestDataRebuiltIsCheckedAgainstTheCommitment(t *testing.T) {
	st := memStore(t)
	b := newBatcher(t, st)
	b.Inputs, b.KeepData = nil, false
	for n := uint64(1); n <= 3; n++ {
		addBlockWitness(t, st, n, nil)
		require.NoError(t, b.CatchUp(context.Background()))
	}
	_, err := b.Data(1)
	require.NoError(t, err)

	// A publisher that encodes differently now: the commitment refuses it.
	b.pub = batchdata.Publisher{Mode: batchdata.Blobs}
	_, err = b.Data(1)
	require.ErrorContains(t, err, "commits to")
}

// garbledBlocks is a store whose final blocks do not decode.
type garbledBlocks struct{ *store.Store }

func (g garbledBlocks) FinalBlock(n uint64) (*store.FinalBlock, error) {
	fb, err := g.Store.FinalBlock(n)
	if err != nil {
		return nil, err
	}
	c := *fb
	c.Block = []byte{0xff}
	return &c, nil
}

// A block handed with Known is sealed as it is, its stored copy neither
// decoded nor needed, into the batches the store's copies give; what
// CatchUp did not take is forgotten.
func TestCatchUpTakesKnownBlocks(t *testing.T) {
	ctx := context.Background()
	fromStore := memStore(t)
	known := memStore(t)
	limits, pub := testLimits, testPub
	a, err := New(fromStore, chainConfig(), limits, pub, genesisHeader, slog.New(slog.DiscardHandler))
	require.NoError(t, err)
	b, err := New(garbledBlocks{known}, chainConfig(), limits, pub, genesisHeader, slog.New(slog.DiscardHandler))
	require.NoError(t, err)
	for n := uint64(1); n <= 7; n++ {
		addBlock(t, fromStore, n)
		addBlock(t, known, n)
		require.NoError(t, a.CatchUp(ctx))
		fb, err := a.storedBlock(n)
		require.NoError(t, err)
		b.Known(n, fb)
		b.Known(n+1, fb) // not stored yet: dropped by this CatchUp
		require.NoError(t, b.CatchUp(ctx))
		require.Nil(t, b.known)
	}
	want := sealed(t, fromStore)
	require.Len(t, want, 2)
	require.Equal(t, want, sealed(t, known))

	// Without a known block, the store's copy is read: here it does not decode.
	addBlock(t, known, 8)
	require.ErrorContains(t, b.CatchUp(ctx), "stored block 8")
}
