package consensus

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/require"
)

// The vote set both quorums share (n = 6, quorum 5): one slot per signer,
// refused for a vote of the held view or an older one while the held vote is
// genuine; a QC at quorum weight of matching votes, in schedule order; forged
// votes dropped when the aggregate fails, an error when the sender's own
// vote was forged.
func TestVoteSet(t *testing.T) {
	g, keys := cacheFixture(t, 6)
	c := g.Committee
	msg := func(view uint64, p string) *ReplicaCommit {
		return &ReplicaCommit{View: g.View(view), Header: BlockHeader{Number: 1, PayloadHash: PayloadHash([]byte(p))}}
	}
	voteOf := func(i int, m *ReplicaCommit) vote {
		h := SigningHash(m)
		return vote{signer: i, msg: m, hash: h, sig: keys[i].Sign(h[:])}
	}
	forge := func(i int, m *ReplicaCommit) vote {
		v := voteOf(i, m)
		other := voteOf((i+1)%6, m)
		v.sig = other.sig
		return v
	}
	x := msg(2, "x")
	hx := SigningHash(x)
	matchX := func(v vote) bool { return v.hash == hx }
	build := func(vs []vote) (*CommitQC, error) { return buildCommitQC(c, x, vs) }
	verify := func(qc *CommitQC) error { return verifyAggregate(c, qc.Signers, hx, qc.Sig) }
	// check runs quorum as the replica does after a vote of sender.
	check := func(s *voteSet, sender int) (*CommitQC, bool, int, error) {
		return quorum(s, sender, matchX, build, verify)
	}

	t.Run("quorum-1 votes: no QC; the quorum-th: a QC that verifies, votes in schedule order", func(t *testing.T) {
		s := newVoteSet(c)
		for _, i := range []int{4, 0, 3, 1} {
			s.put(voteOf(i, x))
			_, ok, _, err := check(s, i)
			require.NoError(t, err)
			require.False(t, ok)
		}
		s.put(voteOf(5, msg(2, "y"))) // another message does not count
		_, ok, _, err := check(s, 5)
		require.NoError(t, err)
		require.False(t, ok)
		s.put(voteOf(2, x))
		qc, ok, dropped, err := check(s, 2)
		require.NoError(t, err)
		require.True(t, ok)
		require.Zero(t, dropped)
		require.NoError(t, qc.Verify(g))
		require.Equal(t, bitmap(6, 0, 1, 2, 3, 4), qc.Signers)
		votes, weight, verified := s.matching(matchX)
		require.Len(t, votes, 5)
		require.Equal(t, uint64(5), weight)
		require.True(t, verified, "a QC's votes are verified once")
	})
	t.Run("a forged vote in the quorum is dropped; the quorum waits for a genuine one", func(t *testing.T) {
		s := newVoteSet(c)
		for i := range 4 {
			s.put(voteOf(i, x))
		}
		s.put(forge(4, x))
		_, ok, dropped, err := check(s, 4)
		require.True(t, errors.Is(err, ErrBadSignature), "the sender's vote was forged: %v", err)
		require.False(t, ok)
		require.Equal(t, 1, dropped)
		require.Equal(t, 4, s.len())
		s.put(forge(5, x))
		s.put(voteOf(4, x))
		qc, ok, dropped, err := check(s, 4) // 5's forged vote was not the sender's
		require.NoError(t, err)
		require.True(t, ok)
		require.Equal(t, 1, dropped)
		require.NoError(t, qc.Verify(g))
	})
	t.Run("a signer's slot", func(t *testing.T) {
		s := newVoteSet(c)
		v := voteOf(0, x)
		s.put(v)
		held, taken := s.taken(0, 2, v.sig, v.hash)
		require.True(t, taken, "a re-broadcast of the held vote")
		require.Equal(t, uint64(2), held)
		y := voteOf(0, msg(2, "y"))
		_, taken = s.taken(0, 2, y.sig, y.hash)
		require.True(t, taken, "a second vote of the view")
		_, taken = s.taken(0, 1, y.sig, y.hash)
		require.True(t, taken, "a vote of an older view")
		_, taken = s.taken(0, 3, y.sig, y.hash)
		require.False(t, taken, "a vote of a later view replaces it")
		require.Equal(t, 1, s.len())

		s.put(forge(1, x))
		f := voteOf(1, msg(2, "y"))
		_, taken = s.taken(1, 2, f.sig, f.hash)
		require.False(t, taken, "a forged vote holds no slot")
		require.Equal(t, 1, s.len(), "and is dropped")
	})
}
