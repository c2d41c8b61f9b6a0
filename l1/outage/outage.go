// Package outage logs L1 outages as an operator wants to read them: one
// Warn line when L1 becomes unreachable (with the error), Debug lines
// while it stays down (with the backoff), and one Info line when it is
// back (with how long it was down). Every loop that talks to L1 reports
// its attempts to a Reporter: the stepper's services (committer, proof
// sender, block tags, attester, Proof Manager submitter), the L1 watcher
// and the proving-network agent.
package outage

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/url"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/cairn-rollup/cairn/clock"
	"github.com/ethereum/go-ethereum/rpc"
)

// Settle is how long after L1 is back a failure does not open a new
// outage: with loops sharing a Reporter, a call in flight when L1 came
// back may still fail, and that is not L1 going away again.
const Settle = 2 * time.Second

// Reporter follows whether L1 answers one loop (or several sharing it).
// Its methods are safe for concurrent use.
type Reporter struct {
	log   *slog.Logger
	clock clock.Clock

	mu       sync.Mutex
	down     bool
	since    time.Time // when the outage began
	failures int       // failed attempts in the outage
	back     time.Time // when the last outage ended
	lastErr  error     // the last error reported, outage or not
	lastAt   time.Time
}

// New returns a Reporter that logs on log; clk nil is the wall clock.
func New(log *slog.Logger, clk clock.Clock) *Reporter {
	return &Reporter{log: log, clock: clock.Or(clk)}
}

// Failed reports an attempt that failed with err, tried again in retryIn.
// When err says L1 is unreachable it logs the outage (Warn for its first
// failure, Debug for the others) and returns true. Any other error is the
// caller's to log: Failed returns false and logs nothing. Either is kept
// as LastError.
func (r *Reporter) Failed(err error, retryIn time.Duration) bool {
	if err == nil {
		return false
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	now := r.clock.Now()
	r.lastErr, r.lastAt = err, now
	if !Unreachable(err) {
		return false
	}
	if !r.down && !r.back.IsZero() && now.Sub(r.back) < Settle {
		r.log.Debug("L1 call failed just after L1 came back", "err", err, "retry_in", retryIn)
		return true
	}
	r.failures++
	if !r.down {
		r.down, r.since = true, now
		r.log.Warn("L1 unreachable, retrying with backoff until it is back", "err", err, "retry_in", retryIn)
		return true
	}
	r.log.Debug("L1 still unreachable", "err", err, "retry_in", retryIn,
		"down_for", now.Sub(r.since), "failures", r.failures)
	return true
}

// LastError is the last error a loop reported to Failed and when (nil if
// none since start), kept after L1 is back: the status page shows it.
func (r *Reporter) LastError() (error, time.Time) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.lastErr, r.lastAt
}

// OK reports an attempt that reached L1: after an outage it logs that L1
// is back and for how long it was down.
func (r *Reporter) OK() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if !r.down {
		return
	}
	r.back = r.clock.Now()
	r.log.Info("L1 reachable again", "down_for", r.back.Sub(r.since), "failures", r.failures)
	r.down, r.failures = false, 0
}

// Down reports whether the last report was an outage.
func (r *Reporter) Down() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.down
}

// unreachableText are the texts of connection failures in errors that
// reached the caller flattened (wrapped with %v, or across a process).
var unreachableText = []string{"connection refused", "connection reset", "broken pipe", "no such host",
	"i/o timeout", "network is unreachable", "EOF", "server closed idle connection"}

// Unreachable reports whether err says that L1 did not answer: a
// connection refused, reset or dropped, a name that does not resolve, a
// timeout, or an HTTP gateway error (status 5xx) in front of it. An error
// L1 answered with (a revert, a bad nonce) is not one.
func Unreachable(err error) bool {
	if err == nil {
		return false
	}
	var (
		ue *url.Error
		ne net.Error
		he rpc.HTTPError
	)
	switch {
	case errors.As(err, &ue), errors.As(err, &ne):
		return true
	case errors.As(err, &he):
		return he.StatusCode >= 500
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, context.DeadlineExceeded),
		errors.Is(err, syscall.ECONNREFUSED), errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EPIPE):
		return true
	}
	s := err.Error()
	for _, t := range unreachableText {
		if strings.Contains(s, t) {
			return true
		}
	}
	return false
}
