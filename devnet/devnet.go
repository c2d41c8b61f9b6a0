// Package devnet runs a whole Cairn chain in one process: the embedded dev
// L1 (or an external one), the L1 contracts deployed on it, a sequencer
// node with every role, and internal exec provers. `cairn devnet` and the
// end-to-end tests both use it.
//
// With a data directory the devnet keeps its state: a second start finds
// the genesis file, skips the deploy and resumes the chain (and the
// embedded L1) where it stopped.
package devnet

import (
	"cmp"
	"context"
	"crypto/ecdsa"
	"crypto/rand"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/cairn-rollup/cairn/config"
	"github.com/cairn-rollup/cairn/contracts"
	"github.com/cairn-rollup/cairn/execution"
	"github.com/cairn-rollup/cairn/l1/deploy"
	"github.com/cairn-rollup/cairn/l1/devchain"
	"github.com/cairn-rollup/cairn/node"
	"github.com/cairn-rollup/cairn/prover/client"
	"github.com/cairn-rollup/cairn/prover/exec"
	"github.com/cairn-rollup/cairn/prover/wire"
	"github.com/cairn-rollup/cairn/rollup"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/ethereum/go-ethereum/params"
)

// L1ListenKey is the Key of the *node.ListenError that Start returns when
// the embedded L1 cannot listen on Config.L1HTTPAddr (a node's listeners
// fail with their configuration keys).
const L1ListenKey = "L1HTTPAddr"

// Config says how to run the devnet. Zero values take the defaults.
type Config struct {
	DataDir    string   // required: where the L1, node and genesis live
	L1RPC      string   // "" runs the embedded dev L1
	L1HTTPAddr string   // embedded L1 JSON-RPC address; default 127.0.0.1:8545
	L1Period   uint64   // embedded L1 block time in seconds; 0 seals on each transaction
	RPCAddr    string   // node JSON-RPC, HTTP and WebSocket on one port; default 127.0.0.1:8547
	RPCAPI     []string // namespaces every node serves (rpc.api); nil = config.DefaultRPCAPI
	// L2ChainID is the chain id of a new chain (0 = config.DefaultL2ChainID);
	// a chain resumed from DataDir keeps its own, and a different one set
	// here is refused.
	L2ChainID  uint64
	ProverAddr string // prover coordinator; default 127.0.0.1:3900
	BlockTime  time.Duration
	Batcher    rollup.SealLimits
	// DataAvailability is where a new chain's commits publish batch data:
	// "blobs", "calldata", or "" for blobs when L1 takes them.
	DataAvailability string
	// Provers are the internal exec provers; 0 means 1, negative means
	// none. They sign with ProverKey, which deploy puts on ExecVerifier's
	// allow-list, the coordinator's by default; a key is leased one batch
	// at a time, so more than one prove the same batch.
	Provers    int
	Market     Market
	InputsAddr string // prover inputs HTTP server of the proof market; default 127.0.0.1:3901
	// MetricsAddr is node 0's /metrics and status page; the other nodes
	// take the ports after it (OS-assigned ones when its port is 0); ""
	// disables them.
	MetricsAddr string
	// Validators is the size of the committee (default 1); FullNodes adds
	// nodes without a validator key. Node 0 is a validator and the operator.
	Validators int
	FullNodes  int
	// Node lets the caller adjust node i's configuration before start.
	Node func(i int, c *config.Config)
	// Options, if set, gives node i's options (tests: clocks, engines).
	Options func(i int) []node.Option
}

// Devnet is a running devnet.
type Devnet struct {
	Genesis *config.Genesis
	// Node is node 0: a validator with the operator role.
	Node *node.Node
	// Nodes are every node: the validators, then the full nodes.
	Nodes     []*node.Node
	L1        *devchain.Chain // nil with an external L1
	L1URL     string
	Operator  *ecdsa.PrivateKey
	ProverKey *ecdsa.PrivateKey
	// ProofSender sends the operator node's verify and Proof Manager
	// transactions, apart from the operator's blob commits.
	ProofSender *ecdsa.PrivateKey

	cfg     Config
	log     *slog.Logger
	secrets []*config.Secrets
	addrs   []nodeAddrs
	runCtx  context.Context
	closers []func()
	cancel  context.CancelFunc
	wg      sync.WaitGroup
	closeMu sync.Mutex
	closed  bool
}

// Dev keys: 0 deploys and operates (commits), 1 proves (internal prover),
// 2 to 7 are user accounts, 8 and 9 are the proving networks Fermah and
// Lagrange, 10 sends verify and Proof Manager transactions; all are funded
// on both L1 and L2.
const (
	operatorKey    = 0
	proverKey      = 1
	proofSenderKey = 10
)

// UserKeys are the dev accounts funded on L1 and L2 for users: dev keys 2
// to 7 (0 operates, 1 proves, 8 and 9 are the proving networks, whose L1
// nonces their agents own).
func UserKeys() []*ecdsa.PrivateKey { return devchain.DevKeys()[2:8] }

// Start brings the devnet up: the L1 (embedded unless Config.L1RPC), the
// contracts (or the genesis a first start wrote), the nodes, the
// proving-network agents and the internal provers.
func Start(ctx context.Context, cfg Config, log *slog.Logger) (*Devnet, error) {
	if cfg.DataDir == "" {
		return nil, errors.New("devnet: a data directory is required")
	}
	cfg = cfg.withDefaults()
	keys := devchain.DevKeys()
	d := &Devnet{cfg: cfg, log: log, Operator: keys[operatorKey], ProverKey: keys[proverKey], ProofSender: keys[proofSenderKey], L1URL: cfg.L1RPC}
	if err := os.MkdirAll(cfg.DataDir, 0o755); err != nil {
		return nil, fmt.Errorf("devnet: %w", err)
	}
	if err := d.startL1(); err != nil {
		return nil, err
	}
	ok := false
	defer func() {
		if !ok {
			d.Close()
		}
	}()
	if err := d.loadSecrets(); err != nil {
		return nil, err
	}
	if err := d.loadGenesis(ctx); err != nil {
		return nil, err
	}
	if err := d.startNodes(ctx); err != nil {
		return nil, err
	}
	d.runCtx, d.cancel = context.WithCancel(context.Background())
	if d.Genesis.Contracts.ProofManager != (common.Address{}) {
		if err := d.startAgents(ctx, d.Genesis, cfg.Market); err != nil {
			return nil, err
		}
	}
	if err := d.startProvers(); err != nil {
		return nil, err
	}
	ok = true
	return d, nil
}

// withDefaults fills the zero fields.
func (c Config) withDefaults() Config {
	if c.L1HTTPAddr == "" {
		c.L1HTTPAddr = "127.0.0.1:8545"
	}
	if c.RPCAddr == "" {
		c.RPCAddr = "127.0.0.1:8547"
	}
	if c.ProverAddr == "" {
		c.ProverAddr = "127.0.0.1:3900"
	}
	if c.InputsAddr == "" {
		c.InputsAddr = "127.0.0.1:3901"
	}
	if c.Market.TimeoutAfter == 0 {
		c.Market.TimeoutAfter = 5 * time.Minute
	}
	if c.BlockTime == 0 {
		c.BlockTime = time.Second
	}
	if c.Batcher == (rollup.SealLimits{}) {
		c.Batcher = rollup.SealLimits{MaxBlocks: 10, MaxGas: 100_000_000, MaxSeconds: 10, MaxDeposits: 100}
	}
	if c.Provers == 0 {
		c.Provers = 1
	}
	if c.Provers < 0 {
		c.Provers = 0
	}
	if c.Validators <= 0 {
		c.Validators = 1
	}
	return c
}

// startL1 starts the embedded L1, unless the devnet runs on another.
func (d *Devnet) startL1() error {
	if d.cfg.L1RPC != "" {
		return nil
	}
	// The operator holds, besides a dev key's 1,000,000 ETH, the dev
	// accounts' L2 genesis ETH, which deploy backs in the Bridge.
	opBalance := new(big.Int).Add(devFund(), devGenesisETH())
	chain, err := devchain.Start(devchain.Config{DataDir: filepath.Join(d.cfg.DataDir, "l1"), HTTPAddr: d.cfg.L1HTTPAddr,
		Period: d.cfg.L1Period, Balances: map[common.Address]*big.Int{crypto.PubkeyToAddress(d.Operator.PublicKey): opBalance}},
		d.log.With("service", "l1"))
	var op *net.OpError
	if errors.As(err, &op) && op.Op == "listen" {
		return &node.ListenError{Listener: "embedded L1 JSON-RPC", Addr: d.cfg.L1HTTPAddr, Key: L1ListenKey, Err: op}
	}
	if err != nil {
		return err
	}
	d.L1, d.L1URL = chain, chain.URL()
	return nil
}

// loadSecrets loads every node's keys, made on the first start.
func (d *Devnet) loadSecrets() error {
	d.secrets = make([]*config.Secrets, d.cfg.Validators+d.cfg.FullNodes)
	for i := range d.secrets {
		var err error
		if d.secrets[i], err = nodeSecrets(d.nodeDir(i), i < d.cfg.Validators); err != nil {
			return err
		}
	}
	return nil
}

// loadGenesis loads the genesis file of an earlier start, or deploys the
// contracts and writes it.
func (d *Devnet) loadGenesis(ctx context.Context) error {
	genesisPath := filepath.Join(d.cfg.DataDir, "genesis.json")
	gen, err := config.LoadGenesis(genesisPath)
	switch {
	case err == nil:
		if id := d.cfg.L2ChainID; id != 0 && id != gen.L2ChainID() {
			return fmt.Errorf("devnet: the chain in %s has L2 chain id %d, not %d; use another data directory", d.cfg.DataDir, gen.L2ChainID(), id)
		}
		d.log.Info("Devnet resumes from its genesis file", "path", genesisPath)
	case errors.Is(err, os.ErrNotExist):
		if gen, err = d.deploy(ctx, d.cfg, d.secrets); err != nil {
			return err
		}
		if err := config.SaveGenesis(genesisPath, gen); err != nil {
			return err
		}
	default:
		return err
	}
	d.Genesis = gen
	return nil
}

// startNodes starts every node, node 0 first.
func (d *Devnet) startNodes(ctx context.Context) error {
	d.Nodes = make([]*node.Node, len(d.secrets))
	d.addrs = make([]nodeAddrs, len(d.secrets))
	for i := range d.secrets {
		if err := d.startNode(ctx, i, d.nodeConfig(i, d.Genesis)); err != nil {
			return err
		}
	}
	return nil
}

// startProvers runs Config.Provers internal exec provers against node 0's
// prover coordinator.
func (d *Devnet) startProvers() error {
	addr := d.Node.ProverAddr()
	if addr == nil {
		return nil
	}
	gen := d.Genesis
	for i := 0; i < d.cfg.Provers; i++ {
		backend, err := exec.NewBackend(d.ProverKey, exec.Domain{L1ChainID: gen.L1ChainID, Verifier: gen.Contracts.ExecVerifier},
			exec.WithChainConfig(gen.L2.Config))
		if err != nil {
			return err
		}
		pc, err := client.New(client.Config{Coordinator: addr.String(), Key: d.ProverKey, Name: fmt.Sprintf("devnet-exec-%d", i),
			ProofType: wire.ProofTypeExec, ChainID: gen.L2ChainID(), Genesis: gen.Hash(),
			MinBackoff: 100 * time.Millisecond, MaxBackoff: 2 * time.Second}, backend, d.log.With("service", "prover", "id", i))
		if err != nil {
			return err
		}
		d.wg.Add(1)
		go func() {
			defer d.wg.Done()
			if err := pc.Run(d.runCtx); err != nil && d.runCtx.Err() == nil {
				d.log.Error("Internal prover stopped", "err", err)
			}
		}()
	}
	return nil
}

// nodeAddrs are where a started node listens, kept so that a restarted
// node comes back on the same ports.
type nodeAddrs struct {
	p2p, rpc, metrics string
}

// startNode starts node i with cfg, every node started before it as a
// static peer.
func (d *Devnet) startNode(ctx context.Context, i int, c config.Config) error {
	d.peerConfig(i, &c)
	if err := c.Validate(); err != nil {
		return fmt.Errorf("devnet node %d: %w", i, err)
	}
	keys := node.Keys{Secrets: d.secrets[i]}
	if i == 0 {
		keys.Operator, keys.ProofSender = d.Operator, d.ProofSender
	}
	var opts []node.Option
	if d.cfg.Options != nil {
		opts = d.cfg.Options(i)
	}
	n, err := node.New(ctx, c, d.Genesis, keys, d.log.With("node", i), opts...)
	if err != nil {
		return fmt.Errorf("devnet node %d: %w", i, err)
	}
	d.Nodes[i] = n
	if i == 0 {
		d.Node = n
	}
	if err := n.Start(ctx); err != nil {
		return fmt.Errorf("devnet node %d: %w", i, err)
	}
	a := nodeAddrs{rpc: strings.TrimPrefix(n.RPCEndpoint(), "http://"), metrics: n.MetricsAddr()}
	if addrs := n.P2PAddrs(); len(addrs) > 0 {
		a.p2p, _, _ = strings.Cut(addrs[0], "/p2p/")
	}
	d.addrs[i] = a
	return nil
}

// StopNode stops node i; its data stays for StartNode.
func (d *Devnet) StopNode(i int) error {
	n := d.Nodes[i]
	if n == nil {
		return fmt.Errorf("devnet: node %d is not running", i)
	}
	d.Nodes[i] = nil
	return n.Close()
}

// peerConfig gives node i the running nodes as static peers, then applies
// Config.Node.
func (d *Devnet) peerConfig(i int, c *config.Config) {
	for j, n := range d.Nodes {
		if j != i && n != nil {
			c.Network.StaticPeers = append(c.Network.StaticPeers, n.P2PAddrs()...)
		}
	}
	if d.cfg.Node != nil {
		d.cfg.Node(i, c)
	}
}

// StartNode starts a stopped node again on its data directory and on the
// ports it had.
func (d *Devnet) StartNode(ctx context.Context, i int) error {
	if d.Nodes[i] != nil {
		return fmt.Errorf("devnet: node %d is running", i)
	}
	return d.startNode(ctx, i, d.restartConfig(i))
}

// NodeConfig is the configuration StartNode would start stopped node i
// with: its data directory and secrets, the ports it had, the running nodes
// as static peers. A test runs the node in another process with it (and
// the genesis file in the data directory).
func (d *Devnet) NodeConfig(i int) config.Config {
	c := d.restartConfig(i)
	d.peerConfig(i, &c)
	return c
}

// restartConfig is node i's configuration on the ports it had.
func (d *Devnet) restartConfig(i int) config.Config {
	c := d.nodeConfig(i, d.Genesis)
	c.Network.ListenAddr = d.addrs[i].p2p
	if d.addrs[i].rpc != "" {
		c.RPC.HTTPAddr = d.addrs[i].rpc
		c.RPC.WSAddr = d.addrs[i].rpc
	}
	if d.addrs[i].metrics != "" {
		c.Metrics.ListenAddr = d.addrs[i].metrics
	}
	return c
}

// CorsDomains are the browser origins the devnet's nodes answer:
// pages served from this machine on any port (rpc.cors_domains).
var CorsDomains = []string{"http://localhost:*", "http://127.0.0.1:*"}

// nodeConfig is node i's configuration: node 0 has the operator's
// services and the given addresses; the others take RPC and metrics ports
// next to node 0's (or OS-assigned ones when it is 0).
func (d *Devnet) nodeConfig(i int, gen *config.Genesis) config.Config {
	cfg := d.cfg
	c := config.Default()
	c.Node.DataDir = d.nodeDir(i)
	c.Node.SecretsFile = filepath.Join(d.nodeDir(i), secretsFileName)
	c.L1.RPCURL = d.L1URL
	c.RPC.HTTPAddr = offsetAddr(cfg.RPCAddr, i)
	c.RPC.WSAddr = c.RPC.HTTPAddr // WebSocket on each node's JSON-RPC port
	// Browser tools (a wallet, a dapp on a local dev server) reach the nodes
	// from pages served on this machine, whatever their port; other web
	// pages do not.
	c.RPC.CorsDomains = slices.Clone(CorsDomains)
	c.RPC.VHosts = []string{"localhost", "127.0.0.1"}
	if cfg.RPCAPI != nil {
		c.RPC.API = slices.Clone(cfg.RPCAPI)
	}
	c.Network.ListenAddr = "/ip4/127.0.0.1/tcp/0"
	c.Sequencer.BlockTime = config.Duration{Duration: cfg.BlockTime}
	c.Sequencer.FeeRecipient = FeeRecipient(i).Hex()
	c.Execution.CacheMB = 32 // seven nodes share one laptop
	c.Watcher.CheckInterval = config.Duration{Duration: 200 * time.Millisecond}
	c.Watcher.Confirmations = 0 // the embedded L1 never reorgs
	c.Metrics.ListenAddr = offsetAddr(cfg.MetricsAddr, i)
	c.ProverServer.Enabled = false
	c.ProofManager.Enabled = false
	if i == 0 {
		c.L1.OperatorKey = fmt.Sprintf("%x", crypto.FromECDSA(d.Operator))
		c.L1.ProofSenderKey = fmt.Sprintf("%x", crypto.FromECDSA(d.ProofSender))
		c.ProverServer.Enabled = true
		c.ProverServer.ListenAddr = cfg.ProverAddr
		c.ProverServer.RetryAfter = config.Duration{Duration: time.Second}
		c.Committer.CheckInterval = config.Duration{Duration: 500 * time.Millisecond}
		c.ProofSender.CheckInterval = config.Duration{Duration: 500 * time.Millisecond}
		c.ProofManager.Enabled = gen.Contracts.ProofManager != (common.Address{})
		c.ProofManager.InputsListenAddr = cfg.InputsAddr
		c.ProofManager.TimeoutAfter = config.Duration{Duration: cfg.Market.TimeoutAfter}
		c.ProofManager.CheckInterval = config.Duration{Duration: 250 * time.Millisecond}
	}
	return c
}

// RPCAPI are the JSON-RPC namespaces the nodes serve.
func (d *Devnet) RPCAPI() []string {
	if d.cfg.RPCAPI != nil {
		return d.cfg.RPCAPI
	}
	return config.DefaultRPCAPI
}

// FeeRecipient is node i's coinbase: a block's coinbase tells which
// devnet validator proposed it.
func FeeRecipient(i int) common.Address {
	return common.BigToAddress(big.NewInt(int64(0xfee0000 + i)))
}

// secretsFileName is a node's keys file in its data directory.
const secretsFileName = "consensus_secrets.yaml"

// NodeDir is node i's data directory.
func (d *Devnet) NodeDir(i int) string { return d.nodeDir(i) }

// WipeNode deletes stopped node i's chain data, keeping its keys: started
// again, it is a node that joins late with nothing but its secrets.
func (d *Devnet) WipeNode(i int) error {
	if i < 0 || i >= len(d.Nodes) {
		return fmt.Errorf("devnet: no node %d", i)
	}
	if d.Nodes[i] != nil {
		return fmt.Errorf("devnet: node %d is running", i)
	}
	dir := d.nodeDir(i)
	entries, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("devnet: wipe node %d: %w", i, err)
	}
	for _, e := range entries {
		if e.Name() == secretsFileName {
			continue
		}
		if err := os.RemoveAll(filepath.Join(dir, e.Name())); err != nil {
			return fmt.Errorf("devnet: wipe node %d: %w", i, err)
		}
	}
	return nil
}

func (d *Devnet) nodeDir(i int) string { return filepath.Join(d.cfg.DataDir, fmt.Sprintf("node%d", i)) }

// offsetAddr is host:port+i, or host:0 when port is 0.
func offsetAddr(addr string, i int) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return addr
	}
	p, err := strconv.Atoi(port)
	if err != nil || p == 0 {
		return addr
	}
	return net.JoinHostPort(host, strconv.Itoa(p+i))
}

// nodeSecrets loads the node's secrets file, or makes one (a full node's
// without a validator key).
func nodeSecrets(dir string, validator bool) (*config.Secrets, error) {
	path := filepath.Join(dir, secretsFileName)
	s, err := config.LoadSecrets(path)
	if err == nil {
		return s, nil
	}
	if !errors.Is(err, os.ErrNotExist) {
		return nil, err
	}
	if s, err = config.GenerateSecrets(rand.Reader); err != nil {
		return nil, err
	}
	if !validator {
		s.Validator = nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("devnet: %w", err)
	}
	if err := config.SaveSecrets(path, s); err != nil {
		return nil, err
	}
	return s, nil
}

// fundProofSender gives the proof sender L1 ETH from the operator when it
// has none (an external L1 funds only what its operator funded; the
// embedded one funds every dev key).
func (d *Devnet) fundProofSender(ctx context.Context, l1 *ethclient.Client) error {
	addr := crypto.PubkeyToAddress(d.ProofSender.PublicKey)
	bal, err := l1.BalanceAt(ctx, addr, nil)
	if err != nil {
		return fmt.Errorf("devnet: L1 balance of the proof sender %s: %w", addr, err)
	}
	if bal.Sign() > 0 {
		return nil
	}
	if _, err := SendAndWait(ctx, l1, d.Operator, addr, new(big.Int).Mul(big.NewInt(100), big.NewInt(params.Ether)), nil); err != nil {
		return fmt.Errorf("devnet: fund the proof sender %s on L1 from the operator: %w", addr, err)
	}
	return nil
}

// deploy deploys the contracts with every node's attester key in the
// committee from batch 1, and writes the committee of the first
// cfg.Validators nodes into the genesis.
func (d *Devnet) deploy(ctx context.Context, cfg Config, nodes []*config.Secrets) (*config.Genesis, error) {
	validators := nodes[:cfg.Validators]
	var attesters []deploy.Attester
	for _, s := range nodes {
		attesters = append(attesters, deploy.Attester{Address: s.Attester.Address(), Weight: 1})
	}
	l1, err := ethclient.DialContext(ctx, d.L1URL)
	if err != nil {
		return nil, fmt.Errorf("devnet: L1 %s: %w", d.L1URL, err)
	}
	defer l1.Close()
	l1ID, err := l1.ChainID(ctx)
	if err != nil {
		return nil, fmt.Errorf("devnet: L1 %s: %w", d.L1URL, err)
	}
	if err := d.fundProofSender(ctx, l1); err != nil {
		return nil, err
	}
	fermah, lagrange := networkKeys()
	provers := []common.Address{crypto.PubkeyToAddress(d.ProverKey.PublicKey)}
	if !cfg.Market.Disabled {
		provers = append(provers, crypto.PubkeyToAddress(fermah.PublicKey), crypto.PubkeyToAddress(lagrange.PublicKey))
	}
	funds := map[common.Address]*big.Int{}
	for _, k := range devchain.DevKeys() {
		funds[crypto.PubkeyToAddress(k.PublicKey)] = devFund()
	}
	backing := d.genesisBacking(ctx, l1)
	chainID := cmp.Or(cfg.L2ChainID, config.DefaultL2ChainID)
	l2 := execution.NewGenesis(execution.GenesisParams{ChainID: chainID, Accounts: funds, L2BridgeCode: contracts.L2BridgeRuntimeCode()})
	deployCtx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	mode, limits, err := deploy.DataLimits(deployCtx, l1, cfg.DataAvailability, cfg.Batcher)
	if err != nil {
		return nil, fmt.Errorf("devnet: %w", err)
	}
	addrs, err := deploy.Deploy(deployCtx, l1, bind.NewKeyedTransactor(d.Operator, l1ID), deploy.Params{
		L2ChainID: chainID, GenesisStateRoot: l2.ToBlock().Root(), GenesisBlockHash: l2.ToBlock().Hash(),
		Operator:   crypto.PubkeyToAddress(d.Operator.PublicKey),
		Provers:    provers,
		Attesters:  attesters,
		GenesisETH: backing,
		// As cairn deploy, with no delay: the operator key administers
		// through the timelock, and its calls run at once.
		Timelock: &deploy.TimelockParams{Delay: 0},
	})
	if err != nil {
		return nil, err
	}
	contracts := config.Contracts{Bridge: addrs.Bridge, OnChainProposer: addrs.OnChainProposer,
		ExecVerifier: addrs.ExecVerifier, BridgeDeployBlock: addrs.BridgeDeployBlock}
	if !cfg.Market.Disabled {
		pm, err := d.deployMarket(deployCtx, l1, l1ID, cfg.Market, addrs.Timelock)
		if err != nil {
			return nil, err
		}
		contracts.ProofManager, contracts.ProofManagerDeployBlock = pm.ProofManager, pm.DeployBlock
	}
	d.log.Info("L1 contracts deployed", "bridge", addrs.Bridge, "on_chain_proposer", addrs.OnChainProposer, "exec_verifier", addrs.ExecVerifier)
	vals := make([]config.GenesisValidator, len(validators))
	for i, s := range validators {
		vals[i] = config.GenesisValidator{Key: s.Validator.Public(), PoP: s.Validator.ProvePossession(), NodeKey: s.Node.Public(),
			Weight: 1, Leader: true}
	}
	return &config.Genesis{ProtocolVersion: config.ProtocolVersion, L1ChainID: l1ID.Uint64(),
		Contracts: contracts, Batcher: limits, DataAvailability: mode, L2: l2, Consensus: config.NewConsensusGenesis(vals),
		Sequencer: config.SequencerGenesis{MaxDepositsPerBlock: config.DefaultMaxDepositsPerBlock}}, nil
}

// devFund is what each dev key holds on L2 at genesis (and on the embedded L1).
func devFund() *big.Int { return new(big.Int).Mul(big.NewInt(1_000_000), big.NewInt(params.Ether)) }

// devGenesisETH is the dev keys' L2 genesis ETH, all of it.
func devGenesisETH() *big.Int {
	return new(big.Int).Mul(devFund(), big.NewInt(int64(len(devchain.DevKeys()))))
}

// genesisBacking is the genesis ETH deploy backs in the Bridge: all of it
// when the operator holds it (the embedded L1 gives it that much), nothing
// on an L1 where it does not (the devnet may run unbacked, with a warning:
// then withdrawals beyond the ETH deposited cannot be claimed).
func (d *Devnet) genesisBacking(ctx context.Context, l1 *ethclient.Client) *big.Int {
	total, op := devGenesisETH(), crypto.PubkeyToAddress(d.Operator.PublicKey)
	have, err := l1.BalanceAt(ctx, op, nil)
	if err == nil && have.Cmp(new(big.Int).Add(total, big.NewInt(params.Ether))) > 0 {
		return total
	}
	d.log.Warn("Dev accounts' L2 genesis ETH not backed in the Bridge: the operator does not hold it on L1", "operator", op, "genesis_eth", total, "balance", have, "err", err)
	return nil
}

// Close stops provers, the node and the L1, in that order.
func (d *Devnet) Close() {
	d.closeMu.Lock()
	defer d.closeMu.Unlock()
	if d.closed {
		return
	}
	d.closed = true
	if d.cancel != nil {
		d.cancel()
	}
	d.wg.Wait()
	for i := len(d.Nodes) - 1; i >= 0; i-- {
		if d.Nodes[i] == nil {
			continue
		}
		if err := d.Nodes[i].Close(); err != nil {
			d.log.Warn("Node close", "node", i, "err", err)
		}
	}
	for _, c := range d.closers {
		c()
	}
	if d.L1 != nil {
		_ = d.L1.Close()
	}
}

// Secrets are node i's keys.
func (d *Devnet) Secrets(i int) *config.Secrets { return d.secrets[i] }
