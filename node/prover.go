package node

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"net"
	"sync"
	"time"

	"github.com/cairn-rollup/cairn/config"
	"github.com/cairn-rollup/cairn/l1/bindings"
	"github.com/cairn-rollup/cairn/proofmarket/submitter"
	"github.com/cairn-rollup/cairn/prover/coordinator"
	"github.com/cairn-rollup/cairn/prover/exec"
	"github.com/cairn-rollup/cairn/prover/wire"
	"github.com/cairn-rollup/cairn/rollup/batcher"
	"github.com/cairn-rollup/cairn/store"
	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
)

// The prover role runs on the node with the L1 operator key, beside the
// operator: it offers sealed batches to the proof market, serving their
// inputs over HTTP, and serves the prover coordinator, where the internal
// provers take the batches the market gave up (or all of them without a
// market). Proofs go to the store, where the proof sender takes them.

type prover struct {
	coord     *coordinator.Coordinator // nil with the prover server off
	inputs    *submitter.InputsServer  // nil with the proof market off
	inputsURL string
	svc       *services
}

// startProver starts the proof market's submitter and inputs server and
// the prover coordinator; b builds the inputs of batches stored without
// one. It returns nil on a node without the operator key.
func (n *Node) startProver(ctx context.Context, b *batcher.Batcher) (_ *prover, err error) {
	if n.keys.Operator == nil {
		return nil, nil
	}
	p := &prover{svc: n.newServices()}
	defer func() {
		if err != nil {
			p.stop()
		}
	}()
	verifier := &execVerifier{store: n.store, l1: n.l1, verifier: n.genesis.Contracts.ExecVerifier,
		l1ChainID: n.genesis.L1ChainID, chainID: n.genesis.L2ChainID()}
	work := &jobs{store: n.store, inputs: func(ctx context.Context, batch uint64) ([]byte, error) {
		return b.ProverInput(ctx, batch, n.engine)
	}}
	var sub *submitter.Submitter
	if n.cfg.ProofManager.Enabled && n.genesis.Contracts.ProofManager != (common.Address{}) {
		if sub, err = n.startMarket(p, verifier); err != nil {
			return nil, err
		}
		// Batches go to the internal prover only once the market gave them up.
		work.released = func(b uint64) (bool, error) {
			mr, err := n.store.MarketRequest(b)
			if errors.Is(err, store.ErrNotFound) {
				return false, nil
			}
			return err == nil && mr.Fallback, err
		}
	}
	if n.cfg.ProverServer.Enabled {
		if p.coord, err = n.startCoordinator(ctx, work, verifier); err != nil {
			return nil, err
		}
	}
	if sub != nil {
		p.svc.run("submitter", func(ctx context.Context) error { sub.Run(ctx); return nil })
	}
	return p, nil
}

// startMarket serves prover inputs over HTTP, among p's services, and
// builds the proof submitter.
func (n *Node) startMarket(p *prover, v submitter.Verifier) (*submitter.Submitter, error) {
	pm := n.cfg.ProofManager
	ln, err := net.Listen("tcp", pm.InputsListenAddr)
	if err != nil {
		if le := listenError("prover inputs server", pm.InputsListenAddr, "proof_manager.inputs_listen_addr", err); le != nil {
			return nil, le
		}
		return nil, fmt.Errorf("prover inputs server on %s: %w", pm.InputsListenAddr, err)
	}
	srv := submitter.NewInputsServer(submitter.InputsConfig{}, n.genesis.L2ChainID(), n.store, n.log.With("service", "inputs"))
	p.inputs = srv
	p.svc.run("inputs", func(context.Context) error {
		if err := srv.Serve(ln); err != nil {
			n.log.Error("Prover inputs server stopped", "err", err)
		}
		return nil
	})
	p.inputsURL = pm.InputsPublicURL
	if p.inputsURL == "" {
		p.inputsURL = "http://" + ln.Addr().String()
	}
	maxReward := new(big.Int).Mul(new(big.Int).SetUint64(pm.MaxRewardUSDC), big.NewInt(1_000_000))
	return submitter.New(submitter.Config{
		ProofManager: n.genesis.Contracts.ProofManager, L2ChainID: n.genesis.L2ChainID(), InputsURL: p.inputsURL,
		TimeoutAfter: uint64(pm.TimeoutAfter.Duration / time.Second), MaxReward: maxReward,
		Protocol: [3]uint32{config.ProtocolVersion, 0, 0}, StartBlock: n.genesis.Contracts.ProofManagerDeployBlock,
		CheckInterval: pm.CheckInterval.Duration, From: n.proofSenderAddress(),
	}, n.l1, n.proofSender, n.proposer, v, n.store, n.log.With("service", "submitter")).ReportOutagesTo(n.l1Outages), nil
}

// proofSenderAddress is the address of the key that sends verify and
// Proof Manager transactions: the proof sender key, else the operator key.
func (n *Node) proofSenderAddress() common.Address {
	k := n.keys.ProofSender
	if k == nil {
		k = n.keys.Operator
	}
	return crypto.PubkeyToAddress(k.PublicKey)
}

// startCoordinator serves the prover coordinator.
func (n *Node) startCoordinator(ctx context.Context, work coordinator.Jobs, v coordinator.Verifier) (*coordinator.Coordinator, error) {
	ps := n.cfg.ProverServer
	ccfg := coordinator.Config{}
	ccfg.ListenAddr = ps.ListenAddr
	ccfg.ChainID = n.genesis.L2ChainID()
	ccfg.Genesis = n.genesis.Hash()
	ccfg.LeaseTimeout = ps.LeaseTimeout.Duration
	ccfg.RetryAfter = ps.RetryAfter.Duration
	ccfg.HandshakeTimeout = ps.HandshakeTimeout.Duration
	ccfg.IdleTimeout = ps.IdleTimeout.Duration
	for _, a := range ps.AllowedProvers {
		ccfg.AllowedProvers = append(ccfg.AllowedProvers, common.HexToAddress(a))
	}
	c := coordinator.New(ccfg, work, v, n.log.With("service", "coordinator"))
	if err := c.Start(ctx); err != nil {
		if le := listenError("prover coordinator", ccfg.ListenAddr, "prover_server.listen_addr", err); le != nil {
			return nil, le
		}
		return nil, fmt.Errorf("prover coordinator on %s: %w (set prover_server.listen_addr)", ccfg.ListenAddr, err)
	}
	return c, nil
}

// stop ends the submitter, closes the coordinator and the inputs server,
// and waits for them.
func (p *prover) stop() {
	if p == nil {
		return
	}
	p.svc.cancel()
	if p.coord != nil {
		_ = p.coord.Close()
	}
	if p.inputs != nil {
		_ = p.inputs.Close()
	}
	p.svc.wait()
}

// jobs serves the coordinator from the store: sealed batches without a
// proof, their inputs, and first-write-wins proof storage.
type jobs struct {
	store *store.Store
	// released, when set, says whether a batch may go to the internal
	// prover (the proof market holds the others).
	released func(batch uint64) (bool, error)
	// inputs builds the prover input of a batch stored without one.
	inputs func(ctx context.Context, batch uint64) ([]byte, error)
	mu     sync.Mutex
	from   map[uint8]uint64 // lowest batch that may lack a proof, per type
}

func (j *jobs) Pending(_ context.Context, proofType uint8, limit int) ([]uint64, error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.from == nil {
		j.from = map[uint8]uint64{}
	}
	last, err := j.store.LastSealed()
	if err != nil {
		return nil, err
	}
	from := max(j.from[proofType], 1)
	var out []uint64
	for n := from; n <= last && len(out) < limit; n++ {
		_, err := j.store.Proof(n, proofType)
		switch {
		case err == nil:
			if n == from {
				from++
			}
		case errors.Is(err, store.ErrNotFound):
			if j.released != nil {
				ok, err := j.released(n)
				if err != nil {
					return nil, err
				}
				if !ok {
					continue
				}
			}
			out = append(out, n)
		default:
			return nil, err
		}
	}
	j.from[proofType] = from
	return out, nil
}

func (j *jobs) HasProof(_ context.Context, batch uint64, proofType uint8) (bool, error) {
	_, err := j.store.Proof(batch, proofType)
	if errors.Is(err, store.ErrNotFound) {
		return false, nil
	}
	return err == nil, err
}

func (j *jobs) Input(ctx context.Context, batch uint64) ([]byte, error) {
	in, err := j.store.ProverInput(batch)
	if errors.Is(err, store.ErrNotFound) && j.inputs != nil {
		// Sealed before this node proved: build it now.
		return j.inputs(ctx, batch)
	}
	return in, err
}

func (j *jobs) SaveProof(_ context.Context, batch uint64, proofType uint8, proof []byte) (bool, error) {
	return j.store.SaveProof(batch, proofType, proof)
}

// execVerifier checks an exec proof the way L1 will: it recovers the signer
// over the batch's public inputs in the ExecVerifier's EIP-712 domain for a
// clear refusal, then asks the ExecVerifier contract itself, so the
// allow-list and the domain have one source of truth.
type execVerifier struct {
	store     *store.Store
	l1        ethereum.ContractCaller
	verifier  common.Address
	l1ChainID uint64
	chainID   uint64
}

func (v *execVerifier) VerifyProof(ctx context.Context, batch uint64, proofType uint8, proof []byte) error {
	if proofType != wire.ProofTypeExec {
		return fmt.Errorf("proof type %d is not served", proofType)
	}
	sb, err := v.store.Batch(batch)
	if err != nil {
		return err
	}
	pih := sb.Batch.PublicInputsHash(v.chainID)
	signer, err := exec.Recover(exec.Domain{L1ChainID: v.l1ChainID, Verifier: v.verifier}, pih, proof)
	if err != nil {
		return fmt.Errorf("batch %d: %w", batch, err)
	}
	abi := bindings.NewExecVerifier()
	out, err := v.l1.CallContract(ctx, ethereum.CallMsg{To: &v.verifier, Data: abi.PackVerify(pih, proof)}, nil)
	if err != nil {
		// L1 did not answer: the proof is not wrong, it cannot be checked now.
		return fmt.Errorf("%w: ask ExecVerifier on L1: %w", coordinator.ErrUnavailable, err)
	}
	ok, err := abi.UnpackVerify(out)
	if err != nil {
		return fmt.Errorf("ExecVerifier answer: %w", err)
	}
	if !ok {
		return fmt.Errorf("batch %d: signer %s is not an allow-listed prover, or the proof is over other public inputs or for another L1 or ExecVerifier", batch, signer)
	}
	return nil
}

// IsProver asks the ExecVerifier whether prover is on its allow-list.
func (v *execVerifier) IsProver(ctx context.Context, prover common.Address) (bool, error) {
	abi := bindings.NewExecVerifier()
	out, err := v.l1.CallContract(ctx, ethereum.CallMsg{To: &v.verifier, Data: abi.PackIsProver(prover)}, nil)
	if err != nil {
		return false, fmt.Errorf("ask ExecVerifier on L1: %w", err)
	}
	return abi.UnpackIsProver(out)
}
