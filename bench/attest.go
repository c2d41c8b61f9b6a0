package bench

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/big"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/cairn-rollup/cairn/attest"
	"github.com/cairn-rollup/cairn/crypto/attesterkey"
	"github.com/cairn-rollup/cairn/crypto/nodekey"
	"github.com/cairn-rollup/cairn/p2p"
	"github.com/cairn-rollup/cairn/rollup"
	"github.com/cairn-rollup/cairn/store"
	"github.com/ethereum/go-ethereum/common"
)

// The attest workload's fixed parts: the attestation topic and its wire
// form are the node's (node/attester.go: an attempt byte, then the vote).
const (
	attestTopic     = "attest"
	attestSetupWait = 30 * time.Second // hosts connected and in the topic's mesh
	attestBatchWait = 30 * time.Second // one batch certified on every host
)

// DefaultAttestHosts is how many p2p hosts the attest workload spreads the
// keys over: 8 and 64 attesters run on the same network.
const DefaultAttestHosts = 8

// attestGenesis names the bench's network in the p2p handshake and topic.
var attestGenesis = [32]byte{'c', 'a', 'i', 'r', 'n', '-', 'b', 'e', 'n', 'c', 'h', '-', 'a', 't', 't', 'e', 's', 't'}

// AttestConfig sizes the attest workload.
type AttestConfig struct {
	Attesters []int // committee sizes; one row each
	Hosts     int   // p2p hosts the keys are spread over (at most one per key)
	Batches   int   // timed batches per committee size (after one untimed warm-up)
}

// Validate refuses a config the workload cannot run, in one line.
func (c AttestConfig) Validate() error {
	if len(c.Attesters) == 0 {
		return errors.New("--attesters: give at least one committee size, e.g. 8,64")
	}
	for _, n := range c.Attesters {
		if n < 1 {
			return fmt.Errorf("--attesters %d: a committee needs at least one attester", n)
		}
	}
	if c.Hosts < 1 {
		return fmt.Errorf("--hosts %d: need at least one host", c.Hosts)
	}
	if c.Batches < 1 {
		return fmt.Errorf("--batches %d: need at least one batch", c.Batches)
	}
	return nil
}

// AttestRow is one committee size: the latency from a batch sealed on every
// host to its certificate stored, one sample per host and batch.
type AttestRow struct {
	Attesters int `json:"attesters"`
	Hosts     int `json:"hosts"`
	Batches   int `json:"batches"`
	Samples   int `json:"samples"`
	// Quorum is the weight a certificate needs (every attester weighs 1).
	Quorum uint64        `json:"quorum"`
	P50    time.Duration `json:"p50Nanoseconds"`
	P99    time.Duration `json:"p99Nanoseconds"`
	Max    time.Duration `json:"maxNanoseconds"`
	// CPUPerHostBatch is the process's CPU time (user and system) over the
	// timed batches, per host and batch: what one node spends on a batch's
	// votes, which the hosts of this process share the machine's cores for.
	CPUPerHostBatch time.Duration `json:"cpuPerHostBatchNanoseconds"`
}

// AttestResult is one run of the attest workload.
type AttestResult struct {
	Rows []AttestRow `json:"rows"`
}

// attestHost is one node of the workload: a p2p host on loopback, its
// store and vote pool, and the attester keys it holds.
type attestHost struct {
	host      *p2p.Host
	st        *store.Store
	pool      *attest.Pool
	topic     *p2p.Topic
	signers   []*attest.Signer
	l2ChainID uint64
	refused   atomic.Int64 // votes from the topic the pool refused (none expected)
	lastErr   atomic.Value // the last refusal, for the error message
}

// benchCommittee serves one fixed committee from batch 1, in place of L1.
type benchCommittee struct{ c *attest.Committee }

func (b benchCommittee) AttesterCommittee(context.Context, uint64) (*attest.Committee, error) {
	return b.c, nil
}
func (b benchCommittee) LastCommitted(context.Context) (uint64, error) { return 0, nil }

// Attest runs the attest workload for each committee size: cfg.Hosts p2p
// hosts on 127.0.0.1 (real libp2p: TCP, Noise, yamux, gossipsub), each
// with its own Pebble store in a temporary directory and its own vote
// pool, and the N attester keys spread over them round-robin. The
// committee (every key, weight 1) is served by a fixed source in the
// process, not read from L1. For each batch, every host stores it, then at
// one instant every host tells its pool the batch is sealed, signs it with
// each of its keys, adds its own votes and publishes them on the
// attestation topic; each host's clock runs from that instant to its
// certificate stored. All hosts share this process's CPU.
func Attest(ctx context.Context, cfg AttestConfig, log *slog.Logger) (*AttestResult, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	out := &AttestResult{}
	for _, n := range cfg.Attesters {
		row, err := attestSize(ctx, n, cfg, log)
		if err != nil {
			return nil, fmt.Errorf("bench attest: %d attesters: %w", n, err)
		}
		out.Rows = append(out.Rows, row)
	}
	return out, nil
}

// attestSize sets up the hosts for a committee of n and times cfg.Batches batches.
func attestSize(ctx context.Context, n int, cfg AttestConfig, log *slog.Logger) (AttestRow, error) {
	dir, err := os.MkdirTemp("", "cairn-bench-attest-")
	if err != nil {
		return AttestRow{}, err
	}
	defer os.RemoveAll(dir)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	d := attest.Domain{L1ChainID: 1, OnChainProposer: common.HexToAddress("0xc0ffee"), L2ChainID: 22476}
	hosts := make([]*attestHost, min(cfg.Hosts, n))
	addrs := make([]common.Address, n)
	weights := make([]uint64, n)
	for i := range hosts {
		hosts[i] = &attestHost{}
	}
	for i := 0; i < n; i++ {
		k, err := attesterkey.Generate(nil)
		if err != nil {
			return AttestRow{}, err
		}
		s, err := attest.NewSigner(k, d)
		if err != nil {
			return AttestRow{}, err
		}
		h := hosts[i%len(hosts)]
		h.signers = append(h.signers, s)
		addrs[i], weights[i] = k.Address(), 1
	}
	com, err := attest.NewCommittee(1, addrs, weights)
	if err != nil {
		return AttestRow{}, err
	}
	defer closeAttestHosts(hosts)
	var peers []string
	for i, h := range hosts {
		if err := h.start(ctx, filepath.Join(dir, fmt.Sprint(i)), peers, d, com, log.With("host", i)); err != nil {
			return AttestRow{}, fmt.Errorf("host %d: %w", i, err)
		}
		peers = append(peers, h.host.Addrs()...)
	}
	if err := waitAttestMesh(ctx, hosts); err != nil {
		return AttestRow{}, err
	}

	prev := rollup.Batch{StateRoot: common.HexToHash("0x01")}
	next := func() rollup.Batch {
		b := rollup.Batch{Number: prev.Number + 1, FirstBlock: prev.LastBlock + 1, LastBlock: prev.LastBlock + 10,
			PrevStateRoot: prev.StateRoot, StateRoot: common.BigToHash(big.NewInt(int64(prev.Number + 2)))}
		prev = b
		return b
	}
	// The warm-up batch is not timed: the first messages on fresh
	// connections and mesh links cost more than the steady state.
	if _, err := attestBatch(ctx, hosts, next()); err != nil {
		return AttestRow{}, fmt.Errorf("warm-up: %w", err)
	}
	lat := make([]time.Duration, 0, cfg.Batches*len(hosts))
	cpu0, err := processCPU()
	if err != nil {
		return AttestRow{}, err
	}
	for i := 0; i < cfg.Batches; i++ {
		got, err := attestBatch(ctx, hosts, next())
		if err != nil {
			return AttestRow{}, err
		}
		lat = append(lat, got...)
	}
	cpu1, err := processCPU()
	if err != nil {
		return AttestRow{}, err
	}
	for i, h := range hosts {
		if r := h.refused.Load(); r > 0 {
			return AttestRow{}, fmt.Errorf("host %d refused %d votes from the topic (last: %v)", i, r, h.lastErr.Load())
		}
	}
	return AttestRow{Attesters: n, Hosts: len(hosts), Batches: cfg.Batches, Samples: len(lat), Quorum: com.Quorum(),
		P50: percentile(lat, 50), P99: percentile(lat, 99), Max: slices.Max(lat),
		CPUPerHostBatch: (cpu1 - cpu0) / time.Duration(cfg.Batches*len(hosts))}, nil
}

// start opens the host's store and pool, starts its p2p host dialling
// peers, and joins the attestation topic.
func (h *attestHost) start(ctx context.Context, dir string, peers []string, d attest.Domain, com *attest.Committee, log *slog.Logger) error {
	h.l2ChainID = d.L2ChainID
	var err error
	if h.st, err = store.Open(dir); err != nil {
		return err
	}
	if h.pool, err = attest.NewPool(ctx, attest.PoolConfig{Domain: d, CommitteeTTL: time.Hour}, h.st, h.st,
		benchCommittee{com}, nil, log); err != nil {
		return err
	}
	key, err := nodekey.Generate(nil)
	if err != nil {
		return err
	}
	if h.host, err = p2p.New(p2p.Config{Key: key, GenesisHash: attestGenesis, ProtocolVersion: 1, StaticPeers: peers,
		ReconnectMin: 50 * time.Millisecond, ReconnectMax: time.Second}, log); err != nil {
		return err
	}
	if err := h.host.Start(ctx); err != nil {
		return err
	}
	h.topic, err = h.host.Join(attestTopic, attest.VoteSize+1, h.onVote)
	return err
}

// onVote is the node's handler of the attestation topic (node/attester.go):
// the pool takes the vote; a refusal is counted, since every vote of the
// workload is valid.
func (h *attestHost) onVote(ctx context.Context, _ string, data []byte) error {
	if len(data) < 2 {
		return errors.New("attestation vote: empty")
	}
	v, err := attest.DecodeVote(data[1:])
	if err != nil {
		return err
	}
	switch err := h.pool.Add(ctx, v); {
	case err == nil:
		return nil
	case errors.Is(err, attest.ErrBadSignature), errors.Is(err, attest.ErrNotInCommittee):
		h.refuse(err)
		return err
	default:
		h.refuse(err)
		return p2p.ErrIgnore
	}
}

func (h *attestHost) refuse(err error) {
	h.refused.Add(1)
	h.lastErr.Store(err.Error())
}

// attest is what the host does once the batch is sealed: the pool is told,
// each key signs, the pool takes the vote, the topic carries it.
func (h *attestHost) attest(ctx context.Context, b *rollup.Batch) error {
	h.pool.OnSealed(ctx, b)
	hash := b.Hash(h.l2ChainID)
	for _, s := range h.signers {
		v, err := s.Sign(b.Number, hash)
		if err != nil {
			return err
		}
		if err := h.pool.Add(ctx, v); err != nil {
			return fmt.Errorf("own vote of %s: %w", s.Address(), err)
		}
		if err := h.topic.Publish(ctx, append([]byte{0}, v.Encode()...)); err != nil {
			return err
		}
	}
	return nil
}

// attestBatch seals b on every host, then starts them at one instant, and
// returns each host's time from that instant to its certificate stored.
func attestBatch(ctx context.Context, hosts []*attestHost, b rollup.Batch) ([]time.Duration, error) {
	for i, h := range hosts {
		if err := h.st.SaveBatch(&store.SealedBatch{Batch: b}, nil); err != nil {
			return nil, fmt.Errorf("host %d: seal batch %d: %w", i, b.Number, err)
		}
	}
	ctx, cancel := context.WithTimeout(ctx, attestBatchWait)
	defer cancel()
	start := make(chan struct{})
	lat := make([]time.Duration, len(hosts))
	errs := make([]error, 2*len(hosts)) // the host's attesting, then its wait
	var t0 time.Time
	var wg sync.WaitGroup
	for i, h := range hosts {
		wg.Add(2)
		go func() {
			defer wg.Done()
			<-start
			if err := h.attest(ctx, &b); err != nil {
				errs[i] = fmt.Errorf("host %d: batch %d: %w", i, b.Number, err)
				cancel()
			}
		}()
		go func() {
			defer wg.Done()
			<-start
			for {
				select {
				case <-h.pool.Certified():
					if c, err := h.pool.Certificate(b.Number); err == nil && c != nil {
						lat[i] = time.Since(t0)
						return
					}
				case <-ctx.Done():
					if err := ctx.Err(); errors.Is(err, context.DeadlineExceeded) {
						st := h.pool.Status(context.Background())
						errs[len(hosts)+i] = fmt.Errorf("host %d: batch %d not certified in %s (weight %d of quorum %d)",
							i, b.Number, attestBatchWait, st.Weight, st.Quorum)
					} else {
						errs[len(hosts)+i] = fmt.Errorf("host %d: batch %d: %w", i, b.Number, err)
					}
					return
				}
			}
		}()
	}
	t0 = time.Now()
	close(start)
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return lat, nil
}

// waitAttestMesh waits until every host has handshaked with every other
// and has peers in the topic's mesh: votes published before reach only
// some hosts.
func waitAttestMesh(ctx context.Context, hosts []*attestHost) error {
	want := min(len(hosts)-1, 4)
	deadline := time.Now().Add(attestSetupWait)
	for {
		ok := true
		for _, h := range hosts {
			if len(h.host.Peers()) < len(hosts)-1 || h.topic.MeshPeers() < want {
				ok = false
				break
			}
		}
		if ok {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("hosts not connected with %d mesh peers each after %s", want, attestSetupWait)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// processCPU is the user and system CPU time this process has used.
func processCPU() (time.Duration, error) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0, fmt.Errorf("read process CPU time: %w", err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), nil
}

func closeAttestHosts(hosts []*attestHost) {
	for _, h := range hosts {
		if h.host != nil {
			_ = h.host.Close()
		}
	}
	for _, h := range hosts {
		if h.st != nil {
			_ = h.st.Close()
		}
	}
}

// Print writes the table.
func (r *AttestResult) Print(w io.Writer) {
	fmt.Fprintln(w, "batch sealed on every host → certificate stored on each host (one sample per host and batch);")
	fmt.Fprintln(w, "libp2p gossip on 127.0.0.1, one process; committee fixed in-process (no L1); Pebble stores on disk;")
	fmt.Fprintln(w, "the hosts share this machine's cores: cpu/host/batch is one node's CPU per batch")
	fmt.Fprintf(w, "%-10s %-6s %-7s %-8s %-8s %-10s %-10s %-10s %s\n", "attesters", "hosts", "quorum", "batches", "samples",
		"p50", "p99", "max", "cpu/host/batch")
	for _, row := range r.Rows {
		fmt.Fprintf(w, "%-10d %-6d %-7d %-8d %-8d %-10s %-10s %-10s %s\n", row.Attesters, row.Hosts, row.Quorum, row.Batches, row.Samples,
			roundLatency(row.P50), roundLatency(row.P99), roundLatency(row.Max), roundLatency(row.CPUPerHostBatch))
	}
}

func roundLatency(d time.Duration) time.Duration {
	if d >= 10*time.Millisecond {
		return d.Round(100 * time.Microsecond)
	}
	return d.Round(10 * time.Microsecond)
}

// MedianAttest is the per-size median of p50, p99 and max over runs (which
// all ran the same sizes).
func MedianAttest(runs []*AttestResult) *AttestResult {
	out := &AttestResult{}
	for i, row := range runs[0].Rows {
		med := func(get func(AttestRow) time.Duration) time.Duration {
			return time.Duration(median(collect(runs, func(r *AttestResult) float64 { return float64(get(r.Rows[i])) })))
		}
		row.P50 = med(func(r AttestRow) time.Duration { return r.P50 })
		row.P99 = med(func(r AttestRow) time.Duration { return r.P99 })
		row.Max = med(func(r AttestRow) time.Duration { return r.Max })
		row.CPUPerHostBatch = med(func(r AttestRow) time.Duration { return r.CPUPerHostBatch })
		out.Rows = append(out.Rows, row)
	}
	return out
}
