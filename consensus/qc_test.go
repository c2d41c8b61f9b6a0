package consensus_test

import (
	"slices"
	"testing"

	"github.com/cairn-rollup/cairn/consensus"
	"github.com/stretchr/testify/require"
)

// Group 2: the high vote of a TimeoutQC with six equal weights.
func TestTimeoutQCHighVote(t *testing.T) {
	f := newFixture(t, 6)
	a := f.commit(3, 2, []byte("A"))
	b := f.commit(3, 2, []byte("B"))
	c := f.commit(2, 1, []byte("C"))
	aEarlier := f.commit(2, 2, []byte("A")) // the header of a, voted in an earlier view
	cases := []struct {
		name  string
		votes []*consensus.ReplicaCommit
		want  *consensus.ReplicaCommit
	}{
		{"all six on A", []*consensus.ReplicaCommit{a, a, a, a, a, a}, a},
		{"3/3", []*consensus.ReplicaCommit{a, a, a, b, b, b}, nil},
		{"2/2/2", []*consensus.ReplicaCommit{a, a, b, b, c, c}, nil},
		{"3 on A, rest none", []*consensus.ReplicaCommit{a, a, a, nil, nil, nil}, a},
		// One header from two views counts as one: the vote of the later view.
		{"A from view 3 twice, A from view 2 twice", []*consensus.ReplicaCommit{a, a, aEarlier, aEarlier, nil, nil}, a},
		{"A from view 2 twice, A from view 3 once", []*consensus.ReplicaCommit{aEarlier, a, aEarlier, nil, nil, nil}, a},
		{"A over two views 2+2, B 2", []*consensus.ReplicaCommit{a, a, aEarlier, aEarlier, b, b}, a},
		{"A over two views 2+1, B 3", []*consensus.ReplicaCommit{a, aEarlier, aEarlier, b, b, b}, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			msgs := map[int]*consensus.ReplicaTimeout{}
			for i, v := range tc.votes {
				msgs[i] = &consensus.ReplicaTimeout{View: f.g.View(4), HighVote: v}
			}
			qc := f.timeoutQC(4, msgs)
			require.NoError(t, qc.Verify(f.g))
			require.Equal(t, tc.want, qc.HighVote(f.g.Committee))
		})
	}
}

// Group 3: the block a justification implies.
func TestImpliedBlock(t *testing.T) {
	f := newFixture(t, 6)
	p1 := []byte("block 1")
	p2 := []byte("block 2")
	qc1 := f.commitQC(f.commit(2, 1, p1))
	vote2 := f.commit(3, 2, p2)

	// CommitQC for n → n+1, new payload.
	n, repro := consensus.Justification{Commit: qc1}.ImpliedBlock(f.g)
	require.Equal(t, uint64(2), n)
	require.Nil(t, repro)

	// TimeoutQC with a high vote for n+1 at subquorum weight and high QC n → re-proposal.
	msgs := map[int]*consensus.ReplicaTimeout{}
	for i := range 5 {
		m := &consensus.ReplicaTimeout{View: f.g.View(3), HighQC: qc1}
		if i < 3 {
			m.HighVote = vote2
		}
		msgs[i] = m
	}
	n, repro = consensus.Justification{Timeout: f.timeoutQC(3, msgs)}.ImpliedBlock(f.g)
	require.Equal(t, uint64(2), n)
	require.NotNil(t, repro)
	require.Equal(t, consensus.PayloadHash(p2), *repro)

	// High vote below subquorum → n+1 new.
	msgs[2] = &consensus.ReplicaTimeout{View: f.g.View(3), HighQC: qc1}
	n, repro = consensus.Justification{Timeout: f.timeoutQC(3, msgs)}.ImpliedBlock(f.g)
	require.Equal(t, uint64(2), n)
	require.Nil(t, repro)

	// Neither → the first block.
	n, repro = consensus.Justification{Timeout: f.plainTimeoutQC(0)}.ImpliedBlock(f.g)
	require.Equal(t, f.g.FirstBlock, n)
	require.Nil(t, repro)
}

// Group 7: timeouts with different high votes and high QCs aggregate into a
// TimeoutQC that verifies (era-consensus #220), built by the replica itself.
func TestTimeoutQCMixedMessagesVerify(t *testing.T) {
	f := newFixture(t, 6)
	qc0 := f.commitQC(f.commit(0, 0, []byte("zero")))
	qc1 := f.commitQC(f.commit(1, 1, []byte("one")))
	msgs := []*consensus.ReplicaTimeout{
		{View: f.g.View(2)},
		{View: f.g.View(2), HighQC: qc0},
		{View: f.g.View(2), HighQC: qc1},
		{View: f.g.View(2), HighQC: qc1, HighVote: f.commit(2, 2, []byte("two"))},
		{View: f.g.View(2), HighQC: qc0, HighVote: f.commit(1, 1, []byte("one"))},
	}
	// Feed the five timeouts (quorum) from validators other than me.
	i := 0
	for v := range 6 {
		if v == f.me {
			continue
		}
		if i == len(msgs) {
			break
		}
		require.NoError(t, f.handle(f.sign(v, msgs[i])))
		i++
	}
	view, _ := f.replica.View()
	require.Equal(t, uint64(3), view)
	nv, ok := f.tr.last(consensus.KindNewView).(*consensus.ReplicaNewView)
	require.True(t, ok)
	tqc := nv.Justification.Timeout
	require.NotNil(t, tqc)
	require.Len(t, tqc.Entries, 5)
	require.NoError(t, tqc.Verify(f.g))
	require.Equal(t, qc1, tqc.HighQC())
	// It survives encoding.
	dec, err := consensus.DecodeTimeoutQC(consensus.EncodeTimeoutQC(tqc))
	require.NoError(t, err)
	require.NoError(t, dec.Verify(f.g))
}

// Group 8: TimeoutQC verification rejects malformed QCs.
func TestTimeoutQCVerifyRejects(t *testing.T) {
	f := newFixture(t, 6)
	good := func() *consensus.TimeoutQC {
		msgs := map[int]*consensus.ReplicaTimeout{}
		for i := range 5 {
			msgs[i] = &consensus.ReplicaTimeout{View: f.g.View(4)}
			if i >= 3 {
				msgs[i].HighVote = f.commit(3, 1, []byte("x"))
			}
		}
		return f.timeoutQC(4, msgs)
	}
	require.NoError(t, good().Verify(f.g))
	require.Len(t, good().Entries, 2)
	other := newFixture(t, 7)
	cases := []struct {
		name   string
		mutate func(qc *consensus.TimeoutQC)
		want   string
	}{
		{"wrong view", func(qc *consensus.TimeoutQC) { qc.View = other.g.View(4) }, "genesis"},
		{"message of another view", func(qc *consensus.TimeoutQC) { qc.Entries[0].Msg.View = f.g.View(5) }, "timeout of view 5"},
		{"wrong bitmap length", func(qc *consensus.TimeoutQC) { qc.Entries[0].Signers = append(qc.Entries[0].Signers, false) }, "bitmap of 7"},
		{"empty signers", func(qc *consensus.TimeoutQC) { qc.Entries[1].Signers = consensus.NewSigners(6) }, "no signers"},
		{"overlapping signers", func(qc *consensus.TimeoutQC) { qc.Entries[1].Signers[0] = true; qc.Entries[0].Signers[0] = true }, "overlapping"},
		{"invalid message", func(qc *consensus.TimeoutQC) {
			qc.Entries[0].Msg.HighVote = f.commit(9, 1, []byte("x"))
		}, "high vote of view 9"},
		{"insufficient weight", func(qc *consensus.TimeoutQC) {
			for i, ok := range qc.Entries[0].Signers {
				if ok {
					qc.Entries[0].Signers[i] = false
					break
				}
			}
		}, "below quorum"},
		{"bad aggregate signature", func(qc *consensus.TimeoutQC) { qc.Sig = f.sign(0, &qc.Entries[0].Msg).Sig }, "aggregate signature"},
		{"no timeouts", func(qc *consensus.TimeoutQC) { qc.Entries = nil }, "no timeouts"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			qc := good()
			tc.mutate(qc)
			err := qc.Verify(f.g)
			require.ErrorIs(t, err, consensus.ErrBadQC)
			require.ErrorContains(t, err, tc.want)
		})
	}
}

func TestCommitQCVerifyRejects(t *testing.T) {
	f := newFixture(t, 6)
	msg := f.commit(2, 1, []byte("p"))
	cases := []struct {
		name string
		qc   func() *consensus.CommitQC
		want string
	}{
		{"insufficient weight", func() *consensus.CommitQC { return f.commitQC(msg, 0, 1, 2, 3) }, "below quorum"},
		{"bitmap length", func() *consensus.CommitQC {
			qc := f.commitQC(msg)
			qc.Signers = qc.Signers[:5]
			return qc
		}, "bitmap"},
		{"other message", func() *consensus.CommitQC {
			qc := f.commitQC(msg)
			qc.Message.Header.Number = 2
			return qc
		}, "aggregate signature"},
		{"missing signer's signature", func() *consensus.CommitQC {
			qc := f.commitQC(msg, 0, 1, 2, 3, 4)
			qc.Signers[5] = true
			return qc
		}, "aggregate signature"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			require.ErrorContains(t, tc.qc().Verify(f.g), tc.want)
		})
	}
	require.NoError(t, f.commitQC(msg, 0, 1, 2, 3, 4).Verify(f.g))
}

// The fork of one faulty validator (n = 6, f = 1, subquorum 3). View 1:
// four honest validators and the faulty one vote for X at block 1, enough
// for a CommitQC the faulty one can keep; nobody else sees the votes. View
// 2: the leader re-proposes X, two honest validators vote again, the view
// times out. The TimeoutQC of view 2 holds two timeouts with high vote
// (2, X), two with (1, X) and one without: X has four of five, split over two
// views. It must imply the re-proposal of X; a new block Y at block 1 would
// be final beside X.
func TestTimeoutQCSplitHighVoteImpliesReproposal(t *testing.T) {
	f := newFixture(t, 6)
	x, y := []byte("X"), []byte("Y")
	qc0 := f.commitQC(f.commit(0, 0, []byte("zero")))
	x1, x2 := f.commit(1, 1, x), f.commit(2, 1, x)

	// A CommitQC for X in view 1 exists: the faulty validator's five votes.
	var signers []int
	for i := range 6 {
		if i != f.me {
			signers = append(signers, i)
		}
	}
	require.NoError(t, f.commitQC(x1, signers...).Verify(f.g))

	// The TimeoutQC of view 2, from five honest validators (me among them,
	// with the vote of view 1).
	others := slices.DeleteFunc(slices.Clone(signers), func(i int) bool { return i == f.leader(3) })
	msgs := map[int]*consensus.ReplicaTimeout{
		f.me:      {View: f.g.View(2), HighVote: x1, HighQC: qc0},
		others[0]: {View: f.g.View(2), HighVote: x1, HighQC: qc0},
		others[1]: {View: f.g.View(2), HighVote: x2, HighQC: qc0},
		others[2]: {View: f.g.View(2), HighVote: x2, HighQC: qc0},
		others[3]: {View: f.g.View(2), HighQC: qc0},
	}
	tqc := f.timeoutQC(2, msgs)
	require.NoError(t, tqc.Verify(f.g))
	require.Equal(t, x2, tqc.HighVote(f.g.Committee))
	j := consensus.Justification{Timeout: tqc}
	n, repro := j.ImpliedBlock(f.g)
	require.Equal(t, uint64(1), n)
	require.NotNil(t, repro)
	require.Equal(t, consensus.PayloadHash(x), *repro)

	// Block 0 is final at the replica; then the view-3 leader proposes Y.
	require.NoError(t, f.engine.Finalize(f.ctx, consensus.FinalBlock{Payload: []byte("zero"), QC: qc0}))
	require.ErrorIs(t, f.handle(f.proposal(3, f.leader(3), y, j)), consensus.ErrReproposalPayload)
	require.Zero(t, f.tr.count(consensus.KindCommit), "the replica voted for Y")

	// The re-proposal of X gets its vote.
	require.NoError(t, f.handle(f.proposal(3, f.leader(3), nil, j)))
	c, ok := f.tr.last(consensus.KindCommit).(*consensus.ReplicaCommit)
	require.True(t, ok)
	require.Equal(t, *f.commit(3, 1, x), *c)
}
