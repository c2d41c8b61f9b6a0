// Package sequencer produces the L2 chain of a single sequencer: every
// block_time it builds a block on the last finalized one through the
// embedded geth's Engine API, puts the next L1 deposits into the block's
// withdrawals list, imports the block (which yields its execution
// witness), stores block and witness, and only then makes it geth's head.
//
// The store is the source of truth: on start, blocks the store has and geth
// lost in a crash are imported again, and geth's head is set to the store's
// last block. The batcher is fed each block after it is stored.
//
// When the consensus layer arrives, block building moves behind its Engine
// interface (ProposePayload / VerifyPayload / Finalize); the steps here are
// the same, split between leader and replicas.
package sequencer
