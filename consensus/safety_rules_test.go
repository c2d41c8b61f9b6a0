package consensus_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/cairn-rollup/cairn/consensus"
)

// Tests of safety rules that `make mutants` (test/mutants/mutants.txt)
// breaks one at a time and that no other unit test pinned down: each test
// names the mutants it kills. The fixture's replica (validator 0 of six,
// f = 1, quorum 5, subquorum 3) leads neither view 1 nor view 2.

// moveTo brings the replica to view v (≥ 1) with a new view carrying a
// TimeoutQC of view v-1 without high votes or high QCs.
func (f *fixture) moveTo(v uint64) {
	f.t.Helper()
	j := consensus.Justification{Timeout: f.plainTimeoutQC(v - 1)}
	require.NoError(f.t, f.handle(f.sign(f.leader(v), &consensus.ReplicaNewView{Justification: j})))
	view, _ := f.replica.View()
	require.Equal(f.t, v, view)
}

// newView is a new view from validator `from` carrying j.
func (f *fixture) newView(from int, j consensus.Justification) consensus.Signed {
	return f.sign(from, &consensus.ReplicaNewView{Justification: j})
}

// One vote per view: not a second one after voting, nor any after timing
// out in the view (the timeout, inside the next TimeoutQC, would not show
// the vote, and a block final in the view would not be re-proposed), also
// across a restart. Mutants: vote-after-timeout, vote-twice-in-view,
// timeout-not-persisted, timeout-phase-after-persist, phase-not-persisted,
// restart-phase-not-restored, vote-not-persisted.
func TestNoVoteAfterVotingOrTimingOutInView(t *testing.T) {
	cases := []struct {
		name    string
		restart bool
		then    func(f *fixture) // brings the replica of view 1 out of the prepare phase
		phase   consensus.Phase
	}{
		{"voted", false, func(f *fixture) { require.NoError(f.t, f.handle(f.view1([]byte("first")))) }, consensus.PhaseCommit},
		{"voted, restarted", true, func(f *fixture) { require.NoError(f.t, f.handle(f.view1([]byte("first")))) }, consensus.PhaseCommit},
		{"timed out", false, func(f *fixture) {
			f.clock.Advance(time.Second)
			require.NoError(f.t, f.replica.Tick(f.ctx))
		}, consensus.PhaseTimeout},
		{"timed out, restarted", true, func(f *fixture) {
			f.clock.Advance(time.Second)
			require.NoError(f.t, f.replica.Tick(f.ctx))
		}, consensus.PhaseTimeout},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t, 6)
			f.moveTo(1)
			tc.then(f)
			if tc.restart {
				f.restart()
			}
			f.tr.reset()
			require.ErrorIs(t, f.handle(f.view1([]byte("second"))), consensus.ErrWrongPhase)
			require.Zero(t, f.tr.count(consensus.KindCommit), "a vote in view 1 after the replica %s", tc.name)
			view, phase := f.replica.View()
			require.Equal(t, uint64(1), view)
			require.Equal(t, tc.phase, phase)
		})
	}
}

// A proposal is voted for only when its leader, the leader of the
// proposal's view, signed it. Mutants: skip-leader-check,
// leader-of-current-view.
func TestNoVoteForProposalOfAnotherLeader(t *testing.T) {
	cases := []struct {
		name   string
		signer func(f *fixture) int
	}{
		{"another validator", func(f *fixture) int { return (f.leader(4) + 1) % 6 }},
		{"the leader of the replica's current view", func(f *fixture) int { return f.leader(3) }},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t, 6)
			f.moveTo(3)
			signer := tc.signer(f)
			require.NotEqual(t, f.leader(4), signer)
			require.NotEqual(t, f.me, signer)
			f.tr.reset()
			p := f.proposal(4, signer, []byte("p"), consensus.Justification{Timeout: f.plainTimeoutQC(3)})
			require.ErrorIs(t, f.handle(p), consensus.ErrWrongLeader)
			require.Zero(t, f.tr.count(consensus.KindCommit))
			view, _ := f.replica.View()
			require.Equal(t, uint64(3), view)
		})
	}
}

// A new block is voted for only on top of a final parent: the proposal waits
// (no vote) until block sync brings the parent, then gets its vote.
// Mutants: vote-before-parent-final, vote-two-ahead-of-final.
func TestNoVoteBeforeParentFinal(t *testing.T) {
	zero, one := []byte("zero"), []byte("one")
	cases := []struct {
		name    string
		final   int    // blocks final before the proposal
		parent  []byte // the payload of the parent, certified but not final
		view    uint64 // the proposal's view
		payload []byte
	}{
		{"nothing final, block 1", 0, zero, 1, []byte("one")},
		{"block 0 final, block 2", 1, one, 2, []byte("two")},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t, 6)
			if tc.final > 0 {
				qc := f.commitQC(f.commit(0, 0, zero))
				require.NoError(t, f.engine.Finalize(f.ctx, consensus.FinalBlock{Payload: zero, QC: qc}))
			}
			number := uint64(tc.final) + 1
			parentQC := f.commitQC(f.commit(tc.view-1, number-1, tc.parent))
			p := f.proposal(tc.view, f.leader(tc.view), tc.payload, consensus.Justification{Commit: parentQC})
			f.tr.reset()
			require.ErrorIs(t, f.handle(p), consensus.ErrPreviousNotFinal)
			require.Zero(t, f.tr.count(consensus.KindCommit), "a vote for block %d before block %d is final", number, number-1)
			require.Equal(t, tc.final, f.engine.Height())

			// Block sync brings the parent: the waiting proposal gets its vote.
			require.NoError(t, f.engine.Finalize(f.ctx, consensus.FinalBlock{Payload: tc.parent, QC: parentQC}))
			require.NoError(t, f.replica.Tick(f.ctx))
			c, ok := f.tr.last(consensus.KindCommit).(*consensus.ReplicaCommit)
			require.True(t, ok, "no vote once the parent is final")
			require.Equal(t, *f.commit(tc.view, number, tc.payload), *c)
		})
	}
}

// No vote for a block at a height that is final, or that the replica holds
// a CommitQC for (certified, its payload not here yet): neither for a new
// block there nor for a re-proposal of another payload than the certified
// one. Either would be a second block at the height. Mutants:
// vote-for-final-height, vote-at-high-qc-height,
// reproposal-other-payload-final, reproposal-other-payload-by-high-qc.
func TestNoVoteAtCertifiedHeight(t *testing.T) {
	zero, other := []byte("zero"), []byte("other zero")
	heights := []struct {
		name    string
		prepare func(f *fixture, qc *consensus.CommitQC)
	}{
		{"block 0 final", func(f *fixture, qc *consensus.CommitQC) {
			require.NoError(f.t, f.engine.Finalize(f.ctx, consensus.FinalBlock{Payload: zero, QC: qc}))
			f.moveTo(1)
		}},
		{"block 0 certified, not final here", func(f *fixture, qc *consensus.CommitQC) {
			require.NoError(f.t, f.handle(f.newView(f.leader(1), consensus.Justification{Commit: qc})))
			require.Zero(f.t, f.engine.Height())
		}},
	}
	// Proposals of view 2 for block 0, under a TimeoutQC of view 1 with no
	// high QC: without high votes it implies a new block 0, with a
	// subquorum of high votes for another payload its re-proposal.
	proposals := []struct {
		name       string
		payload    []byte
		reproposal bool // three timeouts have a high vote for (view 1, other)
	}{
		{"new block", other, false},
		{"re-proposal of another payload", nil, true},
	}
	for _, h := range heights {
		for _, p := range proposals {
			t.Run(h.name+", "+p.name, func(t *testing.T) {
				f := newFixture(t, 6)
				h.prepare(f, f.commitQC(f.commit(0, 0, zero)))
				view, _ := f.replica.View()
				require.Equal(t, uint64(1), view)
				msgs := map[int]*consensus.ReplicaTimeout{}
				for i := range 5 {
					msgs[i] = &consensus.ReplicaTimeout{View: f.g.View(1)}
					if p.reproposal && i < 3 {
						msgs[i].HighVote = f.commit(1, 0, other)
					}
				}
				j := consensus.Justification{Timeout: f.timeoutQC(1, msgs)}
				n, repro := j.ImpliedBlock(f.g)
				require.Equal(t, uint64(0), n)
				require.Equal(t, p.reproposal, repro != nil)
				f.tr.reset()
				require.ErrorIs(t, f.handle(f.proposal(2, f.leader(2), p.payload, j)), consensus.ErrPrunedBlock)
				require.Zero(t, f.tr.count(consensus.KindCommit), "a vote for a second block 0")
			})
		}
	}
}

// A justification whose CommitQC is for the block of the replica's high QC,
// but another message (a later view), is verified like any other: a forged
// one moves neither the replica's view nor its high QC. Mutant:
// own-highqc-shortcut-by-header.
func TestForgedQCForHighQCBlockRefused(t *testing.T) {
	zero := []byte("zero")
	cases := []struct {
		name string
		msg  func(f *fixture, j consensus.Justification) consensus.Signed
	}{
		{"new view", func(f *fixture, j consensus.Justification) consensus.Signed { return f.newView(f.leader(3), j) }},
		{"proposal", func(f *fixture, j consensus.Justification) consensus.Signed {
			return f.proposal(5, f.leader(5), []byte("one"), j)
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t, 6)
			own := f.commitQC(f.commit(0, 0, zero))
			require.NoError(t, f.handle(f.newView(f.leader(1), consensus.Justification{Commit: own})))
			forged := f.commitQC(f.commit(4, 0, zero))
			forged.Sig = own.Sig // the same block, and a signature over view 0
			require.Error(t, forged.Verify(f.g))
			f.tr.reset()
			require.ErrorIs(t, f.handle(tc.msg(f, consensus.Justification{Commit: forged})), consensus.ErrInvalidJustify)
			view, _ := f.replica.View()
			require.Equal(t, uint64(1), view)
			require.Equal(t, own.Message, f.replica.HighCommitQC().Message)
			require.Empty(t, f.tr.sent)
		})
	}
}

// A QC is built from one vote per signer: a signer's vote twice, or two
// timeouts of one signer (one signer in two entries of a TimeoutQC), is
// refused. Mutant: aggregate-duplicate-signer.
func TestAggregateRefusesSignerTwice(t *testing.T) {
	f := newFixture(t, 6)
	msg := f.commit(1, 0, []byte("p"))
	plain := &consensus.ReplicaTimeout{View: f.g.View(1)}
	withVote := &consensus.ReplicaTimeout{View: f.g.View(1), HighVote: f.commit(0, 0, []byte("p"))}
	commits := func(signers ...int) []consensus.Signed {
		var out []consensus.Signed
		for _, i := range signers {
			out = append(out, f.sign(i, msg))
		}
		return out
	}
	timeouts := func(extra consensus.Signed) []consensus.Signed {
		var out []consensus.Signed
		for i := range 5 {
			out = append(out, f.sign(i, plain))
		}
		return append(out, extra)
	}
	t.Run("commit", func(t *testing.T) {
		qc, err := consensus.AggregateCommitQC(f.g.Committee, *msg, commits(0, 1, 2, 3, 3))
		require.ErrorIs(t, err, consensus.ErrDuplicateSigner)
		require.Nil(t, qc)
	})
	for name, extra := range map[string]consensus.Signed{
		"same timeout twice":       f.sign(2, plain),
		"two timeouts, one signer": f.sign(2, withVote),
	} {
		t.Run(name, func(t *testing.T) {
			qc, err := consensus.AggregateTimeoutQC(f.g.Committee, f.g.View(1), timeouts(extra))
			require.ErrorIs(t, err, consensus.ErrDuplicateSigner)
			require.Nil(t, qc)
		})
	}
}

// The replica keeps the newest CommitQC it has seen: an older one, e.g. the
// high QC of a later TimeoutQC, does not replace it, and its timeouts carry
// the newest. Mutant: high-commitqc-lowest.
func TestHighQCStaysNewest(t *testing.T) {
	f := newFixture(t, 6)
	newer := f.commitQC(f.commit(3, 2, []byte("two")))
	older := f.commitQC(f.commit(1, 0, []byte("zero")))
	require.NoError(t, f.handle(f.newView(f.leader(4), consensus.Justification{Commit: newer})))
	msgs := map[int]*consensus.ReplicaTimeout{}
	for i := range 5 {
		msgs[i] = &consensus.ReplicaTimeout{View: f.g.View(4), HighQC: older}
	}
	require.NoError(t, f.handle(f.newView(f.leader(5), consensus.Justification{Timeout: f.timeoutQC(4, msgs)})))
	view, _ := f.replica.View()
	require.Equal(t, uint64(5), view)
	require.Equal(t, newer.Message, f.replica.HighCommitQC().Message)

	f.tr.reset()
	f.clock.Advance(time.Second)
	require.NoError(t, f.replica.Tick(f.ctx))
	tm, ok := f.tr.last(consensus.KindTimeout).(*consensus.ReplicaTimeout)
	require.True(t, ok)
	require.NotNil(t, tm.HighQC)
	require.Equal(t, newer.Message, tm.HighQC.Message)
}

// A replica entering a view announces it with its newest justification, the
// higher of its high CommitQC and high TimeoutQC: the one a leader proposes
// under, and that brings lagging replicas to the view. Mutants:
// high-timeoutqc-lowest, high-justification-lower.
func TestNewViewCarriesNewestJustification(t *testing.T) {
	cases := []struct {
		name string
		qcs  []func(f *fixture) consensus.Justification // in the order received
	}{
		{"timeout QC of view 0, then of view 2", []func(f *fixture) consensus.Justification{
			func(f *fixture) consensus.Justification { return consensus.Justification{Timeout: f.plainTimeoutQC(0)} },
			func(f *fixture) consensus.Justification { return consensus.Justification{Timeout: f.plainTimeoutQC(2)} },
		}},
		{"commit QC of view 1, then timeout QC of view 3", []func(f *fixture) consensus.Justification{
			func(f *fixture) consensus.Justification {
				return consensus.Justification{Commit: f.commitQC(f.commit(1, 0, []byte("zero")))}
			},
			func(f *fixture) consensus.Justification { return consensus.Justification{Timeout: f.plainTimeoutQC(3)} },
		}},
		{"timeout QC of view 1, then commit QC of view 3", []func(f *fixture) consensus.Justification{
			func(f *fixture) consensus.Justification { return consensus.Justification{Timeout: f.plainTimeoutQC(1)} },
			func(f *fixture) consensus.Justification {
				return consensus.Justification{Commit: f.commitQC(f.commit(3, 0, []byte("zero")))}
			},
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t, 6)
			var last consensus.Justification
			for _, qc := range tc.qcs {
				last = qc(f)
				require.NoError(t, f.handle(f.newView(f.leader(last.View().Number), last)))
			}
			view, _ := f.replica.View()
			require.Equal(t, last.View().Number, view)
			nv, ok := f.tr.last(consensus.KindNewView).(*consensus.ReplicaNewView)
			require.True(t, ok)
			require.Equal(t, last.View(), nv.Justification.View())
			require.Equal(t, last.Commit != nil, nv.Justification.Commit != nil)

			// And again when the view times out.
			f.tr.reset()
			f.clock.Advance(time.Second)
			require.NoError(t, f.replica.Tick(f.ctx))
			nv, ok = f.tr.last(consensus.KindNewView).(*consensus.ReplicaNewView)
			require.True(t, ok)
			require.Equal(t, last.View(), nv.Justification.View())
		})
	}
}
