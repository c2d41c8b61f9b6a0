package harness

import (
	"context"
	"flag"
	"fmt"
	"math/rand"
	"sync"
	"testing"
	"time"

	"github.com/cairn-rollup/cairn/consensus"
	"github.com/stretchr/testify/require"
)

var (
	twinsScenarios = flag.Int("twins.scenarios", 0, "number of twins scenarios (default 300, or 3000 with -tags twins_long)")
	twinsSeed      = flag.Int64("twins.seed", 0, "run only the twins scenario with this seed")
)

var setups sync.Map // n -> *Setup

func setupFor(t testing.TB, n int) *Setup {
	t.Helper()
	if s, ok := setups.Load(n); ok {
		return s.(*Setup)
	}
	s, err := NewSetup(n, int64(1000+n))
	require.NoError(t, err)
	setups.Store(n, s)
	return s
}

// twinsScenario runs one seeded scenario: n in 6..11, up to f twins (the
// faulty validators: two nodes with one key), and for the first views a
// schedule drawn view by view to reach the states a fork needs:
//   - partitions of the nodes;
//   - a proposal delivered to a chosen subset only (a re-proposal voted by
//     fewer than a subquorum splits the high votes of one block over views);
//   - commit votes delivered to a subset only (a CommitQC forms at a few
//     nodes, or only in the votes a faulty node could collect), often with
//     the nodes that saw them cut off in the next view;
//   - per-link delays, some longer than a view, so that votes and timeouts
//     arrive views late;
//   - twins that hold back every QC they send and show it views later.
//
// The Checker's CommitOracle sees every commit vote sent, so a fork is found
// even when no honest node forms the second CommitQC.
func twinsScenario(t *testing.T, seed int64, st *twinsStats) {
	ctx := context.Background()
	rng := rand.New(rand.NewSource(seed))
	n := 6 + rng.Intn(6)
	setup := setupFor(t, n)
	f := int(setup.Genesis.Committee.Faulty())
	twins := rng.Perm(n)[:rng.Intn(f+1)]
	nodes := n + len(twins)
	faulty := map[int]bool{}
	for i, v := range twins {
		faulty[v], faulty[n+i] = true, true
	}
	chaosViews := uint64(4 + rng.Intn(12))
	chaos := func(m consensus.Signed) bool { return m.Msg.MsgView().Number <= chaosViews }
	partitions := map[uint64][]int{}
	faults := Faults{
		Drop:      rng.Float64() * 0.1,
		Duplicate: rng.Float64() * 0.1,
		MaxDelay:  time.Duration(rng.Intn(300)) * time.Millisecond,
		HealAfter: time.Duration(5+rng.Intn(20)) * time.Second,
		Partition: func(view uint64) []int {
			if view > chaosViews {
				return nil
			}
			if p, ok := partitions[view]; ok {
				return p
			}
			groups := 1 + rng.Intn(3)
			p := make([]int, nodes)
			for i := range p {
				p[i] = rng.Intn(groups)
			}
			partitions[view] = p
			return p
		},
	}
	// subset draws, once per view and message kind, the nodes a message
	// reaches (nil: all of them), with probability 1/odds.
	reach := map[[2]uint64][]bool{}
	subset := func(v uint64, k consensus.Kind, odds int) []bool {
		key := [2]uint64{v, uint64(k)}
		if r, ok := reach[key]; ok {
			return r
		}
		var r []bool
		if rng.Intn(odds) == 0 {
			r = make([]bool, nodes)
			for _, i := range rng.Perm(nodes)[:1+rng.Intn(nodes)] {
				r[i] = true
			}
			// Often the nodes that saw a view's commits are cut off in the
			// next view, so that the others time out without the QC.
			if _, set := partitions[v+1]; k == consensus.KindCommit && !set && rng.Intn(2) == 0 {
				p := make([]int, nodes)
				for i, in := range r {
					if in {
						p[i] = 1
					}
				}
				partitions[v+1] = p
			}
		}
		reach[key] = r
		return r
	}
	faults.Filter = func(from, to int, m consensus.Signed) bool {
		if !chaos(m) {
			return true
		}
		var r []bool
		switch m.Msg.Kind() {
		case consensus.KindCommit:
			r = subset(m.Msg.MsgView().Number, consensus.KindCommit, 3)
		case consensus.KindProposal:
			r = subset(m.Msg.MsgView().Number, consensus.KindProposal, 3)
		}
		return r == nil || r[to]
	}
	// Slow links, and twins that hold back their QCs.
	slow := make([][]time.Duration, nodes)
	share := rng.Float64() * 0.3
	for i := range slow {
		slow[i] = make([]time.Duration, nodes)
		for j := range slow[i] {
			if rng.Float64() < share {
				slow[i][j] = time.Duration(500+rng.Intn(2500)) * time.Millisecond
			}
		}
	}
	var holdBack time.Duration
	if len(twins) > 0 && rng.Intn(2) == 0 {
		holdBack = time.Duration(2+rng.Intn(6)) * time.Second
	}
	faults.Delay = func(from, to int, m consensus.Signed) time.Duration {
		if !chaos(m) {
			return 0
		}
		d := slow[from][to]
		if faulty[from] && carriesCommitQC(m.Msg) {
			d += holdBack
		}
		return d
	}
	net, err := NewNetwork(ctx, setup, Options{Seed: seed, Faults: faults, Twins: twins})
	require.NoError(t, err)
	start := net.Clock.Now()
	err = net.RunUntil(ctx, 200_000, func() bool {
		return net.MinHeight() >= 4 || net.Clock.Now().Sub(start) > 90*time.Second
	})
	require.NoError(t, err, "twins seed %d", seed)
	st.add(net.MaxHeight(), net.Checker.TwinEquivocations, len(twins))
	require.Empty(t, net.Checker.Violations(), "twins seed %d (n=%d, twins %v): rerun with -run TestTwins -twins.seed=%d", seed, n, twins, seed)
}

// carriesCommitQC reports whether a message shows a CommitQC.
func carriesCommitQC(m consensus.Msg) bool {
	switch m := m.(type) {
	case *consensus.LeaderProposal:
		return m.Justification.Commit != nil
	case *consensus.ReplicaNewView:
		return m.Justification.Commit != nil
	case *consensus.ReplicaTimeout:
		return m.HighQC != nil
	}
	return false
}

func TestTwins(t *testing.T) {
	st := &twinsStats{}
	if *twinsSeed != 0 {
		twinsScenario(t, *twinsSeed, st)
		return
	}
	count := *twinsScenarios
	if count == 0 {
		count = defaultTwinsScenarios
		if testing.Short() {
			count = 40
		}
	}
	base := time.Now().UnixNano() % 1_000_000
	if fixedTwinsBase {
		base = 0
	}
	t.Logf("twins: %d scenarios, seeds %d..%d", count, base+1, base+int64(count))
	t.Cleanup(func() {
		t.Logf("twins: %d scenarios, %d with twins, %d where a twin signed two commits in a view, %d final blocks in all",
			st.scenarios, st.withTwins, st.equivocating, st.blocks)
	})
	for i := range count {
		seed := base + int64(i) + 1
		t.Run(fmt.Sprintf("seed=%d", seed), func(t *testing.T) {
			t.Parallel()
			twinsScenario(t, seed, st)
		})
	}
}

type twinsStats struct {
	mu                                         sync.Mutex
	scenarios, withTwins, equivocating, blocks int
}

func (s *twinsStats) add(height, equivocations, twins int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.scenarios++
	s.blocks += height
	if twins > 0 {
		s.withTwins++
	}
	if equivocations > 0 {
		s.equivocating++
	}
}
