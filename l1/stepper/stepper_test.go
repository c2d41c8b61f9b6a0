package stepper

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// syncBuffer is a log sink safe for the loop and the test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

// lines are the logged lines at Info or above.
func (s *syncBuffer) lines() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for _, l := range strings.Split(strings.TrimSpace(s.b.String()), "\n") {
		if l != "" && !strings.Contains(l, "level=DEBUG") {
			out = append(out, l)
		}
	}
	return out
}

// runSteps runs steps (one error each, nil a success) in a loop, then
// waits for the loop to end.
func runSteps(t *testing.T, steps []error) []string {
	t.Helper()
	buf := &syncBuffer{}
	log := slog.New(slog.NewTextHandler(buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan struct{})
	i := 0
	go func() {
		defer close(done)
		Run(ctx, log, time.Millisecond, nil, func(context.Context) (bool, error) {
			if i == len(steps) {
				cancel()
				return false, nil
			}
			i++
			return false, steps[i-1]
		})
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("the loop did not end")
	}
	return buf.lines()
}

// An L1 outage through the stepper is two lines: it went away, it is back.
func TestStepperLogsAnOutageOnce(t *testing.T) {
	refused := fmt.Errorf("L1 head: %w", syscall.ECONNREFUSED)
	lines := runSteps(t, []error{refused, refused, refused, refused, nil})
	require.Len(t, lines, 2, "%s", strings.Join(lines, "\n"))
	require.Contains(t, lines[0], `level=WARN msg="L1 unreachable`)
	require.Contains(t, lines[0], "connection refused")
	require.Contains(t, lines[1], `level=INFO msg="L1 reachable again"`)
	require.Contains(t, lines[1], "down_for=")
}

// Any other failure is a Warn line each time.
func TestStepperLogsOtherFailures(t *testing.T) {
	bad := errors.New("execution reverted")
	lines := runSteps(t, []error{bad, bad, nil})
	require.Len(t, lines, 2)
	for _, l := range lines {
		require.Contains(t, l, `level=WARN msg="Step failed, retrying"`)
	}
}
