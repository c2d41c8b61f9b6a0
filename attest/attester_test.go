package attest_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/stretchr/testify/require"

	"github.com/cairn-rollup/cairn/attest"
)

// depositsL1 answers depositHash with zero (no deposits) unless down.
type depositsL1 struct {
	*fakeL1
	mu   sync.Mutex
	fail bool
}

func (d *depositsL1) DepositHash(context.Context, uint64) (common.Hash, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.fail {
		return common.Hash{}, errors.New("L1 down")
	}
	return common.Hash{}, nil
}

func TestAttesterRetriesThroughAnL1OutageAndSkipsBatchesWithoutCommittee(t *testing.T) {
	ks := newKeys(t, 1)
	l1 := &depositsL1{fakeL1: &fakeL1{}}
	h := newHarness(t, "", l1.fakeL1)
	bs := batchChain(t, h.st, 1, 3)
	l1.set(ks.committee(t, 2, 1)) // batch 1 has no committee
	signer, err := attest.NewSigner(ks[0], domain)
	require.NoError(t, err)
	var published []uint64
	a := attest.NewAttester(signer, h.st, l1, h.pool, func(_ context.Context, v attest.Vote) error {
		published = append(published, v.BatchNumber)
		return errors.New("no peers") // a failing network is logged, not fatal
	}, time.Second, nil, slog.New(slog.DiscardHandler))
	ctx := context.Background()

	progressed, err := a.Step(ctx)
	require.NoError(t, err)
	require.True(t, progressed)
	require.Empty(t, published, "batch 1: no committee, nothing published")

	l1.mu.Lock()
	l1.fail = true
	l1.mu.Unlock()
	progressed, err = a.Step(ctx)
	require.ErrorContains(t, err, "L1 down")
	require.False(t, progressed)
	require.Empty(t, published)
	l1.mu.Lock()
	l1.fail = false
	l1.mu.Unlock()

	for i := 0; i < 2; i++ {
		progressed, err = a.Step(ctx)
		require.NoError(t, err)
		require.True(t, progressed)
	}
	require.Equal(t, []uint64{2, 3}, published, "batch 2 signed after the outage, then 3")
	for _, b := range bs[1:] {
		require.NotNil(t, h.cert(b.Number), "a committee of one: its own vote certifies")
	}
	progressed, err = a.Step(ctx)
	require.NoError(t, err)
	require.False(t, progressed)

	// Run stops with its context.
	runCtx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { defer close(done); a.Run(runCtx) }()
	cancel()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not stop")
	}
}

// A committee set on L1 after the attester signed a batch: the attester
// signs the waiting batch again and its vote certifies it.
func TestAttesterSignsAgainForACommitteeSetLater(t *testing.T) {
	ks := newKeys(t, 2)
	l1 := &depositsL1{fakeL1: &fakeL1{}}
	h := newHarness(t, "", l1.fakeL1)
	batchChain(t, h.st, 1, 1)
	var published []uint64
	attesters := make([]*attest.Attester, len(ks))
	for i, k := range ks {
		signer, err := attest.NewSigner(k, domain)
		require.NoError(t, err)
		attesters[i] = attest.NewAttester(signer, h.st, l1, h.pool, func(_ context.Context, v attest.Vote) error {
			published = append(published, v.BatchNumber)
			return nil
		}, time.Second, nil, slog.New(slog.DiscardHandler))
	}
	ctx := context.Background()
	for _, a := range attesters {
		progressed, err := a.Step(ctx)
		require.NoError(t, err)
		require.True(t, progressed)
	}
	require.Empty(t, published, "no committee yet")

	l1.set(ks.committee(t, 1, 1))
	h.clock.Advance(attest.DefaultCommitteeTTL + time.Second)
	for _, a := range attesters {
		progressed, err := a.Step(ctx)
		require.NoError(t, err)
		require.False(t, progressed, "nothing new sealed")
	}
	require.Equal(t, []uint64{1, 1}, published)
	require.NotNil(t, h.cert(1))
	for _, a := range attesters {
		_, err := a.Step(ctx)
		require.NoError(t, err)
	}
	require.Len(t, published, 2, "a certified batch is not signed again")
}

// An attester that fell behind does not sign the batches L1 committed
// meanwhile: it jumps to the first one L1 has not.
func TestAttesterSkipsBatchesL1Committed(t *testing.T) {
	ks := newKeys(t, 1)
	l1 := &depositsL1{fakeL1: &fakeL1{}}
	l1.set(ks.committee(t, 1, 1))
	h := newHarness(t, "", l1.fakeL1)
	batchChain(t, h.st, 1, 1)
	signer, err := attest.NewSigner(ks[0], domain)
	require.NoError(t, err)
	var published []uint64
	a := attest.NewAttester(signer, h.st, l1, h.pool, func(_ context.Context, v attest.Vote) error {
		published = append(published, v.BatchNumber)
		return nil
	}, time.Second, nil, slog.New(slog.DiscardHandler))
	ctx := context.Background()
	progressed, err := a.Step(ctx)
	require.NoError(t, err)
	require.True(t, progressed)
	require.Equal(t, []uint64{1}, published)

	// Batches 2..12 are sealed while the attester is away and L1 commits up to 10.
	batchChain(t, h.st, 2, 11)
	l1.mu.Lock()
	l1.lastCommitted = 10
	l1.mu.Unlock()
	for {
		progressed, err := a.Step(ctx)
		require.NoError(t, err)
		if !progressed {
			break
		}
	}
	require.Equal(t, []uint64{1, 11, 12}, published, "batches 2..10 are committed: not signed")
	require.NotNil(t, h.cert(11))
	require.NotNil(t, h.cert(12))
}

// An attester whose key is on no committee (a full node's) says so once
// at Info, not once a batch, and says again when its key signs.
func TestAttesterSaysOnceThatItsKeyIsNotOnTheCommittee(t *testing.T) {
	ks := newKeys(t, 2)
	l1 := &depositsL1{fakeL1: &fakeL1{}}
	h := newHarness(t, "", l1.fakeL1)
	batchChain(t, h.st, 1, 3)
	l1.set(ks[1:].committee(t, 1, 1))
	signer, err := attest.NewSigner(ks[0], domain)
	require.NoError(t, err)
	var buf bytes.Buffer
	log := slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelInfo}))
	a := attest.NewAttester(signer, h.st, l1, h.pool, nil, time.Second, nil, log)
	ctx := context.Background()
	for i := 0; i < 2; i++ {
		_, err := a.Step(ctx)
		require.NoError(t, err)
	}
	require.Equal(t, 1, strings.Count(buf.String(), "not on the committee"), buf.String())
	l1.set(ks.committee(t, 1, 1))
	h.clock.Advance(attest.DefaultCommitteeTTL + time.Second)
	_, err = a.Step(ctx)
	require.NoError(t, err)
	require.Equal(t, 1, strings.Count(buf.String(), "signs again"), buf.String())
}
