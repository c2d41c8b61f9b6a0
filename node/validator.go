package node

import (
	"github.com/cairn-rollup/cairn/consensus"
)

// The validator role, with a validator key: a ChonkyBFT replica with this
// node's BLS key, whose engine is the sequencer. It is the only path by
// which blocks are made; a chain of one validator is the committee of one.

type validator struct {
	replica *consensus.Replica
	svc     *services
}

// startValidator runs the replica over transport, with engine (the
// sequencer) as its engine. It returns nil on a node without a validator
// key.
func (n *Node) startValidator(engine consensus.Engine, transport consensus.Transport) (*validator, error) {
	if n.keys.Secrets.Validator == nil {
		return nil, nil
	}
	if n.opts.wrapEngine != nil {
		engine = n.opts.wrapEngine(engine)
	}
	cons := n.genesis.Consensus
	r, err := consensus.NewReplica(consensus.Config{
		Key: n.keys.Secrets.Validator, Engine: engine, Transport: transport,
		ViewTimeout: cons.ViewTimeout(), MaxPayloadSize: int(cons.MaxPayloadSize),
		Logger: n.log.With("service", "consensus"),
	})
	if err != nil {
		return nil, err
	}
	svc := n.newServices()
	svc.run("consensus", r.Run)
	return &validator{replica: r, svc: svc}, nil
}

func (v *validator) stop() {
	if v != nil {
		v.svc.stop()
	}
}
