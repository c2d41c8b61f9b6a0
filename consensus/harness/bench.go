package harness

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/cairn-rollup/cairn/consensus"
)

// BenchConfig describes a consensus benchmark run.
type BenchConfig struct {
	Validators  int
	Blocks      int
	PayloadSize int           // bytes per block, 32 if zero
	ViewTimeout time.Duration // 2s if zero; no view should time out
	// SharedVerifyCache lets all replicas share one signature cache, so each
	// signature is verified once per process instead of once per replica.
	// It models n machines better on a small one: with it, CPU per block is
	// that of the whole committee's distinct signatures.
	SharedVerifyCache bool
}

// BenchResult is what Bench measured.
type BenchResult struct {
	Validators        int
	Blocks            int
	Elapsed           time.Duration // first to last block finalized
	BlocksPerSecond   float64
	LatencyP50        time.Duration // leader's proposal → first replica finalizes
	LatencyP99        time.Duration
	CPUPerBlock       time.Duration // process CPU time per block, all replicas
	SharedVerifyCache bool
}

// CPUPerBlockPerReplica is the CPU one validator spends on one block: what a
// node on a machine of its own spends.
func (r BenchResult) CPUPerBlockPerReplica() time.Duration {
	if r.Validators == 0 {
		return 0
	}
	return r.CPUPerBlock / time.Duration(r.Validators)
}

// String returns the result as one table row (see BenchHeader).
func (r BenchResult) String() string {
	cache := "per-replica"
	if r.SharedVerifyCache {
		cache = "shared"
	}
	return fmt.Sprintf("%4d  %7d  %9.1f  %9s  %9s  %11s  %13s  %s", r.Validators, r.Blocks, r.BlocksPerSecond,
		r.LatencyP50.Round(10*time.Microsecond), r.LatencyP99.Round(10*time.Microsecond),
		r.CPUPerBlock.Round(10*time.Microsecond), r.CPUPerBlockPerReplica().Round(time.Microsecond), cache)
}

// BenchHeader is the header of the table BenchTable prints.
const BenchHeader = "   n   blocks   blocks/s   p50 lat.   p99 lat.   CPU/block   CPU/block/val  sig cache"

// BenchTable formats results as a table.
func BenchTable(rs []BenchResult) string {
	var b strings.Builder
	b.WriteString(BenchHeader + "\n")
	for _, r := range rs {
		b.WriteString(r.String() + "\n")
	}
	return b.String()
}

// Bench runs n validators in goroutines over an in-memory transport with no
// delay until blocks blocks are final, on the wall clock.
func Bench(ctx context.Context, n int, blocks int) (BenchResult, error) {
	return BenchWith(ctx, BenchConfig{Validators: n, Blocks: blocks})
}

// BenchWith runs a benchmark described by cfg.
func BenchWith(ctx context.Context, cfg BenchConfig) (BenchResult, error) {
	if cfg.Validators < 1 || cfg.Blocks < 1 {
		return BenchResult{}, errors.New("bench: need at least one validator and one block")
	}
	if cfg.PayloadSize == 0 {
		cfg.PayloadSize = 32
	}
	if cfg.ViewTimeout == 0 {
		cfg.ViewTimeout = 2 * time.Second
	}
	setup, err := NewSetup(cfg.Validators, 1)
	if err != nil {
		return BenchResult{}, fmt.Errorf("bench: %w", err)
	}
	st := &benchStats{proposed: map[uint64]time.Time{}, final: map[uint64]time.Time{}, target: uint64(cfg.Blocks), done: make(chan struct{})}
	keys := make([]consensus.PublicKey, len(setup.Keys))
	for i, k := range setup.Keys {
		keys[i] = k.Public()
	}
	net := NewChanNetwork(keys)
	var shared *consensus.VerifyCache
	if cfg.SharedVerifyCache {
		shared = consensus.NewVerifyCache(1 << 16)
	}
	var replicas []*consensus.Replica
	for i, k := range setup.Keys {
		e := NewMemEngine(setup.Genesis, uint64(i), st.finalized)
		e.PayloadSize = cfg.PayloadSize
		e.onProp = st.proposing
		r, err := consensus.NewReplica(consensus.Config{Key: k, Engine: e, Transport: net.Transport(k.Public()),
			ViewTimeout: cfg.ViewTimeout, MaxPayloadSize: max(cfg.PayloadSize, consensus.DefaultMaxPayloadSize), VerifyCache: shared})
		if err != nil {
			return BenchResult{}, fmt.Errorf("bench: %w", err)
		}
		replicas = append(replicas, r)
	}
	runCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	wg.Go(func() { net.Run(runCtx) })
	errs := make(chan error, len(replicas))
	for _, r := range replicas {
		wg.Go(func() {
			if err := r.Run(runCtx); err != nil {
				errs <- err
			}
		})
	}
	cpu0 := processCPU()
	select {
	case <-st.done:
	case err := <-errs:
		cancel()
		wg.Wait()
		return BenchResult{}, fmt.Errorf("bench: replica: %w", err)
	case <-ctx.Done():
		cancel()
		wg.Wait()
		return BenchResult{}, fmt.Errorf("bench: %w", ctx.Err())
	}
	cpu := processCPU() - cpu0
	cancel()
	wg.Wait()
	return st.result(cfg, cpu), nil
}

type benchStats struct {
	mu       sync.Mutex
	proposed map[uint64]time.Time
	final    map[uint64]time.Time
	target   uint64
	done     chan struct{}
	closed   bool
}

func (s *benchStats) proposing(number uint64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.proposed[number]; !ok {
		s.proposed[number] = time.Now()
	}
}

func (s *benchStats) finalized(b consensus.FinalBlock) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.final[b.Number()]; ok {
		return
	}
	s.final[b.Number()] = time.Now()
	// Block 0 follows the view-0 timeout; the run is measured from it.
	if b.Number() >= s.target && !s.closed {
		s.closed = true
		close(s.done)
	}
}

func (s *benchStats) result(cfg BenchConfig, cpu time.Duration) BenchResult {
	s.mu.Lock()
	defer s.mu.Unlock()
	var lat []time.Duration
	for n, t := range s.final {
		if n == 0 || n > s.target {
			continue
		}
		if p, ok := s.proposed[n]; ok {
			lat = append(lat, t.Sub(p))
		}
	}
	slices.Sort(lat)
	pct := func(p float64) time.Duration {
		if len(lat) == 0 {
			return 0
		}
		return lat[min(len(lat)-1, int(p*float64(len(lat))))]
	}
	elapsed := s.final[s.target].Sub(s.final[0])
	r := BenchResult{Validators: cfg.Validators, Blocks: cfg.Blocks, Elapsed: elapsed, LatencyP50: pct(0.50), LatencyP99: pct(0.99),
		SharedVerifyCache: cfg.SharedVerifyCache}
	if elapsed > 0 {
		r.BlocksPerSecond = float64(cfg.Blocks) / elapsed.Seconds()
	}
	r.CPUPerBlock = cpu / time.Duration(cfg.Blocks+1)
	return r
}
