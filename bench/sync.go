package bench

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"runtime/pprof"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/rlp"

	"github.com/cairn-rollup/cairn/devnet"
	"github.com/cairn-rollup/cairn/execution"
)

// SyncResult compares a fresh full node catching up to the tip with bare
// execution importing the same blocks.
type SyncResult struct {
	Blocks, Txs int
	Node        time.Duration // node start → its head at the tip (p2p block sync)
	NodeStart   time.Duration // of which StartNode (node.New + Start) took
	Geth        time.Duration // execution.New + Start → the blocks decoded and imported by geth's InsertChain
	GethStart   time.Duration // of which New + Start took
}

// NodeBlocksPerSec and the others are the figures of each side.
func (r *SyncResult) NodeBlocksPerSec() float64 { return perSec(r.Blocks, r.Node) }
func (r *SyncResult) NodeTxPerSec() float64     { return perSec(r.Txs, r.Node) }
func (r *SyncResult) GethBlocksPerSec() float64 { return perSec(r.Blocks, r.Geth) }
func (r *SyncResult) GethTxPerSec() float64     { return perSec(r.Txs, r.Geth) }

// Ratio is the node's catch-up speed over geth's own import's (target ≥ 0.9).
func (r *SyncResult) Ratio() float64 {
	if r.Node == 0 {
		return 0
	}
	return r.Geth.Seconds() / r.Node.Seconds()
}

// waitCommitted waits until L1 committed every batch node 0 had sealed.
func waitCommitted(ctx context.Context, d *devnet.Devnet) error {
	st, err := d.Node.Status(ctx)
	if err != nil {
		return fmt.Errorf("bench: sync: node status: %w", err)
	}
	deadline := time.Now().Add(2 * time.Minute)
	for st.Committed < st.Sealed {
		if time.Now().After(deadline) {
			return fmt.Errorf("bench: sync: L1 committed batch %d of %d after 2 minutes", st.Committed, st.Sealed)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
		c, err := d.Node.Status(ctx)
		if err != nil {
			return fmt.Errorf("bench: sync: node status: %w", err)
		}
		st.Committed = c.Committed
	}
	return nil
}

func perSec(n int, d time.Duration) float64 {
	if d <= 0 {
		return 0
	}
	return float64(n) / d.Seconds()
}

// measureSync stops devnet node i (a full node), wipes its data but its
// keys, starts it again and times its catch-up to node 0's head; then
// times geth's own import of the same blocks, from their bytes in node 0's
// store, into an engine on a fresh directory.
// With profile set, the process's CPU over the catch-up is profiled there.
//
// Both are timed once the operator has committed the batches the load
// sealed: its blob commits (the cell proofs, and the dev L1 checking
// them) would otherwise share the cores with the catch-up only, the
// import coming after them.
func measureSync(ctx context.Context, d *devnet.Devnet, i int, profile string, log *slog.Logger) (*SyncResult, error) {
	if err := waitCommitted(ctx, d); err != nil {
		return nil, err
	}
	if err := d.StopNode(i); err != nil {
		return nil, err
	}
	if err := d.WipeNode(i); err != nil {
		return nil, err
	}
	tip := d.Node.Head()
	payloads := make([][]byte, 0, tip)
	res := &SyncResult{Blocks: int(tip)}
	for n := uint64(1); n <= tip; n++ {
		fb, err := d.Node.FinalBlock(n)
		if err != nil {
			return nil, fmt.Errorf("bench: final block %d: %w", n, err)
		}
		payloads = append(payloads, fb.Payload)
	}

	stopProfile, err := startProfile(profile)
	if err != nil {
		return nil, err
	}
	defer stopProfile()
	start := time.Now()
	if err := d.StartNode(ctx, i); err != nil {
		return nil, err
	}
	res.NodeStart = time.Since(start)
	for d.Nodes[i].Head() < tip {
		if time.Since(start) > 10*time.Minute {
			return nil, fmt.Errorf("bench: node %d at block %d of %d after 10 minutes", i, d.Nodes[i].Head(), tip)
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(5 * time.Millisecond):
		}
	}
	res.Node = time.Since(start)
	stopProfile() // the catch-up only

	dir, err := os.MkdirTemp("", "cairn-bench-replay-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	gethProfile := ""
	if profile != "" {
		gethProfile = profile + ".geth" // the reference, to compare with
	}
	stopGethProfile, err := startProfile(gethProfile)
	if err != nil {
		return nil, err
	}
	defer stopGethProfile()
	start = time.Now()
	e, err := execution.New(execution.Config{DataDir: dir, Genesis: d.Genesis.L2, CacheMB: 32}, log)
	if err != nil {
		return nil, err
	}
	defer e.Close()
	if err := e.Start(); err != nil {
		return nil, err
	}
	res.GethStart = time.Since(start)
	// geth's own import from the blocks' bytes, as `geth import` reads a
	// file: decode, then one InsertChain that executes, stores and moves
	// the head.
	blocks := make([]*types.Block, 0, len(payloads))
	for n, p := range payloads {
		b := new(types.Block)
		if err := rlp.DecodeBytes(p, b); err != nil {
			return nil, fmt.Errorf("bench: decode block %d: %w", n+1, err)
		}
		blocks = append(blocks, b)
		res.Txs += len(b.Transactions())
	}
	if err := e.InsertChain(ctx, blocks); err != nil {
		return nil, fmt.Errorf("bench: replay: %w", err)
	}
	if e.Head().Number.Uint64() != tip {
		return nil, fmt.Errorf("bench: replay: head %d, want %d", e.Head().Number, tip)
	}
	res.Geth = time.Since(start)
	stopGethProfile()
	return res, nil
}

// startProfile profiles the process's CPU into path until the returned
// stop (which may be called more than once); "" profiles nothing.
func startProfile(path string) (func(), error) {
	if path == "" {
		return func() {}, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("bench: sync profile: %w", err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		_ = f.Close()
		return nil, fmt.Errorf("bench: sync profile: %w", err)
	}
	return sync.OnceFunc(func() { pprof.StopCPUProfile(); _ = f.Close() }), nil
}
