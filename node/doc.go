// Package node assembles a Cairn node from its configuration and genesis:
// the Pebble store, the embedded geth, the L1 watcher, the sequencer and
// batcher, the committer and proof sender (with an operator key), the
// prover coordinator, and the cairn_* JSON-RPC namespace. It starts them in
// dependency order and stops them in reverse; no goroutine outlives Close.
package node
