package consensus

import (
	"fmt"

	"github.com/cairn-rollup/cairn/crypto/bls"
)

// voteSet holds the newest vote of each signer of one kind: the replica
// keeps one for commits and one for timeouts. Votes are held unverified: a
// quorum of them costs one aggregate verification instead of one pairing
// per vote, and only when the aggregate fails are they checked one by one.
type voteSet struct {
	c     *Committee
	votes map[int]vote
}

func newVoteSet(c *Committee) *voteSet { return &voteSet{c: c, votes: map[int]vote{}} }

// len returns the number of signers with a vote held.
func (s *voteSet) len() int { return len(s.votes) }

// taken reports whether signer idx's slot refuses a vote of view with
// signature sig over hash h: it does when it holds a genuine vote of that
// view or a later one. A copy of the held vote (a re-broadcast) is refused
// without a check: if the held one is forged, so is the copy, and the quorum
// check drops it. A forged vote that held the slot is dropped, so that the
// signer's genuine vote may take it. It returns the view of the held vote.
func (s *voteSet) taken(idx int, view uint64, sig bls.Signature, h Hash) (uint64, bool) {
	prev, ok := s.votes[idx]
	if !ok || prev.msg.MsgView().Number < view {
		return 0, false
	}
	if (prev.sig.Equal(sig) && prev.hash == h) || s.genuine(prev) {
		return prev.msg.MsgView().Number, true
	}
	delete(s.votes, idx)
	return 0, false
}

// put holds v as its signer's newest vote, unverified.
func (s *voteSet) put(v vote) { s.votes[v.signer] = v }

// genuine verifies a held vote once and reports whether its signature holds.
func (s *voteSet) genuine(v vote) bool {
	if v.verified {
		return true
	}
	if s.c.Validator(v.signer).Key.Verify(v.hash[:], v.sig) != nil {
		return false
	}
	v.verified = true
	s.votes[v.signer] = v
	return true
}

// matching lists the held votes that match in schedule order (so that every
// replica aggregates the same votes in the same order), with their weight
// and whether all of them are verified.
func (s *voteSet) matching(match func(vote) bool) (votes []vote, weight uint64, verified bool) {
	verified = true
	for i := range s.c.Len() {
		if v, ok := s.votes[i]; ok && match(v) {
			votes = append(votes, v)
			weight += s.c.Validator(i).Weight
			verified = verified && v.verified
		}
	}
	return votes, weight, verified
}

// forgedVoteError is a quorum's refusal: the sender's own vote was forged,
// or the aggregate of checked votes still failed.
type forgedVoteError struct{ dropped int }

func (e forgedVoteError) Error() string {
	return fmt.Sprintf("%s: %d forged votes dropped", ErrBadSignature, e.dropped)
}

func (forgedVoteError) Unwrap() error { return ErrBadSignature }

// quorum returns a QC of the held votes that match once they weigh a quorum
// (ok false below it). build aggregates the votes and verify checks the
// QC's aggregate signature, skipped when every vote is verified already.
// When the aggregate fails, each vote is checked alone and the forged ones
// dropped (dropped counts them); then the rest is tried again, unless the
// vote of sender, the one just received, was forged: that is an error.
func quorum[Q any](s *voteSet, sender int, match func(vote) bool, build func([]vote) (Q, error), verify func(Q) error) (qc Q, ok bool, dropped int, err error) {
	for range 2 {
		votes, weight, verified := s.matching(match)
		if weight < s.c.Quorum() {
			return qc, false, dropped, nil
		}
		if qc, err = build(votes); err != nil {
			return qc, false, dropped, err
		}
		if verified || verify(qc) == nil {
			for _, v := range votes {
				v.verified = true
				s.votes[v.signer] = v
			}
			return qc, true, dropped, nil
		}
		senderForged := false
		for _, v := range votes {
			if !s.genuine(v) {
				delete(s.votes, v.signer)
				dropped++
				senderForged = senderForged || v.signer == sender
			}
		}
		if senderForged {
			return qc, false, dropped, forgedVoteError{dropped}
		}
	}
	return qc, false, dropped, forgedVoteError{dropped}
}
