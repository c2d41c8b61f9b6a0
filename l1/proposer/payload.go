package proposer

import (
	"errors"
	"fmt"

	"github.com/cairn-rollup/cairn/rollup/batchdata"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
)

// Payload is how a batch's data (rollup/batchdata's encoding, opaque here)
// travels to L1 with commitBatch: exactly one of Calldata (commitBatch's data
// argument) and Blobs (the sidecar of an EIP-4844 transaction, 1 to
// batchdata.MaxBlobs blobs, whose data argument is then empty).
type Payload struct {
	Calldata []byte
	Blobs    *types.BlobTxSidecar
}

// Commitment is the data commitment OnChainProposer computes for the
// payload: batchdata.CalldataCommitment or batchdata.BlobCommitment of the
// sidecar's versioned hashes.
func (p Payload) Commitment() (common.Hash, error) {
	switch {
	case p.Blobs == nil && len(p.Calldata) == 0:
		return common.Hash{}, errors.New("the payload has no data")
	case p.Blobs != nil && len(p.Calldata) != 0:
		return common.Hash{}, errors.New("the payload has both calldata and blobs")
	case p.Blobs == nil:
		return batchdata.CalldataCommitment(p.Calldata), nil
	}
	n := len(p.Blobs.Blobs)
	if n == 0 || n > batchdata.MaxBlobs {
		return common.Hash{}, fmt.Errorf("the payload has %d blobs, not 1 to %d", n, batchdata.MaxBlobs)
	}
	if len(p.Blobs.Commitments) != n {
		return common.Hash{}, fmt.Errorf("the payload has %d blobs and %d commitments", n, len(p.Blobs.Commitments))
	}
	return batchdata.BlobCommitment(p.Blobs.BlobHashes()), nil
}
