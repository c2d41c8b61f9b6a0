package coordinator

import (
	"sync"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/cairn-rollup/cairn/clock"
)

type leaseKey struct {
	batch     uint64
	proofType uint8
}

type lease struct {
	prover common.Address
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
// other prover holds an unexpired lease on. A prover holds one lease at a
// time: while it has a live one, acquire returns that batch unchanged
// (held), whether or not it is among pending, and leases nothing else; if
// the lease is of another proof type, nothing (ok false).
func (l *leases) acquire(pending []uint64, proofType uint8, prover common.Address, ttl time.Duration) (batch uint64, expiry time.Time, held, ok bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.clock.Now()
	l.sweep(now)
	if k, ls, found := l.heldBy(prover); found {
		return k.batch, ls.expiry, true, k.proofType == proofType
	}
	for _, b := range pending {
		if _, taken := l.m[leaseKey{b, proofType}]; !taken {
			expiry := now.Add(ttl)
			l.m[leaseKey{b, proofType}] = lease{prover: prover, expiry: expiry}
			return b, expiry, false, true
		}
	}
	return 0, time.Time{}, false, false
}

// heldBy returns prover's live lease; callers hold mu and swept.
func (l *leases) heldBy(prover common.Address) (leaseKey, lease, bool) {
	for k, ls := range l.m {
		if ls.prover == prover {
			return k, ls, true
		}
	}
	return leaseKey{}, lease{}, false
}

// release drops prover's lease on batch, if it holds it.
func (l *leases) release(batch uint64, proofType uint8, prover common.Address) {
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
func (l *leases) releaseAfterRefusal(batch uint64, proofType uint8, prover common.Address) {
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
// waits to be checked, unless another prover holds a live lease on it or
// prover holds one on another batch (one lease per prover).
func (l *leases) keep(batch uint64, proofType uint8, prover common.Address, ttl time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	k := leaseKey{batch, proofType}
	now := l.clock.Now()
	l.sweep(now)
	if ls, ok := l.m[k]; ok && ls.prover != prover {
		return
	}
	if mine, _, ok := l.heldBy(prover); ok && mine != k {
		return
	}
	l.m[k] = lease{prover: prover, expiry: now.Add(ttl)}
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
