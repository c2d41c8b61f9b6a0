package consensus

import (
	"testing"

	"github.com/cairn-rollup/cairn/consensus/internal/rlp"
	"github.com/stretchr/testify/require"
)

// TestMinEncodedSizes pins the shortest encodings the decoders assume. The
// zero value is the shortest: a view always holds a 32-byte hash, every
// integer below 128 and every absent option is one byte, and an empty bitmap
// ([0, ""]) is as short as any other of at most 7 bits.
func TestMinEncodedSizes(t *testing.T) {
	entry := rlp.List((&ReplicaTimeout{}).body(), encSigners(nil))
	require.Len(t, entry, minTimeoutEntrySize)
	require.Len(t, rlp.List((&ReplicaTimeout{View: View{Epoch: 127, Number: 127}}).body(), encSigners(make(Signers, 7))), minTimeoutEntrySize)
	require.Len(t, rlp.List(rlp.Uint(0), rlp.Bytes(nil)), minCachedProposalSize)

	// Lists of items of exactly the minimum size decode.
	g, keys := cacheFixture(t, 1)
	sig := keys[0].Sign([]byte("x"))
	qc := &TimeoutQC{View: g.View(1), Entries: []TimeoutEntry{{}, {}}, Sig: sig}
	enc := EncodeTimeoutQC(qc)
	dec, err := DecodeTimeoutQC(enc)
	require.NoError(t, err)
	require.Len(t, dec.Entries, 2)
	require.Equal(t, enc, EncodeTimeoutQC(dec))

	st := &ReplicaState{Proposals: []CachedProposal{{}, {Payload: []byte{}}}}
	sdec, err := DecodeReplicaState(st.Encode(), 0)
	require.NoError(t, err)
	require.Len(t, sdec.Proposals, 2)
	require.Equal(t, st.Encode(), sdec.Encode())

	// An item one byte short of the minimum is refused before any entry is
	// decoded.
	item := rlp.List(rlp.Bytes(make([]byte, 40)))
	require.Len(t, item, minTimeoutEntrySize-1)
	short := rlp.List(rlp.Uint(encodingVersion), rlp.List(encView(g.View(1)), rlp.List(entry, item), rlp.Bytes(sig.Bytes())))
	_, err = DecodeTimeoutQC(short)
	require.ErrorIs(t, err, ErrDecode)
	require.ErrorContains(t, err, "list item 1 is 42 bytes")
}
