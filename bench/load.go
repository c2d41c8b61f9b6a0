package bench

import (
	"context"
	"crypto/ecdsa"
	"errors"
	"fmt"
	"math"
	"math/big"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/params"
	"github.com/ethereum/go-ethereum/rpc"
)

// The load generator measures the chain rather than itself: every
// transaction is signed before the timed part, sent in JSON-RPC batches of
// eth_sendRawTransaction with a bounded number in flight per sender, and
// its inclusion is read from the blocks (eth_getBlockByNumber with hashes
// only, block by block, matched against the sent hashes; woken by a
// newHeads subscription where the endpoint offers one), never from
// per-transaction receipt lookups.

// LoadTx is one pre-signed transaction.
type LoadTx struct {
	Raw  hexutil.Bytes
	Hash common.Hash
}

// Sender is one account's pre-signed transactions, in nonce order.
type Sender struct {
	Txs []LoadTx
}

// SignTransfers pre-signs n ETH transfers of 1 wei from key, nonces from
// nonce, to a recipient of its own (transfers from different senders do
// not touch one account).
func SignTransfers(key *ecdsa.PrivateKey, chainID *big.Int, nonce uint64, n int, feeCap *big.Int, to common.Address) Sender {
	return SignCalls(key, chainID, nonce, n, Call{To: to, Value: big.NewInt(1), Gas: params.TxGas, FeeCap: feeCap})
}

// Call is the transaction a sender repeats: n copies with consecutive nonces.
type Call struct {
	To     common.Address
	Value  *big.Int
	Data   []byte
	Gas    uint64
	FeeCap *big.Int // the tip is 1 gwei (or FeeCap, if lower)
}

// SignCalls pre-signs n copies of c from key, nonces from nonce.
func SignCalls(key *ecdsa.PrivateKey, chainID *big.Int, nonce uint64, n int, c Call) Sender {
	signer := types.LatestSignerForChainID(chainID)
	tip := big.NewInt(params.GWei)
	if c.FeeCap.Cmp(tip) < 0 {
		tip = c.FeeCap
	}
	s := Sender{Txs: make([]LoadTx, n)}
	for i := range s.Txs {
		tx := types.MustSignNewTx(key, signer, &types.DynamicFeeTx{ChainID: chainID, Nonce: nonce + uint64(i),
			GasTipCap: tip, GasFeeCap: c.FeeCap, Gas: c.Gas, To: &c.To, Value: c.Value, Data: c.Data})
		raw, err := tx.MarshalBinary()
		if err != nil {
			panic(fmt.Sprintf("bench: encode a signed transaction: %v", err)) // a DynamicFeeTx always encodes
		}
		s.Txs[i] = LoadTx{Raw: raw, Hash: tx.Hash()}
	}
	return s
}

// LoadConfig is one timed load run.
type LoadConfig struct {
	// Submit are the RPC clients transactions are sent to; sender i uses
	// Submit[i % len(Submit)].
	Submit []*rpc.Client
	// Watch is the client whose blocks tell inclusion. Over a websocket
	// (or in process) new heads are subscribed to; over HTTP the head is
	// polled.
	Watch    *rpc.Client
	Senders  []Sender
	Inflight int           // sent and not yet seen in a block, per sender
	Batch    int           // transactions per JSON-RPC batch request
	Duration time.Duration // how long new transactions are sent
	// Rate, if positive, offers that many transactions per second over
	// every sender (paced, see pace) instead of the closed loop in which
	// each sender sends whenever it has room in flight.
	Rate float64
	// Drain is how long to wait after Duration for the sent ones to be
	// included; 0 means 30 s.
	Drain time.Duration
	// Poll is the head polling interval without a subscription; 0 means 20 ms.
	Poll time.Duration
	// OnStart and OnStop, if set, run as the sending window opens (before
	// the first transaction is sent) and as it closes.
	OnStart, OnStop func()
}

// LoadResult is what a load run measured.
type LoadResult struct {
	Sent, Included, Rejected int
	FirstReject              string
	Exhausted                int           // senders that ran out of pre-signed transactions while sending
	Blocks                   int           // blocks seen while sending
	InWindow                 int           // our transactions in the blocks seen while sending
	GasUsed                  uint64        // gas used by the blocks seen while sending (every transaction in them)
	GasLimit                 uint64        // the last block's gas limit
	Elapsed                  time.Duration // the sending window
	TxPerSec                 float64       // InWindow / Elapsed
	Rate                     float64       // the offered rate asked for; 0 for the closed loop
	OfferedPerSec            float64       // Sent / Elapsed
	P50, P99                 time.Duration // submit → seen in a block
	Subscribed               bool          // heads came from a subscription rather than polling
}

// GasPerBlock is the mean gas used by the blocks seen while sending.
func (r *LoadResult) GasPerBlock() float64 {
	if r.Blocks == 0 {
		return 0
	}
	return float64(r.GasUsed) / float64(r.Blocks)
}

// txRef locates a sent transaction.
type txRef struct{ sender, index int }

// tracker matches block transaction hashes against the sent ones.
type tracker struct {
	mu       sync.Mutex
	refs     map[common.Hash]txRef
	sentAt   [][]time.Time
	seen     [][]bool
	included []int // per sender
	lat      []time.Duration
	changed  chan struct{} // closed and replaced whenever something was included
}

func newTracker(senders []Sender) *tracker {
	t := &tracker{refs: map[common.Hash]txRef{}, sentAt: make([][]time.Time, len(senders)),
		seen: make([][]bool, len(senders)), included: make([]int, len(senders)), changed: make(chan struct{})}
	for i, s := range senders {
		t.sentAt[i] = make([]time.Time, len(s.Txs))
		t.seen[i] = make([]bool, len(s.Txs))
		for j, tx := range s.Txs {
			t.refs[tx.Hash] = txRef{i, j}
		}
	}
	return t
}

func (t *tracker) markSent(sender, from, to int, at time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for j := from; j < to; j++ {
		t.sentAt[sender][j] = at
	}
}

// block records one block's transaction hashes seen at time at and
// returns how many were ours. A hash seen twice, unknown, or not yet
// marked sent (another client's) is not counted.
func (t *tracker) block(hashes []common.Hash, at time.Time) int {
	t.mu.Lock()
	defer t.mu.Unlock()
	n := 0
	for _, h := range hashes {
		r, ok := t.refs[h]
		if !ok || t.seen[r.sender][r.index] || t.sentAt[r.sender][r.index].IsZero() {
			continue
		}
		t.seen[r.sender][r.index] = true
		t.included[r.sender]++
		t.lat = append(t.lat, at.Sub(t.sentAt[r.sender][r.index]))
		n++
	}
	if n > 0 {
		close(t.changed)
		t.changed = make(chan struct{})
	}
	return n
}

// room is how many more transactions sender may send (sent is how many it
// sent, limit its in-flight bound), and a channel closed at the next inclusion.
func (t *tracker) room(sender, sent, limit int) (int, <-chan struct{}) {
	t.mu.Lock()
	defer t.mu.Unlock()
	return limit - (sent - t.included[sender]), t.changed
}

func (t *tracker) totals() (included int, lat []time.Duration) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, n := range t.included {
		included += n
	}
	return included, append([]time.Duration(nil), t.lat...)
}

// blockTxs is the part of a block the watcher reads.
type blockTxs struct {
	Transactions []common.Hash  `json:"transactions"`
	GasUsed      hexutil.Uint64 `json:"gasUsed"`
	GasLimit     hexutil.Uint64 `json:"gasLimit"`
}

// Load runs the generator: it sends cfg.Senders' transactions for
// cfg.Duration, then waits up to cfg.Drain for every sent one to appear
// in a block. A sender that ran out of pre-signed transactions stops
// early (counted in Exhausted): size Senders for the expected rate.
func Load(ctx context.Context, cfg LoadConfig) (*LoadResult, error) {
	if len(cfg.Submit) == 0 || cfg.Watch == nil || len(cfg.Senders) == 0 {
		return nil, errors.New("bench: load needs submit clients, a watch client and senders")
	}
	if cfg.Inflight < 1 || cfg.Batch < 1 {
		return nil, fmt.Errorf("bench: inflight %d and batch %d must be positive", cfg.Inflight, cfg.Batch)
	}
	if cfg.Rate < 0 || math.IsNaN(cfg.Rate) || math.IsInf(cfg.Rate, 0) {
		return nil, fmt.Errorf("bench: rate %v must be a positive number of transactions per second (or 0)", cfg.Rate)
	}
	if cfg.Drain == 0 {
		cfg.Drain = 30 * time.Second
	}
	if cfg.Poll == 0 {
		cfg.Poll = 20 * time.Millisecond
	}
	tr := newTracker(cfg.Senders)
	var head hexutil.Uint64
	if err := cfg.Watch.CallContext(ctx, &head, "eth_blockNumber"); err != nil {
		return nil, fmt.Errorf("bench: head: %w", err)
	}
	parent := ctx
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	res := &LoadResult{}
	// Heads from a subscription where the endpoint offers one; the poll
	// timer stays as a fallback (a missed notification costs one interval).
	heads := make(chan *types.Header, 64)
	poll := cfg.Poll
	if sub, err := cfg.Watch.EthSubscribe(ctx, heads, "newHeads"); err == nil {
		defer sub.Unsubscribe()
		res.Subscribed = true
		poll = time.Second
	}

	if cfg.OnStart != nil {
		cfg.OnStart()
	}
	start := time.Now()
	stopAt := start.Add(cfg.Duration)
	var (
		mu       sync.Mutex
		firstErr error
		wg       sync.WaitGroup
	)
	fail := func(err error) {
		mu.Lock()
		if firstErr == nil {
			firstErr = err
		}
		mu.Unlock()
		cancel()
	}
	sentBy := make([]int, len(cfg.Senders))
	progress := func(i, sent int, rejected error, exhausted bool) {
		mu.Lock()
		defer mu.Unlock()
		sentBy[i] = sent
		if rejected != nil {
			res.Rejected++
			if res.FirstReject == "" {
				res.FirstReject = rejected.Error()
			}
		}
		if exhausted {
			res.Exhausted++
		}
	}
	if cfg.Rate > 0 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := pace(ctx, cfg, tr, start, stopAt, progress); err != nil && ctx.Err() == nil {
				fail(err)
			}
		}()
	} else {
		for i := range cfg.Senders {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if err := send(ctx, cfg, i, tr, stopAt, func(sent int, rejected error, exhausted bool) {
					progress(i, sent, rejected, exhausted)
				}); err != nil && ctx.Err() == nil {
					fail(err)
				}
			}()
		}
	}

	// The watcher reads every new block until the senders stopped and all
	// they sent was seen, or the drain time is over.
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	next := uint64(head) + 1
	stopped, windowClosed := false, false
	var drainUntil time.Time
	for ctx.Err() == nil {
		if !windowClosed && !time.Now().Before(stopAt) {
			windowClosed = true
			if cfg.OnStop != nil {
				cfg.OnStop()
			}
		}
		var latest hexutil.Uint64
		if err := cfg.Watch.CallContext(ctx, &latest, "eth_blockNumber"); err != nil {
			if ctx.Err() != nil {
				break
			}
			return nil, fmt.Errorf("bench: head: %w", err)
		}
		for ; next <= uint64(latest); next++ {
			var b blockTxs
			if err := cfg.Watch.CallContext(ctx, &b, "eth_getBlockByNumber", hexutil.Uint64(next), false); err != nil {
				if ctx.Err() != nil {
					break
				}
				return nil, fmt.Errorf("bench: block %d: %w", next, err)
			}
			now := time.Now()
			n := tr.block(b.Transactions, now)
			res.GasLimit = uint64(b.GasLimit)
			if now.Before(stopAt) {
				res.Blocks++
				res.InWindow += n
				res.GasUsed += uint64(b.GasUsed)
			}
		}
		if !stopped {
			select {
			case <-done:
				stopped = true
				drainUntil = time.Now().Add(cfg.Drain)
			default:
			}
		}
		if stopped && windowClosed {
			total := 0
			mu.Lock()
			for _, s := range sentBy {
				total += s
			}
			mu.Unlock()
			if inc, _ := tr.totals(); inc >= total || time.Now().After(drainUntil) {
				break
			}
		}
		wait := poll
		if !windowClosed {
			wait = min(wait, time.Until(stopAt))
		}
		select {
		case <-ctx.Done():
		case <-heads:
		case <-time.After(wait):
		}
	}
	if !windowClosed && cfg.OnStop != nil {
		cfg.OnStop()
	}
	cancel()
	wg.Wait()
	if firstErr != nil {
		return nil, firstErr
	}
	if err := parent.Err(); err != nil {
		return nil, fmt.Errorf("bench: load interrupted: %w", err)
	}
	for _, s := range sentBy {
		res.Sent += s
	}
	var lat []time.Duration
	res.Included, lat = tr.totals()
	res.Elapsed = min(time.Since(start), cfg.Duration)
	res.TxPerSec = float64(res.InWindow) / res.Elapsed.Seconds()
	res.Rate, res.OfferedPerSec = cfg.Rate, float64(res.Sent)/res.Elapsed.Seconds()
	res.P50, res.P99 = percentile(lat, 50), percentile(lat, 99)
	return res, nil
}

// send is sender i's loop: batches of its pre-signed transactions while
// the window is open and it has room in flight. progress reports how many
// it sent, a refusal (which ends the sender: its later nonces would wait
// forever behind the gap) and whether it ran out of transactions.
func send(ctx context.Context, cfg LoadConfig, i int, tr *tracker, stopAt time.Time, progress func(sent int, rejected error, exhausted bool)) error {
	cl := cfg.Submit[i%len(cfg.Submit)]
	txs := cfg.Senders[i].Txs
	sent := 0
	for time.Now().Before(stopAt) {
		if sent == len(txs) {
			progress(sent, nil, true)
			return nil
		}
		room, changed := tr.room(i, sent, cfg.Inflight)
		if room <= 0 {
			select {
			case <-ctx.Done():
				return nil
			case <-changed:
			case <-time.After(time.Until(stopAt)):
			}
			continue
		}
		n := min(room, cfg.Batch, len(txs)-sent)
		batch := make([]rpc.BatchElem, n)
		hashes := make([]common.Hash, n)
		for k := range batch {
			batch[k] = rpc.BatchElem{Method: "eth_sendRawTransaction", Args: []any{txs[sent+k].Raw}, Result: &hashes[k]}
		}
		tr.markSent(i, sent, sent+n, time.Now())
		if err := cl.BatchCallContext(ctx, batch); err != nil {
			return fmt.Errorf("bench: sender %d batch: %w", i, err)
		}
		for k, b := range batch {
			if b.Error != nil {
				progress(sent+k, b.Error, false)
				return nil
			}
		}
		sent += n
		progress(sent, nil, false)
	}
	return nil
}

// recipient is sender i's transfer target.
func recipient(i int) common.Address { return common.BigToAddress(big.NewInt(int64(0x20000 + i))) }
