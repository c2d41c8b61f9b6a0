// Package stepper runs a service that works in steps: it takes the next
// step at once while steps make progress, waits for a wake-up or the check
// interval when there is nothing to do, and after a failure retries with a
// backoff that starts short (no waiting a full period after an RPC hiccup)
// and grows to the interval.
package stepper

import (
	"context"
	"log/slog"
	"time"
)

// Step does one unit of work and reports whether it made progress.
type Step func(ctx context.Context) (progressed bool, err error)

// Run calls step until ctx ends. wake may be nil.
func Run(ctx context.Context, log *slog.Logger, interval time.Duration, wake <-chan struct{}, step Step) {
	const firstBackoff = 100 * time.Millisecond
	backoff := firstBackoff
	for {
		progressed, err := step(ctx)
		if ctx.Err() != nil {
			return
		}
		var wait time.Duration
		switch {
		case err != nil:
			log.Warn("Step failed, retrying", "err", err, "retry_in", backoff)
			wait = backoff
			backoff = min(backoff*2, max(interval, firstBackoff))
		case progressed:
			backoff = firstBackoff
			continue
		default:
			backoff = firstBackoff
			wait = interval
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-wake:
			t.Stop()
		case <-t.C:
		}
	}
}
