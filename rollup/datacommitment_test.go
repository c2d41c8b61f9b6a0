package rollup

import (
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/stretchr/testify/require"
)

// The commitments spelled out byte by byte (the contract tests check the
// same functions against OnChainProposer).
func TestDataCommitmentsAreTheDocumentedHashes(t *testing.T) {
	data := []byte("batch data")
	var zero [32]byte
	require.Equal(t, crypto.Keccak256Hash(zero[:], crypto.Keccak256(data)), CalldataCommitment(data))

	one := common.BigToHash(common.Big1)
	a, b := common.HexToHash("0x01aa"), common.HexToHash("0x01bb")
	require.Equal(t, crypto.Keccak256Hash(one[:], a[:]), BlobCommitment([]common.Hash{a}))
	require.Equal(t, crypto.Keccak256Hash(one[:], a[:], b[:]), BlobCommitment([]common.Hash{a, b}))
	require.NotEqual(t, BlobCommitment([]common.Hash{a, b}), BlobCommitment([]common.Hash{b, a}), "the order is committed")
	require.NotEqual(t, CalldataCommitment(nil), BlobCommitment(nil), "the kinds are told apart")
}
