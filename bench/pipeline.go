package bench

import (
	"context"
	"crypto/ecdsa"
	"fmt"
	"io"
	"log/slog"
	"math/big"
	"os"
	"sort"
	"sync"
	"time"

	"github.com/cairn-rollup/cairn/devnet"
	"github.com/cairn-rollup/cairn/l1/bindings"
	"github.com/cairn-rollup/cairn/l1/devchain"
	"github.com/cairn-rollup/cairn/l1/proposer"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/params"
	"github.com/ethereum/go-ethereum/rpc"
)

// PipelineConfig sizes the pipeline workload.
type PipelineConfig struct {
	Accounts     int           // transfer senders, funded in setup
	Inflight     int           // unconfirmed transfers per sender
	TransferTime time.Duration // how long transfers are sent, per chain
	Deposits     int
	Batches      int  // wait until this many batches are verified on L1
	NoMarket     bool // batches go straight to the internal prover, not through the Proof Manager
}

// PipelineResult is one run of the pipeline workload.
type PipelineResult struct {
	L2, L1Ref        *LoadReport // the same transfers on Cairn L2 and on bare geth (the embedded L1)
	BlocksPerSec     float64
	DepositP50       time.Duration // L1 receipt seen → L2 balance credited
	DepositMax       time.Duration
	SealToVerify50   time.Duration // batch sealed → verified on L1
	SealToVerifyMax  time.Duration
	BatchesMeasured  int
	DepositsMeasured int
}

// Pipeline starts a devnet (1 s L1 and L2 blocks, as `cairn devnet`) in a
// temporary directory and measures transfers against bare geth, deposit
// latency and batch seal → verify latency.
func Pipeline(ctx context.Context, cfg PipelineConfig, log *slog.Logger) (*PipelineResult, error) {
	dir, err := os.MkdirTemp("", "cairn-bench-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	d, clients, err := devnet.StartLocal(ctx, devnet.Config{DataDir: dir, L1Period: 1, Market: devnet.Market{Disabled: cfg.NoMarket}}, log)
	if err != nil {
		return nil, err
	}
	defer d.Close()
	defer clients.Close()
	rc, l1, l2 := clients.RPC, clients.L1, clients.L2

	res := &PipelineResult{}
	watch := newBatchWatch(rc, proposer.New(d.Genesis.Contracts.OnChainProposer, l1, nil))
	watchCtx, stopWatch := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done(); watch.run(watchCtx) }()
	defer func() { stopWatch(); wg.Wait() }()

	// The load's funder is a user account the deposits below do not use.
	load := LoadOptions{Key: devnet.UserKeys()[1], Accounts: cfg.Accounts, Inflight: cfg.Inflight,
		Duration: cfg.TransferTime, Workload: WorkloadETH}
	h0, err := l2.BlockNumber(ctx)
	if err != nil {
		return nil, err
	}
	t0 := time.Now()
	load.RPC = []string{d.Node.RPCEndpoint()}
	if res.L2, err = RunLoad(ctx, load, log); err != nil {
		return nil, fmt.Errorf("L2 transfers: %w", err)
	}
	h1, err := l2.BlockNumber(ctx)
	if err != nil {
		return nil, err
	}
	res.BlocksPerSec = float64(h1-h0) / time.Since(t0).Seconds()
	load.RPC = []string{d.L1URL}
	if res.L1Ref, err = RunLoad(ctx, load, log); err != nil {
		return nil, fmt.Errorf("L1 reference transfers: %w", err)
	}

	var lat []time.Duration
	bridge := bindings.NewBridge()
	for i := 0; i < cfg.Deposits; i++ {
		to := crypto.PubkeyToAddress(mustKey().PublicKey)
		_, err := devnet.SendAndWait(ctx, l1, devchain.DevKeys()[2], d.Genesis.Contracts.Bridge, big.NewInt(params.GWei*1000), bridge.PackDeposit(to))
		if err != nil {
			return nil, fmt.Errorf("deposit: %w", err)
		}
		included := time.Now() // the depositor sees its L1 receipt
		for {
			b, err := l2.BalanceAt(ctx, to, nil)
			if err != nil {
				return nil, err
			}
			if b.Sign() > 0 {
				break
			}
			time.Sleep(20 * time.Millisecond)
		}
		lat = append(lat, time.Since(included))
	}
	res.DepositP50, res.DepositMax, res.DepositsMeasured = percentile(lat, 50), percentile(lat, 100), len(lat)

	for watch.verifiedCount() < cfg.Batches {
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
	}
	sv := watch.sealToVerify()
	res.SealToVerify50, res.SealToVerifyMax, res.BatchesMeasured = percentile(sv, 50), percentile(sv, 100), len(sv)
	return res, nil
}

// Print writes the result as a table.
func (r *PipelineResult) Print(w io.Writer) {
	fmt.Fprintf(w, "%-34s %12s %12s %8s\n", "metric", "cairn L2", "bare geth", "ratio")
	fmt.Fprintf(w, "%-34s %12.1f %12.1f %8.2f\n", "transfers included per second", r.L2.TxPerSec, r.L1Ref.TxPerSec, r.L2.TxPerSec/r.L1Ref.TxPerSec)
	fmt.Fprintf(w, "%-34s %12s %12s %8.2f\n", "submit → in a block, p50", secs(r.L2.P50Sec), secs(r.L1Ref.P50Sec), r.L2.P50Sec/r.L1Ref.P50Sec)
	fmt.Fprintf(w, "%-34s %12s %12s %8.2f\n", "submit → in a block, p99", secs(r.L2.P99Sec), secs(r.L1Ref.P99Sec), r.L2.P99Sec/r.L1Ref.P99Sec)
	fmt.Fprintf(w, "%-34s %12d %12d\n", "block gas limit", r.L2.GasLimit, r.L1Ref.GasLimit)
	fmt.Fprintf(w, "%-34s %12.2f\n", "L2 blocks per second", r.BlocksPerSec)
	fmt.Fprintf(w, "%-34s %12s   (max %s, %d deposits)\n", "deposit L1 receipt → L2 credit, p50", r.DepositP50.Round(time.Millisecond), r.DepositMax.Round(time.Millisecond), r.DepositsMeasured)
	fmt.Fprintf(w, "%-34s %12s   (max %s, %d batches)\n", "batch sealed → verified on L1, p50", r.SealToVerify50.Round(time.Millisecond), r.SealToVerifyMax.Round(time.Millisecond), r.BatchesMeasured)
}

func mustKey() *ecdsa.PrivateKey {
	k, err := crypto.GenerateKey()
	if err != nil {
		panic(err)
	}
	return k
}

// batchWatch records when each batch was first seen sealed and verified.
// It reads verified on L1, not from cairn_batchNumber, which answers from
// the node's last poll of L1 and would add up to a poll to each time.
type batchWatch struct {
	rc       *rpc.Client
	l1       *proposer.Proposer
	mu       sync.Mutex
	sealed   map[uint64]time.Time
	verified map[uint64]time.Time
}

func newBatchWatch(rc *rpc.Client, l1 *proposer.Proposer) *batchWatch {
	return &batchWatch{rc: rc, l1: l1, sealed: map[uint64]time.Time{}, verified: map[uint64]time.Time{}}
}

func (w *batchWatch) run(ctx context.Context) {
	var startSealed uint64
	first := true
	for ctx.Err() == nil {
		var n struct{ Sealed hexutil.Uint64 }
		err := w.rc.CallContext(ctx, &n, "cairn_batchNumber")
		var verified uint64
		if err == nil {
			verified, err = w.l1.LastVerified(ctx)
		}
		if err == nil {
			now := time.Now()
			w.mu.Lock()
			if first {
				startSealed, first = uint64(n.Sealed), false
			}
			// Only batches sealed while watching have a meaningful seal time.
			for b := startSealed + 1; b <= uint64(n.Sealed); b++ {
				if _, ok := w.sealed[b]; !ok {
					w.sealed[b] = now
				}
			}
			for b := startSealed + 1; b <= verified; b++ {
				if _, ok := w.verified[b]; !ok {
					w.verified[b] = now
				}
			}
			w.mu.Unlock()
		}
		select {
		case <-ctx.Done():
		case <-time.After(50 * time.Millisecond):
		}
	}
}

func (w *batchWatch) verifiedCount() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return len(w.verified)
}

func (w *batchWatch) sealToVerify() []time.Duration {
	w.mu.Lock()
	defer w.mu.Unlock()
	var out []time.Duration
	for b, v := range w.verified {
		if s, ok := w.sealed[b]; ok {
			out = append(out, v.Sub(s))
		}
	}
	return out
}

// Median returns the per-figure median of several runs.
func Median(runs []*PipelineResult) *PipelineResult {
	med := func(get func(*PipelineResult) float64) float64 {
		v := make([]float64, len(runs))
		for i, r := range runs {
			v[i] = get(r)
		}
		sort.Float64s(v)
		return v[len(v)/2]
	}
	dur := func(get func(*PipelineResult) time.Duration) time.Duration {
		return time.Duration(med(func(r *PipelineResult) float64 { return float64(get(r)) }))
	}
	return &PipelineResult{
		L2:               MedianReport(collect(runs, func(r *PipelineResult) *LoadReport { return r.L2 })),
		L1Ref:            MedianReport(collect(runs, func(r *PipelineResult) *LoadReport { return r.L1Ref })),
		BlocksPerSec:     med(func(r *PipelineResult) float64 { return r.BlocksPerSec }),
		DepositP50:       dur(func(r *PipelineResult) time.Duration { return r.DepositP50 }),
		DepositMax:       dur(func(r *PipelineResult) time.Duration { return r.DepositMax }),
		SealToVerify50:   dur(func(r *PipelineResult) time.Duration { return r.SealToVerify50 }),
		SealToVerifyMax:  dur(func(r *PipelineResult) time.Duration { return r.SealToVerifyMax }),
		BatchesMeasured:  runs[0].BatchesMeasured,
		DepositsMeasured: runs[0].DepositsMeasured,
	}
}

func collect[T, U any](runs []T, get func(T) U) []U {
	out := make([]U, len(runs))
	for i, r := range runs {
		out[i] = get(r)
	}
	return out
}
