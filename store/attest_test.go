package store

import (
	"bytes"
	"encoding/binary"
	"testing"

	"github.com/cockroachdb/pebble/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/stretchr/testify/require"
)

func TestAttestationRecords(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir)
	require.NoError(t, err)
	a, b := common.HexToAddress("0xa"), common.HexToAddress("0xb")
	require.NoError(t, s.SaveVote(1, b, []byte("1b")))
	require.NoError(t, s.SaveVote(1, a, []byte("1a")))
	require.NoError(t, s.SaveVote(2, a, []byte("2a")))
	require.NoError(t, s.SaveVote(3, a, []byte("3a")))
	require.NoError(t, s.SaveVote(1<<40, a, []byte("far")))
	got, err := s.Votes(1, 2)
	require.NoError(t, err)
	require.Equal(t, []StoredVote{{1, a, []byte("1a")}, {1, b, []byte("1b")}, {2, a, []byte("2a")}}, got)
	got, err = s.Votes(3, 3)
	require.NoError(t, err)
	require.Equal(t, []StoredVote{{3, a, []byte("3a")}}, got)
	got, err = s.Votes(4, 3)
	require.NoError(t, err)
	require.Empty(t, got)
	got, err = s.VotesPage(1, 1<<41, 0, 2)
	require.NoError(t, err)
	require.Equal(t, []StoredVote{{1, a, []byte("1a")}, {1, b, []byte("1b")}}, got, "the first two, in order")
	got, err = s.VotesPage(1, 1<<41, 2, 2)
	require.NoError(t, err)
	require.Equal(t, []StoredVote{{2, a, []byte("2a")}, {3, a, []byte("3a")}}, got, "the next two")
	got, err = s.VotesPage(1, 3, 9, 2)
	require.NoError(t, err)
	require.Empty(t, got)

	floor, err := s.AttestFloor()
	require.NoError(t, err)
	require.Zero(t, floor)
	require.NoError(t, s.SetAttestFloor(9))

	isNew, err := s.SaveEvidence(2, b, common.HexToHash("0x1"), []byte("e"))
	require.NoError(t, err)
	require.True(t, isNew)
	isNew, err = s.SaveEvidence(2, b, common.HexToHash("0x1"), []byte("e"))
	require.NoError(t, err)
	require.False(t, isNew, "the same evidence twice is one record")
	require.NoError(t, s.MoveVoteToEvidence(2, a, common.HexToHash("0x2"), []byte("2a")))
	_, err = s.Vote(2, a)
	require.ErrorIs(t, err, ErrNotFound)
	ev, err := s.Evidence(2)
	require.NoError(t, err)
	require.Len(t, ev, 2)
	ev, err = s.Evidence(1)
	require.NoError(t, err)
	require.Empty(t, ev)

	require.NoError(t, s.SaveCertificate(2, []byte("c2")))
	require.NoError(t, s.SaveCertificate(7, []byte("c7")))
	_, err = s.Certificate(3)
	require.ErrorIs(t, err, ErrNotFound)
	ns, err := s.CertifiedBatches(1)
	require.NoError(t, err)
	require.Equal(t, []uint64{2, 7}, ns)
	ns, err = s.CertifiedBatches(3)
	require.NoError(t, err)
	require.Equal(t, []uint64{7}, ns)
	require.NoError(t, s.DeleteCertificate(7))

	// Everything survives a reopen, and certificates sit under l1_batches_consensus/<n>.
	require.NoError(t, s.Close())
	s = open(t, dir)
	c, err := s.Certificate(2)
	require.NoError(t, err)
	require.Equal(t, []byte("c2"), c)
	got, err = s.Votes(1, 1)
	require.NoError(t, err)
	require.Len(t, got, 2)
	floor, err = s.AttestFloor()
	require.NoError(t, err)
	require.Equal(t, uint64(9), floor)
	raw, closer, err := s.db.Get(binary.BigEndian.AppendUint64([]byte("l1_batches_consensus/"), 2))
	require.NoError(t, err)
	require.True(t, bytes.Equal([]byte("c2"), raw))
	require.NoError(t, closer.Close())
	_, _, err = s.db.Get(binary.BigEndian.AppendUint64([]byte("l1_batches_consensus/"), 7))
	require.ErrorIs(t, err, pebble.ErrNotFound)
}
