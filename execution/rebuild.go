package execution

import (
	"context"
	"fmt"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core"
	"github.com/ethereum/go-ethereum/core/types"
)

// RebuildAttrs are the header fields of a block execution cannot derive,
// with its transactions and deposits: what a batch's published data holds
// of a block (rollup/batchdata.Block) once its deposits are read from L1.
type RebuildAttrs struct {
	Timestamp    uint64
	FeeRecipient common.Address
	PrevRandao   common.Hash
	GasLimit     uint64
	ExtraData    []byte
	BeaconRoot   common.Hash
	Withdrawals  []*types.Withdrawal
	Txs          types.Transactions
}

// RebuildBlock executes exactly a.Txs, in order, with the deposits
// a.Withdrawals on parent's state, assembles the block with the given
// header fields and what execution derives (roots, bloom, gas used, base
// fee, blob gas fields), and stores it with its state as BuildBlock does,
// not as the head. A transaction that does not apply is an error: the
// block is not the one that was published. The caller checks the hash
// (here, against the batch's lastBlockHash on L1).
func (e *Geth) RebuildBlock(ctx context.Context, parent common.Hash, a RebuildAttrs) (*types.Block, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if !e.running {
		return nil, ErrNotStarted
	}
	bc := e.eth.BlockChain()
	ph := bc.GetHeaderByHash(parent)
	if ph == nil {
		return nil, fmt.Errorf("rebuild block on %s: %w", parent, ErrUnknownParent)
	}
	if a.Timestamp <= ph.Time {
		return nil, fmt.Errorf("rebuild block %d: timestamp %d not after parent's %d", ph.Number.Uint64()+1, a.Timestamp, ph.Time)
	}
	header, err := e.newHeader(ph, BuildAttrs{Timestamp: a.Timestamp, FeeRecipient: a.FeeRecipient, PrevRandao: a.PrevRandao})
	if err != nil {
		return nil, err
	}
	header.GasLimit, header.Extra = a.GasLimit, common.CopyBytes(a.ExtraData)
	beacon := a.BeaconRoot
	header.ParentBeaconRoot = &beacon
	b, err := e.executeFixed(ctx, ph, header, a)
	if err != nil {
		return nil, fmt.Errorf("rebuild block %d: %w", header.Number, err)
	}
	if err := e.writeBuilt(b); err != nil {
		return nil, err
	}
	return b.block, nil
}

// executeFixed executes a's transactions and deposits into header's block.
func (e *Geth) executeFixed(ctx context.Context, parent, header *types.Header, a RebuildAttrs) (*builtBlock, error) {
	bc := e.eth.BlockChain()
	statedb, _, err := openState(bc, parent, header, false)
	if err != nil {
		return nil, err
	}
	f, err := e.newFiller(ctx, parent, header, statedb, a.Withdrawals, 0)
	if err != nil {
		return nil, err
	}
	defer f.evm.Release()
	f.maxSize = ^uint64(0) // the published block was within the limit, or its hash will differ
	for i, tx := range a.Txs {
		if tx.Type() == types.BlobTxType {
			return nil, fmt.Errorf("tx %d (%s): %w", i, tx.Hash(), ErrBlobTx)
		}
		f.state.SetTxContext(tx.Hash(), len(f.txs), uint32(len(f.txs)+1))
		receipt, acc, err := core.ApplyTransaction(ctx, f.evm, f.gas, f.state, f.header, tx)
		if err != nil {
			return nil, fmt.Errorf("tx %d (%s): %w", i, tx.Hash(), err)
		}
		f.header.GasUsed = f.gas.Used()
		f.txs = append(f.txs, tx)
		f.receipts = append(f.receipts, receipt)
		f.access.Merge(acc)
	}
	block, err := f.assemble(ctx, bc)
	if err != nil {
		return nil, err
	}
	return &builtBlock{block: block, receipts: f.receipts, state: statedb}, nil
}
