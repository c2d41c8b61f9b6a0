package node

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/cairn-rollup/cairn/attest"
	"github.com/cairn-rollup/cairn/l1/committer"
	"github.com/cairn-rollup/cairn/p2p"
	"github.com/ethereum/go-ethereum/common"
)

// The attestation part of a node: every node runs the vote pool (votes
// from the attestation topic are counted against the committee L1 names,
// certificates stored at quorum); a node with an attester key also signs
// each batch its own execution sealed, once L1 has its deposits. It is
// never critical: an L1 outage, an unset committee, a pool that cannot be
// created or a topic that cannot be joined stop certificates, nothing
// else, and the attestation status says why.

// voteResendInterval is how often a node publishes again the votes it
// holds for the batch still waiting for a certificate.
const voteResendInterval = 3 * time.Second

// newPool builds the vote pool (in New: the RPC serves it).
func (n *Node) newPool(ctx context.Context) error {
	g := n.genesis
	n.attestDomain = attest.Domain{L1ChainID: g.L1ChainID, OnChainProposer: g.Contracts.OnChainProposer, L2ChainID: g.L2ChainID()}
	n.attestL1 = attest.NewL1(n.l1, g.Contracts.OnChainProposer, g.Contracts.Bridge)
	m, err := attest.NewMetrics(n.registry)
	if err != nil {
		return err
	}
	n.pool, err = attest.NewPool(ctx, attest.PoolConfig{Domain: n.attestDomain}, n.store, n.store, n.attestL1, m,
		n.log.With("service", "attest"))
	return err
}

// startAttestation joins the attestation topic, serves and fetches votes
// over the vote exchange and, with an attester key, runs the attester.
// sealed is signalled when the batcher stores a batch. A failure here is
// logged and leaves the node running without attestation.
func (n *Node) startAttestation(runCtx context.Context, sealed <-chan struct{}) error {
	if n.pool == nil {
		return nil // New logged why
	}
	topic, err := n.host().Join("attest", attest.VoteSize+1, n.onGossipVote)
	if err != nil {
		n.log.Error("Attestation disabled: cannot join the attestation topic", "err", err)
		n.setAttestDown(fmt.Errorf("attestation topic: %w", err))
		return nil
	}
	n.voteTopic = topic
	if err := n.host().ServeVotes(voteSource{n.pool}, attest.VoteSize); err != nil {
		// Gossip still carries votes: the node only stops answering peers that ask.
		n.log.Error("Attestation votes not served to peers", "err", err)
	} else {
		var waiting func() bool
		if c := n.committer; c != nil {
			waiting = func() bool { return c.Status() != "" }
		}
		f := newVoteFetcher(n.host(), n.pool, waiting, 0, n.log.With("service", "vote-fetch"))
		n.host().OnPeerReady(f.peerReady)
		for _, p := range n.host().Peers() {
			f.peerReady(p.ID) // connected before the hook was set
		}
		n.run("vote-fetch", func() error { f.run(runCtx); return nil })
	}
	if k := n.secrets.Attester; k != nil {
		signer, err := attest.NewSigner(k, n.attestDomain)
		if err != nil {
			return fmt.Errorf("attester: %w", err)
		}
		var batches attest.Batches = n.store
		if n.wrapAttesterBatches != nil {
			batches = n.wrapAttesterBatches(batches)
		}
		a := attest.NewAttester(signer, batches, n.attestL1, n.pool, n.publishVote, 0, sealed, n.log.With("service", "attester"))
		n.run("attester", func() error { a.Run(runCtx); return nil })
	}
	n.run("vote-resend", func() error { n.resendVotes(runCtx); return nil })
	return nil
}

// onGossipVote counts a vote from the attestation topic.
func (n *Node) onGossipVote(ctx context.Context, from string, data []byte) error {
	if from == n.host().ID() {
		return nil
	}
	if len(data) < 2 {
		return errors.New("attestation vote: empty")
	}
	v, err := attest.DecodeVote(data[1:])
	if err != nil {
		return err
	}
	return gossipVerdict(n.pool.Add(ctx, v))
}

// gossipVerdict maps the pool's answer to a vote to what gossip does with
// it. A forged vote is refused (its sender penalized). A vote for another
// hash is evidence and is passed on so that every node sees it, but not
// once it is known (the same evidence again, or a signer over its cap).
// Anything else the pool did not take is dropped without blame: a vote of
// a signer outside the committee is not proof of a bad sender (around a
// committee change honest forwarders may hold another committee), nor is
// one for a batch L1 has committed, or one the pool cannot judge now.
func gossipVerdict(err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, attest.ErrEvidenceKnown):
		return p2p.ErrIgnore
	case errors.Is(err, attest.ErrConflict):
		return nil
	case errors.Is(err, attest.ErrBadSignature):
		return err
	default:
		return p2p.ErrIgnore
	}
}

// publishVote is the attester's Publish: the vote on the topic, its first
// send.
func (n *Node) publishVote(ctx context.Context, v attest.Vote) error {
	return n.sendVote(ctx, v, 0)
}

func (n *Node) sendVote(ctx context.Context, v attest.Vote, attempt byte) error {
	if n.voteTopic == nil {
		return errors.New("attestation topic not joined")
	}
	return n.voteTopic.Publish(ctx, append([]byte{attempt}, v.Encode()...))
}

// resendVotes publishes the votes held for the batch waiting for its
// certificate, with a new attempt byte each time (gossip ids are content
// hashes). Only for a batch this node has not certified: once it holds a
// certificate it stops, even if L1 has not committed the batch yet. The
// node that commits does not depend on that: it asks its peers for the
// votes it lacks when it connects and while its committer waits (the vote
// fetcher), so re-sending certified batches to everyone every few seconds
// would only add traffic.
func (n *Node) resendVotes(ctx context.Context) {
	tick := time.NewTicker(voteResendInterval)
	defer tick.Stop()
	var attempt byte
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		st := n.pool.Status(ctx)
		if st.NextBatch == 0 {
			continue
		}
		attempt++
		for _, v := range n.pool.VotesFor(st.NextBatch) {
			if err := n.sendVote(ctx, v, attempt); err != nil && ctx.Err() == nil {
				n.log.Debug("Vote not resent", "batch", st.NextBatch, "err", err)
			}
		}
	}
}

// AttestationStatus is the vote pool's view: the batch waiting for a
// certificate, the weight collected, the last certified batch. With
// attestation disabled its Error says why.
func (n *Node) AttestationStatus(ctx context.Context) attest.Status {
	down := n.attestDownErr()
	if n.pool == nil {
		return attest.Status{Error: fmt.Sprintf("attestation not running: %v", down)}
	}
	s := n.pool.Status(ctx)
	if down != nil {
		s.Error = fmt.Sprintf("attestation not running: %v", down)
	}
	return s
}

func (n *Node) setAttestDown(err error) {
	n.attestMu.Lock()
	defer n.attestMu.Unlock()
	n.attestDown = err
}

func (n *Node) attestDownErr() error {
	n.attestMu.Lock()
	defer n.attestMu.Unlock()
	return n.attestDown
}

// attestations is the vote pool as the RPC reads it, nil-safe.
type attestations struct{ n *Node }

func (a attestations) Status(ctx context.Context) attest.Status { return a.n.AttestationStatus(ctx) }

func (a attestations) Certificate(num uint64) (*attest.Certificate, error) {
	return a.n.BatchCertificate(num)
}

func (a attestations) VotesFor(num uint64) []attest.Vote {
	if a.n.pool == nil {
		return nil
	}
	return a.n.pool.VotesFor(num)
}

// certificates is what the committer commits with: the pool, or without
// one (it could not be created) noPool, which lets through only the
// batches no committee applies to.
func (n *Node) certificates() (committer.Certificates, <-chan struct{}) {
	return n.certificatesWith(n.attestL1)
}

func (n *Node) certificatesWith(committees attest.Committees) (committer.Certificates, <-chan struct{}) {
	if n.pool == nil {
		return noPool{committees: committees}, nil
	}
	return n.pool, n.pool.Certified()
}

// noPool stands in for a vote pool that could not be created: no
// certificate can be had, so a batch a committee applies to waits (the
// committer never sends a commit L1 would refuse).
type noPool struct{ committees attest.Committees }

func (p noPool) Attestations(ctx context.Context, num uint64, _ common.Hash) ([][]byte, error) {
	c, err := p.committees.AttesterCommittee(ctx, num)
	if err != nil || c == nil {
		return nil, err
	}
	return nil, &attest.WaitingError{Batch: num, Quorum: c.Quorum()}
}

// CommitterStatus says why the committer waits ("" when it does not, or
// on a node without the operator role).
func (n *Node) CommitterStatus() string {
	if n.committer == nil {
		return ""
	}
	return n.committer.Status()
}

// BatchCertificate is the stored certificate of batch num.
func (n *Node) BatchCertificate(num uint64) (*attest.Certificate, error) {
	if n.pool == nil {
		return nil, nil
	}
	return n.pool.Certificate(num)
}
