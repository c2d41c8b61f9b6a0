package bench

import (
	"context"
	"fmt"
	"math"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/rpc"
)

// paceTick is the shortest time between two paced sends: each send
// carries every transaction due by then, in JSON-RPC batches (at 1,000
// tx/s, about ten a tick).
const paceTick = 10 * time.Millisecond

// pacer is the fixed-rate schedule: the k-th transaction (from 0) is due
// k/rate after the window opens. The schedule is absolute: transactions a
// send could not take (every sender busy or out of room in flight) stay
// due and go with the next send, so the offered rate falls short of the
// target only while the chain holds the senders back.
type pacer struct {
	rate float64       // transactions per second
	tick time.Duration // the shortest time between two sends
}

// due is how many transactions are due by elapsed after the window opened
// (the first one at once).
func (p pacer) due(elapsed time.Duration) int {
	if elapsed < 0 {
		return 0
	}
	// The small term keeps a transaction due at exactly its time despite
	// the rounding of elapsed × rate.
	return int(math.Floor(elapsed.Seconds()*p.rate+1e-9)) + 1
}

// at is when transaction k is due, after the window opened: the first
// time due counts it (the float estimate corrected to agree with due).
func (p pacer) at(k int) time.Duration {
	d := time.Duration(math.Ceil(float64(k) / p.rate * float64(time.Second)))
	for d > 0 && p.due(d-1) > k {
		d--
	}
	for p.due(d) <= k {
		d++
	}
	return d
}

// wait is how long after elapsed the next send is, sent transactions
// having gone: when the next one is due, but a tick at least.
func (p pacer) wait(elapsed time.Duration, sent int) time.Duration {
	return max(p.at(sent)-elapsed, p.tick)
}

// assign shares want transactions over the senders, ready[i] being how
// many sender i may send now: one each in turn from cursor on, round after
// round, until want are assigned or no sender can take more. It returns
// how many each sender got and where the next turn starts.
func assign(want int, ready []int, cursor int) ([]int, int) {
	n := len(ready)
	got := make([]int, n)
	if n == 0 {
		return got, 0
	}
	cursor %= n
	for want > 0 {
		progressed, from := false, cursor
		for k := 0; k < n && want > 0; k++ {
			i := (from + k) % n
			if got[i] < ready[i] {
				got[i]++
				want--
				progressed = true
				cursor = (i + 1) % n
			}
		}
		if !progressed {
			break
		}
	}
	return got, cursor
}

// pacedItem is one transaction of a paced send.
type pacedItem struct{ sender, index int }

// pacedResult is how a paced send to one endpoint went: per sender, how
// many of its transactions were taken in order, and the first refusal.
type pacedResult struct {
	senders []int
	taken   map[int]int
	refused map[int]error
	err     error
}

// pace is the generator at a fixed rate (cfg.Rate transactions per second
// over every sender). Every tick at most it assigns the transactions due
// (pacer) to senders with room in flight and none of their own still
// being sent (assign; that keeps each sender's nonces in order), and sends
// them, one goroutine per endpoint, in JSON-RPC batches of cfg.Batch. A
// refusal ends its sender, as in the closed loop.
func pace(ctx context.Context, cfg LoadConfig, tr *tracker, start, stopAt time.Time,
	progress func(i, sent int, rejected error, exhausted bool)) error {
	p := pacer{rate: cfg.Rate, tick: paceTick}
	n := len(cfg.Senders)
	var (
		sent     = make([]int, n)
		busy     = make([]bool, n)
		done     = make([]bool, n) // refused or out of transactions
		results  = make(chan pacedResult)
		inFlight = 0 // sends not yet back
		offered  = 0 // transactions handed to sends
		cursor   = 0
		firstErr error
	)
	apply := func(r pacedResult) {
		inFlight--
		if r.err != nil && firstErr == nil {
			firstErr = r.err
		}
		for _, i := range r.senders {
			busy[i] = false
			sent[i] += r.taken[i]
			err := r.refused[i]
			if err != nil {
				done[i] = true
			}
			progress(i, sent[i], err, false)
		}
	}
	timer := time.NewTimer(0)
	defer timer.Stop()
loop:
	for firstErr == nil {
		select {
		case <-ctx.Done():
			break loop
		case r := <-results:
			apply(r)
			continue
		case <-timer.C:
		}
		now := time.Now()
		if !now.Before(stopAt) {
			break
		}
		elapsed := now.Sub(start)
		if want := p.due(elapsed) - offered; want > 0 {
			ready := make([]int, n)
			for i := range ready {
				if done[i] || busy[i] {
					continue
				}
				if sent[i] == len(cfg.Senders[i].Txs) {
					done[i] = true
					progress(i, sent[i], nil, true)
					continue
				}
				room, _ := tr.room(i, sent[i], cfg.Inflight)
				ready[i] = max(0, min(room, len(cfg.Senders[i].Txs)-sent[i]))
			}
			var got []int
			got, cursor = assign(want, ready, cursor)
			// One send per endpoint: sender i's transactions, in nonce
			// order, go to its own endpoint.
			byEndpoint := make([][]pacedItem, len(cfg.Submit))
			for i, g := range got {
				if g == 0 {
					continue
				}
				busy[i] = true
				offered += g
				e := i % len(cfg.Submit)
				for k := range g {
					byEndpoint[e] = append(byEndpoint[e], pacedItem{i, sent[i] + k})
				}
			}
			for e, items := range byEndpoint {
				if len(items) == 0 {
					continue
				}
				inFlight++
				go func() { results <- sendPaced(ctx, cfg, e, items, tr) }()
			}
		}
		wait := p.wait(time.Since(start), offered)
		timer.Reset(min(wait, max(time.Until(stopAt), 0)))
	}
	for inFlight > 0 {
		apply(<-results)
	}
	return firstErr
}

// sendPaced sends items to endpoint e in batches of cfg.Batch, in order.
// A sender's transactions after its first refusal are not counted (they
// could never be included); an error of the call itself stops the send.
func sendPaced(ctx context.Context, cfg LoadConfig, e int, items []pacedItem, tr *tracker) pacedResult {
	r := pacedResult{taken: map[int]int{}, refused: map[int]error{}}
	for _, it := range items {
		if _, ok := r.taken[it.sender]; !ok {
			r.senders = append(r.senders, it.sender)
			r.taken[it.sender] = 0
		}
	}
	cl := cfg.Submit[e]
	for from := 0; from < len(items); from += cfg.Batch {
		part := items[from:min(from+cfg.Batch, len(items))]
		batch := make([]rpc.BatchElem, len(part))
		hashes := make([]common.Hash, len(part))
		now := time.Now()
		for k, it := range part {
			batch[k] = rpc.BatchElem{Method: "eth_sendRawTransaction", Args: []any{cfg.Senders[it.sender].Txs[it.index].Raw}, Result: &hashes[k]}
			tr.markSent(it.sender, it.index, it.index+1, now)
		}
		if err := cl.BatchCallContext(ctx, batch); err != nil {
			r.err = fmt.Errorf("bench: paced batch to endpoint %d: %w", e, err)
			return r
		}
		for k, b := range batch {
			i := part[k].sender
			if r.refused[i] != nil {
				continue
			}
			if b.Error != nil {
				r.refused[i] = b.Error
				continue
			}
			r.taken[i]++
		}
	}
	return r
}
