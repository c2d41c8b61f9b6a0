package watcher_test

import (
	"context"
	"log/slog"
	"math/big"
	"testing"

	"github.com/cairn-rollup/cairn/l1/l1test"
	"github.com/cairn-rollup/cairn/l1/watcher"
	"github.com/cairn-rollup/cairn/rollup"
	"github.com/cairn-rollup/cairn/store"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/params"
	"github.com/stretchr/testify/require"
)

func eth(n int64) *big.Int { return new(big.Int).Mul(big.NewInt(n), big.NewInt(params.Ether)) }

func newWatcher(env *l1test.Env, st watcher.Store, conf, step uint64) *watcher.Watcher {
	tag := watcher.TagSafe
	if conf > 0 {
		tag = watcher.TagLatest
	}
	return watcher.New(watcher.Config{Bridge: env.Addrs.Bridge, StartBlock: env.Addrs.BridgeDeployBlock,
		MaxBlockStep: step, Confirmations: conf, BlockTag: tag}, env.Client, st, slog.New(slog.DiscardHandler))
}

// pollAll polls until caught up.
func pollAll(t *testing.T, w *watcher.Watcher) int {
	before := w.StoredDeposits()
	for {
		more, err := w.Step(context.Background())
		require.NoError(t, err)
		if !more {
			return int(w.StoredDeposits() - before)
		}
	}
}

func TestDepositsAreStoredInOrderAndMatchTheBridgeHash(t *testing.T) {
	env := l1test.Start(t, 42, common.Hash{})
	st, err := store.Open("")
	require.NoError(t, err)
	defer st.Close()
	alice, bob := common.HexToAddress("0xa11ce"), common.HexToAddress("0xb0b")
	env.Deposit(t, alice, eth(1))
	env.Deposit(t, bob, big.NewInt(params.GWei*3))

	w := newWatcher(env, st, 0, 1)
	require.Equal(t, 2, pollAll(t, w))
	d1, err := st.Deposit(1)
	require.NoError(t, err)
	require.Equal(t, alice, d1.To)
	require.Equal(t, 0, d1.Amount.Cmp(eth(1)))
	d2, err := st.Deposit(2)
	require.NoError(t, err)
	require.Equal(t, bob, d2.To)

	// The rolling hash computed from what the watcher stored equals the bridge's.
	h := rollup.NextDepositHash(rollup.NextDepositHash(common.Hash{}, 1, alice, d1.Amount), 2, bob, d2.Amount)
	onchain := l1test.Call(t, env, env.Addrs.Bridge, bridgeABI.PackDepositHash(big.NewInt(2)), bridgeABI.UnpackDepositHash)
	require.Equal(t, h, common.Hash(onchain))
}

func TestRestartResumesFromTheCursorWithoutDuplicates(t *testing.T) {
	env := l1test.Start(t, 42, common.Hash{})
	dir := t.TempDir()
	st, err := store.Open(dir)
	require.NoError(t, err)
	env.Deposit(t, common.HexToAddress("0x1"), eth(1))
	require.Equal(t, 1, pollAll(t, newWatcher(env, st, 0, 1000)))
	require.NoError(t, st.Close())

	env.Deposit(t, common.HexToAddress("0x2"), eth(2))
	st, err = store.Open(dir)
	require.NoError(t, err)
	defer st.Close()
	// Only the new deposit is new; the cursor kept the first one from being read again.
	require.Equal(t, 1, pollAll(t, newWatcher(env, st, 0, 1000)))
	last, err := st.LastDepositID()
	require.NoError(t, err)
	require.Equal(t, uint64(2), last)
}

func TestConfirmationsHoldBackRecentDeposits(t *testing.T) {
	env := l1test.Start(t, 42, common.Hash{})
	st, err := store.Open("")
	require.NoError(t, err)
	defer st.Close()
	r := env.Deposit(t, common.HexToAddress("0x1"), eth(1))
	head, err := env.Client.BlockNumber(context.Background())
	require.NoError(t, err)
	// Not buried deep enough yet: one block short.
	conf := head - r.BlockNumber.Uint64() + 1
	w := newWatcher(env, st, conf, 1000)
	require.Equal(t, 0, pollAll(t, w))
	// One more L1 block buries it deep enough; the new deposit stays out.
	env.Deposit(t, common.HexToAddress("0x2"), eth(1))
	require.Equal(t, 1, pollAll(t, w))
	last, _ := st.LastDepositID()
	require.Equal(t, uint64(1), last)
}

func TestMalformedDepositLogsAreRefused(t *testing.T) {
	bridge := common.HexToAddress("0xb1")
	good := types.Log{Address: bridge, Topics: []common.Hash{watcher.DepositInitiatedTopic,
		common.BigToHash(big.NewInt(1)), {}, common.BytesToHash([]byte{0xa})}, Data: common.BigToHash(big.NewInt(params.GWei)).Bytes()}
	_, err := watcher.ParseDeposit(&good, bridge)
	require.NoError(t, err)

	cases := map[string]func(l *types.Log){
		"other contract": func(l *types.Log) { l.Address = common.HexToAddress("0xb2") },
		"missing topic":  func(l *types.Log) { l.Topics = l.Topics[:3] },
		"other event":    func(l *types.Log) { l.Topics[0] = common.HexToHash("0x1") },
		"short data":     func(l *types.Log) { l.Data = l.Data[:31] },
		"zero id":        func(l *types.Log) { l.Topics[1] = common.Hash{} },
		"huge id":        func(l *types.Log) { l.Topics[1] = common.HexToHash("0x010000000000000000") },
		"not gwei":       func(l *types.Log) { l.Data = common.BigToHash(big.NewInt(params.GWei + 1)).Bytes() },
		"zero amount":    func(l *types.Log) { l.Data = make([]byte, 32) },
	}
	for name, mutate := range cases {
		l := good
		l.Topics = append([]common.Hash(nil), good.Topics...)
		mutate(&l)
		_, err := watcher.ParseDeposit(&l, bridge)
		require.Error(t, err, name)
	}
}
