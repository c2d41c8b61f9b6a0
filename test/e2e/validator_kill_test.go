package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"math/big"
	"math/rand"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/cairn-rollup/cairn/consensus"
	"github.com/cairn-rollup/cairn/crypto/bls"
	"github.com/cairn-rollup/cairn/devnet"
	"github.com/cairn-rollup/cairn/node"
	"github.com/stretchr/testify/require"
)

// A validator run in a child process is SIGKILLed at random points and
// restarted on its data directory, validatorKills times (kills_*_test.go:
// 5 in make test, 20 with -tags long in make test-long). The other
// validators run in this process and show every consensus message they read
// from it to an equivocationChecker.
//
// The committee is six: ChonkyBFT tolerates f = floor((n-1)/5) faults, so six
// is the smallest committee that keeps finalizing (with all five others) while
// one validator is down.
//
// The kill points are the test's input, drawn from a seeded math/rand
// (CAIRN_E2E_SEED=<seed> replays a schedule). Around each kill, one of:
//   - two in five: the five others finalize a block before it restarts, so
//     that it has blocks to fetch by block sync;
//   - one in five: it comes back at once;
//   - one in five: validator 4 is cut off first, so that the kill stalls
//     the chain; the victim comes back once the four others timed out;
//   - one in five: validators 3 and 4 are cut off, the chain halts with the
//     victim up: it times out in a view it may have voted in, and is killed
//     0 to 1.5 block times later, while it re-broadcasts that timeout; it
//     comes back in the timeout phase of that view.
//
// Otherwise the kill comes, one in two, 0 to 1.5 block times after its
// first vote since the restart, which lands in every phase of a view
// (proposal, vote, finalization); one in three, the moment a peer reads its
// next vote; one in six, the moment a peer reads its next proposal (a
// leader killed between proposing and the others' votes). Each restart
// must sign a vote before the next kill.
//
// CAIRN_E2E_FORGET=1 checks the test itself: the child's replica then
// forgets its persisted state at each start, and the checker reports the
// double proposals and double commits that follow.
func TestValidatorKilledAtRandomPointsNeverEquivocatesNorLosesBlocks(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns and kills node processes")
	}
	seed := time.Now().UnixNano()
	if s := os.Getenv("CAIRN_E2E_SEED"); s != "" {
		var err error
		seed, err = strconv.ParseInt(s, 10, 64)
		require.NoError(t, err, "CAIRN_E2E_SEED")
	}
	t.Logf("seed %d (CAIRN_E2E_SEED=%d replays the kill schedule)", seed, seed)
	rng := rand.New(rand.NewSource(seed))

	const validators, victim = 6, 5
	blockTime := time.Second // devnet default
	others := []int{0, 1, 2, 3, 4}
	checker := newEquivocationChecker()
	n := startNetwork(t, validators, 0, devnet.Config{BlockTime: blockTime, Options: func(i int) []node.Option {
		if i == victim {
			return nil
		}
		return []node.Option{node.WithConsensusObserver(checker.observe)}
	}})
	key := n.Secrets(victim).Validator.Public()
	cg, err := n.Genesis.ConsensusGenesis()
	require.NoError(t, err)
	checker.watch(cg.Committee)
	n.waitHeight(t, 2, time.Minute)

	// The victim moves to a child process on the same data directory and
	// ports; its RPC port is picked anew at each start.
	require.NoError(t, n.StopNode(victim))
	cfg := n.NodeConfig(victim)
	cfg.RPC.HTTPAddr, cfg.RPC.WSAddr = "127.0.0.1:0", "127.0.0.1:0"
	raw, err := json.Marshal(cfg)
	require.NoError(t, err)
	cfgPath := filepath.Join(t.TempDir(), "victim.json")
	require.NoError(t, os.WriteFile(cfgPath, raw, 0o600))
	env := []string{"CAIRN_E2E_CHILD=1", "CAIRN_E2E_CONFIG=" + cfgPath, "CAIRN_E2E_GENESIS=" + filepath.Join(n.dir, "genesis.json")}

	votes, _, _ := checker.votes(key)
	child := startChildProcess(t, env...)
	waitVote(t, checker, key, votes, "the first start")
	startHead := n.head()

	cut := func(nodes ...int) {
		for _, i := range nodes {
			n.Nodes[i].SetBlocked(func(string) bool { return true })
		}
	}
	heal := func(nodes ...int) {
		for _, i := range nodes {
			n.Nodes[i].SetBlocked(nil)
		}
	}
	points, downs := map[string]int{}, map[string]int{}
	for k := range validatorKills {
		// Every draw at every kill, so that a seed replays one schedule.
		mode := rng.Intn(6)
		delay := time.Duration(rng.Int63n(int64(3 * blockTime / 2)))
		down := []string{stalledByKill, haltedBeforeKill, blockWhileDown, blockWhileDown, backAtOnce}[rng.Intn(5)]
		downs[down]++
		if down == stalledByKill {
			cut(4) // before the kill point: the kill comes right after the signal
		}
		var before uint64
		var kind, point string
		switch {
		case down == haltedBeforeKill:
			// Validators 3 and 4 are cut off: four are left, under the
			// quorum. The view times out; the victim may have voted in it,
			// and its timeout carries that vote. It is killed while it
			// re-broadcasts the timeout, and comes back in the timeout phase.
			cut(3, 4)
			view := waitTimeoutPhase(t, n, 0, 1, 2)
			eventually(t, time.Minute, "the victim's timeout of the halted view", func() bool { return checker.timedOut(key, view) })
			kind, point = "in a halted view", fmt.Sprintf("%v after its timeout of halted view %d", delay.Round(time.Millisecond), view)
			time.Sleep(delay) // the kill point, not a wait
			before = childHead(t, child)
		case mode <= 1:
			kind, point = "right after a vote", "right after a vote"
			before = childHead(t, child)
			_, _, next := checker.votes(key)
			waitSignal(t, next, fmt.Sprintf("kill %d: a vote", k+1))
		case mode == 2:
			kind, point = "right after a proposal", "right after a proposal"
			before = childHead(t, child)
			waitSignal(t, checker.nextProposal(key), fmt.Sprintf("kill %d: a proposal", k+1))
		default:
			kind, point = "after a delay", fmt.Sprintf("%v after its first vote", delay.Round(time.Millisecond))
			time.Sleep(delay) // the kill point, not a wait
			before = childHead(t, child)
		}
		points[kind]++
		child.kill(t)
		netHead := n.head()
		switch down {
		case stalledByKill:
			// Validator 4 is cut off: the four left time out, and the victim
			// comes back into their view.
			waitTimeoutPhase(t, n, 0, 1, 2, 3)
		case blockWhileDown:
			// Five validators finalize on their own meanwhile; the victim
			// then has blocks to fetch by block sync when it comes back.
			n.waitHeight(t, netHead+1, time.Minute, others...)
		}

		votes, _, _ := checker.votes(key)
		started := time.Now()
		child = startChildProcess(t, env...)
		after := childHead(t, child)
		require.GreaterOrEqual(t, after, before, "kill %d: the restarted validator lost final blocks (it had %d)", k+1, before)
		checkChildChain(t, n, child, after)
		switch down {
		case haltedBeforeKill:
			// It re-sends the same timeout, which is no new vote: the chain
			// must move on first.
			heal(3, 4)
			waitVote(t, checker, key, votes, "a restart")
		case stalledByKill:
			waitVote(t, checker, key, votes, "a restart")
			n.waitHeight(t, netHead+1, time.Minute, 0, 1, 2, 3)
			heal(4)
		default:
			waitVote(t, checker, key, votes, "a restart")
		}
		t.Logf("kill %d: %s; head %d before, %d after the restart (network %d, %s); signed again after %v",
			k+1, point, before, after, netHead, down, time.Since(started).Round(time.Millisecond))
	}

	// The chain goes on finalizing; the victim catches up with it and holds
	// the same blocks.
	target := n.head() + 2
	n.waitHeight(t, target, time.Minute, others...)
	eventually(t, time.Minute, "the victim to catch up", func() bool { return childHead(t, child) >= target })
	checkChildChain(t, n, child, target)
	n.checkSameChain(t, target)

	require.Empty(t, checker.Violations(), "equivocation")
	st := checker.stats(key)
	require.Zero(t, st.BadSignatures)
	require.Positive(t, st.ByKind["ReplicaCommit"])
	t.Logf("%d kills at %v, %v; blocks %d to %d final meanwhile; %d messages read by the five, %d distinct checked; "+
		"the victim's: %v, votes in %d views, a commit and a timeout in %d, %d timeouts after a commit of an earlier view",
		validatorKills, points, downs, startHead, target, st.Received, st.Distinct, st.ByKind, st.Views, st.CommitAndTimeout, st.TimeoutsAfterCommits)
}

// forgetfulEngine loses the replica state at every start
// (CAIRN_E2E_FORGET): the broken replica the kill test must catch.
type forgetfulEngine struct{ consensus.Engine }

func (forgetfulEngine) ReplicaState(context.Context) ([]byte, error) { return nil, nil }

// What happens to the chain around a kill.
const (
	stalledByKill    = "validator 4 cut off: the kill stalls the chain"
	haltedBeforeKill = "validators 3 and 4 cut off: the chain halted before the kill"
	blockWhileDown   = "a block final while it is down"
	backAtOnce       = "back at once"
)

// waitTimeoutPhase waits until the listed nodes are in the timeout phase,
// and returns the newest of their views.
func waitTimeoutPhase(t *testing.T, n *network, nodes ...int) uint64 {
	t.Helper()
	var view uint64
	eventually(t, time.Minute, fmt.Sprintf("validators %v in the timeout phase", nodes), func() bool {
		view = 0
		for _, i := range nodes {
			st := n.Nodes[i].ConsensusStatus()
			if st.Phase != consensus.PhaseTimeout.String() {
				return false
			}
			view = max(view, uint64(*st.View))
		}
		return true
	})
	return view
}

// waitVote waits until the checker saw more than votes votes of key.
func waitVote(t *testing.T, c *equivocationChecker, key bls.PublicKey, votes int, after string) {
	t.Helper()
	deadline := time.After(time.Minute)
	for {
		n, _, next := c.votes(key)
		if n > votes {
			return
		}
		select {
		case <-next:
		case <-deadline:
			t.Fatalf("the validator signed no vote within a minute of %s", after)
		}
	}
}

// waitSignal waits for c to be closed, up to a minute.
func waitSignal(t *testing.T, c <-chan struct{}, what string) {
	t.Helper()
	select {
	case <-c:
	case <-time.After(time.Minute):
		t.Fatalf("%s: not seen within a minute", what)
	}
}

// childHead is the child's last final block (eth_blockNumber).
func childHead(t *testing.T, c *childNode) uint64 {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	h, err := c.l2.BlockNumber(ctx)
	require.NoError(t, err)
	return h
}

// checkChildChain asserts that the child has the network's block at every
// height up to h.
func checkChildChain(t *testing.T, n *network, c *childNode, h uint64) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	for num := uint64(1); num <= h; num++ {
		want, err := n.nodes[0].HeaderByNumber(ctx, new(big.Int).SetUint64(num))
		require.NoError(t, err, "network block %d", num)
		got, err := c.l2.HeaderByNumber(ctx, new(big.Int).SetUint64(num))
		require.NoError(t, err, "the victim's block %d", num)
		require.Equal(t, want.Hash(), got.Hash(), "the victim has another block %d", num)
	}
}
