// Package harness runs committees of consensus replicas in memory.
//
// Network is deterministic: one goroutine steps every replica, a fake clock
// drives the view timers, and a seeded scheduler drops, delays (per link, by
// Faults.Delay, longer than a view if asked), duplicates, reorders, filters
// and partitions messages per view. Twins (two replicas sharing one key)
// model equivocating validators. A Checker records every final block and
// every vote sent, and reports two different blocks final at one height,
// commit votes of quorum weight for two different blocks at one height
// (CommitOracle: a CommitQC a faulty validator could assemble and keep,
// though no honest replica formed it), or an honest validator signing two
// different commits in a view.
//
// ChanNetwork runs real replica goroutines over in-memory channels on the
// wall clock; Bench measures blocks per second and proposal→commit latency on
// it.
package harness
