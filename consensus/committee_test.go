package consensus_test

import (
	"encoding/binary"
	"math/big"
	"math/rand"
	"testing"

	"github.com/cairn-rollup/cairn/consensus"
	"github.com/cairn-rollup/cairn/crypto/bls"
	"github.com/stretchr/testify/require"
	"golang.org/x/crypto/sha3"
)

func validators(t *testing.T, weights []uint64, leaders []bool) []consensus.Validator {
	t.Helper()
	rng := rand.New(rand.NewSource(int64(len(weights))))
	out := make([]consensus.Validator, len(weights))
	for i, w := range weights {
		sk, err := bls.GenerateKey(rng)
		require.NoError(t, err)
		out[i] = consensus.Validator{Key: sk.Public(), Weight: w, Leader: leaders == nil || leaders[i], PoP: sk.ProvePossession()}
	}
	return out
}

func equal(n int) []uint64 {
	w := make([]uint64, n)
	for i := range w {
		w[i] = 1
	}
	return w
}

// Group 1: thresholds and schedule.
func TestThresholds(t *testing.T) {
	cases := []struct {
		name                 string
		weights              []uint64
		f, quorum, subquorum uint64
	}{
		{"weights 10 and 20", []uint64{10, 20}, 5, 25, 15},
		{"6 equal", equal(6), 1, 5, 3},
		{"11 equal", equal(11), 2, 9, 5},
		{"5 equal", equal(5), 0, 5, 5},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, err := consensus.NewCommittee(validators(t, tc.weights, nil), consensus.LeaderSelection{Frequency: 1})
			require.NoError(t, err)
			require.Equal(t, tc.f, c.Faulty())
			require.Equal(t, tc.quorum, c.Quorum())
			require.Equal(t, tc.subquorum, c.Subquorum())
		})
	}
}

func TestCommitteeErrors(t *testing.T) {
	vals := validators(t, equal(3), nil)
	sel := consensus.LeaderSelection{Frequency: 1}
	badPoP := append([]consensus.Validator{}, vals...)
	badPoP[0].PoP = badPoP[1].PoP
	noLeader := validators(t, equal(3), []bool{false, false, false})
	overflow := validators(t, []uint64{1 << 63, 1 << 63}, nil)
	zero := validators(t, []uint64{1, 0}, nil)
	cases := []struct {
		name string
		vals []consensus.Validator
		sel  consensus.LeaderSelection
		want string
	}{
		{"empty", nil, sel, "empty"},
		{"duplicate", append(append([]consensus.Validator{}, vals...), vals[0]), sel, "duplicate"},
		{"no leader", noLeader, sel, "no leader"},
		{"zero frequency", vals, consensus.LeaderSelection{}, "frequency"},
		{"overflow", overflow, sel, "overflow"},
		{"zero weight", zero, sel, "weight 0"},
		{"bad proof of possession", badPoP, sel, "proof of possession"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := consensus.NewCommittee(tc.vals, tc.sel)
			require.ErrorContains(t, err, tc.want)
		})
	}
}

func TestScheduleSortedByKey(t *testing.T) {
	c, err := consensus.NewCommittee(validators(t, equal(7), nil), consensus.LeaderSelection{Frequency: 1})
	require.NoError(t, err)
	for i := 1; i < c.Len(); i++ {
		require.Negative(t, c.Validator(i-1).Key.Compare(c.Validator(i).Key))
	}
}

func TestLeaderRoundRobin(t *testing.T) {
	leaders := []bool{true, false, true, true}
	c, err := consensus.NewCommittee(validators(t, equal(4), leaders), consensus.LeaderSelection{Frequency: 2})
	require.NoError(t, err)
	var want []int
	for i := range c.Len() {
		if c.Validator(i).Leader {
			want = append(want, i)
		}
	}
	require.Len(t, want, 3)
	for v := uint64(0); v < 20; v++ {
		require.Equal(t, want[(v/2)%3], c.LeaderIndex(v), "view %d", v)
	}
}

func TestLeaderWeighted(t *testing.T) {
	weights := []uint64{3, 1, 5, 2}
	leaders := []bool{true, true, false, true}
	c, err := consensus.NewCommittee(validators(t, weights, leaders), consensus.LeaderSelection{Frequency: 3, Weighted: true})
	require.NoError(t, err)
	// Independent computation of keccak256(uint64_be(turn)) mod leaderWeight.
	var leaderWeight uint64
	for i := range c.Len() {
		if c.Validator(i).Leader {
			leaderWeight += c.Validator(i).Weight
		}
	}
	require.Equal(t, uint64(6), leaderWeight)
	counts := map[int]int{}
	for v := uint64(0); v < 3000; v++ {
		var b [8]byte
		binary.BigEndian.PutUint64(b[:], v/3)
		h := sha3.NewLegacyKeccak256()
		h.Write(b[:])
		r := new(big.Int).Mod(new(big.Int).SetBytes(h.Sum(nil)), big.NewInt(int64(leaderWeight))).Uint64()
		want := -1
		for i := range c.Len() {
			val := c.Validator(i)
			if !val.Leader {
				continue
			}
			if r < val.Weight {
				want = i
				break
			}
			r -= val.Weight
		}
		got := c.LeaderIndex(v)
		require.Equal(t, want, got, "view %d", v)
		require.True(t, c.Validator(got).Leader)
		counts[got]++
	}
	// Fixed input: turn 0 → keccak256(0x0000000000000000) mod 6.
	require.Len(t, counts, 3, "every leader leads sometime, the non-leader never")
}
