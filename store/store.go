package store

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math/big"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/cairn-rollup/cairn/rollup"
	"github.com/cockroachdb/pebble/v2"
	"github.com/cockroachdb/pebble/v2/vfs"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/rlp"
)

// ErrNotFound is returned when a record does not exist.
var ErrNotFound = errors.New("not found")

// Key prefixes. One byte each; never reuse a retired one.
const (
	pMeta       = 'm' // m<name> → value
	pBlock      = 'b' // b<n> → FinalBlock
	pDeposit    = 'd' // d<id> → rollup.Deposit
	pBatch      = 'B' // B<n> → SealedBatch
	pInput      = 'i' // i<n> → encoded prover input
	pProof      = 'p' // p<n><type> → proof bytes
	pWithdrawTx = 'w' // w<txhash><batch> → nil: the batches holding a tx's withdrawals
	pMarket     = 'q' // q<n> → MarketRequest: the batch's Proof Manager request as the submitter knows it
	pVote       = 'v' // v<n><signer> → encoded attest.Vote (attest.go)
	pEvidence   = 'e' // e<n><signer><hash> → encoded attest.Vote for another batch hash (attest.go)
	pCert       = 'l' // l1_batches_consensus/<n> → encoded attest.Certificate (attest.go)
	// pThrough indexes FinalBlock.DepositsThrough so that the block that
	// minted a deposit is found without decoding blocks and witnesses.
	pThrough = 'D' // D<n> → u64: block n's DepositsThrough
)

var (
	kGenesis    = []byte("mgenesis")
	kLastBlock  = []byte("mlastblock")
	kLastSealed = []byte("mlastsealed")
	kL1Cursor   = []byte("ml1cursor")
	// kL1CursorHash is the hash of L1 block cursor−1 (a separate key so that
	// stores written before it existed still read).
	kL1CursorHash = []byte("ml1cursorhash")
	kLastDepo     = []byte("mlastdeposit")
	kPMCursor     = []byte("mpmcursor")
	kPMNext       = []byte("mpmnext")
	kReplica      = []byte("mreplica")
	// kL1Derived is the last block `cairn reconstruct` rebuilt from L1:
	// blocks up to it are stored without a CommitQC.
	kL1Derived = []byte("ml1derived")
)

// Store is the node's Pebble database.
type Store struct {
	db *pebble.DB
	// proofMu makes SaveProof's check and write one step: Pebble has no
	// compare-and-set, and the coordinator's sessions and the market
	// submitter save proofs concurrently.
	proofMu sync.Mutex
}

// Open opens (creating if needed) the store in dir; dir "" keeps it in
// memory, for tests.
func Open(dir string) (*Store, error) {
	var fs vfs.FS
	if dir == "" {
		fs = vfs.NewMem()
	}
	return openFS(dir, fs)
}

// openFS opens the store in dir on fs (nil: the disk).
func openFS(dir string, fs vfs.FS) (*Store, error) {
	opts := &pebble.Options{Logger: quietLogger{}, FormatMajorVersion: pebble.FormatValueSeparation, FS: fs}
	opts.Experimental.ValueSeparationPolicy = valueSeparation
	db, err := pebble.Open(dir, opts)
	if err != nil && (errors.Is(err, syscall.EAGAIN) || strings.Contains(err.Error(), "lock held")) {
		return nil, fmt.Errorf("open store %q: it is in use (is another cairn node running on this data dir?)", dir)
	}
	if err != nil {
		return nil, fmt.Errorf("open store %q: %w", dir, err)
	}
	return &Store{db: db}, nil
}

// valueSeparation keeps large values (blocks, witnesses, prover inputs:
// hundreds of KB to MB each) in blob files that are written once, when the
// memtable is flushed, and that compactions reference instead of
// rewriting. Every sstable's key range spans the meta keys that each block
// rewrites, so without it every compaction copied the blocks and witnesses
// under it again: at 4,000 transfers a second that was about 20 µs of CPU
// per transfer, growing with the levels. The store only deletes votes and
// certificates (small), so blob files gather little garbage.
func valueSeparation() pebble.ValueSeparationPolicy {
	return pebble.ValueSeparationPolicy{Enabled: true, MinimumSize: 4 << 10, MaxBlobReferenceDepth: 10,
		RewriteMinimumAge: 10 * time.Minute, TargetGarbageRatio: 0.2}
}

// Compact flushes the memtable and compacts every key, so that the files
// hold each record once, compressed (seconds per gigabyte; for
// measurements).
func (s *Store) Compact(ctx context.Context) error {
	if err := s.db.Flush(); err != nil {
		return fmt.Errorf("flush store: %w", err)
	}
	if err := s.db.Compact(ctx, []byte{0}, bytes.Repeat([]byte{0xff}, 64), true); err != nil {
		return fmt.Errorf("compact store: %w", err)
	}
	return nil
}

// Close flushes and closes the database.
func (s *Store) Close() error { return s.db.Close() }

// CheckGenesis records the genesis hash on first use and refuses a store
// that belongs to another chain.
func (s *Store) CheckGenesis(h common.Hash) error {
	got, err := s.get(kGenesis)
	if errors.Is(err, ErrNotFound) {
		return s.db.Set(kGenesis, h[:], pebble.Sync)
	}
	if err != nil {
		return err
	}
	if common.BytesToHash(got) != h {
		return fmt.Errorf("data dir belongs to genesis %x, this node runs genesis %x: use another --data-dir", got, h)
	}
	return nil
}

// FinalBlock is a finalized L2 block as the node keeps it.
type FinalBlock struct {
	Block       []byte // RLP of types.Block
	Witness     []byte // RLP of stateless.Witness
	Withdrawals []rollup.Withdrawal
	// DepositsThrough is the last deposit id minted up to and including
	// this block.
	DepositsThrough uint64
	// QC is the encoded CommitQC that finalized the block.
	QC []byte `rlp:"optional"`
}

// SaveFinalBlock stores block n and makes it the last finalized block,
// durably. n must follow the last one.
func (s *Store) SaveFinalBlock(n uint64, fb *FinalBlock) error {
	return s.saveFinalBlock(n, fb, pebble.Sync)
}

// SaveFinalBlockNoSync is SaveFinalBlock without waiting for the disk: a
// crash may lose the block, and those saved after it, until the next Sync
// (or durable write). For runs of blocks that peers keep too (block sync).
func (s *Store) SaveFinalBlockNoSync(n uint64, fb *FinalBlock) error {
	return s.saveFinalBlock(n, fb, pebble.NoSync)
}

// Sync makes every write before it durable (one sync of the write-ahead
// log).
func (s *Store) Sync() error {
	if err := s.db.LogData(nil, pebble.Sync); err != nil {
		return fmt.Errorf("store: sync: %w", err)
	}
	return nil
}

func (s *Store) saveFinalBlock(n uint64, fb *FinalBlock, opts *pebble.WriteOptions) error {
	last, err := s.LastBlock()
	if err != nil {
		return err
	}
	if n != last+1 {
		return fmt.Errorf("save block %d: last finalized block is %d", n, last)
	}
	enc, err := rlp.EncodeToBytes(fb)
	if err != nil {
		return fmt.Errorf("encode block %d: %w", n, err)
	}
	b := s.db.NewBatch()
	defer b.Close()
	_ = b.Set(numKey(pBlock, n), enc, nil)
	_ = b.Set(numKey(pThrough, n), u64(fb.DepositsThrough), nil)
	_ = b.Set(kLastBlock, u64(n), nil)
	if err := b.Commit(opts); err != nil {
		return fmt.Errorf("save block %d: %w", n, err)
	}
	return nil
}

// FinalBlock returns finalized block n.
func (s *Store) FinalBlock(n uint64) (*FinalBlock, error) {
	var fb FinalBlock
	if err := s.getRLP(numKey(pBlock, n), &fb); err != nil {
		return nil, fmt.Errorf("block %d: %w", n, err)
	}
	return &fb, nil
}

// DepositsThrough is the last deposit id minted up to and including final
// block n (0 for the genesis block), FinalBlock(n).DepositsThrough. Blocks
// stored before the index existed are read whole.
func (s *Store) DepositsThrough(n uint64) (uint64, error) {
	if n == 0 {
		return 0, nil
	}
	v, err := s.get(numKey(pThrough, n))
	if err == nil && len(v) == 8 {
		return binary.BigEndian.Uint64(v), nil
	}
	if err != nil && !errors.Is(err, ErrNotFound) {
		return 0, fmt.Errorf("block %d deposits: %w", n, err)
	}
	fb, err := s.FinalBlock(n)
	if err != nil {
		return 0, err
	}
	return fb.DepositsThrough, nil
}

// SetL1Derived records that final blocks 1..n were rebuilt from the
// batches published on L1 (`cairn reconstruct`), not finalized by
// consensus: they carry no CommitQC, and block sync does not serve them.
func (s *Store) SetL1Derived(n uint64) error {
	if err := s.db.Set(kL1Derived, u64(n), pebble.Sync); err != nil {
		return fmt.Errorf("save L1-derived mark %d: %w", n, err)
	}
	return nil
}

// L1Derived is the last block rebuilt from L1 (SetL1Derived), 0 for none.
func (s *Store) L1Derived() (uint64, error) { return s.getU64(kL1Derived) }

// SaveReplicaState stores the consensus replica's state and syncs it to
// disk before returning: a vote leaves the node only after this.
func (s *Store) SaveReplicaState(state []byte) error {
	if err := s.db.Set(kReplica, state, pebble.Sync); err != nil {
		return fmt.Errorf("save replica state: %w", err)
	}
	return nil
}

// ReplicaState returns the stored replica state (nil if none).
func (s *Store) ReplicaState() ([]byte, error) {
	b, err := s.get(kReplica)
	if errors.Is(err, ErrNotFound) {
		return nil, nil
	}
	return b, err
}

// LastBlock is the number of the last finalized block (0 = genesis only).
func (s *Store) LastBlock() (uint64, error) { return s.getU64(kLastBlock) }

// SaveDeposits stores deposits seen on L1 and advances the watcher's cursor
// to next (the first L1 block not yet scanned), with the hash of block
// next−1 as the watcher saw it, in one write. Deposits must continue the
// stored ones without a gap; one already stored is checked to be identical
// (the same id, recipient and amount), so a rescan is harmless and a
// conflicting log is refused. A deposit seen again after an L1 reorg keeps
// its new place on L1 (block and transaction).
func (s *Store) SaveDeposits(deps []rollup.Deposit, next uint64, cursorHash common.Hash) error {
	last, err := s.LastDepositID()
	if err != nil {
		return err
	}
	b := s.db.NewBatch()
	defer b.Close()
	for _, d := range deps {
		if d.ID <= last {
			old, err := s.Deposit(d.ID)
			if err != nil {
				return err
			}
			if old.To != d.To || old.Amount.Cmp(d.Amount) != 0 {
				return fmt.Errorf("deposit %d seen again with other contents (to %s amount %s, stored to %s amount %s)",
					d.ID, d.To, d.Amount, old.To, old.Amount)
			}
			if old.L1Block == d.L1Block && old.L1TxHash == d.L1TxHash {
				continue
			}
		} else if d.ID != last+1 {
			return fmt.Errorf("deposit %d follows %d: a deposit is missing", d.ID, last)
		}
		enc, err := rlp.EncodeToBytes(&d)
		if err != nil {
			return fmt.Errorf("encode deposit %d: %w", d.ID, err)
		}
		_ = b.Set(numKey(pDeposit, d.ID), enc, nil)
		last = max(last, d.ID)
	}
	_ = b.Set(kLastDepo, u64(last), nil)
	_ = b.Set(kL1Cursor, u64(next), nil)
	_ = b.Set(kL1CursorHash, cursorHash[:], nil)
	if err := b.Commit(pebble.Sync); err != nil {
		return fmt.Errorf("save deposits: %w", err)
	}
	return nil
}

// RewindL1 moves the watcher's cursor back to next (hash: block next−1's)
// after an L1 reorg, and forgets in the same write the deposits seen in
// blocks from next on that no finalized L2 block has minted yet, so that
// they are read again from the new chain. Minted deposits are kept: they
// are checked again when the watcher re-reads them. It returns the last
// deposit id kept and the last one minted.
func (s *Store) RewindL1(next uint64, cursorHash common.Hash) (kept, minted uint64, err error) {
	if lb, err := s.LastBlock(); err != nil {
		return 0, 0, err
	} else if lb > 0 {
		fb, err := s.FinalBlock(lb)
		if err != nil {
			return 0, 0, err
		}
		minted = fb.DepositsThrough
	}
	if kept, err = s.LastDepositID(); err != nil {
		return 0, 0, err
	}
	b := s.db.NewBatch()
	defer b.Close()
	for ; kept > minted; kept-- {
		d, err := s.Deposit(kept)
		if err != nil {
			return 0, 0, err
		}
		if d.L1Block < next {
			break // deposits are stored in L1 order: the ones below are older still
		}
		_ = b.Delete(numKey(pDeposit, kept), nil)
	}
	_ = b.Set(kLastDepo, u64(kept), nil)
	_ = b.Set(kL1Cursor, u64(next), nil)
	_ = b.Set(kL1CursorHash, cursorHash[:], nil)
	if err := b.Commit(pebble.Sync); err != nil {
		return 0, 0, fmt.Errorf("rewind L1 cursor to %d: %w", next, err)
	}
	return kept, minted, nil
}

// Deposit returns deposit id.
func (s *Store) Deposit(id uint64) (*rollup.Deposit, error) {
	var d rollup.Deposit
	if err := s.getRLP(numKey(pDeposit, id), &d); err != nil {
		return nil, fmt.Errorf("deposit %d: %w", id, err)
	}
	if d.Amount == nil {
		d.Amount = new(big.Int)
	}
	return &d, nil
}

// LastDepositID is the highest deposit id seen on L1.
func (s *Store) LastDepositID() (uint64, error) { return s.getU64(kLastDepo) }

// L1Cursor is the first L1 block the watcher has not scanned (0 if never).
func (s *Store) L1Cursor() (uint64, error) { return s.getU64(kL1Cursor) }

// L1CursorHash is the hash of L1 block L1Cursor()−1 as the watcher saw it
// (zero if never recorded).
func (s *Store) L1CursorHash() (common.Hash, error) {
	v, err := s.get(kL1CursorHash)
	if errors.Is(err, ErrNotFound) {
		return common.Hash{}, nil
	}
	if err != nil {
		return common.Hash{}, err
	}
	if len(v) != common.HashLength {
		return common.Hash{}, fmt.Errorf("corrupt record %q", kL1CursorHash)
	}
	return common.BytesToHash(v), nil
}

// SealedBatch is a sealed batch with the withdrawals it carries and the
// data it publishes on L1 (rollup/batchdata).
type SealedBatch struct {
	Batch       rollup.Batch
	Withdrawals []rollup.Withdrawal
	Data        []byte
}

// SaveBatch stores a sealed batch together with its prover input (nil:
// none, on a node that does not prove) and the index from withdrawal
// transactions to the batch, in one write.
func (s *Store) SaveBatch(sb *SealedBatch, input []byte) error {
	n := sb.Batch.Number
	last, err := s.LastSealed()
	if err != nil {
		return err
	}
	if n != last+1 {
		return fmt.Errorf("save batch %d: last sealed batch is %d", n, last)
	}
	enc, err := rlp.EncodeToBytes(sb)
	if err != nil {
		return fmt.Errorf("encode batch %d: %w", n, err)
	}
	b := s.db.NewBatch()
	defer b.Close()
	_ = b.Set(numKey(pBatch, n), enc, nil)
	if input != nil {
		_ = b.Set(numKey(pInput, n), input, nil)
	}
	for _, w := range sb.Withdrawals {
		_ = b.Set(append(append([]byte{pWithdrawTx}, w.TxHash[:]...), u64(n)...), nil, nil)
	}
	_ = b.Set(kLastSealed, u64(n), nil)
	if err := b.Commit(pebble.Sync); err != nil {
		return fmt.Errorf("save batch %d: %w", n, err)
	}
	return nil
}

// Batch returns sealed batch n.
func (s *Store) Batch(n uint64) (*SealedBatch, error) {
	var sb SealedBatch
	if err := s.getRLP(numKey(pBatch, n), &sb); err != nil {
		return nil, fmt.Errorf("batch %d: %w", n, err)
	}
	return &sb, nil
}

// ProverInput returns the encoded prover input of batch n.
func (s *Store) ProverInput(n uint64) ([]byte, error) {
	v, err := s.get(numKey(pInput, n))
	if err != nil {
		return nil, fmt.Errorf("prover input %d: %w", n, err)
	}
	return v, nil
}

// inputReader reads a prover input straight from the database's copy of
// it; Close releases that copy.
type inputReader struct {
	*bytes.Reader
	closer io.Closer
}

func (r *inputReader) Close() error { return r.closer.Close() }

// ProverInputReader returns batch n's encoded prover input without copying
// it, for serving it to the network: readers of the same input share the
// database's copy. The reader must be closed, and before the store.
func (s *Store) ProverInputReader(n uint64) (io.ReadSeekCloser, error) {
	v, c, err := s.db.Get(numKey(pInput, n))
	if errors.Is(err, pebble.ErrNotFound) {
		return nil, fmt.Errorf("prover input %d: %w", n, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("prover input %d: %w", n, err)
	}
	return &inputReader{Reader: bytes.NewReader(v), closer: c}, nil
}

// LastSealed is the number of the last sealed batch (0 = none).
func (s *Store) LastSealed() (uint64, error) { return s.getU64(kLastSealed) }

// BatchesOfTx returns the batches holding withdrawals made by an L2
// transaction, ascending.
func (s *Store) BatchesOfTx(tx common.Hash) ([]uint64, error) {
	prefix := append([]byte{pWithdrawTx}, tx[:]...)
	it, err := s.db.NewIter(&pebble.IterOptions{LowerBound: prefix, UpperBound: upper(prefix)})
	if err != nil {
		return nil, err
	}
	defer it.Close()
	var out []uint64
	for it.First(); it.Valid(); it.Next() {
		k := it.Key()
		out = append(out, binary.BigEndian.Uint64(k[len(prefix):]))
	}
	return out, it.Error()
}

// SaveProof stores a proof of batch n unless one of that type exists: the
// first accepted proof wins, atomically among concurrent callers. It
// reports whether it stored.
func (s *Store) SaveProof(n uint64, proofType uint8, proof []byte) (bool, error) {
	s.proofMu.Lock()
	defer s.proofMu.Unlock()
	k := append(numKey(pProof, n), proofType)
	if _, err := s.get(k); err == nil {
		return false, nil
	} else if !errors.Is(err, ErrNotFound) {
		return false, err
	}
	if err := s.db.Set(k, proof, pebble.Sync); err != nil {
		return false, fmt.Errorf("save proof %d: %w", n, err)
	}
	return true, nil
}

// Proof returns the stored proof of batch n and type, or ErrNotFound.
func (s *Store) Proof(n uint64, proofType uint8) ([]byte, error) {
	return s.get(append(numKey(pProof, n), proofType))
}

// ProofTypes lists the types of the proofs stored for batch n, ascending.
func (s *Store) ProofTypes(n uint64) ([]uint8, error) {
	prefix := numKey(pProof, n)
	it, err := s.db.NewIter(&pebble.IterOptions{LowerBound: prefix, UpperBound: upper(prefix)})
	if err != nil {
		return nil, err
	}
	defer it.Close()
	var out []uint8
	for it.First(); it.Valid(); it.Next() {
		if k := it.Key(); len(k) == len(prefix)+1 {
			out = append(out, k[len(prefix)])
		}
	}
	return out, it.Error()
}

func (s *Store) get(k []byte) ([]byte, error) {
	v, c, err := s.db.Get(k)
	if errors.Is(err, pebble.ErrNotFound) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	defer c.Close()
	return append([]byte(nil), v...), nil
}

func (s *Store) getRLP(k []byte, v any) error {
	b, err := s.get(k)
	if err != nil {
		return err
	}
	if err := rlp.DecodeBytes(b, v); err != nil {
		return fmt.Errorf("corrupt record %q: %w", k[:1], err)
	}
	return nil
}

func (s *Store) getU64(k []byte) (uint64, error) {
	b, err := s.get(k)
	if errors.Is(err, ErrNotFound) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	if len(b) != 8 {
		return 0, fmt.Errorf("corrupt counter %q", k)
	}
	return binary.BigEndian.Uint64(b), nil
}

func u64(n uint64) []byte { return binary.BigEndian.AppendUint64(nil, n) }

func numKey(prefix byte, n uint64) []byte { return binary.BigEndian.AppendUint64([]byte{prefix}, n) }

// upper is the smallest key greater than every key starting with prefix.
func upper(prefix []byte) []byte {
	end := append([]byte(nil), prefix...)
	for i := len(end) - 1; i >= 0; i-- {
		end[i]++
		if end[i] != 0 {
			return end[:i+1]
		}
	}
	return nil
}

type quietLogger struct{}

func (quietLogger) Infof(string, ...any)  {}
func (quietLogger) Errorf(string, ...any) {}
func (quietLogger) Fatalf(format string, args ...any) {
	panic(fmt.Sprintf(format, args...))
}

var _ io.Closer = (*Store)(nil)

// MarketRequest is what the proof submitter keeps of a batch's request on
// the Proof Manager. Status and Assignee mirror the contract's enums.
type MarketRequest struct {
	Batch       uint64
	Status      uint8
	Assignee    uint8
	SubmittedAt uint64
	// Fallback is set once the batch is handed to the internal prover.
	Fallback bool
	// ProofStored is set once the network's proof was verified and stored
	// for the proof sender.
	ProofStored bool
}

// SaveMarketRequest stores a batch's market request.
func (s *Store) SaveMarketRequest(r *MarketRequest) error {
	enc, err := rlp.EncodeToBytes(r)
	if err != nil {
		return err
	}
	if err := s.db.Set(numKey(pMarket, r.Batch), enc, pebble.Sync); err != nil {
		return fmt.Errorf("save market request %d: %w", r.Batch, err)
	}
	return nil
}

// MarketRequest returns a batch's market request, or ErrNotFound.
func (s *Store) MarketRequest(n uint64) (*MarketRequest, error) {
	var r MarketRequest
	if err := s.getRLP(numKey(pMarket, n), &r); err != nil {
		return nil, err
	}
	return &r, nil
}

// MarketRequests returns every stored market request from batch `from` on,
// ascending.
func (s *Store) MarketRequests(from uint64) ([]MarketRequest, error) {
	it, err := s.db.NewIter(&pebble.IterOptions{LowerBound: numKey(pMarket, from), UpperBound: []byte{pMarket + 1}})
	if err != nil {
		return nil, err
	}
	defer it.Close()
	var out []MarketRequest
	for it.First(); it.Valid(); it.Next() {
		var r MarketRequest
		if err := rlp.DecodeBytes(it.Value(), &r); err != nil {
			return nil, fmt.Errorf("corrupt market request: %w", err)
		}
		out = append(out, r)
	}
	return out, it.Error()
}

// MarketCursor is the first L1 block whose Proof Manager events the
// submitter has not read, and the next batch it has not submitted.
func (s *Store) MarketCursor() (block, nextBatch uint64, err error) {
	if block, err = s.getU64(kPMCursor); err != nil {
		return 0, 0, err
	}
	nextBatch, err = s.getU64(kPMNext)
	return block, nextBatch, err
}

// SaveMarketCursor stores the submitter's cursors.
func (s *Store) SaveMarketCursor(block, nextBatch uint64) error {
	b := s.db.NewBatch()
	defer b.Close()
	_ = b.Set(kPMCursor, u64(block), nil)
	_ = b.Set(kPMNext, u64(nextBatch), nil)
	return b.Commit(pebble.Sync)
}
