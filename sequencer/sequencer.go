package sequencer

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/cairn-rollup/cairn/execution"
	"github.com/cairn-rollup/cairn/rollup"
	"github.com/cairn-rollup/cairn/store"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/rlp"
)

// Engine is the execution layer as the sequencer drives it.
type Engine interface {
	BuildBlock(ctx context.Context, parent common.Hash, a execution.BuildAttrs) (*types.Block, error)
	ImportBlock(ctx context.Context, b *types.Block) ([]byte, error)
	InsertBlock(ctx context.Context, b *types.Block) error
	SetHead(ctx context.Context, hash common.Hash) error
	BlockByHash(h common.Hash) *types.Block
	Receipts(h common.Hash) types.Receipts
}

// Store is what the sequencer reads and writes.
type Store interface {
	LastBlock() (uint64, error)
	FinalBlock(n uint64) (*store.FinalBlock, error)
	SaveFinalBlock(n uint64, fb *store.FinalBlock) error
	LastDepositID() (uint64, error)
	Deposit(id uint64) (*rollup.Deposit, error)
}

// Batcher takes finalized blocks.
type Batcher interface {
	CatchUp(ctx context.Context) error
}

// Config tunes block production.
type Config struct {
	BlockTime           time.Duration
	MaxDepositsPerBlock uint64
	FeeRecipient        common.Address
	Now                 func() time.Time // nil = time.Now
}

// Sequencer is the block production service.
type Sequencer struct {
	cfg     Config
	engine  Engine
	store   Store
	batcher Batcher
	genesis *types.Block
	log     *slog.Logger

	head         *types.Block // last finalized block
	lastIncluded uint64       // last deposit id minted on L2
}

// New returns a sequencer over a started engine; call Recover before Run.
func New(cfg Config, engine Engine, st Store, batcher Batcher, genesis *types.Block, log *slog.Logger) *Sequencer {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.MaxDepositsPerBlock == 0 {
		cfg.MaxDepositsPerBlock = 16
	}
	return &Sequencer{cfg: cfg, engine: engine, store: st, batcher: batcher, genesis: genesis, log: log}
}

// Recover brings geth to the store's last finalized block, re-importing
// blocks geth lost, and restores the deposit position.
func (s *Sequencer) Recover(ctx context.Context) error {
	last, err := s.store.LastBlock()
	if err != nil {
		return err
	}
	s.head = s.genesis
	s.lastIncluded = 0
	if last > 0 {
		// Find how far geth got, then import the rest from the store.
		blocks := make([]*types.Block, 0)
		var fb *store.FinalBlock
		for n := last; n > 0; n-- {
			if fb, err = s.store.FinalBlock(n); err != nil {
				return err
			}
			b, err := decodeBlock(fb.Block)
			if err != nil {
				return fmt.Errorf("stored block %d: %w", n, err)
			}
			if n == last {
				s.lastIncluded = fb.DepositsThrough
			}
			if s.engine.BlockByHash(b.Hash()) != nil {
				blocks = append(blocks, b)
				break
			}
			blocks = append(blocks, b)
		}
		for i := len(blocks) - 1; i >= 0; i-- {
			if err := s.engine.InsertBlock(ctx, blocks[i]); err != nil {
				return fmt.Errorf("re-import block %d: %w", blocks[i].NumberU64(), err)
			}
		}
		if len(blocks) > 1 {
			s.log.Info("re-imported blocks geth lost", "from", blocks[len(blocks)-1].NumberU64(), "to", last)
		}
		s.head = blocks[0]
	}
	if err := s.engine.SetHead(ctx, s.head.Hash()); err != nil {
		return fmt.Errorf("set head to stored block %d: %w", s.head.NumberU64(), err)
	}
	return s.batcher.CatchUp(ctx)
}

// Run produces a block every BlockTime until ctx ends.
func (s *Sequencer) Run(ctx context.Context) error {
	for {
		next := time.Unix(int64(s.head.Time()), 0).Add(s.cfg.BlockTime)
		if wait := next.Sub(s.cfg.Now()); wait > 0 {
			t := time.NewTimer(wait)
			select {
			case <-ctx.Done():
				t.Stop()
				return nil
			case <-t.C:
			}
		}
		if err := s.Produce(ctx); err != nil {
			if ctx.Err() != nil {
				return nil
			}
			return err
		}
	}
}

// Head is the last finalized block.
func (s *Sequencer) Head() *types.Block { return s.head }

// Produce builds, imports, stores and finalizes one block.
func (s *Sequencer) Produce(ctx context.Context) error {
	parent := s.head
	n := parent.NumberU64() + 1
	ts := max(parent.Time()+1, uint64(s.cfg.Now().Unix()))
	deposits, err := s.pendingDeposits()
	if err != nil {
		return fmt.Errorf("block %d: %w", n, err)
	}
	block, err := s.engine.BuildBlock(ctx, parent.Hash(), execution.BuildAttrs{
		Timestamp: ts, FeeRecipient: s.cfg.FeeRecipient, PrevRandao: PrevRandao(n), Withdrawals: deposits,
	})
	if err != nil {
		return err
	}
	witness, err := s.engine.ImportBlock(ctx, block)
	if err != nil {
		return err
	}
	var logs []*types.Log
	for _, r := range s.engine.Receipts(block.Hash()) {
		logs = append(logs, r.Logs...)
	}
	ws, err := rollup.ParseWithdrawals(logs)
	if err != nil {
		return fmt.Errorf("block %d: %w", n, err)
	}
	enc, err := rlp.EncodeToBytes(block)
	if err != nil {
		return fmt.Errorf("encode block %d: %w", n, err)
	}
	through := s.lastIncluded
	if len(deposits) > 0 {
		through = deposits[len(deposits)-1].Index
	}
	if err := s.store.SaveFinalBlock(n, &store.FinalBlock{Block: enc, Witness: witness, Withdrawals: ws, DepositsThrough: through}); err != nil {
		return err
	}
	if err := s.engine.SetHead(ctx, block.Hash()); err != nil {
		return err
	}
	s.head, s.lastIncluded = block, through
	s.log.Debug("block finalized", "number", n, "hash", block.Hash(), "txs", len(block.Transactions()),
		"deposits", len(deposits), "withdrawals", len(ws), "gas", block.GasUsed())
	if len(deposits) > 0 {
		s.log.Info("deposits minted on L2", "block", n, "ids", fmt.Sprintf("%d..%d", deposits[0].Index, through))
	}
	return s.batcher.CatchUp(ctx)
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
// uint64_be(number)). A single sequencer has no randomness beacon; the value
// is fixed so that every node can check it. With consensus it becomes a
// function of the view.
func PrevRandao(number uint64) common.Hash {
	return crypto.Keccak256Hash([]byte("cairn.prevrandao"), binary.BigEndian.AppendUint64(nil, number))
}

var errEmptyBlock = errors.New("empty block encoding")

func decodeBlock(enc []byte) (*types.Block, error) {
	if len(enc) == 0 {
		return nil, errEmptyBlock
	}
	var b types.Block
	if err := rlp.DecodeBytes(enc, &b); err != nil {
		return nil, err
	}
	return &b, nil
}
