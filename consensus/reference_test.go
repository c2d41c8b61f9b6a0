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
