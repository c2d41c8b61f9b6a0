package reconstruct

import (
	"bytes"
	"context"
	"fmt"
	"math/big"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto/kzg4844"

	"github.com/cairn-rollup/cairn/l1/bindings"
	"github.com/cairn-rollup/cairn/l1/blobsource"
	"github.com/cairn-rollup/cairn/l1/proposer"
	"github.com/cairn-rollup/cairn/rollup"
	"github.com/cairn-rollup/cairn/rollup/batchdata"
)

// L1 is what the walk reads of L1 (*ethclient.Client has it).
type L1 interface {
	CallContract(ctx context.Context, msg ethereum.CallMsg, block *big.Int) ([]byte, error)
	FilterLogs(ctx context.Context, q ethereum.FilterQuery) ([]types.Log, error)
	TransactionByHash(ctx context.Context, hash common.Hash) (*types.Transaction, bool, error)
	BlockNumber(ctx context.Context) (uint64, error)
}

// Blobs serves the verified blobs of an L1 block (*blobsource.Source).
type Blobs interface {
	Blobs(ctx context.Context, block blobsource.Block, versionedHashes []common.Hash) ([]kzg4844.Blob, error)
}

// DefaultLogStep is how many L1 blocks one eth_getLogs query spans.
const DefaultLogStep = 10_000

// Commit is a batch as L1 holds it now: its header, checked against the
// hash L1 stored, and its blocks, decoded from the data whose commitment
// the header binds.
type Commit struct {
	Batch   rollup.Batch
	Blocks  []batchdata.Block
	L1Block uint64
	TxHash  common.Hash
}

// Walker reads the committed batches from L1's OnChainProposer, in order.
type Walker struct {
	l1      L1
	blobs   Blobs
	addr    common.Address
	chainID uint64
	step    uint64
	prop    *proposer.Proposer
	abi     *abi.ABI
	topic   common.Hash

	next  uint64                 // the next L1 block whose logs are read
	head  uint64                 // L1's head when last asked
	found map[uint64][]types.Log // BatchCommitted logs by batch number, in L1 order
}

// NewWalker returns a walker of the OnChainProposer at addr, reading its
// logs from L1 block from (a block before its first commit: the genesis
// file's bridgeDeployBlock), step blocks a query (0: DefaultLogStep).
func NewWalker(l1 L1, blobs Blobs, addr common.Address, l2ChainID, from, step uint64) *Walker {
	if step == 0 {
		step = DefaultLogStep
	}
	a := bindings.NewOnChainProposer().GetABI()
	return &Walker{l1: l1, blobs: blobs, addr: addr, chainID: l2ChainID, step: step, prop: proposer.New(addr, l1, nil),
		abi: &a, topic: a.Events["BatchCommitted"].ID, next: from, found: map[uint64][]types.Log{}}
}

// LastCommitted is lastCommittedBatch on L1.
func (w *Walker) LastCommitted(ctx context.Context) (uint64, error) {
	n, err := w.prop.LastCommitted(ctx)
	if err != nil {
		return 0, fmt.Errorf("L1: %w", err)
	}
	return n, nil
}

// StoredHash is the batch hash L1 stores for batch n.
func (w *Walker) StoredHash(ctx context.Context, n uint64) (common.Hash, error) {
	h, err := w.prop.CommittedHash(ctx, n)
	if err != nil {
		return common.Hash{}, fmt.Errorf("batch %d: L1: %w", n, err)
	}
	if h == (common.Hash{}) {
		return common.Hash{}, fmt.Errorf("batch %d is not committed on L1", n)
	}
	return h, nil
}

// Commit reads batch n from the commit transaction L1 holds now (the one
// whose BatchCommitted log carries the stored hash: a batch reverted and
// committed again is read from its last commit), and checks that its
// header hashes to the stored hash and that its data has the header's
// data commitment. Batches are read in increasing order.
func (w *Walker) Commit(ctx context.Context, n uint64) (*Commit, error) {
	want, err := w.StoredHash(ctx, n)
	if err != nil {
		return nil, err
	}
	lg, err := w.findLog(ctx, n, want)
	if err != nil {
		return nil, err
	}
	tx, _, err := w.l1.TransactionByHash(ctx, lg.TxHash)
	if err != nil {
		return nil, fmt.Errorf("batch %d: commit tx %s: %w", n, lg.TxHash, err)
	}
	batch, data, err := w.decodeCommit(tx)
	if err != nil {
		return nil, fmt.Errorf("batch %d: commit tx %s: %w", n, lg.TxHash, err)
	}
	if batch.Number != n {
		return nil, fmt.Errorf("batch %d: commit tx %s commits batch %d", n, lg.TxHash, batch.Number)
	}
	if h := batch.Hash(w.chainID); h != want {
		return nil, fmt.Errorf("batch %d: commit tx %s: its header hashes to %s, L1 stores %s", n, lg.TxHash, h, want)
	}
	data, commitment, err := w.data(ctx, lg, tx, data)
	if err != nil {
		return nil, fmt.Errorf("batch %d: %w", n, err)
	}
	if commitment != batch.DataCommitment {
		return nil, fmt.Errorf("batch %d: data commitment mismatch: the header has %s, the data of commit tx %s gives %s",
			n, batch.DataCommitment, lg.TxHash, commitment)
	}
	blocks, err := batchdata.Decode(data)
	if err != nil {
		return nil, fmt.Errorf("batch %d: the data of commit tx %s does not decode: %w", n, lg.TxHash, err)
	}
	if want := batch.LastBlock - batch.FirstBlock + 1; batch.LastBlock < batch.FirstBlock || uint64(len(blocks)) != want {
		return nil, fmt.Errorf("batch %d: its data holds %d blocks, its header says %d..%d", n, len(blocks), batch.FirstBlock, batch.LastBlock)
	}
	return &Commit{Batch: *batch, Blocks: blocks, L1Block: lg.BlockNumber, TxHash: lg.TxHash}, nil
}

// findLog is the BatchCommitted log of batch n with hash want, reading
// L1's logs forward as far as needed.
func (w *Walker) findLog(ctx context.Context, n uint64, want common.Hash) (types.Log, error) {
	for k := range w.found {
		if k < n {
			delete(w.found, k)
		}
	}
	start := w.next
	for {
		logs := w.found[n]
		for i := len(logs) - 1; i >= 0; i-- {
			if ev, err := w.abi.Unpack("BatchCommitted", logs[i].Data); err == nil && len(ev) == 1 && ev[0] == [32]byte(want) {
				return logs[i], nil
			}
		}
		if w.next > w.head {
			h, err := w.l1.BlockNumber(ctx)
			if err != nil {
				return types.Log{}, fmt.Errorf("batch %d: L1 block number: %w", n, err)
			}
			if w.head = h; w.next > h {
				return types.Log{}, fmt.Errorf("batch %d: no BatchCommitted log with its stored hash %s in L1 blocks %d..%d", n, want, start, h)
			}
		}
		if err := w.readLogs(ctx); err != nil {
			return types.Log{}, fmt.Errorf("batch %d: %w", n, err)
		}
	}
}

// readLogs reads the BatchCommitted logs of the next step of L1 blocks.
func (w *Walker) readLogs(ctx context.Context) error {
	to := min(w.head, w.next+w.step-1)
	logs, err := w.l1.FilterLogs(ctx, ethereum.FilterQuery{FromBlock: new(big.Int).SetUint64(w.next), ToBlock: new(big.Int).SetUint64(to),
		Addresses: []common.Address{w.addr}, Topics: [][]common.Hash{{w.topic}}})
	if err != nil {
		return fmt.Errorf("L1 logs %d..%d: %w", w.next, to, err)
	}
	for _, l := range logs {
		if l.Removed || l.Address != w.addr || len(l.Topics) != 2 || l.Topics[0] != w.topic {
			continue
		}
		num := new(big.Int).SetBytes(l.Topics[1][:])
		if !num.IsUint64() {
			continue
		}
		w.found[num.Uint64()] = append(w.found[num.Uint64()], l)
	}
	w.next = to + 1
	return nil
}

// decodeCommit is the header and data argument of a commitBatch call.
func (w *Walker) decodeCommit(tx *types.Transaction) (*rollup.Batch, []byte, error) {
	if tx.To() == nil || *tx.To() != w.addr {
		return nil, nil, fmt.Errorf("not a call of the OnChainProposer %s", w.addr)
	}
	m := w.abi.Methods["commitBatch"]
	in := tx.Data()
	if len(in) < 4 || !bytes.Equal(in[:4], m.ID) {
		return nil, nil, fmt.Errorf("not a commitBatch call")
	}
	args, err := m.Inputs.Unpack(in[4:])
	if err != nil || len(args) != 4 {
		return nil, nil, fmt.Errorf("commitBatch arguments do not decode: %v", err)
	}
	h := *abi.ConvertType(args[0], new(bindings.OnChainProposerBatchHeader)).(*bindings.OnChainProposerBatchHeader)
	data, _ := args[1].([]byte)
	return &rollup.Batch{Number: h.Number, FirstBlock: h.FirstBlock, LastBlock: h.LastBlock, PrevStateRoot: h.PrevStateRoot, StateRoot: h.StateRoot,
		PrevLastBlockHash: h.PrevLastBlockHash, LastBlockHash: h.LastBlockHash, PrevLastDepositID: h.PrevLastDepositId, LastDepositID: h.LastDepositId,
		DepositsRollingHash: h.DepositsRollingHash, WithdrawalsRoot: h.WithdrawalsRoot, WithdrawalsCount: h.WithdrawalsCount, DataCommitment: h.DataCommitment}, data, nil
}

// data is the batch data a commit carries, from its calldata or its blobs,
// and its commitment as L1 computes it.
func (w *Walker) data(ctx context.Context, lg types.Log, tx *types.Transaction, calldata []byte) ([]byte, common.Hash, error) {
	hashes := tx.BlobHashes()
	if len(hashes) == 0 {
		return calldata, batchdata.CalldataCommitment(calldata), nil
	}
	if len(calldata) != 0 {
		return nil, common.Hash{}, fmt.Errorf("commit tx %s carries data in blobs and in calldata", lg.TxHash)
	}
	blobs, err := w.blobs.Blobs(ctx, blobsource.Block{Hash: lg.BlockHash, Number: lg.BlockNumber}, hashes)
	if err != nil {
		return nil, common.Hash{}, err
	}
	data, err := batchdata.FromBlobs(blobs)
	if err != nil {
		return nil, common.Hash{}, fmt.Errorf("the blobs of commit tx %s: %w", lg.TxHash, err)
	}
	return data, batchdata.BlobCommitment(hashes), nil
}
