package bench

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/ethereum/go-ethereum/crypto"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/cairn-rollup/cairn/config"
	"github.com/cairn-rollup/cairn/devnet"
	"github.com/cairn-rollup/cairn/l1/devchain"
	"github.com/cairn-rollup/cairn/rollup"
)

// ThroughputConfig sizes one throughput run.
type ThroughputConfig struct {
	Validators int
	Duration   time.Duration
	Workload   string
	Accounts   int
	Inflight   int
	Rate       float64 // offered tx/s (paced); 0 is the closed loop
	// SplitProfile, if set, is where the CPU split's raw profile of Cairn's
	// window is written (the last run's).
	SplitProfile string
	// Load is the command line that runs `cairn bench load` (the cairn
	// binary); the generator runs in its own process.
	Load []string
	// Stderr receives the generator's progress; nil discards it.
	Stderr io.Writer
}

// ThroughputResult is one run: the same load against Cairn and bare geth.
type ThroughputResult struct {
	Validators int
	GasLimit   uint64
	Cairn      *LoadReport
	Geth       *LoadReport
	// CairnSplit is the devnet process's CPU over Cairn's window, by stage.
	CairnSplit *CPUSplit
}

// Throughput starts a Cairn devnet in this process (1 s blocks, no proof
// market, no prover: the internal prover re-executes every batch, which is
// not a node's cost) and runs the generator against it as a child process,
// profiling this process over the generator's window (the CPU split), stops it,
// then does the same against a bare geth dev chain with 1 s blocks and the
// L2 genesis's block gas limit. One chain runs at a time, so each one's
// process CPU is its own (Cairn's includes the devnet's embedded L1).
func Throughput(ctx context.Context, cfg ThroughputConfig, log *slog.Logger) (*ThroughputResult, error) {
	if len(cfg.Load) == 0 {
		return nil, errors.New("bench: throughput needs the command that runs `cairn bench load`")
	}
	dir, err := os.MkdirTemp("", "cairn-bench-throughput-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	window := &cpuWindow{}
	defer window.close() // a run that failed mid-window leaves no profile running
	self, err := serveProcessMetrics(window)
	if err != nil {
		return nil, err
	}
	defer self.Close()
	selfURL := "http://" + self.addr + "/metrics"

	res := &ThroughputResult{Validators: cfg.Validators}
	err = func() error {
		l1, err := startLabelledL1(filepath.Join(dir, "l1"), log)
		if err != nil {
			return err
		}
		defer l1.Close()
		d, err := devnet.Start(ctx, devnet.Config{DataDir: filepath.Join(dir, "cairn"), L1RPC: l1.URL(),
			RPCAddr: "127.0.0.1:0", ProverAddr: "127.0.0.1:0", InputsAddr: "127.0.0.1:0", MetricsAddr: "127.0.0.1:0",
			Market: devnet.Market{Disabled: true}, Provers: -1, Validators: cfg.Validators, BlockTime: time.Second,
			Batcher: rollup.SealLimits{MaxBlocks: 10, MaxGas: 1 << 40, MaxSeconds: 10, MaxDeposits: 100},
			// A validator's own machine: the node's default caches, not the
			// devnet's (sized for seven nodes on one laptop).
			Node: func(_ int, c *config.Config) { c.Execution.CacheMB = config.Default().Execution.CacheMB }}, log)
		if err != nil {
			return fmt.Errorf("cairn devnet: %w", err)
		}
		defer d.Close()
		res.GasLimit = d.Genesis.L2.GasLimit
		var urls []string
		for _, n := range d.Nodes {
			urls = append(urls, n.RPCEndpoint())
		}
		metrics := []string{"http://" + d.Node.MetricsAddr() + "/metrics"}
		// A node without a process collector: this process's (the same
		// process) stands in.
		if s, err := scrapeAll(ctx, metrics); err == nil && !s.hasCPU {
			metrics = append(metrics, selfURL)
		}
		res.Cairn, err = runLoadChild(ctx, cfg, urls, metrics, "http://"+self.addr+"/window", devnet.UserKeys()[0])
		if err != nil {
			return fmt.Errorf("cairn: %w", err)
		}
		if res.CairnSplit, err = window.split(res.Cairn.InWindow, cfg.SplitProfile); err != nil {
			return fmt.Errorf("cairn: %w", err)
		}
		return nil
	}()
	if err != nil {
		return nil, err
	}

	chain, err := devchain.Start(devchain.Config{DataDir: filepath.Join(dir, "geth"), HTTPAddr: "127.0.0.1:0", Period: 1,
		GasLimit: res.GasLimit}, log.With("service", "geth"))
	if err != nil {
		return nil, fmt.Errorf("bare geth: %w", err)
	}
	defer chain.Close()
	if res.Geth, err = runLoadChild(ctx, cfg, []string{chain.URL()}, []string{selfURL}, "", devchain.DevKeys()[2]); err != nil {
		return nil, fmt.Errorf("bare geth: %w", err)
	}
	return res, nil
}

// runLoadChild runs `cairn bench load --json` against urls and decodes its
// report; windowURL, if set, is its --window-url.
func runLoadChild(ctx context.Context, cfg ThroughputConfig, urls, metrics []string, windowURL string, key *ecdsa.PrivateKey) (*LoadReport, error) {
	args := append(append([]string(nil), cfg.Load[1:]...), "bench", "load",
		"--rpc", strings.Join(urls, ","), "--metrics", strings.Join(metrics, ","),
		"--key", fmt.Sprintf("%x", crypto.FromECDSA(key)),
		"--accounts", strconv.Itoa(cfg.Accounts), "--inflight", strconv.Itoa(cfg.Inflight),
		"--duration", cfg.Duration.String(), "--workload", cfg.Workload, "--json", "--log-level", "warn")
	if cfg.Rate > 0 {
		args = append(args, "--rate", strconv.FormatFloat(cfg.Rate, 'f', -1, 64))
	}
	if windowURL != "" {
		args = append(args, "--window-url", windowURL)
	}
	cmd := exec.CommandContext(ctx, cfg.Load[0], args...)
	var out bytes.Buffer
	cmd.Stdout = &out
	cmd.Stderr = cfg.Stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("bench load: %w", err)
	}
	var r LoadReport
	if err := json.Unmarshal(out.Bytes(), &r); err != nil {
		return nil, fmt.Errorf("bench load: its report: %w", err)
	}
	return &r, nil
}

// processMetrics serves this process's CPU as Prometheus metrics, for the
// generator to read around its window, and the window hook of a CPU split.
type processMetrics struct {
	srv  *http.Server
	addr string
	done chan struct{}
}

func serveProcessMetrics(window http.Handler) (*processMetrics, error) {
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("bench: metrics listener: %w", err)
	}
	mux := http.NewServeMux()
	mux.Handle("/metrics", promhttp.HandlerFor(reg, promhttp.HandlerOpts{}))
	if window != nil {
		mux.Handle("/window", window)
	}
	m := &processMetrics{srv: &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}, addr: ln.Addr().String(), done: make(chan struct{})}
	go func() {
		defer close(m.done)
		_ = m.srv.Serve(ln)
	}()
	return m, nil
}

func (m *processMetrics) Close() error {
	err := m.srv.Close()
	<-m.done
	return err
}

// MedianThroughput is the per-chain median report of several runs.
func MedianThroughput(runs []*ThroughputResult) *ThroughputResult {
	return &ThroughputResult{Validators: runs[0].Validators, GasLimit: runs[0].GasLimit,
		Cairn:      MedianReport(collect(runs, func(r *ThroughputResult) *LoadReport { return r.Cairn })),
		Geth:       MedianReport(collect(runs, func(r *ThroughputResult) *LoadReport { return r.Geth })),
		CairnSplit: medianSplit(collect(runs, func(r *ThroughputResult) *CPUSplit { return r.CairnSplit }))}
}

// Print writes both chains' figures and their ratio.
func (r *ThroughputResult) Print(w io.Writer) {
	c, g := r.Cairn, r.Geth
	fmt.Fprintf(w, "%d validator(s), block gas limit %d (both chains), 1 s blocks, workload %s, %d accounts × %d in flight\n",
		r.Validators, r.GasLimit, c.Workload, c.Accounts, c.Inflight)
	fmt.Fprintf(w, "%-38s %12s %12s %8s\n", "", "cairn", "bare geth", "ratio")
	if c.Rate > 0 {
		fmt.Fprintf(w, "%-38s %12.0f %12.0f %8.2f\n", fmt.Sprintf("offered tx/s (paced, target %.0f)", c.Rate), c.Offered, g.Offered, ratio(c.Offered, g.Offered))
	}
	fmt.Fprintf(w, "%-38s %12.0f %12.0f %8.2f\n", "included tx/s over the window", c.TxPerSec, g.TxPerSec, ratio(c.TxPerSec, g.TxPerSec))
	fmt.Fprintf(w, "%-38s %12s %12s %8.2f\n", "submit → included p50", secs(c.P50Sec), secs(g.P50Sec), ratio(c.P50Sec, g.P50Sec))
	fmt.Fprintf(w, "%-38s %12s %12s %8.2f\n", "submit → included p99", secs(c.P99Sec), secs(g.P99Sec), ratio(c.P99Sec, g.P99Sec))
	fmt.Fprintf(w, "%-38s %12s %12s\n", "sent / included / refused", fmt.Sprintf("%d/%d/%d", c.Sent, c.Included, c.Refused), fmt.Sprintf("%d/%d/%d", g.Sent, g.Included, g.Refused))
	fmt.Fprintf(w, "%-38s %12d %12d\n", "blocks in the window", c.Blocks, g.Blocks)
	fmt.Fprintf(w, "%-38s %12.0f %12.0f\n", "gas used per block", c.GasPerBlock, g.GasPerBlock)
	fmt.Fprintf(w, "%-38s %12s %12s %8s\n", "process CPU per included tx", micros(c.CPUPerTxMicros), micros(g.CPUPerTxMicros), cpuRatio(c.CPUPerTxMicros, g.CPUPerTxMicros))
	if c.StageMicros != nil {
		fmt.Fprintf(w, "cairn stage time per tx (/metrics): wall time summed over calls (concurrent calls overlap), not CPU\n")
		printStageWall(w, "  ", c.StageMicros)
	} else {
		fmt.Fprintf(w, "  %-36s %12s\n", "stage wall time per tx", "n/a")
	}
	for _, x := range []*LoadReport{c, g} {
		if x.Exhausted > 0 {
			fmt.Fprintf(w, "note: %d senders ran out of pre-signed transactions (the rate is capped)\n", x.Exhausted)
		}
		if x.FirstRefusal != "" {
			fmt.Fprintf(w, "note: first refusal: %s\n", x.FirstRefusal)
		}
	}
	r.CairnSplit.Print(w, "", "cairn")
	fmt.Fprintf(w, "Cairn's CPU is the devnet process: its node(s) and the embedded L1 (bare geth is not running then);\n")
	fmt.Fprintf(w, "no prover and no proof market run (the internal prover re-executes every batch: not a node's cost).\n")
	fmt.Fprintf(w, "targets (1 validator, 60 s): ≥ 3,000 tx/s, p50 ≤ 1.5 s, ≥ 1.0 × bare geth, CPU ≤ 150 µs per transfer\n")
}

func ratio(a, b float64) float64 {
	if b == 0 {
		return 0
	}
	return a / b
}

func micros(v *float64) string {
	if v == nil {
		return "n/a"
	}
	return fmt.Sprintf("%.1f µs", *v)
}

func cpuRatio(a, b *float64) string {
	if a == nil || b == nil || *b == 0 {
		return "n/a"
	}
	return fmt.Sprintf("%.2f", *a / *b)
}
