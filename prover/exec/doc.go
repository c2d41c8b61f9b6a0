// Package exec is Cairn's exec proving backend: the batch guest program run
// natively, with an ECDSA signature as its proof.
//
// Execute re-executes every block of a rollup.ProverInput statelessly from its
// execution witness (geth core/stateless, the same processing as
// core.ExecuteStateless) and checks the result against the batch header:
// block chain and numbers (the first block's parent is the previous batch's
// last block, Batch.PrevLastBlockHash; blocks FirstBlock..LastBlock, each the
// child of the one before), pre-state root, header rules, body roots, state
// and receipt roots, deposits rolling hash (from the blocks' withdrawals
// lists) and withdrawals root (from the L2Bridge logs of the re-execution).
// Any difference is an error naming the field with the expected and
// computed values (*MismatchError for value mismatches).
//
// Prove signs the batch's public inputs hash with the prover key: the
// 65-byte r ‖ s ‖ v (v = 27/28, low s) signature of the EIP-712 typed data
// ExecProof(bytes32 publicInputsHash) in the domain {name "Cairn
// ExecVerifier", version "1", chainId: the L1 chain id, verifyingContract:
// the ExecVerifier address} (Domain), which the ExecVerifier contract checks
// against its allow-list. A proof is valid for one L1 and one verifier only.
// Recover and Verify are the off-chain side of that check (the prover
// coordinator uses them).
//
// Backend adapts Prove to the prover client: encoded input in, proof out;
// WithChainConfig pins the chain configuration it accepts (the input carries
// its own, which Execute otherwise only checks for the chain id).
//
// The trust model is a TEE prover's without the enclave: L1 trusts the
// allow-listed keys to have run Execute.
package exec
