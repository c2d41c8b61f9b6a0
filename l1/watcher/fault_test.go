package watcher_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"math/big"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cairn-rollup/cairn/l1/l1test"
	"github.com/cairn-rollup/cairn/l1/watcher"
	"github.com/cairn-rollup/cairn/store"
	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/stretchr/testify/require"
)

// flakyL1 fails every call while down is set, as an L1 node that went away.
type flakyL1 struct {
	watcher.Client
	down  atomic.Bool
	calls atomic.Int64
}

var errDown = errors.New("connection refused")

func (f *flakyL1) HeaderByNumber(ctx context.Context, n *big.Int) (*types.Header, error) {
	f.calls.Add(1)
	if f.down.Load() {
		return nil, errDown
	}
	return f.Client.HeaderByNumber(ctx, n)
}

func (f *flakyL1) FilterLogs(ctx context.Context, q ethereum.FilterQuery) ([]types.Log, error) {
	f.calls.Add(1)
	if f.down.Load() {
		return nil, errDown
	}
	return f.Client.FilterLogs(ctx, q)
}

// logSink is a log buffer safe for the watcher and the test.
type logSink struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *logSink) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *logSink) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// The watcher rides out an L1 outage, and logs it as two lines: a Warn
// when L1 goes away, an Info when it is back.
func TestWatcherRidesOutAnL1Outage(t *testing.T) {
	env := l1test.Start(t, 42, common.Hash{})
	st, err := store.Open("")
	require.NoError(t, err)
	defer st.Close()
	l1 := &flakyL1{Client: env.Client}
	l1.down.Store(true)
	logs := &logSink{}
	w := watcher.New(watcher.Config{Bridge: env.Addrs.Bridge, StartBlock: env.Addrs.BridgeDeployBlock,
		CheckInterval: 10 * time.Millisecond}, l1, st, slog.New(slog.NewTextHandler(logs, nil)))
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- w.Run(ctx) }()

	env.Deposit(t, common.HexToAddress("0x1"), eth(1))
	// The watcher keeps trying while L1 is down, and stores nothing.
	for l1.calls.Load() < 5 {
		time.Sleep(5 * time.Millisecond)
	}
	last, err := st.LastDepositID()
	require.NoError(t, err)
	require.Zero(t, last)

	l1.down.Store(false)
	deadline := time.Now().Add(30 * time.Second)
	for last == 0 {
		require.True(t, time.Now().Before(deadline), "deposit not seen after L1 came back")
		time.Sleep(10 * time.Millisecond)
		last, err = st.LastDepositID()
		require.NoError(t, err)
	}
	require.Equal(t, uint64(1), last)
	cancel()
	require.NoError(t, <-done, "the watcher stops cleanly")
	out := logs.String()
	require.Equal(t, 1, strings.Count(out, "level=WARN"), out)
	require.Equal(t, 1, strings.Count(out, `level=WARN msg="L1 unreachable`), out)
	require.Equal(t, 1, strings.Count(out, `level=INFO msg="L1 reachable again"`), out)
}
