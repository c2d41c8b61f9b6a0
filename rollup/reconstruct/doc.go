// Package reconstruct rebuilds a Cairn L2 chain from L1 alone: the genesis
// file, an L1 JSON-RPC endpoint and beacon API endpoints for blobs
// (`cairn reconstruct`).
//
// Walker reads batches 1..lastCommittedBatch from the OnChainProposer:
// for each, the BatchCommitted log whose batch hash is the one L1 stores
// now (a batch reverted and committed again is read from its last
// commit), the commit transaction's commitBatch header and data (from
// calldata, or from its blobs through l1/blobsource), and checks that the
// header hashes to the stored hash and the data has the header's data
// commitment before decoding it (rollup/batchdata). Logs are read in
// bounded ranges (DefaultLogStep blocks) from the genesis file's
// bridgeDeployBlock.
//
// Run rebuilds each block with execution.Geth.RebuildBlock from its
// published fields, prevRandao = sequencer.PrevRandao(number) and the
// next Bridge deposits (Deposits, read from the Bridge's DepositInitiated
// logs as the node's watcher reads them), stores it as a final block of
// the node's store (without a CommitQC), and lets the node's own batcher
// seal the batches: each sealed batch must equal L1's header field for
// field (state root, last block hash, deposits, withdrawals root, data
// commitment), else Run stops with one line naming the batch and its last
// block. The block hashes chain, so the last block hash of each batch
// checks every block before it.
//
// Every block is stored with one synced write, and geth's head moves
// (synced) at each batch's end: a run killed at any point resumes from the
// store (sequencer.Recover re-imports what geth lost) and ends with the
// same result. Blocks up to the last checked batch are marked L1-derived
// (store.SetL1Derived): a node started on the directory does not serve or
// announce them over block sync (they carry no CommitQC) and follows the
// network from the next block.
package reconstruct
