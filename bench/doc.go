// Package bench holds the benchmark workloads behind `cairn bench`. A
// workload runs real components (a devnet in-process, a bare geth as the
// reference) and returns figures; the CLI prints them as a table.
//
// The load generator (Load, RunLoad) measures the chain rather than
// itself: accounts are funded and transactions signed before the timed
// part, sent in JSON-RPC batches with a bound in flight per sender, and
// inclusion is read from the blocks. `cairn bench load` runs it as its own
// process against any endpoint; `cairn bench throughput` runs that process
// against a Cairn devnet and a bare geth in turn. With a rate (pace) it
// offers a fixed number of transactions per second instead of sending
// whenever a sender has room.
//
// The CPU split (cpusplit.go) profiles the devnet's process over the timed
// window and charges every sample to a stage of the node's work by the
// functions on its stack; the devnets of throughput and network run
// without a prover, whose re-execution of every batch is not a node's cost.
//
// The attest workload (attest.go) runs the attestation path of several
// nodes in one process: p2p hosts on loopback, each with its own vote pool
// and Pebble store, the attester keys spread over them, votes on the
// node's attestation topic; the committee is fixed in the process, not
// read from L1. It times each host from a batch sealed to its certificate
// stored.
//
// The da workload (da.go) runs no chain: it signs one batch of transfers
// per transaction mix as a wallet would and measures the bytes Cairn
// publishes for it (rollup/batchdata) against plain RLP and RLP+zstd, and
// their cost on L1 in blobs and calldata.
//
// The soak workload (soak.go) runs a one-validator chain and a full node
// following it under a paced rate of transfers for minutes, and reads each
// node's disk by what grows: geth's store by key category
// (execution.InspectDisk) as the window opens and once the load is in,
// Cairn's store and the data directory by du, with cheap samples (du, flat
// state, memory) in between; soakreport.go turns the two readings into
// bytes per transfer.
//
// Timings on shared machines are noisy: run several times and compare the
// ratio against the reference measured in the same run.
package bench
