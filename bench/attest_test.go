package bench

import (
	"bytes"
	"context"
	"log/slog"
	"testing"
	"time"

	"github.com/cairn-rollup/cairn/attest"
	"github.com/cairn-rollup/cairn/crypto/attesterkey"
	"github.com/cairn-rollup/cairn/rollup"
	"github.com/cairn-rollup/cairn/store"
	"github.com/ethereum/go-ethereum/common"
	"github.com/stretchr/testify/require"
)

// The workload over real hosts on loopback: every host certifies every
// batch, one sample each; a committee smaller than the host count gets
// one host per key.
func TestAttestOverLoopback(t *testing.T) {
	r, err := Attest(t.Context(), AttestConfig{Attesters: []int{1, 5}, Hosts: 3, Batches: 4}, nil)
	require.NoError(t, err)
	require.Len(t, r.Rows, 2)
	for i, want := range []struct {
		attesters, hosts int
		quorum           uint64
	}{{1, 1, 1}, {5, 3, 5}} {
		row := r.Rows[i]
		require.Equal(t, want.attesters, row.Attesters)
		require.Equal(t, want.hosts, row.Hosts)
		require.Equal(t, want.quorum, row.Quorum)
		require.Equal(t, 4, row.Batches)
		require.Equal(t, 4*want.hosts, row.Samples, "one sample per host and batch")
		require.Positive(t, row.P50)
		require.LessOrEqual(t, row.P50, row.P99)
		require.LessOrEqual(t, row.P99, row.Max)
		require.Positive(t, row.CPUPerHostBatch)
	}
	var out bytes.Buffer
	r.Print(&out)
	require.Contains(t, out.String(), "attesters")
	require.Contains(t, out.String(), "no L1")
}

func TestAttestConfigRefusals(t *testing.T) {
	for name, tc := range map[string]struct {
		cfg  AttestConfig
		want string
	}{
		"no sizes":      {AttestConfig{Hosts: 8, Batches: 1}, "--attesters"},
		"zero size":     {AttestConfig{Attesters: []int{8, 0}, Hosts: 8, Batches: 1}, "--attesters 0"},
		"negative size": {AttestConfig{Attesters: []int{-3}, Hosts: 8, Batches: 1}, "--attesters -3"},
		"zero hosts":    {AttestConfig{Attesters: []int{8}, Batches: 1}, "--hosts 0"},
		"zero batches":  {AttestConfig{Attesters: []int{8}, Hosts: 8}, "--batches 0"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := Attest(context.Background(), tc.cfg, nil)
			require.ErrorContains(t, err, tc.want)
		})
	}
}

// The topic handler counts what the pool refuses: the workload's votes
// are all valid, so a refusal fails the run instead of passing unseen.
func TestAttestHostCountsRefusedVotes(t *testing.T) {
	d := attest.Domain{L1ChainID: 1, OnChainProposer: common.HexToAddress("0xc0ffee"), L2ChainID: 22476}
	member, err := attesterkey.Generate(nil)
	require.NoError(t, err)
	outsider, err := attesterkey.Generate(nil)
	require.NoError(t, err)
	com, err := attest.NewCommittee(1, []common.Address{member.Address()}, []uint64{1})
	require.NoError(t, err)
	st, err := store.Open("")
	require.NoError(t, err)
	t.Cleanup(func() { require.NoError(t, st.Close()) })
	b := rollup.Batch{Number: 1, FirstBlock: 1, LastBlock: 10, StateRoot: common.HexToHash("0x02")}
	require.NoError(t, st.SaveBatch(&store.SealedBatch{Batch: b}, nil))
	pool, err := attest.NewPool(t.Context(), attest.PoolConfig{Domain: d, CommitteeTTL: time.Hour}, st, st, benchCommittee{com}, nil, slog.New(slog.DiscardHandler))
	require.NoError(t, err)
	h := &attestHost{pool: pool, l2ChainID: d.L2ChainID}

	s, err := attest.NewSigner(outsider, d)
	require.NoError(t, err)
	v, err := s.Sign(1, b.Hash(d.L2ChainID))
	require.NoError(t, err)
	require.ErrorIs(t, h.onVote(t.Context(), "peer", append([]byte{0}, v.Encode()...)), attest.ErrNotInCommittee)
	require.Error(t, h.onVote(t.Context(), "peer", []byte{0}), "an empty vote")
	require.Equal(t, int64(1), h.refused.Load(), "the outsider's vote; a malformed message never reaches the pool")

	s, err = attest.NewSigner(member, d)
	require.NoError(t, err)
	v, err = s.Sign(1, b.Hash(d.L2ChainID))
	require.NoError(t, err)
	require.NoError(t, h.onVote(t.Context(), "peer", append([]byte{0}, v.Encode()...)))
	c, err := pool.Certificate(1)
	require.NoError(t, err)
	require.NotNil(t, c, "the member's vote certifies")
	require.Equal(t, int64(1), h.refused.Load())
}

func TestMedianAttest(t *testing.T) {
	run := func(p50, p99 time.Duration) *AttestResult {
		return &AttestResult{Rows: []AttestRow{{Attesters: 8, Hosts: 8, Batches: 10, Samples: 80, P50: p50, P99: p99, Max: p99 + 1, CPUPerHostBatch: p50},
			{Attesters: 64, Hosts: 8, Batches: 10, Samples: 80, P50: 10 * p50, P99: 10 * p99, Max: 10 * p99}}}
	}
	m := MedianAttest([]*AttestResult{run(3, 30), run(1, 50), run(2, 10)})
	require.Len(t, m.Rows, 2)
	require.Equal(t, AttestRow{Attesters: 8, Hosts: 8, Batches: 10, Samples: 80, P50: 2, P99: 30, Max: 31, CPUPerHostBatch: 2}, m.Rows[0])
	require.Equal(t, time.Duration(20), m.Rows[1].P50)
	require.Equal(t, time.Duration(300), m.Rows[1].P99)
}

// A cancelled run ends with the context's error, not a hang.
func TestAttestCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	_, err := Attest(ctx, AttestConfig{Attesters: []int{4}, Hosts: 2, Batches: 3}, nil)
	require.ErrorIs(t, err, context.Canceled)
}
