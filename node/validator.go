package node

import (
	"context"
	"fmt"

	"github.com/cairn-rollup/cairn/consensus"
)

// The validator role: a ChonkyBFT replica with this node's BLS key, whose
// engine is the sequencer. It is the only path by which blocks are made; a
// chain of one validator is the committee of one.

type validator struct {
	replica *consensus.Replica
}

// startValidator runs the replica over transport.
func (n *Node) startValidator(runCtx context.Context, transport consensus.Transport) error {
	cons := n.genesis.Consensus
	var engine consensus.Engine = n.seq
	if n.wrapEngine != nil {
		engine = n.wrapEngine(engine)
	}
	r, err := consensus.NewReplica(consensus.Config{
		Key: n.secrets.Validator, Engine: engine, Transport: transport,
		ViewTimeout: cons.ViewTimeout(), MaxPayloadSize: int(cons.MaxPayloadSize),
		Logger: n.log.With("service", "consensus"),
	})
	if err != nil {
		return fmt.Errorf("validator: %w", err)
	}
	n.validator = &validator{replica: r}
	n.run("consensus", func() error { return r.Run(runCtx) })
	return nil
}
