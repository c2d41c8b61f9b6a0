// Package rpc is the cairn_* JSON-RPC namespace, served on the same HTTP
// server as geth's own namespaces: batches, withdrawal proofs, proof status
// and deposits. Numbers are hex quantities, as in the eth namespace, both in
// answers and in arguments (cairn_getBatch("0x2"), not 2).
//
// cairn_getWithdrawalProof gives, per withdrawal, the arguments of
// Bridge.claimWithdrawal(uint64, uint256, address, address, uint256,
// bytes32[]) and claimCalldata, that call ABI-encoded: a client sends it to
// the Bridge as the transaction's data once the batch is verified on L1.
package rpc
