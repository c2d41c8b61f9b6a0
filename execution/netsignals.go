package execution

import (
	"context"

	"github.com/ethereum/go-ethereum/common/hexutil"
)

// SyncProgress is how far a node catching up has come: the block it had
// when it fell behind, its newest block, and the newest block a peer that
// serves blocks has announced.
type SyncProgress struct {
	Starting, Current, Highest uint64
}

// Network tells the JSON-RPC what geth's devp2p, which Cairn does not run,
// cannot: whether the node is catching up, and how many peers it has.
type Network interface {
	// Syncing is the node's block sync progress; ok is false when the node
	// is not behind its peers (by more than a few blocks).
	Syncing() (p SyncProgress, ok bool)
	// PeerCount is the number of connected peers.
	PeerCount() int
}

// syncingAPI replaces geth's eth_syncing, which reports geth's downloader
// (never running here, so always false).
type syncingAPI struct{ net Network }

// Syncing is eth_syncing: false, or geth's syncing object. Cairn syncs
// final blocks, not state: the snap sync counters are zero.
func (a syncingAPI) Syncing(context.Context) (any, error) {
	p, ok := a.net.Syncing()
	if !ok {
		return false, nil
	}
	out := map[string]any{
		"startingBlock": hexutil.Uint64(p.Starting),
		"currentBlock":  hexutil.Uint64(p.Current),
		"highestBlock":  hexutil.Uint64(p.Highest),
	}
	for _, k := range snapSyncFields {
		out[k] = hexutil.Uint64(0)
	}
	return out, nil
}

// snapSyncFields are the rest of geth's syncing object (ethapi's Syncing).
var snapSyncFields = []string{
	"syncedAccounts", "syncedAccountBytes", "syncedBytecodes", "syncedBytecodeBytes",
	"syncedStorage", "syncedStorageBytes", "healedTrienodes", "healedTrienodeBytes",
	"healedBytecodes", "healedBytecodeBytes", "healingTrienodes", "healingBytecode",
	"syncedAccessLists", "totalAccessLists", "trieGenProgress", "txIndexFinishedBlocks",
	"txIndexRemainingBlocks", "stateIndexRemaining", "trienodeIndexRemaining",
}

// netAPI replaces geth's net_peerCount, which counts devp2p peers (none).
type netAPI struct{ net Network }

// PeerCount is net_peerCount.
func (a netAPI) PeerCount() hexutil.Uint { return hexutil.Uint(a.net.PeerCount()) }
