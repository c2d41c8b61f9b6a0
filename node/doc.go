// Package node assembles a Cairn node from its configuration, genesis and
// keys. New opens what the roles share: the Pebble store, the embedded
// geth, the L1 client (with the operator's transaction manager), the vote
// pool and the cairn_* JSON-RPC namespace. Start then starts the roles in
// the order the data flows through them, each by a start function in the
// role's file that returns what it started:
//
//   - geth, with its JSON-RPC server (startGeth in sequencer.go);
//   - watcher.go, every node: the L1 watcher, which stores the deposits
//     the sequencer takes into blocks;
//   - batcher.go, every node: the batcher, which the sequencer feeds and
//     which seals batches;
//   - sequencer.go, every node: the sequencer, the execution side of
//     consensus, which first recovers the chain from the store;
//   - network.go, every node: the libp2p host with transaction gossip
//     (txgossip.go), then block sync, which feeds the sequencer the final
//     blocks of peers;
//   - validator.go, with a validator key: the ChonkyBFT replica, which
//     drives the sequencer;
//   - operator.go, with the L1 operator key: the committer and the proof
//     sender;
//   - attester.go, every node: the vote pool's topic and vote exchange
//     (votesync.go asks peers for the votes a node lacks, and in turn while
//     the committer waits), and with an attester key the attester;
//   - prover.go, with the L1 operator key: the proof market's submitter
//     and inputs server, and the prover coordinator;
//   - blocktags.go, every node: geth's safe and finalized blocks, from L1;
//   - metrics.go, with metrics.listen_addr: /metrics, and the status page
//     (package statuspage) at / and /status.json, which statuspage.go
//     reads from the node.
//
// Node holds the roles' values and what spans them, nothing of one role
// alone. Start wraps a role's failure with its name ("start network:
// ..."), but for a listener that cannot take its address: that fails Start
// with a *ListenError naming the configuration key that moves it. Close
// stops the roles in reverse order, each ending its goroutines
// (services.go) before the next stops, then closes geth, L1 and the store.
package node
