package reconstruct

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/rlp"

	"github.com/cairn-rollup/cairn/config"
	"github.com/cairn-rollup/cairn/execution"
	"github.com/cairn-rollup/cairn/rollup"
	"github.com/cairn-rollup/cairn/rollup/batchdata"
	"github.com/cairn-rollup/cairn/rollup/batcher"
	"github.com/cairn-rollup/cairn/sequencer"
	"github.com/cairn-rollup/cairn/store"
)

// Config is what a reconstruction reads and where it writes.
type Config struct {
	Genesis *config.Genesis
	// DataDir is the node data directory written: DataDir/geth and
	// DataDir/cairn, as `cairn node` reads them.
	DataDir string
	L1      L1
	Blobs   Blobs // nil: a network in calldata mode
	// LogStep is how many L1 blocks one eth_getLogs spans (0: DefaultLogStep).
	LogStep uint64
	// Progress is how often a progress line is logged (0: 5 s).
	Progress time.Duration
	// CacheMB is geth's cache (0: geth's default).
	CacheMB int
	// Archive writes an archive node's state (execution.archive; the node
	// with the operator key is archive); false, a pruned one's.
	Archive bool
	Log     *slog.Logger
	// AfterBlock, if set, is called after each block is stored (tests:
	// a kill at that point).
	AfterBlock func(number uint64)
}

// Result is where a reconstruction ended.
type Result struct {
	Batches   uint64       // batches on L1, all checked
	LastBatch rollup.Batch // the last one
	Blocks    uint64       // blocks rebuilt in this run (not the ones found already written)
	Txs       uint64       // their transactions
	Head      common.Hash  // the last block's hash
	Elapsed   time.Duration
}

// Run rebuilds the L2 chain from the batches committed on L1 into
// cfg.DataDir, checking every batch against the header L1 holds, and
// resumes from what an earlier run wrote durably. The directory is then a
// full node's: its blocks up to the last batch are marked L1-derived.
func Run(ctx context.Context, cfg Config) (*Result, error) {
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	if cfg.Progress == 0 {
		cfg.Progress = 5 * time.Second
	}
	r, err := open(cfg)
	if err != nil {
		return nil, err
	}
	defer r.close()
	return r.run(ctx)
}

// rebuilder is one reconstruction in progress.
type rebuilder struct {
	cfg     Config
	store   *store.Store
	engine  *execution.Geth
	batcher *batcher.Batcher
	seq     *sequencer.Sequencer
	walker  *Walker
	// deposits reads the bridge's deposits from the first one a rebuilt
	// block mints on.
	deposits *Deposits
	genesis  *types.Block
	head     *types.Block // the last block stored
	chainID  uint64

	start    time.Time
	lastLog  time.Time
	blocks   uint64
	txs      uint64
	total    uint64
	doneFrom uint64 // the first batch this run rebuilt
}

// open opens the store and geth of cfg.DataDir and checks that they hold
// this genesis's chain.
func open(cfg Config) (_ *rebuilder, err error) {
	g := cfg.Genesis
	r := &rebuilder{cfg: cfg, chainID: g.L2ChainID(), start: time.Now()}
	defer func() {
		if err != nil {
			r.close()
		}
	}()
	if r.store, err = store.Open(filepath.Join(cfg.DataDir, "cairn")); err != nil {
		return nil, err
	}
	if err = r.store.CheckGenesis(g.Hash()); err != nil {
		return nil, err
	}
	if fb, ferr := r.store.FinalBlock(1); ferr == nil && len(fb.QC) > 0 {
		return nil, errors.New("the data dir holds a node's chain (blocks final by consensus): reconstruct into another --data-dir")
	}
	if r.engine, err = execution.New(execution.Config{DataDir: filepath.Join(cfg.DataDir, "geth"), Genesis: g.L2, CacheMB: cfg.CacheMB, Archive: cfg.Archive},
		cfg.Log.With("service", "geth")); err != nil {
		return nil, err
	}
	if err = r.engine.Start(); err != nil {
		return nil, err
	}
	r.genesis = r.engine.BlockByNumber(0)
	if r.genesis == nil || r.genesis.Hash() != g.L2.ToBlock().Hash() {
		return nil, errors.New("geth's genesis block in the data dir differs from the genesis file: use another --data-dir")
	}
	pub := batchdata.Publisher{Mode: g.DataAvailability}
	if r.batcher, err = batcher.New(r.store, r.engine.ChainConfig(), g.Batcher, pub, r.genesis.Header(), cfg.Log.With("service", "batcher")); err != nil {
		return nil, err
	}
	cg, err := g.ConsensusGenesis()
	if err != nil {
		return nil, err
	}
	r.seq = sequencer.New(sequencer.Config{Genesis: cg}, r.engine, r.store, r.batcher, nil, r.genesis, cfg.Log.With("service", "sequencer"))
	r.walker = NewWalker(cfg.L1, cfg.Blobs, g.Contracts.OnChainProposer, r.chainID, g.Contracts.BridgeDeployBlock, cfg.LogStep)
	return r, nil
}

func (r *rebuilder) close() {
	if r.engine != nil {
		_ = r.engine.Close()
	}
	if r.store != nil {
		_ = r.store.Close()
	}
}

// run walks L1's batches: those already sealed in the store are checked,
// the others rebuilt.
func (r *rebuilder) run(ctx context.Context) (*Result, error) {
	// geth may have lost blocks the store has (a kill): re-import them,
	// and seal what the store holds.
	if err := r.seq.Recover(ctx); err != nil {
		return nil, fmt.Errorf("resume from the data dir: %w", err)
	}
	r.head = r.seq.Head()
	last, err := r.walker.LastCommitted(ctx)
	if err != nil {
		return nil, err
	}
	r.total = last
	sealed, err := r.store.LastSealed()
	if err != nil {
		return nil, err
	}
	if sealed > last {
		return nil, fmt.Errorf("the data dir holds %d sealed batches, L1 has %d committed: a node ran on it since, or it is another L1's chain (use another --data-dir)", sealed, last)
	}
	r.cfg.Log.Info("Reconstructing the chain from L1", "batches", last, "resume_from_batch", sealed+1, "data_dir", r.cfg.DataDir)
	res := &Result{Batches: last}
	r.doneFrom = sealed + 1
	for n := uint64(1); n <= last; n++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		b, err := r.batch(ctx, n, n <= sealed)
		if err != nil {
			return nil, err
		}
		res.LastBatch = *b
		r.progress(n, false)
	}
	if err := r.store.SetL1Derived(res.LastBatch.LastBlock); err != nil {
		return nil, err
	}
	r.progress(last, true)
	res.Blocks, res.Txs, res.Head, res.Elapsed = r.blocks, r.txs, res.LastBatch.LastBlockHash, time.Since(r.start)
	return res, nil
}

// batch checks batch n against L1, rebuilding its blocks first unless the
// store already sealed it.
func (r *rebuilder) batch(ctx context.Context, n uint64, sealed bool) (*rollup.Batch, error) {
	if sealed {
		return r.check(ctx, n)
	}
	c, err := r.walker.Commit(ctx, n)
	if err != nil {
		return nil, err
	}
	if err := r.rebuild(ctx, c); err != nil {
		return nil, err
	}
	if err := r.batcher.CatchUp(ctx); err != nil {
		return nil, fmt.Errorf("batch %d: seal: %w", n, err)
	}
	sb, err := r.store.Batch(n)
	if errors.Is(err, store.ErrNotFound) {
		return nil, fmt.Errorf("batch %d: blocks %d..%d did not seal as one batch with the genesis file's batcher limits", n, c.Batch.FirstBlock, c.Batch.LastBlock)
	}
	if err != nil {
		return nil, err
	}
	if err := compare(&sb.Batch, &c.Batch); err != nil {
		return nil, err
	}
	return &sb.Batch, r.store.SetL1Derived(c.Batch.LastBlock)
}

// check checks batch n, sealed in the store by an earlier run, against
// L1: by its hash when that run checked it (it is L1-derived), else field
// by field against the committed header.
func (r *rebuilder) check(ctx context.Context, n uint64) (*rollup.Batch, error) {
	sb, err := r.store.Batch(n)
	if err != nil {
		return nil, err
	}
	derived, err := r.store.L1Derived()
	if err != nil {
		return nil, err
	}
	if sb.Batch.LastBlock > derived {
		c, err := r.walker.Commit(ctx, n)
		if err != nil {
			return nil, err
		}
		if err := compare(&sb.Batch, &c.Batch); err != nil {
			return nil, err
		}
		return &sb.Batch, r.store.SetL1Derived(c.Batch.LastBlock)
	}
	want, err := r.walker.StoredHash(ctx, n)
	if err != nil {
		return nil, err
	}
	if sb.Batch.Hash(r.chainID) != want {
		return nil, fmt.Errorf("batch %d in the data dir is not the one L1 holds (hash %s, L1 %s): use another --data-dir", n, sb.Batch.Hash(r.chainID), want)
	}
	return &sb.Batch, nil
}

// rebuild executes the blocks of c the store does not hold yet, stores
// each as a final block, and moves geth's head (durably) to the last.
func (r *rebuilder) rebuild(ctx context.Context, c *Commit) error {
	head := r.head
	last, err := r.store.LastBlock()
	if err != nil {
		return err
	}
	if last >= c.Batch.LastBlock || last+1 < c.Batch.FirstBlock {
		return fmt.Errorf("batch %d: holds blocks %d..%d, the data dir's last block is %d", c.Batch.Number, c.Batch.FirstBlock, c.Batch.LastBlock, last)
	}
	fb, err := r.store.FinalBlock(last)
	through := uint64(0)
	if err == nil {
		through = fb.DepositsThrough
	} else if last > 0 {
		return err
	}
	if r.deposits == nil || r.deposits.base != through+1 {
		r.deposits = NewDeposits(r.cfg.L1, r.cfg.Genesis.Contracts.Bridge, r.cfg.Genesis.Contracts.BridgeDeployBlock, through+1, r.cfg.LogStep)
	}
	for i, d := range c.Blocks {
		num := c.Batch.FirstBlock + uint64(i)
		if num <= last {
			continue
		}
		b, err := r.block(ctx, head, num, d, r.deposits, &through)
		if err != nil {
			return fmt.Errorf("batch %d: block %d: %w", c.Batch.Number, num, err)
		}
		head, r.head = b, b
		r.progress(c.Batch.Number, false)
	}
	if err := r.engine.MoveHead(ctx, head.Hash()); err != nil {
		return fmt.Errorf("batch %d: %w", c.Batch.Number, err)
	}
	return nil
}

// block rebuilds block num on parent from its published fields d and the
// next deposits, and stores it as a final block without a CommitQC.
func (r *rebuilder) block(ctx context.Context, parent *types.Block, num uint64, d batchdata.Block, deposits *Deposits, through *uint64) (*types.Block, error) {
	ws, err := deposits.Take(ctx, d.Deposits)
	if err != nil {
		return nil, err
	}
	b, err := r.engine.RebuildBlock(ctx, parent.Hash(), execution.RebuildAttrs{Timestamp: d.Timestamp, FeeRecipient: d.FeeRecipient,
		PrevRandao: sequencer.PrevRandao(num), GasLimit: d.GasLimit, ExtraData: d.ExtraData, BeaconRoot: d.BeaconRoot, Withdrawals: ws, Txs: d.Txs})
	if err != nil {
		return nil, err
	}
	var logs []*types.Log
	for _, rc := range r.engine.Receipts(b.Hash()) {
		logs = append(logs, rc.Logs...)
	}
	wds, err := rollup.ParseWithdrawals(logs)
	if err != nil {
		return nil, err
	}
	if len(ws) > 0 {
		*through = ws[len(ws)-1].Index
	}
	enc, err := rlp.EncodeToBytes(b)
	if err != nil {
		return nil, err
	}
	if err := r.store.SaveFinalBlock(num, &store.FinalBlock{Block: enc, Withdrawals: wds, DepositsThrough: *through}); err != nil {
		return nil, err
	}
	r.blocks++
	r.txs += uint64(len(b.Transactions()))
	if r.cfg.AfterBlock != nil {
		r.cfg.AfterBlock(num)
	}
	return b, nil
}

// compare is nil when the rebuilt batch is the one on L1, else an error
// naming the first field that differs.
func compare(got, l1 *rollup.Batch) error {
	n := l1.Number
	type field struct {
		name    string
		got, l1 any
	}
	for _, f := range []field{
		{"firstBlock", got.FirstBlock, l1.FirstBlock}, {"lastBlock", got.LastBlock, l1.LastBlock},
		{"prevStateRoot", got.PrevStateRoot, l1.PrevStateRoot}, {"prevLastBlockHash", got.PrevLastBlockHash, l1.PrevLastBlockHash},
		{"state root", got.StateRoot, l1.StateRoot}, {"last block hash", got.LastBlockHash, l1.LastBlockHash},
		{"prevLastDepositId", got.PrevLastDepositID, l1.PrevLastDepositID}, {"last deposit id", got.LastDepositID, l1.LastDepositID},
		{"deposits rolling hash", got.DepositsRollingHash, l1.DepositsRollingHash},
		{"withdrawals root", got.WithdrawalsRoot, l1.WithdrawalsRoot}, {"withdrawals count", got.WithdrawalsCount, l1.WithdrawalsCount},
		{"data commitment", got.DataCommitment, l1.DataCommitment},
	} {
		if f.got != f.l1 {
			return fmt.Errorf("batch %d (blocks %d..%d, at block %d): %s differs: rebuilt %v, L1 %v", n, l1.FirstBlock, l1.LastBlock, l1.LastBlock, f.name, f.got, f.l1)
		}
	}
	return nil
}

// progress logs a progress line every cfg.Progress, and at the end.
func (r *rebuilder) progress(batch uint64, final bool) {
	now := time.Now()
	if !final && now.Sub(r.lastLog) < r.cfg.Progress {
		return
	}
	r.lastLog = now
	el := now.Sub(r.start).Seconds()
	rate := float64(r.blocks) / max(el, 1e-9)
	var eta time.Duration
	if done := batch - min(batch, r.doneFrom-1); done > 0 && batch < r.total {
		eta = time.Duration(el / float64(done) * float64(r.total-batch) * float64(time.Second)).Round(time.Second)
	}
	msg := "Reconstructing"
	if final {
		msg = "Reconstruction done"
	}
	r.cfg.Log.Info(msg, "batches", fmt.Sprintf("%d/%d", batch, r.total), "blocks", r.blocks, "txs", r.txs,
		"blocks_per_s", fmt.Sprintf("%.1f", rate), "eta", eta)
}
