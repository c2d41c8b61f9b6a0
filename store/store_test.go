package store

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math/big"
	"sync"
	"testing"

	"github.com/cockroachdb/pebble/v2"

	"github.com/ethereum/go-ethereum/common"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cairn-rollup/cairn/rollup"
)

func open(t *testing.T, dir string) *Store {
	t.Helper()
	s, err := Open(dir)
	require.NoError(t, err)
	t.Cleanup(func() { _ = s.Close() })
	return s
}

func dep(id uint64, to string, amount int64) rollup.Deposit {
	return rollup.Deposit{ID: id, To: common.HexToAddress(to), Amount: big.NewInt(amount)}
}

func TestGenesisMismatchIsRefused(t *testing.T) {
	s := open(t, "")
	require.NoError(t, s.CheckGenesis(common.HexToHash("0x01")))
	require.NoError(t, s.CheckGenesis(common.HexToHash("0x01")))
	require.ErrorContains(t, s.CheckGenesis(common.HexToHash("0x02")), "another --data-dir")
}

func TestBlocksMustBeContiguous(t *testing.T) {
	s := open(t, "")
	require.NoError(t, s.SaveFinalBlock(1, &FinalBlock{Block: []byte{1}, Witness: []byte{2}}))
	require.ErrorContains(t, s.SaveFinalBlock(3, &FinalBlock{}), "last finalized block is 1")
	require.ErrorContains(t, s.SaveFinalBlock(1, &FinalBlock{}), "last finalized block is 1")
	fb, err := s.FinalBlock(1)
	require.NoError(t, err)
	require.Equal(t, []byte{2}, fb.Witness)
	_, err = s.FinalBlock(2)
	require.ErrorIs(t, err, ErrNotFound)
}

func TestDepositsAreContiguousAndRescansAreHarmless(t *testing.T) {
	s := open(t, "")
	require.NoError(t, s.SaveDeposits([]rollup.Deposit{dep(1, "0xa", 10), dep(2, "0xb", 20)}, 50, common.Hash{}))
	// A rescan of the same range changes nothing.
	require.NoError(t, s.SaveDeposits([]rollup.Deposit{dep(2, "0xb", 20), dep(3, "0xc", 30)}, 60, common.Hash{}))
	last, err := s.LastDepositID()
	require.NoError(t, err)
	require.Equal(t, uint64(3), last)
	cur, err := s.L1Cursor()
	require.NoError(t, err)
	require.Equal(t, uint64(60), cur)

	require.ErrorContains(t, s.SaveDeposits([]rollup.Deposit{dep(5, "0xa", 1)}, 70, common.Hash{}), "missing")
	require.ErrorContains(t, s.SaveDeposits([]rollup.Deposit{dep(2, "0xb", 21)}, 70, common.Hash{}), "other contents")
	// A refused write does not move the cursor.
	cur, _ = s.L1Cursor()
	require.Equal(t, uint64(60), cur)
	d, err := s.Deposit(2)
	require.NoError(t, err)
	require.Equal(t, int64(20), d.Amount.Int64())
}

func TestRewindForgetsUnmintedDepositsAfterTheForkPoint(t *testing.T) {
	s := open(t, "")
	at := func(d rollup.Deposit, block uint64) rollup.Deposit { d.L1Block = block; return d }
	h := common.HexToHash("0xc1")
	require.NoError(t, s.SaveDeposits([]rollup.Deposit{at(dep(1, "0xa", 10), 5), at(dep(2, "0xb", 20), 7),
		at(dep(3, "0xc", 30), 9), at(dep(4, "0xd", 40), 9)}, 10, h))
	cur, err := s.L1Cursor()
	require.NoError(t, err)
	require.Equal(t, uint64(10), cur)
	got, err := s.L1CursorHash()
	require.NoError(t, err)
	require.Equal(t, h, got)
	// Block 1 minted deposits 1 and 2.
	require.NoError(t, s.SaveFinalBlock(1, &FinalBlock{DepositsThrough: 2}))

	// L1 reorged from block 6 on: 3 and 4 are forgotten, 2 is minted and kept.
	kept, minted, err := s.RewindL1(6, common.HexToHash("0xc0"))
	require.NoError(t, err)
	require.Equal(t, uint64(2), kept)
	require.Equal(t, uint64(2), minted)
	last, _ := s.LastDepositID()
	require.Equal(t, uint64(2), last)
	_, err = s.Deposit(3)
	require.ErrorIs(t, err, ErrNotFound)
	cur, _ = s.L1Cursor()
	require.Equal(t, uint64(6), cur)
	got, _ = s.L1CursorHash()
	require.Equal(t, common.HexToHash("0xc0"), got)

	// Re-read from the new chain: 2 moved to block 8, the new 3 differs from the old 3.
	require.NoError(t, s.SaveDeposits([]rollup.Deposit{at(dep(2, "0xb", 20), 8), at(dep(3, "0xe", 50), 8)}, 9, common.HexToHash("0xc2")))
	d, err := s.Deposit(2)
	require.NoError(t, err)
	require.Equal(t, uint64(8), d.L1Block)
	d, err = s.Deposit(3)
	require.NoError(t, err)
	require.Equal(t, common.HexToAddress("0xe"), d.To)
	// A minted deposit that comes back with other contents is refused.
	_, _, err = s.RewindL1(6, common.HexToHash("0xc0"))
	require.NoError(t, err)
	require.ErrorContains(t, s.SaveDeposits([]rollup.Deposit{at(dep(2, "0xb", 21), 8)}, 9, common.Hash{}), "other contents")
}

func TestBatchWithInputAndWithdrawalIndex(t *testing.T) {
	s := open(t, "")
	tx := common.HexToHash("0x77")
	sb := &SealedBatch{Batch: rollup.Batch{Number: 1, FirstBlock: 1, LastBlock: 2},
		Withdrawals: []rollup.Withdrawal{{ID: 1, TxHash: tx, Amount: big.NewInt(5)}}}
	require.NoError(t, s.SaveBatch(sb, []byte("input")))
	require.ErrorContains(t, s.SaveBatch(&SealedBatch{Batch: rollup.Batch{Number: 3}}, nil), "last sealed batch is 1")
	got, err := s.Batch(1)
	require.NoError(t, err)
	require.Equal(t, sb.Batch, got.Batch)
	in, err := s.ProverInput(1)
	require.NoError(t, err)
	require.Equal(t, []byte("input"), in)
	bs, err := s.BatchesOfTx(tx)
	require.NoError(t, err)
	require.Equal(t, []uint64{1}, bs)
	bs, err = s.BatchesOfTx(common.HexToHash("0x78"))
	require.NoError(t, err)
	require.Empty(t, bs)
}

func TestFirstProofWins(t *testing.T) {
	s := open(t, "")
	stored, err := s.SaveProof(1, 1, []byte("first"))
	require.NoError(t, err)
	require.True(t, stored)
	stored, err = s.SaveProof(1, 1, []byte("second"))
	require.NoError(t, err)
	require.False(t, stored)
	p, err := s.Proof(1, 1)
	require.NoError(t, err)
	require.Equal(t, []byte("first"), p)
	_, err = s.Proof(1, 2)
	require.ErrorIs(t, err, ErrNotFound)
}

func TestProofTypesOfABatch(t *testing.T) {
	s := open(t, "")
	types, err := s.ProofTypes(2)
	require.NoError(t, err)
	require.Empty(t, types)
	for _, p := range []struct {
		batch uint64
		typ   uint8
	}{{2, 3}, {2, 1}, {1, 2}, {3, 255}} {
		_, err := s.SaveProof(p.batch, p.typ, []byte("proof"))
		require.NoError(t, err)
	}
	for batch, want := range map[uint64][]uint8{1: {2}, 2: {1, 3}, 3: {255}, 4: nil} {
		types, err := s.ProofTypes(batch)
		require.NoError(t, err)
		require.Equal(t, want, types, "batch %d", batch)
	}
}

func TestStateSurvivesReopen(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir)
	require.NoError(t, err)
	require.NoError(t, s.SaveFinalBlock(1, &FinalBlock{Block: []byte{1}}))
	require.NoError(t, s.SaveDeposits([]rollup.Deposit{dep(1, "0xa", 10)}, 9, common.Hash{}))
	require.NoError(t, s.Close())

	s = open(t, dir)
	last, err := s.LastBlock()
	require.NoError(t, err)
	require.Equal(t, uint64(1), last)
	cur, err := s.L1Cursor()
	require.NoError(t, err)
	require.Equal(t, uint64(9), cur)
}

// TestConcurrentSaveProofOneWins: goroutines racing to save a proof of one
// batch; exactly one is told it stored, and the stored proof is its.
func TestConcurrentSaveProofOneWins(t *testing.T) {
	s := open(t, t.TempDir()) // on disk: synced writes widen any race
	const n = 32
	for batch := uint64(1); batch <= 5; batch++ {
		stored := make([]bool, n)
		var wg sync.WaitGroup
		start := make(chan struct{})
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				ok, err := s.SaveProof(batch, 1, []byte(fmt.Sprintf("proof %d", i)))
				assert.NoError(t, err)
				stored[i] = ok
			}()
		}
		close(start)
		wg.Wait()
		winner := -1
		for i, ok := range stored {
			if ok {
				require.Equal(t, -1, winner, "batch %d: proofs %d and %d both stored", batch, winner, i)
				winner = i
			}
		}
		require.NotEqual(t, -1, winner)
		p, err := s.Proof(batch, 1)
		require.NoError(t, err)
		require.Equal(t, fmt.Sprintf("proof %d", winner), string(p))
	}
}

func TestProverInputReader(t *testing.T) {
	s := open(t, "")
	input := bytes.Repeat([]byte("witness "), 1<<16)
	require.NoError(t, s.SaveBatch(&SealedBatch{Batch: rollup.Batch{Number: 1}}, input))
	r, err := s.ProverInputReader(1)
	require.NoError(t, err)
	size, err := r.Seek(0, io.SeekEnd)
	require.NoError(t, err)
	require.Equal(t, int64(len(input)), size)
	_, err = r.Seek(0, io.SeekStart)
	require.NoError(t, err)
	got, err := io.ReadAll(r)
	require.NoError(t, err)
	require.Equal(t, input, got)
	require.NoError(t, r.Close())
	_, err = s.ProverInputReader(2)
	require.ErrorIs(t, err, ErrNotFound)
}

func TestOpenRefusesADataDirInUse(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir)
	require.NoError(t, err)
	defer s.Close()
	_, err = Open(dir)
	require.ErrorContains(t, err, "is another cairn node running on this data dir")
}

// TestLargeValuesAreKeptOutOfCompactions: blocks and witnesses go to blob
// files on flush, survive a full compaction and a reopen unchanged, and
// small records stay in the tables.
func TestLargeValuesAreKeptOutOfCompactions(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir)
	require.NoError(t, err)
	blocks := make([][]byte, 12)
	for i := range blocks {
		blocks[i] = bytes.Repeat([]byte{byte(i + 1)}, 64<<10)
		require.NoError(t, s.SaveFinalBlock(uint64(i+1), &FinalBlock{Block: blocks[i], Witness: []byte{byte(i)}}))
	}
	require.NoError(t, s.db.Flush())
	require.NoError(t, s.db.Compact(context.Background(), []byte{0}, []byte{0xff}, true))
	m := s.db.Metrics()
	require.NotZero(t, m.BlobFiles.LiveCount, "no blob file: values were written into the tables")
	assert.GreaterOrEqual(t, m.BlobFiles.ReferencedValueSize, uint64(len(blocks)*64<<10))
	require.NoError(t, s.Close())

	s = open(t, dir)
	for i, want := range blocks {
		fb, err := s.FinalBlock(uint64(i + 1))
		require.NoError(t, err)
		require.Equal(t, want, fb.Block)
		require.Equal(t, []byte{byte(i)}, fb.Witness)
	}
}

// TestOpenUpgradesAnOlderStore: a data dir written in Pebble's older
// format (before value separation) opens, keeps its records and is moved
// to the format that separates values.
func TestOpenUpgradesAnOlderStore(t *testing.T) {
	dir := t.TempDir()
	old, err := pebble.Open(dir, &pebble.Options{Logger: quietLogger{}, FormatMajorVersion: pebble.FormatMinSupported})
	require.NoError(t, err)
	h := common.HexToHash("0x1234")
	require.NoError(t, old.Set(kGenesis, h[:], pebble.Sync))
	require.NoError(t, old.Close())

	s := open(t, dir)
	require.NoError(t, s.CheckGenesis(h))
	require.Error(t, s.CheckGenesis(common.HexToHash("0x99")))
	assert.Equal(t, pebble.FormatValueSeparation, s.db.FormatMajorVersion())
	require.NoError(t, s.SaveFinalBlock(1, &FinalBlock{Block: bytes.Repeat([]byte{7}, 8<<10)}))
}

// The L1-derived mark survives a reopen; a store without one reads 0.
func TestL1DerivedMark(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir)
	require.NoError(t, err)
	n, err := s.L1Derived()
	require.NoError(t, err)
	require.Zero(t, n)
	require.NoError(t, s.SetL1Derived(12))
	require.NoError(t, s.Close())
	s = open(t, dir)
	n, err = s.L1Derived()
	require.NoError(t, err)
	require.EqualValues(t, 12, n)
}

func TestDepositsThroughIsIndexedAndReadsOlderBlocks(t *testing.T) {
	s := open(t, "")
	require.NoError(t, s.SaveFinalBlock(1, &FinalBlock{DepositsThrough: 0}))
	require.NoError(t, s.SaveFinalBlock(2, &FinalBlock{DepositsThrough: 3}))
	require.NoError(t, s.SaveFinalBlock(3, &FinalBlock{DepositsThrough: 4}))
	// Block 2 as a store written before the index existed holds it.
	require.NoError(t, s.db.Delete(numKey(pThrough, 2), pebble.Sync))
	for n, want := range []uint64{0, 0, 3, 4} {
		got, err := s.DepositsThrough(uint64(n))
		require.NoError(t, err)
		require.Equal(t, want, got, "block %d", n)
	}
	_, err := s.DepositsThrough(4)
	require.ErrorIs(t, err, ErrNotFound)
}
