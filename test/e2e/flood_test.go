package e2e

import (
	"context"
	"crypto/rand"
	"math/big"
	mrand "math/rand"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cairn-rollup/cairn/config"
	"github.com/cairn-rollup/cairn/crypto/nodekey"
	"github.com/cairn-rollup/cairn/devnet"
	"github.com/cairn-rollup/cairn/p2p"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/params"
	"github.com/ethereum/go-ethereum/rlp"
	"github.com/stretchr/testify/require"
)

// floodRate is the attacker's messages a second: 1,024 transactions each,
// 51,200 transactions a second offered to one validator.
const floodRate = 50

// attackerHost joins the network as an outsider (not in the committee)
// with a fresh node key, connected to node 0, and joins the tx topic.
func attackerHost(t *testing.T, n *network) *p2p.Topic {
	t.Helper()
	key, err := nodekey.Generate(rand.Reader)
	require.NoError(t, err)
	var vals []p2p.Validator
	for _, v := range n.Genesis.Consensus.Validators {
		vals = append(vals, p2p.Validator{Key: v.Key, Node: v.NodeKey})
	}
	h, err := p2p.New(p2p.Config{Key: key, GenesisHash: n.Genesis.Hash(), ProtocolVersion: config.ProtocolVersion,
		Validators: vals, StaticPeers: n.Nodes[0].P2PAddrs()}, logger())
	require.NoError(t, err)
	t.Cleanup(func() { _ = h.Close() })
	require.NoError(t, h.Start(t.Context()))
	topic, err := h.Join("tx", 256<<10, func(context.Context, string, []byte) error { return nil })
	require.NoError(t, err)
	eventually(t, 30*time.Second, "the attacker in node 0's tx mesh", func() bool { return topic.MeshPeers() > 0 })
	return topic
}

// txMessage is a tx-topic message (see node/txgossip.go) of the given
// transactions' encodings behind a unique first byte.
func txMessage(t *testing.T, prefix byte, raws [][]byte) []byte {
	msg := []byte{prefix}
	for _, r := range raws {
		enc, err := rlp.EncodeToBytes(r)
		require.NoError(t, err)
		msg = append(msg, enc...)
	}
	return msg
}

// floodTxs are 1,024 transfers on the L2's chain id: with forged, each
// signature is in range but recovers no key; else they are signed by a
// fresh key with no ETH (they recover, and the txpool refuses them).
func floodTxs(t *testing.T, chainID *big.Int, forged bool) [][]byte {
	signer := types.LatestSignerForChainID(chainID)
	key, err := crypto.GenerateKey()
	require.NoError(t, err)
	rng := mrand.New(mrand.NewSource(5))
	to := common.HexToAddress("0xbe")
	var raws [][]byte
	for nonce := uint64(0); len(raws) < 1024; nonce++ {
		inner := &types.DynamicFeeTx{ChainID: chainID, Nonce: nonce, GasTipCap: big.NewInt(params.GWei), GasFeeCap: big.NewInt(10 * params.GWei),
			Gas: params.TxGas, To: &to, Value: big.NewInt(1)}
		tx := types.MustSignNewTx(key, signer, inner)
		if forged {
			sig := make([]byte, 65)
			rng.Read(sig[:64])
			sig[32] &= 0x7f
			tx, err = types.NewTx(inner).WithSignature(signer, sig)
			require.NoError(t, err)
			if _, err := types.Sender(signer, tx); err == nil {
				continue
			}
		}
		raw, err := tx.MarshalBinary()
		require.NoError(t, err)
		raws = append(raws, raw)
	}
	return raws
}

// flood publishes a fresh message of raws floodRate times a second until
// ctx ends, and counts them.
func flood(ctx context.Context, t *testing.T, topic *p2p.Topic, raws [][]byte, sent *atomic.Int64) {
	tick := time.NewTicker(time.Second / floodRate)
	defer tick.Stop()
	for i := 0; ; i++ {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		if topic.Publish(ctx, txMessage(t, byte(i), raws)) == nil {
			sent.Add(1)
		}
	}
}

// finalityDuring samples node 0's head while run runs: the blocks made
// and the longest wait between two.
func finalityDuring(n *network, run func()) (blocks uint64, longest time.Duration) {
	done := make(chan struct{})
	go func() { defer close(done); run() }()
	start, last, lastAt := n.Nodes[0].Head(), n.Nodes[0].Head(), time.Now()
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case <-done:
			return n.Nodes[0].Head() - start, max(longest, time.Since(lastAt))
		case <-tick.C:
			if h := n.Nodes[0].Head(); h != last {
				longest, last, lastAt = max(longest, time.Since(lastAt)), h, time.Now()
			}
		}
	}
}

// An outsider flooding a validator with messages of 1,024 transactions
// whose signatures recover no key is banned within seconds, and the
// chain keeps finalizing a block a second meanwhile; one flooding with
// valid signatures of an account with no ETH (which the pool refuses,
// without blame) is held to txPeerRate, and finality holds too.
func TestTxFloodFromOnePeer(t *testing.T) {
	n := startNetwork(t, 4, 0, devnet.Config{})
	n.waitHeight(t, 2, time.Minute)
	chainID := n.Genesis.L2.Config.ChainID

	// The reference: 10 s of the same chain before any flood (a window
	// measured, not a wait).
	base, baseLongest := finalityDuring(n, func() { time.Sleep(10 * time.Second) })
	t.Logf("baseline: %d blocks in 10 s, longest wait %v", base, baseLongest)
	topic := attackerHost(t, n)
	forged := floodTxs(t, chainID, true)
	var sent atomic.Int64
	var banAfter time.Duration
	blocks, longest := finalityDuring(n, func() {
		ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
		defer cancel()
		go flood(ctx, t, topic, forged, &sent)
		start := time.Now()
		eventually(t, 10*time.Second, "the attacker banned", func() bool { m, _ := n.Nodes[0].P2PMetrics(); return m.Bans >= 1 })
		banAfter = time.Since(start)
		<-ctx.Done()
	})
	m, _ := n.Nodes[0].P2PMetrics()
	t.Logf("forged flood: banned after %v, %d messages sent in 10 s, %d rejected by node 0; %d blocks final meanwhile, longest wait %v",
		banAfter.Round(time.Millisecond), sent.Load(), m.GossipRejected, blocks, longest.Round(time.Millisecond))
	require.GreaterOrEqual(t, blocks, uint64(3), "finality held during the flood")
	require.LessOrEqual(t, m.GossipRejected, uint64(50), "node 0 stopped reading the attacker")

	topic = attackerHost(t, n)
	unfunded := floodTxs(t, chainID, false)
	sent.Store(0)
	before, _ := n.Nodes[0].P2PMetrics()
	blocks, longest = finalityDuring(n, func() {
		ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
		defer cancel()
		flood(ctx, t, topic, unfunded, &sent)
	})
	m, _ = n.Nodes[0].P2PMetrics()
	t.Logf("unfunded flood: %d messages sent in 10 s, %d throttled by node 0; %d blocks final meanwhile, longest wait %v",
		sent.Load(), m.GossipThrottled-before.GossipThrottled, blocks, longest.Round(time.Millisecond))
	require.Greater(t, m.GossipThrottled, before.GossipThrottled, "the peer's rate bound held")
	require.Equal(t, before.Bans, m.Bans, "valid transactions the pool refuses are no offence")
	require.GreaterOrEqual(t, blocks, uint64(3), "finality held during the flood")
}
