// Package watcher follows the L1 Bridge for deposits. It polls the
// Bridge's DepositInitiated logs every check interval over at most
// max_block_step blocks a call, only up to head − confirmations, and stores
// the deposits together with its cursor in one write, so that a restart
// resumes from the cursor and no deposit is lost or taken twice.
//
// Logs are untrusted input: one that does not decode into a valid deposit
// stops the watcher with an error instead of being skipped.
package watcher

import (
	"context"
	"fmt"
	"log/slog"
	"math/big"
	"time"

	"github.com/cairn-rollup/cairn/rollup"
	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/params"
)

// DepositInitiatedTopic is the topic of
// DepositInitiated(uint256 indexed depositId, address indexed from, address indexed to, uint256 amount).
var DepositInitiatedTopic = crypto.Keccak256Hash([]byte("DepositInitiated(uint256,address,address,uint256)"))

// Client is what the watcher needs of L1.
type Client interface {
	BlockNumber(ctx context.Context) (uint64, error)
	FilterLogs(ctx context.Context, q ethereum.FilterQuery) ([]types.Log, error)
}

// Store keeps deposits and the cursor.
type Store interface {
	L1Cursor() (uint64, error)
	SaveDeposits(deps []rollup.Deposit, next uint64) error
}

// Config says what to watch and how.
type Config struct {
	Bridge        common.Address
	StartBlock    uint64 // where to start with no cursor: the Bridge's deploy block
	CheckInterval time.Duration
	MaxBlockStep  uint64
	Confirmations uint64
}

// Watcher is the deposit watcher service.
type Watcher struct {
	cfg    Config
	client Client
	store  Store
	log    *slog.Logger
	notify chan struct{}
}

// New returns a watcher; Run starts it.
func New(cfg Config, client Client, store Store, log *slog.Logger) *Watcher {
	if cfg.MaxBlockStep == 0 {
		cfg.MaxBlockStep = 1000
	}
	if cfg.CheckInterval <= 0 {
		cfg.CheckInterval = time.Second
	}
	return &Watcher{cfg: cfg, client: client, store: store, log: log, notify: make(chan struct{}, 1)}
}

// Deposits signals (without blocking) whenever new deposits were stored.
func (w *Watcher) Deposits() <-chan struct{} { return w.notify }

// Run polls until ctx ends. RPC errors are logged and retried at the next
// tick; a malformed log stops it.
func (w *Watcher) Run(ctx context.Context) error {
	t := time.NewTicker(w.cfg.CheckInterval)
	defer t.Stop()
	for {
		for {
			n, caughtUp, err := w.Poll(ctx)
			if err != nil {
				if ctx.Err() != nil {
					return nil
				}
				if isFatal(err) {
					return err
				}
				w.log.Warn("L1 watcher poll failed, retrying", "err", err)
				break
			}
			if n > 0 {
				select {
				case w.notify <- struct{}{}:
				default:
				}
			}
			if caughtUp {
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

type fatalError struct{ error }

func isFatal(err error) bool { _, ok := err.(fatalError); return ok }

// Poll scans one step of at most MaxBlockStep blocks. It returns the number
// of deposits stored and whether it reached head − confirmations.
func (w *Watcher) Poll(ctx context.Context) (int, bool, error) {
	from, err := w.store.L1Cursor()
	if err != nil {
		return 0, false, fatalError{fmt.Errorf("read L1 cursor: %w", err)}
	}
	if from < w.cfg.StartBlock {
		from = w.cfg.StartBlock
	}
	head, err := w.client.BlockNumber(ctx)
	if err != nil {
		return 0, false, fmt.Errorf("L1 head: %w", err)
	}
	if head < w.cfg.Confirmations {
		return 0, true, nil
	}
	safe := head - w.cfg.Confirmations
	if from > safe {
		return 0, true, nil
	}
	to := min(safe, from+w.cfg.MaxBlockStep-1)
	logs, err := w.client.FilterLogs(ctx, ethereum.FilterQuery{
		FromBlock: new(big.Int).SetUint64(from), ToBlock: new(big.Int).SetUint64(to),
		Addresses: []common.Address{w.cfg.Bridge}, Topics: [][]common.Hash{{DepositInitiatedTopic}},
	})
	if err != nil {
		return 0, false, fmt.Errorf("L1 logs %d..%d: %w", from, to, err)
	}
	deps := make([]rollup.Deposit, 0, len(logs))
	for i := range logs {
		if logs[i].Removed {
			continue
		}
		d, err := ParseDeposit(&logs[i], w.cfg.Bridge)
		if err != nil {
			return 0, false, fatalError{fmt.Errorf("L1 block %d tx %s: %w", logs[i].BlockNumber, logs[i].TxHash, err)}
		}
		deps = append(deps, d)
	}
	if err := w.store.SaveDeposits(deps, to+1); err != nil {
		return 0, false, fatalError{fmt.Errorf("store deposits from L1 blocks %d..%d: %w", from, to, err)}
	}
	for _, d := range deps {
		w.log.Info("deposit seen on L1", "id", d.ID, "to", d.To, "amount", d.Amount, "l1Block", d.L1Block)
	}
	return len(deps), to == safe, nil
}

// maxDepositWei is 2^64 gwei: a deposit must be below it.
var maxDepositWei = new(big.Int).Mul(new(big.Int).Lsh(big.NewInt(1), 64), big.NewInt(params.GWei))

// ParseDeposit decodes and checks a DepositInitiated log of the bridge.
func ParseDeposit(l *types.Log, bridge common.Address) (rollup.Deposit, error) {
	if l.Address != bridge {
		return rollup.Deposit{}, fmt.Errorf("log of %s, not the bridge %s", l.Address, bridge)
	}
	if len(l.Topics) != 4 || l.Topics[0] != DepositInitiatedTopic {
		return rollup.Deposit{}, fmt.Errorf("not a DepositInitiated log (%d topics)", len(l.Topics))
	}
	if len(l.Data) != 32 {
		return rollup.Deposit{}, fmt.Errorf("DepositInitiated data is %d bytes, want 32", len(l.Data))
	}
	id := l.Topics[1].Big()
	if !id.IsUint64() || id.Sign() == 0 {
		return rollup.Deposit{}, fmt.Errorf("deposit id %s out of range", id)
	}
	amount := new(big.Int).SetBytes(l.Data)
	if amount.Sign() == 0 || new(big.Int).Mod(amount, big.NewInt(params.GWei)).Sign() != 0 || amount.Cmp(maxDepositWei) >= 0 {
		return rollup.Deposit{}, fmt.Errorf("deposit %s: amount %s wei is not a non-zero multiple of 1 gwei below 2^64 gwei", id, amount)
	}
	return rollup.Deposit{
		ID:       id.Uint64(),
		From:     common.BytesToAddress(l.Topics[2][:]),
		To:       common.BytesToAddress(l.Topics[3][:]),
		Amount:   amount,
		L1Block:  l.BlockNumber,
		L1TxHash: l.TxHash,
	}, nil
}
