package rollup

import (
	"bytes"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
)

// The Merkle tree hashes each pair sorted (smaller first), which is what
// OpenZeppelin's MerkleProof.verify expects, so a proof needs no left/right
// flags. An odd node at the end of a level is carried up unchanged.

// MerkleTree holds every level of a tree, so that each proof costs
// O(log n) after the O(n) build. It is not changed after NewMerkleTree and
// is safe for concurrent use.
type MerkleTree struct {
	levels [][]common.Hash // levels[0] the leaves, the last the root alone
}

// NewMerkleTree builds the tree over leaves.
func NewMerkleTree(leaves []common.Hash) *MerkleTree {
	level := append([]common.Hash(nil), leaves...)
	t := &MerkleTree{levels: [][]common.Hash{level}}
	for len(level) > 1 {
		level = nextLevel(level)
		t.levels = append(t.levels, level)
	}
	return t
}

// Root is the tree's root; zero for no leaves.
func (t *MerkleTree) Root() common.Hash {
	if top := t.levels[len(t.levels)-1]; len(top) == 1 {
		return top[0]
	}
	return common.Hash{}
}

// Proof returns the sibling path of leaf index, or nil if index is out of
// range.
func (t *MerkleTree) Proof(index int) []common.Hash {
	if index < 0 || index >= len(t.levels[0]) {
		return nil
	}
	proof := []common.Hash{}
	for _, level := range t.levels[:len(t.levels)-1] {
		if sibling := index ^ 1; sibling < len(level) {
			proof = append(proof, level[sibling])
		}
		index /= 2
	}
	return proof
}

// MerkleRoot returns the root over leaves; zero for no leaves.
func MerkleRoot(leaves []common.Hash) common.Hash { return NewMerkleTree(leaves).Root() }

// MerkleProof returns the sibling path of leaves[index], or nil if index is
// out of range. It builds the whole tree: use a MerkleTree for more than one
// proof.
func MerkleProof(leaves []common.Hash, index int) []common.Hash {
	return NewMerkleTree(leaves).Proof(index)
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
