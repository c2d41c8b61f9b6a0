// Package devchain runs an embedded L1 for development and tests: an
// in-process geth dev chain (proof-of-stake driven by geth's simulated
// beacon), with JSON-RPC on a local port and prefunded dev accounts. It
// keeps the blobs of its blob transactions and serves them on the beacon
// node API paths a rollup reads them back from (beaconapi.go, capture.go).
package devchain

import (
	"crypto/ecdsa"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"math/big"
	"net"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core"
	"github.com/ethereum/go-ethereum/core/rawdb"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/eth"
	"github.com/ethereum/go-ethereum/eth/catalyst"
	"github.com/ethereum/go-ethereum/eth/ethconfig"
	"github.com/ethereum/go-ethereum/eth/filters"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/ethereum/go-ethereum/event"
	"github.com/ethereum/go-ethereum/node"
	"github.com/ethereum/go-ethereum/p2p"
	"github.com/ethereum/go-ethereum/params"
	"github.com/ethereum/go-ethereum/rpc"
)

// ChainID is the dev L1's chain id.
const ChainID = 1337

// Config says how to run the dev chain.
type Config struct {
	DataDir  string // "" keeps the chain in memory
	HTTPAddr string // host:port of JSON-RPC, e.g. 127.0.0.1:8545; port 0 picks a free one
	// Period is the block time in seconds; 0 seals a block as soon as a
	// transaction arrives (what tests want).
	Period uint64
	// Funded accounts get 1,000,000 ETH each in genesis, on top of the dev keys.
	Funded []common.Address
	// Balances are genesis balances that replace the 1,000,000 ETH of a dev
	// key or a Funded account (or fund one more account).
	Balances map[common.Address]*big.Int
	// GasLimit is the genesis block gas limit, which blocks keep; 0 is
	// 30M (with geth's default gas ceiling the limit then drifts upwards).
	GasLimit uint64
}

// Chain is a running dev L1.
type Chain struct {
	stack  *node.Node
	eth    *eth.Ethereum
	beacon *catalyst.SimulatedBeacon
	url    string
	quit   chan struct{}  // stops the sealer goroutine
	sealer sync.WaitGroup // the sealer goroutine, which Close waits for
	// sealMu serialises sealing: geth's simulated beacon is not safe for
	// two blocks sealed at once (on-demand sealing and AdjustTime).
	sealMu *sync.Mutex
	blobs  *blobStore // the blobs of the chain's blob transactions (capture.go)
	// capturedTxs are the pool's blob transactions whose blobs are stored
	// (guarded by sealMu).
	capturedTxs map[common.Hash]struct{}
	log         *slog.Logger
}

// DevKeys are the prefunded dev accounts' keys, the same on every run so
// that addresses in docs and scripts stay valid. Never use them on a real
// network.
func DevKeys() []*ecdsa.PrivateKey {
	keys := make([]*ecdsa.PrivateKey, 11)
	for i := range keys {
		seed := crypto.Keccak256([]byte("cairn dev key " + strconv.Itoa(i)))
		k, err := crypto.ToECDSA(seed)
		if err != nil {
			panic(err) // a keccak output is a valid key with overwhelming probability
		}
		keys[i] = k
	}
	return keys
}

// Start creates and starts the dev chain.
func Start(cfg Config, log *slog.Logger) (*Chain, error) {
	stack, err := newStack(cfg)
	if err != nil {
		return nil, err
	}
	ethCfg := ethConfig(cfg)
	backend, err := eth.New(stack, &ethCfg)
	if err != nil {
		stack.Close()
		var mismatch *core.GenesisMismatchError
		if strings.Contains(err.Error(), "incompatible state scheme") || errors.As(err, &mismatch) {
			return nil, fmt.Errorf("dev L1: %s holds a chain an older Cairn wrote, which this one cannot open; delete it (and the L2 data built on it) or start in another directory (%w)", cfg.DataDir, err)
		}
		return nil, fmt.Errorf("dev L1: %w", err)
	}
	fs := filters.NewFilterSystem(backend.APIBackend, filters.Config{})
	stack.RegisterAPIs([]rpc.API{{Namespace: "eth", Service: filters.NewFilterAPI(fs)}})
	c := &Chain{stack: stack, eth: backend, sealMu: new(sync.Mutex), capturedTxs: make(map[common.Hash]struct{}), log: log}
	blobDir := ""
	if cfg.DataDir != "" {
		blobDir = stack.ResolvePath("blob-sidecars")
	}
	if c.blobs, err = openBlobStore(blobDir); err != nil {
		stack.Close()
		return nil, err
	}
	stack.RegisterHandler("Beacon API (blobs)", "/eth/v1/", newBeaconAPI(c))
	if err := c.newBeacon(); err != nil {
		stack.Close()
		return nil, err
	}
	if err := stack.Start(); err != nil {
		stack.Close()
		return nil, fmt.Errorf("dev L1: start (is %s already in use?): %w", cfg.HTTPAddr, err)
	}
	// Sealing starts once the chain runs, and Close stops it before the
	// chain's database closes (a seal on a closed database panics).
	c.startSealer(cfg.Period)
	c.url = stack.HTTPEndpoint()
	log.Info("Dev L1 started", "rpc", c.url, "chain_id", ChainID, "block_time", cfg.Period, "beacon_api", c.url+"/eth/v1/")
	return c, nil
}

// newStack is the geth node of the chain: JSON-RPC over HTTP on
// cfg.HTTPAddr, no p2p.
func newStack(cfg Config) (*node.Node, error) {
	host, portStr, err := net.SplitHostPort(cfg.HTTPAddr)
	if err != nil {
		return nil, fmt.Errorf("dev L1: http address %q: %w", cfg.HTTPAddr, err)
	}
	port, err := strconv.Atoi(portStr)
	if err != nil {
		return nil, fmt.Errorf("dev L1: http port %q: %w", portStr, err)
	}
	nodeCfg := node.DefaultConfig
	nodeCfg.Name = "cairn-dev-l1"
	nodeCfg.DataDir = cfg.DataDir
	nodeCfg.P2P = p2p.Config{NoDiscovery: true, MaxPeers: 0, ListenAddr: ""}
	nodeCfg.HTTPHost = host
	nodeCfg.HTTPPort = port
	nodeCfg.HTTPModules = []string{"eth", "net", "web3", "txpool", "debug"}
	nodeCfg.HTTPVirtualHosts = []string{"*"}
	nodeCfg.WSHost, nodeCfg.AuthPort = "", 0
	nodeCfg.Logger = nil
	stack, err := node.New(&nodeCfg)
	if err != nil {
		return nil, fmt.Errorf("dev L1: %w", err)
	}
	return stack, nil
}

// genesis is the chain's genesis: geth's dev genesis with mainnet's rules,
// the dev keys and cfg.Funded funded.
func genesis(cfg Config) *core.Genesis {
	alloc := core.SystemContractAllocs()
	fund := new(big.Int).Mul(big.NewInt(1_000_000), big.NewInt(params.Ether))
	for _, k := range DevKeys() {
		alloc[crypto.PubkeyToAddress(k.PublicKey)] = types.Account{Balance: fund}
	}
	for _, a := range cfg.Funded {
		alloc[a] = types.Account{Balance: fund}
	}
	for a, b := range cfg.Balances {
		alloc[a] = types.Account{Balance: new(big.Int).Set(b)}
	}
	gasLimit := cfg.GasLimit
	if gasLimit == 0 {
		gasLimit = 30_000_000
	}
	g := core.DeveloperGenesisBlock(gasLimit, nil)
	for a, acc := range alloc {
		g.Alloc[a] = acc
	}
	g.Config.ChainID = big.NewInt(ChainID)
	// Mainnet's rules (up to Osaka), not the experimental Bogota repricing
	// geth's dev config enables: gas figures and estimates on the dev L1
	// then mean what they mean on Ethereum.
	g.Config.BogotaTime = nil
	return g
}

// ethConfig is the chain's eth service: small caches, every state written.
func ethConfig(cfg Config) ethconfig.Config {
	ethCfg := ethconfig.Defaults
	ethCfg.Genesis = genesis(cfg)
	ethCfg.NetworkId = ChainID
	ethCfg.SyncMode = ethconfig.FullSync
	ethCfg.Miner.PendingFeeRecipient = common.Address{}
	if cfg.GasLimit != 0 {
		ethCfg.Miner.GasCeil = cfg.GasLimit
	}
	// A dev chain holds little: small caches keep its memtables, and with
	// them its preallocated write-ahead log, small (geth's defaults take
	// over a gigabyte of disk).
	ethCfg.DatabaseCache, ethCfg.TrieCleanCache, ethCfg.TrieDirtyCache, ethCfg.SnapshotCache = 32, 16, 16, 16
	// Every block's state written through (archive, hash scheme): killed
	// with the devnet's process, the chain restarts on its last block.
	// geth's default keeps recent state in memory and, without a clean
	// shutdown, came back at genesis: the L2's commits and proofs gone.
	ethCfg.StateScheme, ethCfg.NoPruning = rawdb.HashScheme, true
	return ethCfg
}

// newBeacon registers the simulated beacon that seals the chain's blocks
// when startSealer's loop asks it to (the beacon itself never seals on its
// own), so that every block is sealed through seal, which keeps its blobs.
func (c *Chain) newBeacon() error {
	beacon, err := catalyst.NewSimulatedBeacon(0, common.Address{}, c.eth)
	if err != nil {
		return fmt.Errorf("dev L1 beacon: %w", err)
	}
	c.beacon = beacon
	c.stack.RegisterLifecycle(beacon)
	return nil
}

// startSealer starts the goroutine that seals every period seconds, or on
// demand with period 0.
func (c *Chain) startSealer(period uint64) {
	c.quit = make(chan struct{})
	c.sealer.Add(1)
	if period != 0 {
		go func() {
			defer c.sealer.Done()
			c.sealEvery(time.Duration(min(period, uint64(math.MaxInt64/time.Second))) * time.Second)
		}()
		return
	}
	// Seal on demand. geth's own on-demand loop subscribes to the txpool
	// in a goroutine after start, so a transaction sent right away can
	// be missed and never sealed; this loop subscribes before Start
	// returns.
	newTxs := make(chan core.NewTxsEvent, 64)
	sub := c.eth.TxPool().SubscribeTransactions(newTxs, true)
	go func() {
		defer c.sealer.Done()
		c.sealOnDemand(newTxs, sub)
	}()
}

// seal runs do (which seals a block) between capturing the blobs it may
// include and syncing the database (capture.go), under sealMu; then, if
// not nil, after, still under sealMu. The head's blobs are checked right
// after do, before anything waits for the pool to drop them.
func (c *Chain) seal(do func() error, after func()) error {
	c.sealMu.Lock()
	defer c.sealMu.Unlock()
	if err := c.capturePending(); err != nil {
		c.log.Error("Dev L1 could not store pending blobs", "err", err)
	}
	err := do()
	if err := c.captureHead(); err != nil {
		c.log.Error("Dev L1 could not store a block's blobs", "err", err)
	}
	// geth writes without fsync, and pebble may still hold the block's
	// last writes in its own buffer: synced here, a kill -9 after the
	// seal loses nothing sealed.
	_ = c.eth.ChainDb().SyncKeyValue()
	if after != nil {
		after()
	}
	return err
}

// URL is the JSON-RPC endpoint.
func (c *Chain) URL() string { return c.url }

// Client dials the chain's JSON-RPC in process.
func (c *Chain) Client() *ethclient.Client {
	return ethclient.NewClient(c.stack.Attach())
}

// AdjustTime seals a block whose timestamp is d later than the head's.
func (c *Chain) AdjustTime(d uint64) error {
	return c.seal(func() error {
		// The pool forgets the transactions of the last sealed block on
		// its own loop; AdjustTime refuses while it still lists them.
		if err := c.eth.TxPool().Sync(); err != nil {
			return fmt.Errorf("dev L1: adjust time: sync txpool: %w", err)
		}
		return c.beacon.AdjustTime(time.Duration(d) * time.Second)
	}, nil)
}

// Fork makes the block with hash parent the head, as when L1 reorgs onto a
// chain that forks off there: the blocks after it leave the canonical
// chain, and the next blocks sealed build on parent. The transactions of
// the abandoned blocks go back to the pool and are mined again, unless
// dropTxs is set (a new chain that never saw them). The pool must hold no
// pending transaction.
func (c *Chain) Fork(parent common.Hash, dropTxs bool) error {
	c.sealMu.Lock()
	defer c.sealMu.Unlock()
	if err := c.beacon.Fork(parent); err != nil {
		return fmt.Errorf("dev L1: fork at %s: %w", parent, err)
	}
	// The pool moves to the new head (re-injecting the abandoned
	// transactions) on its own loop: the second sync is ordered after it.
	for i := 0; i < 2; i++ {
		if err := c.eth.TxPool().Sync(); err != nil {
			return fmt.Errorf("dev L1: fork: sync txpool: %w", err)
		}
	}
	if dropTxs {
		c.beacon.Rollback()
	}
	return nil
}

// Close stops the chain.
func (c *Chain) Close() error {
	if c.quit != nil {
		close(c.quit)
		c.sealer.Wait()
	}
	return c.stack.Close()
}

// sealEvery seals a block every period, as geth's simulated beacon does
// on its own timer, until the chain closes.
func (c *Chain) sealEvery(period time.Duration) {
	timer := time.NewTimer(0)
	defer timer.Stop()
	for {
		select {
		case <-c.quit:
			return
		case <-timer.C:
		}
		_ = c.seal(func() error { c.beacon.Commit(); return nil }, nil)
		timer.Reset(period)
	}
}

// sealOnDemand seals a block whenever transactions arrive, and keeps
// sealing while the pool still has executable ones.
func (c *Chain) sealOnDemand(newTxs <-chan core.NewTxsEvent, sub event.Subscription) {
	defer sub.Unsubscribe()
	for {
		select {
		case <-c.quit:
			return
		case <-sub.Err():
			return
		case <-newTxs:
		}
		for {
			pending := 0
			_ = c.seal(func() error { c.beacon.Commit(); return nil }, func() {
				_ = c.eth.TxPool().Sync()
				pending, _ = c.eth.TxPool().Stats()
			})
			if pending == 0 {
				break
			}
			select {
			case <-c.quit:
				return
			default:
			}
		}
	}
}
