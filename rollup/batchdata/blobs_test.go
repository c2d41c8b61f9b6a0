package batchdata

import (
	"bytes"
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/crypto/kzg4844"
	"github.com/stretchr/testify/require"
)

func TestBlobsRoundTrip(t *testing.T) {
	for _, n := range []int{0, 1, 26, 27, 31, BlobDataSize - lengthPrefix, BlobDataSize - lengthPrefix + 1, 300_000, MaxBlobData} {
		data := make([]byte, n)
		for i := range data {
			data[i] = byte(i*7 + 1)
		}
		blobs, err := ToBlobs(data)
		require.NoError(t, err, "%d bytes", n)
		require.Len(t, blobs, BlobsFor(n), "%d bytes", n)
		got, err := FromBlobs(blobs)
		require.NoError(t, err, "%d bytes", n)
		require.True(t, bytes.Equal(data, got), "%d bytes", n)
	}
	require.Equal(t, 1, BlobsFor(BlobDataSize-lengthPrefix))
	require.Equal(t, 2, BlobsFor(BlobDataSize-lengthPrefix+1))
	require.Equal(t, MaxBlobs, BlobsFor(MaxBlobData))
}

func TestToBlobsRefusesMoreThanMaxBlobs(t *testing.T) {
	_, err := ToBlobs(make([]byte, MaxBlobData+1))
	require.ErrorIs(t, err, ErrTooLarge)
	require.ErrorContains(t, err, "need 7 blobs, at most 6")
}

func TestFromBlobsRefusesNonCanonical(t *testing.T) {
	blobs, err := ToBlobs([]byte("cairn"))
	require.NoError(t, err)
	edit := func(f func(b []kzg4844.Blob) []kzg4844.Blob) []kzg4844.Blob {
		cp := append([]kzg4844.Blob{}, blobs...)
		return f(cp)
	}
	for name, tc := range map[string]struct {
		blobs []kzg4844.Blob
		want  string
	}{
		"none":        {nil, "0 blobs, want 1 to 6"},
		"seven":       {make([]kzg4844.Blob, 7), "7 blobs"},
		"top byte":    {edit(func(b []kzg4844.Blob) []kzg4844.Blob { b[0][32*9] = 1; return b }), "element 9 has top byte 0x01"},
		"padding":     {edit(func(b []kzg4844.Blob) []kzg4844.Blob { b[0][100] = 1; return b }), "padding byte"},
		"extra blob":  {edit(func(b []kzg4844.Blob) []kzg4844.Blob { return append(b, kzg4844.Blob{}) }), "length 5 in 2 blobs (it needs 1)"},
		"long length": {edit(func(b []kzg4844.Blob) []kzg4844.Blob { b[0][1] = 0xff; return b }), "in 1 blobs"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := FromBlobs(tc.blobs)
			require.ErrorIs(t, err, ErrMalformed)
			require.ErrorContains(t, err, tc.want)
		})
	}
}

// emptyBlobHash is the versioned hash of the all-zero blob (its KZG
// commitment is the point at infinity), as every EIP-4844 client knows it.
var emptyBlobHash = common.HexToHash("0x010657f37554c781402a22917dee2f75def7ab966d7b770905398eba3c444014")

func TestVersionedHashes(t *testing.T) {
	blobs, err := ToBlobs(nil) // a zero length prefix: the all-zero blob
	require.NoError(t, err)
	hs, err := VersionedHashes(blobs)
	require.NoError(t, err)
	require.Equal(t, []common.Hash{emptyBlobHash}, hs)
}

func TestCommitmentVectors(t *testing.T) {
	data := []byte("cairn batch data")
	require.Equal(t, "0x88d4843af302c2093286898cd34cba7a471c3cdce4c78514fc971c3c6a53891e", CalldataCommitment(nil).Hex())
	require.Equal(t, "0xb1223984b053f2e08f2d6238deb99c16835aa96dcf60078d59629f9062b6181e", CalldataCommitment(data).Hex())
	require.Equal(t, "0x5e77e2f89d600f07a7ac56497eb8050561e795585a6d17256bafb910b16214f7", BlobCommitment([]common.Hash{emptyBlobHash}).Hex())
	require.Equal(t, "0x5fa27c0b6dae8a164403aa53ac1556d0e9796af1f278da8b5f5e97d2dcf5bfbd", BlobCommitment([]common.Hash{emptyBlobHash, {1}}).Hex())

	// The same as Solidity's abi.encode / abi.encodePacked build them.
	u256, _ := abi.NewType("uint256", "", nil)
	b32, _ := abi.NewType("bytes32", "", nil)
	pre, err := abi.Arguments{{Type: u256}, {Type: b32}}.Pack(big.NewInt(0), crypto.Keccak256Hash(data))
	require.NoError(t, err)
	require.Len(t, pre, 64)
	require.Equal(t, crypto.Keccak256Hash(pre), CalldataCommitment(data))
	packed := append(common.LeftPadBytes([]byte{1}, 32), emptyBlobHash[:]...)
	require.Equal(t, crypto.Keccak256Hash(packed), BlobCommitment([]common.Hash{emptyBlobHash}))

	got, err := Commitment(Calldata, data)
	require.NoError(t, err)
	require.Equal(t, CalldataCommitment(data), got)
	got, err = Commitment(Blobs, nil)
	require.NoError(t, err)
	require.Equal(t, BlobCommitment([]common.Hash{emptyBlobHash}), got)
	_, err = Commitment(Mode(2), data)
	require.ErrorContains(t, err, "unknown mode Mode(2)")
	_, err = Commitment(Blobs, make([]byte, MaxBlobData+1))
	require.ErrorIs(t, err, ErrTooLarge)
}

func TestParseMode(t *testing.T) {
	for s, m := range map[string]Mode{"blobs": Blobs, "calldata": Calldata} {
		got, err := ParseMode(s)
		require.NoError(t, err)
		require.Equal(t, m, got)
		require.Equal(t, s, m.String())
		text, err := m.MarshalText()
		require.NoError(t, err)
		var back Mode
		require.NoError(t, back.UnmarshalText(text))
		require.Equal(t, m, back)
	}
	for _, s := range []string{"", "blob", "Blobs", "CALLDATA", " blobs", "0", "1"} {
		_, err := ParseMode(s)
		require.ErrorContains(t, err, "want \"blobs\" or \"calldata\"", "%q", s)
	}
	_, err := Mode(7).MarshalText()
	require.Error(t, err)
}
