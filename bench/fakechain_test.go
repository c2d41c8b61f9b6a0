package bench

import (
	"context"
	"errors"
	"math/big"
	"sync"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/params"
	"github.com/ethereum/go-ethereum/rpc"
	"github.com/stretchr/testify/require"
)

// fakeChain is the JSON-RPC surface the generator uses, in memory: sent
// transactions wait in a pool until mine puts the executable ones (each
// sender's, nonce after nonce; one after a gap waits) into a block, whose
// head is announced to newHeads subscribers.
type fakeChain struct {
	mu     sync.Mutex
	pool   []*types.Transaction
	nonces map[common.Address]uint64
	blocks [][]common.Hash // blocks[0] is genesis
	subs   map[chan *types.Header]struct{}
	refuse func(*types.Transaction) error
}

func newFakeChain() *fakeChain {
	return &fakeChain{blocks: [][]common.Hash{nil}, subs: map[chan *types.Header]struct{}{}, nonces: map[common.Address]uint64{}}
}

func (c *fakeChain) SendRawTransaction(raw hexutil.Bytes) (common.Hash, error) {
	tx := new(types.Transaction)
	if err := tx.UnmarshalBinary(raw); err != nil {
		return common.Hash{}, err
	}
	if c.refuse != nil {
		if err := c.refuse(tx); err != nil {
			return common.Hash{}, err
		}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.pool = append(c.pool, tx)
	return tx.Hash(), nil
}

func (c *fakeChain) BlockNumber() hexutil.Uint64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return hexutil.Uint64(len(c.blocks) - 1)
}

func (c *fakeChain) GetBlockByNumber(n hexutil.Uint64, full bool) (map[string]any, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if int(n) >= len(c.blocks) {
		return nil, nil
	}
	txs := c.blocks[n]
	if txs == nil {
		txs = []common.Hash{}
	}
	return map[string]any{"transactions": txs, "gasUsed": hexutil.Uint64(params.TxGas * uint64(len(txs))),
		"gasLimit": hexutil.Uint64(30_000_000)}, nil
}

func (c *fakeChain) NewHeads(ctx context.Context) (*rpc.Subscription, error) {
	n, ok := rpc.NotifierFromContext(ctx)
	if !ok {
		return nil, rpc.ErrNotificationsUnsupported
	}
	sub := n.CreateSubscription()
	ch := make(chan *types.Header, 16)
	c.mu.Lock()
	c.subs[ch] = struct{}{}
	c.mu.Unlock()
	go func() {
		defer func() { c.mu.Lock(); delete(c.subs, ch); c.mu.Unlock() }()
		for {
			select {
			case h := <-ch:
				_ = n.Notify(sub.ID, h)
			case <-sub.Err():
				return
			}
		}
	}()
	return sub, nil
}

// mine seals the pool into a block.
func (c *fakeChain) mine() {
	c.mu.Lock()
	defer c.mu.Unlock()
	signer := types.LatestSignerForChainID(big.NewInt(1))
	var block []common.Hash
	for progress := true; progress; {
		progress = false
		rest := c.pool[:0]
		for _, tx := range c.pool {
			from, err := types.Sender(signer, tx)
			if err == nil && tx.Nonce() == c.nonces[from] {
				c.nonces[from]++
				block = append(block, tx.Hash())
				progress = true
				continue
			}
			rest = append(rest, tx)
		}
		c.pool = rest
	}
	c.blocks = append(c.blocks, block)
	h := &types.Header{Number: big.NewInt(int64(len(c.blocks) - 1)), Difficulty: new(big.Int)}
	for ch := range c.subs {
		select {
		case ch <- h:
		default:
		}
	}
}

// serve runs the chain in process and mines every interval until the test ends.
func (c *fakeChain) serve(t *testing.T, interval time.Duration) *rpc.Client {
	srv := rpc.NewServer()
	require.NoError(t, srv.RegisterName("eth", c))
	cl := rpc.DialInProc(srv)
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		tick := time.NewTicker(interval)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
				c.mine()
			}
		}
	}()
	t.Cleanup(func() { close(done); wg.Wait(); cl.Close(); srv.Stop() })
	return cl
}

func signedSenders(t *testing.T, n, perSender int) []Sender {
	var out []Sender
	for i := range n {
		k, err := crypto.GenerateKey()
		require.NoError(t, err)
		out = append(out, SignTransfers(k, big.NewInt(1), 0, perSender, big.NewInt(params.GWei*2), loadRecipient(i)))
	}
	return out
}

func TestLoadReadsInclusionFromBlocks(t *testing.T) {
	chain := newFakeChain()
	cl := chain.serve(t, 10*time.Millisecond)
	senders := signedSenders(t, 3, 20)
	var started, stopped int
	res, err := Load(context.Background(), LoadConfig{Submit: []*rpc.Client{cl}, Watch: cl, Senders: senders,
		Inflight: 4, Batch: 3, Duration: 2 * time.Second, Drain: 10 * time.Second,
		OnStart: func() { started++ }, OnStop: func() { stopped++ }})
	require.NoError(t, err)
	require.Equal(t, 1, started)
	require.Equal(t, 1, stopped)
	require.True(t, res.Subscribed, "the in-process endpoint offers newHeads")
	require.Equal(t, 60, res.Sent)
	require.Equal(t, 60, res.Included)
	require.Equal(t, 60, res.InWindow, "every transfer went in while sending")
	require.Equal(t, 3, res.Exhausted, "20 pre-signed each run out within the window")
	require.Zero(t, res.Rejected)
	require.Positive(t, res.Blocks)
	require.Equal(t, uint64(60*params.TxGas), res.GasUsed)
	require.Equal(t, uint64(30_000_000), res.GasLimit)
	require.Positive(t, res.P50)
	require.GreaterOrEqual(t, res.P99, res.P50)

	// Nothing in the blocks but what was sent, each once, in nonce order per sender.
	seen := map[common.Hash]bool{}
	for _, b := range chain.blocks {
		for _, h := range b {
			require.False(t, seen[h])
			seen[h] = true
		}
	}
	require.Len(t, seen, 60)
}

func TestLoadStopsASenderAtItsFirstRefusal(t *testing.T) {
	chain := newFakeChain()
	senders := signedSenders(t, 2, 10)
	refused := senders[1].Txs[3].Hash
	chain.refuse = func(tx *types.Transaction) error {
		if tx.Hash() == refused {
			return errors.New("txpool is full")
		}
		return nil
	}
	cl := chain.serve(t, 10*time.Millisecond)
	res, err := Load(context.Background(), LoadConfig{Submit: []*rpc.Client{cl}, Watch: cl, Senders: senders,
		Inflight: 10, Batch: 10, Duration: time.Second, Drain: 10 * time.Second})
	require.NoError(t, err)
	require.Equal(t, 1, res.Rejected)
	require.Contains(t, res.FirstReject, "txpool is full")
	// Sender 0 sent its 10; sender 1 its first 3 (the ones after the gap
	// in its batch do not count: they could never be included).
	require.Equal(t, 13, res.Sent)
	require.Equal(t, 13, res.Included)
	require.Equal(t, 1, res.Exhausted)
}

func TestLoadRefusesBadConfig(t *testing.T) {
	cl := newFakeChain().serve(t, time.Hour)
	_, err := Load(context.Background(), LoadConfig{Submit: []*rpc.Client{cl}, Watch: cl})
	require.ErrorContains(t, err, "senders")
	_, err = Load(context.Background(), LoadConfig{Submit: []*rpc.Client{cl}, Watch: cl, Senders: signedSenders(t, 1, 1), Batch: 1})
	require.ErrorContains(t, err, "inflight 0")
}
