package consensus_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/cairn-rollup/cairn/consensus"
)

// refOthers lists the validators other than the replica under test.
func refOthers(f *fixture) []int {
	var out []int
	for i := range f.g.Committee.Len() {
		if i != f.me {
			out = append(out, i)
		}
	}
	return out
}

// refNewView is a ReplicaNewView of validator i.
func refNewView(f *fixture, i int, j consensus.Justification) consensus.Signed {
	return f.sign(i, &consensus.ReplicaNewView{Justification: j})
}

// The CommitQC handed to Engine.Finalize is one that verifies. A
// justification carrying the message of the replica's own high QC is let
// through without a check (verifyJustification); a faulty leader can put a
// bad signature on it. The block of that QC must not become final with the
// unchecked copy.
func TestReferenceFinalizeGetsVerifiedQC(t *testing.T) {
	f := newFixture(t, 6)
	p0, p1 := []byte("zero"), []byte("one")
	qc0 := f.commitQC(f.commit(1, 0, p0))
	qc1 := f.commitQC(f.commit(2, 1, p1))
	o := refOthers(f)
	// The replica learns QC1 (view 3) before it has block 0.
	require.NoError(t, f.handle(refNewView(f, o[0], consensus.Justification{Commit: qc1})))
	view, _ := f.replica.View()
	require.Equal(t, uint64(3), view)
	// Block 1's payload comes late, in its proposal of view 2: kept, not
	// final, block 0 is missing.
	require.ErrorIs(t, f.handle(f.proposal(2, f.leader(2), p1, consensus.Justification{Commit: qc0})), consensus.ErrOld)
	require.Zero(t, f.engine.Height())
	// Block sync brings block 0.
	require.NoError(t, f.engine.Finalize(f.ctx, consensus.FinalBlock{Payload: p0, QC: qc0}))
	// The leader of view 3 justifies its proposal with QC1's message under
	// a bad signature.
	forged := *qc1
	forged.Sig = f.sign(o[0], &qc1.Message).Sig
	require.Error(t, forged.Verify(f.g))
	_ = f.handle(f.proposal(3, f.leader(3), []byte("two"), consensus.Justification{Commit: &forged}))
	require.GreaterOrEqual(t, f.engine.Height(), 2, "block 1 is final: its verified QC is known")
	for _, b := range f.engine.Blocks() {
		require.NoError(t, b.Verify(f.g), "block %d", b.Number())
	}
}

// era-consensus processes the leader's ReplicaNewView for the current view
// even when the replica is already in that view: it is how a CommitQC the
// leader holds reaches replicas that entered the view by a TimeoutQC, so
// that they finalize the block. One that brings no newer QC changes
// nothing and is skipped.
func TestReferenceLeaderNewViewOfCurrentViewBringsCommitQC(t *testing.T) {
	f := newFixture(t, 6)
	p0 := []byte("block zero")
	require.NoError(t, f.handle(f.view1(p0)))
	vote := f.commit(1, 0, p0)
	// View 1 times out at the others, who hold the vote for block 0.
	msgs := map[int]*consensus.ReplicaTimeout{}
	for _, i := range refOthers(f)[:5] {
		msgs[i] = &consensus.ReplicaTimeout{View: f.g.View(1), HighVote: vote}
	}
	tqc := consensus.Justification{Timeout: f.timeoutQC(1, msgs)}
	var nonLeader int
	for _, i := range refOthers(f) {
		if i != f.leader(2) {
			nonLeader = i
			break
		}
	}
	require.NoError(t, f.handle(refNewView(f, nonLeader, tqc)))
	view, _ := f.replica.View()
	require.Equal(t, uint64(2), view)
	require.Zero(t, f.engine.Height())
	// The leader's own TimeoutQC of view 1 brings nothing newer.
	require.NoError(t, f.handle(refNewView(f, f.leader(2), tqc)))
	require.Zero(t, f.engine.Height())
	// The leader of view 2 collected the commits of view 1: its new view
	// carries the CommitQC, and block 0 becomes final here.
	qc := f.commitQC(vote)
	require.NoError(t, f.handle(refNewView(f, f.leader(2), consensus.Justification{Commit: qc})))
	require.Equal(t, 1, f.engine.Height())
	require.Equal(t, qc.Message, f.replica.HighCommitQC().Message)
	view, _ = f.replica.View()
	require.Equal(t, uint64(2), view)
}

// A re-proposal of a block that is already final here (by the replica's
// own CommitQC, or by block sync) gets a vote when it re-proposes the final
// payload, as in era-consensus, where only blocks pruned from storage are
// refused. Refusing it costs a vote the quorum may need: the replica that
// alone holds the CommitQC (its new view lost) would refuse every
// re-proposal the others' TimeoutQCs imply. A new payload, or another
// payload, for a final block is still refused.
func TestReferenceReproposalOfFinalBlockGetsVote(t *testing.T) {
	x, y := []byte("X"), []byte("Y")
	// reproposal is a proposal of view 2 re-proposing payload p as block 0.
	reproposal := func(f *fixture, p []byte) consensus.Signed {
		msgs := map[int]*consensus.ReplicaTimeout{}
		for _, i := range refOthers(f)[:5] {
			msgs[i] = &consensus.ReplicaTimeout{View: f.g.View(1), HighVote: f.commit(1, 0, p)}
		}
		return f.proposal(2, f.leader(2), nil, consensus.Justification{Timeout: f.timeoutQC(1, msgs)})
	}

	t.Run("final by the replica's CommitQC", func(t *testing.T) {
		f := newFixture(t, 6)
		require.NoError(t, f.handle(f.view1(x)))
		vote := f.commit(1, 0, x)
		require.NoError(t, f.handle(f.sign(f.me, vote)))
		for _, i := range refOthers(f)[:4] {
			require.NoError(t, f.handle(f.sign(i, vote)))
		}
		view, _ := f.replica.View()
		require.Equal(t, uint64(2), view)
		require.Equal(t, 1, f.engine.Height())
		f.tr.reset()
		require.NoError(t, f.handle(reproposal(f, x)))
		c, ok := f.tr.last(consensus.KindCommit).(*consensus.ReplicaCommit)
		require.True(t, ok, "no vote for the re-proposal")
		require.Equal(t, *f.commit(2, 0, x), *c)
	})
	t.Run("final by block sync", func(t *testing.T) {
		f := newFixture(t, 6)
		require.NoError(t, f.engine.Finalize(f.ctx, consensus.FinalBlock{Payload: x, QC: f.commitQC(f.commit(1, 0, x))}))
		require.NoError(t, f.handle(reproposal(f, x)))
		c, ok := f.tr.last(consensus.KindCommit).(*consensus.ReplicaCommit)
		require.True(t, ok, "no vote for the re-proposal")
		require.Equal(t, *f.commit(2, 0, x), *c)
	})
	t.Run("another payload", func(t *testing.T) {
		f := newFixture(t, 6)
		require.NoError(t, f.engine.Finalize(f.ctx, consensus.FinalBlock{Payload: x, QC: f.commitQC(f.commit(1, 0, x))}))
		require.ErrorIs(t, f.handle(reproposal(f, y)), consensus.ErrPrunedBlock)
		require.Zero(t, f.tr.count(consensus.KindCommit))
	})
}
