package node

import (
	"context"

	"github.com/cairn-rollup/cairn/execution"
)

// ExecutionDiskUsage inspects geth's database by category (every key: run
// it when a pause of seconds per gigabyte does not matter).
func (n *Node) ExecutionDiskUsage(ctx context.Context) (execution.DiskUsage, error) {
	return n.engine.DiskUsage(ctx)
}

// ExecutionFlatState is geth's current state as stored flat (cheap).
func (n *Node) ExecutionFlatState() (execution.FlatState, error) { return n.engine.FlatState() }
