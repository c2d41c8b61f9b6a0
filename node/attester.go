package node

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/cairn-rollup/cairn/attest"
	"github.com/cairn-rollup/cairn/p2p"
)

// The attestation part of a node: every node runs the vote pool (votes
// from the attestation topic are counted against the committee L1 names,
// certificates stored at quorum); a node with an attester key also signs
// each batch its own execution sealed, once L1 has its deposits. It is
// never critical: an L1 outage or an unset committee stops certificates,
// nothing else.

// voteResendInterval is how often a node publishes again the votes it
// holds for the batch still waiting for a certificate: a node that joined
// late, or missed a message, gets them this way.
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

// startAttestation joins the attestation topic and, with an attester key,
// runs the attester. sealed is signalled when the batcher stores a batch.
func (n *Node) startAttestation(runCtx context.Context, sealed <-chan struct{}) error {
	topic, err := n.host.Join("attest", attest.VoteSize+1, n.onGossipVote)
	if err != nil {
		return fmt.Errorf("p2p: attestation topic: %w", err)
	}
	n.voteTopic = topic
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

// onGossipVote counts a vote from the attestation topic. A forged or
// out-of-committee vote is refused (its sender penalized); one the pool
// cannot judge now is dropped without blame; a vote for another hash is
// evidence, and is passed on so that every node sees it.
func (n *Node) onGossipVote(ctx context.Context, from string, data []byte) error {
	if from == n.host.ID() {
		return nil
	}
	if len(data) < 2 {
		return errors.New("attestation vote: empty")
	}
	v, err := attest.DecodeVote(data[1:])
	if err != nil {
		return err
	}
	switch err := n.pool.Add(ctx, v); {
	case err == nil, errors.Is(err, attest.ErrConflict):
		return nil
	case errors.Is(err, attest.ErrBadSignature), errors.Is(err, attest.ErrNotInCommittee):
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
// hashes).
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
// certificate, the weight collected, the last certified batch.
func (n *Node) AttestationStatus(ctx context.Context) attest.Status { return n.pool.Status(ctx) }

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
	return n.pool.Certificate(num)
}
