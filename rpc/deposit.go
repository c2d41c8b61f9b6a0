package rpc

import (
	"context"
	"errors"
	"fmt"
	"sort"

	"github.com/cairn-rollup/cairn/l1/bridgeview"
	"github.com/cairn-rollup/cairn/rollup"
	"github.com/cairn-rollup/cairn/store"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/rlp"
	gethrpc "github.com/ethereum/go-ethereum/rpc"
)

// The statuses of a deposit. A deposit is minted on L2 as an entry of its
// block's withdrawals list (Engine API), with no transaction, receipt or
// log: these statuses are how a wallet or an indexer sees it.
const (
	// DepositPending: the Bridge holds it on L1, no final L2 block has
	// minted it yet. Seen says whether the node's L1 watcher has read it
	// (it reads up to L1's safe block); deposits are minted only then.
	DepositPending = "pending"
	// DepositMinted: final L2 block BlockNumber credited To with Amount.
	DepositMinted = "minted"
)

// The statuses of the batch that holds a minted deposit's block.
const (
	BatchSealed    = "sealed"
	BatchCommitted = "committed" // on L1
	BatchVerified  = "verified"  // on L1
)

var (
	// ErrUnknownDeposit is the error for a deposit id beyond the Bridge's.
	ErrUnknownDeposit = errors.New("unknown deposit")
	// ErrUnknownBlock is the error for an L2 block the node does not have.
	ErrUnknownBlock = errors.New("block not found")
)

// maxDepositsPerTx bounds the answer of cairn_getDepositsByL1Tx.
const maxDepositsPerTx = 256

// invalidParams is an error with JSON-RPC code -32602.
type invalidParams string

func (e invalidParams) Error() string  { return string(e) }
func (e invalidParams) ErrorCode() int { return -32602 }

// Deposit is an L1 → L2 deposit as the API shows it. The L1 fields (From,
// L1Block, L1TxHash) are null when the node knows the deposit only from
// the L2 block that minted it (a chain rebuilt from L1) or L1 did not say.
type Deposit struct {
	ID       hexutil.Uint64  `json:"id"`
	From     *common.Address `json:"from"` // the L1 sender
	To       common.Address  `json:"to"`   // the L2 recipient
	Amount   *hexutil.Big    `json:"amount"`
	L1Block  *hexutil.Uint64 `json:"l1Block"`
	L1TxHash *common.Hash    `json:"l1TxHash"`
	Status   string          `json:"status"` // pending | minted
	// Minted is Status == "minted" (the field of the first
	// cairn_getDeposit, kept for its clients).
	Minted bool `json:"minted"`
	// Seen: the node's L1 watcher holds the deposit's L1 event.
	Seen        bool            `json:"seen"`
	BlockNumber *hexutil.Uint64 `json:"blockNumber"` // the L2 block that minted it
	BlockHash   *common.Hash    `json:"blockHash"`
	BatchNumber *hexutil.Uint64 `json:"batchNumber"` // the batch holding that block, once sealed
	BatchStatus string          `json:"batchStatus,omitempty"`
	L1Error     string          `json:"l1Error,omitempty"` // why batchStatus says only "sealed"
}

// GetDeposit returns deposit id (1, 2, … as the Bridge numbers them): the
// L2 block that minted it, or pending. An id the Bridge has not given is
// an error (ErrUnknownDeposit), and so is one the node has not seen
// while L1 cannot be read.
func (a *API) GetDeposit(ctx context.Context, id hexutil.Uint64) (*Deposit, error) {
	if id == 0 {
		return nil, invalidParams("deposit ids start at 1")
	}
	return a.deposit(ctx, uint64(id), nil)
}

// GetDepositsByBlock returns the deposits L2 block b minted, in order
// (an empty list for a block without deposits), b a number, a tag
// (latest, safe, finalized, earliest; pending is latest) or a hash. A
// block the node does not have is an error (ErrUnknownBlock).
func (a *API) GetDepositsByBlock(ctx context.Context, b gethrpc.BlockNumberOrHash) ([]Deposit, error) {
	n, err := a.resolveBlock(b)
	if err != nil {
		return nil, err
	}
	if n == 0 {
		return []Deposit{}, nil // genesis: its ETH is funded on L1, nothing minted
	}
	return a.blockDeposits(ctx, n)
}

// GetDepositsByL1Tx returns the deposits L1 transaction tx made, in log
// order (an empty list if it made none, or reverted). A transaction L1 has
// no receipt of is an error, and so is an unreachable L1.
func (a *API) GetDepositsByL1Tx(ctx context.Context, tx common.Hash) ([]Deposit, error) {
	ds, err := a.bridge.DepositsOfTx(ctx, tx)
	if errors.Is(err, bridgeview.ErrNoTx) {
		return nil, err
	}
	if err != nil {
		return nil, errors.New(l1Unreachable(err))
	}
	if len(ds) > maxDepositsPerTx {
		return nil, fmt.Errorf("L1 transaction %s made %d deposits, more than %d: ask cairn_getDeposit for each", tx, len(ds), maxDepositsPerTx)
	}
	out := make([]Deposit, 0, len(ds))
	for i := range ds {
		d, err := a.deposit(ctx, ds[i].ID, &ds[i])
		if err != nil {
			return nil, err
		}
		out = append(out, *d)
	}
	return out, nil
}

// deposit returns deposit id; fromL1, when set, is its event on L1.
func (a *API) deposit(ctx context.Context, id uint64, fromL1 *rollup.Deposit) (*Deposit, error) {
	last, err := a.store.LastBlock()
	if err != nil {
		return nil, err
	}
	minted, err := a.store.DepositsThrough(last)
	if err != nil {
		return nil, err
	}
	if id > minted {
		return a.pendingDeposit(ctx, id, fromL1)
	}
	n, err := a.mintingBlock(id, last)
	if err != nil {
		return nil, err
	}
	ds, err := a.blockDeposits(ctx, n)
	if err != nil {
		return nil, err
	}
	for i := range ds {
		if uint64(ds[i].ID) == id {
			return &ds[i], nil
		}
	}
	return nil, fmt.Errorf("deposit %d: block %d should mint it and does not", id, n)
}

// mintingBlock is the first final block up to last whose DepositsThrough
// reaches id.
func (a *API) mintingBlock(id, last uint64) (uint64, error) {
	var lookupErr error
	i := sort.Search(int(last), func(i int) bool {
		through, err := a.store.DepositsThrough(uint64(i + 1))
		if err != nil {
			lookupErr = err
			return true
		}
		return through >= id
	})
	if lookupErr != nil {
		return 0, lookupErr
	}
	if i == int(last) {
		return 0, fmt.Errorf("deposit %d: no block up to %d mints it", id, last)
	}
	return uint64(i + 1), nil
}

// pendingDeposit returns deposit id, which no final block has minted: as
// the L1 watcher stored it, else as L1 says.
func (a *API) pendingDeposit(ctx context.Context, id uint64, fromL1 *rollup.Deposit) (*Deposit, error) {
	d, err := a.store.Deposit(id)
	if err == nil {
		return pending(d, true), nil
	}
	if !errors.Is(err, store.ErrNotFound) {
		return nil, err
	}
	if fromL1 != nil {
		return pending(fromL1, false), nil
	}
	onL1, err := a.bridge.LastDepositID(ctx)
	if err != nil {
		return nil, fmt.Errorf("deposit %d is not seen by this node's L1 watcher, and %s", id, l1Unreachable(err))
	}
	if id > onL1 {
		return nil, fmt.Errorf("%w %d: the Bridge's last deposit is %d", ErrUnknownDeposit, id, onL1)
	}
	// The event is a courtesy (a provider may cap eth_getLogs ranges): the
	// Bridge counts the deposit, so it is pending with or without it.
	if fromL1, err = a.bridge.Deposit(ctx, id); err != nil || fromL1 == nil {
		return &Deposit{ID: hexutil.Uint64(id), Status: DepositPending}, nil
	}
	return pending(fromL1, false), nil
}

func pending(d *rollup.Deposit, seen bool) *Deposit {
	out := &Deposit{ID: hexutil.Uint64(d.ID), To: d.To, Amount: (*hexutil.Big)(d.Amount), Status: DepositPending, Seen: seen}
	out.From, out.L1Block, out.L1TxHash = &d.From, (*hexutil.Uint64)(&d.L1Block), &d.L1TxHash
	return out
}

// blockDeposits returns the deposits final block n (≥ 1) minted.
func (a *API) blockDeposits(ctx context.Context, n uint64) ([]Deposit, error) {
	b, err := a.block(n)
	if err != nil {
		return nil, err
	}
	out := make([]Deposit, 0, len(b.Withdrawals()))
	if len(b.Withdrawals()) == 0 {
		return out, nil
	}
	num, hash := hexutil.Uint64(n), b.Hash()
	batch, err := a.batchOfBlock(n)
	if err != nil {
		return nil, err
	}
	for _, w := range b.Withdrawals() {
		d := rollup.DepositFromWithdrawal(w)
		m := Deposit{ID: hexutil.Uint64(d.ID), To: d.To, Amount: (*hexutil.Big)(d.Amount), Status: DepositMinted, Minted: true,
			BlockNumber: &num, BlockHash: &hash}
		if batch != nil {
			m.BatchNumber, m.BatchStatus, m.L1Error = &batch.Number, batch.Status, batch.L1Error
		}
		if err := a.addL1Event(&m, &d); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, nil
}

// addL1Event fills in minted deposit d's L1 event from the store, if the
// watcher holds it with the same recipient and amount.
func (a *API) addL1Event(m *Deposit, d *rollup.Deposit) error {
	rec, err := a.store.Deposit(d.ID)
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	if rec.To != d.To || rec.Amount.Cmp(d.Amount) != 0 {
		return nil
	}
	m.Seen, m.From, m.L1Block, m.L1TxHash = true, &rec.From, (*hexutil.Uint64)(&rec.L1Block), &rec.L1TxHash
	return nil
}

// block decodes final block n.
func (a *API) block(n uint64) (*types.Block, error) {
	fb, err := a.store.FinalBlock(n)
	if err != nil {
		return nil, err
	}
	var b types.Block
	if err := rlp.DecodeBytes(fb.Block, &b); err != nil {
		return nil, fmt.Errorf("block %d: %w", n, err)
	}
	return &b, nil
}

type batchRef struct {
	Number  hexutil.Uint64
	Status  string
	L1Error string
}

// batchOfBlock is the batch holding block n and its status, or nil.
func (a *API) batchOfBlock(n uint64) (*batchRef, error) {
	b, err := a.GetBatchByBlock(hexutil.Uint64(n))
	if err != nil || b == nil {
		return nil, err
	}
	ref := &batchRef{Number: b.Number, Status: BatchSealed}
	l1, err := a.readCounters()
	switch {
	case err != nil:
		ref.L1Error = err.Error()
	case uint64(b.Number) <= l1.verified:
		ref.Status = BatchVerified
	case uint64(b.Number) <= l1.committed:
		ref.Status = BatchCommitted
	}
	return ref, nil
}

// resolveBlock returns the number of the final block b names.
func (a *API) resolveBlock(b gethrpc.BlockNumberOrHash) (uint64, error) {
	last, err := a.store.LastBlock()
	if err != nil {
		return 0, err
	}
	if h, ok := b.Hash(); ok {
		return a.blockNumberOf(h, last)
	}
	num, ok := b.Number()
	if !ok {
		return 0, invalidParams("want a block number, tag or hash")
	}
	safe, finalized := a.chain.SafeAndFinalized()
	switch num {
	case gethrpc.LatestBlockNumber, gethrpc.PendingBlockNumber:
		return last, nil
	case gethrpc.EarliestBlockNumber:
		return 0, nil
	case gethrpc.SafeBlockNumber:
		return min(safe, last), nil
	case gethrpc.FinalizedBlockNumber:
		return min(finalized, last), nil
	}
	if num < 0 {
		return 0, invalidParams(fmt.Sprintf("unsupported block tag %d", num))
	}
	if uint64(num) > last {
		return 0, fmt.Errorf("%w: block %d, this node's last final block is %d", ErrUnknownBlock, num, last)
	}
	return uint64(num), nil
}

// blockNumberOf is the number of the final block with hash h.
func (a *API) blockNumberOf(h common.Hash, last uint64) (uint64, error) {
	notFound := fmt.Errorf("%w: no final block of this node has hash %s", ErrUnknownBlock, h)
	b := a.chain.BlockByHash(h)
	if b == nil || b.NumberU64() > last {
		return 0, notFound
	}
	if b.NumberU64() == 0 {
		return 0, nil
	}
	final, err := a.block(b.NumberU64())
	if err != nil {
		return 0, err
	}
	if final.Hash() != h {
		return 0, notFound // a block geth executed that did not become final
	}
	return b.NumberU64(), nil
}
