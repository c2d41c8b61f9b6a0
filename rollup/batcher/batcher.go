// Package batcher seals the node's finalized blocks into batches with the
// deterministic rule of rollup.Sealer and stores each batch, together with
// its prover input on the node that proves (Batcher.Inputs), in one write;
// ProverInput builds the input of a batch stored without one. It works only from the store, so every
// node seals the same batches, and after a restart it resumes from the last
// stored batch by feeding the sealer the blocks after it.
package batcher

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/cairn-rollup/cairn/rollup"
	"github.com/cairn-rollup/cairn/store"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/params"
	"github.com/ethereum/go-ethereum/rlp"
)

// Store is what the batcher reads and writes.
type Store interface {
	LastBlock() (uint64, error)
	FinalBlock(n uint64) (*store.FinalBlock, error)
	LastSealed() (uint64, error)
	Batch(n uint64) (*store.SealedBatch, error)
	SaveBatch(sb *store.SealedBatch, input []byte) error
}

// WitnessSource regenerates the stateless witness of a stored block (a
// node that did not keep witnesses when the block was final).
type WitnessSource interface {
	Witness(ctx context.Context, hash common.Hash) ([]byte, error)
}

// Batcher is the sealing step; CatchUp is called after each finalized
// block, or CatchUpSoon with Run in the background.
type Batcher struct {
	// Inputs, when set, makes the batcher store each batch's prover input
	// with it, regenerating witnesses the blocks lack from it: only the
	// node that proves needs them.
	Inputs WitnessSource
	// KeepData makes the batcher store each batch's published data: only
	// the node that commits sends it (Data rebuilds it elsewhere).
	KeepData bool

	store       Store
	chainID     uint64
	limits      rollup.SealLimits
	pub         rollup.Publisher
	genesis     rollup.Batch // batch 0: the genesis state root and block hash
	chainConfig []byte
	log         *slog.Logger
	subs        []chan struct{}

	mu     sync.Mutex // one CatchUp at a time
	sealer *rollup.Sealer
	next   atomic.Uint64 // sealer.Next() after the last CatchUp, 0 before it
	soon   chan struct{} // CatchUpSoon asks Run

	knownMu sync.Mutex
	known   map[uint64]rollup.FinalBlock // handed by Known, until the next CatchUp
}

// New returns a batcher for the chain whose genesis block header is genesis:
// batch 0 is its state root and block hash, on which batch 1 builds.
// pub encodes each batch's published data and its commitment.
func New(st Store, chainConfig *params.ChainConfig, limits rollup.SealLimits, pub rollup.Publisher, genesis *types.Header, log *slog.Logger) (*Batcher, error) {
	if genesis == nil {
		return nil, fmt.Errorf("batcher: no genesis header")
	}
	cc, err := json.Marshal(chainConfig)
	if err != nil {
		return nil, fmt.Errorf("encode chain config: %w", err)
	}
	return &Batcher{store: st, chainID: chainConfig.ChainID.Uint64(), limits: limits, pub: pub,
		genesis:     rollup.Batch{StateRoot: genesis.Root, LastBlockHash: genesis.Hash()},
		chainConfig: cc, log: log, soon: make(chan struct{}, 1)}, nil
}

// Subscribe returns a channel that is signalled, without blocking, after
// new batches were stored. Subscribe before the first CatchUp.
func (b *Batcher) Subscribe() <-chan struct{} {
	ch := make(chan struct{}, 1)
	b.subs = append(b.subs, ch)
	return ch
}

// Known hands the batcher final block n as the caller decoded it from
// the payload it stored, with the withdrawals it stored: the next CatchUp
// takes it instead of reading and decoding the store's copy again (a
// block of thousands of transactions takes milliseconds to decode). What
// that CatchUp does not take is dropped.
func (b *Batcher) Known(n uint64, fb rollup.FinalBlock) {
	b.knownMu.Lock()
	defer b.knownMu.Unlock()
	if b.known == nil {
		b.known = map[uint64]rollup.FinalBlock{}
	}
	b.known[n] = fb
}

// takeKnown returns the blocks handed with Known and forgets them.
func (b *Batcher) takeKnown() map[uint64]rollup.FinalBlock {
	b.knownMu.Lock()
	defer b.knownMu.Unlock()
	k := b.known
	b.known = nil
	return k
}

// MaxLag is how many blocks CatchUpSoon lets the background catch-up
// fall behind the last stored block before it catches up at once.
const MaxLag = 32

// CatchUpSoon has Run catch up in the background, so that the caller
// (block sync storing runs of blocks) does not wait for the sealing: a
// batch's blob commitments take tens of milliseconds of CPU each. When
// the sealer is MaxLag blocks or more behind last, the last block stored,
// it catches up now, as CatchUp does: the blocks handed with Known wait in
// memory until then, and the caller slows to the sealer's pace.
func (b *Batcher) CatchUpSoon(ctx context.Context, last uint64) error {
	if next := b.next.Load(); next != 0 && last >= next+MaxLag {
		return b.CatchUp(ctx)
	}
	select {
	case b.soon <- struct{}{}:
	default:
	}
	return nil
}

// Run catches up whenever CatchUpSoon asks, until ctx ends; a failed
// catch-up is logged and tried again a second later.
func (b *Batcher) Run(ctx context.Context) {
	var retry <-chan time.Time
	for {
		select {
		case <-ctx.Done():
			return
		case <-b.soon:
		case <-retry:
		}
		retry = nil
		if err := b.CatchUp(ctx); err != nil && ctx.Err() == nil {
			b.log.Warn("Sealing batches failed, retrying in a second", "err", err)
			retry = time.After(time.Second)
		}
	}
}

// CatchUp feeds every stored block the sealer has not seen.
func (b *Batcher) CatchUp(ctx context.Context) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.sealer == nil {
		prev, err := b.lastBatch()
		if err != nil {
			return err
		}
		b.sealer = rollup.NewSealer(b.chainID, b.limits, b.pub, prev)
	}
	last, err := b.store.LastBlock()
	if err != nil {
		return err
	}
	known := b.takeKnown()
	for n := b.sealer.Next(); n <= last; n = b.sealer.Next() {
		if err := ctx.Err(); err != nil {
			return err
		}
		fb, ok := known[n]
		if !ok {
			if fb, err = b.storedBlock(n); err != nil {
				return err
			}
		}
		sealed, err := b.sealer.Add(fb)
		if err != nil {
			return err
		}
		b.next.Store(b.sealer.Next())
		for _, sb := range sealed {
			if err := b.save(sb); err != nil {
				b.sealer = nil // start again from the store
				return err
			}
		}
	}
	return nil
}

// storedBlock reads and decodes final block n from the store.
func (b *Batcher) storedBlock(n uint64) (rollup.FinalBlock, error) {
	fb, err := b.store.FinalBlock(n)
	if err != nil {
		return rollup.FinalBlock{}, err
	}
	block, err := decodeBlock(fb)
	if err != nil {
		return rollup.FinalBlock{}, fmt.Errorf("stored block %d: %w", n, err)
	}
	return rollup.FinalBlock{Header: block.Header(), Deposits: block.Withdrawals(),
		Withdrawals: fb.Withdrawals, Txs: block.Transactions()}, nil
}

func (b *Batcher) lastBatch() (rollup.Batch, error) {
	n, err := b.store.LastSealed()
	if err != nil {
		return rollup.Batch{}, err
	}
	if n == 0 {
		return b.genesis, nil
	}
	sb, err := b.store.Batch(n)
	if err != nil {
		return rollup.Batch{}, err
	}
	return sb.Batch, nil
}

func (b *Batcher) save(sealed rollup.Sealed) error {
	batch := sealed.Batch
	prev, err := b.lastBatch()
	if err != nil {
		return err
	}
	var enc []byte
	if b.Inputs != nil {
		if enc, err = b.input(context.Background(), batch, prev, b.Inputs); err != nil {
			return err
		}
	}
	sb := &store.SealedBatch{Batch: *batch, Withdrawals: sealed.Withdrawals}
	if b.KeepData {
		sb.Data = sealed.Data
	}
	if err := b.store.SaveBatch(sb, enc); err != nil {
		return err
	}
	b.log.Info("Batch sealed", "batch", batch.Number, "blocks", fmt.Sprintf("%d..%d", batch.FirstBlock, batch.LastBlock),
		"withdrawals", batch.WithdrawalsCount, "last_deposit", batch.LastDepositID, "data_bytes", len(sealed.Data), "input_bytes", len(enc))
	for _, ch := range b.subs {
		select {
		case ch <- struct{}{}:
		default:
		}
	}
	return nil
}

// ProverInput builds the encoded prover input of sealed batch n from the
// store, regenerating the witnesses its blocks lack with witnesses: for a
// batch sealed before this node kept inputs.
func (b *Batcher) ProverInput(ctx context.Context, n uint64, witnesses WitnessSource) ([]byte, error) {
	if n == 0 {
		return nil, fmt.Errorf("prover input of batch 0: genesis is not proven")
	}
	sb, err := b.store.Batch(n)
	if err != nil {
		return nil, err
	}
	var prev rollup.Batch
	if n == 1 {
		prev = b.genesis
	} else {
		p, err := b.store.Batch(n - 1)
		if err != nil {
			return nil, err
		}
		prev = p.Batch
	}
	return b.input(ctx, &sb.Batch, prev, witnesses)
}

func (b *Batcher) input(ctx context.Context, batch *rollup.Batch, prev rollup.Batch, witnesses WitnessSource) ([]byte, error) {
	in := &rollup.ProverInput{L2ChainID: b.chainID, Batch: *batch,
		PrevDepositsRollingHash: prev.DepositsRollingHash, ChainConfig: b.chainConfig}
	for n := batch.FirstBlock; n <= batch.LastBlock; n++ {
		fb, err := b.store.FinalBlock(n)
		if err != nil {
			return nil, err
		}
		w := fb.Witness
		if len(w) == 0 {
			blk, err := decodeBlock(fb)
			if err != nil {
				return nil, fmt.Errorf("prover input of batch %d: block %d: %w", batch.Number, n, err)
			}
			if w, err = witnesses.Witness(ctx, blk.Hash()); err != nil {
				return nil, fmt.Errorf("prover input of batch %d: witness of block %d: %w", batch.Number, n, err)
			}
		}
		in.Blocks = append(in.Blocks, fb.Block)
		in.Witnesses = append(in.Witnesses, w)
	}
	enc, err := in.Encode()
	if err != nil {
		return nil, fmt.Errorf("encode prover input of batch %d: %w", batch.Number, err)
	}
	return enc, nil
}

// Data returns sealed batch n's published data: as stored, or, on a node
// that did not keep it (KeepData), encoded again from the batch's blocks
// and checked against the batch's data commitment.
func (b *Batcher) Data(n uint64) ([]byte, error) {
	sb, err := b.store.Batch(n)
	if err != nil {
		return nil, err
	}
	if len(sb.Data) > 0 {
		return sb.Data, nil
	}
	var blocks []rollup.FinalBlock
	for i := sb.Batch.FirstBlock; i <= sb.Batch.LastBlock; i++ {
		fb, err := b.storedBlock(i)
		if err != nil {
			return nil, fmt.Errorf("data of batch %d: %w", n, err)
		}
		blocks = append(blocks, fb)
	}
	data, err := b.pub.Encode(blocks)
	if err != nil {
		return nil, fmt.Errorf("data of batch %d: %w", n, err)
	}
	c, err := b.pub.Commit(data)
	if err != nil {
		return nil, fmt.Errorf("data of batch %d: %w", n, err)
	}
	if c != sb.Batch.DataCommitment {
		return nil, fmt.Errorf("data of batch %d: encoded again it commits to %s, the batch to %s", n, c, sb.Batch.DataCommitment)
	}
	return data, nil
}

func decodeBlock(fb *store.FinalBlock) (*types.Block, error) {
	var b types.Block
	if err := rlp.DecodeBytes(fb.Block, &b); err != nil {
		return nil, err
	}
	return &b, nil
}
