package harness

import (
	"fmt"
	"sync"

	"github.com/cairn-rollup/cairn/consensus"
	"github.com/cairn-rollup/cairn/crypto/bls"
)

// Checker watches a run for safety violations: two different blocks final
// at one height; commit votes of quorum weight for two different blocks at
// one height, whoever holds them (CommitOracle); and an honest validator
// equivocating in one view (two different commits, or a commit and a timeout
// that contradicts it).
type Checker struct {
	mu         sync.Mutex
	oracle     *CommitOracle
	final      map[uint64]consensus.Hash
	votes      map[voteKey]*viewVotes
	ignore     map[[bls.PublicKeySize]byte]bool
	violations []string
	// Commits counts the commits seen.
	Commits int
	// TwinEquivocations counts the views in which an ignored key (a twin)
	// did sign two different commits: the scenario did exercise equivocation.
	TwinEquivocations int
}

type voteKey struct {
	signer [bls.PublicKeySize]byte
	view   uint64
}

type viewVotes struct {
	commit   *consensus.BlockHeader
	timedOut bool
}

// NewChecker returns an empty checker for a committee.
func NewChecker(c *consensus.Committee) *Checker {
	return &Checker{oracle: NewCommitOracle(c), final: map[uint64]consensus.Hash{}, votes: map[voteKey]*viewVotes{}, ignore: map[[bls.PublicKeySize]byte]bool{}}
}

// IgnoreSigner excludes a key (a twin) from the equivocation check.
func (c *Checker) IgnoreSigner(pk bls.PublicKey) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.ignore[pk.Array()] = true
}

// Final records a final block.
func (c *Checker) Final(b consensus.FinalBlock) {
	c.mu.Lock()
	defer c.mu.Unlock()
	h := b.QC.Header()
	if prev, ok := c.final[h.Number]; ok && prev != h.PayloadHash {
		c.violations = append(c.violations, fmt.Sprintf("two blocks final at height %d: %s and %s", h.Number, prev, h.PayloadHash))
		return
	}
	c.final[h.Number] = h.PayloadHash
}

// Sent records a message a replica sent.
func (c *Checker) Sent(s consensus.Signed) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if m, ok := s.Msg.(*consensus.ReplicaCommit); ok {
		if fork := c.oracle.Add(s.Signer, m); fork != "" {
			c.violations = append(c.violations, fork)
		}
	}
	if c.ignore[s.Signer.Array()] {
		if m, ok := s.Msg.(*consensus.ReplicaCommit); ok {
			vv := c.viewVotes(s.Signer, m.View.Number)
			if vv.commit != nil && *vv.commit != m.Header && !vv.timedOut {
				c.TwinEquivocations++
				vv.timedOut = true // count a view once
			}
			h := m.Header
			vv.commit = &h
		}
		return
	}
	switch m := s.Msg.(type) {
	case *consensus.ReplicaCommit:
		c.Commits++
		vv := c.viewVotes(s.Signer, m.View.Number)
		switch {
		case vv.timedOut:
			c.violations = append(c.violations, fmt.Sprintf("%s committed in view %d after timing out", s.Signer, m.View.Number))
		case vv.commit != nil && *vv.commit != m.Header:
			c.violations = append(c.violations, fmt.Sprintf("%s signed two commits in view %d: blocks %d/%s and %d/%s",
				s.Signer, m.View.Number, vv.commit.Number, vv.commit.PayloadHash, m.Header.Number, m.Header.PayloadHash))
		}
		h := m.Header
		vv.commit = &h
	case *consensus.ReplicaTimeout:
		vv := c.viewVotes(s.Signer, m.View.Number)
		vv.timedOut = true
		if vv.commit != nil && (m.HighVote == nil || m.HighVote.View.Number != m.View.Number || m.HighVote.Header != *vv.commit) {
			c.violations = append(c.violations, fmt.Sprintf("%s timed out in view %d without its commit of that view as high vote", s.Signer, m.View.Number))
		}
	}
}

func (c *Checker) viewVotes(pk bls.PublicKey, view uint64) *viewVotes {
	k := voteKey{pk.Array(), view}
	vv := c.votes[k]
	if vv == nil {
		vv = &viewVotes{}
		c.votes[k] = vv
	}
	return vv
}

// Violations returns what went wrong, if anything.
func (c *Checker) Violations() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]string(nil), c.violations...)
}

// FinalHeights returns the number of distinct final heights seen.
func (c *Checker) FinalHeights() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.final)
}
