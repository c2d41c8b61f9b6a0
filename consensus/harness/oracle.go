package harness

import (
	"fmt"

	"github.com/cairn-rollup/cairn/consensus"
	"github.com/cairn-rollup/cairn/crypto/bls"
)

// CommitOracle sees what a faulty validator could assemble: it keeps every
// signed commit vote that crossed the network, whoever received it, and
// reports a fork when commit votes of quorum weight exist for two different
// block headers at one height. Such votes are two CommitQCs that anyone
// holding them can aggregate, even if no honest replica ever formed either:
// a faulty validator may keep one to itself and show it later.
//
// It is not safe for concurrent use; its callers hold their own lock.
type CommitOracle struct {
	c *consensus.Committee
	// signers of each commit message: a CommitQC is over one message.
	signers map[consensus.ReplicaCommit]consensus.Signers
	// certified: height → header → the first message that reached quorum.
	certified map[uint64]map[consensus.BlockHeader]consensus.ReplicaCommit
}

// NewCommitOracle returns an oracle for one committee.
func NewCommitOracle(c *consensus.Committee) *CommitOracle {
	return &CommitOracle{c: c, signers: map[consensus.ReplicaCommit]consensus.Signers{},
		certified: map[uint64]map[consensus.BlockHeader]consensus.ReplicaCommit{}}
}

// Add records a commit vote (its signature already checked). It returns a
// description of the fork when the vote completes a quorum for a header at
// a height where another header already has one, and "" otherwise.
func (o *CommitOracle) Add(signer bls.PublicKey, m *consensus.ReplicaCommit) string {
	i, ok := o.c.Index(signer)
	if !ok {
		return ""
	}
	s := o.signers[*m]
	if s == nil {
		s = consensus.NewSigners(o.c.Len())
		o.signers[*m] = s
	}
	if s[i] {
		return ""
	}
	s[i] = true
	if o.c.Weight(s) < o.c.Quorum() {
		return ""
	}
	h := m.Header
	at := o.certified[h.Number]
	if at == nil {
		at = map[consensus.BlockHeader]consensus.ReplicaCommit{}
		o.certified[h.Number] = at
	}
	if _, seen := at[h]; seen {
		return ""
	}
	at[h] = *m
	if len(at) < 2 {
		return ""
	}
	for other, om := range at {
		if other != h {
			return fmt.Sprintf("commit votes of quorum weight for two blocks at height %d: %s in view %d and %s in view %d",
				h.Number, om.Header.PayloadHash, om.View.Number, h.PayloadHash, m.View.Number)
		}
	}
	return ""
}

// Certified returns the number of heights with a header at quorum weight.
func (o *CommitOracle) Certified() int { return len(o.certified) }
