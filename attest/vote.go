package attest

import (
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/ethereum/go-ethereum/common"
)

// voteVersion is the first byte of an encoded vote; a new layout gets a new version.
const voteVersion = 1

// VoteSize is the size of an encoded vote: version, batch number, batch
// hash, signer address and signature, all fixed size.
const VoteSize = 1 + 8 + common.HashLength + common.AddressLength + SignatureSize

// ErrMalformedVote is returned by DecodeVote for bytes that are not a vote.
var ErrMalformedVote = errors.New("malformed vote")

// Vote is one attester's signature over one batch: what goes on the
// attestation gossip topic. Signer is the address the signature must
// recover to; it is carried so that a vote for another hash can still be
// attributed and kept as evidence.
type Vote struct {
	BatchNumber uint64
	BatchHash   common.Hash
	Signer      common.Address
	Signature   [SignatureSize]byte
}

// Encode returns the VoteSize-byte wire form.
func (v *Vote) Encode() []byte {
	out := make([]byte, 0, VoteSize)
	out = append(out, voteVersion)
	out = binary.BigEndian.AppendUint64(out, v.BatchNumber)
	out = append(out, v.BatchHash[:]...)
	out = append(out, v.Signer[:]...)
	return append(out, v.Signature[:]...)
}

// DecodeVote parses the wire form. Anything but exactly VoteSize bytes of
// the known version is refused; the signature is not checked here.
func DecodeVote(b []byte) (Vote, error) {
	if len(b) != VoteSize {
		return Vote{}, fmt.Errorf("%w: %d bytes, want %d", ErrMalformedVote, len(b), VoteSize)
	}
	if b[0] != voteVersion {
		return Vote{}, fmt.Errorf("%w: version %d, want %d", ErrMalformedVote, b[0], voteVersion)
	}
	var v Vote
	v.BatchNumber = binary.BigEndian.Uint64(b[1:9])
	b = b[9:]
	copy(v.BatchHash[:], b[:common.HashLength])
	b = b[common.HashLength:]
	copy(v.Signer[:], b[:common.AddressLength])
	copy(v.Signature[:], b[common.AddressLength:])
	return v, nil
}

// Verify checks that the signature recovers to v.Signer in domain d.
func (v *Vote) Verify(d Domain) error {
	got, err := d.Recover(v.BatchNumber, v.BatchHash, v.Signature[:])
	if err != nil {
		return fmt.Errorf("vote of %s for batch %d: %w", v.Signer, v.BatchNumber, err)
	}
	if got != v.Signer {
		return fmt.Errorf("vote of %s for batch %d: %w: recovers to %s", v.Signer, v.BatchNumber, ErrBadSignature, got)
	}
	return nil
}
