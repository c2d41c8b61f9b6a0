// Package stepper runs a service that works in steps: it takes the next
// step at once while steps make progress, waits for a wake-up or the check
// interval when there is nothing to do, and after a failure retries with a
// backoff that starts short (no waiting a full period after an RPC hiccup)
// and grows to the interval. An L1 outage is logged as package outage
// says: one Warn line when L1 goes away, Debug with the backoff while it
// is down, one Info line when it is back; any other failure is a Warn
// line each time.
package stepper

import (
	"context"
	"log/slog"
	"time"

	"github.com/cairn-rollup/cairn/l1/outage"
)

// Step does one unit of work and reports whether it made progress.
type Step func(ctx context.Context) (progressed bool, err error)

// Run calls step until ctx ends, with a Reporter of its own for L1
// outages. wake may be nil.
func Run(ctx context.Context, log *slog.Logger, interval time.Duration, wake <-chan struct{}, step Step) {
	RunReporting(ctx, log, nil, interval, wake, step)
}

// RunReporting is Run reporting L1 outages to rep, which loops of one node
// may share; nil is a Reporter of the loop's own.
func RunReporting(ctx context.Context, log *slog.Logger, rep *outage.Reporter, interval time.Duration, wake <-chan struct{}, step Step) {
	if rep == nil {
		rep = outage.New(log, nil)
	}
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
			if !rep.Failed(err, backoff) {
				log.Warn("Step failed, retrying", "err", err, "retry_in", backoff)
			}
			wait = backoff
			backoff = min(backoff*2, max(interval, firstBackoff))
		case progressed:
			rep.OK()
			backoff = firstBackoff
			continue
		default:
			rep.OK()
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
