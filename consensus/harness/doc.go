// Package harness runs committees of consensus replicas in memory.
//
// Network is deterministic: one goroutine steps every replica, a fake clock
// drives the view timers, and a seeded scheduler drops, delays, duplicates,
// reorders and partitions messages per view. Twins (two replicas sharing one
// key) model equivocating validators. A Checker records every final block and
// every vote, and reports two different blocks final at one height or a
// validator signing two different commits in a view.
//
// ChanNetwork runs real replica goroutines over in-memory channels on the
// wall clock; Bench measures blocks per second and proposal→commit latency on
// it.
package harness
