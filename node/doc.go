// Package node assembles a Cairn node from its configuration, genesis and
// keys. The keys decide the roles, one file each:
//
//   - network.go, every node: the Pebble store, the embedded geth, the L1
//     watcher, the sequencer (the execution side of consensus) and batcher,
//     the libp2p host with transaction gossip, block announcements and
//     sync, and the cairn_* JSON-RPC namespace;
//   - validator.go, with a validator key: the ChonkyBFT replica;
//   - attester.go: the vote pool on every node, and the attester with an
//     attester key; votesync.go: the votes a node lacks asked of its peers
//     (when one connects, and in turn while the committer waits);
//   - operator.go, with the L1 operator key: committer, proof sender, proof
//     market submitter and prover coordinator.
//
// Services start in dependency order and stop in reverse; no goroutine
// outlives Close. A listener that cannot take its address fails Start
// with a *ListenError naming the configuration key that moves it.
package node
