package coordinator

import (
	"sync"
	"time"

	"github.com/cairn-rollup/cairn/clock"
)

type leaseKey struct {
	batch     uint64
	proofType uint8
}

type lease struct {
	prover string
	expiry time.Time
}

// leases records which batch is reserved for which prover until when.
type leases struct {
	clock clock.Clock

	mu sync.Mutex
	m  map[leaseKey]lease
}

func newLeases(c clock.Clock) *leases {
	return &leases{clock: c, m: make(map[leaseKey]lease)}
}

// count is the number of leases (live or not yet swept) of proofType.
func (l *leases) count(proofType uint8) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := 0
	for k := range l.m {
		if k.proofType == proofType {
			n++
		}
	}
	return n
}

// acquire leases to prover the first batch of pending (ascending) that no
// other prover holds an unexpired lease on. If prover already holds a live
// lease on one of pending, the lowest such is returned unchanged instead.
func (l *leases) acquire(pending []uint64, proofType uint8, prover string, ttl time.Duration) (uint64, time.Time, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.clock.Now()
	l.sweep(now)
	free := -1
	for i, b := range pending {
		ls, held := l.m[leaseKey{b, proofType}]
		if held && ls.prover == prover {
			return b, ls.expiry, true
		}
		if !held && free < 0 {
			free = i
		}
	}
	if free < 0 {
		return 0, time.Time{}, false
	}
	b := pending[free]
	expiry := now.Add(ttl)
	l.m[leaseKey{b, proofType}] = lease{prover: prover, expiry: expiry}
	return b, expiry, true
}

// release drops prover's lease on batch, if it holds it.
func (l *leases) release(batch uint64, proofType uint8, prover string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	k := leaseKey{batch, proofType}
	if ls, ok := l.m[k]; ok && ls.prover == prover {
		delete(l.m, k)
	}
}

// releaseAfterRefusal frees batch after a refused proof so it is handed out
// again at once — unless another prover holds a live lease on it, whose work
// a stranger's bad proof must not cut short.
func (l *leases) releaseAfterRefusal(batch uint64, proofType uint8, prover string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	k := leaseKey{batch, proofType}
	ls, ok := l.m[k]
	if !ok {
		return
	}
	if ls.prover == prover || !l.clock.Now().Before(ls.expiry) {
		delete(l.m, k)
	}
}

// keep (re)leases batch to prover for ttl from now while a proof of it
// waits to be checked, unless another prover holds a live lease on it.
func (l *leases) keep(batch uint64, proofType uint8, prover string, ttl time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	k := leaseKey{batch, proofType}
	now := l.clock.Now()
	if ls, ok := l.m[k]; ok && ls.prover != prover && now.Before(ls.expiry) {
		return
	}
	l.m[k] = lease{prover: prover, expiry: now.Add(ttl)}
}

// holder returns who holds a live lease on batch, if anyone.
func (l *leases) holder(batch uint64, proofType uint8) (string, time.Time, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	ls, ok := l.m[leaseKey{batch, proofType}]
	if !ok || !l.clock.Now().Before(ls.expiry) {
		return "", time.Time{}, false
	}
	return ls.prover, ls.expiry, true
}

// done forgets batch's lease once a proof of proofType is stored.
func (l *leases) done(batch uint64, proofType uint8) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.m, leaseKey{batch, proofType})
}

// sweep drops expired leases; callers hold mu.
func (l *leases) sweep(now time.Time) {
	for k, ls := range l.m {
		if !now.Before(ls.expiry) {
			delete(l.m, k)
		}
	}
}
