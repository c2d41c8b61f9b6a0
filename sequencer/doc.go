// Package sequencer is the execution layer's side of consensus: Sequencer
// implements consensus.Engine over the embedded geth and the node store,
// and it is the only way blocks are made, whether the committee has one
// validator or many.
//
//   - ProposePayload (the leader): when block_time has passed since the
//     last final block, build on it with the txpool's transactions and the
//     next L1 deposits in the withdrawals list; the payload is the block's
//     RLP.
//   - VerifyPayload (every validator): the block obeys the validity rules
//     (below); then geth executes and imports it without making it the
//     head, and the witness is kept (Config.Witnesses: only the node that
//     proves keeps them). A proposal's transactions that the txpool
//     holds are replaced by the pool's objects, and the leader's own
//     proposal is the block it built: senders are recovered once per node.
//   - Finalize (consensus) and ImportFinal (block sync): the block, its
//     CommitQC and its witness are stored in one synced write; a block not
//     verified here is executed first; then geth's head moves and the
//     batcher seals what it can. Block sync hands blocks to Prefetch first,
//     which decodes them and recovers their senders in the background.
//
// The validity rules are pure functions in validate.go, listed in Rules in
// the order VerifyPayload applies them: size, encoding, no-blob-txs,
// number, parent, timestamp (after the parent's), clock-drift (at most
// max_clock_drift ahead), prevrandao (PrevRandao(number)), deposit-count,
// deposit-seen, deposit-order and deposit-match (the deposits are exactly
// the next ones this node read from L1, read now if the watcher has not
// seen them). VerifyPayload gathers their inputs (the last final block,
// the clock, the deposits from the store) and a refusal is a RuleError:
// RuleOf(err) names the rule. validate_test.go has a named case per rule
// and refusal.
//
// The store is the source of truth: on start, blocks the store has and geth
// lost in a crash are imported again, and geth's head is set to the store's
// last block.
package sequencer
