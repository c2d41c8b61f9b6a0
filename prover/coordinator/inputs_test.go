package coordinator

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/cairn-rollup/cairn/prover/wire"
)

// TestInputReadOnceForEveryRequest: however many times a batch is asked
// for — at once by its prover under several names, by another prover once
// the lease expired — its input is read (and compressed) once.
func TestInputReadOnceForEveryRequest(t *testing.T) {
	h := start(t, 2)
	key := h.key(t, "a")
	var ps []*prover
	for i := range 8 {
		ps = append(ps, h.connectAs(t, key, fmt.Sprintf("a%d", i)))
	}
	for _, p := range ps { // all in flight together
		p.send(&wire.BatchRequest{ProofTypes: []uint8{wire.ProofTypeExec}})
	}
	for _, p := range ps {
		r, ok := p.read().(*wire.BatchResponse)
		require.True(t, ok)
		require.Equal(t, "input-1", string(r.Input))
	}
	h.clock.Advance(leaseTTL)
	require.Equal(t, uint64(1), h.connect(t, "b").requestBatch())
	h.jobs.mu.Lock()
	defer h.jobs.mu.Unlock()
	require.Equal(t, map[uint64]int{1: 1}, h.jobs.reads)
}

// countingLoad is an input source that counts its loads per batch; fail
// makes the next load of a batch fail, block holds loads until closed.
type countingLoad struct {
	mu    sync.Mutex
	loads map[uint64]int
	fail  map[uint64]bool
	block chan struct{}
}

func (l *countingLoad) load(_ context.Context, batch uint64) ([]byte, error) {
	if l.block != nil {
		<-l.block
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.loads[batch]++
	if l.fail[batch] {
		delete(l.fail, batch)
		return nil, errors.New("disk on fire")
	}
	return []byte(fmt.Sprintf("compressed-%d", batch)), nil
}

func TestInputCache(t *testing.T) {
	ctx := context.Background()
	t.Run("bounded, least recently used out", func(t *testing.T) {
		l := &countingLoad{loads: map[uint64]int{}}
		c := newInputCache(l.load)
		for b := uint64(1); b <= inputCacheSize; b++ {
			_, err := c.get(ctx, b)
			require.NoError(t, err)
		}
		_, _ = c.get(ctx, 1)                // 1 is now the most recent
		_, _ = c.get(ctx, inputCacheSize+1) // evicts 2
		_, _ = c.get(ctx, 1)
		_, _ = c.get(ctx, 2)
		require.Equal(t, 1, l.loads[1])
		require.Equal(t, 2, l.loads[2])
		require.LessOrEqual(t, len(c.entries), inputCacheSize)
		require.Len(t, c.recent, len(c.entries))
	})
	t.Run("a failed load is not kept", func(t *testing.T) {
		l := &countingLoad{loads: map[uint64]int{}, fail: map[uint64]bool{1: true}}
		c := newInputCache(l.load)
		_, err := c.get(ctx, 1)
		require.ErrorContains(t, err, "disk on fire")
		got, err := c.get(ctx, 1)
		require.NoError(t, err)
		require.Equal(t, "compressed-1", string(got))
		require.Equal(t, 2, l.loads[1])
	})
	t.Run("concurrent requests share one load", func(t *testing.T) {
		l := &countingLoad{loads: map[uint64]int{}, block: make(chan struct{})}
		c := newInputCache(l.load)
		const n = 8
		got := make(chan string, n)
		for range n {
			go func() {
				b, err := c.get(ctx, 5)
				if err != nil {
					b = []byte(err.Error())
				}
				got <- string(b)
			}()
		}
		close(l.block)
		for range n {
			require.Equal(t, "compressed-5", <-got)
		}
		require.Equal(t, 1, l.loads[5])
	})
}
