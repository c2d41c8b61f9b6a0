package bench

import (
	"context"
	"fmt"
	"log/slog"
	"os"
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
	Engine      time.Duration // execution.New + Start → every block inserted
	EngineStart time.Duration // of which New + Start took
}

// NodeBlocksPerSec and the others are the figures of each side.
func (r *SyncResult) NodeBlocksPerSec() float64   { return perSec(r.Blocks, r.Node) }
func (r *SyncResult) NodeTxPerSec() float64       { return perSec(r.Txs, r.Node) }
func (r *SyncResult) EngineBlocksPerSec() float64 { return perSec(r.Blocks, r.Engine) }
func (r *SyncResult) EngineTxPerSec() float64     { return perSec(r.Txs, r.Engine) }

// Ratio is the node's catch-up speed over bare execution's (target ≥ 0.9).
func (r *SyncResult) Ratio() float64 {
	if r.Node == 0 {
		return 0
	}
	return r.Engine.Seconds() / r.Node.Seconds()
}

func perSec(n int, d time.Duration) float64 {
	if d <= 0 {
		return 0
	}
	return float64(n) / d.Seconds()
}

// measureSync stops devnet node i (a full node), wipes its data but its
// keys, starts it again and times its catch-up to node 0's head; then
// replays the same blocks, read from node 0's store, into a bare
// execution engine on a fresh directory and times that.
func measureSync(ctx context.Context, d *devnet.Devnet, i int, log *slog.Logger) (*SyncResult, error) {
	if err := d.StopNode(i); err != nil {
		return nil, err
	}
	if err := d.WipeNode(i); err != nil {
		return nil, err
	}
	tip := d.Node.Head()
	blocks := make([]*types.Block, 0, tip)
	res := &SyncResult{Blocks: int(tip)}
	for n := uint64(1); n <= tip; n++ {
		fb, err := d.Node.FinalBlock(n)
		if err != nil {
			return nil, fmt.Errorf("bench: final block %d: %w", n, err)
		}
		b := new(types.Block)
		if err := rlp.DecodeBytes(fb.Payload, b); err != nil {
			return nil, fmt.Errorf("bench: decode block %d: %w", n, err)
		}
		blocks = append(blocks, b)
		res.Txs += len(b.Transactions())
	}

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

	dir, err := os.MkdirTemp("", "cairn-bench-replay-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	start = time.Now()
	e, err := execution.New(execution.Config{DataDir: dir, Genesis: d.Genesis.L2, CacheMB: 32}, log)
	if err != nil {
		return nil, err
	}
	defer e.Close()
	if err := e.Start(); err != nil {
		return nil, err
	}
	res.EngineStart = time.Since(start)
	for _, b := range blocks {
		if err := e.InsertBlock(ctx, b); err != nil {
			return nil, fmt.Errorf("bench: replay: %w", err)
		}
	}
	res.Engine = time.Since(start)
	return res, nil
}
