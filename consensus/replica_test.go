package consensus_test

import (
	"bytes"
	"testing"
	"time"

	"github.com/cairn-rollup/cairn/consensus"
	"github.com/cairn-rollup/cairn/consensus/harness"
	"github.com/stretchr/testify/require"
)

func (f *fixture) proposal(view uint64, signer int, payload []byte, j consensus.Justification) consensus.Signed {
	return f.sign(signer, &consensus.LeaderProposal{Payload: payload, Justification: j})
}

// view1 is a valid proposal for view 1 (block 0 after a timeout of view 0).
func (f *fixture) view1(payload []byte) consensus.Signed {
	return f.proposal(1, f.leader(1), payload, consensus.Justification{Timeout: f.plainTimeoutQC(0)})
}

func TestProposalAccepted(t *testing.T) {
	f := newFixture(t, 6)
	require.NoError(t, f.handle(f.view1([]byte("block zero"))))
	view, phase := f.replica.View()
	require.Equal(t, uint64(1), view)
	require.Equal(t, consensus.PhaseCommit, phase)
	c, ok := f.tr.last(consensus.KindCommit).(*consensus.ReplicaCommit)
	require.True(t, ok)
	require.Equal(t, consensus.PayloadHash([]byte("block zero")), c.Header.PayloadHash)
	require.Equal(t, uint64(0), c.Header.Number)
}

// Group 5: every proposal rejection has its own error and sends no vote.
func TestProposalRejections(t *testing.T) {
	cases := []struct {
		name    string
		prepare func(f *fixture)
		msg     func(f *fixture) consensus.Signed
		want    error
	}{
		{"old view", func(f *fixture) {
			j := consensus.Justification{Timeout: f.plainTimeoutQC(1)}
			require.NoError(f.t, f.handle(f.sign(0, &consensus.ReplicaNewView{Justification: j})))
		}, func(f *fixture) consensus.Signed { return f.view1([]byte("p")) }, consensus.ErrOld},
		{"wrong phase", func(f *fixture) {
			require.NoError(f.t, f.handle(f.view1([]byte("first"))))
		}, func(f *fixture) consensus.Signed { return f.view1([]byte("second")) }, consensus.ErrWrongPhase},
		{"wrong leader", nil, func(f *fixture) consensus.Signed {
			return f.proposal(1, (f.leader(1)+1)%6, []byte("p"), consensus.Justification{Timeout: f.plainTimeoutQC(0)})
		}, consensus.ErrWrongLeader},
		{"re-proposal with payload", nil, func(f *fixture) consensus.Signed {
			msgs := map[int]*consensus.ReplicaTimeout{}
			for i := range 5 {
				msgs[i] = &consensus.ReplicaTimeout{View: f.g.View(1), HighVote: f.commit(1, 0, []byte("x"))}
			}
			return f.proposal(2, f.leader(2), []byte("x"), consensus.Justification{Timeout: f.timeoutQC(1, msgs)})
		}, consensus.ErrReproposalPayload},
		{"new block without payload", nil, func(f *fixture) consensus.Signed { return f.view1(nil) }, consensus.ErrMissingPayload},
		{"oversize payload", nil, func(f *fixture) consensus.Signed { return f.view1(make([]byte, 1001)) }, consensus.ErrOversizePayload},
		{"pruned block", func(f *fixture) {
			qc := f.commitQC(f.commit(0, 0, []byte("final")))
			require.NoError(f.t, f.engine.Finalize(f.ctx, consensus.FinalBlock{Payload: []byte("final"), QC: qc}))
		}, func(f *fixture) consensus.Signed { return f.view1([]byte("p")) }, consensus.ErrPrunedBlock},
		{"missing previous block", nil, func(f *fixture) consensus.Signed {
			j := consensus.Justification{Commit: f.commitQC(f.commit(0, 5, []byte("five")))}
			return f.proposal(1, f.leader(1), []byte("six"), j)
		}, consensus.ErrPreviousNotFinal},
		{"engine refuses", nil, func(f *fixture) consensus.Signed { return f.view1([]byte("bad payload")) }, consensus.ErrPayloadRejected},
		{"invalid justification", nil, func(f *fixture) consensus.Signed {
			qc := f.plainTimeoutQC(0)
			qc.Sig = f.sign(0, &qc.Entries[0].Msg).Sig
			return f.proposal(1, f.leader(1), []byte("p"), consensus.Justification{Timeout: qc})
		}, consensus.ErrInvalidJustify},
		{"bad signature", nil, func(f *fixture) consensus.Signed {
			s := f.view1([]byte("p"))
			s.Sig = f.sign(0, s.Msg).Sig
			return s
		}, consensus.ErrBadSignature},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t, 6)
			if tc.prepare != nil {
				tc.prepare(f)
			}
			msg := tc.msg(f)
			f.tr.reset()
			err := f.handle(msg)
			require.ErrorIs(t, err, tc.want)
			require.Zero(t, f.tr.count(consensus.KindCommit), "no vote after a refused proposal")
		})
	}
}

// Group 6: commit aggregation.
func TestCommitAggregation(t *testing.T) {
	f := newFixture(t, 6)
	payload := []byte("block zero")
	require.NoError(t, f.handle(f.view1(payload)))
	msg := f.commit(1, 0, payload)
	var others []int
	for i := range 6 {
		if i != f.me {
			others = append(others, i)
		}
	}
	// The replica's own vote counts once it comes back through the transport.
	require.NoError(t, f.handle(f.sign(f.me, msg)))
	// A second, different commit from one signer in one view.
	require.NoError(t, f.handle(f.sign(others[0], msg)))
	require.ErrorIs(t, f.handle(f.sign(others[0], f.commit(1, 0, []byte("other")))), consensus.ErrDuplicateSigner)
	require.ErrorIs(t, f.handle(f.sign(others[0], msg)), consensus.ErrDuplicateSigner)
	// quorum-1 = 4 votes: no QC.
	require.NoError(t, f.handle(f.sign(others[1], msg)))
	require.NoError(t, f.handle(f.sign(others[2], msg)))
	view, _ := f.replica.View()
	require.Equal(t, uint64(1), view)
	require.Zero(t, f.engine.Height())
	// The quorum-th: QC, block final, next view.
	require.NoError(t, f.handle(f.sign(others[3], msg)))
	view, phase := f.replica.View()
	require.Equal(t, uint64(2), view)
	require.Equal(t, consensus.PhasePrepare, phase)
	require.Equal(t, 1, f.engine.Height())
	require.Equal(t, payload, f.engine.Blocks()[0].Payload)
	require.NoError(t, f.engine.Blocks()[0].QC.Verify(f.g))
	// Later commits for that view are old.
	require.ErrorIs(t, f.handle(f.sign(others[4], msg)), consensus.ErrOld)
}

// Group 9: restarts from persisted state.
func TestRestartInCommitPhaseRefusesProposal(t *testing.T) {
	f := newFixture(t, 6)
	first := f.view1([]byte("first"))
	require.NoError(t, f.handle(first))
	require.Equal(t, 1, f.tr.count(consensus.KindCommit))
	f.restart()
	f.tr.reset()
	// Neither the same proposal nor a different one from an equivocating
	// leader gets a second vote in view 1.
	require.ErrorIs(t, f.handle(first), consensus.ErrWrongPhase)
	require.ErrorIs(t, f.handle(f.view1([]byte("second"))), consensus.ErrWrongPhase)
	require.Zero(t, f.tr.count(consensus.KindCommit))
	view, phase := f.replica.View()
	require.Equal(t, uint64(1), view)
	require.Equal(t, consensus.PhaseCommit, phase)
}

func TestRestartInTimeoutPhaseRebroadcasts(t *testing.T) {
	f := newFixture(t, 6)
	require.NoError(t, f.handle(f.sign(0, &consensus.ReplicaNewView{Justification: consensus.Justification{Timeout: f.plainTimeoutQC(0)}})))
	f.clock.Advance(time.Second)
	require.NoError(t, f.replica.Tick(f.ctx))
	_, phase := f.replica.View()
	require.Equal(t, consensus.PhaseTimeout, phase)

	f.restart()
	f.tr.reset()
	for round := 1; round <= 3; round++ {
		require.NoError(t, f.replica.Tick(f.ctx))
		require.Equal(t, round, f.tr.count(consensus.KindTimeout), "round %d", round)
		require.Equal(t, round, f.tr.count(consensus.KindNewView), "round %d", round)
		// Nothing more before the next view_timeout.
		f.clock.Advance(time.Second - time.Millisecond)
		require.NoError(t, f.replica.Tick(f.ctx))
		require.Equal(t, round, f.tr.count(consensus.KindTimeout))
		f.clock.Advance(time.Millisecond)
	}
	tm := f.tr.last(consensus.KindTimeout).(*consensus.ReplicaTimeout)
	require.Equal(t, uint64(1), tm.View.Number)
}

// A replica persists before every vote: the state stored when the vote
// leaves already holds the vote.
func TestStatePersistedBeforeVote(t *testing.T) {
	f := newFixture(t, 6)
	tr := &persistCheck{f: f}
	r, err := consensus.NewReplica(consensus.Config{Key: f.setup.Keys[f.me], Engine: f.engine, Transport: tr, Clock: f.clock, ViewTimeout: time.Second})
	require.NoError(t, err)
	require.NoError(t, r.Start(f.ctx))
	require.NoError(t, r.HandleMessage(f.ctx, f.view1([]byte("p"))))
	require.NoError(t, r.Tick(f.ctx))
	f.clock.Advance(time.Second)
	require.NoError(t, r.Tick(f.ctx))
	require.Equal(t, 2, tr.votes)
}

type persistCheck struct {
	recorder
	f     *fixture
	votes int
}

func (p *persistCheck) Broadcast(m consensus.Signed) {
	raw, err := p.f.engine.ReplicaState(p.f.ctx)
	require.NoError(p.f.t, err)
	s, err := consensus.DecodeReplicaState(raw, 0)
	require.NoError(p.f.t, err)
	switch msg := m.Msg.(type) {
	case *consensus.ReplicaCommit:
		p.votes++
		require.Equal(p.f.t, consensus.PhaseCommit, s.Phase)
		require.Equal(p.f.t, msg, s.HighVote)
		require.True(p.f.t, bytes.Equal([]byte("p"), s.Proposals[0].Payload))
	case *consensus.ReplicaTimeout:
		p.votes++
		require.Equal(p.f.t, consensus.PhaseTimeout, s.Phase)
		require.Equal(p.f.t, msg.View.Number, s.View)
	}
}

// Group 10: future-view votes from one validator keep one cache entry.
func TestSpamKeepsOneEntryPerSigner(t *testing.T) {
	f := newFixture(t, 6)
	spammer := (f.me + 1) % 6
	for v := uint64(5); v < 60; v++ {
		require.NoError(t, f.handle(f.sign(spammer, f.commit(v, v, []byte{byte(v)}))))
		require.NoError(t, f.handle(f.sign(spammer, &consensus.ReplicaTimeout{View: f.g.View(v)})))
	}
	commits, timeouts := f.replica.PendingVotes()
	require.Equal(t, 1, commits)
	require.Equal(t, 1, timeouts)
	view, _ := f.replica.View()
	require.Equal(t, uint64(0), view, "one validator cannot move the replica")
}

func TestUnknownSignerRefused(t *testing.T) {
	f := newFixture(t, 6)
	other := newFixture(t, 7)
	err := f.handle(other.sign(0, f.commit(1, 0, []byte("x"))))
	require.ErrorIs(t, err, consensus.ErrUnknownSigner)
}

// Commit votes are verified in one aggregate at quorum; forged votes are
// found and dropped, and cannot take the place of a genuine vote.
func TestForgedCommitVotes(t *testing.T) {
	f := newFixture(t, 6)
	payload := []byte("block zero")
	require.NoError(t, f.handle(f.view1(payload)))
	msg := f.commit(1, 0, payload)
	var o []int
	for i := range 6 {
		if i != f.me {
			o = append(o, i)
		}
	}
	forge := func(as, by int) consensus.Signed {
		s := f.sign(by, msg)
		s.Signer = f.key(as)
		return s
	}
	// A forged vote for o[0], then o[0]'s genuine vote: the genuine one wins the slot.
	require.NoError(t, f.handle(forge(o[0], o[1])))
	require.NoError(t, f.handle(f.sign(o[0], msg)))
	require.ErrorIs(t, f.handle(f.sign(o[0], msg)), consensus.ErrDuplicateSigner)
	require.NoError(t, f.handle(f.sign(f.me, msg)))
	require.NoError(t, f.handle(f.sign(o[1], msg)))
	require.NoError(t, f.handle(f.sign(o[2], msg)))
	// The fifth vote is forged: the aggregate fails, it is dropped, no QC.
	err := f.handle(forge(o[3], o[2]))
	require.ErrorIs(t, err, consensus.ErrBadSignature)
	view, _ := f.replica.View()
	require.Equal(t, uint64(1), view)
	require.Zero(t, f.engine.Height())
	// o[3]'s genuine vote completes the quorum.
	require.NoError(t, f.handle(f.sign(o[3], msg)))
	view, _ = f.replica.View()
	require.Equal(t, uint64(2), view)
	require.Equal(t, 1, f.engine.Height())
	require.NoError(t, f.engine.Blocks()[0].QC.Verify(f.g))
}

// Timeouts, like commits, are verified in one aggregate at quorum: forged
// ones are found and dropped, cannot take a genuine timeout's place, and the
// TimeoutQC built in the end verifies on its own.
func TestForgedTimeouts(t *testing.T) {
	f := newFixture(t, 6)
	plain := &consensus.ReplicaTimeout{View: f.g.View(0)}
	// Another timeout content, so that the aggregate spans two messages.
	withVote := &consensus.ReplicaTimeout{View: f.g.View(0), HighVote: f.commit(0, 0, []byte("x"))}
	var o []int
	for i := range 6 {
		if i != f.me {
			o = append(o, i)
		}
	}
	forge := func(as, by int, m *consensus.ReplicaTimeout) consensus.Signed {
		s := f.sign(by, m)
		s.Signer = f.key(as)
		return s
	}
	// A forged timeout for o[0] (sent twice), then o[0]'s genuine one: the
	// genuine one wins the slot, and is itself held once.
	require.NoError(t, f.handle(forge(o[0], o[1], plain)))
	require.ErrorIs(t, f.handle(forge(o[0], o[1], plain)), consensus.ErrDuplicateSigner)
	require.NoError(t, f.handle(f.sign(o[0], plain)))
	require.ErrorIs(t, f.handle(f.sign(o[0], plain)), consensus.ErrDuplicateSigner)
	require.ErrorIs(t, f.handle(f.sign(o[0], withVote)), consensus.ErrDuplicateSigner)
	require.NoError(t, f.handle(f.sign(f.me, plain)))
	require.NoError(t, f.handle(f.sign(o[1], withVote)))
	require.NoError(t, f.handle(f.sign(o[2], plain)))
	// The fifth timeout is forged: the aggregate fails, it is dropped, no QC.
	require.ErrorIs(t, f.handle(forge(o[3], o[2], withVote)), consensus.ErrBadSignature)
	view, _ := f.replica.View()
	require.Equal(t, uint64(0), view)
	_, timeouts := f.replica.PendingVotes()
	require.Equal(t, 4, timeouts)
	// o[3]'s genuine timeout completes the quorum.
	f.tr.reset()
	require.NoError(t, f.handle(f.sign(o[3], withVote)))
	view, _ = f.replica.View()
	require.Equal(t, uint64(1), view)
	nv, ok := f.tr.last(consensus.KindNewView).(*consensus.ReplicaNewView)
	require.True(t, ok)
	require.NotNil(t, nv.Justification.Timeout)
	require.Len(t, nv.Justification.Timeout.Entries, 2)
	require.NoError(t, nv.Justification.Timeout.Verify(f.g))
}

// A justification carrying the message of the replica's own high QC is
// accepted without a second check, and the replica keeps its verified copy.
func TestJustificationForOwnHighQC(t *testing.T) {
	f := newFixture(t, 6)
	payload := []byte("block zero")
	require.NoError(t, f.handle(f.view1(payload)))
	msg := f.commit(1, 0, payload)
	for i := range 5 {
		require.NoError(t, f.handle(f.sign(i, msg)))
	}
	own := f.replica.HighCommitQC()
	require.NotNil(t, own)
	forged := *own
	forged.Sig = f.sign(0, msg).Sig
	require.Error(t, forged.Verify(f.g))
	leader := f.leader(2)
	require.NoError(t, f.handle(f.sign(leader, &consensus.LeaderProposal{Payload: []byte("block one"), Justification: consensus.Justification{Commit: &forged}})))
	require.NoError(t, f.replica.HighCommitQC().Verify(f.g))
	// A different message with a bad signature is still refused.
	other := f.commitQC(f.commit(2, 1, []byte("other")))
	other.Sig = forged.Sig
	nv := f.sign(leader, &consensus.ReplicaNewView{Justification: consensus.Justification{Commit: other}})
	require.ErrorIs(t, f.handle(nv), consensus.ErrInvalidJustify)
}

// A leader restarted in the view it proposed in re-sends the same proposal,
// even if its engine would now build another payload.
func TestLeaderRestartResendsSameProposal(t *testing.T) {
	f := newFixture(t, 6)
	leader := f.leader(1)
	eng := harness.NewMemEngine(f.g, 7, nil)
	tr := &recorder{}
	start := func() *consensus.Replica {
		r, err := consensus.NewReplica(consensus.Config{Key: f.setup.Keys[leader], Engine: eng, Transport: tr, Clock: f.clock, ViewTimeout: time.Second})
		require.NoError(t, err)
		require.NoError(t, r.Start(f.ctx))
		return r
	}
	r := start()
	other := (leader + 1) % 6
	require.NoError(t, r.HandleMessage(f.ctx, f.sign(other, &consensus.ReplicaNewView{Justification: consensus.Justification{Timeout: f.plainTimeoutQC(0)}})))
	first, ok := tr.last(consensus.KindProposal).(*consensus.LeaderProposal)
	require.True(t, ok)

	eng.PayloadSize = 64 // a fresh build would differ
	tr.reset()
	start()
	again, ok := tr.last(consensus.KindProposal).(*consensus.LeaderProposal)
	require.True(t, ok)
	require.Equal(t, first.Payload, again.Payload)
	require.Equal(t, consensus.SigningHash(first), consensus.SigningHash(again))
}

func TestNewViewRules(t *testing.T) {
	f := newFixture(t, 6)
	nonLeader := (f.leader(1) + 1) % 6
	j1 := consensus.Justification{Timeout: f.plainTimeoutQC(0)}
	// A future view from any validator moves the replica forward.
	require.NoError(t, f.handle(f.sign(nonLeader, &consensus.ReplicaNewView{Justification: j1})))
	view, phase := f.replica.View()
	require.Equal(t, uint64(1), view)
	require.Equal(t, consensus.PhasePrepare, phase)
	require.Equal(t, 1, f.tr.count(consensus.KindNewView), "the replica announces its new view")
	// The current view: only from its leader.
	require.ErrorIs(t, f.handle(f.sign(nonLeader, &consensus.ReplicaNewView{Justification: j1})), consensus.ErrOld)
	require.NoError(t, f.handle(f.sign(f.leader(1), &consensus.ReplicaNewView{Justification: j1})))
	// An invalid justification for a future view is refused.
	bad := f.plainTimeoutQC(1)
	bad.Sig = f.sign(0, &bad.Entries[0].Msg).Sig
	require.ErrorIs(t, f.handle(f.sign(nonLeader, &consensus.ReplicaNewView{Justification: consensus.Justification{Timeout: bad}})), consensus.ErrInvalidJustify)
	view, _ = f.replica.View()
	require.Equal(t, uint64(1), view)
}
