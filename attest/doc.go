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
// The network part (gossip, asking peers for missing votes) lives in p2p
// and uses only Pool.Add, Pool.VotesFor and Vote.Encode/DecodeVote.
package attest
