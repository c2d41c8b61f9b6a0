package node

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"net"
	"time"

	"github.com/cairn-rollup/cairn/config"
	"github.com/cairn-rollup/cairn/l1/committer"
	"github.com/cairn-rollup/cairn/l1/proofsender"
	"github.com/cairn-rollup/cairn/proofmarket/submitter"
	"github.com/cairn-rollup/cairn/prover/coordinator"
	"github.com/cairn-rollup/cairn/store"
	"github.com/ethereum/go-ethereum/common"
)

// The operator role runs on the one node that holds the L1 keys: it
// commits sealed batches, sends verify transactions with proofs, offers
// batches to the proof market, and serves the prover coordinator.

// startOperator starts the operator's services; sealed is signalled when
// the batcher stores a batch.
func (n *Node) startOperator(ctx, runCtx context.Context, sealed <-chan struct{}) error {
	verifier := &execVerifier{store: n.store, l1: n.l1, verifier: n.genesis.Contracts.ExecVerifier,
		l1ChainID: n.genesis.L1ChainID, chainID: n.genesis.L2ChainID()}
	work := &jobs{store: n.store, inputs: func(ctx context.Context, batch uint64) ([]byte, error) {
		return n.batches.batcher.ProverInput(ctx, batch, n.engine)
	}}
	var sub *submitter.Submitter
	if n.cfg.ProofManager.Enabled && n.genesis.Contracts.ProofManager != (common.Address{}) {
		var err error
		if sub, err = n.startMarket(verifier); err != nil {
			return err
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
		ccfg := coordinator.DefaultConfig()
		ccfg.ListenAddr = n.cfg.ProverServer.ListenAddr
		ccfg.ChainID = n.genesis.L2ChainID()
		ccfg.Genesis = n.genesis.Hash()
		ccfg.LeaseTimeout = n.cfg.ProverServer.LeaseTimeout.Duration
		ccfg.RetryAfter = n.cfg.ProverServer.RetryAfter.Duration
		ccfg.HandshakeTimeout = n.cfg.ProverServer.HandshakeTimeout.Duration
		ccfg.IdleTimeout = n.cfg.ProverServer.IdleTimeout.Duration
		n.coord = coordinator.New(ccfg, work, verifier, n.log.With("service", "coordinator"))
		if err := n.coord.Start(ctx); err != nil {
			if le := listenError("prover coordinator", ccfg.ListenAddr, "prover_server.listen_addr", err); le != nil {
				return le
			}
			return fmt.Errorf("prover coordinator on %s: %w (set prover_server.listen_addr)", ccfg.ListenAddr, err)
		}
	}
	if n.cfg.Committer.Enabled {
		c := committer.New(n.proposer, n.store, n.genesis.L2ChainID(), n.cfg.Committer.CheckInterval.Duration,
			sealed, n.log.With("service", "committer")).WithCertificates(n.certificates())
		n.committer = c
		n.run("committer", func() error { c.Run(runCtx); return nil })
	}
	if n.cfg.ProofSender.Enabled {
		s := proofsender.New(n.proposer, n.store, n.cfg.ProofSender.CheckInterval.Duration, nil, n.log.With("service", "proofsender"))
		n.run("proofsender", func() error { s.Run(runCtx); return nil })
	}
	if sub != nil {
		n.run("submitter", func() error { sub.Run(runCtx); return nil })
	}
	return nil
}

// startMarket serves prover inputs over HTTP and builds the proof
// submitter.
func (n *Node) startMarket(v submitter.Verifier) (*submitter.Submitter, error) {
	pm := n.cfg.ProofManager
	ln, err := net.Listen("tcp", pm.InputsListenAddr)
	if err != nil {
		if le := listenError("prover inputs server", pm.InputsListenAddr, "proof_manager.inputs_listen_addr", err); le != nil {
			return nil, le
		}
		return nil, fmt.Errorf("prover inputs server on %s: %w", pm.InputsListenAddr, err)
	}
	n.inputs = submitter.NewInputsServer(submitter.InputsConfig{}, n.genesis.L2ChainID(), n.store, n.log.With("service", "inputs"))
	n.wg.Add(1)
	go func() {
		defer n.wg.Done()
		if err := n.inputs.Serve(ln); err != nil {
			n.log.Error("Prover inputs server stopped", "err", err)
		}
	}()
	n.inputsURL = pm.InputsPublicURL
	if n.inputsURL == "" {
		n.inputsURL = "http://" + ln.Addr().String()
	}
	maxReward := new(big.Int).Mul(new(big.Int).SetUint64(pm.MaxRewardUSDC), big.NewInt(1_000_000))
	return submitter.New(submitter.Config{
		ProofManager: n.genesis.Contracts.ProofManager, L2ChainID: n.genesis.L2ChainID(), InputsURL: n.inputsURL,
		TimeoutAfter: uint64(pm.TimeoutAfter.Duration / time.Second), MaxReward: maxReward,
		Protocol: [3]uint32{config.ProtocolVersion, 0, 0}, StartBlock: n.genesis.Contracts.ProofManagerDeployBlock,
		CheckInterval: pm.CheckInterval.Duration,
	}, n.l1, n.sender, n.proposer, v, n.store, n.log.With("service", "submitter")), nil
}
