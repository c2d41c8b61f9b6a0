package node

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/cairn-rollup/cairn/execution"
	"github.com/cairn-rollup/cairn/p2p"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/txpool"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/rlp"
)

// Transactions travel in batches on the "tx" topic: every gossip message is
// signed by its publisher and checked by every receiver, so one message per
// transaction would spend more on the envelope than on the transaction. A
// message is one byte that makes it unique (gossip ids are content hashes:
// a resend of the same transactions must be a new message), then the
// transactions' binary encodings, each as an RLP string.

const (
	// maxTxSize bounds a gossiped transaction: geth's txpool limit for
	// transactions without blobs.
	maxTxSize = 128 << 10
	// maxTxBatchBytes bounds a message of the topic.
	maxTxBatchBytes = 256 << 10
	// maxTxBatchCount bounds the transactions in one message.
	maxTxBatchCount = 1024
	// txFlushDelay is how long a transaction waits for others to share its
	// message. Every message costs each receiver a signature check (about
	// 55 µs here): at 10 ms, a node taking a few hundred transactions a
	// second sent messages of one or two.
	txFlushDelay = 50 * time.Millisecond
	// txPeerRate and txPeerBurst bound the transactions one peer's
	// messages may ask this node to check, a second and at once (each
	// costs a signature recovery, and more in the pool): a token bucket per
	// peer, counted in transactions; messages over it are ignored and
	// counted (p2p.PeerRate). Honest traffic is split among the peers that
	// deliver it first.
	txPeerRate  = 4000
	txPeerBurst = 8 * maxTxBatchCount
	// txQueueLen bounds the transactions waiting to be published; beyond
	// it they wait for their resend.
	txQueueLen = 1 << 14
)

// A transaction a client sent here is published again while it waits in
// the pool: a publish before the topic's mesh formed, or before a leader
// connected, reaches nobody.
const (
	txResendInterval = 2 * time.Second
	txResends        = 15
	maxLocalTxs      = 1 << 15
)

// txOutbox holds the transactions clients sent to this node: geth hands
// them over as it takes them (built in New, before geth), the network
// publishes them and sends them again while they wait in the pool.
type txOutbox struct {
	mu    sync.Mutex
	local map[common.Hash]*localTx // resent while pending
	queue chan *localTx            // waiting to be published
}

func newTxOutbox() *txOutbox {
	return &txOutbox{local: map[common.Hash]*localTx{}, queue: make(chan *localTx, txQueueLen)}
}

type localTx struct {
	tx    *types.Transaction
	raw   []byte
	sent  time.Time
	tries int
}

var errTxBatch = errors.New("gossiped transactions")

// decodeTxBatch decodes a message of the tx topic and recovers each
// transaction's sender with signer, the txpool's (types.Sender caches it in
// the transaction, so the pool does not recover it again). It stops at the
// first transaction that does not decode or whose sender does not recover:
// a message of forged signatures costs the receiver one decoding and one
// recovery, not one of each per transaction. It allocates in proportion to
// the message: each transaction's decoding is bounded by its own bytes.
func decodeTxBatch(data []byte, signer types.Signer) ([]*types.Transaction, error) {
	if len(data) < 2 {
		return nil, fmt.Errorf("%w: empty message", errTxBatch)
	}
	var txs []*types.Transaction
	for rest := data[1:]; len(rest) > 0; {
		kind, content, next, err := rlp.Split(rest)
		if err != nil {
			return nil, fmt.Errorf("%w: transaction %d: %w", errTxBatch, len(txs), err)
		}
		if kind != rlp.String || len(content) == 0 || len(content) > maxTxSize {
			return nil, fmt.Errorf("%w: transaction %d: not a transaction of 1 to %d bytes", errTxBatch, len(txs), maxTxSize)
		}
		if len(txs) == maxTxBatchCount {
			return nil, fmt.Errorf("%w: more than %d transactions", errTxBatch, maxTxBatchCount)
		}
		tx := new(types.Transaction)
		if err := tx.UnmarshalBinary(content); err != nil {
			return nil, fmt.Errorf("%w: transaction %d: %w", errTxBatch, len(txs), err)
		}
		if tx.Type() == types.BlobTxType {
			return nil, fmt.Errorf("%w: transaction %d: %w", errTxBatch, len(txs), execution.ErrBlobTx)
		}
		if _, err := types.Sender(signer, tx); err != nil {
			return nil, fmt.Errorf("%w: transaction %d: sender: %w", errTxBatch, len(txs), err)
		}
		txs = append(txs, tx)
		rest = next
	}
	return txs, nil
}

// txBatchCost is a message's cost for txPeerRate: the transactions it
// holds, counted without decoding them (at least 1).
func txBatchCost(data []byte) int {
	n := 0
	for rest := data[min(1, len(data)):]; len(rest) > 0 && n <= maxTxBatchCount; n++ {
		_, _, next, err := rlp.Split(rest)
		if err != nil {
			break
		}
		rest = next
	}
	return max(n, 1)
}

// onGossipTx takes a message of the tx topic into the txpool. A message
// that does not decode, carries blobs or a transaction whose sender does
// not recover is refused (and its sender penalized); one whose
// transactions the pool already has or does not want now is dropped
// without blame (an honest relay can be behind); one that brought anything
// new is relayed.
func (nw *network) onGossipTx(_ context.Context, from string, data []byte) error {
	if from == nw.host.ID() {
		return nil // our own, already in the pool
	}
	txs, err := decodeTxBatch(data, types.LatestSigner(nw.engine.ChainConfig()))
	if err != nil {
		return err
	}
	added := 0
	for i, err := range nw.engine.SendTxs(context.Background(), txs) {
		switch {
		case err == nil:
			added++
		case errors.Is(err, txpool.ErrAlreadyKnown):
		default:
			nw.log.Debug("Gossiped transaction not added", "tx", txs[i].Hash(), "err", err)
		}
	}
	if added == 0 {
		return p2p.ErrIgnore
	}
	return nil
}

// add is geth's OnLocalTx: it queues a transaction a client sent to this
// node for publishing and keeps it for resends. raw is its binary encoding.
func (o *txOutbox) add(tx *types.Transaction, raw []byte) {
	lt := &localTx{tx: tx, raw: raw, sent: time.Now()}
	o.mu.Lock()
	if len(o.local) < maxLocalTxs {
		o.local[tx.Hash()] = lt
	}
	o.mu.Unlock()
	select {
	case o.queue <- lt:
	default: // full: the resend publishes it
	}
}

// publishTxs publishes the queued transactions in batches.
func (nw *network) publishTxs(ctx context.Context) {
	var (
		msg   = []byte{0}
		count int
		seq   byte
		timer = time.NewTimer(time.Hour)
	)
	timer.Stop()
	flush := func() {
		if count == 0 {
			return
		}
		seq++
		msg[0] = seq
		pctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		if err := nw.txTopic.Publish(pctx, msg); err != nil {
			nw.log.Debug("Transactions not gossiped", "count", count, "err", err)
		}
		cancel()
		msg, count = []byte{0}, 0
	}
	for {
		select {
		case <-ctx.Done():
			return
		case lt := <-nw.outbox.queue:
			if len(msg)+len(lt.raw)+9 > maxTxBatchBytes || count == maxTxBatchCount {
				flush()
			}
			if count == 0 {
				timer.Reset(txFlushDelay)
			}
			enc, _ := rlp.EncodeToBytes(lt.raw) // a byte string always encodes
			msg = append(msg, enc...)
			count++
		case <-timer.C:
			flush()
		}
	}
}

// resendTxs queues again the local transactions still in the pool.
func (nw *network) resendTxs(ctx context.Context) {
	tick := time.NewTicker(txResendInterval)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case now := <-tick.C:
			var due []*localTx
			o := nw.outbox
			o.mu.Lock()
			for h, lt := range o.local {
				if lt.tries >= txResends || !nw.engine.TxPool().Has(h) {
					delete(o.local, h)
					continue
				}
				if now.Sub(lt.sent) >= txResendInterval {
					lt.tries++
					lt.sent = now
					due = append(due, lt)
				}
			}
			o.mu.Unlock()
			for _, lt := range due {
				select {
				case o.queue <- lt:
				case <-ctx.Done():
					return
				}
			}
		}
	}
}
