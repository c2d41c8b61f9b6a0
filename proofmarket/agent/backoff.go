package agent

import "time"

// backoff is a delay that doubles with every failure in a row, from base up
// to max, and starts over after a success.
type backoff struct {
	base, max time.Duration
	failures  int
}

// fail counts a failure and returns the delay before the next attempt.
func (b *backoff) fail() time.Duration {
	d := b.base
	for i := 0; i < b.failures && d < b.max; i++ {
		d *= 2
	}
	b.failures++
	return min(d, b.max)
}

// reset starts over after a success.
func (b *backoff) reset() { b.failures = 0 }
