package execution

import (
	"sync/atomic"
	"time"
)

// Stages is the wall time the engine spent in each part of the block path
// since it started, summed over calls (concurrent calls add up, so a stage
// can exceed the elapsed time). Benchmarks divide them by the transactions
// included to split a node's cost per transaction.
type Stages struct {
	Admission time.Duration // adding transactions to the txpool (RPC and gossip)
	Build     time.Duration // BuildBlock
	Import    time.Duration // ImportBlock and InsertBlock, witnesses included
	Head      time.Duration // SetHead: the head move, the database sync and the txpool reset
}

type stageClock struct {
	admission, build, imp, head atomic.Int64
}

// since adds the time since start to c.
func since(c *atomic.Int64, start time.Time) { c.Add(int64(time.Since(start))) }

// Stages returns the time spent in each stage so far.
func (e *Geth) Stages() Stages {
	return Stages{
		Admission: time.Duration(e.stages.admission.Load()),
		Build:     time.Duration(e.stages.build.Load()),
		Import:    time.Duration(e.stages.imp.Load()),
		Head:      time.Duration(e.stages.head.Load()),
	}
}
