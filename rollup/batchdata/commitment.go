package batchdata

import (
	"fmt"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
)

// Mode is how a batch's data reaches L1. Its number is the tag that
// starts the data commitment's preimage.
type Mode uint8

// The modes.
const (
	Calldata Mode = 0 // in the commit transaction's calldata
	Blobs    Mode = 1 // in EIP-4844 blobs of the commit transaction
)

// String is the mode's name: "calldata" or "blobs".
func (m Mode) String() string {
	switch m {
	case Calldata:
		return "calldata"
	case Blobs:
		return "blobs"
	}
	return fmt.Sprintf("Mode(%d)", uint8(m))
}

// ParseMode reads "calldata" or "blobs", and refuses anything else.
func ParseMode(s string) (Mode, error) {
	switch s {
	case "calldata":
		return Calldata, nil
	case "blobs":
		return Blobs, nil
	}
	return 0, fmt.Errorf("data availability mode %q: want \"blobs\" or \"calldata\"", s)
}

// MarshalText is the mode's name, for configuration files.
func (m Mode) MarshalText() ([]byte, error) {
	if m != Calldata && m != Blobs {
		return nil, fmt.Errorf("unknown data availability mode %d", uint8(m))
	}
	return []byte(m.String()), nil
}

// UnmarshalText is ParseMode, for configuration files.
func (m *Mode) UnmarshalText(b []byte) error {
	v, err := ParseMode(string(b))
	if err != nil {
		return err
	}
	*m = v
	return nil
}

// CalldataCommitment is the data commitment of data published as calldata:
// keccak256(abi.encode(uint256(0), keccak256(data))).
func CalldataCommitment(data []byte) common.Hash {
	var pre [64]byte
	pre[31] = byte(Calldata)
	copy(pre[32:], crypto.Keccak256(data))
	return crypto.Keccak256Hash(pre[:])
}

// BlobCommitment is the data commitment of data published in blobs with
// the given versioned hashes, in order:
// keccak256(abi.encodePacked(uint256(1), h_0, …, h_{k-1})).
func BlobCommitment(versionedHashes []common.Hash) common.Hash {
	pre := make([]byte, 32, 32*(1+len(versionedHashes)))
	pre[31] = byte(Blobs)
	for _, h := range versionedHashes {
		pre = append(pre, h[:]...)
	}
	return crypto.Keccak256Hash(pre)
}

// Commitment is the data commitment of data (an Encode output) published
// in mode: in blobs, those of ToBlobs(data).
func Commitment(mode Mode, data []byte) (common.Hash, error) {
	switch mode {
	case Calldata:
		return CalldataCommitment(data), nil
	case Blobs:
		blobs, err := ToBlobs(data)
		if err != nil {
			return common.Hash{}, fmt.Errorf("data commitment: %w", err)
		}
		hs, err := VersionedHashes(blobs)
		if err != nil {
			return common.Hash{}, fmt.Errorf("data commitment: %w", err)
		}
		return BlobCommitment(hs), nil
	}
	return common.Hash{}, fmt.Errorf("data commitment: unknown mode %s", mode)
}
