package watcher_test

import (
	"context"
	"errors"
	"log/slog"
	"math/big"
	"testing"

	"github.com/cairn-rollup/cairn/l1/l1test"
	"github.com/cairn-rollup/cairn/l1/watcher"
	"github.com/cairn-rollup/cairn/store"
	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/stretchr/testify/require"
)

// shortL1 leaves deposit drop out of its first log answer that holds it,
// as a provider that caps results or drops logs.
type shortL1 struct {
	watcher.Client
	drop    uint64
	dropped bool
}

func (s *shortL1) FilterLogs(ctx context.Context, q ethereum.FilterQuery) ([]types.Log, error) {
	logs, err := s.Client.FilterLogs(ctx, q)
	if err != nil || s.dropped {
		return logs, err
	}
	out := logs[:0:0]
	for _, l := range logs {
		if new(big.Int).SetBytes(l.Topics[1][:]).Uint64() == s.drop {
			s.dropped = true
			continue
		}
		out = append(out, l)
	}
	return out, nil
}

// A short log answer moves the cursor past a deposit; the gap it leaves
// shows at the next deposit, and the watcher then reads again from the
// last deposit it holds, so that every deposit is stored, in order.
func TestWatcherRecoversDepositsAShortAnswerLeftOut(t *testing.T) {
	env := l1test.Start(t, 42, common.Hash{})
	st, err := store.Open("")
	require.NoError(t, err)
	defer st.Close()
	for i := int64(1); i <= 4; i++ {
		env.Deposit(t, common.BigToAddress(big.NewInt(i)), eth(i))
	}
	l1 := &shortL1{Client: env.Client, drop: 2}
	w := watcher.New(watcher.Config{Bridge: env.Addrs.Bridge, StartBlock: env.Addrs.BridgeDeployBlock,
		MaxBlockStep: 1}, l1, st, slog.New(slog.DiscardHandler))
	gaps := 0
	for i := 0; i < 200; i++ {
		more, err := w.Step(context.Background())
		if errors.Is(err, watcher.ErrDepositGap) {
			gaps++
			continue
		}
		require.NoError(t, err)
		if !more {
			break
		}
	}
	require.True(t, l1.dropped, "the fake L1 left a deposit out")
	require.Equal(t, 1, gaps, "one gap, then the watcher read the missing deposit again")
	last, err := st.LastDepositID()
	require.NoError(t, err)
	require.Equal(t, uint64(4), last)
	for i := uint64(1); i <= 4; i++ {
		d, err := st.Deposit(i)
		require.NoError(t, err)
		require.Equal(t, common.BigToAddress(new(big.Int).SetUint64(i)), d.To, "deposit %d", i)
		require.Equal(t, 0, d.Amount.Cmp(eth(int64(i))), "deposit %d", i)
	}
}
