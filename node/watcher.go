package node

import (
	"github.com/cairn-rollup/cairn/l1/watcher"
)

// The L1 watcher, on every node: it follows the bridge on L1 and stores
// its deposits, which the sequencer takes into blocks.

type l1Watcher struct {
	deposits *watcher.Watcher
	svc      *services
}

// startWatcher runs the L1 watcher.
func (n *Node) startWatcher() *l1Watcher {
	wc := n.cfg.Watcher
	w := watcher.New(watcher.Config{Bridge: n.genesis.Contracts.Bridge, StartBlock: n.genesis.Contracts.BridgeDeployBlock,
		CheckInterval: wc.CheckInterval.Duration, MaxBlockStep: wc.MaxBlockStep,
		BlockTag: wc.BlockTag, Confirmations: wc.Confirmations}, n.l1, n.store, n.log.With("service", "watcher")).ReportOutagesTo(n.l1Outages)
	svc := n.newServices()
	svc.run("watcher", w.Run)
	return &l1Watcher{deposits: w, svc: svc}
}

func (w *l1Watcher) stop() {
	if w != nil {
		w.svc.stop()
	}
}
