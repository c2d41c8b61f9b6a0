// Package agenttest runs proving networks that misbehave on purpose, for
// the tests of the proof submitter's fallbacks (the end-to-end market
// tests run them in the devnet through devnet.Market.NewAgent). It is
// test code: nothing in production imports it.
//
// A Network is the production agent (proofmarket/agent) for the requests
// it is Honest with; it takes the others out of the logs the agent reads
// and acts on them itself, between the agent's rounds, from the same key:
//
//   - Refuse acknowledges a request with accept = false;
//   - Silent never acknowledges it;
//   - Lazy accepts it (whatever the capacity) and never submits a proof;
//   - Invalid accepts it and submits at once a well-formed exec proof that
//     does not verify: signed by a key no ExecVerifier allows.
package agenttest

import (
	"context"
	"crypto/ecdsa"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/cairn-rollup/cairn/l1/bindings"
	"github.com/cairn-rollup/cairn/l1/txmgr"
	"github.com/cairn-rollup/cairn/proofmarket/agent"
	"github.com/cairn-rollup/cairn/prover/exec"
)

// Behaviour says how a network treats a request assigned to it.
type Behaviour int

const (
	// Honest leaves the request to the production agent.
	Honest Behaviour = iota
	// Refuse refuses the request.
	Refuse
	// Silent never acknowledges the request.
	Silent
	// Lazy commits to the request and never submits a proof.
	Lazy
	// Invalid commits and submits a proof that does not verify.
	Invalid
)

var behaviourNames = [...]string{Honest: "honest", Refuse: "refuse", Silent: "silent", Lazy: "lazy", Invalid: "invalid"}

func (b Behaviour) String() string {
	if b < 0 || int(b) >= len(behaviourNames) {
		return fmt.Sprintf("Behaviour(%d)", int(b))
	}
	return behaviourNames[b]
}

// Network is a proving network that behaves towards each request as its
// choose function says. Run drives it.
type Network struct {
	honest     *agent.Agent
	cfg        agent.Config
	l1         agent.Client
	key        *ecdsa.PrivateKey
	invalidKey *ecdsa.PrivateKey // signs the proofs of Invalid
	choose     func(batch uint64) Behaviour
	log        *slog.Logger
	pm         *bindings.ProofManager
	txs        *txmgr.Manager // made on the first round: it needs the L1 chain id

	mu    sync.Mutex // guards taken and queue, written while the agent reads logs
	taken map[[2]common.Hash]bool
	queue []*request // taken from the agent, not acted on yet
}

// request is a request the network misbehaves on.
type request struct {
	id        bindings.ProofManagerProofRequestIdentifier
	behaviour Behaviour
	committed bool // Invalid: acknowledged, the proof still to submit
}

// New returns a network acting for cfg.Network with key, as agent.New
// does, that behaves towards the request of each batch as choose says.
func New(cfg agent.Config, l1 agent.Client, key *ecdsa.PrivateKey, prover agent.Prover, log *slog.Logger,
	choose func(batch uint64) Behaviour) (*Network, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	from := crypto.PubkeyToAddress(key.PublicKey)
	invalidKey, err := crypto.ToECDSA(crypto.Keccak256([]byte("cairn invalid proving network"), from.Bytes()))
	if err != nil {
		return nil, fmt.Errorf("misbehaving network: derive the invalid-proof key: %w", err)
	}
	n := &Network{cfg: cfg, l1: l1, key: key, invalidKey: invalidKey, choose: choose, pm: bindings.NewProofManager(),
		log: log.With("network", agent.NetworkName(cfg.Network), "misbehaving", true), taken: map[[2]common.Hash]bool{}}
	if n.honest, err = agent.New(cfg, hiding{Client: l1, n: n}, key, prover, log); err != nil {
		return nil, err
	}
	return n, nil
}

// Run runs the agent's rounds and the network's own until ctx ends; it
// returns nil then, or agent.ErrWrongKey.
func (n *Network) Run(ctx context.Context) error {
	poll := n.cfg.PollInterval
	if poll <= 0 {
		poll = agent.DefaultPollInterval
	}
	for {
		if err := n.Step(ctx); errors.Is(err, agent.ErrWrongKey) {
			return err
		} else if err != nil && ctx.Err() == nil {
			n.log.Warn("Misbehaving network round failed, retrying", "err", err)
		}
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(poll):
		}
	}
}

// Step runs one round of the agent, then acts on the requests taken from
// it: the transactions of the two never overlap.
func (n *Network) Step(ctx context.Context) error {
	err := n.honest.Step(ctx)
	if errors.Is(err, agent.ErrWrongKey) {
		return err
	}
	return errors.Join(err, n.misbehave(ctx))
}

// take takes a request out of the agent's logs when the network
// misbehaves on it; a log it cannot read stays for the agent.
func (n *Network) take(l *types.Log) bool {
	if l.Removed {
		return false
	}
	ev, err := n.pm.UnpackProofRequestSubmittedEvent(l)
	if err != nil || ev.ChainId == nil || ev.BatchNumber == nil || !ev.BatchNumber.IsUint64() || ev.AssignedTo != n.cfg.Network {
		return false
	}
	b := n.choose(ev.BatchNumber.Uint64())
	if b == Honest {
		return false
	}
	k := [2]common.Hash{common.BigToHash(ev.ChainId), common.BigToHash(ev.BatchNumber)}
	n.mu.Lock()
	defer n.mu.Unlock()
	if !n.taken[k] {
		n.taken[k] = true
		n.queue = append(n.queue, &request{id: bindings.ProofManagerProofRequestIdentifier{ChainId: ev.ChainId, BatchNumber: ev.BatchNumber}, behaviour: b})
	}
	return true
}

// misbehave acts on the requests taken, in order; a request whose
// transaction failed for another reason than L1 refusing it is tried again
// next round.
func (n *Network) misbehave(ctx context.Context) error {
	if n.txs == nil {
		txs, err := txmgr.New(ctx, txmgr.Config{PollInterval: min(n.cfg.PollInterval, 200*time.Millisecond)}, n.l1, n.key, n.log)
		if err != nil {
			return err
		}
		n.txs = txs
	}
	n.mu.Lock()
	queue := n.queue
	n.mu.Unlock()
	done := 0
	defer func() {
		n.mu.Lock()
		n.queue = n.queue[done:]
		n.mu.Unlock()
	}()
	for _, r := range queue {
		err := n.act(ctx, r)
		if errors.Is(err, txmgr.ErrReverted) {
			n.log.Warn("Misbehaviour refused by the ProofManager", "batch", r.id.BatchNumber, "behaviour", r.behaviour, "err", err)
		} else if err != nil {
			return err
		}
		done++
	}
	return nil
}

// act sends the transactions of a request's misbehaviour.
func (n *Network) act(ctx context.Context, r *request) error {
	switch r.behaviour {
	case Refuse:
		return n.send(ctx, "refuse proof request", n.pm.PackAcknowledgeProofRequest(r.id, false))
	case Lazy:
		return n.send(ctx, "acknowledge proof request (lazy)", n.pm.PackAcknowledgeProofRequest(r.id, true))
	case Invalid:
		if !r.committed {
			if err := n.send(ctx, "acknowledge proof request (invalid)", n.pm.PackAcknowledgeProofRequest(r.id, true)); err != nil {
				return err
			}
			r.committed = true
		}
		hash := crypto.Keccak256Hash(common.BigToHash(r.id.ChainId).Bytes(), common.BigToHash(r.id.BatchNumber).Bytes())
		proof := exec.Sign(n.invalidKey, exec.Domain{}, hash)
		return n.send(ctx, "submit an invalid proof", n.pm.PackSubmitProof(r.id, proof, n.cfg.Price))
	}
	return nil // Silent
}

func (n *Network) send(ctx context.Context, what string, data []byte) error {
	_, err := n.txs.Send(ctx, what, n.cfg.ProofManager, data)
	if err == nil {
		n.log.Info("Misbehaved", "what", what)
	}
	return err
}

// hiding is the agent's L1 without the requests the network takes.
type hiding struct {
	agent.Client
	n *Network
}

func (h hiding) FilterLogs(ctx context.Context, q ethereum.FilterQuery) ([]types.Log, error) {
	logs, err := h.Client.FilterLogs(ctx, q)
	if err != nil {
		return nil, err
	}
	kept := make([]types.Log, 0, len(logs))
	for i := range logs {
		if !h.n.take(&logs[i]) {
			kept = append(kept, logs[i])
		}
	}
	return kept, nil
}
