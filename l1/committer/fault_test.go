package committer_test

import (
	"context"
	"errors"
	"log/slog"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cairn-rollup/cairn/l1/committer"
	"github.com/cairn-rollup/cairn/l1/l1test"
	"github.com/cairn-rollup/cairn/l1/proposer"
	"github.com/cairn-rollup/cairn/rollup"
	"github.com/cairn-rollup/cairn/store"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/stretchr/testify/require"
)

// flakyL1 refuses every call while down is set.
type flakyL1 struct {
	*proposer.Proposer
	down  atomic.Bool
	calls atomic.Int64
}

var errDown = errors.New("connection refused")

func (f *flakyL1) LastCommitted(ctx context.Context) (uint64, error) {
	f.calls.Add(1)
	if f.down.Load() {
		return 0, errDown
	}
	return f.Proposer.LastCommitted(ctx)
}

func (f *flakyL1) Commit(ctx context.Context, b *rollup.Batch, att [][]byte, payload proposer.Payload) (*types.Receipt, error) {
	if f.down.Load() {
		return nil, errDown
	}
	return f.Proposer.Commit(ctx, b, att, payload)
}

func (f *flakyL1) CommittedHash(ctx context.Context, n uint64) (common.Hash, error) {
	if f.down.Load() {
		return common.Hash{}, errDown
	}
	return f.Proposer.CommittedHash(ctx, n)
}

func TestCommitsResumeAfterAnL1Outage(t *testing.T) {
	_, st, p, _ := setup(t)
	l1 := &flakyL1{Proposer: p}
	l1.down.Store(true)
	c := committer.New(l1, st, chainID, 10*time.Millisecond, nil, slog.New(slog.DiscardHandler)).WithData(l1test.Payloads)
	for _, b := range chainOfBatches(3) {
		require.NoError(t, st.SaveBatch(&store.SealedBatch{Batch: b}, nil))
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); c.Run(ctx) }()

	for l1.calls.Load() < 3 { // retrying, with backoff, while L1 is down
		time.Sleep(5 * time.Millisecond)
	}
	l1.down.Store(false)
	deadline := time.Now().Add(30 * time.Second)
	for {
		last, err := p.LastCommitted(ctx)
		require.NoError(t, err)
		if last == 3 {
			break
		}
		require.True(t, time.Now().Before(deadline), "commits did not resume (last %d)", last)
		time.Sleep(10 * time.Millisecond)
	}
	cancel()
	<-done
}
