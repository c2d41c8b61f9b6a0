package node

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
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

// votes are the node's vote pool and what reads it. They are built in New
// (the RPC serves them) and span the roles: the attestation role fills the
// pool from the network, the committer commits with its certificates.
type votes struct {
	domain attest.Domain
	l1     *attest.L1
	pool   *attest.Pool // nil: it could not be created (down says why)
	mu     sync.Mutex
	down   error // why attestation is off (nil while it runs)
}

// newVotes builds the vote pool. A pool that cannot be created leaves the
// node running without attestation.
func (n *Node) newVotes(ctx context.Context) *votes {
	g := n.genesis
	v := &votes{domain: attest.Domain{L1ChainID: g.L1ChainID, OnChainProposer: g.Contracts.OnChainProposer, L2ChainID: g.L2ChainID()},
		l1: attest.NewL1(n.l1, g.Contracts.OnChainProposer, g.Contracts.Bridge)}
	m, err := attest.NewMetrics(n.registry)
	if err == nil {
		v.pool, err = attest.NewPool(ctx, attest.PoolConfig{Domain: v.domain}, n.store, n.store, v.l1, m, n.log.With("service", "attest"))
	}
	if err != nil {
		// Attestation is never critical: the node runs without it.
		n.log.Error("Attestation disabled: vote pool not created", "err", err)
		v.pool = nil
		v.setDown(fmt.Errorf("vote pool: %w", err))
	}
	return v
}

// attestation is the role: the attestation topic, and the goroutines that
// fetch, resend and (with an attester key) sign votes.
type attestation struct {
	host  *p2p.Host
	votes *votes
	topic *p2p.Topic
	log   *slog.Logger
	svc   *services
	// signing: this node's attester signs the batches it sealed.
	signing bool
}

// signs reports whether the role runs an attester that signs batches.
func (a *attestation) signs() bool {
	return a != nil && a.signing
}

// startAttestation joins the attestation topic, serves and fetches votes
// over the vote exchange and, with an attester key, runs the attester.
// sealed is signalled when the batcher stores a batch; the vote fetcher
// asks more often while op's committer waits. A failure here is logged
// and leaves the node running without attestation (a nil role), but for
// an attester key that cannot sign.
func (n *Node) startAttestation(host *p2p.Host, op *operator, sealed <-chan struct{}) (_ *attestation, err error) {
	if n.votes.pool == nil {
		return nil, nil // New logged why
	}
	a := &attestation{host: host, votes: n.votes, log: n.log}
	if a.topic, err = host.Join("attest", attest.VoteSize+1, a.onGossipVote); err != nil {
		n.log.Error("Attestation disabled: cannot join the attestation topic", "err", err)
		n.votes.setDown(fmt.Errorf("attestation topic: %w", err))
		return nil, nil
	}
	a.svc = n.newServices()
	defer func() {
		if err != nil {
			a.stop()
		}
	}()
	if err := host.ServeVotes(voteSource{n.votes.pool}, attest.VoteSize); err != nil {
		// Gossip still carries votes: the node only stops answering peers that ask.
		n.log.Error("Attestation votes not served to peers", "err", err)
	} else {
		f := newVoteFetcher(host, n.votes.pool, op.waiting(), 0, n.log.With("service", "vote-fetch"))
		if f.waiting == nil {
			// Not the operator: ask while a batch sealed here lacks its
			// certificate and L1 has not committed it (gossip went round
			// before this node joined, or before it sealed the batch).
			pool := n.votes.pool
			f.waiting = func() bool { _, _, ok := pool.Wanted(a.svc.ctx, 1); return ok }
		}
		host.OnPeerReady(f.peerReady)
		for _, p := range host.Peers() {
			f.peerReady(p.ID) // connected before the hook was set
		}
		a.svc.run("vote-fetch", func(ctx context.Context) error { f.run(ctx); return nil })
	}
	if k := n.keys.Secrets.Attester; k != nil {
		signer, err := attest.NewSigner(k, n.votes.domain)
		if err != nil {
			return nil, fmt.Errorf("attester: %w", err)
		}
		var batches attest.Batches = n.store
		if n.opts.wrapAttesterBatches != nil {
			batches = n.opts.wrapAttesterBatches(batches)
		}
		at := attest.NewAttester(signer, batches, n.votes.l1, n.votes.pool, a.publishVote, 0, sealed, n.log.With("service", "attester")).ReportOutagesTo(n.l1Outages)
		a.svc.run("attester", func(ctx context.Context) error { at.Run(ctx); return nil })
		a.signing = true
	}
	a.svc.run("vote-resend", func(ctx context.Context) error { a.resendVotes(ctx); return nil })
	return a, nil
}

func (a *attestation) stop() {
	if a != nil {
		a.svc.stop()
	}
}

// onGossipVote counts a vote from the attestation topic.
func (a *attestation) onGossipVote(ctx context.Context, from string, data []byte) error {
	if from == a.host.ID() {
		return nil
	}
	if len(data) < 2 {
		return errors.New("attestation vote: empty")
	}
	v, err := attest.DecodeVote(data[1:])
	if err != nil {
		return err
	}
	return gossipVerdict(a.votes.pool.Add(ctx, v))
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
func (a *attestation) publishVote(ctx context.Context, v attest.Vote) error {
	return a.sendVote(ctx, v, 0)
}

func (a *attestation) sendVote(ctx context.Context, v attest.Vote, attempt byte) error {
	return a.topic.Publish(ctx, append([]byte{attempt}, v.Encode()...))
}

// resendVotes publishes the votes held for the batch waiting for its
// certificate, with a new attempt byte each time (gossip ids are content
// hashes). Only for a batch this node has not certified: once it holds a
// certificate it stops, even if L1 has not committed the batch yet. The
// node that commits does not depend on that: it asks its peers for the
// votes it lacks when it connects and while its committer waits (the vote
// fetcher), so re-sending certified batches to everyone every few seconds
// would only add traffic.
func (a *attestation) resendVotes(ctx context.Context) {
	tick := time.NewTicker(voteResendInterval)
	defer tick.Stop()
	var attempt byte
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		st := a.votes.pool.Status(ctx)
		if st.NextBatch == 0 {
			continue
		}
		attempt++
		for _, v := range a.votes.pool.VotesFor(st.NextBatch) {
			if err := a.sendVote(ctx, v, attempt); err != nil && ctx.Err() == nil {
				a.log.Debug("Vote not resent", "batch", st.NextBatch, "err", err)
			}
		}
	}
}

// AttestationStatus is the vote pool's view: the batch waiting for a
// certificate, the weight collected, the last certified batch. With
// attestation disabled its Error says why.
func (n *Node) AttestationStatus(ctx context.Context) attest.Status {
	down := n.votes.downErr()
	if n.votes.pool == nil {
		return attest.Status{Error: fmt.Sprintf("attestation not running: %v", down)}
	}
	s := n.votes.pool.Status(ctx)
	if down != nil {
		s.Error = fmt.Sprintf("attestation not running: %v", down)
	}
	return s
}

func (v *votes) setDown(err error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.down = err
}

func (v *votes) downErr() error {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.down
}

// attestations is the vote pool as the RPC reads it, nil-safe.
type attestations struct{ n *Node }

func (a attestations) Status(ctx context.Context) attest.Status { return a.n.AttestationStatus(ctx) }

func (a attestations) Certificate(num uint64) (*attest.Certificate, error) {
	return a.n.BatchCertificate(num)
}

func (a attestations) VotesFor(num uint64) []attest.Vote {
	if a.n.votes.pool == nil {
		return nil
	}
	return a.n.votes.pool.VotesFor(num)
}

// certificates is what the committer commits with: the pool, or without
// one (it could not be created) noPool, which lets through only the
// batches no committee applies to.
func (v *votes) certificates() (committer.Certificates, <-chan struct{}) {
	return v.certificatesWith(v.l1)
}

func (v *votes) certificatesWith(committees attest.Committees) (committer.Certificates, <-chan struct{}) {
	if v.pool == nil {
		return noPool{committees: committees}, nil
	}
	return v.pool, v.pool.Certified()
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
	if n.operator == nil || n.operator.committer == nil {
		return ""
	}
	return n.operator.committer.Status()
}

// BatchCertificate is the stored certificate of batch num.
func (n *Node) BatchCertificate(num uint64) (*attest.Certificate, error) {
	if n.votes.pool == nil {
		return nil, nil
	}
	return n.votes.pool.Certificate(num)
}
