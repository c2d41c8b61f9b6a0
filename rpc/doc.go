// Package rpc is the cairn_* JSON-RPC namespace, served on the same HTTP
// server as geth's own namespaces: batches, withdrawal proofs, proof status
// and deposits (cairn_getDeposit, cairn_getDepositsByBlock,
// cairn_getDepositsByL1Tx: a deposit is minted as an Engine API withdrawal
// of its L2 block, with no transaction, receipt or log, so these are how a
// wallet or an indexer sees it). Numbers are hex quantities, as in the eth namespace, both in
// answers and in arguments (cairn_getBatch("0x2"), not 2).
//
// cairn_getWithdrawalProof gives, per withdrawal, the arguments of
// Bridge.claimWithdrawal(uint64, uint256, address, address, uint256,
// bytes32[]) and claimCalldata, that call ABI-encoded: a client sends it to
// the Bridge as the transaction's data once the batch is verified on L1.
package rpc
