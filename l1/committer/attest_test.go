package committer_test

import (
	"bytes"
	"context"
	"log/slog"
	"sort"
	"testing"
	"time"

	"github.com/cairn-rollup/cairn/attest"
	"github.com/cairn-rollup/cairn/crypto/attesterkey"
	"github.com/cairn-rollup/cairn/l1/bindings"
	"github.com/cairn-rollup/cairn/l1/committer"
	"github.com/cairn-rollup/cairn/l1/devchain"
	"github.com/cairn-rollup/cairn/l1/l1test"
	"github.com/cairn-rollup/cairn/store"
	"github.com/ethereum/go-ethereum/common"
	"github.com/stretchr/testify/require"
)

// A committee applies from batch 2: batch 1 is committed with the empty
// list, batch 2 waits (nothing is sent) until the pool holds a certificate,
// then it is committed with it.
func TestCommitterWaitsForACertificate(t *testing.T) {
	env, st, p, c := setup(t)
	ctx := context.Background()
	ks := make([]*attesterkey.SecretKey, 4)
	addrs := make([]common.Address, len(ks))
	for i := range ks {
		k, err := attesterkey.Generate(nil)
		require.NoError(t, err)
		ks[i] = k
	}
	sort.Slice(ks, func(i, j int) bool { return bytes.Compare(ks[i].Address().Bytes(), ks[j].Address().Bytes()) < 0 })
	for i, k := range ks {
		addrs[i] = k.Address()
	}
	env.Transact(t, env.Auth(t, env.Operator), env.Addrs.OnChainProposer,
		bindings.NewOnChainProposer().PackSetAttesterCommittee(2, addrs, []uint64{1, 1, 1, 1}))

	domain := attest.Domain{L1ChainID: devchain.ChainID, OnChainProposer: env.Addrs.OnChainProposer, L2ChainID: chainID}
	pool, err := attest.NewPool(ctx, attest.PoolConfig{Domain: domain}, st, st,
		attest.NewL1(env.Client, env.Addrs.OnChainProposer, env.Addrs.Bridge), nil, slog.New(slog.DiscardHandler))
	require.NoError(t, err)
	c.WithCertificates(pool, pool.Certified())

	batches := chainOfBatches(2)
	for i := range batches {
		require.NoError(t, st.SaveBatch(&store.SealedBatch{Batch: batches[i]}, nil))
		pool.OnSealed(ctx, &batches[i])
	}
	progressed, err := c.Step(ctx)
	require.NoError(t, err)
	require.True(t, progressed, "no committee for batch 1: committed with the empty list")
	require.Empty(t, c.Status())

	for i := 0; i < 2; i++ {
		progressed, err = c.Step(ctx)
		require.NoError(t, err)
		require.False(t, progressed)
	}
	last, err := p.LastCommitted(ctx)
	require.NoError(t, err)
	require.Equal(t, uint64(1), last, "batch 2 is not sent without a certificate")
	require.Equal(t, "waiting for attestations: batch 2, weight 0 of quorum 4", c.Status())

	h := batches[1].Hash(chainID)
	for i, k := range ks[:3] {
		s, err := attest.NewSigner(k, domain)
		require.NoError(t, err)
		v, err := s.Sign(2, h)
		require.NoError(t, err)
		require.NoError(t, pool.Add(ctx, v), "vote %d", i)
	}
	progressed, err = c.Step(ctx)
	require.NoError(t, err)
	require.False(t, progressed)
	require.Equal(t, "waiting for attestations: batch 2, weight 3 of quorum 4", c.Status())

	// The last vote arrives while a committer runs that checks only hourly:
	// the certificate wakes it.
	hourly := committer.New(p, st, chainID, time.Hour, nil, slog.New(slog.DiscardHandler)).WithCertificates(pool, pool.Certified()).WithData(l1test.Payloads)
	runCtx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { defer close(done); hourly.Run(runCtx) }()
	defer func() { cancel(); <-done }()
	require.Eventually(t, func() bool { return hourly.Status() == "waiting for attestations: batch 2, weight 3 of quorum 4" },
		30*time.Second, 10*time.Millisecond, "first step taken")
	s, err := attest.NewSigner(ks[3], domain)
	require.NoError(t, err)
	v, err := s.Sign(2, h)
	require.NoError(t, err)
	require.NoError(t, pool.Add(ctx, v))
	require.Eventually(t, func() bool {
		last, err := p.LastCommitted(ctx)
		return err == nil && last == 2
	}, 30*time.Second, 10*time.Millisecond)
	require.Eventually(t, func() bool { return hourly.Status() == "" }, 5*time.Second, 10*time.Millisecond)
	onL1, err := p.CommittedHash(ctx, 2)
	require.NoError(t, err)
	require.Equal(t, h, onL1)
}
