package attest

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sort"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/cairn-rollup/cairn/clock"
	"github.com/cairn-rollup/cairn/l1/outage"
	"github.com/cairn-rollup/cairn/rollup"
	"github.com/cairn-rollup/cairn/store"
)

// Defaults of PoolConfig.
const (
	DefaultMaxAhead     = 64
	DefaultCommitteeTTL = 12 * time.Second
)

// maxEvidencePerSigner bounds the conflicting votes kept per signer and
// batch: a few show the fault, more would only let one key fill the disk.
const maxEvidencePerSigner = 4

// Refusals of Pool.Add. A refused vote is not stored and not counted.
var (
	// ErrNotInCommittee: the signer is not in the committee L1 names for the batch.
	ErrNotInCommittee = errors.New("signer is not in the batch's attester committee")
	// ErrNoCommittee: no committee applies to the batch, so no vote is needed.
	ErrNoCommittee = errors.New("no attester committee applies to the batch")
	// ErrCommitteeUnavailable: the committee could not be read from L1; the vote may be sent again.
	ErrCommitteeUnavailable = errors.New("attester committee unavailable")
	// ErrConflict: the vote is for another hash than the one this node sealed
	// (or than the signer's earlier vote); it is kept as evidence, not counted.
	ErrConflict = errors.New("vote for another batch hash")
	// ErrOutOfRange: batch 0, or a batch too far ahead of this node's last sealed batch.
	ErrOutOfRange = errors.New("vote for a batch out of range")
	// ErrCommitted: L1 has committed the batch already, so the vote is not
	// needed; it is dropped before any check (no L1 read, nothing stored).
	ErrCommitted = errors.New("vote for a batch L1 has committed")
	// ErrEvidenceKnown is an ErrConflict whose evidence is not new: the same
	// conflicting vote again, or a signer that already has
	// maxEvidencePerSigner conflicting votes kept for the batch. Gossip does
	// not pass it on.
	ErrEvidenceKnown = fmt.Errorf("%w, evidence already kept", ErrConflict)
)

// startupL1Timeout bounds the L1 read of NewPool: a node starts with L1 down.
const startupL1Timeout = 5 * time.Second

// PoolConfig configures a Pool. Zero values take the defaults.
type PoolConfig struct {
	Domain Domain
	// MaxAhead bounds the batches beyond the local last sealed one that votes
	// are held for (one per signer each).
	MaxAhead uint64
	// CommitteeTTL is how long a committee read from L1 is used for a batch
	// L1 has not committed yet (a committee can still be replaced there).
	CommitteeTTL time.Duration
	// Clock is the clock of the committee cache (the wall clock if nil).
	Clock clock.Clock
}

// Store is where the pool keeps votes, evidence and certificates (*store.Store).
type Store interface {
	SaveVote(n uint64, signer common.Address, vote []byte) error
	MoveVoteToEvidence(n uint64, signer common.Address, hash common.Hash, vote []byte) error
	Votes(from, to uint64) ([]store.StoredVote, error)
	SaveEvidence(n uint64, signer common.Address, h common.Hash, vote []byte) (bool, error)
	EvidenceCount(n uint64, signer common.Address) (int, error)
	Evidence(n uint64) ([][]byte, error)
	SaveCertificate(n uint64, cert []byte) error
	DeleteCertificate(n uint64) error
	Certificate(n uint64) ([]byte, error)
	CertifiedBatches(from uint64) ([]uint64, error)
	VotesPage(from, to uint64, skip, limit int) ([]store.StoredVote, error)
	SetAttestFloor(n uint64) error
	AttestFloor() (uint64, error)
}

// Batches are the node's sealed batches.
type Batches interface {
	LastSealed() (uint64, error)
	Batch(n uint64) (*store.SealedBatch, error)
}

// CommitteeReader is the L1 view the pool needs: committees and how far L1 has committed.
type CommitteeReader interface {
	Committees
	LastCommitted(ctx context.Context) (uint64, error)
}

// Metrics are the pool's counters.
type Metrics struct {
	Received     prometheus.Counter
	Refused      prometheus.Counter
	Conflicting  prometheus.Counter
	Certificates prometheus.Counter
}

// NewMetrics creates the counters and registers them on reg (if not nil).
func NewMetrics(reg prometheus.Registerer) (*Metrics, error) {
	c := func(name, help string) prometheus.Counter {
		return prometheus.NewCounter(prometheus.CounterOpts{Name: "cairn_attester_" + name, Help: help})
	}
	m := &Metrics{
		Received:     c("votes_received_total", "Attestation votes handed to the pool."),
		Refused:      c("votes_refused_total", "Attestation votes refused (bad signature, not in committee, out of range, no committee)."),
		Conflicting:  c("conflicting_votes_total", "Attestation votes for another batch hash than this node's, kept as evidence."),
		Certificates: c("certificates_stored_total", "Batch certificates assembled at quorum and stored."),
	}
	if reg != nil {
		for _, col := range []prometheus.Collector{m.Received, m.Refused, m.Conflicting, m.Certificates} {
			if err := reg.Register(col); err != nil {
				return nil, fmt.Errorf("register attestation metrics: %w", err)
			}
		}
	}
	return m, nil
}

// Pool collects the votes of the attester committee and assembles a
// certificate for each batch at quorum weight. Every node runs one.
type Pool struct {
	cfg        PoolConfig
	store      Store
	batches    Batches
	committees CommitteeReader
	metrics    *Metrics
	log        *slog.Logger
	certified  chan struct{}

	cmu   sync.Mutex
	cache map[uint64]cachedCommittee

	mu            sync.Mutex
	sealed        uint64
	hashes        map[uint64]common.Hash             // local hash of sealed batches with votes in memory
	votes         map[uint64]map[common.Address]Vote // batches without a certificate: votes for the local hash
	held          map[uint64]map[common.Address]Vote // batches not sealed here yet
	certs         map[uint64]bool                    // batches in memory that have a certificate
	lastCertified uint64
	floor         uint64 // batches below it are committed on L1 and dropped from memory
}

type cachedCommittee struct {
	c     *Committee
	read  time.Time
	until time.Time
}

// recheckAfter is how soon a cached committee is read again from L1 when a
// vote's signer is not in it: a committee set on L1 a moment ago takes
// effect without waiting for the TTL, and votes of outsiders cannot make
// the pool read L1 more than once a second per batch.
const recheckAfter = time.Second

// NewPool loads the stored votes and certificates of the batches L1 has
// not committed and returns the pool. It starts from L1's last committed
// batch + 1, or, when L1 cannot be read, from the floor the pool stored
// last time: votes and certificates of committed batches stay in the store
// (RPC serves them) but are not read, and no L1 read is made for them.
// metrics may be nil (counters are then created unregistered).
func NewPool(ctx context.Context, cfg PoolConfig, st Store, batches Batches, committees CommitteeReader, metrics *Metrics, log *slog.Logger) (*Pool, error) {
	cfg = cfg.withDefaults()
	if metrics == nil {
		metrics, _ = NewMetrics(nil)
	}
	p := &Pool{cfg: cfg, store: st, batches: batches, committees: committees, metrics: metrics, log: log,
		certified: make(chan struct{}, 1), cache: map[uint64]cachedCommittee{},
		hashes: map[uint64]common.Hash{}, votes: map[uint64]map[common.Address]Vote{},
		held: map[uint64]map[common.Address]Vote{}, certs: map[uint64]bool{}, floor: 1}
	sealed, err := batches.LastSealed()
	if err != nil {
		return nil, fmt.Errorf("attestation pool: %w", err)
	}
	p.sealed = sealed
	if err := p.loadFloor(ctx); err != nil {
		return nil, err
	}
	if err := p.loadStored(); err != nil {
		return nil, err
	}
	if err := p.recheckStored(ctx); err != nil {
		return nil, err
	}
	return p, nil
}

// withDefaults fills the zero fields.
func (c PoolConfig) withDefaults() PoolConfig {
	if c.MaxAhead == 0 {
		c.MaxAhead = DefaultMaxAhead
	}
	if c.CommitteeTTL == 0 {
		c.CommitteeTTL = DefaultCommitteeTTL
	}
	c.Clock = clock.Or(c.Clock)
	return c
}

// loadFloor sets the floor to L1's last committed batch + 1 (stored for
// the next start), or to the stored floor when L1 cannot be read.
func (p *Pool) loadFloor(ctx context.Context) error {
	floor, err := p.store.AttestFloor()
	if err != nil {
		return fmt.Errorf("attestation pool: load floor: %w", err)
	}
	lctx, cancel := context.WithTimeout(ctx, startupL1Timeout)
	last, err := p.committees.LastCommitted(lctx)
	cancel()
	if err != nil {
		p.log.Warn("Attestation pool: L1 unavailable at start, loading votes from the stored floor", "floor", max(floor, 1), "err", err)
	} else if last+1 != floor {
		// L1 is the truth, even below the stored floor (an L1 reorg).
		floor = last + 1
		if err := p.store.SetAttestFloor(floor); err != nil {
			return fmt.Errorf("attestation pool: %w", err)
		}
	}
	p.floor = max(floor, 1)
	return nil
}

// loadStored loads the certificates and votes stored from the floor on:
// the votes of batches sealed here to be counted, the others held.
func (p *Pool) loadStored() error {
	certified, err := p.store.CertifiedBatches(p.floor)
	if err != nil {
		return fmt.Errorf("attestation pool: load certificates: %w", err)
	}
	for _, n := range certified {
		p.certs[n] = true
		p.lastCertified = max(p.lastCertified, n)
	}
	stored, err := p.store.Votes(p.floor, p.sealed+p.cfg.MaxAhead)
	if err != nil {
		return fmt.Errorf("attestation pool: load votes: %w", err)
	}
	for _, sv := range stored {
		if p.certs[sv.Batch] {
			continue
		}
		v, err := DecodeVote(sv.Vote)
		if err != nil || v.BatchNumber != sv.Batch || v.Signer != sv.Signer {
			p.log.Warn("Dropping a corrupt stored vote", "batch", sv.Batch, "signer", sv.Signer, "err", err)
			continue
		}
		if sv.Batch > p.sealed {
			p.mapFor(p.held, sv.Batch)[v.Signer] = v
			continue
		}
		p.mapFor(p.votes, sv.Batch)[v.Signer] = v
	}
	return nil
}

// recheckStored checks the loaded votes of sealed batches against the
// local hash (votes stored for a batch that was sealed since were held),
// then tries to certify what has votes.
func (p *Pool) recheckStored(ctx context.Context) error {
	batchesWithVotes := make([]uint64, 0, len(p.votes))
	for n := range p.votes {
		batchesWithVotes = append(batchesWithVotes, n)
	}
	sort.Slice(batchesWithVotes, func(i, j int) bool { return batchesWithVotes[i] < batchesWithVotes[j] })
	for _, n := range batchesWithVotes {
		h, err := p.localHash(n)
		if err != nil {
			return fmt.Errorf("attestation pool: %w", err)
		}
		p.mu.Lock()
		for _, v := range p.votes[n] {
			if v.BatchHash != h {
				p.recordConflictLocked(v, h, true)
				delete(p.votes[n], v.Signer)
			}
		}
		p.mu.Unlock()
		p.tryCertify(ctx, n)
	}
	return nil
}

// Certified signals (without blocking, coalesced) that a certificate was stored.
func (p *Pool) Certified() <-chan struct{} { return p.certified }

// Add takes a vote from the network or from this node's attester. It
// returns nil when the vote is counted (or held until the batch is sealed
// here, or already known), ErrConflict when it is kept as evidence
// (ErrEvidenceKnown when that evidence was kept already), ErrCommitted for
// a batch L1 has committed, and another refusal (ErrBadSignature,
// ErrNotInCommittee, ErrNoCommittee, ErrOutOfRange, ErrCommitteeUnavailable)
// when it is dropped.
func (p *Pool) Add(ctx context.Context, v Vote) error {
	p.metrics.Received.Inc()
	err := p.add(ctx, v)
	if err != nil && !errors.Is(err, ErrConflict) && !errors.Is(err, ErrCommitted) {
		p.metrics.Refused.Inc()
	}
	return err
}

func (p *Pool) add(ctx context.Context, v Vote) error {
	n := v.BatchNumber
	sealed, com, err := p.admit(ctx, v)
	if err != nil {
		return err
	}
	if n > sealed {
		return p.hold(ctx, v)
	}
	local, err := p.localHash(n)
	if err != nil {
		return fmt.Errorf("vote of %s for batch %d: %w", v.Signer, n, err)
	}
	return p.addSealed(v, local, com)
}

// admit checks a vote before it is taken: for a batch in range and above
// the floor, well signed, by a member of the batch's committee. It
// returns the last batch sealed here and the committee.
func (p *Pool) admit(ctx context.Context, v Vote) (uint64, *Committee, error) {
	n := v.BatchNumber
	p.mu.Lock()
	sealed := p.sealed
	p.mu.Unlock()
	if n > sealed {
		sealed = p.catchUp(ctx)
	}
	if n == 0 || n > sealed+p.cfg.MaxAhead {
		return 0, nil, fmt.Errorf("vote of %s for batch %d (last sealed here %d, held up to %d ahead): %w", v.Signer, n, sealed, p.cfg.MaxAhead, ErrOutOfRange)
	}
	p.mu.Lock()
	floor := p.floor
	p.mu.Unlock()
	if n < floor {
		return 0, nil, fmt.Errorf("vote of %s for batch %d (L1 committed up to %d): %w", v.Signer, n, floor-1, ErrCommitted)
	}
	if err := v.Verify(p.cfg.Domain); err != nil {
		return 0, nil, err
	}
	com, err := p.committeeOf(ctx, n, v.Signer)
	if err != nil {
		return 0, nil, fmt.Errorf("vote of %s for batch %d: %w: %v", v.Signer, n, ErrCommitteeUnavailable, err)
	}
	if com == nil {
		return 0, nil, fmt.Errorf("vote of %s for batch %d: %w", v.Signer, n, ErrNoCommittee)
	}
	if com.Weight(v.Signer) == 0 {
		return 0, nil, fmt.Errorf("vote of %s for batch %d: %w (from batch %d)", v.Signer, n, ErrNotInCommittee, com.FromBatch)
	}
	return sealed, com, nil
}

// addSealed takes an admitted vote for a batch sealed here, whose hash is
// local: counted, recorded beside the certificate, or kept as evidence.
func (p *Pool) addSealed(v Vote, local common.Hash, com *Committee) error {
	n := v.BatchNumber
	p.mu.Lock()
	if v.BatchHash != local {
		err := p.recordConflictLocked(v, local, false)
		p.mu.Unlock()
		return err
	}
	// Below the floor L1 has committed the batch: a vote is only recorded.
	certified := p.certs[n] || n < p.floor
	if old, ok := p.votes[n][v.Signer]; ok && old == v {
		p.mu.Unlock()
		return nil
	}
	if err := p.store.SaveVote(n, v.Signer, v.Encode()); err != nil {
		p.mu.Unlock()
		return fmt.Errorf("vote of %s for batch %d: %w", v.Signer, n, err)
	}
	if certified {
		// A late vote: recorded beside the certificate, which does not change.
		p.mu.Unlock()
		p.log.Debug("Late attestation recorded", "batch", n, "signer", v.Signer)
		return nil
	}
	p.mapFor(p.votes, n)[v.Signer] = v
	p.mu.Unlock()
	p.tryCertifyWith(n, com)
	return nil
}

// hold keeps an admitted vote for a batch not sealed here yet, one per
// signer and batch.
func (p *Pool) hold(ctx context.Context, v Vote) error {
	n := v.BatchNumber
	p.mu.Lock()
	if n <= p.sealed {
		// Sealed meanwhile: take the path of a sealed batch.
		p.mu.Unlock()
		return p.add(ctx, v)
	}
	if old, ok := p.held[n][v.Signer]; ok {
		p.mu.Unlock()
		if old.BatchHash == v.BatchHash {
			return nil
		}
		return p.evidence(v, common.Hash{}, "signer voted twice for a batch not sealed here yet", old.BatchHash)
	}
	if err := p.store.SaveVote(n, v.Signer, v.Encode()); err != nil {
		p.mu.Unlock()
		return fmt.Errorf("hold vote of %s for batch %d: %w", v.Signer, n, err)
	}
	p.mapFor(p.held, n)[v.Signer] = v
	p.mu.Unlock()
	return nil
}

// OnSealed tells the pool that this node sealed batch b: votes held for it
// are checked against its hash, and its certificate is assembled if they
// reach quorum. It never fails: problems are logged.
func (p *Pool) OnSealed(ctx context.Context, b *rollup.Batch) {
	n := b.Number
	h := b.Hash(p.cfg.Domain.L2ChainID)
	p.mu.Lock()
	if n <= p.sealed && p.held[n] == nil {
		p.mu.Unlock()
		return
	}
	if n > p.sealed {
		p.sealed = n
	}
	p.hashes[n] = h
	var resolve []uint64
	for m := range p.held {
		if m <= p.sealed {
			resolve = append(resolve, m)
		}
	}
	p.mu.Unlock()
	sort.Slice(resolve, func(i, j int) bool { return resolve[i] < resolve[j] })
	for _, m := range resolve {
		local, err := p.localHash(m)
		if err != nil {
			p.log.Warn("Attestation: cannot read a sealed batch", "batch", m, "err", err)
			continue
		}
		p.mu.Lock()
		for _, v := range p.held[m] {
			if v.BatchHash == local {
				if !p.certs[m] {
					p.mapFor(p.votes, m)[v.Signer] = v
				}
				continue
			}
			_ = p.recordConflictLocked(v, local, true)
		}
		delete(p.held, m)
		p.mu.Unlock()
		p.tryCertify(ctx, m)
	}
	p.tryCertify(ctx, n)
}

// catchUp takes the batches the store sealed that OnSealed was not called
// for (yet), so that held votes are counted even if no call comes; it
// returns the last sealed batch.
func (p *Pool) catchUp(ctx context.Context) uint64 {
	p.mu.Lock()
	sealed := p.sealed
	p.mu.Unlock()
	last, err := p.batches.LastSealed()
	if err != nil || last <= sealed {
		return sealed
	}
	sb, err := p.batches.Batch(last)
	if err != nil {
		return sealed
	}
	p.OnSealed(ctx, &sb.Batch)
	return last
}

// VotesFor returns the votes this node has for batch n (counted, late or
// held), to answer a peer that asks; evidence is not included.
func (p *Pool) VotesFor(n uint64) []Vote {
	stored, err := p.store.Votes(n, n)
	if err != nil {
		p.log.Warn("Attestation: read votes", "batch", n, "err", err)
		return nil
	}
	out := make([]Vote, 0, len(stored))
	for _, sv := range stored {
		if v, err := DecodeVote(sv.Vote); err == nil {
			out = append(out, v)
		}
	}
	sortBySigner(out)
	return out
}

// EncodedVotes returns at most limit stored votes (counted, late or held)
// of batches from..to in their wire form, by batch then signer, after the
// first skip: what a peer that asks is served.
func (p *Pool) EncodedVotes(from, to uint64, skip, limit int) ([][]byte, error) {
	stored, err := p.store.VotesPage(from, to, skip, limit)
	if err != nil {
		return nil, fmt.Errorf("votes of batches %d..%d: %w", from, to, err)
	}
	out := make([][]byte, len(stored))
	for i, sv := range stored {
		out[i] = sv.Vote
	}
	return out, nil
}

// Wanted returns the batches whose votes this node may lack: from the
// first batch L1 has not committed (the last floor seen when L1 cannot be
// read) that has no certificate here, through the last batch sealed here,
// at most maxBatches of them. ok is false when every such batch is
// certified, or none is sealed.
func (p *Pool) Wanted(ctx context.Context, maxBatches uint64) (from, to uint64, ok bool) {
	sealed := p.catchUp(ctx)
	if last, err := p.committees.LastCommitted(ctx); err == nil {
		p.prune(last)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	from = p.floor
	for from <= sealed && p.certs[from] {
		from++
	}
	if from > sealed || maxBatches == 0 {
		return 0, 0, false
	}
	return from, min(sealed, from+maxBatches-1), true
}

// Evidence returns the conflicting votes kept for batch n.
func (p *Pool) Evidence(n uint64) []Vote {
	raw, err := p.store.Evidence(n)
	if err != nil {
		p.log.Warn("Attestation: read evidence", "batch", n, "err", err)
		return nil
	}
	out := make([]Vote, 0, len(raw))
	for _, b := range raw {
		if v, err := DecodeVote(b); err == nil {
			out = append(out, v)
		}
	}
	return out
}

// Certificate returns the stored certificate of batch n, nil if none.
func (p *Pool) Certificate(n uint64) (*Certificate, error) {
	raw, err := p.store.Certificate(n)
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("certificate of batch %d: %w", n, err)
	}
	return DecodeCertificate(raw)
}

// Status is what the pool shows: the next batch waiting for a
// certificate, the weight collected for it and who signed.
type Status struct {
	// NextBatch is the lowest batch L1 has not committed, sealed here, that
	// a committee applies to and that has no certificate; 0 when none.
	NextBatch     uint64
	Weight        uint64
	Quorum        uint64
	TotalWeight   uint64
	Signers       []common.Address
	Sealed        uint64
	LastCommitted uint64
	// LastCertified is the highest batch with a certificate (0 if none).
	LastCertified uint64
	// Error is why the status could not be read from L1, if so.
	Error string
}

// Status reads L1's last committed batch and the committee for the next
// batch waiting; an L1 failure is reported in Status.Error.
func (p *Pool) Status(ctx context.Context) Status {
	p.catchUp(ctx)
	p.mu.Lock()
	s := Status{Sealed: p.sealed, LastCertified: p.lastCertified}
	p.mu.Unlock()
	last, err := p.committees.LastCommitted(ctx)
	if err != nil {
		s.Error = err.Error()
		return s
	}
	s.LastCommitted = last
	p.prune(last)
	if last >= s.Sealed {
		return s
	}
	// No committee for the last sealed batch means none for any before it.
	if com, err := p.committee(ctx, s.Sealed, false); err != nil || com == nil {
		if err != nil {
			s.Error = err.Error()
		}
		return s
	}
	for n := last + 1; n <= s.Sealed; n++ {
		p.mu.Lock()
		certified := p.certs[n]
		p.mu.Unlock()
		if certified {
			continue
		}
		com, err := p.committee(ctx, n, false)
		if err != nil {
			s.Error = err.Error()
			return s
		}
		if com == nil {
			continue
		}
		s.NextBatch, s.Quorum, s.TotalWeight = n, com.Quorum(), com.TotalWeight()
		s.Weight, s.Signers = p.weight(n, com)
		return s
	}
	return s
}

// Tally is batch n's attestation weight as the pool holds it, without
// reading L1: its certificate's signers, or else the votes so far,
// weighed by the committee last read for n (or for a later batch, when
// that committee applied from n or before), and the committee's quorum.
// ok is false when the pool read no such committee (or none applies).
func (p *Pool) Tally(n uint64) (weight, quorum uint64, ok bool) {
	p.cmu.Lock()
	com := p.cache[n].c
	if com == nil {
		for m, e := range p.cache {
			if m > n && e.c != nil && e.c.FromBatch <= n {
				com = e.c
				break
			}
		}
	}
	p.cmu.Unlock()
	if com == nil {
		return 0, 0, false
	}
	if cert, err := p.Certificate(n); err == nil && cert != nil {
		return cert.Weight(com), com.Quorum(), true
	}
	w, _ := p.weight(n, com)
	return w, com.Quorum(), true
}

// WaitingError says that batch Batch needs a certificate and has Weight of
// Quorum; Other is the weight of attesters who signed another hash for it.
type WaitingError struct {
	Batch, Weight, Quorum, Other uint64
}

func (e *WaitingError) Error() string {
	msg := fmt.Sprintf("waiting for attestations: batch %d, weight %d of quorum %d", e.Batch, e.Weight, e.Quorum)
	if e.Other > 0 {
		msg += fmt.Sprintf("; attesters of weight %d signed another hash for it: this node's batch (its blocks or its published data) is not theirs", e.Other)
	}
	return msg
}

// Attestations returns the signatures to commit batch n with hash h: nil
// when no committee applies to n on L1, the certificate's signatures when
// it holds one that satisfies the committee L1 names now, and a
// *WaitingError otherwise. The committee is read from L1, not the cache,
// so that nothing is sent that L1 would refuse.
func (p *Pool) Attestations(ctx context.Context, n uint64, h common.Hash) ([][]byte, error) {
	p.catchUp(ctx)
	com, err := p.committee(ctx, n, true)
	if err != nil {
		return nil, err
	}
	if com == nil {
		return nil, nil
	}
	if n > 1 {
		p.prune(n - 1)
	}
	cert, err := p.Certificate(n)
	if err != nil {
		return nil, err
	}
	if cert != nil {
		verr := cert.Verify(p.cfg.Domain, com)
		if verr == nil && cert.BatchHash == h && cert.BatchNumber == n {
			return cert.Attestations(), nil
		}
		// The committee was replaced since (or the batch was), so the
		// certificate would be refused: drop it and count again.
		p.log.Warn("Stored certificate no longer valid, collecting again", "batch", n, "err", verr)
		if err := p.store.DeleteCertificate(n); err != nil {
			return nil, err
		}
		p.mu.Lock()
		delete(p.certs, n)
		p.mu.Unlock()
		p.reload(n)
		p.tryCertifyWith(n, com)
		if cert, err = p.Certificate(n); err != nil {
			return nil, err
		}
		if cert != nil && cert.BatchHash == h {
			return cert.Attestations(), nil
		}
	}
	w, _ := p.weight(n, com)
	return nil, &WaitingError{Batch: n, Weight: w, Quorum: com.Quorum(), Other: p.otherWeight(n, h, com)}
}

// tryCertify assembles the certificate of batch n if its votes reach quorum.
func (p *Pool) tryCertify(ctx context.Context, n uint64) {
	p.mu.Lock()
	skip := p.certs[n] || len(p.votes[n]) == 0
	p.mu.Unlock()
	if skip {
		return
	}
	com, err := p.committee(ctx, n, false)
	if err != nil {
		// An L1 outage is the node's L1 loops' to report (package outage):
		// one Warn line for it, not one per vote.
		level := slog.LevelWarn
		if outage.Unreachable(err) {
			level = slog.LevelDebug
		}
		p.log.Log(ctx, level, "Attestation: committee unavailable, certificate waits", "batch", n, "err", err)
		return
	}
	if com == nil {
		return
	}
	p.tryCertifyWith(n, com)
}

func (p *Pool) tryCertifyWith(n uint64, com *Committee) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.certs[n] {
		return
	}
	var w uint64
	var votes []Vote
	for _, v := range p.votes[n] {
		if cw := com.Weight(v.Signer); cw > 0 {
			w += cw
			votes = append(votes, v)
		}
	}
	if w < com.Quorum() || len(votes) == 0 {
		return
	}
	cert := newCertificate(p.cfg.Domain.L2ChainID, votes)
	if err := cert.Verify(p.cfg.Domain, com); err != nil {
		p.log.Error("Attestation: assembled certificate does not verify, not stored", "batch", n, "err", err)
		return
	}
	enc, err := cert.Encode()
	if err == nil {
		err = p.store.SaveCertificate(n, enc)
	}
	if err != nil {
		p.log.Error("Attestation: store certificate", "batch", n, "err", err)
		return
	}
	p.certs[n] = true
	p.lastCertified = max(p.lastCertified, n)
	delete(p.votes, n)
	delete(p.hashes, n)
	p.metrics.Certificates.Inc()
	p.log.Info("Batch certified by the attester committee", "batch", n, "signers", len(votes), "weight", w, "quorum", com.Quorum())
	select {
	case p.certified <- struct{}{}:
	default:
	}
}

// weight is the committee weight and signers of the votes counted for batch n.
func (p *Pool) weight(n uint64, com *Committee) (uint64, []common.Address) {
	p.mu.Lock()
	defer p.mu.Unlock()
	var w uint64
	signers := []common.Address{}
	for a := range p.votes[n] {
		if cw := com.Weight(a); cw > 0 {
			w += cw
			signers = append(signers, a)
		}
	}
	sort.Slice(signers, func(i, j int) bool { return signers[i].Cmp(signers[j]) < 0 })
	return w, signers
}

// otherWeight is the committee weight of the signers of votes for batch n
// with a hash other than h (the evidence kept), each signer once.
func (p *Pool) otherWeight(n uint64, h common.Hash, com *Committee) uint64 {
	seen := map[common.Address]bool{}
	var w uint64
	for _, v := range p.Evidence(n) {
		if v.BatchHash != h && !seen[v.Signer] {
			seen[v.Signer] = true
			w += com.Weight(v.Signer)
		}
	}
	return w
}

// reload puts the stored votes of batch n that match its local hash back in memory.
func (p *Pool) reload(n uint64) {
	h, err := p.localHash(n)
	if err != nil {
		return
	}
	vs := p.VotesFor(n)
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, v := range vs {
		if v.BatchHash == h {
			p.mapFor(p.votes, n)[v.Signer] = v
		}
	}
}

// prune drops from memory the batches L1 has committed: their votes stay stored.
func (p *Pool) prune(lastCommitted uint64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if lastCommitted < p.floor {
		return
	}
	for _, m := range []map[uint64]map[common.Address]Vote{p.votes, p.held} {
		for n := range m {
			if n <= lastCommitted {
				delete(m, n)
			}
		}
	}
	for n := range p.hashes {
		if n <= lastCommitted {
			delete(p.hashes, n)
		}
	}
	for n := range p.certs {
		if n <= lastCommitted {
			delete(p.certs, n)
		}
	}
	p.cmu.Lock()
	// The committee of the latest committed batch read stays: Tally weighs
	// the committed batches' certificates with it once no later batch has
	// its committee read.
	var keep uint64
	for n := range p.cache {
		if n <= lastCommitted && n > keep {
			keep = n
		}
	}
	for n := range p.cache {
		if n <= lastCommitted && n != keep {
			delete(p.cache, n)
		}
	}
	p.cmu.Unlock()
	p.floor = lastCommitted + 1
	if err := p.store.SetAttestFloor(p.floor); err != nil {
		p.log.Warn("Attestation pool: floor not stored", "floor", p.floor, "err", err)
	}
}

// recordConflictLocked keeps v (for another hash than local) as evidence.
// held tells that v was stored as a held vote and is moved.
func (p *Pool) recordConflictLocked(v Vote, local common.Hash, held bool) error {
	if held {
		if err := p.store.MoveVoteToEvidence(v.BatchNumber, v.Signer, v.BatchHash, v.Encode()); err != nil {
			p.log.Error("Attestation: store evidence", "batch", v.BatchNumber, "signer", v.Signer, "err", err)
			return err
		}
		p.metrics.Conflicting.Inc()
		p.log.Warn("Attester signed another batch hash than this node sealed", "batch", v.BatchNumber, "signer", v.Signer,
			"their_hash", v.BatchHash, "our_hash", local)
		return fmt.Errorf("vote of %s for batch %d: %w", v.Signer, v.BatchNumber, ErrConflict)
	}
	return p.evidence(v, local, "attester signed another batch hash than this node sealed", common.Hash{})
}

func (p *Pool) evidence(v Vote, local common.Hash, msg string, earlier common.Hash) error {
	kept, err := p.store.EvidenceCount(v.BatchNumber, v.Signer)
	if err != nil {
		return fmt.Errorf("vote of %s for batch %d: %w", v.Signer, v.BatchNumber, err)
	}
	if kept >= maxEvidencePerSigner {
		p.log.Debug("Conflicting vote not kept: enough evidence of this signer for the batch", "batch", v.BatchNumber, "signer", v.Signer)
		return fmt.Errorf("vote of %s for batch %d: %w", v.Signer, v.BatchNumber, ErrEvidenceKnown)
	}
	isNew, err := p.store.SaveEvidence(v.BatchNumber, v.Signer, v.BatchHash, v.Encode())
	if err != nil {
		p.log.Error("Attestation: store evidence", "batch", v.BatchNumber, "signer", v.Signer, "err", err)
		return fmt.Errorf("vote of %s for batch %d: %w", v.Signer, v.BatchNumber, err)
	}
	if !isNew {
		return fmt.Errorf("vote of %s for batch %d: %w", v.Signer, v.BatchNumber, ErrEvidenceKnown)
	}
	p.metrics.Conflicting.Inc()
	args := []any{"batch", v.BatchNumber, "signer", v.Signer, "their_hash", v.BatchHash}
	if local != (common.Hash{}) {
		args = append(args, "our_hash", local)
	}
	if earlier != (common.Hash{}) {
		args = append(args, "earlier_hash", earlier)
	}
	p.log.Warn(msg, args...)
	return fmt.Errorf("vote of %s for batch %d: %w", v.Signer, v.BatchNumber, ErrConflict)
}

// committee returns the committee for batch n from the cache or L1; fresh
// bypasses the cache.
func (p *Pool) committee(ctx context.Context, n uint64, fresh bool) (*Committee, error) {
	now := p.cfg.Clock.Now()
	if !fresh {
		p.cmu.Lock()
		e, ok := p.cache[n]
		p.cmu.Unlock()
		if ok && now.Before(e.until) {
			return e.c, nil
		}
	}
	c, err := p.committees.AttesterCommittee(ctx, n)
	if err != nil {
		return nil, err
	}
	p.cmu.Lock()
	defer p.cmu.Unlock()
	// Committees are shared between the batches they apply to: one change
	// on L1, one object here.
	for _, e := range p.cache {
		if e.c.Equal(c) {
			c = e.c
			break
		}
	}
	p.cache[n] = cachedCommittee{c: c, read: now, until: now.Add(p.cfg.CommitteeTTL)}
	return c, nil
}

// committeeOf is committee(n), read again from L1 if signer is not in the
// cached one and the cache entry is older than recheckAfter.
func (p *Pool) committeeOf(ctx context.Context, n uint64, signer common.Address) (*Committee, error) {
	c, err := p.committee(ctx, n, false)
	if err != nil || (c != nil && c.Weight(signer) > 0) {
		return c, err
	}
	p.cmu.Lock()
	e := p.cache[n]
	p.cmu.Unlock()
	if p.cfg.Clock.Now().Sub(e.read) < recheckAfter {
		return c, nil
	}
	return p.committee(ctx, n, true)
}

// localHash is the hash of batch n as this node sealed it.
func (p *Pool) localHash(n uint64) (common.Hash, error) {
	p.mu.Lock()
	h, ok := p.hashes[n]
	p.mu.Unlock()
	if ok {
		return h, nil
	}
	sb, err := p.batches.Batch(n)
	if err != nil {
		return common.Hash{}, err
	}
	h = sb.Batch.Hash(p.cfg.Domain.L2ChainID)
	p.mu.Lock()
	if !p.certs[n] {
		p.hashes[n] = h
	}
	p.mu.Unlock()
	return h, nil
}

func (p *Pool) mapFor(m map[uint64]map[common.Address]Vote, n uint64) map[common.Address]Vote {
	if m[n] == nil {
		m[n] = map[common.Address]Vote{}
	}
	return m[n]
}
