package node

import (
	"github.com/cairn-rollup/cairn/attest"
	"github.com/cairn-rollup/cairn/clock"
	"github.com/cairn-rollup/cairn/consensus"
	"github.com/cairn-rollup/cairn/rollup"
)

// Option adjusts a node for tests and benchmarks.
type Option func(*options)

// options are the hooks the Options set; the zero value is a production
// node.
type options struct {
	clock               clock.Clock
	wrapEngine          func(consensus.Engine) consensus.Engine
	wrapAttesterBatches func(attest.Batches) attest.Batches
	observeConsensus    func(consensus.Signed)
	wrapPublisher       func(rollup.Publisher) rollup.Publisher
}

// WithClock makes the node's block production and proposal checks read c
// instead of the wall clock (a test chain that runs faster than real time).
func WithClock(c clock.Clock) Option { return func(o *options) { o.clock = c } }

// WithEngine wraps the engine the validator's replica drives (a test can
// make a byzantine leader).
func WithEngine(wrap func(consensus.Engine) consensus.Engine) Option {
	return func(o *options) { o.wrapEngine = wrap }
}

// WithConsensusObserver calls observe with every consensus message this
// node reads from another validator, as it came off the network: decoded,
// its signer checked to be the sending peer, its BLS signature not yet
// verified (the replica verifies votes in aggregate). A test can watch what
// a validator signed, as the others saw it. observe runs on the network's
// goroutines and must return quickly.
func WithConsensusObserver(observe func(consensus.Signed)) Option {
	return func(o *options) { o.observeConsensus = observe }
}

// WithAttesterBatches changes the batches this node's attester signs (a
// test can make an attester whose execution disagrees).
func WithAttesterBatches(wrap func(attest.Batches) attest.Batches) Option {
	return func(o *options) { o.wrapAttesterBatches = wrap }
}

// WithPublisher changes how this node's sealer encodes batch data and
// commits to it (a test can make an operator publish data that is not its
// batch's).
func WithPublisher(wrap func(rollup.Publisher) rollup.Publisher) Option {
	return func(o *options) { o.wrapPublisher = wrap }
}
