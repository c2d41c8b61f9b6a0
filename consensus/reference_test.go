// ChonkyBFT in Cairn and in era-consensus, rule by rule.
//
// The reference is matter-labs/era-consensus (protocol version 2):
//
//	bft    node/components/bft/src/v2_chonky_bft/ (proposal.rs, commit.rs, timeout.rs,
//	       new_view.rs, proposer.rs, block.rs, mod.rs) and node/components/bft/src/lib.rs
//	roles  node/libs/roles/src/validator/messages/v2/ (leader_proposal.rs,
//	       replica_commit.rs, replica_timeout.rs, consensus.rs, block.rs, state.rs) and
//	       node/libs/roles/src/validator/messages/schedule.rs
//	spec   spec/informal-spec/ (replica.rs, proposer.rs, types.rs) and
//	       spec/protocol-spec/replica.qnt (the Quint model and its invariants)
//
// Where the Rust implementation and the spec disagree, Cairn follows the
// implementation; the entry says so. Each entry gives the rule, where it
// lives there ("era") and here ("Cairn", files of this package), the verdict,
// and the tests that pin it (in this package unless marked harness). A
// verdict is one of: same; Cairn+ (Cairn checks or does more, and why that is
// safe); differs (and why that is safe); fixed (was a defect, the commit that
// fixed it). Tests named TestReference... are in this file.
//
// Thresholds and schedule
//
//  1. Weights. f = (W-1)/5 rounded down, quorum W-f, subquorum W-3f; a QC
//     needs weight >= quorum, a high vote >= subquorum.
//     era:   roles schedule.rs max_faulty_weight, quorum_threshold,
//     subquorum_threshold; spec types.rs, replica.qnt.
//     Cairn: committee.go Committee.Faulty, Quorum, Subquorum.
//     Same.  Pinned: TestThresholds; at quorum: TestCommitAggregation,
//     TestForgedTimeouts; at subquorum: TestTimeoutQCHighVote ("3 on A").
//  2. Committee. Sorted by key (signer bitmaps and leader indexes use that
//     order); no duplicate key, no zero weight, no weight overflow, not empty,
//     at least one leader.
//     era:   schedule.rs Schedule::new.   Cairn: committee.go NewCommittee.
//     Cairn+: it also checks every proof of possession (rogue keys would
//     otherwise forge aggregate signatures), a frequency >= 1 (era's comment
//     reads 0 as "never rotate", but its view_leader divides by it) and a size
//     limit.  Pinned: TestCommitteeErrors, TestScheduleSortedByKey.
//  3. Leader. turn = view / frequency; round robin: leaders[turn mod count];
//     weighted: keccak256(turn as 8 big-endian bytes) mod leader weight,
//     walked over the leaders in schedule order.
//     era:   schedule.rs Schedule::view_leader, leader_weighted_eligibility.
//     Cairn: committee.go Committee.LeaderIndex.
//     Same.  Pinned: TestLeaderRoundRobin, TestLeaderWeighted.
//
// on_proposal, in era's order (era: bft proposal.rs on_proposal; spec
// replica.rs and replica.qnt on_proposal; Cairn: replica.go onProposal)
//
//  4. A justification is exactly one QC (era: an enum). Cairn checks it, and
//     the justification's genesis and epoch, first.
//     Same.  Pinned: TestReferenceJustificationIsOneQC,
//     TestReferenceMessageChecks ("new view of another genesis").
//  5. View and phase: a proposal of an earlier view, or of the current view
//     once the replica voted or timed out, is refused.
//     Same (ErrOld, ErrWrongPhase).  Pinned: TestProposalRejections ("old
//     view", "wrong phase"), TestRestartInCommitPhaseRefusesProposal,
//     TestReferenceProposalAfterTimeoutRefused.
//     Cairn+: a refused proposal of a past view whose payload matches the
//     replica's high QC hands that payload to the block (latePayload): the
//     QC's payload hash vouches for it; era leaves it to block sync.  Pinned:
//     TestReferenceLatePayloadFinalizes.
//  6. Leader: signed by the leader of the proposal's view.
//     Same.  Pinned: TestProposalRejections ("wrong leader"),
//     TestReferenceMessageChecks ("proposal from outside the committee").
//  7. Signature, then the justification's QC (LeaderProposal::verify,
//     ProposalJustification::verify).
//     Same.  Pinned: TestProposalRejections ("bad signature", "invalid
//     justification").  Cairn+: a CommitQC with the message of the replica's
//     own (verified) high QC is not verified again (verifyJustification);
//     fixed in 719f3d7: such an unchecked copy could reach Engine.Finalize
//     (processCommitQC now keeps the verified copy).  Pinned:
//     TestJustificationForOwnHighQC, TestReferenceFinalizeGetsVerifiedQC.
//  8. When the justification is taken. era takes it after all checks, when
//     it votes; Cairn as soon as it is verified, before the payload checks.
//     Differs, safe: it is a verified QC, as any validator's new view may
//     bring; a proposal refused afterwards leaves the replica in its view
//     holding a QC of a later view, which its next new view (sent on timeout,
//     and received by itself) acts on. Needed: the QC may finalize the
//     previous block, which Cairn's non-blocking wait (rule 12) would
//     otherwise never see.  Pinned: TestReferenceJustificationFinalizesPreviousBlock.
//  9. Implied block (rule 16), then the pruned-block check. era refuses only
//     a block below the first block its storage still holds
//     (engine_manager.queued().first); the spec votes only for block number
//     == number of committed blocks. Cairn refuses a new payload for a block
//     final here (or certified by its high QC), and a re-proposal of such a
//     block unless it re-proposes the payload known final (finalHere,
//     finalPayload).
//     Cairn+ for new payloads (a fork attempt, or a proposal the engine could
//     not verify).  Fixed in 2606743 for re-proposals: Cairn refused them all,
//     as the spec does, and the replica that alone holds a block's CommitQC
//     then refuses every re-proposal of it the others' TimeoutQCs imply - a
//     vote the quorum may need; era votes. A re-proposal of another payload
//     for a final block is still refused.  Pinned: TestProposalRejections
//     ("pruned block"), TestReferenceReproposalOfFinalBlockGetsVote.
//  10. Re-proposal carries no payload; a new proposal carries one.
//     Same.  Pinned: TestProposalRejections ("re-proposal with payload", "new
//     block without payload"), TestTimeoutQCSplitHighVoteImpliesReproposal.
//  11. Payload size <= the limit.
//     Same.  Pinned: TestProposalRejections ("oversize payload"),
//     TestReferencePayloadLimitInclusive.
//  12. Previous block. A new payload is verified only once the block before
//     it is stored. era blocks the state machine until then, at most until
//     the view's deadline (wait_until_persisted); Cairn keeps the proposal
//     (pending) and takes it up again after each event (retryPending), and a
//     proposal whose view or prepare phase has passed gets no vote.
//     Differs, same outcome; Cairn keeps handling messages meanwhile. era
//     waits for block first-1 too, Cairn not (the block before the first is
//     not consensus's).  Pinned: TestProposalRejections ("missing previous
//     block"), TestReferenceProposalWaitsForPreviousBlock.
//  13. The engine verifies the payload; the payload is cached for its block.
//     Same.  Pinned: TestProposalRejections ("engine refuses"), TestReferencePruning.
//  14. Vote: commit (proposal's view, implied number, payload hash); view :=
//     proposal's view, phase := commit, high vote := the commit; persist;
//     broadcast (to itself too).
//     Same.  Pinned: TestProposalAccepted, TestStatePersistedBeforeVote.
//     Differs: entering a later view this way restarts the view timer in
//     Cairn (not in era); see rule 26.
//
// QCs and the implied block (era: roles leader_proposal.rs, replica_timeout.rs;
// Cairn: qc.go)
//
//  15. High vote of a TimeoutQC: the one header whose high votes reach
//     subquorum weight, none if zero or several do. era's TimeoutQC::high_vote
//     tallies by header; the spec (types.rs, replica.qnt high_vote) by the
//     whole vote, view included.
//     Fixed in 2698495 (Cairn tallied by view and header, as the spec: one
//     faulty validator could have two blocks final at one height); Cairn now
//     tallies by header, as era, and returns the vote of the highest view.
//     Pinned: TestTimeoutQCHighVote, TestTimeoutQCSplitHighVoteImpliesReproposal,
//     harness TestReproposal, TestReproposalKeepsBlockFinalAtOneReplica.
//  16. Implied block (get_implied_block): CommitQC of n -> n+1, new; TimeoutQC
//     with a high vote above its high QC's block (or no high QC) -> re-propose
//     the high vote; otherwise high QC's block + 1, or the first block.
//     era:   ProposalJustification::get_implied_block.   Cairn:
//     Justification.ImpliedBlock.
//     Same (the spec starts at 0, era and Cairn at the genesis' first block).
//     Pinned: TestImpliedBlock, TestReferenceImpliedBlockEdges.
//  17. High QC of a TimeoutQC: the CommitQC of the highest view among its
//     timeouts.  era: TimeoutQC::high_qc.   Cairn: TimeoutQC.HighQC.
//     Same (on a tie of views era keeps the last, Cairn the first: both
//     verified, only the header is used).  Pinned: TestTimeoutQCMixedMessagesVerify.
//  18. CommitQC verification: message (genesis, epoch), bitmap of the
//     committee's size, weight >= quorum, aggregate signature.
//     era: CommitQC::verify, ReplicaCommit::verify, View::verify.   Cairn:
//     verifier.commitQC, verifier.commit.
//     Same.  Cairn+: the block is not before the genesis' first block.
//     Pinned: TestCommitQCVerifyRejects, TestReferenceMessageChecks.
//  19. TimeoutQC verification: genesis and epoch; per timeout: its view is
//     the QC's, bitmap size, not empty, no signer twice, the timeout valid
//     (rule 22); weight >= quorum; aggregate signature over the distinct
//     timeouts.  era: TimeoutQC::verify.   Cairn: verifier.timeoutQC.
//     Same.  Cairn+: at least one timeout, no timeout twice (era's map key).
//     Pinned: TestTimeoutQCVerifyRejects, TestTimeoutQCMixedMessagesVerify.
//  20. Final block: payload hash is the QC's, QC verifies.
//     era: roles block.rs FinalBlock::verify.   Cairn: types.go FinalBlock.Verify.
//     Same.  Pinned: TestReferenceMessageChecks ("final block").
//
// Votes (era: bft commit.rs on_commit, timeout.rs on_timeout; Cairn:
// replica.go onCommit, commitQuorum, onTimeout, timeoutQuorum)
//
//  21. Commit: signer in the committee; not of an earlier view; not a second
//     vote of its signer at that view or earlier; signature; genesis and
//     epoch; tallied per message; at quorum: CommitQC, processed (rule 24),
//     new view (view+1), also for a view ahead of the replica.
//     Same.  Pinned: TestUnknownSignerRefused, TestCommitAggregation,
//     TestReferenceCommitQuorumPerMessage, TestReferenceFutureViewQuorums,
//     TestReferenceMessageChecks.
//     Differs: signatures are checked lazily, in one aggregate at quorum
//     (forged votes are then found one by one and dropped), and the replica
//     keeps each signer's newest vote, where era verifies each vote and keeps
//     one growing QC per (view, message), pruned to views some validator's
//     newest vote is at. Safe: no QC is used before its aggregate verified,
//     and a forged vote cannot keep a genuine one of its view out
//     (TestForgedCommitVotes). A forged vote of a later view does displace
//     its signer's genuine vote; only that signer can send it (a p2p
//     consensus stream takes only messages whose signer is the sending
//     peer's key), which is no more than withholding its vote.  Pinned:
//     TestForgedCommitVotes, TestSpamKeepsOneEntryPerSigner.
//  22. Timeout: as a commit; the message valid: genesis and epoch, its high
//     vote's too, its high QC verified (ReplicaTimeout::verify); all timeouts
//     of one view aggregate into one TimeoutQC (different high votes and QCs
//     allowed); at quorum: processed (rule 25), new view (view+1).
//     Same, with rule 21's differences.  Cairn+: the high vote is not of a
//     later view and the high QC is of an earlier view (the spec's optional
//     checks), blocks not before the first. An honest replica breaks the
//     second only after rule 8 gave it a CommitQC of its own view or later,
//     and then its new view, sent with the timeout, moves it (and the others)
//     past that view: the refused timeout was for a finished view.  Pinned:
//     TestForgedTimeouts, TestTimeoutQCMixedMessagesVerify,
//     TestReferenceFutureViewQuorums, TestReferenceMessageChecks.
//  23. New view: of an earlier view refused, of the current view only from
//     its leader; signer in the committee; signature; justification verified
//     and processed; a later view starts that view (start_new_view).
//     era: bft new_view.rs on_new_view.   Cairn: onNewView.
//     Same.  Pinned: TestNewViewRules.  Differs: Cairn checks the signature
//     only of the leader's new view of the current view: moving to a later
//     view needs only the QC, which authenticates itself.  Pinned:
//     TestReferenceNewViewSignature.  Fixed in c43a7f2: Cairn skipped the
//     leader's new view of the current view whenever it held a justification
//     for the view, losing the CommitQC it may carry (era: "the replicas
//     should NOT ignore the NewView from the leader"); now skipped only when
//     it brings no newer QC (newerQC).  Pinned:
//     TestReferenceLeaderNewViewOfCurrentViewBringsCommitQC.
//
// State (era: bft mod.rs process_commit_qc, process_timeout_qc, block.rs
// save_block; Cairn: processCommitQC, processTimeoutQC, finalize)
//
//  24. CommitQC taken: the high QC rises to it if newer; its block is made
//     final when the replica holds the payload (and, in Cairn and the spec,
//     the block is the next one; era queues it and waits).
//     Same.  Cairn+: finalize is tried for every verified CommitQC seen, not
//     only a newer one (a payload that came late still finalizes).  Pinned:
//     TestCommitAggregation, TestReferenceHighQCsOnlyRise,
//     TestReferenceJustificationFinalizesPreviousBlock.
//  25. TimeoutQC taken: its high QC as rule 24; the high TimeoutQC rises to it
//     if newer.  Same.  Pinned: TestReferenceHighQCsOnlyRise.
//  26. Start new view: view := v, phase := prepare; prune (rule 29); persist;
//     broadcast a new view of the justification; the timer restarts; the
//     proposer gets the justification.
//     era: new_view.rs start_new_view.   Cairn: startNewView, enterView.
//     Same.  Pinned: TestNewViewRules, TestReferenceStatePersistedBeforeNewView,
//     TestReferenceTimerRestartsOnNewView.
//  27. Justification: the newer of the high CommitQC and high TimeoutQC; on a
//     tie the CommitQC.  era: get_justification; spec create_justification.
//     Cairn: highJustification.
//     Same.  Pinned: TestReferenceJustificationTieGoesToCommitQC.
//  28. Timer. View 0 times out at once (no justification exists for it), with
//     no new view; when the deadline passes: phase := timeout, persist,
//     broadcast a new view (not at view 0) and a timeout carrying the high
//     vote and high CommitQC; the timer restarts, so both are sent again every
//     view timeout until the view changes.
//     era: mod.rs run, timeout.rs start_timeout.   Cairn: Start, Tick, timeoutView.
//     Same.  Pinned: TestReferenceFirstViewTimesOutAtOnce,
//     TestReferenceTimeoutCarriesHighVoteAndHighQC,
//     TestRestartInTimeoutPhaseRebroadcasts.  Differs: the Quint model sends
//     one timeout and no new view (it loses no message); the informal spec,
//     era and Cairn re-send both, rebuilt each time, so a later timeout may
//     carry a newer high QC (harmless: both are valid, a replica counts the
//     first it handles). Cairn persists when it enters the timeout phase, era
//     at every re-send: a QC taken in between is persisted with the next
//     state change, and a restart meanwhile re-sends the older, still valid,
//     QC. After a restart in the timeout phase Cairn re-sends at once, era
//     after a view timeout.
//  29. Persist before anything leaves: before a commit, a timeout, a new view.
//     era: backup_state in on_proposal, start_timeout, start_new_view.
//     Cairn: persist.  Same.  Pinned: TestStatePersistedBeforeVote,
//     TestReferenceStatePersistedBeforeNewView, harness TestCrashRestartNoEquivocation.
//     Cairn+: the leader persists its proposal and re-sends it after a
//     restart in that view (era does not persist it and does not propose
//     again in that view).  Pinned: TestLeaderRestartResendsSameProposal.
//     Differs: era's state records the epoch and a state of another epoch is
//     dropped on start; Cairn's does not, and relies on the node refusing a
//     data directory of another genesis (store.CheckGenesis, with a genesis
//     hash that covers the consensus committee; the epoch is fixed).
//  30. Pruning. era drops cached payloads at or below the high QC's block on
//     a new view (it saved that block already). Cairn drops those at or below
//     the last final block and below the high QC's block: the high QC's block
//     waits, cached, for the block before it.  Differs, safe (keeps more).
//     Pinned: TestReferencePruning. Vote caches: rule 21.
//  31. Inbound queue. era (bft lib.rs) drops messages whose signature fails
//     and keeps per (signer, kind) the newest view, the first of equal views;
//     Cairn's Inbox keeps the newest view, the latest of equal views (a
//     re-sent timeout or new view may carry a newer QC), and checks no
//     signature (the transport authenticates the signer, rule 21).
//     Differs, safe.  Pinned: harness TestInboxKeepsNewestPerSignerAndKind.
//
// Proposer (era: bft proposer.rs run_proposer, create_proposal; spec
// proposer.rs; Cairn: maybePropose, finishProposal, propose)
//
//  32. The leader of the view proposes from the justification of that view:
//     a re-proposal without payload, else a new payload once the previous
//     block is stored; once per view.
//     Same.  Pinned: TestReferenceProposer, harness TestReproposal.
//     Differs: era drops its own proposal if the payload is over the limit;
//     Cairn sends it and every replica refuses it (rule 11): the same view
//     without a block either way.
//
// Invariants of the Quint model (replica.qnt)
//
//  33. agreement_inv (no two blocks final at one height): harness TestTwins
//     (Checker.Final), TestTimeoutQCSplitHighVoteImpliesReproposal, harness
//     TestReproposalKeepsBlockFinalAtOneReplica.
//  34. no_commit_equivocation_inv, and no vote without a valid proposal of
//     the view: TestProposalRejections (no vote after any refusal),
//     TestRestartInCommitPhaseRefusesProposal,
//     TestReferenceProposalAfterTimeoutRefused, harness TestTwins and
//     TestCrashRestartNoEquivocation (Checker.Sent).
//  35. no_proposal_equivocation_inv: TestLeaderRestartResendsSameProposal,
//     TestReferenceProposer.
//  36. no_timeout_equivocation_inv and no_new_view_equivocation_inv do not
//     hold in era or Cairn (rule 28): re-sent messages of one view may carry
//     a newer QC. Harmless: every version is valid, and a replica counts the
//     first timeout of a signer in a view.
//  37. store_signed_commit_all_inv, store_signed_timeout_all_inv (one vote
//     per signer and view counted): TestCommitAggregation, TestForgedTimeouts,
//     TestSpamKeepsOneEntryPerSigner.
//  38. view_justification_inv (a view changes only on a verified QC):
//     TestNewViewRules, TestProposalRejections ("invalid justification"),
//     TestSpamKeepsOneEntryPerSigner (one validator cannot move a replica).
//  39. justification_is_supported_inv, all_replicas_high_commit_qc_inv,
//     all_replicas_high_timeout_qc_inv (QCs are backed by signatures):
//     TestCommitQCVerifyRejects, TestTimeoutQCVerifyRejects,
//     TestJustificationForOwnHighQC, TestReferenceFinalizeGetsVerifiedQC.
//  40. one_high_vote_in_timeout_qc_inv: TestTimeoutQCHighVote ("3/3").
//  41. one_commit_quorum_inv: follows from rules 1 and 34; harness TestTwins.
//  42. msgs_signed_timeout_inv, msgs_signed_commit_inv (what a correct
//     replica sends is valid): TestReferenceTimeoutCarriesHighVoteAndHighQC
//     (its own timeout passes its checks), TestCommitAggregation (its own
//     vote counts).
//  43. all_replicas_high_vote_inv, timeout_high_vote_is_highest_inv (the high
//     vote is the replica's last commit, and its timeouts carry it):
//     TestStatePersistedBeforeVote, TestReferenceTimeoutCarriesHighVoteAndHighQC,
//     harness Checker.Sent. The clause "high vote's view >= high CommitQC's
//     view" holds in neither implementation (a replica takes CommitQCs of
//     views it did not vote in) and nothing depends on it.
//  44. all_replicas_commit_is_backed_by_subquorum_inv (a replica votes for a
//     new block only holding its payload): TestStatePersistedBeforeVote (the
//     payload is persisted with the vote). Re-proposals are voted for
//     without the payload, in era and Cairn alike.

package consensus_test

import (
	"testing"
	"time"

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

// refState decodes the state the replica persisted last.
func refState(f *fixture) *consensus.ReplicaState {
	f.t.Helper()
	raw, err := f.engine.ReplicaState(f.ctx)
	require.NoError(f.t, err)
	s, err := consensus.DecodeReplicaState(raw, 0)
	require.NoError(f.t, err)
	return s
}

// refVotes has the given validators sign msg and hands the votes to the
// replica.
func refVotes(f *fixture, msg consensus.Msg, signers ...int) {
	f.t.Helper()
	for _, i := range signers {
		require.NoError(f.t, f.handle(f.sign(i, msg)))
	}
}

// refNonLeader is a validator other than the replica and the leader of view.
func refNonLeader(f *fixture, view uint64) int {
	for _, i := range refOthers(f) {
		if i != f.leader(view) {
			return i
		}
	}
	panic("no such validator")
}

// on_proposal, first check: no proposal of the current view is taken once
// the replica has left the prepare phase, by voting (TestProposalRejections)
// or by timing out (here).
func TestReferenceProposalAfterTimeoutRefused(t *testing.T) {
	f := newFixture(t, 6)
	require.NoError(t, f.handle(refNewView(f, refNonLeader(f, 1), consensus.Justification{Timeout: f.plainTimeoutQC(0)})))
	f.clock.Advance(time.Second)
	require.NoError(t, f.replica.Tick(f.ctx))
	_, phase := f.replica.View()
	require.Equal(t, consensus.PhaseTimeout, phase)
	f.tr.reset()
	require.ErrorIs(t, f.handle(f.view1([]byte("late"))), consensus.ErrWrongPhase)
	require.Zero(t, f.tr.count(consensus.KindCommit))
}

// A justification is exactly one QC (in era-consensus an enum): none or
// both is refused.
func TestReferenceJustificationIsOneQC(t *testing.T) {
	f := newFixture(t, 6)
	both := consensus.Justification{Timeout: f.plainTimeoutQC(0), Commit: f.commitQC(f.commit(0, 0, []byte("p")))}
	require.ErrorIs(t, f.handle(f.proposal(1, f.leader(1), []byte("p"), both)), consensus.ErrInvalidJustify)
	require.ErrorIs(t, f.handle(f.proposal(1, f.leader(1), []byte("p"), consensus.Justification{})), consensus.ErrInvalidJustify)
	require.ErrorIs(t, f.handle(refNewView(f, f.leader(1), consensus.Justification{})), consensus.ErrInvalidJustify)
	require.Zero(t, f.tr.count(consensus.KindCommit))
}

// The payload limit is inclusive: a payload of exactly MaxPayloadSize bytes
// is voted for (one byte more is refused, TestProposalRejections).
func TestReferencePayloadLimitInclusive(t *testing.T) {
	f := newFixture(t, 6)
	require.NoError(t, f.handle(f.view1(make([]byte, f.maxPay))))
	require.Equal(t, 1, f.tr.count(consensus.KindCommit))
}

// era-consensus waits (until the view's deadline) for the previous block to
// be stored before it verifies a new payload. Cairn keeps the proposal and
// takes it up again on the next event once the previous block is final; a
// proposal still waiting when its view times out gets no vote.
func TestReferenceProposalWaitsForPreviousBlock(t *testing.T) {
	p0 := []byte("zero")
	setup := func(t *testing.T) (*fixture, *consensus.CommitQC) {
		f := newFixture(t, 6)
		require.NoError(t, f.handle(refNewView(f, refNonLeader(f, 1), consensus.Justification{Timeout: f.plainTimeoutQC(0)})))
		qc0 := f.commitQC(f.commit(0, 0, p0))
		p := f.proposal(1, f.leader(1), []byte("one"), consensus.Justification{Commit: qc0})
		require.ErrorIs(t, f.handle(p), consensus.ErrPreviousNotFinal)
		require.Zero(t, f.tr.count(consensus.KindCommit))
		return f, qc0
	}
	t.Run("previous block final in the view", func(t *testing.T) {
		f, qc0 := setup(t)
		require.NoError(t, f.engine.Finalize(f.ctx, consensus.FinalBlock{Payload: p0, QC: qc0}))
		require.NoError(t, f.replica.Tick(f.ctx))
		c, ok := f.tr.last(consensus.KindCommit).(*consensus.ReplicaCommit)
		require.True(t, ok)
		require.Equal(t, *f.commit(1, 1, []byte("one")), *c)
	})
	t.Run("view timed out first", func(t *testing.T) {
		f, qc0 := setup(t)
		f.clock.Advance(time.Second)
		require.NoError(t, f.replica.Tick(f.ctx))
		require.NoError(t, f.engine.Finalize(f.ctx, consensus.FinalBlock{Payload: p0, QC: qc0}))
		require.NoError(t, f.replica.Tick(f.ctx))
		require.Zero(t, f.tr.count(consensus.KindCommit))
	})
}

// Cairn takes a proposal's (verified) justification before the payload
// checks, era-consensus after them: the CommitQC in it can finalize the
// previous block, whose payload the replica holds, so that the proposal is
// not left waiting for a block nothing else would finalize.
func TestReferenceJustificationFinalizesPreviousBlock(t *testing.T) {
	f := newFixture(t, 6)
	p0, p1 := []byte("zero"), []byte("one")
	require.NoError(t, f.handle(f.view1(p0)))
	qc := f.commitQC(f.commit(1, 0, p0))
	require.NoError(t, f.handle(f.proposal(2, f.leader(2), p1, consensus.Justification{Commit: qc})))
	require.Equal(t, 1, f.engine.Height())
	c, ok := f.tr.last(consensus.KindCommit).(*consensus.ReplicaCommit)
	require.True(t, ok)
	require.Equal(t, *f.commit(2, 1, p1), *c)
}

// get_implied_block at its edges: a high vote re-proposes only when it is
// above the high QC's block; with no high QC at all it always does.
func TestReferenceImpliedBlockEdges(t *testing.T) {
	f := newFixture(t, 6)
	qc := f.commitQC(f.commit(2, 1, []byte("one")))
	implied := func(hv *consensus.ReplicaCommit, hq *consensus.CommitQC) (uint64, *consensus.Hash) {
		msgs := map[int]*consensus.ReplicaTimeout{}
		for i := range 5 {
			msgs[i] = &consensus.ReplicaTimeout{View: f.g.View(3), HighVote: hv, HighQC: hq}
		}
		return consensus.Justification{Timeout: f.timeoutQC(3, msgs)}.ImpliedBlock(f.g)
	}
	// High vote for the high QC's own block: a new block after it.
	n, repro := implied(f.commit(2, 1, []byte("one")), qc)
	require.Equal(t, uint64(2), n)
	require.Nil(t, repro)
	// High vote below the high QC's block: the same.
	n, repro = implied(f.commit(1, 0, []byte("zero")), qc)
	require.Equal(t, uint64(2), n)
	require.Nil(t, repro)
	// High vote and no high QC: re-proposal, whatever its block.
	n, repro = implied(f.commit(2, 4, []byte("four")), nil)
	require.Equal(t, uint64(4), n)
	require.NotNil(t, repro)
	require.Equal(t, consensus.PayloadHash([]byte("four")), *repro)
}

// Commit votes are tallied per message, as era-consensus keeps one CommitQC
// per (view, message): votes of one view for different blocks never add up.
func TestReferenceCommitQuorumPerMessage(t *testing.T) {
	f := newFixture(t, 6)
	a := []byte("A")
	require.NoError(t, f.handle(f.view1(a)))
	o := refOthers(f)
	refVotes(f, f.commit(1, 0, a), f.me, o[0], o[1], o[2])
	refVotes(f, f.commit(1, 0, []byte("B")), o[3])
	view, _ := f.replica.View()
	require.Equal(t, uint64(1), view, "four votes for A and one for B are no quorum")
	refVotes(f, f.commit(1, 0, a), o[4])
	view, _ = f.replica.View()
	require.Equal(t, uint64(2), view)
	require.Equal(t, a, f.engine.Blocks()[0].Payload)
}

// A quorum of commits, or of timeouts, for a view ahead of the replica
// forms a QC there and moves the replica to the view after it, as in
// era-consensus.
func TestReferenceFutureViewQuorums(t *testing.T) {
	f := newFixture(t, 6)
	o := refOthers(f)
	vote := f.commit(4, 0, []byte("X"))
	refVotes(f, vote, o...)
	view, phase := f.replica.View()
	require.Equal(t, uint64(5), view)
	require.Equal(t, consensus.PhasePrepare, phase)
	require.Equal(t, vote.Header, f.replica.HighCommitQC().Header())
	refVotes(f, &consensus.ReplicaTimeout{View: f.g.View(7), HighVote: vote}, o...)
	view, _ = f.replica.View()
	require.Equal(t, uint64(8), view)
	nv, ok := f.tr.last(consensus.KindNewView).(*consensus.ReplicaNewView)
	require.True(t, ok)
	require.NotNil(t, nv.Justification.Timeout)
	require.Equal(t, uint64(7), nv.Justification.Timeout.View.Number)
}

// Message and QC checks beyond the ones TestProposalRejections,
// TestTimeoutQCVerifyRejects and TestCommitQCVerifyRejects pin. The first
// ones are era-consensus's; those marked "Cairn" are checks it adds.
func TestReferenceMessageChecks(t *testing.T) {
	f := newFixture(t, 6)
	other, err := consensus.NewGenesis(2, 0, 0, f.g.Committee)
	require.NoError(t, err)
	o := refOthers(f)
	stranger := newFixture(t, 7)
	qc1 := f.commitQC(f.commit(1, 0, []byte("zero")))
	badQC := *qc1
	badQC.Sig = f.sign(o[0], &qc1.Message).Sig
	cases := []struct {
		name string
		msg  consensus.Signed
		want error
	}{
		{"commit of another genesis", f.sign(o[0], &consensus.ReplicaCommit{View: other.View(1)}), consensus.ErrWrongGenesis},
		{"timeout of another genesis", f.sign(o[0], &consensus.ReplicaTimeout{View: other.View(1)}), consensus.ErrWrongGenesis},
		{"new view of another genesis", refNewView(f, o[0], consensus.Justification{Commit: &consensus.CommitQC{Message: consensus.ReplicaCommit{View: other.View(1)}}}), consensus.ErrWrongGenesis},
		{"timeout from outside the committee", stranger.sign(0, &consensus.ReplicaTimeout{View: f.g.View(1)}), consensus.ErrUnknownSigner},
		{"new view from outside the committee", stranger.sign(0, &consensus.ReplicaNewView{Justification: consensus.Justification{Commit: qc1}}), consensus.ErrUnknownSigner},
		{"proposal from outside the committee", stranger.sign(0, &consensus.LeaderProposal{Payload: []byte("p"), Justification: consensus.Justification{Commit: qc1}}), consensus.ErrWrongLeader},
		{"timeout with a high QC that does not verify", f.sign(o[0], &consensus.ReplicaTimeout{View: f.g.View(3), HighQC: &badQC}), consensus.ErrBadQC},
		{"Cairn: timeout with a high vote of a later view", f.sign(o[0], &consensus.ReplicaTimeout{View: f.g.View(3), HighVote: f.commit(4, 0, []byte("x"))}), consensus.ErrInvalidMessage},
		{"Cairn: timeout with a high QC of its own view", f.sign(o[0], &consensus.ReplicaTimeout{View: f.g.View(1), HighQC: qc1}), consensus.ErrInvalidMessage},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			require.ErrorIs(t, f.handle(tc.msg), tc.want)
		})
	}
	commits, timeouts := f.replica.PendingVotes()
	require.Zero(t, commits+timeouts, "no refused vote is kept")
	view, _ := f.replica.View()
	require.Zero(t, view)

	t.Run("CommitQC of another genesis", func(t *testing.T) {
		require.ErrorIs(t, qc1.Verify(other), consensus.ErrWrongGenesis)
	})
	t.Run("Cairn: CommitQC for a block before the first block", func(t *testing.T) {
		g5, err := consensus.NewGenesis(1, 0, 5, f.g.Committee)
		require.NoError(t, err)
		msg := consensus.ReplicaCommit{View: g5.View(1), Header: consensus.BlockHeader{Number: 4}}
		var votes []consensus.Signed
		for i := range 6 {
			votes = append(votes, f.sign(i, &msg))
		}
		qc, err := consensus.AggregateCommitQC(f.g.Committee, msg, votes)
		require.NoError(t, err)
		require.ErrorIs(t, qc.Verify(g5), consensus.ErrBadQC)
		msg.Header.Number = 5
		votes = votes[:0]
		for i := range 6 {
			votes = append(votes, f.sign(i, &msg))
		}
		qc, err = consensus.AggregateCommitQC(f.g.Committee, msg, votes)
		require.NoError(t, err)
		require.NoError(t, qc.Verify(g5))
	})
	t.Run("final block", func(t *testing.T) {
		require.NoError(t, (&consensus.FinalBlock{Payload: []byte("zero"), QC: qc1}).Verify(f.g))
		require.ErrorIs(t, (&consensus.FinalBlock{Payload: []byte("one"), QC: qc1}).Verify(f.g), consensus.ErrPayloadHashMismatch)
		require.ErrorIs(t, (&consensus.FinalBlock{Payload: []byte("zero"), QC: &badQC}).Verify(f.g), consensus.ErrBadQC)
	})
}

// process_commit_qc and process_timeout_qc: a high QC is replaced only by a
// newer one. An older CommitQC (a TimeoutQC's high QC) or TimeoutQC (one
// formed at the replica's view after a later one came with a refused
// proposal) leaves it.
func TestReferenceHighQCsOnlyRise(t *testing.T) {
	t.Run("CommitQC", func(t *testing.T) {
		f := newFixture(t, 6)
		qc1 := f.commitQC(f.commit(1, 0, []byte("zero")))
		qc3 := f.commitQC(f.commit(3, 1, []byte("one")))
		require.NoError(t, f.handle(refNewView(f, refOthers(f)[0], consensus.Justification{Commit: qc3})))
		refVotes(f, &consensus.ReplicaTimeout{View: f.g.View(4), HighQC: qc1}, refOthers(f)...)
		view, _ := f.replica.View()
		require.Equal(t, uint64(5), view)
		require.Equal(t, qc3.Message, f.replica.HighCommitQC().Message)
	})
	t.Run("TimeoutQC", func(t *testing.T) {
		f := newFixture(t, 6)
		later := f.proposal(5, f.leader(5), []byte("bad payload"), consensus.Justification{Timeout: f.plainTimeoutQC(4)})
		require.ErrorIs(t, f.handle(later), consensus.ErrPayloadRejected)
		refVotes(f, &consensus.ReplicaTimeout{View: f.g.View(0)}, refOthers(f)...)
		view, _ := f.replica.View()
		require.Equal(t, uint64(1), view)
		nv, ok := f.tr.last(consensus.KindNewView).(*consensus.ReplicaNewView)
		require.True(t, ok)
		require.Equal(t, uint64(5), nv.Justification.View().Number, "the TimeoutQC of view 4 is kept")
	})
}

// get_justification: the higher of the two high QCs, and on a tie the
// CommitQC.
func TestReferenceJustificationTieGoesToCommitQC(t *testing.T) {
	f := newFixture(t, 6)
	p0 := []byte("zero")
	require.NoError(t, f.handle(f.view1(p0)))
	require.NoError(t, f.handle(refNewView(f, refNonLeader(f, 2), consensus.Justification{Timeout: f.plainTimeoutQC(1)})))
	require.NoError(t, f.handle(refNewView(f, f.leader(2), consensus.Justification{Commit: f.commitQC(f.commit(1, 0, p0))})))
	f.tr.reset()
	f.clock.Advance(time.Second)
	require.NoError(t, f.replica.Tick(f.ctx))
	nv, ok := f.tr.last(consensus.KindNewView).(*consensus.ReplicaNewView)
	require.True(t, ok)
	require.NotNil(t, nv.Justification.Commit, "CommitQC and TimeoutQC of view 1: the CommitQC")
	require.Nil(t, nv.Justification.Timeout)
}

// View 0 has no justification: the replica times out at once, and sends
// no new view with its timeout.
func TestReferenceFirstViewTimesOutAtOnce(t *testing.T) {
	f := newFixture(t, 6)
	require.Equal(t, f.clock.Now(), f.replica.Deadline())
	require.NoError(t, f.replica.Tick(f.ctx))
	require.Equal(t, 1, f.tr.count(consensus.KindTimeout))
	require.Zero(t, f.tr.count(consensus.KindNewView))
	tm := f.tr.last(consensus.KindTimeout).(*consensus.ReplicaTimeout)
	require.Equal(t, consensus.ReplicaTimeout{View: f.g.View(0)}, *tm)
	require.Equal(t, consensus.PhaseTimeout, refState(f).Phase)
}

// start_timeout: the timeout carries the replica's newest commit vote and
// its high CommitQC, with a new view of its high justification, and the
// replica's own timeout passes the checks the others make.
func TestReferenceTimeoutCarriesHighVoteAndHighQC(t *testing.T) {
	f := newFixture(t, 6)
	p0, p1 := []byte("zero"), []byte("one")
	require.NoError(t, f.handle(f.view1(p0)))
	qc := f.commitQC(f.commit(1, 0, p0))
	require.NoError(t, f.handle(f.proposal(2, f.leader(2), p1, consensus.Justification{Commit: qc})))
	f.tr.reset()
	f.clock.Advance(time.Second)
	require.NoError(t, f.replica.Tick(f.ctx))
	tm, ok := f.tr.last(consensus.KindTimeout).(*consensus.ReplicaTimeout)
	require.True(t, ok)
	require.Equal(t, f.g.View(2), tm.View)
	require.Equal(t, f.commit(2, 1, p1), tm.HighVote)
	require.Equal(t, qc.Message, tm.HighQC.Message)
	nv, ok := f.tr.last(consensus.KindNewView).(*consensus.ReplicaNewView)
	require.True(t, ok)
	require.Equal(t, qc.Message, nv.Justification.Commit.Message)
	require.NoError(t, f.handle(f.sign(f.me, tm)))
}

// The view timer restarts when the replica enters a view: by a QC
// (start_new_view, as in era-consensus) and by voting for a proposal of a
// later view (era-consensus does not restart it then). Nothing else moves it.
func TestReferenceTimerRestartsOnNewView(t *testing.T) {
	f := newFixture(t, 6)
	f.clock.Advance(300 * time.Millisecond)
	require.NoError(t, f.handle(refNewView(f, refNonLeader(f, 1), consensus.Justification{Timeout: f.plainTimeoutQC(0)})))
	require.Equal(t, f.clock.Now().Add(time.Second), f.replica.Deadline())
	f.clock.Advance(300 * time.Millisecond)
	deadline := f.replica.Deadline()
	require.NoError(t, f.handle(f.sign(refOthers(f)[0], &consensus.ReplicaTimeout{View: f.g.View(1)})))
	require.Equal(t, deadline, f.replica.Deadline())
	require.NoError(t, f.handle(f.proposal(2, f.leader(2), []byte("p"), consensus.Justification{Timeout: f.plainTimeoutQC(1)})))
	require.Equal(t, f.clock.Now().Add(time.Second), f.replica.Deadline())
}

// refPersistCheck checks at every new view that leaves the replica that
// the persisted state is already in the new view's prepare phase.
type refPersistCheck struct {
	recorder
	f        *fixture
	newViews int
}

func (p *refPersistCheck) Broadcast(m consensus.Signed) {
	if nv, ok := m.Msg.(*consensus.ReplicaNewView); ok {
		p.newViews++
		s := refState(p.f)
		require.Equal(p.f.t, nv.Justification.View().Number, s.View)
		require.Equal(p.f.t, consensus.PhasePrepare, s.Phase)
	}
	p.recorder.Broadcast(m)
}

// start_new_view persists the state before the new view leaves the node
// (votes: TestStatePersistedBeforeVote).
func TestReferenceStatePersistedBeforeNewView(t *testing.T) {
	f := newFixture(t, 6)
	tr := &refPersistCheck{f: f}
	r, err := consensus.NewReplica(consensus.Config{Key: f.setup.Keys[f.me], Engine: f.engine, Transport: tr, Clock: f.clock, ViewTimeout: time.Second})
	require.NoError(t, err)
	require.NoError(t, r.Start(f.ctx))
	require.NoError(t, r.HandleMessage(f.ctx, refNewView(f, refNonLeader(f, 1), consensus.Justification{Timeout: f.plainTimeoutQC(0)})))
	for _, i := range refOthers(f) {
		require.NoError(t, r.HandleMessage(f.ctx, f.sign(i, &consensus.ReplicaTimeout{View: f.g.View(1)})))
	}
	require.Equal(t, 2, tr.newViews)
}

// Pruning: on a new view the payloads of final blocks leave the cache (and
// the persisted state); a payload above the high QC's block stays.
func TestReferencePruning(t *testing.T) {
	f := newFixture(t, 6)
	p0, p1 := []byte("zero"), []byte("one")
	require.NoError(t, f.handle(f.view1(p0)))
	require.Len(t, refState(f).Proposals, 1)
	refVotes(f, f.commit(1, 0, p0), append(refOthers(f)[:4], f.me)...)
	require.Equal(t, 1, f.engine.Height())
	require.Empty(t, refState(f).Proposals, "block 0 is final")
	require.NoError(t, f.handle(f.proposal(2, f.leader(2), p1, consensus.Justification{Commit: f.replica.HighCommitQC()})))
	require.NoError(t, f.handle(refNewView(f, refNonLeader(f, 3), consensus.Justification{Timeout: f.plainTimeoutQC(2)})))
	view, _ := f.replica.View()
	require.Equal(t, uint64(3), view)
	require.Equal(t, []consensus.CachedProposal{{Number: 1, Payload: p1}}, refState(f).Proposals)
}

// A payload that comes after its block's CommitQC (a proposal of a past
// view) finalizes the block: the QC's payload hash vouches for it. In
// era-consensus the block then comes by block sync.
func TestReferenceLatePayloadFinalizes(t *testing.T) {
	f := newFixture(t, 6)
	p0 := []byte("zero")
	require.NoError(t, f.handle(refNewView(f, refOthers(f)[0], consensus.Justification{Commit: f.commitQC(f.commit(1, 0, p0))})))
	require.Zero(t, f.engine.Height())
	require.ErrorIs(t, f.handle(f.view1(p0)), consensus.ErrOld)
	require.Equal(t, 1, f.engine.Height())
	require.Equal(t, p0, f.engine.Blocks()[0].Payload)
}

// The proposer: it proposes once in a view it leads, from the justification
// of that view; a re-proposal carries no payload; a new block waits for the
// previous block to be final.
func TestReferenceProposer(t *testing.T) {
	// A view the replica under test leads, after views 1 and 2.
	f0 := newFixture(t, 6)
	led := uint64(3)
	for f0.leader(led) != f0.me {
		led++
	}
	t.Run("re-proposal", func(t *testing.T) {
		f := newFixture(t, 6)
		msgs := map[int]*consensus.ReplicaTimeout{}
		for _, i := range refOthers(f)[:5] {
			msgs[i] = &consensus.ReplicaTimeout{View: f.g.View(led - 1), HighVote: f.commit(led-1, 0, []byte("X"))}
		}
		j := consensus.Justification{Timeout: f.timeoutQC(led-1, msgs)}
		require.NoError(t, f.handle(refNewView(f, refOthers(f)[0], j)))
		require.Equal(t, 1, f.tr.count(consensus.KindProposal))
		p := f.tr.last(consensus.KindProposal).(*consensus.LeaderProposal)
		require.Nil(t, p.Payload)
		require.Equal(t, led, p.Justification.View().Number)
	})
	t.Run("new block after the previous one", func(t *testing.T) {
		f := newFixture(t, 6)
		p0 := []byte("zero")
		qc := f.commitQC(f.commit(led-1, 0, p0))
		require.NoError(t, f.handle(refNewView(f, refOthers(f)[0], consensus.Justification{Commit: qc})))
		require.Zero(t, f.tr.count(consensus.KindProposal), "block 0 is not final here")
		require.NoError(t, f.engine.Finalize(f.ctx, consensus.FinalBlock{Payload: p0, QC: qc}))
		require.NoError(t, f.replica.Tick(f.ctx))
		require.Equal(t, 1, f.tr.count(consensus.KindProposal))
		p := f.tr.last(consensus.KindProposal).(*consensus.LeaderProposal)
		require.NotNil(t, p.Payload)
		require.Equal(t, qc, p.Justification.Commit)
		// Its own proposal comes back, with more events: still one proposal.
		require.NoError(t, f.handle(f.sign(f.me, p)))
		require.NoError(t, f.replica.Tick(f.ctx))
		require.Equal(t, 1, f.tr.count(consensus.KindProposal))
		require.Equal(t, 1, f.tr.count(consensus.KindCommit))
	})
}

// on_new_view checks the signature of every new view; Cairn checks it only
// for the leader's new view of the current view: moving to a later view
// needs only the QC, which authenticates itself.
func TestReferenceNewViewSignature(t *testing.T) {
	f := newFixture(t, 6)
	p0 := []byte("zero")
	require.NoError(t, f.handle(f.view1(p0)))
	j := consensus.Justification{Timeout: f.plainTimeoutQC(1)}
	nv := refNewView(f, refNonLeader(f, 2), j)
	nv.Sig = f.sign(refNonLeader(f, 2), &consensus.ReplicaTimeout{View: f.g.View(9)}).Sig
	require.NoError(t, f.handle(nv))
	view, _ := f.replica.View()
	require.Equal(t, uint64(2), view)
	lnv := refNewView(f, f.leader(2), consensus.Justification{Commit: f.commitQC(f.commit(1, 0, p0))})
	lnv.Sig = nv.Sig
	require.ErrorIs(t, f.handle(lnv), consensus.ErrBadSignature)
	require.Zero(t, f.engine.Height())
}
