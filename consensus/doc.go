// Package consensus is Cairn's BFT consensus: ChonkyBFT (the protocol of the
// ZKsync consensus layer, version 2) re-implemented in Go.
//
// A committee of weighted BLS validators finalizes one block per view. The
// leader of a view proposes a payload with a justification (the CommitQC or
// TimeoutQC of the previous view); replicas vote with a ReplicaCommit, and a
// quorum of commits forms a CommitQC that finalizes the block. Views that do
// not finish in time end with ReplicaTimeout votes and a TimeoutQC, from which
// the next leader re-proposes any block that may have been finalized.
//
// The package is a library: the execution layer implements Engine, the
// network implements Transport, and a Replica owns its state in a single
// goroutine (Run) or is stepped synchronously (HandleMessage, Tick) by a
// deterministic test harness (package consensus/harness). The replica state
// is persisted through Engine.SetReplicaState before every vote leaves the
// node, so a replica never equivocates across restarts.
//
// Messages are encoded with a strict, versioned RLP (internal/rlp) and signed
// over keccak256(domainTag ‖ encoding), with one domain tag per message kind.
// The decoders (DecodeSigned, DecodeCommitQC, DecodeTimeoutQC,
// DecodeFinalBlock, DecodeReplicaState) allocate at most a small multiple of
// their input: the RLP is checked without building a tree, and every list is
// held to the count its schema allows before anything is allocated for it.
// consensus imports neither go-ethereum, libp2p nor pebble; a test enforces it.
//
// Verification cost is kept to two pairing checks per block and validator
// (the leader's proposal, and the quorum of commit votes): commit votes and
// timeouts are aggregated unverified and checked with one aggregate
// verification when they reach a quorum (forged ones are then found one by
// one and dropped); a justification for the replica's own high QC message is
// not verified twice; a VerifyCache remembers verified signatures and QCs
// (keyed by signer, signature and message, or by the whole encoded QC) and
// the replica's own signed messages; the committee keeps the aggregate public
// key of each signer bitmap it has seen.
//
// Tests: go test ./consensus/... runs the unit tests of every rule and 300
// seeded twins scenarios (docs/testing.md); -tags twins_long runs 3000 with
// fresh seeds, and -twins.seed=N replays one. The benchmark table is printed by
// go test ./consensus/harness -run TestBenchTable -bench.table -v, and
// harness.Bench is the function behind `cairn bench consensus`.
//
// reference_test.go compares the package with era-consensus (its bft
// component and its protocol spec) rule by rule: where each rule lives in
// both, where they differ and why that is safe, and the test that pins it.
package consensus
