package consensus

import (
	"fmt"
	"slices"
	"sync"

	"github.com/cairn-rollup/cairn/crypto/bls"
)

// CommitQC is a quorum of signatures over one ReplicaCommit.
type CommitQC struct {
	Message ReplicaCommit
	Signers Signers
	Sig     bls.Signature
}

// TimeoutEntry is one distinct timeout message inside a TimeoutQC with the
// validators that signed it.
type TimeoutEntry struct {
	Msg     ReplicaTimeout
	Signers Signers
}

// TimeoutQC is a quorum of timeouts for one view. Signers may have signed
// different timeouts (different high votes and high QCs).
type TimeoutQC struct {
	View    View
	Entries []TimeoutEntry
	Sig     bls.Signature
}

// Header returns the finalized header.
func (qc *CommitQC) Header() BlockHeader { return qc.Message.Header }

// Verify checks the QC against the genesis committee.
func (qc *CommitQC) Verify(g *Genesis) error { return newVerifier(g, nil).commitQC(qc) }

// Verify checks the QC against the genesis committee.
func (qc *TimeoutQC) Verify(g *Genesis) error { return newVerifier(g, nil).timeoutQC(qc) }

// Verify checks the justification's QC.
func (j Justification) Verify(g *Genesis) error { return newVerifier(g, nil).justification(j) }

// HighVote returns the vote for the one block header that reaches subquorum
// weight among the timeouts' high votes, or nil when no header or more than
// one does. Votes for one header cast in different views count together (a
// replica that re-voted for a re-proposal carries the later view): of those,
// the vote of the highest view is returned. Tallying by view as well would
// split a block that may be final into parts below subquorum and let the next
// leader propose another block at its height.
func (qc *TimeoutQC) HighVote(c *Committee) *ReplicaCommit {
	type tally struct {
		vote   ReplicaCommit // the vote of the highest view for the header
		weight uint64
	}
	var tallies []tally
	for _, e := range qc.Entries {
		hv := e.Msg.HighVote
		if hv == nil {
			continue
		}
		w := c.Weight(e.Signers)
		i := slices.IndexFunc(tallies, func(t tally) bool { return t.vote.Header == hv.Header })
		if i < 0 {
			tallies = append(tallies, tally{vote: *hv})
			i = len(tallies) - 1
		}
		tallies[i].weight += w
		if hv.View.Number > tallies[i].vote.View.Number {
			tallies[i].vote = *hv
		}
	}
	var out *ReplicaCommit
	for _, t := range tallies {
		if t.weight >= c.Subquorum() {
			if out != nil {
				return nil
			}
			v := t.vote
			out = &v
		}
	}
	return out
}

// HighQC returns the newest CommitQC among the timeouts.
func (qc *TimeoutQC) HighQC() *CommitQC {
	var out *CommitQC
	for _, e := range qc.Entries {
		if q := e.Msg.HighQC; q != nil && (out == nil || q.Message.View.Number > out.Message.View.Number) {
			out = q
		}
	}
	return out
}

// ImpliedBlock returns the number of the block a proposal under j must carry
// and, for a re-proposal, the payload hash it must re-propose.
func (j Justification) ImpliedBlock(g *Genesis) (number uint64, reproposal *Hash) {
	if j.Commit != nil {
		return j.Commit.Message.Header.Number + 1, nil
	}
	highQC := j.Timeout.HighQC()
	if hv := j.Timeout.HighVote(g.Committee); hv != nil {
		if highQC == nil || hv.Header.Number > highQC.Message.Header.Number {
			h := hv.Header.PayloadHash
			return hv.Header.Number, &h
		}
	}
	if highQC != nil {
		return highQC.Message.Header.Number + 1, nil
	}
	return g.FirstBlock, nil
}

// VerifyCache remembers signatures and QCs that verified, so that a message
// seen twice, or by many replicas in one process, is verified once. It is
// safe for concurrent use and bounded: it forgets everything when full.
type VerifyCache struct {
	mu    sync.Mutex
	seen  map[Hash]struct{}
	limit int
}

// NewVerifyCache returns a cache holding up to limit entries.
func NewVerifyCache(limit int) *VerifyCache {
	return &VerifyCache{seen: make(map[Hash]struct{}), limit: limit}
}

func (c *VerifyCache) has(h Hash) bool {
	if c == nil {
		return false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	_, ok := c.seen[h]
	return ok
}

func (c *VerifyCache) add(h Hash) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.seen) >= c.limit {
		clear(c.seen)
	}
	c.seen[h] = struct{}{}
}

// verifier checks messages and QCs against one genesis.
type verifier struct {
	g     *Genesis
	cache *VerifyCache
}

func newVerifier(g *Genesis, cache *VerifyCache) verifier {
	if cache == nil {
		// Still dedupe within one call: the timeouts of a TimeoutQC often
		// carry the same high QC.
		cache = NewVerifyCache(64)
	}
	return verifier{g: g, cache: cache}
}

func (v verifier) signed(s Signed) error {
	if s.Msg == nil {
		return fmt.Errorf("%w: no message", ErrBadSignature)
	}
	h := SigningHash(s.Msg)
	key := signedKey(s, h)
	if v.cache.has(key) {
		return nil
	}
	if err := s.verifyHash(h); err != nil {
		return err
	}
	v.cache.add(key)
	return nil
}

// rememberSigned records a message this process signed itself; h is its
// signing hash.
func (v verifier) rememberSigned(s Signed, h Hash) { v.cache.add(signedKey(s, h)) }

// signedKey covers the signer, the signature and, through the signing hash
// (domain tag and whole encoding), the message: a remembered signature
// vouches for nothing else.
func signedKey(s Signed, h Hash) Hash {
	return Keccak256([]byte("sig"), s.Signer.Bytes(), s.Sig.Bytes(), h[:])
}

// rememberCommitQC records a QC checked some other way (an aggregate of
// votes) so that it is not verified again when it comes back in a proposal.
func (v verifier) rememberCommitQC(qc *CommitQC) {
	v.cache.add(Keccak256([]byte("commitqc"), encodeCommitQC(qc)))
}

// rememberTimeoutQC records a TimeoutQC built from timeouts whose contents
// were checked one by one and whose aggregate signature verified.
func (v verifier) rememberTimeoutQC(qc *TimeoutQC) {
	v.cache.add(Keccak256([]byte("timeoutqc"), encodeTimeoutQC(qc)))
}

func (v verifier) commit(m *ReplicaCommit) error {
	if err := v.g.checkView(m.View); err != nil {
		return err
	}
	if m.Header.Number < v.g.FirstBlock {
		return fmt.Errorf("%w: block %d before the first block %d", ErrInvalidMessage, m.Header.Number, v.g.FirstBlock)
	}
	return nil
}

func (v verifier) timeout(m *ReplicaTimeout) error {
	if err := v.g.checkView(m.View); err != nil {
		return err
	}
	if m.HighVote != nil {
		if err := v.commit(m.HighVote); err != nil {
			return fmt.Errorf("high vote: %w", err)
		}
		if m.HighVote.View.Number > m.View.Number {
			return fmt.Errorf("%w: high vote of view %d in a timeout of view %d", ErrInvalidMessage, m.HighVote.View.Number, m.View.Number)
		}
	}
	if m.HighQC != nil {
		if m.HighQC.Message.View.Number >= m.View.Number {
			return fmt.Errorf("%w: high QC of view %d in a timeout of view %d", ErrInvalidMessage, m.HighQC.Message.View.Number, m.View.Number)
		}
		if err := v.commitQC(m.HighQC); err != nil {
			return fmt.Errorf("high QC: %w", err)
		}
	}
	return nil
}

func (v verifier) signersOK(s Signers) error {
	if len(s) != v.g.Committee.Len() {
		return fmt.Errorf("%w: signer bitmap of %d, committee of %d", ErrBadQC, len(s), v.g.Committee.Len())
	}
	if s.Count() == 0 {
		return fmt.Errorf("%w: no signers", ErrBadQC)
	}
	return nil
}

func (v verifier) commitQC(qc *CommitQC) error {
	key := Keccak256([]byte("commitqc"), encodeCommitQC(qc))
	if v.cache.has(key) {
		return nil
	}
	if err := v.commit(&qc.Message); err != nil {
		return fmt.Errorf("%w: %w", ErrBadQC, err)
	}
	if err := v.signersOK(qc.Signers); err != nil {
		return err
	}
	c := v.g.Committee
	if w := c.Weight(qc.Signers); w < c.Quorum() {
		return fmt.Errorf("%w: commit weight %d below quorum %d", ErrBadQC, w, c.Quorum())
	}
	h := SigningHash(&qc.Message)
	if err := verifyAggregate(c, qc.Signers, h, qc.Sig); err != nil {
		return fmt.Errorf("%w: commit aggregate signature: %w", ErrBadQC, err)
	}
	v.cache.add(key)
	return nil
}

func (v verifier) timeoutQC(qc *TimeoutQC) error {
	key := Keccak256([]byte("timeoutqc"), encodeTimeoutQC(qc))
	if v.cache.has(key) {
		return nil
	}
	if err := v.g.checkView(qc.View); err != nil {
		return fmt.Errorf("%w: %w", ErrBadQC, err)
	}
	if len(qc.Entries) == 0 {
		return fmt.Errorf("%w: no timeouts", ErrBadQC)
	}
	c := v.g.Committee
	all := NewSigners(c.Len())
	keys := make([]bls.AggregateKey, 0, len(qc.Entries))
	msgs := make([][]byte, 0, len(qc.Entries))
	seen := make(map[Hash]bool, len(qc.Entries))
	for i := range qc.Entries {
		e := &qc.Entries[i]
		if e.Msg.View != qc.View {
			return fmt.Errorf("%w: timeout of view %d in a QC of view %d", ErrBadQC, e.Msg.View.Number, qc.View.Number)
		}
		if err := v.signersOK(e.Signers); err != nil {
			return err
		}
		if all.Overlaps(e.Signers) {
			return fmt.Errorf("%w: overlapping signers", ErrBadQC)
		}
		if err := v.timeout(&e.Msg); err != nil {
			return fmt.Errorf("%w: timeout %d: %w", ErrBadQC, i, err)
		}
		h := SigningHash(&e.Msg)
		if seen[h] {
			return fmt.Errorf("%w: timeout %d repeated", ErrBadQC, i)
		}
		seen[h] = true
		for j, ok := range e.Signers {
			all[j] = all[j] || ok
		}
		agg, err := c.AggregateKey(e.Signers)
		if err != nil {
			return fmt.Errorf("%w: %w", ErrBadQC, err)
		}
		keys = append(keys, agg)
		msgs = append(msgs, h[:])
	}
	if w := c.Weight(all); w < c.Quorum() {
		return fmt.Errorf("%w: timeout weight %d below quorum %d", ErrBadQC, w, c.Quorum())
	}
	if err := bls.AggregateKeysVerify(keys, msgs, qc.Sig); err != nil {
		return fmt.Errorf("%w: timeout aggregate signature: %w", ErrBadQC, err)
	}
	v.cache.add(key)
	return nil
}

// verifyAggregate checks that sig aggregates the signers' signatures over h.
func verifyAggregate(c *Committee, signers Signers, h Hash, sig bls.Signature) error {
	agg, err := c.AggregateKey(signers)
	if err != nil {
		return err
	}
	return agg.Verify(h[:], sig)
}

// verifyTimeoutSig checks only the aggregate signature of a TimeoutQC: one
// aggregate key per distinct timeout.
func verifyTimeoutSig(c *Committee, qc *TimeoutQC) error {
	keys := make([]bls.AggregateKey, len(qc.Entries))
	msgs := make([][]byte, len(qc.Entries))
	for i := range qc.Entries {
		k, err := c.AggregateKey(qc.Entries[i].Signers)
		if err != nil {
			return err
		}
		h := SigningHash(&qc.Entries[i].Msg)
		keys[i], msgs[i] = k, h[:]
	}
	return bls.AggregateKeysVerify(keys, msgs, qc.Sig)
}

func (v verifier) justification(j Justification) error {
	switch {
	case j.Commit != nil && j.Timeout == nil:
		return v.commitQC(j.Commit)
	case j.Timeout != nil && j.Commit == nil:
		return v.timeoutQC(j.Timeout)
	}
	return fmt.Errorf("%w: want exactly one QC", ErrBadQC)
}

// vote is a vote waiting in the aggregation cache. Commit votes are kept
// unverified and checked in one aggregate when they reach a quorum.
type vote struct {
	signer   int
	msg      Msg
	hash     Hash // SigningHash(msg)
	sig      bls.Signature
	verified bool
}

// buildCommitQC aggregates votes over one commit message.
func buildCommitQC(c *Committee, msg *ReplicaCommit, votes []vote) (*CommitQC, error) {
	qc := &CommitQC{Message: *msg, Signers: NewSigners(c.Len())}
	sigs := make([]bls.Signature, 0, len(votes))
	for _, v := range votes {
		qc.Signers[v.signer] = true
		sigs = append(sigs, v.sig)
	}
	sig, err := bls.Aggregate(sigs...)
	if err != nil {
		return nil, fmt.Errorf("aggregate commit QC: %w", err)
	}
	qc.Sig = sig
	return qc, nil
}

// buildTimeoutQC aggregates timeouts of one view, grouping equal messages.
// Entries are ordered by signing hash so that every replica builds the same
// bytes from the same votes.
func buildTimeoutQC(c *Committee, view View, votes []vote) (*TimeoutQC, error) {
	qc := &TimeoutQC{View: view}
	byHash := map[Hash]int{}
	sigs := make([]bls.Signature, 0, len(votes))
	hashes := []Hash{}
	for _, v := range votes {
		i, ok := byHash[v.hash]
		if !ok {
			i = len(qc.Entries)
			byHash[v.hash] = i
			qc.Entries = append(qc.Entries, TimeoutEntry{Msg: *v.msg.(*ReplicaTimeout), Signers: NewSigners(c.Len())})
			hashes = append(hashes, v.hash)
		}
		qc.Entries[i].Signers[v.signer] = true
		sigs = append(sigs, v.sig)
	}
	order := make([]int, len(qc.Entries))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return slices.Compare(hashes[a][:], hashes[b][:]) })
	sorted := make([]TimeoutEntry, len(order))
	for i, j := range order {
		sorted[i] = qc.Entries[j]
	}
	qc.Entries = sorted
	sig, err := bls.Aggregate(sigs...)
	if err != nil {
		return nil, fmt.Errorf("aggregate timeout QC: %w", err)
	}
	qc.Sig = sig
	return qc, nil
}

// AggregateCommitQC builds a CommitQC from signed commits of msg (checked
// against the committee, not verified). Block sync and tests use it.
func AggregateCommitQC(c *Committee, msg ReplicaCommit, votes []Signed) (*CommitQC, error) {
	vs, err := toVotes(c, votes)
	if err != nil {
		return nil, err
	}
	for _, v := range vs {
		if m, ok := v.msg.(*ReplicaCommit); !ok || *m != msg {
			return nil, fmt.Errorf("aggregate commit QC: vote of signer %d is not for the message", v.signer)
		}
	}
	return buildCommitQC(c, &msg, vs)
}

// AggregateTimeoutQC builds a TimeoutQC from signed timeouts of one view.
func AggregateTimeoutQC(c *Committee, view View, votes []Signed) (*TimeoutQC, error) {
	vs, err := toVotes(c, votes)
	if err != nil {
		return nil, err
	}
	for _, v := range vs {
		if _, ok := v.msg.(*ReplicaTimeout); !ok || v.msg.MsgView() != view {
			return nil, fmt.Errorf("aggregate timeout QC: vote of signer %d is not a timeout of view %d", v.signer, view.Number)
		}
	}
	return buildTimeoutQC(c, view, vs)
}

func toVotes(c *Committee, votes []Signed) ([]vote, error) {
	out := make([]vote, 0, len(votes))
	seen := map[int]bool{}
	for _, s := range votes {
		i, ok := c.Index(s.Signer)
		if !ok {
			return nil, ErrUnknownSigner
		}
		if seen[i] {
			return nil, fmt.Errorf("%w: signer %d twice", ErrDuplicateSigner, i)
		}
		seen[i] = true
		out = append(out, vote{signer: i, msg: s.Msg, hash: SigningHash(s.Msg), sig: s.Sig})
	}
	return out, nil
}
