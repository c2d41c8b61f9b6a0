package harness

import (
	"context"
	"testing"
	"time"

	"github.com/cairn-rollup/cairn/consensus"
	"github.com/stretchr/testify/require"
)

// slowEngine blocks in ProposePayload until given a token or cancelled.
type slowEngine struct {
	*MemEngine
	release chan struct{}
	asked   chan uint64
}

func (e *slowEngine) ProposePayload(ctx context.Context, number uint64) ([]byte, error) {
	e.asked <- number
	select {
	case <-e.release:
		return e.MemEngine.ProposePayload(ctx, number)
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// Under Run, the replica keeps its goroutine free while the engine builds a
// payload, finalizes once it is built, and returns with no goroutine left
// when its context ends, even with a payload still being built.
func TestRunBuildsPayloadAsEventAndStops(t *testing.T) {
	s := setupFor(t, 1)
	k := s.Keys[0]
	net := NewChanNetwork([]consensus.PublicKey{k.Public()})
	eng := &slowEngine{MemEngine: NewMemEngine(s.Genesis, 0, nil), release: make(chan struct{}), asked: make(chan uint64, 16)}
	r, err := consensus.NewReplica(consensus.Config{Key: k, Engine: eng, Transport: net.Transport(k.Public()), ViewTimeout: time.Hour})
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	netDone, runDone := make(chan struct{}), make(chan error, 1)
	go func() { net.Run(ctx); close(netDone) }()
	go func() { runDone <- r.Run(ctx) }()

	require.Equal(t, uint64(0), <-eng.asked)
	eng.release <- struct{}{} // block 0 built
	require.Equal(t, uint64(1), <-eng.asked)
	require.Eventually(t, func() bool { return eng.Height() >= 1 }, 10*time.Second, time.Millisecond)
	cancel() // block 1 never gets built: cancel mid-build
	require.NoError(t, <-runDone)
	<-netDone
}
