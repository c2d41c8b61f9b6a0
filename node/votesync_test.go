package node

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"math/rand"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cairn-rollup/cairn/attest"
	"github.com/cairn-rollup/cairn/crypto/attesterkey"
	"github.com/cairn-rollup/cairn/crypto/nodekey"
	"github.com/cairn-rollup/cairn/p2p"
	"github.com/cairn-rollup/cairn/rollup"
	"github.com/cairn-rollup/cairn/store"
	"github.com/ethereum/go-ethereum/common"
	"github.com/stretchr/testify/require"
)

var voteDomain = attest.Domain{L1ChainID: 1337, OnChainProposer: common.HexToAddress("0x0c0c"), L2ChainID: 42}

// testCommittees is L1 with one committee from batch 1.
type testCommittees struct {
	c    *attest.Committee
	last atomic.Uint64
}

func (l *testCommittees) AttesterCommittee(context.Context, uint64) (*attest.Committee, error) {
	return l.c, nil
}

func (l *testCommittees) LastCommitted(context.Context) (uint64, error) { return l.last.Load(), nil }

// voteNode is a p2p host with a vote pool over its own store.
type voteNode struct {
	host *p2p.Host
	pool *attest.Pool
	st   *store.Store
}

func startVoteNode(t *testing.T, seed int64, l1 *testCommittees, batches []rollup.Batch, static []string, blocked bool) *voteNode {
	t.Helper()
	st, err := store.Open("")
	require.NoError(t, err)
	t.Cleanup(func() { _ = st.Close() })
	for i := range batches {
		require.NoError(t, st.SaveBatch(&store.SealedBatch{Batch: batches[i]}, nil))
	}
	log := slog.New(slog.DiscardHandler)
	pool, err := attest.NewPool(context.Background(), attest.PoolConfig{Domain: voteDomain}, st, st, l1, nil, log)
	require.NoError(t, err)
	key, err := nodekey.Generate(rand.New(rand.NewSource(seed)))
	require.NoError(t, err)
	h, err := p2p.New(p2p.Config{Key: key, GenesisHash: [32]byte{0xab}, ProtocolVersion: 1, StaticPeers: static,
		ReconnectMin: 20 * time.Millisecond, ReconnectMax: 200 * time.Millisecond, HandshakeTimeout: 3 * time.Second,
		SyncTimeout: 2 * time.Second, BanDuration: time.Minute}, log)
	require.NoError(t, err)
	if blocked {
		h.SetBlocked(func(string) bool { return true })
	}
	ctx, cancel := context.WithCancel(context.Background())
	require.NoError(t, h.Start(ctx))
	t.Cleanup(func() { cancel(); _ = h.Close() })
	require.NoError(t, h.ServeVotes(voteSource{pool}, attest.VoteSize))
	return &voteNode{host: h, pool: pool, st: st}
}

func (v *voteNode) cert(t *testing.T, n uint64) *attest.Certificate {
	c, err := v.pool.Certificate(n)
	require.NoError(t, err)
	return c
}

func testBatches(n int) []rollup.Batch {
	var out []rollup.Batch
	for i := 1; i <= n; i++ {
		out = append(out, rollup.Batch{Number: uint64(i), FirstBlock: uint64(i), LastBlock: uint64(i),
			StateRoot: common.BigToHash(big.NewInt(int64(1000 + i))), LastBlockHash: common.BigToHash(big.NewInt(int64(i)))})
	}
	return out
}

func attesters(t *testing.T, n int) ([]*attest.Signer, *attest.Committee) {
	var signers []*attest.Signer
	var addrs []common.Address
	var ws []uint64
	for range n {
		k, err := attesterkey.Generate(nil)
		require.NoError(t, err)
		s, err := attest.NewSigner(k, voteDomain)
		require.NoError(t, err)
		signers, addrs, ws = append(signers, s), append(addrs, s.Address()), append(ws, 1)
	}
	c, err := attest.NewCommittee(1, addrs, ws)
	require.NoError(t, err)
	return signers, c
}

// certifyAmong has every signer vote for batch b on every one of nodes
// (the gossip among them while the operator is away).
func certifyAmong(t *testing.T, signers []*attest.Signer, b rollup.Batch, nodes ...*voteNode) {
	t.Helper()
	for _, s := range signers {
		v, err := s.Sign(b.Number, b.Hash(voteDomain.L2ChainID))
		require.NoError(t, err)
		for _, n := range nodes {
			require.NoError(t, n.pool.Add(context.Background(), v))
		}
	}
	for _, n := range nodes {
		require.NotNil(t, n.cert(t, b.Number))
	}
}

// The liveness bug of the resend-only design: the operator is cut off while
// the attesters certify batch 1 among themselves, and nobody re-sends the
// votes of a certified batch. The operator asks for them when it connects,
// and, while its committer waits, asks again: both certificates are built
// from votes fetched over the vote exchange, checked by its own pool.
func TestOperatorCutOffFetchesTheVotesItMissed(t *testing.T) {
	signers, com := attesters(t, 3)
	l1 := &testCommittees{c: com}
	bs := testBatches(3)
	a := startVoteNode(t, 1, l1, bs, nil, false)
	b := startVoteNode(t, 2, l1, bs, nil, false)
	c := startVoteNode(t, 3, l1, bs, nil, false)
	var static []string
	for _, n := range []*voteNode{a, b, c} {
		static = append(static, n.host.Addrs()...)
	}
	x := startVoteNode(t, 4, l1, bs, static, true) // the operator, partitioned
	var waiting atomic.Bool
	f := newVoteFetcher(x.host, x.pool, waiting.Load, 20*time.Millisecond, slog.New(slog.DiscardHandler))
	x.host.OnPeerReady(f.peerReady)
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done(); f.run(ctx) }()
	t.Cleanup(func() { cancel(); wg.Wait() })

	certifyAmong(t, signers, bs[0], a, b, c)
	require.Empty(t, x.host.Peers(), "the operator is cut off")
	require.Nil(t, x.cert(t, 1))
	s := x.pool.Status(context.Background())
	require.Equal(t, uint64(1), s.NextBatch)
	require.Zero(t, s.Weight, "it saw none of the votes")

	// Reconnected: the peers it asks on connect serve batch 1's votes.
	x.host.SetBlocked(nil)
	require.Eventually(t, func() bool { return x.cert(t, 1) != nil }, 20*time.Second, 10*time.Millisecond,
		"the operator builds batch 1's certificate from fetched votes")
	require.NoError(t, x.cert(t, 1).Verify(voteDomain, com))
	require.Equal(t, x.cert(t, 1).Signers, a.cert(t, 1).Signers)

	// Batch 2 is certified among the others while the operator is
	// connected but misses the votes (no gossip here): its waiting
	// committer makes it ask peers in turn.
	require.Eventually(t, func() bool { return len(x.host.Peers()) == 3 }, 20*time.Second, 10*time.Millisecond)
	certifyAmong(t, signers, bs[1], a, b, c)
	waiting.Store(true)
	require.Eventually(t, func() bool { return x.cert(t, 2) != nil }, 20*time.Second, 10*time.Millisecond,
		"the waiting committer's node fetches batch 2's votes")
	require.Zero(t, x.host.Metrics().Bans, "honest peers are not penalized")
}

// forgedSource serves votes whose signatures do not verify.
type forgedSource struct{ votes [][]byte }

func (f forgedSource) Votes(_, _ uint64, skip, _ int) ([][]byte, error) {
	if skip > 0 {
		return nil, nil
	}
	return f.votes, nil
}

// A peer that serves a forged vote, a vote outside the range asked for or
// bytes that are not a vote is banned; its votes are not counted.
func TestVoteFetcherPenalizesPeersServingJunk(t *testing.T) {
	signers, com := attesters(t, 2)
	l1 := &testCommittees{c: com}
	bs := testBatches(2)
	good, err := signers[0].Sign(1, bs[0].Hash(voteDomain.L2ChainID))
	require.NoError(t, err)
	forged := good
	forged.Signature[5] ^= 1
	far, err := signers[0].Sign(9, bs[0].Hash(voteDomain.L2ChainID))
	require.NoError(t, err)
	junk := make([]byte, attest.VoteSize)
	for name, served := range map[string][][]byte{
		"forged signature":  {forged.Encode()},
		"outside the range": {far.Encode()},
		"not a vote":        {junk},
	} {
		t.Run(name, func(t *testing.T) {
			x := startVoteNode(t, 10, l1, bs, nil, false)
			badHost := startBadVoteHost(t, 12, forgedSource{served}, x.host.Addrs())
			require.Eventually(t, func() bool { return len(x.host.Peers()) == 1 }, 20*time.Second, 10*time.Millisecond)
			f := newVoteFetcher(x.host, x.pool, nil, time.Hour, slog.New(slog.DiscardHandler))
			require.Zero(t, f.fetch(context.Background(), badHost.ID()))
			require.Equal(t, uint64(1), x.host.Metrics().Bans)
			require.Zero(t, x.pool.Status(context.Background()).Weight)
			require.Eventually(t, func() bool { return len(x.host.Peers()) == 0 }, 20*time.Second, 10*time.Millisecond, "the junk peer is disconnected")
		})
	}
}

// A committee whose quorum is more votes than one response carries: the
// fetcher reads the peer's votes in pages until it has them all.
func TestVoteFetcherPagesThroughABigCommittee(t *testing.T) {
	signers, com := attesters(t, 330)
	require.Greater(t, com.Quorum(), uint64(p2p.MaxVotesPerResponse))
	l1 := &testCommittees{c: com}
	bs := testBatches(1)
	a := startVoteNode(t, 40, l1, bs, nil, false)
	certifyAmong(t, signers, bs[0], a)
	x := startVoteNode(t, 41, l1, bs, a.host.Addrs(), false)
	require.Eventually(t, func() bool { return len(x.host.Peers()) == 1 }, 20*time.Second, 10*time.Millisecond)
	f := newVoteFetcher(x.host, x.pool, nil, time.Hour, slog.New(slog.DiscardHandler))
	require.Equal(t, 330, f.fetch(context.Background(), a.host.ID()), "two pages")
	require.NotNil(t, x.cert(t, 1))
}

func startBadVoteHost(t *testing.T, seed int64, src p2p.VoteSource, static []string) *p2p.Host {
	t.Helper()
	key, err := nodekey.Generate(rand.New(rand.NewSource(seed)))
	require.NoError(t, err)
	h, err := p2p.New(p2p.Config{Key: key, GenesisHash: [32]byte{0xab}, ProtocolVersion: 1, StaticPeers: static,
		ReconnectMin: 20 * time.Millisecond, ReconnectMax: 200 * time.Millisecond, BanDuration: time.Minute}, slog.New(slog.DiscardHandler))
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	require.NoError(t, h.Start(ctx))
	t.Cleanup(func() { cancel(); _ = h.Close() })
	require.NoError(t, h.ServeVotes(src, attest.VoteSize))
	return h
}

func TestGossipVerdict(t *testing.T) {
	wrap := func(err error) error { return fmt.Errorf("vote of 0xa for batch 3: %w", err) }
	for _, c := range []struct {
		in   error
		want error // nil: accepted and passed on
	}{
		{nil, nil},
		{wrap(attest.ErrConflict), nil},
		{wrap(attest.ErrEvidenceKnown), p2p.ErrIgnore},
		{wrap(attest.ErrNotInCommittee), p2p.ErrIgnore},
		{wrap(attest.ErrCommitted), p2p.ErrIgnore},
		{wrap(attest.ErrNoCommittee), p2p.ErrIgnore},
		{wrap(attest.ErrCommitteeUnavailable), p2p.ErrIgnore},
		{wrap(attest.ErrOutOfRange), p2p.ErrIgnore},
	} {
		got := gossipVerdict(c.in)
		if c.want == nil {
			require.NoError(t, got, "%v", c.in)
		} else {
			require.ErrorIs(t, got, c.want, "%v", c.in)
		}
	}
	bad := gossipVerdict(wrap(attest.ErrBadSignature))
	require.ErrorIs(t, bad, attest.ErrBadSignature, "a forged vote is rejected: the sender is penalized")
	require.NotErrorIs(t, bad, p2p.ErrIgnore)
}

// Without a vote pool the node runs and says why attestation is off; the
// committer waits for batches a committee applies to and commits the others.
func TestNodeWithoutAVotePool(t *testing.T) {
	n := &Node{log: slog.New(slog.DiscardHandler), votes: &votes{}}
	n.votes.setDown(errors.New("vote pool: disk full"))
	s := n.AttestationStatus(context.Background())
	require.Equal(t, "attestation not running: vote pool: disk full", s.Error)
	c, err := n.BatchCertificate(1)
	require.NoError(t, err)
	require.Nil(t, c)
	require.Nil(t, attestations{n}.VotesFor(1))

	_, com := attesters(t, 3)
	certs, certified := (&votes{}).certificatesWith(&testCommittees{c: com})
	require.Nil(t, certified)
	_, err = certs.Attestations(context.Background(), 1, common.Hash{})
	var waiting *attest.WaitingError
	require.ErrorAs(t, err, &waiting)
	require.Equal(t, "waiting for attestations: batch 1, weight 0 of quorum 3", waiting.Error())
	certs, _ = (&votes{}).certificatesWith(&testCommittees{})
	sigs, err := certs.Attestations(context.Background(), 1, common.Hash{})
	require.NoError(t, err)
	require.Nil(t, sigs, "no committee: commit with the empty list")
}
