package watcher_test

import (
	"context"
	"errors"
	"log/slog"
	"math/big"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cairn-rollup/cairn/l1/l1test"
	"github.com/cairn-rollup/cairn/l1/watcher"
	"github.com/cairn-rollup/cairn/store"
	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/rpc"
	"github.com/stretchr/testify/require"
)

func openStore(t *testing.T) *store.Store {
	t.Helper()
	st, err := store.Open("")
	require.NoError(t, err)
	t.Cleanup(func() { _ = st.Close() })
	return st
}

// forkBefore reorgs the dev L1 onto a chain that forks off just before the
// block of r, and seals one empty block on the new chain.
func forkBefore(t *testing.T, env *l1test.Env, r *types.Receipt, dropTxs bool) {
	t.Helper()
	parent, err := env.Client.HeaderByNumber(context.Background(), new(big.Int).Sub(r.BlockNumber, big.NewInt(1)))
	require.NoError(t, err)
	require.NoError(t, env.Chain.Fork(parent.Hash(), dropTxs))
	if dropTxs {
		require.NoError(t, env.Chain.AdjustTime(1))
	}
}

func TestReorgedUnmintedDepositIsReadAgainFromTheNewChain(t *testing.T) {
	env := l1test.Start(t, 42, common.Hash{})
	st := openStore(t)
	alice, bob, carol := common.HexToAddress("0xa11ce"), common.HexToAddress("0xb0b"), common.HexToAddress("0xca401")
	env.Deposit(t, alice, eth(1))
	r2 := env.Deposit(t, bob, eth(2))
	w := newWatcher(env, st, 0, 1000)
	require.Equal(t, 2, pollAll(t, w))

	// L1 drops bob's deposit; carol's takes id 2 on the new chain.
	forkBefore(t, env, r2, true)
	r3 := env.Deposit(t, carol, eth(3))
	pollAll(t, w)
	require.NoError(t, w.Err())
	last, err := st.LastDepositID()
	require.NoError(t, err)
	require.Equal(t, uint64(2), last)
	d2, err := st.Deposit(2)
	require.NoError(t, err)
	require.Equal(t, carol, d2.To)
	require.Equal(t, r3.TxHash, d2.L1TxHash)
	d1, err := st.Deposit(1)
	require.NoError(t, err)
	require.Equal(t, alice, d1.To, "the deposit below the fork point is kept")
}

func TestReorgedMintedDepositStopsMintingUntilL1HoldsItAgain(t *testing.T) {
	env := l1test.Start(t, 42, common.Hash{})
	st := openStore(t)
	r1 := env.Deposit(t, common.HexToAddress("0x1"), eth(1))
	w := newWatcher(env, st, 0, 1000)
	require.Equal(t, 1, pollAll(t, w))
	require.NoError(t, st.SaveFinalBlock(1, &store.FinalBlock{DepositsThrough: 1})) // minted on L2

	// The reorg drops the minted deposit: an error state, nothing more to mint.
	forkBefore(t, env, r1, true)
	pollAll(t, w)
	require.ErrorIs(t, w.Err(), watcher.ErrMintedDepositsReorged)
	require.ErrorContains(t, w.Err(), "deposits 1..1")
	last, err := st.LastDepositID()
	require.NoError(t, err)
	require.Equal(t, uint64(1), last, "no deposit beyond the minted one")

	// The same deposit lands again on the new chain: the error state clears.
	opts := env.Auth(t, env.User)
	opts.Value = eth(1)
	opts.Nonce = big.NewInt(0) // the user's first transaction, again
	again := env.Transact(t, opts, env.Addrs.Bridge, bridgeABI.PackDeposit(common.HexToAddress("0x1")))
	env.WaitSafe(t, again) // the receipt can come before the block the watcher reads up to
	pollAll(t, w)
	require.NoError(t, w.Err())
	d, err := st.Deposit(1)
	require.NoError(t, err)
	require.Equal(t, again.BlockNumber.Uint64(), d.L1Block)
	require.Equal(t, again.TxHash, d.L1TxHash)
}

func TestReorgedMintedDepositReplacedByAnotherStopsTheWatcher(t *testing.T) {
	env := l1test.Start(t, 42, common.Hash{})
	st := openStore(t)
	r1 := env.Deposit(t, common.HexToAddress("0x1"), eth(1))
	w := newWatcher(env, st, 0, 1000)
	require.Equal(t, 1, pollAll(t, w))
	require.NoError(t, st.SaveFinalBlock(1, &store.FinalBlock{DepositsThrough: 1}))

	forkBefore(t, env, r1, true)
	env.Deposit(t, common.HexToAddress("0x2"), eth(5)) // id 1 on the new chain, other contents
	var err error
	for err == nil {
		var more bool
		more, err = w.Step(context.Background())
		require.False(t, !more && err == nil, "the conflicting deposit was not noticed")
	}
	require.ErrorContains(t, err, "other contents")
	require.ErrorIs(t, w.Err(), watcher.ErrMintedDepositsReorged)
	d, err := st.Deposit(1)
	require.NoError(t, err)
	require.Equal(t, common.HexToAddress("0x1"), d.To, "the minted deposit is not overwritten")
}

func TestReorgMinedAgainKeepsTheDeposits(t *testing.T) {
	env := l1test.Start(t, 42, common.Hash{})
	st := openStore(t)
	r1 := env.Deposit(t, common.HexToAddress("0x1"), eth(1))
	w := newWatcher(env, st, 0, 1000)
	require.Equal(t, 1, pollAll(t, w))
	require.NoError(t, st.SaveFinalBlock(1, &store.FinalBlock{DepositsThrough: 1}))

	forkBefore(t, env, r1, false) // the deposit is mined again on the new chain
	ctx := context.Background()
	deadline := time.Now().Add(30 * time.Second)
	for {
		r, err := env.Client.TransactionReceipt(ctx, r1.TxHash)
		if err == nil && r.BlockHash != r1.BlockHash {
			break
		}
		require.True(t, time.Now().Before(deadline), "the deposit was not mined again")
		time.Sleep(5 * time.Millisecond)
	}
	pollAll(t, w)
	require.NoError(t, w.Err())
	last, err := st.LastDepositID()
	require.NoError(t, err)
	require.Equal(t, uint64(1), last)
}

// gapOnce drops the first deposit log of the first answer that has two.
type gapOnce struct {
	watcher.Client
	done atomic.Bool
}

func (g *gapOnce) FilterLogs(ctx context.Context, q ethereum.FilterQuery) ([]types.Log, error) {
	logs, err := g.Client.FilterLogs(ctx, q)
	if err == nil && len(logs) >= 2 && !g.done.Swap(true) {
		return logs[1:], nil
	}
	return logs, err
}

func TestGapInTheDepositIdsIsReadAgain(t *testing.T) {
	env := l1test.Start(t, 42, common.Hash{})
	st := openStore(t)
	env.Deposit(t, common.HexToAddress("0x1"), eth(1))
	env.Deposit(t, common.HexToAddress("0x2"), eth(2))
	w := watcher.New(watcher.Config{Bridge: env.Addrs.Bridge, StartBlock: env.Addrs.BridgeDeployBlock},
		&gapOnce{Client: env.Client}, st, slog.New(slog.DiscardHandler))

	_, err := w.Step(context.Background())
	require.ErrorIs(t, err, watcher.ErrDepositGap)
	last, _ := st.LastDepositID()
	require.Zero(t, last, "nothing stored from the inconsistent answer")
	cur, _ := st.L1Cursor()
	require.Zero(t, cur, "the cursor did not move")

	require.Equal(t, 2, pollAll(t, w))
	last, _ = st.LastDepositID()
	require.Equal(t, uint64(2), last)
}

// noTags is an L1 without block tags (pre-merge): it answers a tag with
// an RPC error.
type noTags struct{ watcher.Client }

type rpcErr struct{}

func (rpcErr) Error() string  { return "safe block not found" }
func (rpcErr) ErrorCode() int { return -32000 }

var _ rpc.Error = rpcErr{}

func (n noTags) HeaderByNumber(ctx context.Context, num *big.Int) (*types.Header, error) {
	if num != nil && num.Sign() < 0 {
		return nil, rpcErr{}
	}
	return n.Client.HeaderByNumber(ctx, num)
}

// downTags fails tag queries as an unreachable L1 does.
type downTags struct{ watcher.Client }

func (n downTags) HeaderByNumber(ctx context.Context, num *big.Int) (*types.Header, error) {
	if num != nil && num.Sign() < 0 {
		return nil, errors.New("dial tcp: connection refused")
	}
	return n.Client.HeaderByNumber(ctx, num)
}

func TestBlockTagsAndTheirFallback(t *testing.T) {
	env := l1test.Start(t, 42, common.Hash{})
	r := env.Deposit(t, common.HexToAddress("0x1"), eth(1)) // waits for the head and safe block
	ctx := context.Background()
	head, err := env.Client.HeaderByNumber(ctx, nil)
	require.NoError(t, err)
	buried := head.Number.Uint64() - r.BlockNumber.Uint64() + 1 // one block short

	newW := func(c watcher.Client, tag string, conf uint64) (*watcher.Watcher, *store.Store) {
		st := openStore(t)
		return watcher.New(watcher.Config{Bridge: env.Addrs.Bridge, StartBlock: env.Addrs.BridgeDeployBlock,
			BlockTag: tag, Confirmations: conf}, c, st, slog.New(slog.DiscardHandler)), st
	}
	t.Run("safe is the head on the dev L1", func(t *testing.T) {
		w, _ := newW(env.Client, "", 1000)
		require.Equal(t, 1, pollAll(t, w))
		followed, tag := w.Followed()
		require.Equal(t, watcher.TagSafe, tag)
		require.GreaterOrEqual(t, followed, r.BlockNumber.Uint64())
	})
	t.Run("finalized lags the dev L1's head", func(t *testing.T) {
		fin, err := env.Client.HeaderByNumber(ctx, big.NewInt(int64(rpc.FinalizedBlockNumber)))
		require.NoError(t, err)
		require.Less(t, fin.Number.Uint64(), r.BlockNumber.Uint64())
		w, _ := newW(env.Client, watcher.TagFinalized, 0)
		require.Equal(t, 0, pollAll(t, w))
		followed, tag := w.Followed()
		require.Equal(t, watcher.TagFinalized, tag)
		require.GreaterOrEqual(t, followed, fin.Number.Uint64())
		require.Less(t, followed, r.BlockNumber.Uint64())
	})
	t.Run("no tags: head minus confirmations", func(t *testing.T) {
		w, _ := newW(noTags{env.Client}, watcher.TagSafe, buried)
		require.Equal(t, 0, pollAll(t, w))
		w, _ = newW(noTags{env.Client}, watcher.TagSafe, buried-1)
		require.Equal(t, 1, pollAll(t, w))
		followed, tag := w.Followed()
		require.Equal(t, watcher.TagLatest, tag, "the head, as the fallback reads it")
		require.GreaterOrEqual(t, followed, head.Number.Uint64())
	})
	t.Run("L1 unreachable is an error, not a fallback", func(t *testing.T) {
		w, st := newW(downTags{env.Client}, watcher.TagSafe, 0)
		_, err := w.Step(ctx)
		require.ErrorContains(t, err, "connection refused")
		last, _ := st.LastDepositID()
		require.Zero(t, last)
		followed, tag := w.Followed()
		require.Zero(t, followed)
		require.Empty(t, tag)
	})
}

// forgetful is an L1 node that no longer has the abandoned chain's blocks
// (another node behind a load balancer, or one restarted since).
type forgetful struct{ watcher.Client }

func (forgetful) HeaderByHash(context.Context, common.Hash) (*types.Header, error) {
	return nil, ethereum.NotFound
}

func TestReorgWithTheOldChainGoneRewindsToTheFinalizedBlock(t *testing.T) {
	env := l1test.Start(t, 42, common.Hash{})
	st := openStore(t)
	alice, bob, carol := common.HexToAddress("0xa11ce"), common.HexToAddress("0xb0b"), common.HexToAddress("0xca401")
	env.Deposit(t, alice, eth(1))
	r2 := env.Deposit(t, bob, eth(2))
	w := watcher.New(watcher.Config{Bridge: env.Addrs.Bridge, StartBlock: env.Addrs.BridgeDeployBlock},
		forgetful{env.Client}, st, slog.New(slog.DiscardHandler))
	require.Equal(t, 2, pollAll(t, w))

	forkBefore(t, env, r2, true)
	env.Deposit(t, carol, eth(3))
	pollAll(t, w)
	require.NoError(t, w.Err())
	d1, err := st.Deposit(1)
	require.NoError(t, err)
	require.Equal(t, alice, d1.To, "read again, unchanged")
	d2, err := st.Deposit(2)
	require.NoError(t, err)
	require.Equal(t, carol, d2.To)
}

func TestReorgWhileTheNodeWasDownIsNoticedAfterRestart(t *testing.T) {
	env := l1test.Start(t, 42, common.Hash{})
	dir := t.TempDir()
	st, err := store.Open(dir)
	require.NoError(t, err)
	r := env.Deposit(t, common.HexToAddress("0xb0b"), eth(2))
	require.Equal(t, 1, pollAll(t, newWatcher(env, st, 0, 1000)))
	require.NoError(t, st.Close())

	forkBefore(t, env, r, true)
	carol := common.HexToAddress("0xca401")
	env.Deposit(t, carol, eth(3))
	st, err = store.Open(dir)
	require.NoError(t, err)
	defer st.Close()
	pollAll(t, newWatcher(env, st, 0, 1000))
	d, err := st.Deposit(1)
	require.NoError(t, err)
	require.Equal(t, carol, d.To, "the stored cursor hash told the new chain from the old")
}
