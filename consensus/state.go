package consensus

import (
	"fmt"
	"slices"

	"github.com/cairn-rollup/cairn/consensus/internal/rlp"
)

// Phase is where a replica is within its view.
type Phase uint8

// Phases of a view.
const (
	PhasePrepare Phase = 0 // waiting for the proposal
	PhaseCommit  Phase = 1 // voted for a block
	PhaseTimeout Phase = 2 // timed out
)

func (p Phase) String() string {
	switch p {
	case PhasePrepare:
		return "prepare"
	case PhaseCommit:
		return "commit"
	case PhaseTimeout:
		return "timeout"
	}
	return fmt.Sprintf("Phase(%d)", uint8(p))
}

// CachedProposal is a payload the replica voted for and has not finalized.
type CachedProposal struct {
	Number  uint64
	Payload []byte
}

// ReplicaState is what a replica persists before every vote.
type ReplicaState struct {
	View          uint64
	Phase         Phase
	HighVote      *ReplicaCommit
	HighCommitQC  *CommitQC
	HighTimeoutQC *TimeoutQC
	Proposals     []CachedProposal
	// OwnProposal is the last proposal this replica made as leader, kept so
	// that after a restart it re-sends the same one instead of a second.
	OwnProposal *LeaderProposal
}

// Encode returns the versioned encoding of the state.
func (s *ReplicaState) Encode() []byte {
	hv, hc, ht := rlp.List(), rlp.List(), rlp.List()
	if s.HighVote != nil {
		hv = rlp.List(s.HighVote.body())
	}
	if s.HighCommitQC != nil {
		hc = rlp.List(encodeCommitQC(s.HighCommitQC))
	}
	if s.HighTimeoutQC != nil {
		ht = rlp.List(encodeTimeoutQC(s.HighTimeoutQC))
	}
	props := make([][]byte, len(s.Proposals))
	for i, p := range s.Proposals {
		props[i] = rlp.List(rlp.Uint(p.Number), rlp.Bytes(p.Payload))
	}
	own := rlp.List()
	if s.OwnProposal != nil {
		own = rlp.List(s.OwnProposal.body())
	}
	return rlp.List(rlp.Uint(encodingVersion), rlp.Uint(s.View), rlp.Uint(uint64(s.Phase)), hv, hc, ht, rlp.List(props...), own)
}

// maxCachedProposals bounds the proposals a decoded state may hold.
const maxCachedProposals = 1024

// DecodeReplicaState parses Encode's output of at most maxSize bytes.
func DecodeReplicaState(b []byte, maxSize int) (*ReplicaState, error) {
	if maxSize <= 0 {
		maxSize = 64 * DefaultMaxMessageSize
	}
	d := decoder{maxPayload: maxSize}
	var f [8]rlp.Item
	if err := d.top(b, maxSize, f[:]); err != nil {
		return nil, decodeErr("replica state", err)
	}
	s := &ReplicaState{}
	var err error
	if s.View, err = f[1].Uint(); err != nil {
		return nil, decodeErr("replica state view", err)
	}
	ph, err := f[2].Uint()
	if err != nil || ph > uint64(PhaseTimeout) {
		return nil, decodeErr("replica state phase", fmt.Errorf("phase %d: %v", ph, err))
	}
	s.Phase = Phase(ph)
	if it, ok, err := d.optional(f[3]); err != nil {
		return nil, decodeErr("replica state high vote", err)
	} else if ok {
		s.HighVote = &ReplicaCommit{}
		if err := d.commit(it, s.HighVote); err != nil {
			return nil, decodeErr("replica state high vote", err)
		}
	}
	if it, ok, err := d.optional(f[4]); err != nil {
		return nil, decodeErr("replica state high commit QC", err)
	} else if ok {
		if s.HighCommitQC, err = d.commitQC(it); err != nil {
			return nil, decodeErr("replica state high commit QC", err)
		}
	}
	if it, ok, err := d.optional(f[5]); err != nil {
		return nil, decodeErr("replica state high timeout QC", err)
	} else if ok {
		if s.HighTimeoutQC, err = d.timeoutQC(it); err != nil {
			return nil, decodeErr("replica state high timeout QC", err)
		}
	}
	props, err := f[6].List(maxCachedProposals, minCachedProposalSize)
	if err != nil {
		return nil, decodeErr("replica state proposals", err)
	}
	if props.Len() > 0 {
		s.Proposals = make([]CachedProposal, props.Len())
	}
	for i := range s.Proposals {
		p, _ := props.Next()
		var pf [2]rlp.Item
		if err := p.Fields(pf[:]); err != nil {
			return nil, decodeErr(fmt.Sprintf("replica state proposal %d", i), err)
		}
		if s.Proposals[i].Number, err = pf[0].Uint(); err != nil {
			return nil, decodeErr(fmt.Sprintf("replica state proposal %d", i), err)
		}
		pl, err := pf[1].Bytes(maxSize)
		if err != nil {
			return nil, decodeErr(fmt.Sprintf("replica state proposal %d", i), err)
		}
		s.Proposals[i].Payload = slices.Clone(pl)
	}
	if it, ok, err := d.optional(f[7]); err != nil {
		return nil, decodeErr("replica state own proposal", err)
	} else if ok {
		if s.OwnProposal, err = d.proposal(it); err != nil {
			return nil, decodeErr("replica state own proposal", err)
		}
	}
	return s, nil
}
