package harness

import (
	"context"
	"slices"
	"testing"

	"github.com/cairn-rollup/cairn/consensus"
	"github.com/stretchr/testify/require"
)

// The oracle reports commit votes of quorum weight for two headers at one
// height (n = 6: quorum 5), counting each signer once per message, and
// never votes for one header split over views.
func TestCommitOracle(t *testing.T) {
	s := setupFor(t, 6)
	g := s.Genesis
	type vote struct {
		signers []int
		view    uint64
		payload string
	}
	cases := []struct {
		name  string
		votes []vote
		fork  bool
	}{
		{"the trace: X in view 1 held by the faulty validator, Y in view 3", []vote{
			{[]int{0, 1, 2, 3, 4}, 1, "X"}, {[]int{1, 2}, 2, "X"}, {[]int{0, 1, 2, 3, 5}, 3, "Y"}}, true},
		{"one block re-voted in a later view", []vote{
			{[]int{0, 1, 2, 3, 4}, 1, "X"}, {[]int{0, 1, 2, 3, 4, 5}, 3, "X"}}, false},
		{"X one vote short", []vote{
			{[]int{0, 1, 2, 3}, 1, "X"}, {[]int{0, 1, 2, 3, 5}, 3, "Y"}}, false},
		{"X split over two views", []vote{
			{[]int{0, 1, 2}, 1, "X"}, {[]int{3, 4}, 2, "X"}, {[]int{0, 1, 2, 3, 5}, 3, "Y"}}, false},
		{"a signer counted once", []vote{
			{[]int{0, 1, 2, 3, 3, 3}, 1, "X"}, {[]int{0, 1, 2, 3, 5}, 3, "Y"}}, false},
		{"both in one view", []vote{
			{[]int{0, 1, 2, 3, 4}, 2, "X"}, {[]int{0, 1, 2, 3, 5}, 2, "Y"}}, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := NewChecker(g.Committee)
			for _, v := range tc.votes {
				for _, i := range v.signers {
					c.Sent(consensus.Sign(s.Keys[i], &consensus.ReplicaCommit{View: g.View(v.view),
						Header: consensus.BlockHeader{Number: 1, PayloadHash: consensus.PayloadHash([]byte(v.payload))}}))
				}
			}
			var forks []string
			for _, v := range c.Violations() {
				if v[:12] == "commit votes" {
					forks = append(forks, v)
				}
			}
			if tc.fork {
				require.Len(t, forks, 1)
				require.Contains(t, forks[0], "two blocks at height 1")
			} else {
				require.Empty(t, forks)
			}
		})
	}
}

// The fork of one faulty validator, scheduled step by step (n = 6, f = 1).
// View 1: five validators vote for X, but no commit vote is delivered: a
// CommitQC for X exists in the votes (a faulty validator could hold it),
// and nobody finalizes it. View 2: X is re-proposed to two validators only,
// which vote again; the view times out, and one holder of a view-1 vote is
// not heard. The TimeoutQC of view 2 then carries X from view 2 twice and
// from view 1 twice. Tallied by header, X is re-proposed in view 3 and is
// block 0 everywhere; tallied by (view, header), view 3 proposes a new
// block 0, and the checker sees quorums for two blocks at height 0.
func TestSplitHighVoteTraceKeepsX(t *testing.T) {
	ctx := context.Background()
	s := setupFor(t, 6)
	c := s.Genesis.Committee
	l1, l2 := c.LeaderIndex(1), c.LeaderIndex(2)
	// absent: no proposal of view 1 (no high vote); voters2: the two that
	// get the view-2 re-proposal; silent: a view-1 voter whose view-2
	// timeout is lost.
	var voters []int
	absent := -1
	for i := range 6 {
		if absent < 0 && i != l1 && i != l2 {
			absent = i
			continue
		}
		voters = append(voters, i)
	}
	voters2 := []int{voters[0], voters[1]}
	silent := voters[4]
	var x consensus.Hash
	net, err := NewNetwork(ctx, s, Options{Seed: 1, Faults: Faults{Filter: func(from, to int, m consensus.Signed) bool {
		v := m.Msg.MsgView().Number
		switch m.Msg.Kind() {
		case consensus.KindProposal:
			if v == 1 {
				x = consensus.PayloadHash(m.Msg.(*consensus.LeaderProposal).Payload)
				return to != absent
			}
			if v == 2 {
				return slices.Contains(voters2, to)
			}
		case consensus.KindCommit:
			return v > 2
		case consensus.KindTimeout:
			return v != 2 || from != silent
		}
		return true
	}}})
	require.NoError(t, err)
	require.NoError(t, net.RunUntil(ctx, 100_000, func() bool { return net.MinHeight() >= 2 }))
	require.Empty(t, net.Checker.Violations())
	for _, n := range net.Nodes {
		b := n.Engine.Blocks()[0]
		require.Equal(t, x, b.QC.Header().PayloadHash, "node %d: block 0 is X", n.ID)
		require.Equal(t, uint64(3), b.QC.Message.View.Number, "node %d: X final in view 3", n.ID)
	}
}
