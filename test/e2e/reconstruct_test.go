package e2e

import (
	"context"
	"math/big"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/ethereum/go-ethereum/rpc"
	"github.com/stretchr/testify/require"

	"github.com/cairn-rollup/cairn/devnet"
	"github.com/cairn-rollup/cairn/l1/blobsource"
	"github.com/cairn-rollup/cairn/rollup"
	"github.com/cairn-rollup/cairn/rollup/reconstruct"
)

// The chain is rebuilt from L1 alone, in blobs mode: same block hashes,
// state roots and balances, a withdrawal proof that pays on L1, and the
// rebuilt node follows the network afterwards.
func TestReconstructFromL1Blobs(t *testing.T) { testReconstruct(t, "blobs") }

// The same with the batch data in calldata.
func TestReconstructFromL1Calldata(t *testing.T) { testReconstruct(t, "calldata") }

// chainView is what the network's nodes served before they stopped.
type chainView struct {
	last     rollup.Batch // L1's last committed batch (lastBlock, stateRoot)
	batches  uint64
	hashes   []common.Hash // by height, 0..last.LastBlock
	roots    []common.Hash
	balances map[common.Address]*big.Int // at last.LastBlock
}

func testReconstruct(t *testing.T, mode string) {
	if testing.Short() {
		t.Skip("runs a devnet")
	}
	c := startChainWith(t, devnet.Config{DataAvailability: mode, FullNodes: 1,
		Market: devnet.Market{Disabled: true}})
	ctx := context.Background()
	user, other := devnetUser(2), devnetUser(3)
	deposited, payee, l1Recipient := freshAddress(), freshAddress(), freshAddress()
	send(t, c.l1, user, c.Genesis.Contracts.Bridge, ether(1), bridgeABI.PackDeposit(deposited))
	send(t, c.l2, other, payee, ether(0.25), nil)
	w := send(t, c.l2, user, rollup.L2BridgeAddress, ether(0.5), l2ABI.PackWithdraw(l1Recipient))
	send(t, c.l2, other, payee, ether(0.125), nil)
	eventually(t, time.Minute, "the deposit on L2", func() bool { return balance(t, c.l2, deposited).Sign() > 0 })
	head, err := c.l2.BlockNumber(ctx)
	require.NoError(t, err)
	eventually(t, 2*time.Minute, "three batches and the withdrawal's committed and verified", func() bool {
		return c.lastCommitted(t) >= 3 && c.lastVerified(t) >= 1 && lastVerifiedBlock(t, c) >= max(head, w.BlockNumber.Uint64())
	})

	// Stop the network; keep only L1 (and node 0's data, to restart the
	// network afterwards). Node 1's data is deleted.
	require.NoError(t, c.StopNode(1))
	view := viewOf(t, c, []common.Address{deposited, payee, l1Recipient, crypto.PubkeyToAddress(user.PublicKey)})
	require.NoError(t, c.StopNode(0))
	require.NoError(t, c.WipeNode(1))

	res := runReconstruct(t, c, c.NodeDir(1))
	last := c.lastCommitted(t) // node 0 may have committed more before it stopped
	require.GreaterOrEqual(t, last, view.batches)
	require.Equal(t, last, res.Batches)
	onL1 := call(t, c.l1, c.Genesis.Contracts.OnChainProposer, ocpABI.PackBatches(last), ocpABI.UnpackBatches)
	require.Equal(t, common.Hash(onL1.LastBlockHash), res.Head)
	require.Equal(t, common.Hash(onL1.StateRoot), res.LastBatch.StateRoot)

	// Run again on its result: every batch checked, nothing rebuilt.
	again := runReconstruct(t, c, c.NodeDir(1))
	require.Zero(t, again.Blocks)
	require.Equal(t, res.Head, again.Head)

	// A data dir of a node (final blocks by consensus) or of another chain
	// is refused in one line.
	_, err = reconstruct.Run(ctx, reconstruct.Config{Genesis: c.Genesis, DataDir: c.NodeDir(0), L1: c.l1})
	require.ErrorContains(t, err, "the data dir holds a node's chain")
	otherChain := *c.Genesis
	otherChain.Batcher.MaxBlocks++
	_, err = reconstruct.Run(ctx, reconstruct.Config{Genesis: &otherChain, DataDir: c.NodeDir(1), L1: c.l1})
	require.ErrorContains(t, err, "data dir belongs to genesis")
	// Rebuilt with other batch limits, the first batch differs from L1's:
	// one line naming it.
	otherChain.Batcher.MaxBlocks = 1
	_, err = reconstruct.Run(ctx, reconstruct.Config{Genesis: &otherChain, DataDir: t.TempDir(), L1: c.l1, Blobs: runBlobs(t, c)})
	require.ErrorContains(t, err, "batch 1 (blocks 1..2, at block 2): lastBlock differs: rebuilt 1, L1 2")

	// The network again, and node 1 on the rebuilt directory.
	require.NoError(t, c.StartNode(ctx, 0))
	require.NoError(t, c.StartNode(ctx, 1))
	n1 := dialNode(t, c, 1)
	checkView(t, n1, view)

	// Its withdrawal proof pays on L1.
	var proofs []withdrawalProof
	require.NoError(t, n1.rpc.Call(&proofs, "cairn_getWithdrawalProof", w.TxHash))
	require.Len(t, proofs, 1)
	send(t, c.l1, other, c.Genesis.Contracts.Bridge, nil, proofs[0].ClaimCalldata)
	require.Equal(t, ether(0.5), balance(t, c.l1, l1Recipient))

	// It follows the network's new blocks.
	n0 := dialNode(t, c, 0)
	r := send(t, n0.l2, other, payee, ether(0.0625), nil)
	eventually(t, time.Minute, "node 1 to follow the network", func() bool {
		b, err := n1.l2.HeaderByNumber(ctx, r.BlockNumber)
		return err == nil && b.Hash() == r.BlockHash
	})
}

// lastVerifiedBlock is the last block of L1's last verified batch.
func lastVerifiedBlock(t *testing.T, c *chain) uint64 {
	n := c.lastVerified(t)
	b := call(t, c.l1, c.Genesis.Contracts.OnChainProposer, ocpABI.PackBatches(n), ocpABI.UnpackBatches)
	return b.LastBlock
}

// viewOf reads from node 0, running, the chain up to L1's last committed
// batch.
func viewOf(t *testing.T, c *chain, addrs []common.Address) chainView {
	ctx := context.Background()
	v := chainView{batches: c.lastCommitted(t), balances: map[common.Address]*big.Int{}}
	b := call(t, c.l1, c.Genesis.Contracts.OnChainProposer, ocpABI.PackBatches(v.batches), ocpABI.UnpackBatches)
	v.last = rollup.Batch{Number: v.batches, LastBlock: b.LastBlock, StateRoot: b.StateRoot, LastBlockHash: b.LastBlockHash}
	for h := uint64(0); h <= v.last.LastBlock; h++ {
		hdr, err := c.l2.HeaderByNumber(ctx, new(big.Int).SetUint64(h))
		require.NoError(t, err)
		v.hashes, v.roots = append(v.hashes, hdr.Hash()), append(v.roots, hdr.Root)
	}
	require.Equal(t, v.last.LastBlockHash, v.hashes[v.last.LastBlock])
	for _, a := range addrs {
		bal, err := c.l2.BalanceAt(ctx, a, new(big.Int).SetUint64(v.last.LastBlock))
		require.NoError(t, err)
		v.balances[a] = bal
	}
	return v
}

// checkView checks that a node serves the chain of v.
func checkView(t *testing.T, n *nodeClient, v chainView) {
	ctx := context.Background()
	for h := uint64(0); h <= v.last.LastBlock; h++ {
		hdr, err := n.l2.HeaderByNumber(ctx, new(big.Int).SetUint64(h))
		require.NoError(t, err)
		require.Equal(t, v.hashes[h], hdr.Hash(), "block %d", h)
		require.Equal(t, v.roots[h], hdr.Root, "state root of block %d", h)
	}
	for a, want := range v.balances {
		bal, err := n.l2.BalanceAt(ctx, a, new(big.Int).SetUint64(v.last.LastBlock))
		require.NoError(t, err)
		require.Equal(t, want, bal, "balance of %s", a)
	}
}

type nodeClient struct {
	l2  *ethclient.Client
	rpc *rpc.Client
}

func dialNode(t *testing.T, c *chain, i int) *nodeClient {
	t.Helper()
	cl, err := rpc.Dial(c.Nodes[i].RPCEndpoint())
	require.NoError(t, err)
	t.Cleanup(cl.Close)
	return &nodeClient{l2: ethclient.NewClient(cl), rpc: cl}
}

// runReconstruct rebuilds the chain from the devnet's L1 into dir.
func runReconstruct(t *testing.T, c *chain, dir string) *reconstruct.Result {
	t.Helper()
	cfg := reconstruct.Config{Genesis: c.Genesis, DataDir: dir, L1: c.l1, Log: logger(), LogStep: 50, Blobs: runBlobs(t, c)}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	res, err := reconstruct.Run(ctx, cfg)
	require.NoError(t, err)
	return res
}

// runBlobs is a blob source on the devnet's L1.
func runBlobs(t *testing.T, c *chain) *blobsource.Source {
	src, err := blobsource.New([]string{c.L1URL}, c.l1, blobsource.Options{})
	require.NoError(t, err)
	return src
}
