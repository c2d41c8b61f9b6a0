// Package rollup holds the data of a Cairn rollup that L1 and every node must
// agree on byte for byte: batches and their hashes, the deposits rolling
// hash, withdrawal leaves and their Merkle tree, the prover input, and the
// deterministic rule that seals finalized blocks into batches.
//
// Every hash here has a twin in the L1 contracts (contracts/); the tests in
// contracts/ and l1/ check that both sides compute the same values.
package rollup
