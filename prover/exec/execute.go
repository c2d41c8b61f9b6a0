package exec

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/consensus"
	"github.com/ethereum/go-ethereum/consensus/beacon"
	"github.com/ethereum/go-ethereum/consensus/ethash"
	"github.com/ethereum/go-ethereum/core"
	"github.com/ethereum/go-ethereum/core/state"
	"github.com/ethereum/go-ethereum/core/stateless"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/core/vm"
	"github.com/ethereum/go-ethereum/params"
	"github.com/ethereum/go-ethereum/rlp"
	"github.com/ethereum/go-ethereum/trie"
	"github.com/ethereum/go-ethereum/triedb"

	"github.com/cairn-rollup/cairn/rollup"
	"github.com/cairn-rollup/cairn/rollup/batchdata"
)

// MismatchError says which committed value the re-execution did not
// reproduce.
type MismatchError struct {
	Block    uint64 // 0 for batch-level fields
	Field    string
	Expected any
	Got      any
}

func (e *MismatchError) Error() string {
	if e.Block != 0 {
		return fmt.Sprintf("block %d: %s mismatch: expected %v, got %v", e.Block, e.Field, e.Expected, e.Got)
	}
	return fmt.Sprintf("batch %s mismatch: expected %v, got %v", e.Field, e.Expected, e.Got)
}

func mismatch(block uint64, field string, expected, got any) error {
	return &MismatchError{Block: block, Field: field, Expected: expected, Got: got}
}

// Execute is the exec guest program: it re-executes every block of the
// batch statelessly from its witness and checks that the blocks, their
// deposits and their withdrawals are exactly what the batch header commits
// to. It returns the batch's public inputs hash.
//
// Per block, in order: the number follows on; the witness's parent header is
// the block's parent (its state root is the pre-state); the first block's
// parent is the previous batch's last block (Batch.PrevLastBlockHash, its root
// Batch.PrevStateRoot), every other block's the block before; the header passes the beacon-chain header
// rules against that parent; the body matches the header (transactions,
// withdrawals); no blob transactions; execution reproduces the header's gas
// used, bloom, receipt root, requests hash and state root. Then the last
// block's hash and state root, the deposits rolled over the blocks'
// withdrawals lists, and the withdrawals root over the L2Bridge logs must
// equal the batch's.
//
// Not checked yet: that Batch.DataCommitment commits to these blocks. The
// public inputs bind it as the input gives it; the check needs the batch data
// encoding (rollup/batchdata), which lands separately.
func Execute(ctx context.Context, in *rollup.ProverInput) (common.Hash, error) {
	res, err := execute(ctx, in)
	if err != nil {
		return common.Hash{}, err
	}
	return res.publicInputs, nil
}

type result struct {
	publicInputs common.Hash
	withdrawals  []rollup.Withdrawal
}

func execute(ctx context.Context, in *rollup.ProverInput) (*result, error) {
	config, err := checkInput(in)
	if err != nil {
		return nil, err
	}
	blocks, err := decodeBlocks(in, config)
	if err != nil {
		return nil, err
	}
	run := batchRun{lastID: in.Batch.PrevLastDepositID, rolling: in.PrevDepositsRollingHash}
	for i, block := range blocks {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if err := run.executeNext(ctx, config, in, i, block); err != nil {
			return nil, err
		}
	}
	if err := run.checkAgainst(in.L2ChainID, &in.Batch); err != nil {
		return nil, err
	}
	if err := checkData(blocks, in.Batch.DataCommitment); err != nil {
		return nil, err
	}
	return &result{publicInputs: in.Batch.PublicInputsHash(in.L2ChainID), withdrawals: run.withdrawals}, nil
}

// checkInput checks the batch's block range against the input's blocks and
// witnesses, and decodes the chain config, which must be the input's chain's.
func checkInput(in *rollup.ProverInput) (*params.ChainConfig, error) {
	if in == nil {
		return nil, errors.New("nil prover input")
	}
	batch := in.Batch
	if batch.LastBlock < batch.FirstBlock || batch.FirstBlock == 0 {
		return nil, fmt.Errorf("batch %d: bad block range %d..%d", batch.Number, batch.FirstBlock, batch.LastBlock)
	}
	n := batch.LastBlock - batch.FirstBlock + 1
	if uint64(len(in.Blocks)) != n {
		return nil, mismatch(0, "block count", n, len(in.Blocks))
	}
	if len(in.Witnesses) != len(in.Blocks) {
		return nil, mismatch(0, "witness count", len(in.Blocks), len(in.Witnesses))
	}
	config := new(params.ChainConfig)
	if err := json.Unmarshal(in.ChainConfig, config); err != nil {
		return nil, fmt.Errorf("decode chain config: %w", err)
	}
	if config.ChainID == nil || !config.ChainID.IsUint64() || config.ChainID.Uint64() != in.L2ChainID {
		return nil, mismatch(0, "chain config chain id", in.L2ChainID, config.ChainID)
	}
	if err := config.CheckConfigForkOrder(); err != nil {
		return nil, fmt.Errorf("chain config: %w", err)
	}
	return config, nil
}

// decodeBlocks decodes the input's blocks, numbered on from the batch's
// first block, and recovers their transaction senders.
func decodeBlocks(in *rollup.ProverInput, config *params.ChainConfig) ([]*types.Block, error) {
	blocks := make([]*types.Block, len(in.Blocks))
	for i := range in.Blocks {
		num := in.Batch.FirstBlock + uint64(i)
		block := new(types.Block)
		if err := rlp.DecodeBytes(in.Blocks[i], block); err != nil {
			return nil, fmt.Errorf("block %d: decode: %w", num, err)
		}
		if block.NumberU64() != num {
			return nil, mismatch(num, "block number", num, block.NumberU64())
		}
		blocks[i] = block
	}
	// Recover the transaction senders on all cores ahead of execution, as
	// geth's own block import does.
	core.SenderCacher().RecoverFromBlocks(types.MakeSigner(config, blocks[0].Number(), blocks[0].Time()), blocks)
	return blocks, nil
}

// batchRun is what re-executing a batch's blocks in order accumulates.
type batchRun struct {
	prev        *types.Header // the last block executed
	lastID      uint64        // deposits rolled so far
	rolling     common.Hash
	withdrawals []rollup.Withdrawal
}

// executeNext executes block i of the batch on its witness, after the
// blocks before it, and rolls its deposits and withdrawals on.
func (r *batchRun) executeNext(ctx context.Context, config *params.ChainConfig, in *rollup.ProverInput, i int, block *types.Block) error {
	num := block.NumberU64()
	witness := new(stateless.Witness)
	if err := rlp.DecodeBytes(in.Witnesses[i], witness); err != nil {
		return fmt.Errorf("block %d: decode witness: %w", num, err)
	}
	if err := r.checkParent(&in.Batch, i, block, witness.Headers[0]); err != nil { // FromExtWitness refuses an empty header list
		return err
	}
	logs, err := executeBlock(ctx, config, block, witness)
	var m *MismatchError
	if errors.As(err, &m) {
		return err // already names the block
	} else if err != nil {
		return fmt.Errorf("block %d: %w", num, err)
	}
	r.lastID, r.rolling, err = rollup.RollDeposits(r.lastID, r.rolling, block.Withdrawals())
	if err != nil {
		return fmt.Errorf("block %d: deposits: %w", num, err)
	}
	ws, err := rollup.ParseWithdrawals(logs)
	if err != nil {
		return fmt.Errorf("block %d: withdrawals: %w", num, err)
	}
	r.withdrawals = append(r.withdrawals, ws...)
	r.prev = block.Header()
	return nil
}

// checkParent checks that the witness's parent header is block i's parent:
// for the first block, the previous batch's last block (its hash and state
// root as the batch holds them), for the others the block before.
func (r *batchRun) checkParent(batch *rollup.Batch, i int, block *types.Block, parent *types.Header) error {
	num := block.NumberU64()
	if parent.Hash() != block.ParentHash() {
		return mismatch(num, "witness parent header hash", block.ParentHash(), parent.Hash())
	}
	if i > 0 {
		if block.ParentHash() != r.prev.Hash() {
			return mismatch(num, "parent hash", r.prev.Hash(), block.ParentHash())
		}
		return nil
	}
	// The parent header comes from the (untrusted) witness: it is taken
	// only because its hash is the previous batch's last block hash,
	// which L1 holds. A header that merely has the right state root (and
	// another timestamp, base fee or BLOCKHASH history) is refused.
	if block.ParentHash() != batch.PrevLastBlockHash {
		return mismatch(num, "parent hash (previous batch's last block hash)", batch.PrevLastBlockHash, block.ParentHash())
	}
	if parent.Root != batch.PrevStateRoot {
		return mismatch(num, "prev state root (witness pre-state)", batch.PrevStateRoot, parent.Root)
	}
	return nil
}

// checkAgainst checks what the blocks produced against what the batch
// commits to: last block, state root, deposits and withdrawals.
func (r *batchRun) checkAgainst(l2ChainID uint64, batch *rollup.Batch) error {
	if r.prev.Hash() != batch.LastBlockHash {
		return mismatch(0, "last block hash", batch.LastBlockHash, r.prev.Hash())
	}
	if r.prev.Root != batch.StateRoot {
		return mismatch(0, "state root", batch.StateRoot, r.prev.Root)
	}
	if r.lastID != batch.LastDepositID {
		return mismatch(0, "last deposit id", batch.LastDepositID, r.lastID)
	}
	if r.rolling != batch.DepositsRollingHash {
		return mismatch(0, "deposits rolling hash", batch.DepositsRollingHash, r.rolling)
	}
	ws := r.withdrawals
	for i := 1; i < len(ws); i++ {
		if ws[i].ID != ws[i-1].ID+1 {
			return fmt.Errorf("batch withdrawals: id %d follows %d", ws[i].ID, ws[i-1].ID)
		}
	}
	if uint64(len(ws)) != batch.WithdrawalsCount {
		return mismatch(0, "withdrawals count", batch.WithdrawalsCount, len(ws))
	}
	if root := rollup.WithdrawalsRoot(l2ChainID, ws); root != batch.WithdrawalsRoot {
		return mismatch(0, "withdrawals root", batch.WithdrawalsRoot, root)
	}
	return nil
}

// checkData re-encodes the executed blocks as the batch's published data
// and checks that the batch's data commitment commits to exactly that data,
// in calldata or in blobs (KZG commitments recomputed). The two forms are
// tagged apart, so either match means L1, which computed the commitment
// from what the commit carried, holds these blocks.
func checkData(blocks []*types.Block, commitment common.Hash) error {
	bs := make([]batchdata.Block, len(blocks))
	for i, b := range blocks {
		bs[i] = batchdata.FromBlock(b)
	}
	data, err := batchdata.Encode(bs)
	if err != nil {
		return fmt.Errorf("encode batch data: %w", err)
	}
	if batchdata.CalldataCommitment(data) == commitment {
		return nil
	}
	got, err := batchdata.Commitment(batchdata.Blobs, data)
	if err != nil {
		return fmt.Errorf("batch data commitment: %w", err)
	}
	if got != commitment {
		return mismatch(0, "data commitment (the blocks are not the batch's published data)", commitment, got)
	}
	return nil
}

// executeBlock runs one block on the state of its witness, as
// core.ExecuteStateless does, but also checks the header and body and keeps
// the receipts, whose logs carry the withdrawals.
func executeBlock(ctx context.Context, config *params.ChainConfig, block *types.Block, witness *stateless.Witness) ([]*types.Log, error) {
	header := block.Header()
	num := block.NumberU64()
	chain := newWitnessChain(config, witness)

	if err := chain.engine.VerifyHeader(chain, header); err != nil {
		return nil, fmt.Errorf("header: %w", err)
	}
	if h := types.DeriveSha(block.Transactions(), trie.NewStackTrie(nil)); h != header.TxHash {
		return nil, mismatch(num, "transactions root", header.TxHash, h)
	}
	if header.WithdrawalsHash == nil || block.Withdrawals() == nil {
		return nil, errors.New("missing withdrawals")
	}
	if h := types.DeriveSha(block.Withdrawals(), trie.NewStackTrie(nil)); h != *header.WithdrawalsHash {
		return nil, mismatch(num, "withdrawals list root", *header.WithdrawalsHash, h)
	}
	if len(block.Uncles()) != 0 {
		return nil, errors.New("block has uncles")
	}
	for i, tx := range block.Transactions() {
		if tx.Type() == types.BlobTxType {
			return nil, fmt.Errorf("tx %d (%s): blob transactions are not allowed on L2", i, tx.Hash())
		}
	}

	memdb := witness.MakeHashDB()
	statedb, err := state.New(witness.Root(), state.NewDatabase(triedb.NewDatabase(memdb, triedb.HashDefaults), state.NewCodeDB(memdb)))
	if err != nil {
		return nil, fmt.Errorf("open witness state: %w", err)
	}
	res, err := core.NewStateProcessor(chain).Process(ctx, block, statedb, nil, nil, vm.Config{}, nil)
	if err != nil {
		return nil, fmt.Errorf("execute: %w", err)
	}
	// Gas used and bloom (stateless mode: the roots are checked below).
	if err := core.NewBlockValidator(config, nil).ValidateState(block, statedb, res, true); err != nil {
		return nil, fmt.Errorf("execute: %w", err)
	}
	if h := types.DeriveSha(res.Receipts, trie.NewStackTrie(nil)); h != header.ReceiptHash {
		return nil, mismatch(num, "receipt root", header.ReceiptHash, h)
	}
	if header.RequestsHash != nil {
		if h := types.CalcRequestsHash(res.Requests); h != *header.RequestsHash {
			return nil, mismatch(num, "requests hash", *header.RequestsHash, h)
		}
	} else if res.Requests != nil {
		return nil, errors.New("block has requests but no requests hash")
	}
	root := statedb.IntermediateRoot(config.Rules(header.Number, true, header.Time))
	if err := statedb.Error(); err != nil {
		return nil, fmt.Errorf("witness state incomplete: %w", err)
	}
	if root != header.Root {
		return nil, mismatch(num, "state root", header.Root, root)
	}
	return res.Logs, nil
}

// witnessChain serves the headers of a witness to the EVM (BLOCKHASH) and
// to header verification. Only headers on the hash chain that starts at the
// witness's first header (the parent) are served, indexed by their own
// hashes, so an extra or forged header in the witness is never seen.
type witnessChain struct {
	config   *params.ChainConfig
	engine   consensus.Engine
	byHash   map[common.Hash]*types.Header
	byNumber map[uint64]*types.Header
	head     *types.Header
}

func newWitnessChain(config *params.ChainConfig, w *stateless.Witness) *witnessChain {
	all := make(map[common.Hash]*types.Header, len(w.Headers))
	for _, h := range w.Headers {
		all[h.Hash()] = h
	}
	c := &witnessChain{
		config:   config,
		engine:   beacon.New(ethash.NewFaker()),
		byHash:   make(map[common.Hash]*types.Header),
		byNumber: make(map[uint64]*types.Header),
		head:     w.Headers[0],
	}
	for h := w.Headers[0]; h != nil; {
		hash := h.Hash()
		c.byHash[hash] = h
		c.byNumber[h.Number.Uint64()] = h
		if h.Number.Sign() == 0 {
			break
		}
		next := all[h.ParentHash]
		if next == nil || next.Number.Uint64()+1 != h.Number.Uint64() {
			break
		}
		h = next
	}
	return c
}

func (c *witnessChain) Config() *params.ChainConfig  { return c.config }
func (c *witnessChain) CurrentHeader() *types.Header { return c.head }
func (c *witnessChain) Engine() consensus.Engine     { return c.engine }

func (c *witnessChain) GetHeader(hash common.Hash, number uint64) *types.Header {
	if h := c.byHash[hash]; h != nil && h.Number.Uint64() == number {
		return h
	}
	return nil
}

func (c *witnessChain) GetHeaderByNumber(number uint64) *types.Header { return c.byNumber[number] }

func (c *witnessChain) GetHeaderByHash(hash common.Hash) *types.Header { return c.byHash[hash] }
