package batchdata

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto/kzg4844"
)

// Blob packing: the stream uint32_be(len(data)) ‖ data is cut into 31-byte
// pieces, each the low 31 bytes of one 32-byte field element whose top
// byte is zero (so every element is below the BLS12-381 modulus), 4096
// elements a blob, the rest of the last blob zero.
const (
	// MaxBlobs is the most blobs one batch's data takes.
	MaxBlobs = 6
	// BlobDataSize is how many stream bytes one blob carries.
	BlobDataSize = fieldElements * elementData
	// MaxBlobData is the longest data ToBlobs packs.
	MaxBlobData = MaxBlobs*BlobDataSize - lengthPrefix

	fieldElements = 4096
	elementData   = 31
	lengthPrefix  = 4
)

// BlobsFor is how many blobs ToBlobs packs n bytes into.
func BlobsFor(n int) int { return (n + lengthPrefix + BlobDataSize - 1) / BlobDataSize }

// ToBlobs packs data into the fewest blobs, at most MaxBlobs.
func ToBlobs(data []byte) ([]kzg4844.Blob, error) {
	if len(data) > MaxBlobData {
		return nil, fmt.Errorf("pack blobs: %w: %d bytes need %d blobs, at most %d (%d bytes)",
			ErrTooLarge, len(data), BlobsFor(len(data)), MaxBlobs, MaxBlobData)
	}
	stream := binary.BigEndian.AppendUint32(make([]byte, 0, lengthPrefix+len(data)), uint32(len(data)))
	stream = append(stream, data...)
	blobs := make([]kzg4844.Blob, BlobsFor(len(data)))
	for i := 0; len(stream) > 0; i++ {
		b, e := &blobs[i/fieldElements], i%fieldElements
		stream = stream[copy(b[e*32+1:e*32+32], stream):]
	}
	return blobs, nil
}

// FromBlobs is the strict inverse of ToBlobs: it refuses blobs ToBlobs
// would not have made (a field element's top byte set, a length over what
// the blobs hold, a blob more than the data needs, a non-zero byte after
// the data).
func FromBlobs(blobs []kzg4844.Blob) ([]byte, error) {
	if len(blobs) == 0 || len(blobs) > MaxBlobs {
		return nil, fmt.Errorf("unpack blobs: %w: %d blobs, want 1 to %d", ErrMalformed, len(blobs), MaxBlobs)
	}
	stream := make([]byte, 0, len(blobs)*BlobDataSize)
	for i := range blobs {
		for e := 0; e < fieldElements; e++ {
			el := blobs[i][e*32 : e*32+32]
			if el[0] != 0 {
				return nil, fmt.Errorf("unpack blobs: %w: blob %d element %d has top byte 0x%02x", ErrMalformed, i, e, el[0])
			}
			stream = append(stream, el[1:]...)
		}
	}
	n := int(binary.BigEndian.Uint32(stream))
	if n > len(stream)-lengthPrefix || BlobsFor(n) != len(blobs) {
		return nil, fmt.Errorf("unpack blobs: %w: length %d in %d blobs (it needs %d)", ErrMalformed, n, len(blobs), BlobsFor(n))
	}
	data, pad := stream[lengthPrefix:lengthPrefix+n], stream[lengthPrefix+n:]
	for i, b := range pad {
		if b != 0 {
			return nil, fmt.Errorf("unpack blobs: %w: padding byte %d after the data is 0x%02x", ErrMalformed, i, b)
		}
	}
	return data, nil
}

// VersionedHashes are the blobs' EIP-4844 versioned hashes (KZG
// commitment, version 0x01), as L1's BLOBHASH returns them.
func VersionedHashes(blobs []kzg4844.Blob) ([]common.Hash, error) {
	out := make([]common.Hash, len(blobs))
	h := sha256.New()
	for i := range blobs {
		c, err := kzg4844.BlobToCommitment(&blobs[i])
		if err != nil {
			return nil, fmt.Errorf("blob %d: KZG commitment: %w", i, err)
		}
		out[i] = kzg4844.CalcBlobHashV1(h, &c)
	}
	return out, nil
}
