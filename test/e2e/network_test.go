package e2e

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/ethereum/go-ethereum/rlp"
	"github.com/ethereum/go-ethereum/rpc"
	"github.com/ethereum/go-ethereum/trie"
	"github.com/stretchr/testify/require"

	"github.com/cairn-rollup/cairn/consensus"
	"github.com/cairn-rollup/cairn/devnet"
	"github.com/cairn-rollup/cairn/node"
	"github.com/cairn-rollup/cairn/rollup"
)

// Multi-node tests: a committee of validators and full nodes in one
// process, over real libp2p on loopback, each node with its own geth and
// Pebble store.

// viewTimeout of the network tests' genesis (config default).
const viewTimeout = 2 * time.Second

// network is a devnet of several nodes with a client per node.
type network struct {
	*chain
	nodes []*ethclient.Client
	dir   string
}

func startNetwork(t *testing.T, validators, fullNodes int, cfg devnet.Config) *network {
	t.Helper()
	cfg.Validators, cfg.FullNodes = validators, fullNodes
	if cfg.DataDir == "" {
		cfg.DataDir = t.TempDir()
	}
	if cfg.Batcher == (rollup.SealLimits{}) {
		cfg.Batcher = rollup.SealLimits{MaxBlocks: 5, MaxGas: 1 << 40, MaxSeconds: 100, MaxDeposits: 100}
	}
	cfg.Market.Disabled = true // the internal prover: these tests are about consensus
	c := startChainWith(t, cfg)
	n := &network{chain: c, dir: cfg.DataDir}
	for i := range c.Nodes {
		n.nodes = append(n.nodes, n.client(t, i))
	}
	return n
}

func (n *network) client(t *testing.T, i int) *ethclient.Client {
	t.Helper()
	rc, err := rpc.Dial(n.Nodes[i].RPCEndpoint())
	require.NoError(t, err)
	t.Cleanup(rc.Close)
	return ethclient.NewClient(rc)
}

// waitHeight waits until every listed node has block h final.
func (n *network) waitHeight(t *testing.T, h uint64, timeout time.Duration, nodes ...int) {
	t.Helper()
	if len(nodes) == 0 {
		for i := range n.Nodes {
			nodes = append(nodes, i)
		}
	}
	eventually(t, timeout, fmt.Sprintf("block %d final on nodes %v", h, nodes), func() bool {
		for _, i := range nodes {
			if n.Nodes[i] == nil || n.Nodes[i].Head() < h {
				return false
			}
		}
		return true
	})
}

// head is the highest final block among the running nodes.
func (n *network) head() uint64 {
	var h uint64
	for _, nd := range n.Nodes {
		if nd != nil {
			h = max(h, nd.Head())
		}
	}
	return h
}

// checkSameChain asserts that every running node holds the same block
// hash at every height up to h.
func (n *network) checkSameChain(t *testing.T, h uint64) {
	t.Helper()
	for num := uint64(1); num <= h; num++ {
		var want common.Hash
		for i, nd := range n.Nodes {
			if nd == nil {
				continue
			}
			fb, err := nd.FinalBlock(num)
			require.NoError(t, err, "node %d block %d", i, num)
			var b types.Block
			require.NoError(t, rlp.DecodeBytes(fb.Payload, &b))
			if want == (common.Hash{}) {
				want = b.Hash()
			}
			require.Equal(t, want, b.Hash(), "node %d has another block %d", i, num)
		}
	}
}

// signers returns the committee indexes (in genesis order) of the
// validators whose signatures are in block num's CommitQC on node i.
func (n *network) signers(t *testing.T, i int, num uint64) map[int]bool {
	t.Helper()
	fb, err := n.Nodes[i].FinalBlock(num)
	require.NoError(t, err)
	g, err := n.Genesis.ConsensusGenesis()
	require.NoError(t, err)
	out := map[int]bool{}
	for _, key := range g.Committee.Keys(fb.QC.Signers) {
		for j, v := range n.Genesis.Consensus.Validators {
			if v.Key.Equal(key) {
				out[j] = true
			}
		}
	}
	return out
}

func TestSixValidatorsAndAFullNodeAgreeOnEveryBlock(t *testing.T) {
	n := startNetwork(t, 6, 1, devnet.Config{})
	full := n.nodes[6]

	// A transfer sent to the full node reaches a leader and is included.
	to := freshAddress()
	r := send(t, full, devnetUser(0), to, ether(1), nil)
	require.Equal(t, types.ReceiptStatusSuccessful, r.Status)

	// A deposit is credited exactly once, on every node.
	recipient := freshAddress()
	amount := ether(0.25)
	data := bridgeABI.PackDeposit(recipient)
	send(t, n.l1, devnetUser(1), n.Genesis.Contracts.Bridge, amount, data)

	n.waitHeight(t, 30, 2*time.Minute)
	n.checkSameChain(t, 30)
	for i, cl := range n.nodes {
		eventually(t, time.Minute, fmt.Sprintf("deposit credited on node %d", i), func() bool {
			return balance(t, cl, recipient).Cmp(amount) == 0
		})
		require.Equal(t, 0, balance(t, cl, to).Cmp(ether(1)), "transfer on node %d", i)
	}

	// Every node seals the same batches; L1 commits and verifies them.
	eventually(t, 2*time.Minute, "batches verified on L1", func() bool { return n.lastVerified(t) >= 3 })
	for b := uint64(1); b <= 3; b++ {
		var want string
		for i, nd := range n.nodes {
			var got map[string]any
			require.NoError(t, nd.Client().Call(&got, "cairn_getBatch", hexQ(b)), "node %d", i)
			require.NotNil(t, got, "node %d has no batch %d", i, b)
			h := got["batchHash"].(string)
			if want == "" {
				want = h
			}
			require.Equal(t, want, h, "node %d batch %d", i, b)
		}
	}

	// Every validator proposed and signed: each one's coinbase is on a
	// block, and each one's bit is in a CommitQC.
	proposers, signed := map[common.Address]bool{}, map[int]bool{}
	for num := uint64(1); num <= 30; num++ {
		fb, err := n.Nodes[0].FinalBlock(num)
		require.NoError(t, err)
		var b types.Block
		require.NoError(t, rlp.DecodeBytes(fb.Payload, &b))
		proposers[b.Coinbase()] = true
		for j := range n.signers(t, 0, num) {
			signed[j] = true
		}
	}
	for i := 0; i < 6; i++ {
		require.True(t, proposers[devnet.FeeRecipient(i)], "validator %d never proposed", i)
		require.True(t, signed[i], "validator %d never signed", i)
	}

	// Each node is sized for a laptop: its geth and Pebble store, write-ahead
	// logs included, hold a few tens of MB on disk (du counts the blocks
	// preallocated for them).
	for i := range n.Nodes {
		used := diskUsage(t, filepath.Join(n.dir, fmt.Sprintf("node%d", i)))
		require.Less(t, used, int64(64<<20), "node %d uses %d MB of disk", i, used>>20)
	}

	// cairn_consensusStatus names the view, the leader and six connected validators.
	var st map[string]any
	require.NoError(t, n.nodes[0].Client().Call(&st, "cairn_consensusStatus"))
	require.NotEmpty(t, st["leader"])
	committee := st["committee"].([]any)
	require.Len(t, committee, 6)
	for _, m := range committee {
		require.Equal(t, true, m.(map[string]any)["connected"], "committee member %v", m)
	}
}

func TestStoppedValidatorCatchesUpAndSignsAgain(t *testing.T) {
	n := startNetwork(t, 6, 0, devnet.Config{})
	n.waitHeight(t, 3, time.Minute)
	require.NoError(t, n.StopNode(3))
	h := n.head()
	n.waitHeight(t, h+5, time.Minute, 0, 1, 2, 4, 5) // one down: finality goes on

	require.NoError(t, n.StartNode(context.Background(), 3))
	target := n.head() + 3
	n.waitHeight(t, target, time.Minute) // caught up by block sync
	n.checkSameChain(t, target)
	eventually(t, time.Minute, "validator 3 signs a CommitQC again", func() bool {
		last := n.Nodes[0].Head()
		for num := target; num <= last; num++ {
			if n.signers(t, 0, num)[3] {
				return true
			}
		}
		return false
	})
}

func TestTwoOfSixDownHaltsWithoutForkAndOneBackResumes(t *testing.T) {
	n := startNetwork(t, 6, 0, devnet.Config{})
	n.waitHeight(t, 3, time.Minute)
	require.NoError(t, n.StopNode(4))
	require.NoError(t, n.StopNode(5))
	// Let the blocks in flight settle, then watch views pass: no block.
	stalled := n.waitStall(t, 0, 1, 2, 3)
	n.checkSameChain(t, stalled)

	require.NoError(t, n.StartNode(context.Background(), 5))
	start := time.Now()
	n.waitHeight(t, stalled+1, time.Minute, 0, 1, 2, 3, 5)
	require.Less(t, time.Since(start), 2*viewTimeout+5*time.Second, "finality resumed late")
	n.checkSameChain(t, n.Nodes[0].Head())
}

func TestPartitionThreeThreeHaltsAndHeals(t *testing.T) {
	n := startNetwork(t, 6, 0, devnet.Config{})
	n.waitHeight(t, 3, time.Minute)
	side := func(i int) int { return i / 3 }
	ids := map[string]int{}
	for i, nd := range n.Nodes {
		ids[nd.PeerID()] = i
	}
	for i, nd := range n.Nodes {
		nd.SetBlocked(func(peer string) bool {
			j, ok := ids[peer]
			return ok && side(j) != side(i)
		})
	}
	stalled := n.waitStall(t, 0, 1, 2, 3, 4, 5)
	n.checkSameChain(t, stalled)

	for _, nd := range n.Nodes {
		nd.SetBlocked(nil)
	}
	start := time.Now()
	n.waitHeight(t, stalled+1, time.Minute)
	require.Less(t, time.Since(start), 2*viewTimeout+10*time.Second, "finality resumed late after the heal")
	n.checkSameChain(t, stalled+1) // what every node holds: head() is the newest of any
}

func TestAllValidatorsRestartedAtOnceResume(t *testing.T) {
	n := startNetwork(t, 6, 0, devnet.Config{})
	n.waitHeight(t, 3, time.Minute)
	for i := range n.Nodes {
		require.NoError(t, n.StopNode(i))
	}
	for i := range n.Nodes {
		require.NoError(t, n.StartNode(context.Background(), i))
	}
	h := n.head()
	n.waitHeight(t, h+3, time.Minute)
	n.checkSameChain(t, h+3)
}

// waitStall waits until the listed nodes are in the timeout phase with no
// new final block, then watches them for three view timeouts (during which
// they re-broadcast their timeouts) and requires that no block is final
// meanwhile. It returns the height they stopped at.
func (n *network) waitStall(t *testing.T, nodes ...int) uint64 {
	t.Helper()
	eventually(t, time.Minute, "validators in the timeout phase", func() bool {
		for _, i := range nodes {
			if n.Nodes[i].ConsensusStatus().Phase != consensus.PhaseTimeout.String() {
				return false
			}
		}
		return true
	})
	h := n.Nodes[nodes[0]].Head()
	for end := time.Now().Add(3 * viewTimeout); time.Now().Before(end); time.Sleep(100 * time.Millisecond) {
		for _, i := range nodes {
			require.Equal(t, h, n.Nodes[i].Head(), "node %d finalized a block without a quorum", i)
		}
	}
	return h
}

// diskUsage is what du reports for dir: the blocks allocated, not the
// apparent sizes.
func diskUsage(t *testing.T, dir string) int64 {
	t.Helper()
	var total int64
	require.NoError(t, filepath.Walk(dir, func(_ string, fi os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		if st, ok := fi.Sys().(*syscall.Stat_t); ok {
			total += st.Blocks * 512
		}
		return nil
	}))
	return total
}

func hexQ(n uint64) string { return fmt.Sprintf("0x%x", n) }

// byzantineEngine proposes blocks that honest validators must refuse, one
// kind after another: a deposit L1 never saw, a skipped deposit, two
// deposits reordered, a timestamp past max_clock_drift, a wrong state root.
type byzantineEngine struct {
	consensus.Engine
	kinds []string
	next  atomic.Int64
}

func (e *byzantineEngine) tried() int { return int(e.next.Load()) }

func (e *byzantineEngine) ProposePayload(ctx context.Context, number uint64) ([]byte, error) {
	good, err := e.Engine.ProposePayload(ctx, number)
	if err != nil {
		return nil, err
	}
	var b types.Block
	if err := rlp.DecodeBytes(good, &b); err != nil {
		return nil, err
	}
	kind := e.kinds[int(e.next.Add(1)-1)%len(e.kinds)]
	h := b.Header()
	base := uint64(0) // the test makes no deposit: the next id would be 1
	withdrawal := func(id uint64) *types.Withdrawal {
		return &types.Withdrawal{Index: id, Address: common.HexToAddress("0xbad"), Amount: 1_000_000_000}
	}
	body := b.Body()
	switch kind {
	case "invented deposit":
		body.Withdrawals = append(types.Withdrawals{}, withdrawal(base+1))
	case "skipped deposit":
		body.Withdrawals = types.Withdrawals{withdrawal(base + 2)}
	case "reordered deposits":
		body.Withdrawals = types.Withdrawals{withdrawal(base + 2), withdrawal(base + 1)}
	case "future timestamp":
		h.Time = uint64(time.Now().Add(time.Minute).Unix())
	case "wrong state root":
		h.Root = common.HexToHash("0xbad")
	}
	bad := b.WithSeal(h)
	if strings.Contains(kind, "deposit") {
		bad = types.NewBlock(h, body, nil, trie.NewStackTrie(nil))
	}
	return rlp.EncodeToBytes(bad)
}

func TestByzantineLeaderGetsNoHonestVote(t *testing.T) {
	kinds := []string{"invented deposit", "skipped deposit", "reordered deposits", "future timestamp", "wrong state root"}
	bad := &byzantineEngine{kinds: kinds}
	n := startNetwork(t, 6, 0, devnet.Config{Options: func(i int) []node.Option {
		if i != 2 {
			return nil
		}
		return []node.Option{node.WithEngine(func(e consensus.Engine) consensus.Engine {
			bad.Engine = e
			return bad
		})}
	}})
	// Validator 2 leads one view in six: wait until it tried every kind.
	eventually(t, 3*time.Minute, "the byzantine leader tried every kind of bad block", func() bool { return bad.tried() >= len(kinds) })
	h := n.head()
	n.waitHeight(t, h+2, time.Minute)
	n.checkSameChain(t, h+2)
	for num := uint64(1); num <= h+2; num++ {
		fb, err := n.Nodes[0].FinalBlock(num)
		require.NoError(t, err)
		var b types.Block
		require.NoError(t, rlp.DecodeBytes(fb.Payload, &b))
		require.NotEqual(t, devnet.FeeRecipient(2), b.Coinbase(), "block %d is the byzantine leader's", num)
	}
	st := n.Nodes[0].ConsensusStatus()
	require.GreaterOrEqual(t, uint64(*st.Timeouts), uint64(len(kinds)), "the byzantine leader's views timed out")
}

// fastClock runs speed times faster than the wall clock from now on: a
// validator on it makes its 1 s blocks as fast as it can execute them.
// fastClock runs speed times faster than the wall clock.
type fastClock struct {
	start time.Time
	speed time.Duration
}

func newFastClock(speed int) fastClock {
	return fastClock{start: time.Now(), speed: time.Duration(speed)}
}

func (c fastClock) Now() time.Time { return c.start.Add(c.speed * time.Since(c.start)) }

func (c fastClock) After(d time.Duration) <-chan time.Time { return time.After(d / c.speed) }

func TestFullNodeStartedLateSyncsTwoHundredBlocks(t *testing.T) {
	clock := newFastClock(20)
	n := startNetwork(t, 1, 1, devnet.Config{Options: func(i int) []node.Option {
		if i == 0 {
			return []node.Option{node.WithClock(clock)}
		}
		return nil
	}})
	n.waitHeight(t, 5, time.Minute) // the full node has blocks of its own: startingBlock is not 0
	full := n.Nodes[1]
	require.NoError(t, n.StopNode(1))
	had := full.Head() // read once it stopped: it follows until then
	stoppedAt := n.Nodes[0].Head()
	n.waitHeight(t, stoppedAt+200, 2*time.Minute, 0)

	require.NoError(t, n.StartNode(context.Background(), 1))
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	seen := make(chan []ethereum.SyncProgress, 1)
	go func() { seen <- watchSyncing(ctx, n.nodes[1]) }()
	target := n.Nodes[0].Head()
	n.waitHeight(t, target, 2*time.Minute, 1)
	n.checkSameChain(t, target)
	st := n.Nodes[1].ConsensusStatus()
	require.GreaterOrEqual(t, uint64(st.Sync.Local), target)

	// eth_syncing, while it caught up: from the block it had, to the
	// leader's newest; then false.
	progress := <-seen
	require.NoError(t, ctx.Err(), "eth_syncing never went back to false")
	require.NotEmpty(t, progress, "eth_syncing never reported the catch-up")
	t.Logf("eth_syncing: %d answers while catching up, the first from %d at %d to %d", len(progress),
		progress[0].StartingBlock, progress[0].CurrentBlock, progress[0].HighestBlock)
	var current uint64
	for _, p := range progress {
		require.Equal(t, had, p.StartingBlock, "%+v", p)
		require.GreaterOrEqual(t, p.CurrentBlock, max(current, had), "%+v", p)
		require.GreaterOrEqual(t, p.HighestBlock, stoppedAt+200, "%+v", p)
		require.LessOrEqual(t, p.HighestBlock, n.Nodes[0].Head(), "%+v", p)
		current = p.CurrentBlock
	}
	peers, err := n.nodes[1].PeerCount(ctx)
	require.NoError(t, err)
	require.Equal(t, uint64(1), peers, "net_peerCount counts libp2p peers")
}

// watchSyncing polls eth_syncing until it answers false after having
// reported a catch-up, or ctx ends; it returns the progress it saw.
func watchSyncing(ctx context.Context, cl *ethclient.Client) []ethereum.SyncProgress {
	var seen []ethereum.SyncProgress
	for ctx.Err() == nil {
		p, err := cl.SyncProgress(ctx)
		switch {
		case err != nil:
		case p != nil:
			seen = append(seen, *p)
		case len(seen) > 0:
			return seen
		}
		time.Sleep(5 * time.Millisecond)
	}
	return seen
}
