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
	twinsScenarios = flag.Int("twins.scenarios", 0, "number of twins scenarios (default 240, or 3000 with -tags twins_long)")
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

// twinsScenario runs one seeded scenario: n in 6..11, up to f twins, random
// partitions for the first views, random drops, delays and duplicates.
func twinsScenario(t *testing.T, seed int64, st *twinsStats) {
	ctx := context.Background()
	rng := rand.New(rand.NewSource(seed))
	n := 6 + rng.Intn(6)
	setup := setupFor(t, n)
	f := int(setup.Genesis.Committee.Faulty())
	twins := rng.Perm(n)[:rng.Intn(f+1)]
	nodes := n + len(twins)
	partitionedViews := uint64(4 + rng.Intn(12))
	partitions := map[uint64][]int{}
	faults := Faults{
		Drop:      rng.Float64() * 0.1,
		Duplicate: rng.Float64() * 0.1,
		MaxDelay:  time.Duration(rng.Intn(300)) * time.Millisecond,
		HealAfter: time.Duration(5+rng.Intn(20)) * time.Second,
		Partition: func(view uint64) []int {
			if view > partitionedViews {
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
	// In some views commits reach only a few nodes: a QC forms at some
	// replicas while the rest time out, which only re-proposals keep safe.
	commitReach := map[uint64][]bool{}
	faults.Filter = func(from, to int, m consensus.Signed) bool {
		if m.Msg.Kind() != consensus.KindCommit {
			return true
		}
		v := m.Msg.MsgView().Number
		if v > partitionedViews {
			return true
		}
		reach, ok := commitReach[v]
		if !ok {
			if rng.Intn(3) == 0 {
				reach = make([]bool, nodes)
				for _, i := range rng.Perm(nodes)[:1+rng.Intn(nodes)] {
					reach[i] = true
				}
				// Often the nodes that saw the QC are then cut off in the
				// next view, so that the others must time out without it.
				if _, set := partitions[v+1]; !set && rng.Intn(2) == 0 {
					p := make([]int, nodes)
					for i, r := range reach {
						if r {
							p[i] = 1
						}
					}
					partitions[v+1] = p
				}
			}
			commitReach[v] = reach
		}
		return reach == nil || reach[to]
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
