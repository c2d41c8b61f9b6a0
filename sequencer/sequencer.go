package sequencer

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/rlp"

	"github.com/cairn-rollup/cairn/clock"
	"github.com/cairn-rollup/cairn/consensus"
	"github.com/cairn-rollup/cairn/execution"
	"github.com/cairn-rollup/cairn/rollup"
	"github.com/cairn-rollup/cairn/store"
)

// Execution is the execution layer (geth) as the sequencer drives it.
type Execution interface {
	BuildBlock(ctx context.Context, parent common.Hash, a execution.BuildAttrs) (*types.Block, error)
	ImportBlock(ctx context.Context, b *types.Block) ([]byte, error)
	InsertBlock(ctx context.Context, b *types.Block) error
	SetHead(ctx context.Context, hash common.Hash) error
	MoveHead(ctx context.Context, hash common.Hash) error
	BlockByHash(h common.Hash) *types.Block
	// HasState says whether the state with that root is there: a pruned
	// geth keeps blocks whose state it lost in a crash.
	HasState(root common.Hash) bool
	Receipts(h common.Hash) types.Receipts
	// PooledTx is the txpool's copy of a transaction, or nil: its sender
	// is already recovered.
	PooledTx(h common.Hash) *types.Transaction
	// RecoverSenders starts recovering the blocks' senders in the
	// background.
	RecoverSenders(blocks []*types.Block)
}

// Store is what the sequencer reads and writes.
type Store interface {
	LastBlock() (uint64, error)
	FinalBlock(n uint64) (*store.FinalBlock, error)
	SaveFinalBlock(n uint64, fb *store.FinalBlock) error
	// SaveFinalBlockNoSync and Sync: a run of synced blocks is written
	// with one sync of the disk, before geth's head moves to them.
	SaveFinalBlockNoSync(n uint64, fb *store.FinalBlock) error
	Sync() error
	LastDepositID() (uint64, error)
	Deposit(id uint64) (*rollup.Deposit, error)
	ReplicaState() ([]byte, error)
	SaveReplicaState(state []byte) error
}

// Batcher takes finalized blocks: Known hands it block n as stored,
// already decoded, and CatchUp seals the stored blocks it has not seen.
type Batcher interface {
	Known(n uint64, fb rollup.FinalBlock)
	CatchUp(ctx context.Context) error
	// CatchUpSoon seals in the background, up to a bounded lag behind
	// last, the last final block stored.
	CatchUpSoon(ctx context.Context, last uint64) error
}

// DepositSource reads L1 now: a replica that has not seen a deposit a
// proposal mints asks its watcher before it refuses the block.
type DepositSource interface {
	Step(ctx context.Context) (bool, error)
}

// Errors of VerifyPayload and Finalize that callers tell apart.
var (
	ErrWrongParent   = errors.New("block does not build on the last final block")
	ErrBadTimestamp  = errors.New("bad block timestamp")
	ErrBadDeposits   = errors.New("block deposits are not the next ones seen on L1")
	ErrBadPrevRandao = errors.New("bad prevRandao")
	ErrConflict      = errors.New("final block conflicts with the stored one")
)

// Config tunes block production.
type Config struct {
	Genesis             *consensus.Genesis
	BlockTime           time.Duration
	MaxDepositsPerBlock uint64
	MaxPayloadSize      int
	MaxClockDrift       time.Duration
	FeeRecipient        common.Address
	Clock               clock.Clock // nil = the wall clock
	// DepositWait bounds how long a replica waits for its watcher to see a
	// deposit that a proposal mints (default 1 s).
	DepositWait time.Duration
	// Witnesses makes the sequencer keep each final block's stateless
	// witness (the node that proves needs them; making one costs about as
	// much as the block's execution).
	Witnesses bool
	// OnFinal, if set, is called after each block is final and stored.
	OnFinal func(b *types.Block, qc *consensus.CommitQC)
}

// Sequencer is the execution layer's consensus.Engine: it builds blocks
// for the leader, verifies proposals for replicas, and finalizes blocks
// (from consensus or from block sync). It is safe for concurrent use.
type Sequencer struct {
	cfg      Config
	engine   Execution
	store    Store
	batcher  Batcher
	deposits DepositSource
	genesis  *types.Block
	log      *slog.Logger

	mu           sync.Mutex
	head         *types.Block                     // last final block
	headPayload  consensus.Hash                   // keccak256 of its payload (zero at genesis)
	lastIncluded uint64                           // last deposit id minted on L2
	verified     map[consensus.Hash]verifiedBlock // by payload hash: blocks imported by VerifyPayload
	proposed     *proposal                        // the block this node built last, until a block is final

	storeTime atomic.Int64 // nanoseconds spent in durable writes of final blocks
	// lastFinal is head once geth's head is there too, readable without
	// mu: status readers must not wait for a run of blocks being imported.
	lastFinal atomic.Pointer[types.Block]
	// stored is head, readable without mu: block sync's next block. Block
	// sync moves geth's head (lastFinal) up to maxHeadLag blocks behind it.
	stored atomic.Pointer[types.Block]

	prefetchMu sync.Mutex
	prefetched map[consensus.Hash]*types.Block // decoded blocks from sync, by payload hash
}

// maxPrefetched bounds the decoded blocks kept for block sync (its window
// is smaller).
const maxPrefetched = 64

// maxHeadLag bounds how far block sync leaves geth's head behind the final
// blocks it stored while more are ready to import: each head move has the
// txpool walk the new blocks and the log index rewrite its head map (a
// read of each of its 65,536 rows), so a catch-up moves it once per
// maxHeadLag blocks, and once it has imported what it has. Well under the
// 128 blocks whose state a pruned geth keeps in memory, so that the state
// it persists is never ahead of its head.
const maxHeadLag = 64

// verifiedBlock is a proposal VerifyPayload imported, with its witness.
type verifiedBlock struct {
	block   *types.Block
	witness []byte
}

// proposal is a block this node built, kept so that verifying its own
// proposal does not decode it again (the builder's transactions carry
// their senders).
type proposal struct {
	payloadHash consensus.Hash
	block       *types.Block
}

// withDefaults returns the config with every unset field at its default.
func (cfg Config) withDefaults() Config {
	cfg.Clock = clock.Or(cfg.Clock)
	if cfg.MaxDepositsPerBlock == 0 {
		cfg.MaxDepositsPerBlock = 16
	}
	if cfg.MaxPayloadSize == 0 {
		cfg.MaxPayloadSize = consensus.DefaultMaxPayloadSize
	}
	if cfg.MaxClockDrift == 0 {
		cfg.MaxClockDrift = 2 * time.Second
	}
	if cfg.DepositWait == 0 {
		cfg.DepositWait = time.Second
	}
	return cfg
}

// New returns a sequencer over a started engine; call Recover before use.
// deposits may be nil (a node that never verifies proposals).
func New(cfg Config, engine Execution, st Store, batcher Batcher, deposits DepositSource, genesis *types.Block, log *slog.Logger) *Sequencer {
	return &Sequencer{cfg: cfg.withDefaults(), engine: engine, store: st, batcher: batcher, deposits: deposits, genesis: genesis, log: log,
		verified: map[consensus.Hash]verifiedBlock{}}
}

// Recover brings geth to the store's last final block, re-importing the
// blocks geth lost, or lost the state of, and restores the deposit
// position.
func (s *Sequencer) Recover(ctx context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	last, err := s.store.LastBlock()
	if err != nil {
		return err
	}
	s.head, s.headPayload, s.lastIncluded = s.genesis, consensus.Hash{}, 0
	if last > 0 {
		// Find how far geth got (a block with its state), then import the
		// rest from the store.
		var blocks []*types.Block
		for n := last; n > 0; n-- {
			fb, err := s.store.FinalBlock(n)
			if err != nil {
				return err
			}
			b, err := decodeBlock(fb.Block)
			if err != nil {
				return fmt.Errorf("stored block %d: %w", n, err)
			}
			if n == last {
				s.lastIncluded, s.headPayload = fb.DepositsThrough, consensus.PayloadHash(fb.Block)
			}
			blocks = append(blocks, b)
			if s.engine.BlockByHash(b.Hash()) != nil && s.engine.HasState(b.Root()) {
				break
			}
		}
		for i := len(blocks) - 1; i >= 0; i-- {
			if err := s.engine.InsertBlock(ctx, blocks[i]); err != nil {
				return fmt.Errorf("re-import block %d: %w", blocks[i].NumberU64(), err)
			}
		}
		if len(blocks) > 1 {
			s.log.Info("Re-imported blocks geth lost", "from", blocks[len(blocks)-1].NumberU64(), "to", last)
		}
		s.head = blocks[0]
	}
	s.lastFinal.Store(s.head)
	s.stored.Store(s.head)
	if err := s.engine.SetHead(ctx, s.head.Hash()); err != nil {
		return fmt.Errorf("set head to stored block %d: %w", s.head.NumberU64(), err)
	}
	return s.batcher.CatchUp(ctx)
}

// Head is the last final block (nil before Recover). It does not wait for
// blocks being imported.
func (s *Sequencer) Head() *types.Block { return s.lastFinal.Load() }

// Genesis implements consensus.Engine.
func (s *Sequencer) Genesis() *consensus.Genesis { return s.cfg.Genesis }

// LastFinal implements consensus.Engine.
func (s *Sequencer) LastFinal(context.Context) (uint64, consensus.Hash) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.head.NumberU64(), s.headPayload
}

// NextBlock is the number of the first block this node still needs (block
// sync's sink): the one after the last final block stored. It does not
// wait for blocks being imported.
func (s *Sequencer) NextBlock() uint64 {
	if b := s.stored.Load(); b != nil {
		return b.NumberU64() + 1
	}
	return s.genesis.NumberU64() + 1
}

// ProposePayload implements consensus.Engine: when the block time has come,
// it builds block number on the last final block with the txpool's
// transactions and the next deposits, and returns the block's RLP.
func (s *Sequencer) ProposePayload(ctx context.Context, number uint64) ([]byte, error) {
	s.mu.Lock()
	parent := s.head
	s.mu.Unlock()
	if number != parent.NumberU64()+1 {
		return nil, fmt.Errorf("propose block %d: last final block is %d", number, parent.NumberU64())
	}
	// The leader waits for the time, not for transactions.
	next := time.Unix(int64(parent.Time()), 0).Add(s.cfg.BlockTime)
	if wait := next.Sub(s.cfg.Clock.Now()); wait > 0 {
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-s.cfg.Clock.After(wait):
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.head.Hash() != parent.Hash() {
		return nil, fmt.Errorf("propose block %d: block %d became final meanwhile", number, s.head.NumberU64())
	}
	if s.gethHead().Hash() != parent.Hash() { // block sync left it behind
		if err := s.moveHead(ctx); err != nil {
			return nil, fmt.Errorf("propose block %d: %w", number, err)
		}
	}
	deposits, err := s.pendingDeposits()
	if err != nil {
		return nil, fmt.Errorf("propose block %d: %w", number, err)
	}
	ts := max(parent.Time()+1, uint64(s.cfg.Clock.Now().Unix()))
	block, err := s.engine.BuildBlock(ctx, parent.Hash(), execution.BuildAttrs{
		Timestamp: ts, FeeRecipient: s.cfg.FeeRecipient, PrevRandao: PrevRandao(number), Withdrawals: deposits,
		MaxSize: uint64(s.cfg.MaxPayloadSize), Witness: s.cfg.Witnesses,
	})
	if err != nil {
		return nil, fmt.Errorf("propose block %d: %w", number, err)
	}
	enc, err := rlp.EncodeToBytes(block)
	if err != nil {
		return nil, fmt.Errorf("propose block %d: encode: %w", number, err)
	}
	if err := ValidateSize(len(enc), s.limits()); err != nil {
		return nil, fmt.Errorf("propose block %d: %w", number, err)
	}
	s.proposed = &proposal{payloadHash: consensus.PayloadHash(enc), block: block}
	return enc, nil
}

// VerifyPayload implements consensus.Engine: the proposed block must obey
// the validity rules (validate.go) and execute to its header. The block is
// imported into geth (not as the head) and its witness kept for Finalize.
func (s *Sequencer) VerifyPayload(ctx context.Context, number uint64, payload []byte) error {
	if err := ValidateSize(len(payload), s.limits()); err != nil {
		return fmt.Errorf("verify block %d: %w", number, err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	b, err := s.decodeProposal(payload)
	if err != nil {
		return fmt.Errorf("verify block %d: %w", number, err)
	}
	if err := ValidateHeader(number, b.Header(), ParentOf(s.head), s.cfg.Clock.Now(), s.limits()); err != nil {
		return fmt.Errorf("verify block %d: %w", number, err)
	}
	if err := s.checkDeposits(ctx, b); err != nil {
		return fmt.Errorf("verify block %d: %w", number, err)
	}
	witness, err := s.importBlock(ctx, b)
	if err != nil {
		return fmt.Errorf("verify block %d: %w", number, err)
	}
	if len(s.verified) > 64 {
		clear(s.verified) // proposals that never became final
	}
	s.verified[consensus.PayloadHash(payload)] = verifiedBlock{block: b, witness: witness}
	return nil
}

// limits are the bounds the validity rules read.
func (s *Sequencer) limits() Limits {
	return Limits{MaxPayloadSize: s.cfg.MaxPayloadSize, MaxDepositsPerBlock: s.cfg.MaxDepositsPerBlock,
		MaxClockDrift: s.cfg.MaxClockDrift}
}

// importBlock executes and stores b in geth, returning its witness when
// the sequencer keeps them (else nil).
func (s *Sequencer) importBlock(ctx context.Context, b *types.Block) ([]byte, error) {
	if s.cfg.Witnesses {
		return s.engine.ImportBlock(ctx, b)
	}
	return nil, s.engine.InsertBlock(ctx, b)
}

// decodeProposal decodes a proposed block. This node's own proposal is
// the block it built; another's takes the pool's transactions (withPooled).
func (s *Sequencer) decodeProposal(payload []byte) (*types.Block, error) {
	if p := s.proposed; p != nil && p.payloadHash == consensus.PayloadHash(payload) {
		return p.block, nil
	}
	b, err := decodeBlock(payload)
	if err != nil {
		return nil, err
	}
	return s.withPooled(b), nil
}

// withPooled replaces each of b's transactions the txpool holds by the
// pool's object (the same bytes: the hash covers the signature), whose
// sender is already recovered, so that executing the block does not
// recover it again.
func (s *Sequencer) withPooled(b *types.Block) *types.Block {
	txs := b.Transactions()
	pooled := make(types.Transactions, len(txs))
	found := false
	for i, tx := range txs {
		if p := s.engine.PooledTx(tx.Hash()); p != nil {
			pooled[i], found = p, true
		} else {
			pooled[i] = tx
		}
	}
	if !found {
		return b
	}
	return b.WithBody(types.Body{Transactions: pooled, Uncles: b.Uncles(), Withdrawals: b.Withdrawals()})
}

// Prefetch implements p2p.BlockPrefetcher: blocks sync verified and will
// import soon are decoded, and their senders recovered on every core, while
// the blocks before them execute. Each block's recovery starts as soon as
// it is decoded, before the import can take it: a transaction whose sender
// the import needs before the recovery reached it is recovered twice.
func (s *Sequencer) Prefetch(fbs []*consensus.FinalBlock) {
	go func() {
		s.prefetchMu.Lock()
		if s.prefetched == nil || len(s.prefetched)+len(fbs) > maxPrefetched {
			s.prefetched = map[consensus.Hash]*types.Block{}
		}
		s.prefetchMu.Unlock()
		for _, fb := range fbs {
			b, err := decodeBlock(fb.Payload)
			if err != nil {
				continue // finalize refuses it with the error
			}
			b = s.withPooled(b) // a follower that gossips has most of them
			s.engine.RecoverSenders([]*types.Block{b})
			s.prefetchMu.Lock()
			s.prefetched[consensus.PayloadHash(fb.Payload)] = b
			s.prefetchMu.Unlock()
		}
	}()
}

// decodeFinal decodes a final block's payload, whose hash is h, or takes
// the one Prefetch decoded.
func (s *Sequencer) decodeFinal(h consensus.Hash, payload []byte) (*types.Block, error) {
	s.prefetchMu.Lock()
	b := s.prefetched[h]
	delete(s.prefetched, h)
	s.prefetchMu.Unlock()
	if b != nil {
		return b, nil
	}
	b, err := decodeBlock(payload)
	if err != nil {
		return nil, err
	}
	return s.withPooled(b), nil
}

// StoreTime is the time spent so far writing final blocks durably.
func (s *Sequencer) StoreTime() time.Duration { return time.Duration(s.storeTime.Load()) }

// checkDeposits checks the block's withdrawals list against the deposits
// this node saw on L1 (the deposit rules of validate.go). A deposit not
// seen yet is read from L1 first.
func (s *Sequencer) checkDeposits(ctx context.Context, b *types.Block) error {
	ws := b.Withdrawals()
	if err := ValidateDepositCount(len(ws), s.limits()); err != nil {
		return err
	}
	if len(ws) == 0 {
		return nil
	}
	if err := s.awaitDeposit(ctx, s.lastIncluded+uint64(len(ws))); err != nil {
		return err
	}
	want := make([]*types.Withdrawal, 0, len(ws))
	for id := s.lastIncluded + 1; id <= s.lastIncluded+uint64(len(ws)); id++ {
		d, err := s.store.Deposit(id)
		if err != nil {
			return fmt.Errorf("deposit %d: %w", id, err)
		}
		w, err := d.Withdrawal()
		if err != nil {
			return fmt.Errorf("deposit %d: %w", id, err)
		}
		want = append(want, w)
	}
	return ValidateDeposits(ws, s.lastIncluded, want)
}

// awaitDeposit returns once deposit id is stored, asking the watcher to
// read L1 for at most DepositWait.
func (s *Sequencer) awaitDeposit(ctx context.Context, id uint64) error {
	deadline := s.cfg.Clock.Now().Add(s.cfg.DepositWait)
	for {
		seen, err := s.store.LastDepositID()
		if err != nil {
			return err
		}
		refusal := ValidateDepositSeen(id, seen)
		if refusal == nil {
			return nil
		}
		if s.deposits == nil || !s.cfg.Clock.Now().Before(deadline) {
			return refusal
		}
		pctx, cancel := context.WithDeadline(ctx, deadline)
		_, err = s.deposits.Step(pctx)
		cancel()
		if err != nil && ctx.Err() != nil {
			return ctx.Err()
		}
		if err != nil {
			// The L1 read failed: try again shortly, within the deadline.
			t := time.NewTimer(50 * time.Millisecond)
			select {
			case <-ctx.Done():
				t.Stop()
				return ctx.Err()
			case <-t.C:
			}
		}
	}
}

// Finalize implements consensus.Engine: the block with its CommitQC is
// stored in one durable write with its witness, then geth's head moves and
// the batcher catches up. A block this node did not verify is executed
// first. Finalizing the stored block again is a no-op.
func (s *Sequencer) Finalize(ctx context.Context, fb consensus.FinalBlock) error {
	return s.finalizeAndNotify(ctx, &fb, setHead)
}

// ImportFinal is block sync's sink: a final block whose CommitQC the
// fetcher verified. geth's txpool follows in the background: nothing
// builds on a block sync brings until the node is at the tip.
func (s *Sequencer) ImportFinal(ctx context.Context, fb *consensus.FinalBlock) error {
	return s.ImportFinals(ctx, []*consensus.FinalBlock{fb})
}

// ImportFinals is block sync's sink for a run of consecutive final blocks:
// each is stored as ImportFinal stores it, and the store syncs to disk once
// for the run (the peers keep the blocks: a crash loses at most the run,
// which sync fetches again). geth's head moves to the last block stored
// when it is maxHeadLag blocks behind, after an error, and when block sync
// has nothing more to import (FlushHead), as geth's own chain import moves
// it once per segment: the txpool and the log index follow one head
// instead of one per block or run. The batcher seals the blocks in the
// background (Batcher.CatchUpSoon), a bounded lag behind.
func (s *Sequencer) ImportFinals(ctx context.Context, fbs []*consensus.FinalBlock) error {
	s.mu.Lock()
	type final struct {
		b  *types.Block
		qc *consensus.CommitQC
	}
	var (
		done []final
		err  error
	)
	for _, fb := range fbs {
		var b *types.Block
		if b, err = s.finalize(ctx, fb, deferHead); err != nil {
			break
		}
		if b != nil {
			done = append(done, final{b, fb.QC})
		}
	}
	if len(done) > 0 {
		// The run's blocks were saved without syncing each: one sync.
		if serr := s.syncStore(); serr != nil && err == nil {
			err = serr
		}
		// After an error too: geth's head must not stay behind the store.
		if err != nil || s.head.NumberU64()-s.gethHead().NumberU64() >= maxHeadLag {
			if herr := s.moveHead(ctx); herr != nil && err == nil {
				err = herr
			}
		}
	}
	if err == nil {
		err = s.batcher.CatchUpSoon(ctx, s.head.NumberU64())
	}
	s.mu.Unlock()
	if s.cfg.OnFinal != nil {
		for _, f := range done {
			s.cfg.OnFinal(f.b, f.qc)
		}
	}
	return err
}

// syncStore makes the final blocks stored durable. s.mu is held.
func (s *Sequencer) syncStore() error {
	start := time.Now()
	err := s.store.Sync()
	s.storeTime.Add(int64(time.Since(start)))
	if err != nil {
		return fmt.Errorf("import final blocks to %d: %w", s.head.NumberU64(), err)
	}
	return nil
}

// moveHead moves geth's head to the last final block stored, durable
// since the last syncStore; lastFinal follows even if geth refused (the
// block is stored: sync does not bring it again). s.mu is held.
func (s *Sequencer) moveHead(ctx context.Context) error {
	defer s.lastFinal.Store(s.head)
	return s.engine.MoveHead(ctx, s.head.Hash())
}

// FlushHead moves geth's head to the last final block stored if block
// sync left it behind (ImportFinals), and returns once it is there: block
// sync calls it when it has imported every block it has.
func (s *Sequencer) FlushHead(ctx context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.gethHead().Hash() == s.head.Hash() {
		return nil
	}
	return s.moveHead(ctx)
}

// gethHead is the block geth's head was last moved to. s.mu is held.
func (s *Sequencer) gethHead() *types.Block {
	if b := s.lastFinal.Load(); b != nil {
		return b
	}
	return s.genesis
}

func (s *Sequencer) finalizeAndNotify(ctx context.Context, fb *consensus.FinalBlock, move headMove) error {
	s.mu.Lock()
	b, err := s.finalize(ctx, fb, move)
	if err == nil {
		err = s.batcher.CatchUp(ctx)
	}
	s.mu.Unlock()
	// Outside the lock: the callback reaches the network, which calls back
	// into NextBlock.
	if b != nil && s.cfg.OnFinal != nil {
		s.cfg.OnFinal(b, fb.QC)
	}
	return err
}

// headMove says how finalize moves geth's head.
type headMove int

const (
	setHead   headMove = iota // and wait for the txpool (consensus: this node may lead next)
	deferHead                 // not at all: the caller moves it after a run of blocks
)

// finalize stores fb and returns its block, or nil when it was already
// stored.
func (s *Sequencer) finalize(ctx context.Context, fb *consensus.FinalBlock, move headMove) (*types.Block, error) {
	if fb.QC == nil {
		return nil, errors.New("finalize: no CommitQC")
	}
	n := fb.Number()
	ph := consensus.PayloadHash(fb.Payload) // once: a payload is up to megabytes
	if ph != fb.QC.Header().PayloadHash {
		return nil, fmt.Errorf("finalize block %d: %w", n, consensus.ErrPayloadHashMismatch)
	}
	if head := s.head.NumberU64(); n <= head {
		stored, err := s.store.FinalBlock(n)
		if err != nil {
			return nil, fmt.Errorf("finalize block %d: %w", n, err)
		}
		if !bytes.Equal(stored.Block, fb.Payload) {
			return nil, fmt.Errorf("finalize block %d: %w", n, ErrConflict)
		}
		return nil, nil
	} else if n != head+1 {
		return nil, fmt.Errorf("finalize block %d: last final block is %d", n, head)
	}
	v, verified := s.verified[ph]
	b := v.block
	var err error
	if !verified {
		if b, err = s.decodeFinal(ph, fb.Payload); err != nil {
			return nil, fmt.Errorf("finalize block %d: %w", n, err)
		}
	}
	if b.NumberU64() != n || b.ParentHash() != s.head.Hash() {
		return nil, fmt.Errorf("finalize block %d: %w", n, ErrWrongParent)
	}
	witness := v.witness
	if !verified {
		if witness, err = s.importBlock(ctx, b); err != nil {
			return nil, fmt.Errorf("finalize block %d: %w", n, err)
		}
	}
	ws, err := s.withdrawals(b)
	if err != nil {
		return nil, fmt.Errorf("finalize block %d: %w", n, err)
	}
	through := s.lastIncluded
	if deps := b.Withdrawals(); len(deps) > 0 {
		through = deps[len(deps)-1].Index
	}
	start := time.Now()
	save := s.store.SaveFinalBlock
	if move == deferHead {
		save = s.store.SaveFinalBlockNoSync // synced by ImportFinals at the end of the run
	}
	err = save(n, &store.FinalBlock{Block: fb.Payload, Witness: witness, Withdrawals: ws,
		DepositsThrough: through, QC: consensus.EncodeCommitQC(fb.QC)})
	s.storeTime.Add(int64(time.Since(start)))
	if err != nil {
		return nil, err
	}
	// The batcher seals it next; it need not decode the stored copy again.
	s.batcher.Known(n, rollup.FinalBlock{Header: b.Header(), Deposits: b.Withdrawals(), Withdrawals: ws, Txs: b.Transactions()})
	if move == setHead {
		if err := s.engine.SetHead(ctx, b.Hash()); err != nil {
			return nil, err
		}
	}
	prev := s.lastIncluded
	s.head, s.headPayload, s.lastIncluded = b, ph, through
	s.stored.Store(b)
	if move == setHead {
		s.lastFinal.Store(b)
	}
	clear(s.verified)
	s.proposed = nil
	s.log.Debug("Block finalized", "number", n, "hash", b.Hash(), "txs", len(b.Transactions()),
		"deposits", len(b.Withdrawals()), "withdrawals", len(ws), "gas", b.GasUsed(), "view", fb.QC.Message.View.Number)
	if through > prev {
		s.log.Info("Deposits minted on L2", "block", n, "ids", fmt.Sprintf("%d..%d", prev+1, through))
	}
	return b, nil
}

// withdrawals are the L2Bridge withdrawals of imported block b, from its
// receipts.
func (s *Sequencer) withdrawals(b *types.Block) ([]rollup.Withdrawal, error) {
	var logs []*types.Log
	// The header's bloom has every log's address and topics (no false
	// negatives): a block whose bloom lacks the withdrawal event has none.
	if bloom := b.Bloom(); bloom.Test(rollup.L2BridgeAddress.Bytes()) && bloom.Test(rollup.WithdrawalInitiatedTopic.Bytes()) {
		for _, r := range s.engine.Receipts(b.Hash()) {
			logs = append(logs, r.Logs...)
		}
	}
	return rollup.ParseWithdrawals(logs)
}

// FinalBlock is block sync's source: stored final block n with its
// CommitQC. A block rebuilt from L1 (cairn reconstruct) has none: it is
// not found here.
func (s *Sequencer) FinalBlock(n uint64) (*consensus.FinalBlock, error) {
	fb, err := s.store.FinalBlock(n)
	if err != nil {
		return nil, err
	}
	if len(fb.QC) == 0 {
		// Rebuilt from L1 (cairn reconstruct): final by L1, with no
		// CommitQC a peer could check.
		return nil, fmt.Errorf("block %d was rebuilt from L1 and has no CommitQC: %w", n, store.ErrNotFound)
	}
	qc, err := consensus.DecodeCommitQC(fb.QC)
	if err != nil {
		return nil, fmt.Errorf("block %d: stored CommitQC: %w", n, err)
	}
	return &consensus.FinalBlock{Payload: fb.Block, QC: qc}, nil
}

// ReplicaState implements consensus.Engine.
func (s *Sequencer) ReplicaState(context.Context) ([]byte, error) { return s.store.ReplicaState() }

// SetReplicaState implements consensus.Engine; the store syncs before it
// returns.
func (s *Sequencer) SetReplicaState(_ context.Context, state []byte) error {
	return s.store.SaveReplicaState(state)
}

// pendingDeposits returns the next deposits to mint, in id order.
func (s *Sequencer) pendingDeposits() ([]*types.Withdrawal, error) {
	seen, err := s.store.LastDepositID()
	if err != nil {
		return nil, err
	}
	var out []*types.Withdrawal
	for id := s.lastIncluded + 1; id <= seen && uint64(len(out)) < s.cfg.MaxDepositsPerBlock; id++ {
		d, err := s.store.Deposit(id)
		if errors.Is(err, store.ErrNotFound) {
			break // an L1 reorg took it back: the watcher reads it again
		}
		if err != nil {
			return nil, err
		}
		w, err := d.Withdrawal()
		if err != nil {
			return nil, err
		}
		out = append(out, w)
	}
	return out, nil
}

// PrevRandao is the block's prevRandao: keccak256("cairn.prevrandao" ‖
// uint64_be(number)). The committee has no randomness beacon; a value fixed
// by the block number lets every replica check it, and no proposer can
// grind it.
func PrevRandao(number uint64) common.Hash {
	return crypto.Keccak256Hash([]byte("cairn.prevrandao"), binary.BigEndian.AppendUint64(nil, number))
}
