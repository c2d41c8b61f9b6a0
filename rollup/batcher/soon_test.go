package batcher

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/cairn-rollup/cairn/store"
	"github.com/stretchr/testify/require"
)

// Block sync hands runs of blocks with CatchUpSoon: Run seals them in the
// background, the same batches CatchUp seals.
func TestCatchUpSoonSealsInTheBackground(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	straight := memStore(t)
	background := memStore(t)

	want := newBatcher(t, straight)
	b := newBatcher(t, background)
	sealedC := b.Subscribe()
	done := make(chan struct{})
	go func() { b.Run(ctx); close(done) }()
	for n := uint64(1); n <= 9; n++ {
		addBlock(t, straight, n)
		require.NoError(t, want.CatchUp(ctx))
		addBlock(t, background, n)
		require.NoError(t, b.CatchUpSoon(ctx, n))
	}
	for {
		if last, err := background.LastSealed(); err == nil && last == 3 {
			break
		}
		select {
		case <-sealedC:
		case <-time.After(10 * time.Second):
			t.Fatal("Run sealed no batch after CatchUpSoon")
		}
	}
	require.Equal(t, sealed(t, straight), sealed(t, background))
	cancel()
	<-done // Run ends with its context
}

// Without Run, or with Run behind, CatchUpSoon seals at once when the
// sealer is MaxLag blocks behind: the blocks waiting in memory are bounded.
func TestCatchUpSoonCatchesUpAtOnceWhenFarBehind(t *testing.T) {
	ctx := context.Background()
	st := memStore(t)
	b := newBatcher(t, st)
	addBlock(t, st, 1)
	require.NoError(t, b.CatchUp(ctx))      // the sealer's position is known from here
	for n := uint64(2); n < 2+MaxLag; n++ { // the sealer waits at block 2
		addBlock(t, st, n)
		require.NoError(t, b.CatchUpSoon(ctx, n))
	}
	last, err := st.LastSealed()
	require.NoError(t, err)
	require.Zero(t, last, "within MaxLag nothing is sealed without Run")

	addBlock(t, st, 2+MaxLag)
	require.NoError(t, b.CatchUpSoon(ctx, 2+MaxLag))
	last, err = st.LastSealed()
	require.NoError(t, err)
	require.Equal(t, uint64((2+MaxLag)/3), last, "MaxLag behind: every full batch sealed at once")
}

// A failed background catch-up is tried again.
func TestRunRetriesAFailedCatchUp(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	st := memStore(t)
	flaky := &failOnce{Store: st}
	b := newBatcher(t, flaky)
	sealedC := b.Subscribe()
	go b.Run(ctx)
	for n := uint64(1); n <= 3; n++ {
		addBlock(t, st, n)
	}
	require.NoError(t, b.CatchUpSoon(ctx, 3))
	select {
	case <-sealedC:
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not retry the failed catch-up")
	}
	require.True(t, flaky.failed)
}

// failOnce fails its first LastBlock.
type failOnce struct {
	*store.Store
	failed bool
}

func (f *failOnce) LastBlock() (uint64, error) {
	if !f.failed {
		f.failed = true
		return 0, errors.New("disk on fire")
	}
	return f.Store.LastBlock()
}
