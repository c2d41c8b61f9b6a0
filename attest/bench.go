package attest

import (
	"context"
	"fmt"
	"log/slog"
	"math/big"
	"os"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/cairn-rollup/cairn/crypto/attesterkey"
	"github.com/cairn-rollup/cairn/rollup"
	"github.com/cairn-rollup/cairn/store"
	"github.com/ethereum/go-ethereum/common"
)

// BenchConfig is the attest workload: K attester keys in one process, a
// committee of all of them with equal weights, and Batches batches sealed
// one after the other.
type BenchConfig struct {
	Attesters int
	Batches   int
	// Dir is where the Pebble store lives ("" = a temporary directory on
	// disk, so that certificate writes are fsynced as on a node).
	Dir string
}

// BenchResult is the latency from a batch sealed to its certificate stored.
type BenchResult struct {
	Attesters int
	Batches   int
	P50, P99  time.Duration
	Max       time.Duration
}

type staticCommittee struct{ c *Committee }

func (s staticCommittee) AttesterCommittee(context.Context, uint64) (*Committee, error) {
	return s.c, nil
}
func (s staticCommittee) LastCommitted(context.Context) (uint64, error) { return 0, nil }

// Bench seals cfg.Batches batches; for each, every attester signs it (in its
// own goroutine, as on its own node), the vote goes through Encode and
// DecodeVote, and Pool.Add takes it. The clock runs from the seal (batch
// stored, Pool.OnSealed) to the certificate stored at quorum.
func Bench(ctx context.Context, cfg BenchConfig) (BenchResult, error) {
	if cfg.Attesters < 1 || cfg.Batches < 1 {
		return BenchResult{}, fmt.Errorf("bench attest: need at least one attester and one batch")
	}
	dir := cfg.Dir
	if dir == "" {
		tmp, err := os.MkdirTemp("", "cairn-bench-attest-")
		if err != nil {
			return BenchResult{}, err
		}
		defer os.RemoveAll(tmp)
		dir = tmp
	}
	st, err := store.Open(dir)
	if err != nil {
		return BenchResult{}, err
	}
	defer st.Close()
	d := Domain{L1ChainID: 1, OnChainProposer: common.HexToAddress("0xc0ffee"), L2ChainID: 31337}
	signers := make([]*Signer, cfg.Attesters)
	addrs := make([]common.Address, cfg.Attesters)
	weights := make([]uint64, cfg.Attesters)
	for i := range signers {
		k, err := attesterkey.Generate(nil)
		if err != nil {
			return BenchResult{}, err
		}
		if signers[i], err = NewSigner(k, d); err != nil {
			return BenchResult{}, err
		}
		addrs[i], weights[i] = k.Address(), 1
	}
	com, err := NewCommittee(1, addrs, weights)
	if err != nil {
		return BenchResult{}, err
	}
	pool, err := NewPool(ctx, PoolConfig{Domain: d, CommitteeTTL: time.Hour}, st, st, staticCommittee{com}, nil, slog.New(slog.DiscardHandler))
	if err != nil {
		return BenchResult{}, err
	}
	lat := make([]time.Duration, 0, cfg.Batches)
	prev := rollup.Batch{StateRoot: common.HexToHash("0x01")}
	for i := 0; i < cfg.Batches; i++ {
		b := rollup.Batch{Number: prev.Number + 1, FirstBlock: prev.LastBlock + 1, LastBlock: prev.LastBlock + 10,
			PrevStateRoot: prev.StateRoot, StateRoot: common.BigToHash(big.NewInt(int64(i + 2)))}
		prev = b
		start := time.Now()
		if err := st.SaveBatch(&store.SealedBatch{Batch: b}, nil); err != nil {
			return BenchResult{}, err
		}
		pool.OnSealed(ctx, &b)
		h := b.Hash(d.L2ChainID)
		var wg sync.WaitGroup
		errs := make(chan error, len(signers))
		for _, s := range signers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				v, err := s.Sign(b.Number, h)
				if err == nil {
					var got Vote
					if got, err = DecodeVote(v.Encode()); err == nil {
						err = pool.Add(ctx, got)
					}
				}
				if err != nil {
					errs <- err
				}
			}()
		}
		select {
		case <-pool.Certified():
		case <-ctx.Done():
			wg.Wait()
			return BenchResult{}, ctx.Err()
		case <-time.After(time.Minute):
			wg.Wait()
			return BenchResult{}, fmt.Errorf("bench attest: batch %d not certified in a minute", b.Number)
		}
		lat = append(lat, time.Since(start))
		wg.Wait()
		close(errs)
		if err := <-errs; err != nil {
			return BenchResult{}, fmt.Errorf("bench attest: %w", err)
		}
		if c, err := pool.Certificate(b.Number); err != nil || c == nil {
			return BenchResult{}, fmt.Errorf("bench attest: batch %d signalled but no certificate stored (%v)", b.Number, err)
		}
	}
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	pct := func(p float64) time.Duration { return lat[min(len(lat)-1, int(p*float64(len(lat))))] }
	return BenchResult{Attesters: cfg.Attesters, Batches: cfg.Batches, P50: pct(0.50), P99: pct(0.99), Max: lat[len(lat)-1]}, nil
}

// BenchTable formats results as the bench commands print them.
func BenchTable(rows []BenchResult) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%-10s %-8s %-12s %-12s %-12s\n", "attesters", "batches", "p50", "p99", "max")
	for _, r := range rows {
		fmt.Fprintf(&b, "%-10d %-8d %-12s %-12s %-12s\n", r.Attesters, r.Batches,
			r.P50.Round(10*time.Microsecond), r.P99.Round(10*time.Microsecond), r.Max.Round(10*time.Microsecond))
	}
	return b.String()
}
