package rollup

import (
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
)

// MaxBlobs is the most blobs a commitBatch transaction may carry
// (OnChainProposer.MAX_BLOBS, EIP-7594's per-transaction limit).
const MaxBlobs = 6

// CalldataCommitment is the data commitment of a batch whose data travels in
// commitBatch's calldata: keccak256(abi.encode(uint256(0), keccak256(data))),
// as OnChainProposer computes it (docs/protocols/batch-data.md).
func CalldataCommitment(data []byte) common.Hash {
	return keccakWords(uintWord(0), crypto.Keccak256Hash(data))
}

// BlobCommitment is the data commitment of a batch whose data travels in the
// blobs of the commitBatch transaction, given their versioned hashes in the
// transaction's order: keccak256(abi.encodePacked(uint256(1), blobhash(0),
// ..., blobhash(k-1))), as OnChainProposer computes it.
func BlobCommitment(versionedHashes []common.Hash) common.Hash {
	return keccakWords(append([]common.Hash{uintWord(1)}, versionedHashes...)...)
}
