package attest_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
	"github.com/stretchr/testify/require"

	"github.com/cairn-rollup/cairn/attest"
	"github.com/cairn-rollup/cairn/clock"
	"github.com/cairn-rollup/cairn/crypto/attesterkey"
	"github.com/cairn-rollup/cairn/rollup"
	"github.com/cairn-rollup/cairn/store"
)

const l2ChainID = 42

var domain = attest.Domain{L1ChainID: 1337, OnChainProposer: common.HexToAddress("0x0c0c"), L2ChainID: l2ChainID}

// fakeL1 is a scripted committee schedule.
type fakeL1 struct {
	mu            sync.Mutex
	schedule      []*attest.Committee // ascending FromBatch
	lastCommitted uint64
	down          bool
	reads         int
}

func (f *fakeL1) set(c *attest.Committee) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var keep []*attest.Committee
	for _, old := range f.schedule {
		if old.FromBatch < c.FromBatch {
			keep = append(keep, old)
		}
	}
	f.schedule = append(keep, c)
}

func (f *fakeL1) AttesterCommittee(_ context.Context, n uint64) (*attest.Committee, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.reads++
	if f.down {
		return nil, errors.New("L1 down")
	}
	for i := len(f.schedule) - 1; i >= 0; i-- {
		if f.schedule[i].FromBatch <= n {
			return f.schedule[i], nil
		}
	}
	return nil, nil
}

func (f *fakeL1) LastCommitted(context.Context) (uint64, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.down {
		return 0, errors.New("L1 down")
	}
	return f.lastCommitted, nil
}

type keys []*attesterkey.SecretKey

func newKeys(t testing.TB, n int) keys {
	ks := make(keys, n)
	for i := range ks {
		k, err := attesterkey.Generate(nil)
		require.NoError(t, err)
		ks[i] = k
	}
	sort.Slice(ks, func(i, j int) bool { return bytes.Compare(ks[i].Address().Bytes(), ks[j].Address().Bytes()) < 0 })
	return ks
}

func (ks keys) committee(t testing.TB, from, weight uint64) *attest.Committee {
	addrs := make([]common.Address, len(ks))
	ws := make([]uint64, len(ks))
	for i, k := range ks {
		addrs[i], ws[i] = k.Address(), weight
	}
	c, err := attest.NewCommittee(from, addrs, ws)
	require.NoError(t, err)
	return c
}

func vote(t testing.TB, k *attesterkey.SecretKey, n uint64, h common.Hash) attest.Vote {
	s, err := attest.NewSigner(k, domain)
	require.NoError(t, err)
	v, err := s.Sign(n, h)
	require.NoError(t, err)
	return v
}

// batchChain seals n batches that follow each other into st.
func batchChain(t testing.TB, st *store.Store, from, n int) []rollup.Batch {
	var out []rollup.Batch
	for i := from; i < from+n; i++ {
		b := rollup.Batch{Number: uint64(i), FirstBlock: uint64(i), LastBlock: uint64(i),
			StateRoot: common.BigToHash(big.NewInt(int64(1000 + i))), LastBlockHash: common.BigToHash(big.NewInt(int64(i)))}
		require.NoError(t, st.SaveBatch(&store.SealedBatch{Batch: b}, nil))
		out = append(out, b)
	}
	return out
}

type harness struct {
	t       *testing.T
	st      *store.Store
	l1      *fakeL1
	pool    *attest.Pool
	metrics *attest.Metrics
	reg     *prometheus.Registry
	once    sync.Once
	clock   *clock.Fake
}

func (h *harness) close() {
	h.once.Do(func() { require.NoError(h.t, h.st.Close()) })
}

func newHarness(t *testing.T, dir string, l1 *fakeL1) *harness {
	st, err := store.Open(dir)
	require.NoError(t, err)
	h := &harness{t: t, st: st, l1: l1, reg: prometheus.NewRegistry(), clock: clock.NewFake()}
	t.Cleanup(h.close)
	h.metrics, err = attest.NewMetrics(h.reg)
	require.NoError(t, err)
	h.pool, err = attest.NewPool(context.Background(), attest.PoolConfig{Domain: domain, MaxAhead: 4, Clock: h.clock}, st, st, l1, h.metrics, slog.New(slog.DiscardHandler))
	require.NoError(t, err)
	return h
}

func (h *harness) seal(bs ...rollup.Batch) {
	for i := range bs {
		h.pool.OnSealed(context.Background(), &bs[i])
	}
}

func (h *harness) add(v attest.Vote) error { return h.pool.Add(context.Background(), v) }

func (h *harness) cert(n uint64) *attest.Certificate {
	c, err := h.pool.Certificate(n)
	require.NoError(h.t, err)
	return c
}

func TestQuorumOf8x1250(t *testing.T) {
	ks := newKeys(t, 8)
	l1 := &fakeL1{}
	l1.set(ks.committee(t, 1, 1250))
	h := newHarness(t, "", l1)
	b := batchChain(t, h.st, 1, 1)[0]
	h.seal(b)
	bh := b.Hash(l2ChainID)
	// Out of order, so that sorting is the pool's job.
	order := []int{5, 2, 7, 0, 3, 6, 1, 4}
	for i, k := range order[:6] {
		require.NoError(t, h.add(vote(t, ks[k], 1, bh)), "vote %d", i)
	}
	require.Nil(t, h.cert(1), "6 x 1250 = 7500 < 8001: no certificate")
	// The seventh signer's vote for another batch (2, not sealed yet: held)
	// adds nothing to batch 1.
	require.NoError(t, h.add(vote(t, ks[order[6]], 2, bh)))
	require.Nil(t, h.cert(1), "a vote for batch 2 does not count for batch 1")
	st := h.pool.Status(context.Background())
	require.Equal(t, attest.Status{NextBatch: 1, Weight: 7500, Quorum: 8001, TotalWeight: 10000, Signers: st.Signers, Sealed: 1}, st)
	require.Len(t, st.Signers, 6)
	_, err := h.pool.Attestations(context.Background(), 1, bh)
	var waiting *attest.WaitingError
	require.ErrorAs(t, err, &waiting)
	require.Equal(t, "waiting for attestations: batch 1, weight 7500 of quorum 8001", waiting.Error())

	require.NoError(t, h.add(vote(t, ks[order[6]], 1, bh)))
	c := h.cert(1)
	require.NotNil(t, c, "7 x 1250 = 8750 >= 8001: certificate")
	require.Equal(t, uint64(1), c.BatchNumber)
	require.Equal(t, bh, c.BatchHash)
	require.Len(t, c.Signatures, 7)
	require.True(t, sort.SliceIsSorted(c.Signers, func(i, j int) bool { return bytes.Compare(c.Signers[i][:], c.Signers[j][:]) < 0 }))
	require.NoError(t, c.Verify(domain, ks.committee(t, 1, 1250)))
	require.Equal(t, 1.0, testutil.ToFloat64(h.metrics.Certificates))
	sigs, err := h.pool.Attestations(context.Background(), 1, bh)
	require.NoError(t, err)
	require.Equal(t, c.Signatures, sigs)
	select {
	case <-h.pool.Certified():
	default:
		t.Fatal("no certified signal")
	}

	// The eighth vote is late: recorded beside the certificate, which does not change.
	require.NoError(t, h.add(vote(t, ks[order[7]], 1, bh)))
	require.Len(t, h.cert(1).Signatures, 7)
	require.Len(t, h.pool.VotesFor(1), 8)
	require.Equal(t, 1.0, testutil.ToFloat64(h.metrics.Certificates))
	require.Equal(t, 9.0, testutil.ToFloat64(h.metrics.Received))
	require.Zero(t, testutil.ToFloat64(h.metrics.Refused))
	require.Equal(t, uint64(1), h.pool.Status(context.Background()).LastCertified)
}

func TestVotesRefusedHeldAndConflicting(t *testing.T) {
	ks := newKeys(t, 8)
	outsider := newKeys(t, 1)[0]
	l1 := &fakeL1{}
	l1.set(ks.committee(t, 1, 1250))
	h := newHarness(t, "", l1)
	bs := batchChain(t, h.st, 1, 1)
	bs = append(bs, rollup.Batch{Number: 2, FirstBlock: 2, LastBlock: 2, StateRoot: common.HexToHash("0x2")}) // sealed later
	h.seal(bs[0])
	bh := bs[0].Hash(l2ChainID)

	tampered := vote(t, ks[0], 1, bh)
	tampered.Signature[10] ^= 1
	otherSigner := vote(t, ks[1], 1, bh)
	otherSigner.Signer = ks[2].Address()
	highS := vote(t, ks[3], 1, bh)
	s := new(big.Int).Sub(secp256k1N(), new(big.Int).SetBytes(highS.Signature[32:64]))
	copy(highS.Signature[32:64], common.LeftPadBytes(s.Bytes(), 32))
	highS.Signature[64] ^= 1 // 27 <-> 28
	badV := vote(t, ks[4], 1, bh)
	badV.Signature[64] = 1
	// Signed for batch 2, then its number edited to 1: the signature no
	// longer recovers to the signer.
	editedBatch := vote(t, ks[6], 2, bh)
	editedBatch.BatchNumber = 1
	otherDomain := vote(t, ks[5], 1, bh)
	{
		d := domain
		d.L1ChainID++
		s, err := attest.NewSigner(ks[5], d)
		require.NoError(t, err)
		otherDomain, err = s.Sign(1, bh)
		require.NoError(t, err)
	}

	cases := []struct {
		name string
		v    attest.Vote
		want error
	}{
		{"out of committee", vote(t, outsider, 1, bh), attest.ErrNotInCommittee},
		{"tampered signature", tampered, attest.ErrBadSignature},
		{"signature of another attester", otherSigner, attest.ErrBadSignature},
		{"high s", highS, attest.ErrBadSignature},
		{"v = 1", badV, attest.ErrBadSignature},
		{"signed for another L1 chain", otherDomain, attest.ErrBadSignature},
		{"batch number edited after signing", editedBatch, attest.ErrBadSignature},
		{"batch 0", vote(t, ks[0], 0, bh), attest.ErrOutOfRange},
		{"batch beyond the held window", vote(t, ks[0], 1+4+1, bh), attest.ErrOutOfRange},
	}
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			require.ErrorIs(t, h.add(c.v), c.want)
			require.Equal(t, float64(i+1), testutil.ToFloat64(h.metrics.Refused))
		})
	}
	require.Empty(t, h.pool.VotesFor(1), "nothing refused is stored")
	require.Empty(t, h.pool.Status(context.Background()).Signers)

	// A vote for another hash is evidence: kept, counted in the metric, not toward quorum.
	other := common.HexToHash("0xbad")
	for _, k := range ks[:2] {
		require.ErrorIs(t, h.add(vote(t, k, 1, other)), attest.ErrConflict)
	}
	require.ErrorIs(t, h.add(vote(t, ks[0], 1, other)), attest.ErrEvidenceKnown, "the same evidence again")
	require.Equal(t, 2.0, testutil.ToFloat64(h.metrics.Conflicting))
	require.Len(t, h.pool.Evidence(1), 2)
	for _, k := range ks[2:] {
		require.NoError(t, h.add(vote(t, k, 1, bh)))
	}
	require.Nil(t, h.cert(1), "6 right votes and 2 conflicting ones are not a quorum")
	require.Equal(t, uint64(7500), h.pool.Status(context.Background()).Weight)

	// A vote for a batch not sealed here yet is held, and counted once it is.
	bh2 := bs[1].Hash(l2ChainID)
	for _, k := range ks[:6] {
		require.NoError(t, h.add(vote(t, k, 2, bh2)))
	}
	require.Equal(t, uint64(7500), h.pool.Status(context.Background()).Weight, "votes for batch 2 leave batch 1's weight as it was")
	require.NoError(t, h.add(vote(t, ks[6], 2, bh2)), "the same vote twice is harmless")
	require.NoError(t, h.add(vote(t, ks[6], 2, bh2)))
	require.ErrorIs(t, h.add(vote(t, ks[6], 2, other)), attest.ErrConflict, "a second, different vote of one signer")
	require.NoError(t, h.add(vote(t, ks[7], 2, other)), "held: the hash is not known yet")
	require.Nil(t, h.cert(2))
	require.NoError(t, h.st.SaveBatch(&store.SealedBatch{Batch: bs[1]}, nil))
	h.seal(bs[1])
	c := h.cert(2)
	require.NotNil(t, c, "7 held votes counted at seal")
	require.Len(t, c.Signers, 7)
	require.NotContains(t, c.Signers, ks[7].Address(), "the held vote for another hash became evidence")
	require.Len(t, h.pool.Evidence(2), 2)
	require.Equal(t, 4.0, testutil.ToFloat64(h.metrics.Conflicting))
	require.Equal(t, uint64(1), h.pool.Status(context.Background()).NextBatch, "batch 1 still waits")
	n, err := testutil.GatherAndCount(h.reg, "cairn_attester_conflicting_votes_total", "cairn_attester_votes_received_total",
		"cairn_attester_votes_refused_total", "cairn_attester_certificates_stored_total")
	require.NoError(t, err)
	require.Equal(t, 4, n, "the four counters are on the registry passed in")
	require.NoError(t, testutil.GatherAndCompare(h.reg, strings.NewReader(`
# HELP cairn_attester_conflicting_votes_total Attestation votes for another batch hash than this node's, kept as evidence.
# TYPE cairn_attester_conflicting_votes_total counter
cairn_attester_conflicting_votes_total 4
`), "cairn_attester_conflicting_votes_total"))
}

func TestNoCommitteeAndL1Outage(t *testing.T) {
	ks := newKeys(t, 4)
	l1 := &fakeL1{}
	h := newHarness(t, "", l1)
	b := batchChain(t, h.st, 1, 1)[0]
	h.seal(b)
	bh := b.Hash(l2ChainID)
	require.ErrorIs(t, h.add(vote(t, ks[0], 1, bh)), attest.ErrNoCommittee)
	sigs, err := h.pool.Attestations(context.Background(), 1, bh)
	require.NoError(t, err)
	require.Nil(t, sigs, "no committee: commit with the empty list")
	require.Equal(t, attest.Status{Sealed: 1}, h.pool.Status(context.Background()))

	// A committee set on L1 is seen at the next vote a second later, before the cache expires.
	l1.set(ks.committee(t, 1, 1))
	h.clock.Advance(2 * time.Second)
	l1.mu.Lock()
	l1.down = true
	l1.mu.Unlock()
	require.ErrorIs(t, h.add(vote(t, ks[1], 1, bh)), attest.ErrCommitteeUnavailable)
	st := h.pool.Status(context.Background())
	require.Contains(t, st.Error, "L1 down")
	_, err = h.pool.Attestations(context.Background(), 1, bh)
	require.ErrorContains(t, err, "L1 down")
	l1.mu.Lock()
	l1.down = false
	l1.mu.Unlock()
	for _, k := range ks {
		require.NoError(t, h.add(vote(t, k, 1, bh)))
	}
	require.NotNil(t, h.cert(1))
}

func TestRestartKeepsVotesAndCompletesTheCertificate(t *testing.T) {
	ks := newKeys(t, 8)
	l1 := &fakeL1{}
	l1.set(ks.committee(t, 1, 1250))
	dir := t.TempDir()
	h := newHarness(t, dir, l1)
	bs := batchChain(t, h.st, 1, 1)
	h.seal(bs[0])
	bh := bs[0].Hash(l2ChainID)
	for _, k := range ks[:5] {
		require.NoError(t, h.add(vote(t, k, 1, bh)))
	}
	// Held votes for batch 2, sealed only after the restart.
	b2 := rollup.Batch{Number: 2, FirstBlock: 2, LastBlock: 2, StateRoot: common.HexToHash("0x2")}
	bh2 := b2.Hash(l2ChainID)
	for _, k := range ks[:7] {
		require.NoError(t, h.add(vote(t, k, 2, bh2)))
	}
	require.ErrorIs(t, h.add(vote(t, ks[5], 1, common.HexToHash("0xbad"))), attest.ErrConflict)
	h.close()

	h = newHarness(t, dir, l1)
	require.Equal(t, uint64(5*1250), h.pool.Status(context.Background()).Weight, "the 5 votes survived the restart")
	require.Len(t, h.pool.Evidence(1), 1)
	require.NoError(t, h.add(vote(t, ks[6], 1, bh)))
	require.Nil(t, h.cert(1))
	require.NoError(t, h.add(vote(t, ks[7], 1, bh)))
	require.NotNil(t, h.cert(1))
	require.NoError(t, h.st.SaveBatch(&store.SealedBatch{Batch: b2}, nil))
	h.seal(b2)
	require.NotNil(t, h.cert(2), "held votes survived the restart and count at seal")
	h.close()

	// And a restart after batch 2 was sealed (while the pool was down) counts them at load.
	dir2 := t.TempDir()
	h = newHarness(t, dir2, l1)
	batchChain(t, h.st, 1, 1)
	for _, k := range ks[:7] {
		require.NoError(t, h.add(vote(t, k, 2, bh2)))
	}
	require.NoError(t, h.st.SaveBatch(&store.SealedBatch{Batch: b2}, nil))
	h.close()
	h = newHarness(t, dir2, l1)
	require.NotNil(t, h.cert(2))
}

func TestCommitteeChangeFromBatchN(t *testing.T) {
	c1, c2 := newKeys(t, 8), newKeys(t, 4)
	l1 := &fakeL1{}
	l1.set(c1.committee(t, 1, 1250))
	l1.set(c2.committee(t, 3, 1))
	h := newHarness(t, "", l1)
	bs := batchChain(t, h.st, 1, 3)
	h.seal(bs...)
	for _, b := range bs[:2] {
		for _, k := range c2 {
			require.ErrorIs(t, h.add(vote(t, k, b.Number, b.Hash(l2ChainID))), attest.ErrNotInCommittee)
		}
		for _, k := range c1[:7] {
			require.NoError(t, h.add(vote(t, k, b.Number, b.Hash(l2ChainID))))
		}
		require.NotNil(t, h.cert(b.Number))
	}
	bh3 := bs[2].Hash(l2ChainID)
	for _, k := range c1 {
		require.ErrorIs(t, h.add(vote(t, k, 3, bh3)), attest.ErrNotInCommittee)
	}
	for _, k := range c2[:3] {
		require.NoError(t, h.add(vote(t, k, 3, bh3)))
	}
	require.Nil(t, h.cert(3), "C2's quorum is 4 of 4")
	require.NoError(t, h.add(vote(t, c2[3], 3, bh3)))
	c := h.cert(3)
	require.NotNil(t, c)
	require.NoError(t, c.Verify(domain, c2.committee(t, 3, 1)))
	require.ErrorIs(t, c.Verify(domain, c1.committee(t, 1, 1250)), attest.ErrInvalidCertificate)
}

// A committee replaced on L1 after a certificate was assembled: the stored
// certificate no longer satisfies L1, so it is not handed to the committer.
func TestReplacedCommitteeInvalidatesTheCertificate(t *testing.T) {
	c1, c2 := newKeys(t, 4), newKeys(t, 4)
	l1 := &fakeL1{}
	l1.set(c1.committee(t, 1, 1))
	h := newHarness(t, "", l1)
	b := batchChain(t, h.st, 1, 1)[0]
	h.seal(b)
	bh := b.Hash(l2ChainID)
	for _, k := range c1 {
		require.NoError(t, h.add(vote(t, k, 1, bh)))
	}
	require.NotNil(t, h.cert(1))
	l1.set(c2.committee(t, 1, 1))
	_, err := h.pool.Attestations(context.Background(), 1, bh)
	var waiting *attest.WaitingError
	require.ErrorAs(t, err, &waiting)
	require.Equal(t, attest.WaitingError{Batch: 1, Weight: 0, Quorum: 4}, *waiting)
	require.Nil(t, h.cert(1))
	for _, k := range c2 {
		require.NoError(t, h.add(vote(t, k, 1, bh)))
	}
	sigs, err := h.pool.Attestations(context.Background(), 1, bh)
	require.NoError(t, err)
	require.Len(t, sigs, 4)
}

func TestCommitteeIsCachedUntilItsTTL(t *testing.T) {
	ks := newKeys(t, 3)
	l1 := &fakeL1{}
	l1.set(ks.committee(t, 1, 1))
	st, err := store.Open("")
	require.NoError(t, err)
	defer st.Close()
	fake := clock.NewFake()
	p, err := attest.NewPool(context.Background(), attest.PoolConfig{Domain: domain, CommitteeTTL: time.Minute, Clock: fake},
		st, st, l1, nil, slog.New(slog.DiscardHandler))
	require.NoError(t, err)
	b := batchChain(t, st, 1, 1)[0]
	p.OnSealed(context.Background(), &b)
	for _, k := range ks[:2] {
		require.NoError(t, p.Add(context.Background(), vote(t, k, 1, b.Hash(l2ChainID))))
	}
	l1.mu.Lock()
	reads := l1.reads
	l1.mu.Unlock()
	require.Equal(t, 1, reads, "one L1 read for two votes")
	fake.Advance(2 * time.Minute)
	require.NoError(t, p.Add(context.Background(), vote(t, ks[2], 1, b.Hash(l2ChainID))))
	l1.mu.Lock()
	require.Equal(t, 2, l1.reads, "read again after the TTL")
	l1.mu.Unlock()
}

// Tally weighs the votes, then the certificate, of a batch by the cached
// committee, also once L1 committed it, and never reads L1.
func TestTallyReadsNoL1(t *testing.T) {
	ks := newKeys(t, 4)
	l1 := &fakeL1{}
	com := ks.committee(t, 1, 10)
	l1.set(com)
	h := newHarness(t, "", l1)
	bs := batchChain(t, h.st, 1, 2)
	h.seal(bs...)
	_, _, ok := h.pool.Tally(3)
	require.False(t, ok, "batch 3: no committee read")
	require.NoError(t, h.add(vote(t, ks[0], 1, bs[0].Hash(l2ChainID))))
	require.NoError(t, h.add(vote(t, ks[1], 2, bs[1].Hash(l2ChainID))))
	w, q, ok := h.pool.Tally(1)
	require.True(t, ok)
	require.Equal(t, [2]uint64{10, com.Quorum()}, [2]uint64{w, q})
	for _, k := range ks[1:] {
		require.NoError(t, h.add(vote(t, k, 1, bs[0].Hash(l2ChainID))))
	}
	require.NotNil(t, h.cert(1))
	l1.mu.Lock()
	l1.lastCommitted = 1
	l1.mu.Unlock()
	h.pool.Status(context.Background()) // prunes batch 1
	l1.mu.Lock()
	reads := l1.reads
	l1.mu.Unlock()
	w, q, ok = h.pool.Tally(1)
	require.True(t, ok, "batch 2's committee applies from batch 1")
	require.Equal(t, h.cert(1).Weight(com), w)
	require.Equal(t, com.Quorum(), q)
	w, _, ok = h.pool.Tally(2)
	require.True(t, ok)
	require.Equal(t, uint64(10), w)
	l1.mu.Lock()
	require.Equal(t, reads, l1.reads, "Tally read L1")
	l1.mu.Unlock()
}

// Once L1 committed every batch sealed, no later batch's committee is
// read: Tally still weighs the certificates with the last one read.
func TestTallyOnceEveryBatchIsCommitted(t *testing.T) {
	ks := newKeys(t, 3)
	l1 := &fakeL1{}
	com := ks.committee(t, 1, 1)
	l1.set(com)
	h := newHarness(t, "", l1)
	bs := batchChain(t, h.st, 1, 1)
	h.seal(bs...)
	for _, k := range ks {
		require.NoError(t, h.add(vote(t, k, 1, bs[0].Hash(l2ChainID))))
	}
	require.NotNil(t, h.cert(1))
	l1.mu.Lock()
	l1.lastCommitted = 1
	l1.mu.Unlock()
	h.pool.Status(context.Background()) // prunes batch 1
	w, q, ok := h.pool.Tally(1)
	require.True(t, ok)
	require.Equal(t, [2]uint64{3, com.Quorum()}, [2]uint64{w, q})
}

func TestTallyWithoutACommittee(t *testing.T) {
	h := newHarness(t, "", &fakeL1{})
	h.seal(batchChain(t, h.st, 1, 1)...)
	_, _, ok := h.pool.Tally(1)
	require.False(t, ok)
}

func TestVoteEncoding(t *testing.T) {
	k := newKeys(t, 1)[0]
	v := vote(t, k, 77, common.HexToHash("0x1234"))
	enc := v.Encode()
	require.Len(t, enc, attest.VoteSize)
	back, err := attest.DecodeVote(enc)
	require.NoError(t, err)
	require.Equal(t, v, back)
	require.NoError(t, back.Verify(domain))
	for name, b := range map[string][]byte{
		"empty":       nil,
		"short":       enc[:attest.VoteSize-1],
		"long":        append(append([]byte(nil), enc...), 0),
		"bad version": append([]byte{2}, enc[1:]...),
	} {
		_, err := attest.DecodeVote(b)
		require.ErrorIs(t, err, attest.ErrMalformedVote, name)
	}
}

func FuzzDecodeVote(f *testing.F) {
	k, _ := attesterkey.Generate(nil)
	s, _ := attest.NewSigner(k, domain)
	v, _ := s.Sign(3, common.HexToHash("0x33"))
	f.Add(v.Encode())
	f.Add([]byte{})
	f.Add([]byte{1})
	f.Add(make([]byte, attest.VoteSize))
	f.Fuzz(func(t *testing.T, b []byte) {
		allocs := testing.AllocsPerRun(1, func() { _, _ = attest.DecodeVote(b) })
		if allocs > 3 {
			t.Fatalf("DecodeVote of %d bytes made %v allocations", len(b), allocs)
		}
		v, err := attest.DecodeVote(b)
		if err != nil {
			return
		}
		if !bytes.Equal(v.Encode(), b) {
			t.Fatalf("decode/encode does not round-trip %x", b)
		}
		_ = v.Verify(domain) // must not panic on any bytes
	})
}

func TestCertificateEncoding(t *testing.T) {
	ks := newKeys(t, 3)
	l1 := &fakeL1{}
	l1.set(ks.committee(t, 1, 1))
	h := newHarness(t, "", l1)
	b := batchChain(t, h.st, 1, 1)[0]
	h.seal(b)
	for _, k := range ks {
		require.NoError(t, h.add(vote(t, k, 1, b.Hash(l2ChainID))))
	}
	c := h.cert(1)
	enc, err := c.Encode()
	require.NoError(t, err)
	back, err := attest.DecodeCertificate(enc)
	require.NoError(t, err)
	require.Equal(t, c, back)
	bad := *c
	bad.Signatures = append([][]byte{c.Signatures[0][:64]}, c.Signatures[1:]...)
	enc, err = bad.Encode()
	require.NoError(t, err)
	_, err = attest.DecodeCertificate(enc)
	require.ErrorContains(t, err, "signature 0 has 64 bytes")
	_, err = attest.DecodeCertificate([]byte{0xff, 1, 2})
	require.Error(t, err)
	_, err = attest.DecodeCertificate(make([]byte, 1<<20))
	require.ErrorContains(t, err, "too large")

	com := ks.committee(t, 1, 1)
	unsorted := *c
	unsorted.Signers = []common.Address{c.Signers[1], c.Signers[0], c.Signers[2]}
	unsorted.Signatures = [][]byte{c.Signatures[1], c.Signatures[0], c.Signatures[2]}
	dup := *c
	dup.Signers = []common.Address{c.Signers[0], c.Signers[0], c.Signers[2]}
	dup.Signatures = [][]byte{c.Signatures[0], c.Signatures[0], c.Signatures[2]}
	short := *c
	short.Signers, short.Signatures = c.Signers[:2], c.Signatures[:2]
	otherChain := *c
	otherChain.L2ChainID++
	for name, bad := range map[string]attest.Certificate{"unsorted": unsorted, "duplicate": dup, "below quorum": short, "other L2 chain": otherChain} {
		require.ErrorIs(t, bad.Verify(domain, com), attest.ErrInvalidCertificate, name)
	}
	require.ErrorIs(t, c.Verify(domain, nil), attest.ErrInvalidCertificate)
}

func TestNewCommitteeRefusals(t *testing.T) {
	a, b := common.HexToAddress("0xa"), common.HexToAddress("0xb")
	for name, tc := range map[string]struct {
		as []common.Address
		ws []uint64
	}{
		"empty": {nil, nil}, "lengths": {[]common.Address{a}, []uint64{1, 2}}, "zero weight": {[]common.Address{a, b}, []uint64{1, 0}},
		"duplicate": {[]common.Address{a, a}, []uint64{1, 1}}, "zero address": {[]common.Address{{}}, []uint64{1}},
	} {
		_, err := attest.NewCommittee(1, tc.as, tc.ws)
		require.Error(t, err, name)
	}
	for w, q := range map[uint64]uint64{10000: 8001, 1: 1, 4: 4, 5: 5, 6: 5, 3: 3, 0: 0} {
		require.Equal(t, q, attest.Quorum(w), fmt.Sprintf("W=%d", w))
	}
}

func secp256k1N() *big.Int {
	n, _ := new(big.Int).SetString("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141", 16)
	return n
}

// Votes for a batch the store has sealed but the pool was not told about
// yet are counted, not held.
func TestPoolFollowsTheStoreAheadOfOnSealed(t *testing.T) {
	ks := newKeys(t, 3)
	l1 := &fakeL1{}
	l1.set(ks.committee(t, 1, 1))
	h := newHarness(t, "", l1)
	b := batchChain(t, h.st, 1, 1)[0]
	for _, k := range ks {
		require.NoError(t, h.add(vote(t, k, 1, b.Hash(l2ChainID))))
	}
	require.NotNil(t, h.cert(1))
}

func TestEvidenceIsBoundedPerSigner(t *testing.T) {
	ks := newKeys(t, 2)
	l1 := &fakeL1{}
	l1.set(ks.committee(t, 1, 1))
	h := newHarness(t, "", l1)
	b := batchChain(t, h.st, 1, 1)[0]
	h.seal(b)
	for i := 0; i < 10; i++ {
		err := h.add(vote(t, ks[0], 1, common.BigToHash(big.NewInt(int64(i+1)))))
		require.ErrorIs(t, err, attest.ErrConflict)
		if i < 4 {
			require.NotErrorIs(t, err, attest.ErrEvidenceKnown, "new evidence %d", i)
		} else {
			require.ErrorIs(t, err, attest.ErrEvidenceKnown, "over the cap: known, not passed on")
		}
	}
	require.Len(t, h.pool.Evidence(1), 4)
	require.Equal(t, 4.0, testutil.ToFloat64(h.metrics.Conflicting))
	require.NoError(t, h.add(vote(t, ks[0], 1, b.Hash(l2ChainID))), "a right vote of the same signer still counts")
	require.Equal(t, uint64(1), h.pool.Status(context.Background()).Weight)
}

// Votes held for a batch, then the batch sealed with no OnSealed call and
// no further vote: the committer's request still finds the certificate.
func TestHeldVotesCountWithoutOnSealed(t *testing.T) {
	ks := newKeys(t, 3)
	l1 := &fakeL1{}
	l1.set(ks.committee(t, 1, 1))
	h := newHarness(t, "", l1)
	b := rollup.Batch{Number: 1, FirstBlock: 1, LastBlock: 1, StateRoot: common.HexToHash("0x1")}
	for _, k := range ks {
		require.NoError(t, h.add(vote(t, k, 1, b.Hash(l2ChainID))))
	}
	require.Nil(t, h.cert(1))
	require.NoError(t, h.st.SaveBatch(&store.SealedBatch{Batch: b}, nil))
	sigs, err := h.pool.Attestations(context.Background(), 1, b.Hash(l2ChainID))
	require.NoError(t, err)
	require.Len(t, sigs, 3)
}

// countingStore records the lowest batch the pool reads votes and
// certificates from.
type countingStore struct {
	*store.Store
	mu      sync.Mutex
	lowest  uint64
	readAny bool
}

func (c *countingStore) saw(from uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.readAny || from < c.lowest {
		c.lowest = from
	}
	c.readAny = true
}

func (c *countingStore) Votes(from, to uint64) ([]store.StoredVote, error) {
	c.saw(from)
	return c.Store.Votes(from, to)
}

func (c *countingStore) VotesPage(from, to uint64, skip, limit int) ([]store.StoredVote, error) {
	c.saw(from)
	return c.Store.VotesPage(from, to, skip, limit)
}

func (c *countingStore) CertifiedBatches(from uint64) ([]uint64, error) {
	c.saw(from)
	return c.Store.CertifiedBatches(from)
}

// A node with the votes of many committed batches in its store starts
// without reading them and without an L1 read for them, also when L1 is
// down at start (the floor is stored).
func TestStartupSkipsCommittedBatches(t *testing.T) {
	ks := newKeys(t, 2)
	l1 := &fakeL1{}
	l1.set(ks.committee(t, 1, 1))
	st, err := store.Open(t.TempDir())
	require.NoError(t, err)
	defer st.Close()
	bs := batchChain(t, st, 1, 200)
	for _, b := range bs {
		v := vote(t, ks[0], b.Number, b.Hash(l2ChainID))
		require.NoError(t, st.SaveVote(b.Number, v.Signer, v.Encode()))
	}
	l1.lastCommitted = 190
	open := func() (*attest.Pool, *countingStore) {
		cs := &countingStore{Store: st}
		p, err := attest.NewPool(context.Background(), attest.PoolConfig{Domain: domain}, cs, cs, l1, nil, slog.New(slog.DiscardHandler))
		require.NoError(t, err)
		return p, cs
	}
	p, cs := open()
	require.True(t, cs.readAny)
	require.Equal(t, uint64(191), cs.lowest, "nothing read below L1's last committed batch")
	l1.mu.Lock()
	require.Equal(t, 10, l1.reads, "one committee read per uncommitted batch with votes, none for the 190 committed")
	l1.mu.Unlock()
	s := p.Status(context.Background())
	require.Equal(t, uint64(191), s.NextBatch)
	require.Equal(t, uint64(1), s.Weight, "the stored vote of batch 191 is loaded")

	// L1 down at the next start: the stored floor is used.
	l1.mu.Lock()
	l1.down, l1.reads = true, 0
	l1.mu.Unlock()
	p, cs = open()
	require.Equal(t, uint64(191), cs.lowest)
	l1.mu.Lock()
	require.LessOrEqual(t, l1.reads, 10)
	l1.down = false
	l1.mu.Unlock()
	require.NoError(t, p.Add(context.Background(), vote(t, ks[1], 191, bs[190].Hash(l2ChainID))))
	require.NotNil(t, func() *attest.Certificate { c, _ := p.Certificate(191); return c }(), "the loaded vote and a new one certify")
}

// A vote for a batch L1 has committed is dropped before any check: no L1
// read, nothing stored, not counted as refused.
func TestVoteForACommittedBatchIsDroppedEarly(t *testing.T) {
	ks := newKeys(t, 2)
	l1 := &fakeL1{}
	l1.set(ks.committee(t, 1, 1))
	h := newHarness(t, "", l1)
	bs := batchChain(t, h.st, 1, 2)
	h.seal(bs...)
	l1.mu.Lock()
	l1.lastCommitted = 1
	l1.mu.Unlock()
	h.pool.Status(context.Background()) // the pool sees L1's progress
	l1.mu.Lock()
	reads := l1.reads
	l1.mu.Unlock()
	refused := testutil.ToFloat64(h.metrics.Refused)
	require.ErrorIs(t, h.add(vote(t, ks[0], 1, bs[0].Hash(l2ChainID))), attest.ErrCommitted)
	forged := vote(t, ks[0], 1, bs[0].Hash(l2ChainID))
	forged.Signature[3] ^= 1
	require.ErrorIs(t, h.add(forged), attest.ErrCommitted, "not even verified")
	l1.mu.Lock()
	require.Equal(t, reads, l1.reads, "no L1 read")
	l1.mu.Unlock()
	require.Empty(t, h.pool.VotesFor(1), "not stored")
	require.Equal(t, refused, testutil.ToFloat64(h.metrics.Refused))
	require.NoError(t, h.add(vote(t, ks[0], 2, bs[1].Hash(l2ChainID))), "batch 2 still takes votes")
}

// Wanted names the uncertified batches from L1's floor to the sealed head.
func TestWantedAndEncodedVotes(t *testing.T) {
	ks := newKeys(t, 2)
	l1 := &fakeL1{}
	l1.set(ks.committee(t, 1, 1))
	h := newHarness(t, "", l1)
	ctx := context.Background()
	_, _, ok := h.pool.Wanted(ctx, 16)
	require.False(t, ok, "nothing sealed")
	bs := batchChain(t, h.st, 1, 5)
	h.seal(bs...)
	from, to, ok := h.pool.Wanted(ctx, 16)
	require.True(t, ok)
	require.Equal(t, [2]uint64{1, 5}, [2]uint64{from, to})
	for _, k := range ks {
		require.NoError(t, h.add(vote(t, k, 1, bs[0].Hash(l2ChainID))))
	}
	require.NoError(t, h.add(vote(t, ks[0], 2, bs[1].Hash(l2ChainID))))
	from, to, ok = h.pool.Wanted(ctx, 2)
	require.True(t, ok)
	require.Equal(t, [2]uint64{2, 3}, [2]uint64{from, to}, "batch 1 is certified; at most 2 batches")
	l1.mu.Lock()
	l1.lastCommitted = 3
	l1.mu.Unlock()
	from, to, ok = h.pool.Wanted(ctx, 16)
	require.True(t, ok)
	require.Equal(t, [2]uint64{4, 5}, [2]uint64{from, to}, "from L1's last committed + 1")

	enc, err := h.pool.EncodedVotes(1, 2, 0, 16)
	require.NoError(t, err)
	require.Len(t, enc, 3)
	rest, err := h.pool.EncodedVotes(1, 2, 2, 16)
	require.NoError(t, err)
	require.Equal(t, enc[2:], rest, "paged")
	enc, err = h.pool.EncodedVotes(1, 2, 0, 2)
	require.NoError(t, err)
	require.Len(t, enc, 2, "bounded")
	v, err := attest.DecodeVote(enc[0])
	require.NoError(t, err)
	require.Equal(t, uint64(1), v.BatchNumber)
}
