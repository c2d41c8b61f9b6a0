package e2e

import (
	"fmt"
	"maps"
	"slices"
	"sync"

	"github.com/cairn-rollup/cairn/consensus"
	"github.com/cairn-rollup/cairn/consensus/harness"
	"github.com/cairn-rollup/cairn/crypto/bls"
)

// equivocationChecker collects the consensus messages validators signed, as
// the other validators read them off the network (node.WithConsensusObserver
// on every receiver), and finds those that break ChonkyBFT's rules of voting.
//
// The rules, for one signer s (docs/protocols/consensus.md, "Rules of a
// replica" and "Persistence"; consensus/replica.go): s votes for a proposal of
// view v only in phase Prepare of v, and voting moves it to phase Commit with
// highVote = that vote; timing out in v moves it to phase Timeout, where a
// proposal of v is refused, and sends highVote; highVote is replaced only by
// the vote of a later view. The state is persisted before a message leaves, so
// none of this may change across a crash. Hence:
//
//  1. Double commit: s signs at most one ReplicaCommit per view. Two for
//     different headers (block number or payload hash) in view v are a
//     double sign.
//  2. A timeout carries s's own vote: a ReplicaTimeout of view w whose
//     HighVote is the commit of view u ≤ w must equal the ReplicaCommit s
//     sent in u, if one was seen (a HighVote of a view after w is a vote
//     s cannot have cast yet).
//  3. A timeout forgets no vote: for a ReplicaCommit C of view v and a
//     ReplicaTimeout of view w ≥ v by s, the timeout's HighVote is present
//     and of view ≥ v. With rule 2, for w = v this is the rule "a commit and
//     a timeout in one view: the timeout's high vote is that commit"; a
//     timeout of v with no high vote, an older one or another block
//     contradicts the commit (a timeout first and a commit after, or a
//     commit forgotten by a restart). For w > v, an older high vote is a
//     vote forgotten across views, which a TimeoutQC's re-proposal relies
//     on.
//  4. s re-broadcasts its timeout of v every view_timeout, and after a
//     restart in phase Timeout: every ReplicaTimeout s signs in v carries
//     the same HighVote (its HighQC may grow).
//  5. Double proposal: a leader persists its LeaderProposal before sending
//     it and re-sends the same one after a restart: two proposals of s in
//     one view with different signing hashes are a double proposal.
//
// And for all signers together, once watch gave it the committee:
//
//  6. Fork: commit votes of quorum weight for two different blocks at one
//     height (harness.CommitOracle), whoever holds them. No honest replica
//     need ever have formed either CommitQC: a faulty one may keep one.
//
// Each rule holds whatever order the messages arrive in. Each distinct
// message is verified once (the observer sees it before the replica checks
// the signature); a bad signature is counted, not taken as evidence. Views
// are told apart by number: the checker watches one genesis and epoch.
type equivocationChecker struct {
	mu         sync.Mutex
	seen       map[messageID]bool
	signers    map[[bls.PublicKeySize]byte]*signerLog
	violations []string
	oracle     *harness.CommitOracle // nil until watch
	received   int                   // messages observed, duplicates included
	badSigs    int
}

type messageID struct {
	signer [bls.PublicKeySize]byte
	hash   consensus.Hash
	sig    [96]byte
}

// signerLog is what one validator was seen to sign.
type signerLog struct {
	key       bls.PublicKey
	name      string
	commits   map[uint64]*consensus.ReplicaCommit
	timeouts  map[uint64][]*consensus.ReplicaTimeout // distinct messages
	proposals map[uint64]consensus.Hash
	kinds     map[consensus.Kind]int // distinct messages by kind
	votes     int                    // distinct commits and timeouts
	maxView   uint64                 // of the newest vote
	voted     chan struct{}          // closed at the next vote
	proposed  chan struct{}          // closed at the next proposal
}

func newEquivocationChecker() *equivocationChecker {
	return &equivocationChecker{seen: map[messageID]bool{}, signers: map[[bls.PublicKeySize]byte]*signerLog{}}
}

// observe takes one message as a receiver read it; it is the callback of
// node.WithConsensusObserver.
func (c *equivocationChecker) observe(s consensus.Signed) {
	h := consensus.SigningHash(s.Msg)
	id := messageID{signer: s.Signer.Array(), hash: h}
	copy(id.sig[:], s.Sig.Bytes())
	c.mu.Lock()
	c.received++
	if c.seen[id] {
		c.mu.Unlock()
		return
	}
	c.seen[id] = true
	c.mu.Unlock()
	// Verified outside the lock: the receivers' streams go on meanwhile.
	err := s.Signer.Verify(h[:], s.Sig)
	c.mu.Lock()
	defer c.mu.Unlock()
	if err != nil {
		c.badSigs++
		return
	}
	c.record(s)
}

func (c *equivocationChecker) log(k bls.PublicKey) *signerLog {
	l := c.signers[k.Array()]
	if l == nil {
		l = &signerLog{key: k, name: signerName(k), commits: map[uint64]*consensus.ReplicaCommit{},
			timeouts: map[uint64][]*consensus.ReplicaTimeout{}, proposals: map[uint64]consensus.Hash{},
			kinds: map[consensus.Kind]int{}, voted: make(chan struct{}), proposed: make(chan struct{})}
		c.signers[k.Array()] = l
	}
	return l
}

// record checks a verified, distinct message against what its signer sent
// before and keeps it.
func (c *equivocationChecker) record(s consensus.Signed) {
	l := c.log(s.Signer)
	l.kinds[s.Msg.Kind()]++
	fail := func(format string, args ...any) {
		c.violations = append(c.violations, l.name+": "+fmt.Sprintf(format, args...))
	}
	switch m := s.Msg.(type) {
	case *consensus.ReplicaCommit:
		v := m.View.Number
		if prev, ok := l.commits[v]; ok {
			fail("double commit in view %d: %s and %s", v, header(prev), header(m)) // rule 1
			return
		}
		l.commits[v] = m
		c.fork(s.Signer, m) // rule 6
		for w, ts := range l.timeouts {
			for _, t := range ts {
				if w >= v {
					checkForgotten(fail, m, t) // rule 3
				}
				if t.HighVote != nil && t.HighVote.View.Number == v && !t.HighVote.Equal(m) {
					fail("commit %s in view %d, but its timeout of view %d has high vote %s", header(m), v, w, header(t.HighVote)) // rule 2
				}
			}
		}
		l.vote(v)
	case *consensus.ReplicaTimeout:
		w := m.View.Number
		if hv := m.HighVote; hv != nil {
			if hv.View.Number > w {
				fail("timeout of view %d with a high vote of later view %d", w, hv.View.Number) // rule 2
			} else if cm, ok := l.commits[hv.View.Number]; ok && !cm.Equal(hv) {
				fail("timeout of view %d has high vote %s of view %d, but the commit of that view was %s", w, header(hv), hv.View.Number, header(cm)) // rule 2
			}
		}
		for v, cm := range l.commits {
			if v <= w {
				checkForgotten(fail, cm, m) // rule 3
			}
		}
		for _, t := range l.timeouts[w] {
			if !t.HighVote.Equal(m.HighVote) {
				fail("two timeouts of view %d with high votes %s and %s", w, header(t.HighVote), header(m.HighVote)) // rule 4
				break
			}
		}
		l.timeouts[w] = append(l.timeouts[w], m)
		l.vote(w)
	case *consensus.LeaderProposal:
		v := m.MsgView().Number
		if prev, ok := l.proposals[v]; ok && prev != consensus.SigningHash(m) {
			fail("double proposal in view %d", v) // rule 5
		}
		l.proposals[v] = consensus.SigningHash(m)
		close(l.proposed)
		l.proposed = make(chan struct{})
	}
}

// watch starts rule 6 for a committee, with the commits seen so far.
func (c *equivocationChecker) watch(cm *consensus.Committee) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.oracle = harness.NewCommitOracle(cm)
	for _, l := range c.signers {
		for _, m := range l.commits {
			c.fork(l.key, m)
		}
	}
}

// fork applies rule 6 to a commit.
func (c *equivocationChecker) fork(signer bls.PublicKey, m *consensus.ReplicaCommit) {
	if c.oracle == nil {
		return
	}
	if v := c.oracle.Add(signer, m); v != "" {
		c.violations = append(c.violations, v)
	}
}

// checkForgotten applies rule 3 to a commit and a timeout of the same or a
// later view.
func checkForgotten(fail func(string, ...any), cm *consensus.ReplicaCommit, t *consensus.ReplicaTimeout) {
	v, w := cm.View.Number, t.View.Number
	switch {
	case t.HighVote == nil:
		fail("commit %s in view %d, then a timeout of view %d with no high vote", header(cm), v, w)
	case t.HighVote.View.Number < v:
		fail("commit %s in view %d, then a timeout of view %d with the older high vote %s of view %d", header(cm), v, w, header(t.HighVote), t.HighVote.View.Number)
	}
}

func (l *signerLog) vote(view uint64) {
	l.votes++
	l.maxView = max(l.maxView, view)
	close(l.voted)
	l.voted = make(chan struct{})
}

// signerName names a validator in a violation by the start of its key.
func signerName(k bls.PublicKey) string { return fmt.Sprintf("validator %x", k.Bytes()[:6]) }

func header(m *consensus.ReplicaCommit) string {
	if m == nil {
		return "none"
	}
	return fmt.Sprintf("(block %d, payload %s)", m.Header.Number, m.Header.PayloadHash.String()[:12])
}

// Violations lists every rule broken so far.
func (c *equivocationChecker) Violations() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return slices.Clone(c.violations)
}

// votes returns how many distinct votes (commits and timeouts) k was seen to
// sign, the newest view among them, and a channel closed at its next vote.
func (c *equivocationChecker) votes(k bls.PublicKey) (n int, view uint64, next <-chan struct{}) {
	c.mu.Lock()
	defer c.mu.Unlock()
	l := c.log(k)
	return l.votes, l.maxView, l.voted
}

// timedOut reports whether k was seen to sign a timeout of view.
func (c *equivocationChecker) timedOut(k bls.PublicKey, view uint64) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.log(k).timeouts[view]) > 0
}

// nextProposal returns a channel closed when k's next proposal is seen.
func (c *equivocationChecker) nextProposal(k bls.PublicKey) <-chan struct{} {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.log(k).proposed
}

// checkerStats sums up what the checker saw.
type checkerStats struct {
	Received, Distinct, BadSignatures int
	ByKind                            map[string]int // distinct messages of the watched signer
	Views                             int            // views in which the watched signer voted
	CommitAndTimeout                  int            // views in which it sent both a commit and a timeout
	TimeoutsAfterCommits              int            // its timeouts of a view after one it committed in
}

func (c *equivocationChecker) stats(k bls.PublicKey) checkerStats {
	c.mu.Lock()
	defer c.mu.Unlock()
	l := c.log(k)
	st := checkerStats{Received: c.received, Distinct: len(c.seen), BadSignatures: c.badSigs, ByKind: map[string]int{}}
	for kind, n := range l.kinds {
		st.ByKind[kind.String()] = n
	}
	views := map[uint64]bool{}
	for v := range maps.Keys(l.commits) {
		views[v] = true
	}
	for v, ts := range l.timeouts {
		views[v] = true
		if _, ok := l.commits[v]; ok {
			st.CommitAndTimeout++
		}
		for _, t := range ts {
			for c := range l.commits {
				if c < t.View.Number {
					st.TimeoutsAfterCommits++
					break
				}
			}
		}
	}
	st.Views = len(views)
	return st
}
