package bench

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"math/big"
	"os"
	"sort"
	"syscall"
	"time"

	"github.com/cairn-rollup/cairn/devnet"
	"github.com/cairn-rollup/cairn/rollup"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/params"
	"github.com/ethereum/go-ethereum/rpc"
)

// NetworkConfig sizes the network workload.
type NetworkConfig struct {
	Validators, FullNodes int
	Duration              time.Duration // how long transfers are sent
	Inflight              int           // per sender
	PerSender             int           // transfers pre-signed per sender
}

// NetworkResult is one run of the network workload.
type NetworkResult struct {
	Validators, FullNodes int
	Load                  *LoadResult
	Timeouts              uint64        // view timeouts on node 0 during the load
	CPUPerBlock           time.Duration // process CPU (every node, one process) per block seen
	CPUPerTx              time.Duration // process CPU per included transfer
}

// Network starts a devnet of cfg.Validators validators and cfg.FullNodes
// full nodes in one process (no proof market), sends pre-signed transfers
// from the devnet's user accounts in JSON-RPC batches spread over every
// node, and reads inclusion from node 0's blocks.
func Network(ctx context.Context, cfg NetworkConfig, log *slog.Logger) (*NetworkResult, error) {
	dir, err := os.MkdirTemp("", "cairn-bench-network-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	d, err := devnet.Start(ctx, devnet.Config{DataDir: dir, L1HTTPAddr: "127.0.0.1:0", RPCAddr: "127.0.0.1:0",
		ProverAddr: "127.0.0.1:0", InputsAddr: "127.0.0.1:0", Market: devnet.Market{Disabled: true},
		Validators: cfg.Validators, FullNodes: cfg.FullNodes,
		Batcher: rollup.SealLimits{MaxBlocks: 10, MaxGas: 1 << 40, MaxSeconds: 10, MaxDeposits: 100}}, log)
	if err != nil {
		return nil, err
	}
	defer d.Close()
	var clients []*rpc.Client
	for _, n := range d.Nodes {
		c, err := rpc.DialContext(ctx, n.RPCEndpoint())
		if err != nil {
			return nil, err
		}
		defer c.Close()
		clients = append(clients, c)
	}
	chainID := new(big.Int).SetUint64(d.Genesis.L2ChainID())
	feeCap := big.NewInt(100 * params.GWei)
	var senders []Sender
	for i, k := range devnet.UserKeys() {
		to := common.BigToAddress(big.NewInt(int64(0xbe0000 + i)))
		senders = append(senders, SignTransfers(k, chainID, 0, cfg.PerSender, feeCap, to))
	}
	t0 := d.Node.ConsensusStatus()
	cpu0 := processCPU()
	res, err := Load(ctx, LoadConfig{Submit: clients, Watch: clients[0], Senders: senders, Inflight: cfg.Inflight,
		Batch: 50, Duration: cfg.Duration})
	if err != nil {
		return nil, err
	}
	cpu := processCPU() - cpu0
	out := &NetworkResult{Validators: cfg.Validators, FullNodes: cfg.FullNodes, Load: res}
	if t1 := d.Node.ConsensusStatus(); t0.Timeouts != nil && t1.Timeouts != nil {
		out.Timeouts = uint64(*t1.Timeouts) - uint64(*t0.Timeouts)
	}
	if res.Blocks > 0 {
		out.CPUPerBlock = cpu / time.Duration(res.Blocks)
	}
	if res.Included > 0 {
		out.CPUPerTx = cpu / time.Duration(res.Included)
	}
	return out, nil
}

// processCPU is the CPU time (user + system) this process used so far.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// MedianNetwork is the run with the median transfer rate.
func MedianNetwork(runs []*NetworkResult) *NetworkResult {
	sorted := append([]*NetworkResult(nil), runs...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].Load.TxPerSec < sorted[j].Load.TxPerSec })
	return sorted[len(sorted)/2]
}

// Print writes the result as a table.
func (r *NetworkResult) Print(w io.Writer) {
	l := r.Load
	fmt.Fprintf(w, "validators %d, full nodes %d (every node in one process)\n", r.Validators, r.FullNodes)
	fmt.Fprintf(w, "  transfers/s (included while sending)  %.0f\n", l.TxPerSec)
	fmt.Fprintf(w, "  submit → final p50 / p99              %s / %s\n", l.P50.Round(time.Millisecond), l.P99.Round(time.Millisecond))
	fmt.Fprintf(w, "  sent / included / refused             %d / %d / %d\n", l.Sent, l.Included, l.Rejected)
	fmt.Fprintf(w, "  blocks while sending                  %d\n", l.Blocks)
	fmt.Fprintf(w, "  view timeouts (node 0)                %d\n", r.Timeouts)
	fmt.Fprintf(w, "  process CPU per block / per transfer  %s / %s (all nodes share the process: per validator ÷ %d)\n",
		r.CPUPerBlock.Round(time.Microsecond), r.CPUPerTx.Round(time.Microsecond), r.Validators+r.FullNodes)
}
