// Package sequencer is the execution layer's side of consensus: Sequencer
// implements consensus.Engine over the embedded geth and the node store,
// and it is the only way blocks are made, whether the committee has one
// validator or many.
//
//   - ProposePayload (the leader): when block_time has passed since the
//     last final block, build on it with the txpool's transactions and the
//     next L1 deposits in the withdrawals list; the payload is the block's
//     RLP.
//   - VerifyPayload (every validator): the block builds on the last final
//     block, its timestamp is after the parent's and at most max_clock_drift
//     ahead, prevRandao is the documented value, the deposits are exactly
//     the next ones this node read from L1 (read now if the watcher has not
//     seen them), no blob transactions; then geth imports it without making
//     it the head, and the witness is kept (Config.Witnesses: only the node
//     that proves keeps them). A proposal's transactions that the txpool
//     holds are replaced by the pool's objects, and the leader's own
//     proposal is the block it built: senders are recovered once per node.
//   - Finalize (consensus) and ImportFinal (block sync): the block, its
//     CommitQC and its witness are stored in one synced write; a block not
//     verified here is executed first; then geth's head moves and the
//     batcher seals what it can. Block sync hands blocks to Prefetch first,
//     which decodes them and recovers their senders in the background.
//
// The store is the source of truth: on start, blocks the store has and geth
// lost in a crash are imported again, and geth's head is set to the store's
// last block.
package sequencer
