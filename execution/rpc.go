package execution

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/eth"
	"github.com/ethereum/go-ethereum/log"
	"github.com/ethereum/go-ethereum/params"
)

// rawTxSyncSender is the part of geth's eth transaction API the guard
// uses: its receipt lookup.
type rawTxSyncSender interface {
	GetTransactionReceipt(ctx context.Context, hash common.Hash) (map[string]interface{}, error)
}

// txGuard replaces eth_sendRawTransaction and eth_sendRawTransactionSync.
// Blob transactions are refused with ErrBlobTx before they reach the txpool
// (geth always runs a blob pool). eth_sendRawTransaction adds the transaction
// synchronously (see addTx), and so does the Sync variant, which then waits
// for the receipt with geth's receipt lookup.
type txGuard struct {
	eth     *eth.Ethereum
	next    rawTxSyncSender
	onLocal func(tx *types.Transaction, raw []byte)
	stages  *stageClock
}

func newTxGuard(backend *eth.Ethereum, onLocal func(*types.Transaction, []byte), stages *stageClock) (*txGuard, error) {
	if onLocal == nil {
		onLocal = func(*types.Transaction, []byte) {}
	}
	for _, api := range backend.APIs() {
		if api.Namespace != "eth" {
			continue
		}
		if s, ok := api.Service.(rawTxSyncSender); ok {
			return &txGuard{eth: backend, next: s, onLocal: onLocal, stages: stages}, nil
		}
	}
	return nil, errors.New("execution: geth's eth transaction API not found")
}

func decodeTx(input hexutil.Bytes) (*types.Transaction, error) {
	tx := new(types.Transaction)
	if err := tx.UnmarshalBinary(input); err != nil {
		return nil, err
	}
	if tx.Type() == types.BlobTxType {
		return nil, ErrBlobTx
	}
	return tx, nil
}

// SendRawTransaction is eth_sendRawTransaction without blob transactions,
// with geth's checks (fee cap, EIP-155 replay protection).
func (g *txGuard) SendRawTransaction(ctx context.Context, input hexutil.Bytes) (common.Hash, error) {
	defer since(&g.stages.admission, time.Now())
	tx, err := g.check(input)
	if err != nil {
		return common.Hash{}, err
	}
	if err := addTx(g.eth, tx); err != nil {
		return common.Hash{}, err
	}
	g.onLocal(tx, input) // geth decodes only canonical encodings: input is MarshalBinary(tx)
	return tx.Hash(), nil
}

// admitBatch is eth_sendRawTransaction for each of inputs, with the
// transactions that pass the RPC's checks added to the txpool in one call:
// one pool promotion for the batch instead of one per transaction. Each
// input gets its hash or its error, as the single call would return.
func (g *txGuard) admitBatch(inputs []hexutil.Bytes) ([]common.Hash, []error) {
	defer since(&g.stages.admission, time.Now())
	hashes := make([]common.Hash, len(inputs))
	errs := make([]error, len(inputs))
	txs := make([]*types.Transaction, 0, len(inputs))
	at := make([]int, 0, len(inputs))
	for i, input := range inputs {
		tx, err := g.check(input)
		if err != nil {
			errs[i] = err
			continue
		}
		txs = append(txs, tx)
		at = append(at, i)
	}
	if len(txs) == 0 {
		return hashes, errs
	}
	for j, err := range g.eth.TxPool().Add(txs, true) {
		i := at[j]
		if err != nil {
			errs[i] = err
			continue
		}
		g.onLocal(txs[j], inputs[i])
		hashes[i] = txs[j].Hash()
	}
	return hashes, errs
}

// check decodes a raw transaction and applies the RPC's own checks.
func (g *txGuard) check(input hexutil.Bytes) (*types.Transaction, error) {
	tx, err := decodeTx(input)
	if err != nil {
		return nil, err
	}
	if err := checkTxFee(tx.GasPrice(), tx.Gas(), g.eth.APIBackend.RPCTxFeeCap()); err != nil {
		return nil, err
	}
	if !g.eth.APIBackend.UnprotectedAllowed() && !tx.Protected() {
		return nil, errors.New("only replay-protected (EIP-155) transactions allowed over RPC")
	}
	return tx, nil
}

// SendRawTransactionSync is eth_sendRawTransactionSync without blob
// transactions. The transaction passes the same checks as through
// SendRawTransaction and is added to the txpool synchronously (its errors
// are geth's) before it is gossiped: an invalid transaction never reaches
// onLocal. It then waits for the receipt as geth's Sync does.
func (g *txGuard) SendRawTransactionSync(ctx context.Context, input hexutil.Bytes, timeoutMs *uint64) (map[string]interface{}, error) {
	tx, err := g.check(input)
	if err != nil {
		return nil, err
	}
	heads := make(chan core.ChainEvent, 128)
	sub := g.eth.BlockChain().SubscribeChainEvent(heads) // before the add: no inclusion is missed
	defer sub.Unsubscribe()
	if err := addTx(g.eth, tx); err != nil {
		return nil, err
	}
	g.onLocal(tx, input)
	timeout := syncTimeout(g.eth.APIBackend.RPCTxSyncDefaultTimeout(), g.eth.APIBackend.RPCTxSyncMaxTimeout(), timeoutMs)
	wait, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	hash := tx.Hash()
	for {
		if r, err := g.next.GetTransactionReceipt(wait, hash); err == nil && r != nil {
			return r, nil
		}
		select {
		case <-wait.Done():
			if errors.Is(wait.Err(), context.DeadlineExceeded) && ctx.Err() == nil {
				return nil, &txSyncTimeoutError{hash: hash, timeout: timeout}
			}
			return nil, wait.Err()
		case err := <-sub.Err():
			return nil, fmt.Errorf("execution: waiting for the receipt of %s: chain subscription closed: %w", hash, err)
		case <-heads:
		}
	}
}

// syncTimeout is how long eth_sendRawTransactionSync waits for a receipt:
// the client's timeout in milliseconds, capped at max; def when it gives none.
func syncTimeout(def, max time.Duration, timeoutMs *uint64) time.Duration {
	if timeoutMs == nil || *timeoutMs == 0 {
		return def
	}
	return min(time.Duration(*timeoutMs)*time.Millisecond, max)
}

// txSyncTimeoutError is geth's answer when eth_sendRawTransactionSync's wait
// elapses: JSON-RPC code 4, the transaction hash as data.
type txSyncTimeoutError struct {
	hash    common.Hash
	timeout time.Duration
}

func (e *txSyncTimeoutError) Error() string {
	return fmt.Sprintf("The transaction was added to the transaction pool but wasn't processed in %v", e.timeout)
}
func (e *txSyncTimeoutError) ErrorCode() int         { return 4 }
func (e *txSyncTimeoutError) ErrorData() interface{} { return e.hash.Hex() }

// addTx adds a transaction to the txpool and waits for the pool to promote
// it. geth's own submission path promotes in the background, and a head
// reset that runs meanwhile recomputes nonces from the state only, leaving
// transactions that follow other pending ones of the same sender queued
// until the sender's next transaction: they would miss the next block.
func addTx(backend *eth.Ethereum, tx *types.Transaction) error {
	return backend.TxPool().Add([]*types.Transaction{tx}, true)[0]
}

// checkTxFee refuses transactions whose maximum fee exceeds the RPC cap
// (ether; 0 = no cap), as geth's RPC does.
func checkTxFee(gasPrice *big.Int, gas uint64, capEther float64) error {
	if capEther == 0 {
		return nil
	}
	fee := new(big.Float).Quo(new(big.Float).SetInt(new(big.Int).Mul(gasPrice, new(big.Int).SetUint64(gas))), big.NewFloat(params.Ether))
	if f, _ := fee.Float64(); f > capEther {
		return fmt.Errorf("tx fee (%.2f ether) exceeds the configured cap (%.2f ether)", f, capEther)
	}
	return nil
}

// minLevelHandler drops records below a level before they reach the next handler.
type minLevelHandler struct {
	min  slog.Level
	next slog.Handler
}

func (h minLevelHandler) Enabled(ctx context.Context, l slog.Level) bool {
	return l >= h.min && h.next.Enabled(ctx, l)
}
func (h minLevelHandler) Handle(ctx context.Context, r slog.Record) error {
	if r.Message == p2pUselessWarning {
		return nil // devp2p is off on purpose
	}
	return h.next.Handle(ctx, r)
}

// p2pUselessWarning is what geth's p2p server says when it neither dials nor
// listens, which is how Cairn runs it.
const p2pUselessWarning = "P2P server will be useless, neither dialing nor listening"

func (h minLevelHandler) WithAttrs(a []slog.Attr) slog.Handler {
	return minLevelHandler{h.min, h.next.WithAttrs(a)}
}
func (h minLevelHandler) WithGroup(n string) slog.Handler {
	return minLevelHandler{h.min, h.next.WithGroup(n)}
}

// gethLogger routes the node's own logger (p2p server, RPC servers) to ours
// at warn and above. geth's package-level logger is left alone: it discards
// unless the process sets it (log.SetDefault). Its lines carry the
// engine's keys: the node gives it service=geth.
func gethLogger(l *slog.Logger) log.Logger {
	return log.NewLogger(minLevelHandler{min: slog.LevelWarn, next: l.Handler()})
}
