package execution

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"sync/atomic"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/consensus/misc/eip1559"
	"github.com/ethereum/go-ethereum/consensus/misc/eip4844"
	"github.com/ethereum/go-ethereum/core"
	"github.com/ethereum/go-ethereum/core/rawdb"
	"github.com/ethereum/go-ethereum/core/state"
	"github.com/ethereum/go-ethereum/core/stateless"
	"github.com/ethereum/go-ethereum/core/txpool"
	"github.com/ethereum/go-ethereum/core/txpool/txorder"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/core/types/bal"
	"github.com/ethereum/go-ethereum/core/vm"
	"github.com/ethereum/go-ethereum/params"
	"github.com/ethereum/go-ethereum/rlp"
	"github.com/holiman/uint256"
)

// builtBlock is a block the builder executed, with what writing it needs.
type builtBlock struct {
	block    *types.Block
	receipts types.Receipts
	state    *state.StateDB
	witness  *stateless.Witness // nil unless asked for
}

// buildOn executes the txpool's executable transactions, best tip first, on
// parent's state into a block with the given attributes, as geth's payload
// builder fills one (miner.generateWork), but keeps the state it executed
// to: writeBuilt stores the block from it instead of executing it again.
// The fill stops at the gas limit, at a.MaxSize bytes of block, or after
// budget; a transaction that fails is left out with the rest of its
// sender's.
func (e *Geth) buildOn(ctx context.Context, parent *types.Header, a BuildAttrs, budget time.Duration) (*builtBlock, error) {
	bc := e.eth.BlockChain()
	header, err := e.newHeader(parent, a)
	if err != nil {
		return nil, err
	}
	number := header.Number
	statedb, witness, err := openState(bc, parent, header, a.Witness)
	if err != nil {
		return nil, err
	}
	// The trie prefetcher loads the paths execution touches while it runs
	// (and records them in the witness), as for the miner.
	statedb.StartPrefetcher("miner", witness)
	defer statedb.StopPrefetcher()
	f, err := e.newFiller(ctx, parent, header, statedb, a.Withdrawals, a.MaxSize)
	if err != nil {
		return nil, fmt.Errorf("build block %d: %w", number, err)
	}
	defer f.evm.Release()
	if err := e.fillFromPool(ctx, f, budget); err != nil {
		return nil, fmt.Errorf("build block %d: %w", number, err)
	}
	block, err := f.assemble(ctx, bc)
	if err != nil {
		return nil, fmt.Errorf("build block %d: %w", number, err)
	}
	return &builtBlock{block: block, receipts: f.receipts, state: statedb, witness: statedb.Witness()}, nil
}

// newHeader is the header of the block built on parent with the given
// attributes, before execution.
func (e *Geth) newHeader(parent *types.Header, a BuildAttrs) (*types.Header, error) {
	bc := e.eth.BlockChain()
	cfg := bc.Config()
	number := new(big.Int).Add(parent.Number, common.Big1)
	if cfg.IsAmsterdam(number, a.Timestamp) || cfg.IsOsaka(number, a.Timestamp) {
		// Forks the builder has no rules for yet (slot numbers, block
		// access lists, the per-transaction gas cap): refuse, not guess.
		return nil, fmt.Errorf("build block %d: the chain config enables a fork after Prague, which Cairn's builder does not implement", number)
	}
	header := &types.Header{
		ParentHash:       parent.Hash(),
		Number:           number,
		GasLimit:         core.CalcGasLimit(parent.GasLimit, e.gasCeil),
		Time:             a.Timestamp,
		Coinbase:         a.FeeRecipient,
		MixDigest:        a.PrevRandao,
		BaseFee:          eip1559.CalcBaseFee(cfg, parent),
		ParentBeaconRoot: &common.Hash{},
	}
	if err := bc.Engine().Prepare(bc, header); err != nil {
		return nil, fmt.Errorf("build block %d: prepare header: %w", number, err)
	}
	var excessBlobGas uint64
	if cfg.IsCancun(parent.Number, parent.Time) {
		excessBlobGas = eip4844.CalcExcessBlobGas(cfg, parent, a.Timestamp)
	}
	header.ExcessBlobGas, header.BlobGasUsed = &excessBlobGas, new(uint64)
	return header, nil
}

// openState is parent's state for executing header, and a witness that
// records what execution reads when withWitness is set.
func openState(bc *core.BlockChain, parent, header *types.Header, withWitness bool) (*state.StateDB, *stateless.Witness, error) {
	statedb, err := bc.StateAtForkBoundary(parent, header)
	if err != nil {
		return nil, nil, fmt.Errorf("build block %d: parent state: %w", header.Number, err)
	}
	var witness *stateless.Witness
	if withWitness {
		if witness, err = stateless.NewWitness(header, bc, false); err != nil {
			return nil, nil, fmt.Errorf("build block %d: witness: %w", header.Number, err)
		}
	}
	return statedb, witness, nil
}

// newFiller is a filler of the block of header on parent's state
// (statedb), with its own EVM (the caller releases f.evm), that mints
// deposits (copied) and stops at maxSize bytes of block (0: geth's limit).
// The system calls that open a block have run.
func (e *Geth) newFiller(ctx context.Context, parent, header *types.Header, statedb *state.StateDB,
	deposits []*types.Withdrawal, maxSize uint64) (*filler, error) {
	bc := e.eth.BlockChain()
	cfg := bc.Config()
	withdrawals := make(types.Withdrawals, 0, len(deposits))
	for _, w := range deposits {
		cp := *w
		withdrawals = append(withdrawals, &cp)
	}
	fixed, err := fixedSize(header, withdrawals)
	if err != nil {
		return nil, err
	}
	if maxSize == 0 || maxSize > params.MaxBlockSize {
		maxSize = params.MaxBlockSize
	}
	if fixed > maxSize {
		return nil, fmt.Errorf("the header and %d deposits take %d bytes, over the block size limit of %d", len(withdrawals), fixed, maxSize)
	}
	coinbase := header.Coinbase
	evm := vm.NewEVM(core.NewEVMBlockContext(header, bc, &coinbase), statedb, cfg, vm.Config{})
	evm.SetJumpDestCache(bc.JumpDestCache())
	evm.SetPrecompileCache(bc.PrecompileCache())
	access := bal.NewConstructionBlockAccessList()
	access.Merge(core.PreExecution(ctx, header.ParentBeaconRoot, parent, cfg, evm, header.Number, header.Time))
	return &filler{
		signer: types.MakeSigner(cfg, header.Number, header.Time), header: header, state: statedb, evm: evm,
		gas: core.NewGasPool(header.GasLimit), access: access, withdrawals: withdrawals, size: fixed, maxSize: maxSize,
	}, nil
}

// fillFromPool fills the block with the txpool's executable transactions,
// best tip first, for at most budget.
func (e *Geth) fillFromPool(ctx context.Context, f *filler, budget time.Duration) error {
	var stop atomic.Bool
	timer := time.AfterFunc(budget, func() { stop.Store(true) })
	defer timer.Stop()
	filter := txpool.PendingFilter{MinTip: uint256.MustFromBig(e.minTip), BaseFee: uint256.MustFromBig(f.header.BaseFee)}
	pending, _ := e.eth.TxPool().Pending(filter)
	if err := f.fill(ctx, txorder.NewTransactionsByPriceAndNonce(f.signer, pending, f.header.BaseFee), &stop); err != nil {
		return err
	}
	if stop.Load() {
		e.log.Warn("Block building stopped at its time budget", "number", f.header.Number, "budget", budget, "txs", len(f.txs))
	}
	return nil
}

// assemble runs the post-execution system calls and assembles the block
// of the transactions filled and the withdrawals.
func (f *filler) assemble(ctx context.Context, bc *core.BlockChain) (*types.Block, error) {
	withdrawals := f.withdrawals
	header := f.header
	var logs []*types.Log
	for _, r := range f.receipts {
		logs = append(logs, r.Logs...)
	}
	requests, post, err := core.PostExecution(ctx, bc.Config(), header.Number, header.Time, logs, withdrawals, f.evm, uint32(len(f.txs)+1))
	if err != nil {
		return nil, err
	}
	if requests != nil {
		h := types.CalcRequestsHash(requests)
		header.RequestsHash = &h
	}
	f.access.Merge(post)
	body := &types.Body{Transactions: f.txs, Withdrawals: withdrawals}
	bc.Engine().Finalize(bc, header, f.state, body)
	block := core.AssembleBlock(bc, header, f.state, body, f.receipts, f.access)
	if err := f.state.Error(); err != nil {
		return nil, fmt.Errorf("state read failed: %w", err)
	}
	return block, nil
}

// filler adds transactions to a block being built.
type filler struct {
	signer        types.Signer
	header        *types.Header
	state         *state.StateDB
	evm           *vm.EVM
	gas           *core.GasPool
	access        *bal.ConstructionBlockAccessList
	withdrawals   types.Withdrawals // the deposits the block mints
	size, maxSize uint64

	txs      types.Transactions
	receipts types.Receipts
}

// fill executes txs in their order until the block is full, stop is set or
// txs run out. Only a state read failure is an error.
func (f *filler) fill(ctx context.Context, txs *txorder.TransactionsByPriceAndNonce, stop *atomic.Bool) error {
	for !stop.Load() && f.gas.Available(false) >= params.TxGas {
		ltx, _ := txs.Peek()
		if ltx == nil {
			return nil
		}
		if f.gas.Available(false) < ltx.Gas || ltx.BlobGas > 0 {
			txs.Pop() // the sender's next ones cannot go either
			continue
		}
		tx := ltx.Resolve()
		if tx == nil {
			txs.Pop() // evicted meanwhile
			continue
		}
		if f.size+txSize(tx) > f.maxSize {
			return nil
		}
		f.state.SetTxContext(tx.Hash(), len(f.txs), uint32(len(f.txs)+1))
		snap, gas := f.state.Snapshot(), f.gas.Snapshot()
		receipt, access, err := core.ApplyTransaction(ctx, f.evm, f.gas, f.state, f.header, tx)
		switch {
		case err == nil:
			f.header.GasUsed = f.gas.Used()
			f.txs = append(f.txs, tx)
			f.receipts = append(f.receipts, receipt)
			f.size += txSize(tx)
			f.access.Merge(access)
			txs.Shift()
		case errors.Is(err, core.ErrNonceTooLow):
			// Included by the parent already (the pool moves on its own loop).
			f.state.RevertToSnapshot(snap)
			f.gas.Set(gas)
			txs.Shift()
		default:
			// Its sender's later ones would have a nonce gap.
			f.state.RevertToSnapshot(snap)
			f.gas.Set(gas)
			txs.Pop()
		}
		if err := f.state.Error(); err != nil {
			return fmt.Errorf("state read failed: %w", err)
		}
	}
	return nil
}

// fixedSize bounds the bytes a block's encoding takes besides its
// transactions: the header once filled (its root, gas used and requests
// hash may grow it by a few bytes), the withdrawals and the list headers.
func fixedSize(h *types.Header, ws types.Withdrawals) (uint64, error) {
	hb, err := rlp.EncodeToBytes(h)
	if err != nil {
		return 0, fmt.Errorf("encode header: %w", err)
	}
	wb, err := rlp.EncodeToBytes(ws)
	if err != nil {
		return 0, fmt.Errorf("encode deposits: %w", err)
	}
	const slack = 3*common.HashLength + 64 // fields set after the fill, list headers
	return uint64(len(hb)+len(wb)) + slack, nil
}

// txSize bounds the bytes tx takes in a block's encoding: its own, and the
// string header a typed transaction is wrapped in.
func txSize(tx *types.Transaction) uint64 { return tx.Size() + 9 }

// writeBuilt stores a built block with its receipts and state, as geth's
// import writes one it executed (hash scheme, every state written through),
// without making it the head. The state goes first: a stored block always
// has its state.
func (e *Geth) writeBuilt(b *builtBlock) error {
	bc := e.eth.BlockChain()
	block := b.block
	rules := bc.Config().Rules(block.Number(), true, block.Time())
	root, err := b.state.Commit(rules, block.NumberU64())
	if err != nil {
		return fmt.Errorf("write block %d: commit state: %w", block.NumberU64(), err)
	}
	if root != block.Root() {
		return fmt.Errorf("write block %d: state root %s, header says %s", block.NumberU64(), root, block.Root())
	}
	// As geth writes an imported block's state: the path scheme keeps it
	// as a layer in memory (the commit above), the archive writes it through.
	if bc.TrieDB().Scheme() == rawdb.HashScheme {
		if err := bc.TrieDB().Commit(root, false); err != nil {
			return fmt.Errorf("write block %d: flush state: %w", block.NumberU64(), err)
		}
	}
	batch := e.eth.ChainDb().NewBatch()
	defer batch.Close()
	rawdb.WriteBlock(batch, block)
	rawdb.WriteReceipts(batch, block.Hash(), block.NumberU64(), b.receipts)
	rawdb.WritePreimages(batch, b.state.Preimages())
	if err := batch.Write(); err != nil {
		return fmt.Errorf("write block %d: %w", block.NumberU64(), err)
	}
	return nil
}
