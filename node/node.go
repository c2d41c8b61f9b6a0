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

	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/ethereum/go-ethereum/params"
	"github.com/ethereum/go-ethereum/rpc"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/cairn-rollup/cairn/attest"
	"github.com/cairn-rollup/cairn/clock"
	"github.com/cairn-rollup/cairn/config"
	"github.com/cairn-rollup/cairn/consensus"
	"github.com/cairn-rollup/cairn/execution"
	"github.com/cairn-rollup/cairn/l1/committer"
	"github.com/cairn-rollup/cairn/l1/proposer"
	"github.com/cairn-rollup/cairn/l1/txmgr"
	"github.com/cairn-rollup/cairn/p2p"
	"github.com/cairn-rollup/cairn/proofmarket/submitter"
	"github.com/cairn-rollup/cairn/prover/coordinator"
	cairnrpc "github.com/cairn-rollup/cairn/rpc"
	"github.com/cairn-rollup/cairn/sequencer"
	"github.com/cairn-rollup/cairn/store"
)

// Keys are a node's secrets; they decide its roles. Operator (the L1 key
// that commits and verifies) may be nil; Secrets must hold at least the node
// key, and the validator key on a validator.
type Keys struct {
	Operator *ecdsa.PrivateKey
	Secrets  *config.Secrets
}

// Option adjusts a node for tests and benchmarks.
type Option func(*Node)

// WithClock makes the node's block production and proposal checks read c
// instead of the wall clock (a test chain that runs faster than real time).
func WithClock(c clock.Clock) Option { return func(n *Node) { n.clock = c } }

// WithEngine wraps the engine the validator's replica drives (a test can
// make a byzantine leader).
func WithEngine(wrap func(consensus.Engine) consensus.Engine) Option {
	return func(n *Node) { n.wrapEngine = wrap }
}

// WithConsensusObserver calls observe with every consensus message this
// node reads from another validator, as it came off the network: decoded,
// its signer checked to be the sending peer, its BLS signature not yet
// verified (the replica verifies votes in aggregate). A test can watch what
// a validator signed, as the others saw it. observe runs on the network's
// goroutines and must return quickly.
func WithConsensusObserver(observe func(consensus.Signed)) Option {
	return func(n *Node) { n.observeConsensus = observe }
}

// WithAttesterBatches changes the batches this node's attester signs (a
// test can make an attester whose execution disagrees).
func WithAttesterBatches(wrap func(attest.Batches) attest.Batches) Option {
	return func(n *Node) { n.wrapAttesterBatches = wrap }
}

// Node is a running Cairn node: a full node always, plus the validator,
// operator and attester roles its keys give it.
type Node struct {
	cfg       config.Config
	genesis   *config.Genesis
	consensus *consensus.Genesis
	operator  *ecdsa.PrivateKey
	secrets   *config.Secrets
	log       *slog.Logger

	store               *store.Store
	engine              *execution.Engine
	l1                  *ethclient.Client
	proposer            *proposer.Proposer
	sender              proposer.Sender // the operator's transaction manager; nil without an operator key
	inputs              *submitter.InputsServer
	inputsURL           string
	metrics             *http.Server
	metricsAddr         string
	watcher             *l1Watcher
	batches             *batches
	seq                 *sequencer.Sequencer
	blockTags           *services
	coord               *coordinator.Coordinator
	validator           *validator // nil on a full node
	network             *network
	outbox              *txOutbox
	stats               *stats
	registry            *prometheus.Registry
	pool                *attest.Pool
	attestDomain        attest.Domain
	attestL1            *attest.L1
	voteTopic           *p2p.Topic
	attestMu            sync.Mutex
	attestDown          error // why attestation is off (nil while it runs)
	committer           *committer.Committer
	clock               clock.Clock
	wrapEngine          func(consensus.Engine) consensus.Engine
	wrapAttesterBatches func(attest.Batches) attest.Batches
	observeConsensus    func(consensus.Signed)

	cancel context.CancelFunc
	wg     sync.WaitGroup
	errs   chan error
}

// New opens the node's store and geth and connects to L1, without starting
// any service.
func New(ctx context.Context, cfg config.Config, gen *config.Genesis, keys Keys, log *slog.Logger, opts ...Option) (_ *Node, err error) {
	if keys.Secrets == nil || keys.Secrets.Node == nil {
		return nil, errors.New("node: no node key (node.secrets_file from cairn keys generate)")
	}
	cg, err := gen.ConsensusGenesis()
	if err != nil {
		return nil, err
	}
	n := &Node{cfg: cfg, genesis: gen, consensus: cg, operator: keys.Operator, secrets: keys.Secrets, log: log,
		errs: make(chan error, 8), stats: newStats(), outbox: newTxOutbox(), registry: prometheus.NewRegistry()}
	for _, o := range opts {
		o(n)
	}
	defer func() {
		if err != nil {
			_ = n.closeResources()
		}
	}()
	if v := keys.Secrets.Validator; v != nil {
		if _, ok := cg.Committee.Index(v.Public()); !ok {
			return nil, fmt.Errorf("node: validator key %s is not in the genesis committee (remove validator_key to run a full node)", v.Public())
		}
	}
	operator := keys.Operator
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
	if n.engine, err = execution.New(execution.Config{DataDir: filepath.Join(cfg.Node.DataDir, "geth"), HTTPAddr: cfg.RPC.HTTPAddr, HTTPModules: cfg.RPC.API,
		Genesis: gen.L2, CacheMB: int(cfg.Execution.CacheMB), OnLocalTx: n.outbox.add}, log.With("service", "geth")); err != nil {
		return nil, err
	}
	if perr := n.newPool(ctx); perr != nil {
		// Attestation is never critical: the node runs without it.
		n.log.Error("Attestation disabled: vote pool not created", "err", perr)
		n.pool = nil
		n.setAttestDown(fmt.Errorf("vote pool: %w", perr))
	}
	n.engine.RegisterAPIs([]rpc.API{{Namespace: "cairn", Service: cairnrpc.New(n.store, n.proposer, gen.L2ChainID())},
		{Namespace: "cairn", Service: cairnrpc.NewConsensusAPI(n)}, {Namespace: "cairn", Service: cairnrpc.NewAttestAPI(attestations{n})}})
	return n, nil
}

// Start starts the node's roles in the order the data flows through them,
// each on what the ones before it started. A role that fails later
// reports on Err.
func (n *Node) Start(ctx context.Context) (err error) {
	genesis, err := n.startGeth()
	if err != nil {
		return startError("geth", err)
	}
	n.watcher = n.startWatcher()
	if n.batches, err = n.startBatcher(genesis); err != nil {
		return startError("batcher", err)
	}
	if n.seq, err = n.startSequencer(ctx, genesis, n.watcher.deposits, n.batches.batcher); err != nil {
		return startError("sequencer", err)
	}
	if n.network, err = n.startNetwork(); err != nil {
		return startError("network", err)
	}
	if err := n.network.startBlockSync(n.seq); err != nil {
		return startError("block sync", err)
	}
	runCtx, cancel := context.WithCancel(context.Background())
	n.cancel = cancel
	if n.validator, err = n.startValidator(n.seq, n.network.host.Consensus()); err != nil {
		return startError("validator", err)
	}
	if n.operator != nil {
		if err := n.startOperator(ctx, runCtx, n.batches.sealedToCommit); err != nil {
			return err
		}
	}
	// After the operator: the vote fetcher asks more often while the committer waits.
	if err := n.startAttestation(runCtx, n.batches.sealedToAttest); err != nil {
		return err
	}
	n.blockTags = n.startBlockTags(genesis.Hash())
	if addr := n.cfg.Metrics.ListenAddr; addr != "" {
		if err := n.startMetrics(addr); err != nil {
			if le := listenError("metrics server", addr, "metrics.listen_addr", err); le != nil {
				return le
			}
			return fmt.Errorf("metrics server on %s: %w", addr, err)
		}
	}
	n.log.Info("Node started", "rpc", n.engine.HTTPEndpoint(), "l2_chain_id", n.genesis.L2ChainID(),
		"genesis", n.genesis.Hash(), "head", n.seq.Head().NumberU64(), "roles", n.roles())
	return nil
}

// startError names the role whose start failed. A *ListenError is
// returned as it is: it names its listener, and the commands rewrite it
// to name the flag that moves the address.
func startError(role string, err error) error {
	var le *ListenError
	if errors.As(err, &le) {
		return err
	}
	return fmt.Errorf("start %s: %w", role, err)
}

func (n *Node) run(name string, f func() error) {
	n.wg.Add(1)
	go func() {
		defer n.wg.Done()
		if err := f(); err != nil {
			n.log.Error("Service stopped", "service", name, "err", err)
			select {
			case n.errs <- fmt.Errorf("%s: %w", name, err):
			default:
			}
		}
	}()
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
	n.blockTags.stop()
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
	n.validator.stop()
	n.network.stop()
	n.watcher.stop()
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
