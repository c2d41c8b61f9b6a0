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

// CompactDisk flushes and compacts geth's database and the node's store,
// so that a measurement after it sees the data's size on disk rather than
// what still sits in memtables and write-ahead logs.
func (n *Node) CompactDisk(ctx context.Context) error {
	if err := n.engine.CompactDatabase(); err != nil {
		return err
	}
	return n.store.Compact(ctx)
}
