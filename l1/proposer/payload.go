package proposer

import (
	"errors"
	"fmt"

	"github.com/cairn-rollup/cairn/rollup"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto/kzg4844"
)

// Payload is how a batch's data (rollup/batchdata's encoding, opaque here)
// travels to L1 with commitBatch: exactly one of Calldata (commitBatch's data
// argument) and Blobs (the sidecar of an EIP-4844 transaction, 1 to
// rollup.MaxBlobs blobs, whose data argument is then empty).
type Payload struct {
	Calldata []byte
	Blobs    *types.BlobTxSidecar
}

// Commitment is the data commitment OnChainProposer computes for the
// payload: rollup.CalldataCommitment or rollup.BlobCommitment of the
// sidecar's versioned hashes.
func (p Payload) Commitment() (common.Hash, error) {
	switch {
	case p.Blobs == nil && len(p.Calldata) == 0:
		return common.Hash{}, errors.New("the payload has no data")
	case p.Blobs != nil && len(p.Calldata) != 0:
		return common.Hash{}, errors.New("the payload has both calldata and blobs")
	case p.Blobs == nil:
		return rollup.CalldataCommitment(p.Calldata), nil
	}
	n := len(p.Blobs.Blobs)
	if n == 0 || n > rollup.MaxBlobs {
		return common.Hash{}, fmt.Errorf("the payload has %d blobs, not 1 to %d", n, rollup.MaxBlobs)
	}
	if len(p.Blobs.Commitments) != n {
		return common.Hash{}, fmt.Errorf("the payload has %d blobs and %d commitments", n, len(p.Blobs.Commitments))
	}
	return rollup.BlobCommitment(p.Blobs.BlobHashes()), nil
}

// NewBlobSidecar returns the sidecar of blobs as geth's pool takes it after
// Osaka (EIP-7594): version 1, a KZG commitment and the cell proofs
// (kzg4844.CellProofsPerBlob) of every blob.
func NewBlobSidecar(blobs []kzg4844.Blob) (*types.BlobTxSidecar, error) {
	commitments := make([]kzg4844.Commitment, len(blobs))
	var proofs []kzg4844.Proof
	for i := range blobs {
		c, err := kzg4844.BlobToCommitment(&blobs[i])
		if err != nil {
			return nil, fmt.Errorf("blob %d: commitment: %w", i, err)
		}
		ps, err := kzg4844.ComputeCellProofs(&blobs[i])
		if err != nil {
			return nil, fmt.Errorf("blob %d: cell proofs: %w", i, err)
		}
		commitments[i] = c
		proofs = append(proofs, ps...)
	}
	return types.NewBlobTxSidecar(types.BlobSidecarVersion1, blobs, commitments, proofs), nil
}
