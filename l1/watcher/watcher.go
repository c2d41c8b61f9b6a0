package watcher

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"sync"
	"sync/atomic"
	"time"

	"github.com/cairn-rollup/cairn/l1/bindings"
	"github.com/cairn-rollup/cairn/l1/outage"
	"github.com/cairn-rollup/cairn/rollup"
	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/rpc"
)

// Block tags the watcher can follow.
const (
	TagSafe      = "safe"
	TagFinalized = "finalized"
	TagLatest    = "latest" // head − confirmations
)

// maxForkWalk bounds how far back the watcher follows the old chain to find
// where a reorg forked off; past it, it rewinds to L1's finalized block.
const maxForkWalk = 4096

// bridgeABI decodes the Bridge's logs; it is never written after init.
var bridgeABI = bindings.NewBridge()

// DepositInitiatedTopic is the topic of
// DepositInitiated(uint256 indexed depositId, address indexed from, address indexed to, uint256 amount).
var DepositInitiatedTopic = bridgeABI.GetABI().Events[bindings.BridgeDepositInitiatedEventName].ID

// ErrMintedDepositsReorged is the watcher's error state after an L1 reorg
// removed deposits that L2 has already minted: no deposit is taken until L1
// holds the minted ones again, with the same contents.
var ErrMintedDepositsReorged = errors.New("an L1 reorg removed deposits already minted on L2")

// ErrDepositGap is returned by Step when L1 answered with deposit ids that
// do not follow the stored ones; the cursor goes back to the L1 block of
// the last stored deposit and the deposits from there are read again at the
// next poll.
var ErrDepositGap = errors.New("L1 returned deposits with a gap in their ids")

// Client is what the watcher needs of L1.
type Client interface {
	HeaderByNumber(ctx context.Context, number *big.Int) (*types.Header, error)
	HeaderByHash(ctx context.Context, hash common.Hash) (*types.Header, error)
	FilterLogs(ctx context.Context, q ethereum.FilterQuery) ([]types.Log, error)
}

// Store keeps deposits and the cursor.
type Store interface {
	L1Cursor() (uint64, error)
	L1CursorHash() (common.Hash, error)
	LastDepositID() (uint64, error)
	Deposit(id uint64) (*rollup.Deposit, error)
	SaveDeposits(deps []rollup.Deposit, next uint64, cursorHash common.Hash) error
	RewindL1(next uint64, cursorHash common.Hash) (kept, minted uint64, err error)
}

// Config says what to watch and how.
type Config struct {
	Bridge        common.Address
	StartBlock    uint64 // where to start with no cursor: the Bridge's deploy block
	CheckInterval time.Duration
	MaxBlockStep  uint64
	// BlockTag is the L1 block the watcher reads up to: "safe" (default),
	// "finalized", or "latest" for head − Confirmations. An L1 that does
	// not serve the tag is followed at head − Confirmations.
	BlockTag      string
	Confirmations uint64
}

// Watcher is the deposit watcher service.
type Watcher struct {
	cfg    Config
	client Client
	store  Store
	log    *slog.Logger
	notify chan struct{}
	stored atomic.Uint64 // deposits stored, counted again when stored again after a reorg

	tagWarned bool // the L1 does not serve cfg.BlockTag: warned once
	l1Outage  *outage.Reporter

	mu sync.Mutex
	// unconfirmed is the last minted deposit that an L1 reorg removed and
	// L1 has not shown again yet (0 = none): the error state of Err.
	unconfirmed uint64
	stateErr    error
	// followed is the L1 block target last read, of kind followedTag.
	followed    uint64
	followedTag string
}

// New returns a watcher; Run starts it.
func New(cfg Config, client Client, store Store, log *slog.Logger) *Watcher {
	return &Watcher{cfg: cfg.withDefaults(), client: client, store: store, log: log, notify: make(chan struct{}, 1),
		l1Outage: outage.New(log, nil)}
}

// ReportOutagesTo makes the watcher report L1 outages to rep, which the
// node's L1 loops share, so that an outage is one Warn and one Info line
// for the node.
func (w *Watcher) ReportOutagesTo(rep *outage.Reporter) *Watcher {
	w.l1Outage = rep
	return w
}

// withDefaults fills the zero fields.
func (c Config) withDefaults() Config {
	if c.MaxBlockStep == 0 {
		c.MaxBlockStep = 1000
	}
	if c.CheckInterval <= 0 {
		c.CheckInterval = time.Second
	}
	if c.BlockTag == "" {
		c.BlockTag = TagSafe
	}
	return c
}

// Run polls until ctx ends. RPC errors are logged and retried at the next
// tick (an L1 outage as package outage says: one Warn line when L1 goes
// away, one Info line when it is back); a malformed log, or L1 showing a stored deposit with other
// contents, stops it.
func (w *Watcher) Run(ctx context.Context) error {
	t := time.NewTicker(w.cfg.CheckInterval)
	defer t.Stop()
	for {
		for {
			more, err := w.Step(ctx)
			if err != nil {
				if ctx.Err() != nil {
					return nil
				}
				if isFatal(err) {
					return err
				}
				if !w.l1Outage.Failed(err, w.cfg.CheckInterval) {
					w.log.Warn("L1 watcher poll failed, retrying", "err", err)
				}
				break
			}
			w.l1Outage.OK()
			if !more {
				break
			}
		}
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
	}
}

// Deposits signals (without blocking) whenever new deposits were stored.
func (w *Watcher) Deposits() <-chan struct{} { return w.notify }

// StoredDeposits counts the deposits the watcher has stored since New (a
// deposit stored again after an L1 reorg counts again).
func (w *Watcher) StoredDeposits() uint64 { return w.stored.Load() }

// Err is the watcher's error state: an error wrapping
// ErrMintedDepositsReorged while L1 no longer holds deposits that L2 has
// minted, nil otherwise.
func (w *Watcher) Err() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.stateErr
}

type fatalError struct{ error }

func (e fatalError) Unwrap() error { return e.error }

func isFatal(err error) bool { var f fatalError; return errors.As(err, &f) }

// Step checks that the block the cursor rests on is still canonical
// (rewinding after a reorg), then scans one step of at most MaxBlockStep
// blocks, and signals Deposits when it stored some. It reports whether
// blocks are left to scan below the followed block: Run steps again at
// once while they are.
func (w *Watcher) Step(ctx context.Context) (bool, error) {
	n, caughtUp, err := w.scan(ctx)
	if err != nil {
		return false, err
	}
	if n > 0 {
		w.stored.Add(uint64(n))
		select {
		case w.notify <- struct{}{}:
		default:
		}
	}
	return !caughtUp, nil
}

// scan is one step of Step: it returns the number of deposits stored and
// whether it reached the followed block.
func (w *Watcher) scan(ctx context.Context) (int, bool, error) {
	if err := w.checkReorg(ctx); err != nil {
		return 0, false, err
	}
	from, err := w.store.L1Cursor()
	if err != nil {
		return 0, false, fatalError{fmt.Errorf("read L1 cursor: %w", err)}
	}
	from = max(from, w.cfg.StartBlock)
	target, ok, err := w.target(ctx)
	if err != nil {
		return 0, false, err
	}
	if !ok || from > target {
		return 0, true, nil
	}
	to := min(target, from+w.cfg.MaxBlockStep-1)
	toHeader, err := w.header(ctx, to)
	if err != nil {
		return 0, false, err
	}
	logs, err := w.client.FilterLogs(ctx, ethereum.FilterQuery{
		FromBlock: new(big.Int).SetUint64(from), ToBlock: new(big.Int).SetUint64(to),
		Addresses: []common.Address{w.cfg.Bridge}, Topics: [][]common.Hash{{DepositInitiatedTopic}},
	})
	if err != nil {
		return 0, false, fmt.Errorf("L1 logs %d..%d: %w", from, to, err)
	}
	// The logs belong to the chain ending in toHeader only if that block is
	// still canonical after they were read.
	if again, err := w.header(ctx, to); err != nil {
		return 0, false, err
	} else if again.Hash() != toHeader.Hash() {
		return 0, false, fmt.Errorf("L1 reorged block %d while its logs were read", to)
	}
	deps := make([]rollup.Deposit, 0, len(logs))
	for i := range logs {
		l := &logs[i]
		if l.Removed {
			continue
		}
		if l.BlockNumber < from || l.BlockNumber > to {
			return 0, false, fmt.Errorf("L1 returned a log of block %d for blocks %d..%d", l.BlockNumber, from, to)
		}
		d, err := ParseDeposit(l, w.cfg.Bridge)
		if err != nil {
			return 0, false, fatalError{fmt.Errorf("L1 block %d tx %s: %w", l.BlockNumber, l.TxHash, err)}
		}
		deps = append(deps, d)
	}
	if err := w.checkContiguous(deps); err != nil {
		if errors.Is(err, ErrDepositGap) {
			if rerr := w.rewindToLastDeposit(ctx, from); rerr != nil {
				return 0, false, fmt.Errorf("%w (rewinding: %w)", err, rerr)
			}
		}
		return 0, false, err
	}
	if err := w.store.SaveDeposits(deps, to+1, toHeader.Hash()); err != nil {
		return 0, false, fatalError{fmt.Errorf("store deposits from L1 blocks %d..%d: %w", from, to, err)}
	}
	for _, d := range deps {
		w.log.Info("Deposit seen on L1", "id", d.ID, "to", d.To, "amount", d.Amount, "l1_block", d.L1Block)
	}
	w.recheckMinted(deps)
	return len(deps), to == target, nil
}

// target is the L1 block to read up to; ok is false when L1 has no such
// block yet (fewer blocks than confirmations).
func (w *Watcher) target(ctx context.Context) (uint64, bool, error) {
	var tag rpc.BlockNumber
	switch w.cfg.BlockTag {
	case TagSafe:
		tag = rpc.SafeBlockNumber
	case TagFinalized:
		tag = rpc.FinalizedBlockNumber
	}
	if tag != 0 {
		h, err := w.client.HeaderByNumber(ctx, big.NewInt(int64(tag)))
		if err == nil && h != nil {
			w.follow(h.Number.Uint64(), w.cfg.BlockTag)
			return h.Number.Uint64(), true, nil
		}
		if err != nil && !notServed(err) {
			return 0, false, fmt.Errorf("L1 %s block: %w", w.cfg.BlockTag, err)
		}
		if !w.tagWarned {
			w.tagWarned = true
			w.log.Warn("L1 serves no block for the tag, following the head minus confirmations meanwhile",
				"tag", w.cfg.BlockTag, "confirmations", w.cfg.Confirmations, "err", err)
		}
	}
	head, err := w.client.HeaderByNumber(ctx, nil)
	if err != nil {
		return 0, false, fmt.Errorf("L1 head: %w", err)
	}
	n := head.Number.Uint64()
	w.follow(n, TagLatest)
	if n < w.cfg.Confirmations {
		return 0, false, nil
	}
	return n - w.cfg.Confirmations, true, nil
}

func (w *Watcher) follow(n uint64, tag string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.followed, w.followedTag = n, tag
}

// Followed is the L1 block the watcher last read to know how far to
// scan, and its kind: TagLatest for the head, or the configured tag (0
// and "" before the first read). It costs no L1 call: the status page
// shows it as the node's L1 head.
func (w *Watcher) Followed() (uint64, string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.followed, w.followedTag
}

// notServed tells an L1 that answered but has no block for a tag (a
// pre-merge chain, a node that does not know the tag) from an L1 that is
// unreachable.
func notServed(err error) bool {
	var re rpc.Error
	return errors.Is(err, ethereum.NotFound) || errors.As(err, &re)
}

func (w *Watcher) header(ctx context.Context, n uint64) (*types.Header, error) {
	h, err := w.client.HeaderByNumber(ctx, new(big.Int).SetUint64(n))
	if err != nil {
		return nil, fmt.Errorf("L1 block %d: %w", n, err)
	}
	if h == nil || h.Number == nil || h.Number.Uint64() != n {
		return nil, fmt.Errorf("L1 block %d: node answered with another block", n)
	}
	return h, nil
}

// checkContiguous refuses logs whose ids do not run on from the stored
// deposits: L1 cannot have such a gap, so the RPC answer was inconsistent
// (a load-balanced or lagging node) and the range is read again.
func (w *Watcher) checkContiguous(deps []rollup.Deposit) error {
	if len(deps) == 0 {
		return nil
	}
	last, err := w.store.LastDepositID()
	if err != nil {
		return fatalError{fmt.Errorf("read last deposit id: %w", err)}
	}
	if first := deps[0].ID; first > last+1 {
		return fmt.Errorf("%w: deposit %d after stored deposit %d, reading again", ErrDepositGap, first, last)
	}
	for i := 1; i < len(deps); i++ {
		if deps[i].ID != deps[i-1].ID+1 {
			return fmt.Errorf("%w: deposit %d after %d, reading again", ErrDepositGap, deps[i].ID, deps[i-1].ID)
		}
	}
	return nil
}

// rewindToLastDeposit moves the cursor back to the L1 block of the last
// stored deposit (or to the start block with none), so that deposits an
// earlier short answer left out (a provider that caps or drops logs) are
// read again: the cursor alone may already be past them. The hash kept is
// that of the canonical block before the new cursor, as the reorg check
// expects. from is the cursor in use; it never moves forward.
func (w *Watcher) rewindToLastDeposit(ctx context.Context, from uint64) error {
	last, err := w.store.LastDepositID()
	if err != nil {
		return fatalError{fmt.Errorf("read last deposit id: %w", err)}
	}
	next := w.cfg.StartBlock
	if last > 0 {
		d, err := w.store.Deposit(last)
		if err != nil {
			return fatalError{fmt.Errorf("read deposit %d: %w", last, err)}
		}
		next = max(d.L1Block, w.cfg.StartBlock)
	}
	if next >= from {
		return nil
	}
	var hash common.Hash
	if next > 0 {
		h, err := w.header(ctx, next-1)
		if err != nil {
			return err
		}
		hash = h.Hash()
	}
	if err := w.store.SaveDeposits(nil, next, hash); err != nil {
		return fatalError{fmt.Errorf("move the L1 cursor back to %d: %w", next, err)}
	}
	w.log.Warn("L1 answered with a deposit gap: reading again from the last stored deposit",
		"last_deposit", last, "cursor_block", from, "next_block", next)
	return nil
}

// checkReorg compares the hash of the block the cursor rests on with L1's
// canonical block at that height; on a mismatch it finds the fork point
// and rewinds the cursor there.
func (w *Watcher) checkReorg(ctx context.Context) error {
	cursor, err := w.store.L1Cursor()
	if err != nil {
		return fatalError{fmt.Errorf("read L1 cursor: %w", err)}
	}
	stored, err := w.store.L1CursorHash()
	if err != nil {
		return fatalError{fmt.Errorf("read L1 cursor hash: %w", err)}
	}
	if cursor == 0 || stored == (common.Hash{}) {
		return nil // nothing scanned yet, or a cursor saved before hashes were kept
	}
	canon, err := w.client.HeaderByNumber(ctx, new(big.Int).SetUint64(cursor-1))
	switch {
	case errors.Is(err, ethereum.NotFound):
		// L1 is now shorter than what was scanned: the chain reorged.
	case err != nil:
		return fmt.Errorf("L1 block %d: %w", cursor-1, err)
	case canon.Hash() == stored:
		return nil
	}
	next, hash, err := w.forkPoint(ctx, cursor-1, stored)
	if err != nil {
		return err
	}
	kept, minted, err := w.store.RewindL1(next, hash)
	if err != nil {
		return fatalError{fmt.Errorf("rewind the L1 cursor to %d: %w", next, err)}
	}
	w.log.Warn("L1 reorg: rewinding the deposit cursor to the fork point", "cursor_block", cursor-1,
		"cursor_hash", stored, "next_block", next, "deposits_kept", kept, "deposits_minted", minted)
	// Minted deposits seen at or after the fork point must come back.
	low := minted
	for ; low > 0; low-- {
		d, err := w.store.Deposit(low)
		if err != nil {
			return fatalError{fmt.Errorf("read deposit %d: %w", low, err)}
		}
		if d.L1Block < next {
			break
		}
	}
	if low < minted {
		err := fmt.Errorf("%w: deposits %d..%d were minted but L1 reorged from block %d on; no deposit is taken until L1 holds them again",
			ErrMintedDepositsReorged, low+1, minted, next)
		w.log.Error("Minted deposits are no longer on L1", "ids", fmt.Sprintf("%d..%d", low+1, minted), "next_block", next, "err", err)
		w.mu.Lock()
		w.unconfirmed, w.stateErr = minted, err
		w.mu.Unlock()
	}
	return nil
}

// forkPoint walks the old chain back from block n (hash h) until it meets
// the canonical chain, and returns the first block to read again and the
// hash of the block before it. If the old chain cannot be followed (the L1
// node dropped it, or the reorg is deeper than maxForkWalk) it falls back
// to L1's finalized block, or to the start block.
func (w *Watcher) forkPoint(ctx context.Context, n uint64, h common.Hash) (uint64, common.Hash, error) {
	for i := 0; i < maxForkWalk && n > 0; i++ {
		old, err := w.client.HeaderByHash(ctx, h)
		if errors.Is(err, ethereum.NotFound) {
			break
		}
		if err != nil {
			return 0, common.Hash{}, fmt.Errorf("old L1 block %d (%s): %w", n, h, err)
		}
		n, h = n-1, old.ParentHash
		canon, err := w.client.HeaderByNumber(ctx, new(big.Int).SetUint64(n))
		if err != nil && !errors.Is(err, ethereum.NotFound) {
			return 0, common.Hash{}, fmt.Errorf("L1 block %d: %w", n, err)
		}
		if err == nil && canon.Hash() == h {
			return n + 1, h, nil
		}
	}
	if fin, err := w.client.HeaderByNumber(ctx, big.NewInt(int64(rpc.FinalizedBlockNumber))); err == nil && fin != nil && fin.Number.Uint64() < n {
		w.log.Warn("L1 reorg: old chain not found, rewinding to the L1 finalized block", "block", fin.Number)
		return fin.Number.Uint64() + 1, fin.Hash(), nil
	}
	w.log.Warn("L1 reorg: old chain not found, reading deposits again from the start block", "block", w.cfg.StartBlock)
	if w.cfg.StartBlock == 0 {
		return 0, common.Hash{}, nil
	}
	start, err := w.header(ctx, w.cfg.StartBlock-1)
	if err != nil {
		return 0, common.Hash{}, err
	}
	return w.cfg.StartBlock, start.Hash(), nil
}

// recheckMinted clears the error state once L1 has shown again the last
// minted deposit that a reorg removed (and with it the ones before it,
// which precede it on L1; the store refuses one with other contents).
func (w *Watcher) recheckMinted(deps []rollup.Deposit) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.unconfirmed == 0 {
		return
	}
	for _, d := range deps {
		if d.ID == w.unconfirmed {
			w.log.Info("L1 holds the minted deposits again, taking deposits again", "through", d.ID, "l1_block", d.L1Block)
			w.unconfirmed, w.stateErr = 0, nil
			return
		}
	}
}

// ParseDeposit decodes and checks a DepositInitiated log of the bridge.
func ParseDeposit(l *types.Log, bridge common.Address) (rollup.Deposit, error) {
	if l.Address != bridge {
		return rollup.Deposit{}, fmt.Errorf("log of %s, not the bridge %s", l.Address, bridge)
	}
	// Exact shapes: the decoder would accept trailing data.
	if len(l.Topics) != 4 || l.Topics[0] != DepositInitiatedTopic {
		return rollup.Deposit{}, fmt.Errorf("not a DepositInitiated log (%d topics)", len(l.Topics))
	}
	if len(l.Data) != 32 {
		return rollup.Deposit{}, fmt.Errorf("DepositInitiated data is %d bytes, want 32", len(l.Data))
	}
	ev, err := bridgeABI.UnpackDepositInitiatedEvent(l)
	if err != nil {
		return rollup.Deposit{}, fmt.Errorf("decode DepositInitiated: %w", err)
	}
	if !ev.DepositId.IsUint64() || ev.DepositId.Sign() == 0 {
		return rollup.Deposit{}, fmt.Errorf("deposit id %s out of range", ev.DepositId)
	}
	if _, err := rollup.DepositGwei(ev.Amount); err != nil {
		return rollup.Deposit{}, fmt.Errorf("deposit %s: %w", ev.DepositId, err)
	}
	return rollup.Deposit{
		ID:       ev.DepositId.Uint64(),
		From:     ev.From,
		To:       ev.To,
		Amount:   ev.Amount,
		L1Block:  l.BlockNumber,
		L1TxHash: l.TxHash,
	}, nil
}
