// Package attest is the attester committee's node side: the EIP-712 batch
// attestation signer, the Vote that travels on the attestation gossip
// topic, the vote Pool that counts votes against the committee L1 names for
// each batch and assembles certificates at quorum weight, and the Attester
// that signs each batch this node's own execution sealed.
//
// Attestation is never critical: a pool that cannot read L1 or finds no
// committee stops producing certificates and reports why, and nothing it
// does returns an error that would stop block production, sync or RPC.
//
// Votes of batches L1 has committed are not needed: the pool starts from
// L1's last committed batch + 1 (the floor it stored, when L1 is down) and
// drops such votes before any check.
//
// The network part (gossip, the vote exchange that asks peers for missing
// votes) lives in p2p and node, and uses only Pool.Add, Pool.Wanted,
// Pool.EncodedVotes, Pool.VotesFor and Vote.Encode/DecodeVote.
package attest
