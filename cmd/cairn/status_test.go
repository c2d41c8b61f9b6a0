package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// statusRun drives printStatus with a fake ticker: ticks at the given
// offsets from a fixed time, then ctx is cancelled. It returns what was
// written; status n reads "status n".
func statusRun(t *testing.T, terminal bool, offsets ...time.Duration) string {
	t.Helper()
	var out bytes.Buffer
	ctx, cancel := context.WithCancel(context.Background())
	tick := make(chan time.Time)
	done := make(chan error, 1)
	n := 0
	go func() {
		done <- printStatus(ctx, &out, terminal, tick, nil, func() string { n++; return fmt.Sprintf("status %d", n) })
	}()
	start := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	for _, off := range offsets {
		tick <- start.Add(off) // unbuffered: the loop has handled the tick before
	}
	cancel()
	require.NoError(t, <-done)
	return out.String()
}

// Off a terminal every status is a whole timestamped line, one per
// statusEvery, and nothing rewrites a line.
func TestStatusOffATerminalIsOneLinePerInterval(t *testing.T) {
	var ticks []time.Duration
	for s := 0; s <= 25; s++ {
		ticks = append(ticks, time.Duration(s)*time.Second)
	}
	out := statusRun(t, false, ticks...)
	require.NotContains(t, out, "\r")
	require.True(t, strings.HasSuffix(out, "\n"), "%q", out)
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	require.Equal(t, []string{"03:04:05 status 1", "03:04:15 status 2", "03:04:25 status 3", "stopping…"}, lines)
}

// On a terminal each tick rewrites the one status line; stopping ends it.
func TestStatusOnATerminalRewritesOneLine(t *testing.T) {
	out := statusRun(t, true, 0, time.Second, 2*time.Second)
	require.Equal(t, "\rstatus 1   \rstatus 2   \rstatus 3   \nstopping…\n", out)
}

// A node that fails ends the loop with its error.
func TestStatusStopsOnANodeError(t *testing.T) {
	errs := make(chan error, 1)
	errs <- errors.New("sequencer: boom")
	var out bytes.Buffer
	err := printStatus(context.Background(), &out, false, nil, errs, func() string { return "status" })
	require.EqualError(t, err, "sequencer: boom")
	require.Empty(t, out.String())
}
