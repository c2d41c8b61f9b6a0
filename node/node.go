package node

import (
	"context"
	"crypto/ecdsa"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"net"
	"path/filepath"
	"time"

	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/ethereum/go-ethereum/params"
	"github.com/ethereum/go-ethereum/rpc"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/cairn-rollup/cairn/config"
	"github.com/cairn-rollup/cairn/consensus"
	"github.com/cairn-rollup/cairn/execution"
	"github.com/cairn-rollup/cairn/l1/blocktags"
	"github.com/cairn-rollup/cairn/l1/bridgeview"
	"github.com/cairn-rollup/cairn/l1/outage"
	"github.com/cairn-rollup/cairn/l1/proposer"
	"github.com/cairn-rollup/cairn/l1/txmgr"
	"github.com/cairn-rollup/cairn/proofmarket/submitter"
	cairnrpc "github.com/cairn-rollup/cairn/rpc"
	"github.com/cairn-rollup/cairn/sequencer"
	"github.com/cairn-rollup/cairn/store"
)

// Keys are a node's secrets; they decide its roles. Operator (the L1 key
// that commits and verifies) may be nil; Secrets must hold at least the node
// key, and the validator key on a validator.
type Keys struct {
	Operator *ecdsa.PrivateKey
	// ProofSender sends verify and Proof Manager transactions; nil: the
	// operator key does.
	ProofSender *ecdsa.PrivateKey
	Secrets     *config.Secrets
}

// Node is a running Cairn node: a full node always, plus the validator,
// operator, prover and attester roles its keys give it.
type Node struct {
	cfg       config.Config
	genesis   *config.Genesis
	consensus *consensus.Genesis
	keys      Keys
	log       *slog.Logger
	opts      options

	// Opened in New and shared by the roles.
	store    *store.Store
	engine   *execution.Geth
	l1       *ethclient.Client
	proposer *proposer.Proposer
	sender   proposer.Sender // the operator's transaction manager; nil without an operator key
	// proofSender sends verify and Proof Manager transactions: the proof
	// sender key's transaction manager, or sender.
	proofSender proposer.Sender
	votes       *votes
	outbox      *txOutbox
	signals     *netSignals // eth_syncing and net_peerCount
	stats       *stats
	l1Txs       *l1Txs // the commit and verify transactions sent, for the status page
	registry    *prometheus.Registry
	// l1Outages is shared by the loops that talk to L1 (watcher, block
	// tags, attester, committer, proof sender, submitter): an L1 outage is
	// one Warn line and one Info line for the node.
	l1Outages *outage.Reporter

	// The roles, in the order Start starts them; nil when not started or
	// not this node's.
	watcher     *l1Watcher
	batches     *batches
	seq         *sequencer.Sequencer
	network     *network
	validator   *validator
	operator    *operator
	attestation *attestation
	prover      *prover
	blockTags   *services
	// tags is built in New: the cairn RPC answers from the L1 counters it
	// reads.
	tags    *blocktags.Service
	metrics *metricsServer

	errs chan error // a role's service that stopped with an error
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
	if v := keys.Secrets.Validator; v != nil {
		if _, ok := cg.Committee.Index(v.Public()); !ok {
			return nil, fmt.Errorf("node: validator key %s is not in the genesis committee (remove validator_key to run a full node)", v.Public())
		}
	}
	n := &Node{cfg: cfg, genesis: gen, consensus: cg, keys: keys, log: log, l1Outages: outage.New(log.With("service", "l1"), nil),
		errs: make(chan error, 8), stats: newStats(), l1Txs: newL1Txs(), outbox: newTxOutbox(), signals: new(netSignals), registry: prometheus.NewRegistry()}
	for _, o := range opts {
		o(&n.opts)
	}
	defer func() {
		if err != nil {
			_ = n.closeResources()
		}
	}()
	if n.store, err = store.Open(filepath.Join(cfg.Node.DataDir, "cairn")); err != nil {
		return nil, err
	}
	if err = n.store.CheckGenesis(gen.Hash()); err != nil {
		return nil, err
	}
	if err = n.dialL1(ctx); err != nil {
		return nil, err
	}
	n.proposer = proposer.New(gen.Contracts.OnChainProposer, n.l1, n.sender).WithVerifySender(n.proofSender)
	if n.engine, err = execution.New(execution.Config{DataDir: filepath.Join(cfg.Node.DataDir, "geth"), HTTPAddr: cfg.RPC.HTTPAddr, WSAddr: cfg.RPC.WSAddr, HTTPModules: cfg.RPC.API, HTTPCors: cfg.RPC.CorsDomains, HTTPVirtualHosts: cfg.RPC.VHosts, AllowUnprotectedTxs: cfg.RPC.AllowUnprotectedTxs,
		Genesis: gen.L2, CacheMB: int(cfg.Execution.CacheMB), Archive: n.archive(), OnLocalTx: n.outbox.add, Network: n.signals}, log.With("service", "geth")); err != nil {
		return nil, err
	}
	n.votes = n.newVotes(ctx)
	n.tags = n.newBlockTags()
	n.engine.RegisterAPIs([]rpc.API{{Namespace: "cairn", Service: cairnrpc.New(n.store, n.tags, n.engine,
		bridgeview.New(n.l1, gen.Contracts.Bridge, gen.Contracts.OnChainProposer, gen.Contracts.BridgeDeployBlock), gen.L2ChainID())},
		{Namespace: "cairn", Service: cairnrpc.NewConsensusAPI(n)}, {Namespace: "cairn", Service: cairnrpc.NewAttestAPI(attestations{n})}})
	return n, nil
}

// dialL1 connects to L1, checks its chain id and, with an operator key,
// builds the transaction manager that sends the operator's transactions.
func (n *Node) dialL1(ctx context.Context) (err error) {
	url := n.cfg.L1.RPCURL
	if n.l1, err = ethclient.DialContext(ctx, url); err != nil {
		return fmt.Errorf("L1 %s: %w", url, err)
	}
	id, err := n.l1.ChainID(ctx)
	if err != nil {
		return fmt.Errorf("L1 %s: chain id: %w (is the L1 node running?)", url, err)
	}
	if id.Uint64() != n.genesis.L1ChainID {
		return fmt.Errorf("L1 %s has chain id %d but the genesis says %d", url, id, n.genesis.L1ChainID)
	}
	if n.keys.Operator == nil {
		return nil
	}
	l1 := n.cfg.L1
	cfg := txmgr.Config{ResubmitAfter: l1.ResubmitAfter.Duration, FeeBumpPercent: l1.FeeBumpPercent,
		MaxFeePerGas: new(big.Int).Mul(new(big.Int).SetUint64(l1.MaxFeeGwei), big.NewInt(params.GWei))}
	tm, err := txmgr.New(ctx, cfg, n.l1, n.keys.Operator, n.log.With("service", "txmgr", "key", "operator"))
	if err != nil {
		return err
	}
	n.sender, n.proofSender = tm, tm
	if n.keys.ProofSender != nil {
		if n.proofSender, err = txmgr.New(ctx, cfg, n.l1, n.keys.ProofSender, n.log.With("service", "txmgr", "key", "proof_sender")); err != nil {
			return err
		}
	}
	return nil
}

// Start starts the node's roles in the order the data flows through them,
// each after the roles it is built on: the sequencer on the L1 watcher
// (deposits) and the batcher (which it feeds); block sync and the
// validator on the sequencer and the network; attestation after the
// operator, as its vote fetcher asks more often while the committer
// waits. A role that fails later reports on Err; Close stops the roles in
// reverse.
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
	derived, err := n.store.L1Derived()
	if err != nil {
		return startError("block sync", err)
	}
	if err := n.network.startBlockSync(n.seq, derived); err != nil {
		return startError("block sync", err)
	}
	n.signals.host.Store(n.network.host)
	if n.validator, err = n.startValidator(n.seq, n.network.host.Consensus()); err != nil {
		return startError("validator", err)
	}
	n.operator = n.startOperator(n.batches.sealedToCommit)
	if n.attestation, err = n.startAttestation(n.network.host, n.operator, n.batches.sealedToAttest); err != nil {
		return startError("attestation", err)
	}
	if n.prover, err = n.startProver(ctx, n.batches.batcher); err != nil {
		return startError("prover", err)
	}
	n.blockTags = n.startBlockTags()
	if n.metrics, err = n.startMetrics(); err != nil {
		return startError("metrics", err)
	}
	n.log.Info("Node started", "rpc", n.engine.HTTPEndpoint(), "ws", n.engine.WSEndpoint(), "l2_chain_id", n.genesis.L2ChainID(),
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

// Close stops the roles in the reverse of the order Start started them,
// each with its goroutines, then closes geth, L1 and the store.
func (n *Node) Close() error {
	n.metrics.stop()
	n.blockTags.stop()
	n.prover.stop()
	n.attestation.stop()
	n.operator.stop()
	n.validator.stop()
	n.signals.stop()
	n.network.stop()
	n.watcher.stop()
	n.batches.stop()
	n.flushHead()
	return n.closeResources()
}

// flushHead moves geth's head to the last final block stored, where block
// sync may have left it behind (Sequencer.FlushHead): a clean stop leaves
// geth's head, and Head, at the node's last final block.
func (n *Node) flushHead() {
	if n.seq == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := n.seq.FlushHead(ctx); err != nil {
		n.log.Warn("Could not move geth's head to the last final block on stop", "err", err)
	}
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
func (n *Node) InputsURL() string {
	if n.prover == nil {
		return ""
	}
	return n.prover.inputsURL
}

// Err reports a service that stopped with an error.
func (n *Node) Err() <-chan error { return n.errs }

// RPCEndpoint is the URL of the JSON-RPC server ("" if disabled).
func (n *Node) RPCEndpoint() string { return n.engine.HTTPEndpoint() }

// WSEndpoint is the URL of the node's WebSocket JSON-RPC ("" if disabled).
func (n *Node) WSEndpoint() string { return n.engine.WSEndpoint() }

// ProverAddr is the prover coordinator's address (nil if disabled).
func (n *Node) ProverAddr() net.Addr {
	if n.prover == nil || n.prover.coord == nil {
		return nil
	}
	return n.prover.coord.Addr()
}

// Status is a snapshot of the node's progress.
type Status struct {
	Block     uint64
	Sealed    uint64
	Committed uint64
	Verified  uint64
	// Diverged is a batch L1 holds with another hash than this node
	// sealed, below which the block tags wait; 0 if none.
	Diverged        uint64
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
	// The index, not the block's record: on the node that proves that
	// holds the block's witness too, and a status is read every second.
	if s.DepositsMinted, err = n.store.DepositsThrough(s.Block); err != nil {
		return s, err
	}
	if s.Sealed, err = n.store.LastSealed(); err != nil {
		return s, err
	}
	if s.DepositsSeen, err = n.store.LastDepositID(); err != nil {
		return s, err
	}
	s.PendingDeposits = s.DepositsSeen - s.DepositsMinted
	s.Diverged = n.tags.Diverged()
	if s.Committed, err = n.proposer.LastCommitted(ctx); err != nil {
		return s, err
	}
	if s.Verified, err = n.proposer.LastVerified(ctx); err != nil {
		return s, err
	}
	return s, nil
}
