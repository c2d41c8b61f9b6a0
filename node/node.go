package node

import (
	"context"
	"crypto/ecdsa"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"net"
	"net/http"
	"path/filepath"
	"sync"
	"time"

	"github.com/cairn-rollup/cairn/config"
	"github.com/cairn-rollup/cairn/execution"
	"github.com/cairn-rollup/cairn/l1/committer"
	"github.com/cairn-rollup/cairn/l1/proofsender"
	"github.com/cairn-rollup/cairn/l1/proposer"
	"github.com/cairn-rollup/cairn/l1/txmgr"
	"github.com/cairn-rollup/cairn/l1/watcher"
	"github.com/cairn-rollup/cairn/proofmarket/submitter"
	"github.com/cairn-rollup/cairn/prover/coordinator"
	"github.com/cairn-rollup/cairn/rollup/batcher"
	cairnrpc "github.com/cairn-rollup/cairn/rpc"
	"github.com/cairn-rollup/cairn/sequencer"
	"github.com/cairn-rollup/cairn/store"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/ethereum/go-ethereum/params"
	"github.com/ethereum/go-ethereum/rpc"
)

// Node is a running Cairn sequencer node.
type Node struct {
	cfg      config.Config
	genesis  *config.Genesis
	operator *ecdsa.PrivateKey
	log      *slog.Logger

	store       *store.Store
	engine      *execution.Engine
	l1          *ethclient.Client
	proposer    *proposer.Proposer
	sender      proposer.Sender // the operator's transaction manager; nil without an operator key
	inputs      *http.Server
	inputsURL   string
	metrics     *http.Server
	metricsAddr string
	seq         *sequencer.Sequencer
	batcher     *batcher.Batcher
	watcher     *watcher.Watcher
	coord       *coordinator.Coordinator

	cancel context.CancelFunc
	wg     sync.WaitGroup
	errs   chan error
}

// New opens the node's store and geth and connects to L1, without starting
// any service. operator may be nil: then the node neither commits nor
// verifies batches.
func New(ctx context.Context, cfg config.Config, gen *config.Genesis, operator *ecdsa.PrivateKey, log *slog.Logger) (n *Node, err error) {
	n = &Node{cfg: cfg, genesis: gen, operator: operator, log: log, errs: make(chan error, 8)}
	defer func() {
		if err != nil {
			n.closeResources()
		}
	}()
	if n.store, err = store.Open(filepath.Join(cfg.Node.DataDir, "cairn")); err != nil {
		return nil, err
	}
	if err = n.store.CheckGenesis(gen.Hash()); err != nil {
		return nil, err
	}
	if n.l1, err = ethclient.DialContext(ctx, cfg.L1.RPCURL); err != nil {
		return nil, fmt.Errorf("L1 %s: %w", cfg.L1.RPCURL, err)
	}
	id, err := n.l1.ChainID(ctx)
	if err != nil {
		return nil, fmt.Errorf("L1 %s: chain id: %w (is the L1 node running?)", cfg.L1.RPCURL, err)
	}
	if id.Uint64() != gen.L1ChainID {
		return nil, fmt.Errorf("L1 %s has chain id %d but the genesis says %d", cfg.L1.RPCURL, id, gen.L1ChainID)
	}
	var sender proposer.Sender
	if operator != nil {
		tm, err := txmgr.New(ctx, txmgr.Config{ResubmitAfter: cfg.L1.ResubmitAfter.Duration, FeeBumpPercent: cfg.L1.FeeBumpPercent,
			MaxFeePerGas: new(big.Int).Mul(new(big.Int).SetUint64(cfg.L1.MaxFeeGwei), big.NewInt(params.GWei))}, n.l1, operator, log.With("service", "txmgr"))
		if err != nil {
			return nil, err
		}
		sender = tm
	}
	n.sender = sender
	n.proposer = proposer.New(gen.Contracts.OnChainProposer, n.l1, sender)
	if n.engine, err = execution.New(execution.Config{DataDir: filepath.Join(cfg.Node.DataDir, "geth"), HTTPAddr: cfg.RPC.HTTPAddr,
		Genesis: gen.L2}, log.With("service", "geth")); err != nil {
		return nil, err
	}
	n.engine.RegisterAPIs([]rpc.API{{Namespace: "cairn", Service: cairnrpc.New(n.store, n.proposer, gen.L2ChainID())}})
	return n, nil
}

// Start starts geth and every service. A service that fails later reports
// on Err.
func (n *Node) Start(ctx context.Context) error {
	if err := n.engine.Start(); err != nil {
		return fmt.Errorf("start geth: %w", err)
	}
	genesisBlock := n.engine.BlockByNumber(0)
	if genesisBlock == nil || genesisBlock.Hash() != n.genesis.L2.ToBlock().Hash() {
		return errors.New("geth's genesis block differs from the genesis file: use another --data-dir")
	}
	var err error
	if n.batcher, err = batcher.New(n.store, n.engine.ChainConfig(), n.genesis.Batcher, genesisBlock.Header(), n.log.With("service", "batcher")); err != nil {
		return err
	}
	sealedForCommitter := n.batcher.Subscribe()

	var fee common.Address
	if n.cfg.Sequencer.FeeRecipient != "" {
		fee = common.HexToAddress(n.cfg.Sequencer.FeeRecipient)
	}
	n.seq = sequencer.New(sequencer.Config{BlockTime: n.cfg.Sequencer.BlockTime.Duration, MaxDepositsPerBlock: n.cfg.Sequencer.MaxDepositsPerBlock,
		FeeRecipient: fee}, n.engine, n.store, n.batcher, genesisBlock, n.log.With("service", "sequencer"))
	if err := n.seq.Recover(ctx); err != nil {
		return fmt.Errorf("recover chain from the store: %w", err)
	}

	n.watcher = watcher.New(watcher.Config{Bridge: n.genesis.Contracts.Bridge, StartBlock: n.genesis.Contracts.BridgeDeployBlock,
		CheckInterval: n.cfg.Watcher.CheckInterval.Duration, MaxBlockStep: n.cfg.Watcher.MaxBlockStep,
		Confirmations: n.cfg.Watcher.Confirmations}, n.l1, n.store, n.log.With("service", "watcher"))

	verifier := &execVerifier{store: n.store, l1: n.l1, verifier: n.genesis.Contracts.ExecVerifier,
		l1ChainID: n.genesis.L1ChainID, chainID: n.genesis.L2ChainID()}
	work := &jobs{store: n.store}
	var sub *submitter.Submitter
	if n.cfg.ProofManager.Enabled && n.genesis.Contracts.ProofManager != (common.Address{}) && n.sender != nil {
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
		n.coord = coordinator.New(ccfg, work, verifier, n.log.With("service", "coordinator"))
		if err := n.coord.Start(ctx); err != nil {
			return fmt.Errorf("prover coordinator on %s: %w", ccfg.ListenAddr, err)
		}
	}

	runCtx, cancel := context.WithCancel(context.Background())
	n.cancel = cancel
	n.run("watcher", func() error { return n.watcher.Run(runCtx) })
	n.run("sequencer", func() error { return n.seq.Run(runCtx) })
	if n.operator != nil && n.cfg.Committer.Enabled {
		c := committer.New(n.proposer, n.store, n.genesis.L2ChainID(), n.cfg.Committer.CheckInterval.Duration,
			sealedForCommitter, n.log.With("service", "committer"))
		n.run("committer", func() error { c.Run(runCtx); return nil })
	}
	if n.operator != nil && n.cfg.ProofSender.Enabled {
		s := proofsender.New(n.proposer, n.store, n.cfg.ProofSender.CheckInterval.Duration, nil, n.log.With("service", "proofsender"))
		n.run("proofsender", func() error { s.Run(runCtx); return nil })
	}
	if sub != nil {
		n.run("submitter", func() error { sub.Run(runCtx); return nil })
	}
	if addr := n.cfg.Metrics.ListenAddr; addr != "" {
		if err := n.startMetrics(addr); err != nil {
			return fmt.Errorf("metrics server on %s: %w", addr, err)
		}
	}
	n.log.Info("node started", "rpc", n.engine.HTTPEndpoint(), "l2ChainId", n.genesis.L2ChainID(),
		"genesis", n.genesis.Hash(), "head", n.seq.Head().NumberU64())
	return nil
}

func (n *Node) run(name string, f func() error) {
	n.wg.Add(1)
	go func() {
		defer n.wg.Done()
		if err := f(); err != nil {
			n.log.Error("service stopped", "service", name, "err", err)
			select {
			case n.errs <- fmt.Errorf("%s: %w", name, err):
			default:
			}
		}
	}()
}

// startMarket serves prover inputs over HTTP and builds the proof
// submitter.
func (n *Node) startMarket(v submitter.Verifier) (*submitter.Submitter, error) {
	pm := n.cfg.ProofManager
	ln, err := net.Listen("tcp", pm.InputsListenAddr)
	if err != nil {
		return nil, fmt.Errorf("prover inputs server on %s: %w", pm.InputsListenAddr, err)
	}
	mux := http.NewServeMux()
	mux.Handle("/proof-inputs/", submitter.InputsHandler(n.genesis.L2ChainID(), n.store))
	n.inputs = &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	n.wg.Add(1)
	go func() {
		defer n.wg.Done()
		if err := n.inputs.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			n.log.Error("prover inputs server stopped", "err", err)
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

// MarketCounts counts the batches' proof requests by status name (the
// internal prover's share under "fallback").
func (n *Node) MarketCounts() map[string]int {
	out := map[string]int{}
	reqs, err := n.store.MarketRequests(1)
	if err != nil {
		return out
	}
	for _, r := range reqs {
		out[submitter.StatusName(r.Status)]++
	}
	return out
}

// InputsURL is the base URL of the prover inputs server ("" if the market is off).
func (n *Node) InputsURL() string { return n.inputsURL }

// Err reports a service that stopped with an error.
func (n *Node) Err() <-chan error { return n.errs }

// RPCEndpoint is the URL of the JSON-RPC server ("" if disabled).
func (n *Node) RPCEndpoint() string { return n.engine.HTTPEndpoint() }

// ProverAddr is the prover coordinator's address (nil if disabled).
func (n *Node) ProverAddr() net.Addr {
	if n.coord == nil {
		return nil
	}
	return n.coord.Addr()
}

// Close stops every service, then geth and the store.
func (n *Node) Close() error {
	if n.cancel != nil {
		n.cancel()
	}
	if n.coord != nil {
		_ = n.coord.Close()
	}
	if n.inputs != nil {
		_ = n.inputs.Close()
	}
	if n.metrics != nil {
		_ = n.metrics.Close()
	}
	n.wg.Wait()
	return n.closeResources()
}

func (n *Node) closeResources() error {
	var errs []error
	if n.engine != nil {
		errs = append(errs, n.engine.Close())
	}
	if n.l1 != nil {
		n.l1.Close()
	}
	if n.store != nil {
		errs = append(errs, n.store.Close())
	}
	return errors.Join(errs...)
}

// Status is a snapshot of the node's progress.
type Status struct {
	Block           uint64
	Sealed          uint64
	Committed       uint64
	Verified        uint64
	DepositsSeen    uint64
	DepositsMinted  uint64
	PendingDeposits uint64
}

// Status reads the node's progress (L1 counters from L1).
func (n *Node) Status(ctx context.Context) (Status, error) {
	var s Status
	var err error
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if s.Block, err = n.store.LastBlock(); err != nil {
		return s, err
	}
	if s.Block > 0 {
		fb, err := n.store.FinalBlock(s.Block)
		if err != nil {
			return s, err
		}
		s.DepositsMinted = fb.DepositsThrough
	}
	if s.Sealed, err = n.store.LastSealed(); err != nil {
		return s, err
	}
	if s.DepositsSeen, err = n.store.LastDepositID(); err != nil {
		return s, err
	}
	s.PendingDeposits = s.DepositsSeen - s.DepositsMinted
	if s.Committed, err = n.proposer.LastCommitted(ctx); err != nil {
		return s, err
	}
	if s.Verified, err = n.proposer.LastVerified(ctx); err != nil {
		return s, err
	}
	return s, nil
}
