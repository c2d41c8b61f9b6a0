package rollup

import (
	"bytes"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
)

// The Merkle tree hashes each pair sorted (smaller first), which is what
// OpenZeppelin's MerkleProof.verify expects, so a proof needs no left/right
// flags. An odd node at the end of a level is carried up unchanged.

// MerkleRoot returns the root over leaves; zero for no leaves.
func MerkleRoot(leaves []common.Hash) common.Hash {
	if len(leaves) == 0 {
		return common.Hash{}
	}
	level := append([]common.Hash(nil), leaves...)
	for len(level) > 1 {
		level = nextLevel(level)
	}
	return level[0]
}

// MerkleProof returns the sibling path of leaves[index], or nil if index is
// out of range.
func MerkleProof(leaves []common.Hash, index int) []common.Hash {
	if index < 0 || index >= len(leaves) {
		return nil
	}
	proof := []common.Hash{}
	level := append([]common.Hash(nil), leaves...)
	for len(level) > 1 {
		sibling := index ^ 1
		if sibling < len(level) {
			proof = append(proof, level[sibling])
		}
		level = nextLevel(level)
		index /= 2
	}
	return proof
}

// VerifyMerkleProof folds proof into leaf and compares with root, as
// MerkleProof.verify does on L1.
func VerifyMerkleProof(root, leaf common.Hash, proof []common.Hash) bool {
	h := leaf
	for _, p := range proof {
		h = hashPair(h, p)
	}
	return h == root
}

func nextLevel(level []common.Hash) []common.Hash {
	next := make([]common.Hash, 0, (len(level)+1)/2)
	for i := 0; i < len(level); i += 2 {
		if i+1 == len(level) {
			next = append(next, level[i])
			continue
		}
		next = append(next, hashPair(level[i], level[i+1]))
	}
	return next
}

func hashPair(a, b common.Hash) common.Hash {
	if bytes.Compare(a[:], b[:]) > 0 {
		a, b = b, a
	}
	return crypto.Keccak256Hash(a[:], b[:])
}
