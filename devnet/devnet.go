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
	"context"
	"crypto/ecdsa"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"os"
	"path/filepath"
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

// L2ChainID is the devnet's L2 chain id.
const L2ChainID = 31337

// Config says how to run the devnet. Zero values take the defaults.
type Config struct {
	DataDir     string // required: where the L1, node and genesis live
	L1RPC       string // "" runs the embedded dev L1
	L1HTTPAddr  string // embedded L1 JSON-RPC address; default 127.0.0.1:8545
	L1Period    uint64 // embedded L1 block time in seconds; 0 seals on each transaction
	RPCAddr     string // node JSON-RPC; default 127.0.0.1:8547
	ProverAddr  string // prover coordinator; default 127.0.0.1:3900
	BlockTime   time.Duration
	Batcher     rollup.SealLimits
	Provers     int // internal exec provers; 0 means 1, negative means none
	Market      Market
	InputsAddr  string // prover inputs HTTP server of the proof market; default 127.0.0.1:3901
	MetricsAddr string // Prometheus /metrics; "" disables it
	// Node lets the caller adjust the node configuration before start.
	Node func(*config.Config)
}

// Devnet is a running devnet.
type Devnet struct {
	Genesis   *config.Genesis
	Node      *node.Node
	L1        *devchain.Chain // nil with an external L1
	L1URL     string
	Operator  *ecdsa.PrivateKey
	ProverKey *ecdsa.PrivateKey

	cfg     Config
	log     *slog.Logger
	runCtx  context.Context
	closers []func()
	cancel  context.CancelFunc
	wg      sync.WaitGroup
	closeMu sync.Mutex
	closed  bool
}

// Dev keys: 0 deploys and operates, 1 proves (internal prover), 2 to 7 are
// user accounts, 8 and 9 are the proving networks Fermah and Lagrange; all
// are funded on both L1 and L2.
const (
	operatorKey = 0
	proverKey   = 1
)

// UserKeys are the dev accounts funded on L1 and L2 for users: dev keys 2
// to 7 (0 operates, 1 proves, 8 and 9 are the proving networks, whose L1
// nonces their agents own).
func UserKeys() []*ecdsa.PrivateKey { return devchain.DevKeys()[2:8] }

// Start brings the devnet up.
func Start(ctx context.Context, cfg Config, log *slog.Logger) (*Devnet, error) {
	if cfg.DataDir == "" {
		return nil, errors.New("devnet: a data directory is required")
	}
	if cfg.L1HTTPAddr == "" {
		cfg.L1HTTPAddr = "127.0.0.1:8545"
	}
	if cfg.RPCAddr == "" {
		cfg.RPCAddr = "127.0.0.1:8547"
	}
	if cfg.ProverAddr == "" {
		cfg.ProverAddr = "127.0.0.1:3900"
	}
	if cfg.InputsAddr == "" {
		cfg.InputsAddr = "127.0.0.1:3901"
	}
	if cfg.Market.TimeoutAfter == 0 {
		cfg.Market.TimeoutAfter = 5 * time.Minute
	}
	if cfg.BlockTime == 0 {
		cfg.BlockTime = time.Second
	}
	if cfg.Batcher == (rollup.SealLimits{}) {
		cfg.Batcher = rollup.SealLimits{MaxBlocks: 10, MaxGas: 100_000_000, MaxSeconds: 10, MaxDeposits: 100}
	}
	if cfg.Provers == 0 {
		cfg.Provers = 1
	}
	if cfg.Provers < 0 {
		cfg.Provers = 0
	}
	keys := devchain.DevKeys()
	d := &Devnet{cfg: cfg, log: log, Operator: keys[operatorKey], ProverKey: keys[proverKey], L1URL: cfg.L1RPC}
	if err := os.MkdirAll(cfg.DataDir, 0o755); err != nil {
		return nil, fmt.Errorf("devnet: %w", err)
	}
	if cfg.L1RPC == "" {
		chain, err := devchain.Start(devchain.Config{DataDir: filepath.Join(cfg.DataDir, "l1"), HTTPAddr: cfg.L1HTTPAddr,
			Period: cfg.L1Period}, log.With("service", "l1"))
		if err != nil {
			return nil, err
		}
		d.L1, d.L1URL = chain, chain.URL()
	}
	ok := false
	defer func() {
		if !ok {
			d.Close()
		}
	}()

	genesisPath := filepath.Join(cfg.DataDir, "genesis.json")
	gen, err := config.LoadGenesis(genesisPath)
	switch {
	case err == nil:
		log.Info("devnet resumes from its genesis file", "path", genesisPath)
	case errors.Is(err, os.ErrNotExist):
		if gen, err = d.deploy(ctx, cfg); err != nil {
			return nil, err
		}
		if err := config.SaveGenesis(genesisPath, gen); err != nil {
			return nil, err
		}
	default:
		return nil, err
	}
	d.Genesis = gen

	ncfg := config.Default()
	ncfg.Node.DataDir = filepath.Join(cfg.DataDir, "node")
	ncfg.L1.RPCURL = d.L1URL
	ncfg.RPC.HTTPAddr = cfg.RPCAddr
	ncfg.ProverServer.ListenAddr = cfg.ProverAddr
	ncfg.Sequencer.BlockTime = config.Duration{Duration: cfg.BlockTime}
	ncfg.L1.OperatorKey = fmt.Sprintf("%x", crypto.FromECDSA(d.Operator))
	ncfg.Watcher.CheckInterval = config.Duration{Duration: 200 * time.Millisecond}
	ncfg.Watcher.Confirmations = 0 // the embedded L1 never reorgs
	ncfg.Committer.CheckInterval = config.Duration{Duration: 500 * time.Millisecond}
	ncfg.ProofSender.CheckInterval = config.Duration{Duration: 500 * time.Millisecond}
	ncfg.ProverServer.RetryAfter = config.Duration{Duration: time.Second}
	ncfg.Metrics.ListenAddr = cfg.MetricsAddr
	ncfg.ProofManager.Enabled = gen.Contracts.ProofManager != (common.Address{})
	ncfg.ProofManager.InputsListenAddr = cfg.InputsAddr
	ncfg.ProofManager.TimeoutAfter = config.Duration{Duration: cfg.Market.TimeoutAfter}
	ncfg.ProofManager.CheckInterval = config.Duration{Duration: 250 * time.Millisecond}
	if cfg.Node != nil {
		cfg.Node(&ncfg)
	}
	if err := ncfg.Validate(); err != nil {
		return nil, err
	}
	if d.Node, err = node.New(ctx, ncfg, gen, d.Operator, log); err != nil {
		return nil, err
	}
	if err := d.Node.Start(ctx); err != nil {
		return nil, err
	}

	runCtx, cancel := context.WithCancel(context.Background())
	d.runCtx, d.cancel = runCtx, cancel
	if ncfg.ProofManager.Enabled {
		if err := d.startAgents(ctx, gen, cfg.Market); err != nil {
			return nil, err
		}
	}
	if addr := d.Node.ProverAddr(); addr != nil {
		for i := 0; i < cfg.Provers; i++ {
			backend, err := exec.NewBackend(d.ProverKey, exec.Domain{L1ChainID: gen.L1ChainID, Verifier: gen.Contracts.ExecVerifier},
				exec.WithChainConfig(gen.L2.Config))
			if err != nil {
				return nil, err
			}
			pc, err := client.New(client.Config{Coordinator: addr.String(), ProverID: fmt.Sprintf("devnet-exec-%d", i),
				ProofType: wire.ProofTypeExec, ChainID: gen.L2ChainID(), Genesis: gen.Hash(),
				MinBackoff: 100 * time.Millisecond, MaxBackoff: 2 * time.Second}, backend, log.With("service", "prover", "id", i))
			if err != nil {
				return nil, err
			}
			d.wg.Add(1)
			go func() {
				defer d.wg.Done()
				if err := pc.Run(runCtx); err != nil && runCtx.Err() == nil {
					log.Error("internal prover stopped", "err", err)
				}
			}()
		}
	}
	ok = true
	return d, nil
}

func (d *Devnet) deploy(ctx context.Context, cfg Config) (*config.Genesis, error) {
	l1, err := ethclient.DialContext(ctx, d.L1URL)
	if err != nil {
		return nil, fmt.Errorf("devnet: L1 %s: %w", d.L1URL, err)
	}
	defer l1.Close()
	l1ID, err := l1.ChainID(ctx)
	if err != nil {
		return nil, fmt.Errorf("devnet: L1 %s: %w", d.L1URL, err)
	}
	fermah, lagrange := networkKeys()
	provers := []common.Address{crypto.PubkeyToAddress(d.ProverKey.PublicKey)}
	if !cfg.Market.Disabled {
		provers = append(provers, crypto.PubkeyToAddress(fermah.PublicKey), crypto.PubkeyToAddress(lagrange.PublicKey))
	}
	funds := map[common.Address]*big.Int{}
	for _, k := range devchain.DevKeys() {
		funds[crypto.PubkeyToAddress(k.PublicKey)] = new(big.Int).Mul(big.NewInt(1_000_000), big.NewInt(params.Ether))
	}
	l2 := execution.NewGenesis(execution.GenesisParams{ChainID: L2ChainID, Accounts: funds, L2BridgeCode: contracts.L2BridgeRuntimeCode()})
	deployCtx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	addrs, err := deploy.Deploy(deployCtx, l1, bind.NewKeyedTransactor(d.Operator, l1ID), deploy.Params{
		L2ChainID: L2ChainID, GenesisStateRoot: l2.ToBlock().Root(), GenesisBlockHash: l2.ToBlock().Hash(),
		Operator: crypto.PubkeyToAddress(d.Operator.PublicKey),
		Provers:  provers,
	})
	if err != nil {
		return nil, err
	}
	contracts := config.Contracts{Bridge: addrs.Bridge, OnChainProposer: addrs.OnChainProposer,
		ExecVerifier: addrs.ExecVerifier, BridgeDeployBlock: addrs.BridgeDeployBlock}
	if !cfg.Market.Disabled {
		pm, err := d.deployMarket(deployCtx, l1, l1ID, cfg.Market)
		if err != nil {
			return nil, err
		}
		contracts.ProofManager, contracts.ProofManagerDeployBlock = pm.ProofManager, pm.DeployBlock
	}
	d.log.Info("L1 contracts deployed", "bridge", addrs.Bridge, "onChainProposer", addrs.OnChainProposer, "execVerifier", addrs.ExecVerifier)
	return &config.Genesis{ProtocolVersion: config.ProtocolVersion, L1ChainID: l1ID.Uint64(),
		Contracts: contracts, Batcher: cfg.Batcher, L2: l2}, nil
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
	if d.Node != nil {
		if err := d.Node.Close(); err != nil {
			d.log.Warn("node close", "err", err)
		}
	}
	for _, c := range d.closers {
		c()
	}
	if d.L1 != nil {
		_ = d.L1.Close()
	}
}
