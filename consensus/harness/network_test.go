package harness

import (
	"context"
	"math/rand"
	"testing"
	"time"

	"github.com/cairn-rollup/cairn/consensus"
	"github.com/stretchr/testify/require"
)

// Group 4: when a subquorum times out holding a vote for a header, the next
// CommitQC carries that same header.
func TestReproposal(t *testing.T) {
	ctx := context.Background()
	s := setupFor(t, 6)
	c := s.Genesis.Committee
	leader := c.LeaderIndex(1)
	voters := map[int]bool{leader: true, (leader + 1) % 6: true, (leader + 2) % 6: true}
	silent := (leader + 3) % 6 // its view-1 timeout never arrives
	net, err := NewNetwork(ctx, s, Options{Seed: 4, Faults: Faults{Filter: func(from, to int, m consensus.Signed) bool {
		if m.Msg.MsgView().Number != 1 {
			return true
		}
		switch m.Msg.Kind() {
		case consensus.KindProposal:
			return voters[to]
		case consensus.KindCommit:
			return false
		case consensus.KindTimeout:
			return from != silent
		}
		return true
	}}})
	require.NoError(t, err)
	require.NoError(t, net.RunUntil(ctx, 100_000, func() bool { return net.MinHeight() >= 2 }))
	first := net.Nodes[0].Engine.Blocks()[0]
	require.Greater(t, first.QC.Message.View.Number, uint64(1), "block 0 was finalized after view 1")
	// The payload of view 1's leader (engine id = leader) was re-proposed.
	p, err := net.Nodes[leader].Engine.ProposePayload(ctx, 0)
	require.NoError(t, err)
	require.Equal(t, consensus.PayloadHash(p), first.QC.Header().PayloadHash)
	require.Empty(t, net.Checker.Violations())
}

// Group 11: 11 validators with 2 offline keep finalizing; all restarted at
// once from persisted state recover, with no double vote.
func TestLivenessTwoOfflineAndMassRestart(t *testing.T) {
	ctx := context.Background()
	s := setupFor(t, 11)
	net, err := NewNetwork(ctx, s, Options{Seed: 11, Faults: Faults{MaxDelay: 20 * time.Millisecond, Drop: 0.01}})
	require.NoError(t, err)
	net.Crash(3)
	net.Crash(7)
	require.NoError(t, net.RunUntil(ctx, 500_000, func() bool { return net.MinHeight() >= 15 }))
	h := net.MinHeight()

	// Every node dies at once, in-flight messages are lost, and all come back
	// from their persisted state.
	for i := range net.Nodes {
		net.Crash(i)
	}
	net.DropInFlight()
	for i := range net.Nodes {
		require.NoError(t, net.Restart(ctx, i))
	}
	require.NoError(t, net.RunUntil(ctx, 500_000, func() bool { return net.MinHeight() >= h+15 }))
	require.Empty(t, net.Checker.Violations())
	require.Positive(t, net.Checker.Commits)
}

// Random crashes and restarts at any point: no validator ever signs two
// different commits in a view, nor a commit and a contradicting timeout.
func TestCrashRestartNoEquivocation(t *testing.T) {
	ctx := context.Background()
	for seed := int64(1); seed <= 6; seed++ {
		rng := rand.New(rand.NewSource(seed))
		s := setupFor(t, 6+int(seed%3))
		net, err := NewNetwork(ctx, s, Options{Seed: seed, Faults: Faults{MaxDelay: 200 * time.Millisecond, Drop: 0.05, Duplicate: 0.05}})
		require.NoError(t, err)
		for step := 0; step < 6000 && net.MinHeight() < 12; step++ {
			if rng.Intn(40) == 0 {
				i := rng.Intn(len(net.Nodes))
				net.Crash(i)
				if rng.Intn(2) == 0 {
					net.DropInFlightFrom(i)
				}
				require.NoError(t, net.Restart(ctx, i))
			}
			_, err := net.Step(ctx)
			require.NoError(t, err)
		}
		require.Empty(t, net.Checker.Violations(), "seed %d", seed)
		require.GreaterOrEqual(t, net.MaxHeight(), 3, "seed %d: some progress despite restarts", seed)
	}
}

func TestCheckerCatchesConflicts(t *testing.T) {
	f := setupFor(t, 6)
	c := NewChecker(f.Genesis.Committee)
	commit := func(view uint64, p string) consensus.Signed {
		return consensus.Sign(f.Keys[0], &consensus.ReplicaCommit{View: f.Genesis.View(view), Header: consensus.BlockHeader{Number: 1, PayloadHash: consensus.PayloadHash([]byte(p))}})
	}
	c.Sent(commit(3, "a"))
	c.Sent(commit(3, "a"))
	require.Empty(t, c.Violations())
	c.Sent(commit(3, "b"))
	require.Len(t, c.Violations(), 1)
	qc := &consensus.CommitQC{Message: consensus.ReplicaCommit{Header: consensus.BlockHeader{Number: 1, PayloadHash: consensus.PayloadHash([]byte("a"))}}}
	qc2 := &consensus.CommitQC{Message: consensus.ReplicaCommit{Header: consensus.BlockHeader{Number: 1, PayloadHash: consensus.PayloadHash([]byte("b"))}}}
	c.Final(consensus.FinalBlock{QC: qc})
	c.Final(consensus.FinalBlock{QC: qc2})
	require.Len(t, c.Violations(), 2)
}

// A block final at one replica only (the commits reached nobody else, and
// that replica is then cut off) must be re-proposed, not replaced, by the
// others: no two blocks final at one height.
func TestReproposalKeepsBlockFinalAtOneReplica(t *testing.T) {
	ctx := context.Background()
	s := setupFor(t, 6)
	x := s.Genesis.Committee.LeaderIndex(1)
	net, err := NewNetwork(ctx, s, Options{Seed: 5, Faults: Faults{Filter: func(from, to int, m consensus.Signed) bool {
		v := m.Msg.MsgView().Number
		switch {
		case v == 1 && m.Msg.Kind() == consensus.KindCommit:
			return to == x
		case v >= 2 && v <= 3:
			return from != x && to != x
		}
		return true
	}}})
	require.NoError(t, err)
	require.NoError(t, net.RunUntil(ctx, 100_000, func() bool { return net.MinHeight() >= 3 }))
	require.Empty(t, net.Checker.Violations())
	want := net.Nodes[x].Engine.Blocks()[0]
	require.Equal(t, uint64(1), want.QC.Message.View.Number, "x finalized block 0 in view 1")
	for _, n := range net.Nodes {
		got := n.Engine.Blocks()[0]
		require.Equal(t, want.QC.Header(), got.QC.Header(), "node %d", n.ID)
	}
}

func TestInboxKeepsNewestPerSignerAndKind(t *testing.T) {
	s := setupFor(t, 6)
	g := s.Genesis
	b := consensus.NewInbox()
	for v := uint64(1); v <= 50; v++ {
		b.Push(consensus.Sign(s.Keys[0], &consensus.ReplicaTimeout{View: g.View(v)}))
	}
	b.Push(consensus.Sign(s.Keys[0], &consensus.ReplicaTimeout{View: g.View(3)})) // older: ignored
	b.Push(consensus.Sign(s.Keys[1], &consensus.ReplicaTimeout{View: g.View(2)}))
	require.Equal(t, 2, b.Len())
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { b.Run(ctx); close(done) }()
	first := <-b.C()
	second := <-b.C()
	require.Equal(t, uint64(50), first.Msg.MsgView().Number)
	require.True(t, second.Signer.Equal(s.Keys[1].Public()))
	cancel()
	<-done
}
