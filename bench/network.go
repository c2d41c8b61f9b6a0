package bench

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"time"

	"github.com/cairn-rollup/cairn/devnet"
	"github.com/cairn-rollup/cairn/rollup"
)

// NetworkConfig sizes the network workload.
type NetworkConfig struct {
	Validators, FullNodes int
	Duration              time.Duration // how long transfers are sent
	Accounts              int           // senders, derived and funded in setup
	Inflight              int           // per sender
	Rate                  float64       // offered tx/s (paced); 0 is the closed loop
	SplitProfile          string        // where the CPU split's raw profile is written, if set
	// Sync, with a full node, wipes one after the load and times its
	// catch-up against geth's own import of the same blocks.
	Sync bool
	// SyncProfile, if set, is where a CPU profile of the process over the
	// full node's catch-up is written.
	SyncProfile string
}

// NetworkResult is one run of the network workload.
type NetworkResult struct {
	Validators, FullNodes int
	Load                  *LoadReport
	Timeouts              uint64        // view timeouts on node 0 during the load (setup included)
	CPUPerBlock           time.Duration // process CPU (every node, one process) per block seen
	Sync                  *SyncResult   // nil without Sync or a full node
	Split                 *CPUSplit     // the process's CPU over the window, by stage
}

// startBenchNetwork starts a devnet for a benchmark on its own labelled
// dev L1, in a temporary directory: OS-picked ports, no proof market, no
// prover, batches of at most 10 blocks or 10 s; c gives the nodes and
// anything else. stop closes it all and removes the directory.
func startBenchNetwork(ctx context.Context, name string, c devnet.Config, log *slog.Logger) (_ *devnet.Devnet, stop func(), err error) {
	dir, err := os.MkdirTemp("", "cairn-bench-"+name+"-")
	if err != nil {
		return nil, nil, err
	}
	l1, err := startLabelledL1(filepath.Join(dir, "l1"), log)
	if err != nil {
		_ = os.RemoveAll(dir)
		return nil, nil, err
	}
	c.DataDir, c.L1RPC, c.RPCAddr, c.ProverAddr, c.InputsAddr = filepath.Join(dir, "cairn"), l1.URL(), "127.0.0.1:0", "127.0.0.1:0", "127.0.0.1:0"
	c.Market, c.Provers = devnet.Market{Disabled: true}, -1
	c.Batcher = rollup.SealLimits{MaxBlocks: 10, MaxGas: 1 << 40, MaxSeconds: 10, MaxDeposits: 100}
	d, err := devnet.Start(ctx, c, log)
	if err != nil {
		l1.Close()
		_ = os.RemoveAll(dir)
		return nil, nil, err
	}
	return d, func() { d.Close(); l1.Close(); _ = os.RemoveAll(dir) }, nil
}

// Network starts a devnet of cfg.Validators validators and cfg.FullNodes
// full nodes in one process (no proof market, no prover: the internal
// prover re-executes every batch, which is not a node's cost), sends
// pre-signed transfers from accounts funded in setup in JSON-RPC batches
// spread over every node, and reads inclusion from node 0's blocks,
// profiling the process over the window (the CPU split). With cfg.Sync it
// then times a wiped full node's catch-up.
func Network(ctx context.Context, cfg NetworkConfig, log *slog.Logger) (*NetworkResult, error) {
	d, stop, err := startBenchNetwork(ctx, "network", devnet.Config{Validators: cfg.Validators, FullNodes: cfg.FullNodes}, log)
	if err != nil {
		return nil, err
	}
	defer stop()
	var urls []string
	for _, n := range d.Nodes {
		urls = append(urls, n.RPCEndpoint())
	}
	self, err := serveProcessMetrics(nil)
	if err != nil {
		return nil, err
	}
	defer self.Close()
	t0 := d.Node.ConsensusStatus()
	window := &cpuWindow{}
	defer window.close() // a run that failed mid-window leaves no profile running
	var res *LoadReport
	// The generator's goroutines carry the generator's label.
	withRole(ctx, roleGenerator, func(ctx context.Context) {
		res, err = RunLoad(ctx, LoadOptions{RPC: urls, Metrics: []string{"http://" + self.addr + "/metrics"},
			Key: devnet.UserKeys()[0], Accounts: cfg.Accounts, Inflight: cfg.Inflight, Duration: cfg.Duration,
			Workload: WorkloadETH, Rate: cfg.Rate, OnWindow: func(open bool) {
				if open {
					window.open()
				} else {
					window.close()
				}
			}}, log)
	})
	if err != nil {
		return nil, err
	}
	out := &NetworkResult{Validators: cfg.Validators, FullNodes: cfg.FullNodes, Load: res}
	if out.Split, err = window.split(res.InWindow, cfg.SplitProfile); err != nil {
		return nil, err
	}
	if t1 := d.Node.ConsensusStatus(); t0.Timeouts != nil && t1.Timeouts != nil {
		out.Timeouts = uint64(*t1.Timeouts) - uint64(*t0.Timeouts)
	}
	if res.CPUPerTxMicros != nil && res.Blocks > 0 {
		out.CPUPerBlock = time.Duration(*res.CPUPerTxMicros * float64(res.InWindow) / float64(res.Blocks) * float64(time.Microsecond))
	}
	if cfg.Sync && cfg.FullNodes > 0 {
		if out.Sync, err = measureSync(ctx, d, cfg.Validators, cfg.SyncProfile, log); err != nil {
			return nil, fmt.Errorf("sync: %w", err)
		}
	}
	return out, nil
}

// MedianNetwork is the run with the median transfer rate, with the
// latencies, CPU and sync figures replaced by their medians over the runs.
func MedianNetwork(runs []*NetworkResult) *NetworkResult {
	sorted := append([]*NetworkResult(nil), runs...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].Load.TxPerSec < sorted[j].Load.TxPerSec })
	m := *sorted[len(sorted)/2]
	m.Load = MedianReport(collect(runs, func(r *NetworkResult) *LoadReport { return r.Load }))
	m.CPUPerBlock = time.Duration(median(collect(runs, func(r *NetworkResult) float64 { return float64(r.CPUPerBlock) })))
	m.Split = medianSplit(collect(runs, func(r *NetworkResult) *CPUSplit { return r.Split }))
	if m.Sync != nil {
		var syncs []*SyncResult
		for _, r := range runs {
			if r.Sync != nil {
				syncs = append(syncs, r.Sync)
			}
		}
		m.Sync = medianSync(syncs)
	}
	return &m
}

// medianSync is the run with the median ratio (the chains differ by a few
// blocks between runs, so times are not comparable across them).
func medianSync(runs []*SyncResult) *SyncResult {
	byRatio := append([]*SyncResult(nil), runs...)
	sort.Slice(byRatio, func(i, j int) bool { return byRatio[i].Ratio() < byRatio[j].Ratio() })
	return byRatio[len(byRatio)/2]
}

// Print writes the result as a table.
func (r *NetworkResult) Print(w io.Writer) {
	l := r.Load
	fmt.Fprintf(w, "validators %d, full nodes %d (every node and the generator in one process), %d accounts × %d in flight\n",
		r.Validators, r.FullNodes, l.Accounts, l.Inflight)
	if l.Rate > 0 {
		fmt.Fprintf(w, "  offered transfers/s (paced, target %.0f) %.0f\n", l.Rate, l.Offered)
	}
	fmt.Fprintf(w, "  transfers/s (included while sending)  %.0f\n", l.TxPerSec)
	fmt.Fprintf(w, "  submit → final p50 / p99              %s / %s\n", secs(l.P50Sec), secs(l.P99Sec))
	fmt.Fprintf(w, "  sent / included / refused             %d / %d / %d\n", l.Sent, l.Included, l.Refused)
	if l.FirstRefusal != "" {
		fmt.Fprintf(w, "  first refusal                         %s\n", l.FirstRefusal)
	}
	fmt.Fprintf(w, "  blocks while sending, gas per block   %d, %.0f of %d\n", l.Blocks, l.GasPerBlock, l.GasLimit)
	fmt.Fprintf(w, "  view timeouts (node 0)                %d\n", r.Timeouts)
	fmt.Fprintf(w, "  process CPU per block / per transfer  %s / %s (all nodes share the process: per node ÷ %d)\n",
		r.CPUPerBlock.Round(time.Microsecond), micros(l.CPUPerTxMicros), r.Validators+r.FullNodes)
	r.Split.Print(w, "  ", "process")
	fmt.Fprintf(w, "  no prover and no proof market run (the internal prover re-executes every batch: not a node's cost)\n")
	if s := r.Sync; s != nil {
		fmt.Fprintf(w, "  sync of %d blocks, %d txs (from start)   fresh full node %.1f blocks/s, %.0f tx/s (%s, of which %s starting)\n",
			s.Blocks, s.Txs, s.NodeBlocksPerSec(), s.NodeTxPerSec(), s.Node.Round(time.Millisecond), s.NodeStart.Round(time.Millisecond))
		fmt.Fprintf(w, "                                        its batches sealed after %s (in the background, behind the head)\n", s.Sealed.Round(time.Millisecond))
		fmt.Fprintf(w, "                                        geth import     %.1f blocks/s, %.0f tx/s (%s, of which %s starting)\n",
			s.GethBlocksPerSec(), s.GethTxPerSec(), s.Geth.Round(time.Millisecond), s.GethStart.Round(time.Millisecond))
		fmt.Fprintf(w, "                                        ratio node / geth import %.2f (target ≥ 0.9)\n", s.Ratio())
		consensus := "running"
		if s.Quiet {
			consensus = "stopped"
		}
		fmt.Fprintf(w, "                                        process CPU over each    node %s, geth import %s (every node in the process; consensus %s; %.2f cores the second before)\n",
			s.NodeCPU.Round(time.Millisecond), s.GethCPU.Round(time.Millisecond), consensus, s.IdleBefore)
	}
}
