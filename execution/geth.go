package execution

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"net"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core"
	"github.com/ethereum/go-ethereum/core/rawdb"
	"github.com/ethereum/go-ethereum/core/state"
	"github.com/ethereum/go-ethereum/core/stateless"
	"github.com/ethereum/go-ethereum/core/txpool"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/eth"
	"github.com/ethereum/go-ethereum/eth/ethconfig"
	"github.com/ethereum/go-ethereum/eth/filters"
	"github.com/ethereum/go-ethereum/eth/tracers"
	"github.com/ethereum/go-ethereum/node"
	"github.com/ethereum/go-ethereum/p2p"
	"github.com/ethereum/go-ethereum/params"
	"github.com/ethereum/go-ethereum/rlp"
	"github.com/ethereum/go-ethereum/rpc"

	// Registers geth's native tracers (callTracer, prestateTracer, ...) for debug_trace*.
	_ "github.com/ethereum/go-ethereum/eth/tracers/native"
)

// DefaultHTTPModules are the JSON-RPC namespaces served on the HTTP endpoint
// when Config.HTTPModules is nil: none that moves the chain or the peers
// (debug_setHead would move geth's head out from under the node).
var DefaultHTTPModules = []string{"eth", "net", "web3", "txpool", "cairn"}

// DefaultHTTPVirtualHosts are the Host header names the HTTP endpoint serves
// when Config.HTTPVirtualHosts is nil: geth's default.
var DefaultHTTPVirtualHosts = []string{"localhost"}

// GethHTTPModules are the namespaces geth itself offers over HTTP; Start
// accepts these in Config.HTTPModules, and those added with RegisterAPIs.
var GethHTTPModules = []string{"eth", "net", "web3", "txpool", "debug", "admin", "miner"}

var (
	// ErrUnknownBlock is returned when a block hash is not known to the engine.
	ErrUnknownBlock = errors.New("unknown block")
	// ErrUnknownParent is returned when a block's parent is not known to the engine.
	ErrUnknownParent = errors.New("unknown parent block")
	// ErrBlobTx is returned for anything carrying an EIP-4844 blob transaction.
	ErrBlobTx = errors.New("blob transactions are not supported on Cairn L2")
	// ErrNotStarted is returned by block operations before Start or after Close.
	ErrNotStarted = errors.New("execution engine not running")
)

// Config configures the embedded geth.
type Config struct {
	// DataDir is geth's data directory; "" keeps everything in memory.
	DataDir string
	// HTTPAddr is host:port of geth's HTTP JSON-RPC; port 0 picks a free port
	// (see HTTPEndpoint); "" disables the HTTP server.
	HTTPAddr string
	// WSAddr is host:port of the WebSocket JSON-RPC server (eth_subscribe);
	// port 0 picks a free port (see WSEndpoint); "" disables it. WSAddr
	// equal to HTTPAddr serves WebSocket on the HTTP listener, as geth does
	// when --ws.port is --http.port.
	WSAddr string
	// HTTPModules are the namespaces served over HTTP and WebSocket, as
	// geth's --http.api; nil = DefaultHTTPModules. Start refuses an empty
	// list (geth would serve every namespace) and a namespace nobody offers.
	HTTPModules []string
	// HTTPCors are the browser origins allowed to call the HTTP endpoint
	// (geth's --http.corsdomain; one "*" wildcard an entry, as in
	// "http://localhost:*"); nil = none, geth's default. The WebSocket
	// endpoint accepts the same origins (see wsOrigins).
	HTTPCors []string
	// HTTPVirtualHosts are the host names the HTTP endpoint serves (the
	// Host header; geth's --http.vhosts; "*" any); requests naming an IP
	// address are always served. nil = ["localhost"], geth's default.
	HTTPVirtualHosts []string
	// Genesis of the L2 (see NewGenesis). Required.
	Genesis *core.Genesis
	// GasCeil is the gas limit blocks are built towards; 0 = the genesis gas limit.
	GasCeil uint64
	// MinTip is the minimum priority fee (wei) the txpool accepts and the
	// block builder includes; nil = 1 wei.
	MinTip *big.Int
	// CacheMB is the memory geth may use for its database and trie caches
	// (its memtables, and so its write-ahead log files, scale with it); 0
	// keeps geth's defaults (about 4 GB).
	CacheMB int
	// Archive keeps the state of every block (geth's hash scheme, no
	// pruning): the witness of any block can be regenerated and any block's
	// state read. Otherwise geth keeps the state of the last 128 blocks
	// (its path scheme) and the disk stays flat. New refuses a data
	// directory written in the other mode.
	Archive bool
	// OnLocalTx, if set, is called with each transaction a client sent
	// through eth_sendRawTransaction once the txpool took it: the node
	// gossips it to the leaders. raw is the transaction's binary encoding,
	// as the client sent it.
	OnLocalTx func(tx *types.Transaction, raw []byte)
	// AllowUnprotectedTxs accepts transactions without EIP-155 replay
	// protection over JSON-RPC, as geth's --rpc.allow-unprotected-txs.
	AllowUnprotectedTxs bool
	// Network, if set, answers eth_syncing (while the node is behind its
	// peers) and net_peerCount in place of geth's devp2p, which Cairn
	// does not run.
	Network Network
}

// BuildAttrs are the Engine API payload attributes of a block to build.
type BuildAttrs struct {
	Timestamp    uint64
	FeeRecipient common.Address
	PrevRandao   common.Hash
	// Withdrawals are the L1 deposits to mint: {Index: depositId, Validator: 0,
	// Address: recipient, Amount: gwei}. nil is the same as empty.
	Withdrawals []*types.Withdrawal
	// MaxSize bounds the block's RLP encoding in bytes (the consensus
	// payload limit); 0 = geth's limit, params.MaxBlockSize.
	MaxSize uint64
	// Witness collects the block's stateless witness while it is built:
	// ImportBlock of the built block returns it without executing again.
	Witness bool
}

// Geth is an embedded go-ethereum node whose chain is driven by the caller:
// BuildBlock, ImportBlock and SetHead replace a consensus client.
type Geth struct {
	cfg   Config
	log   *slog.Logger
	stack *node.Node
	eth   *eth.Ethereum

	mu      sync.Mutex // serialises block operations and lifecycle
	running bool
	closed  bool
	extra   []string  // namespaces added with RegisterAPIs
	apis    []rpc.API // what the HTTP endpoint may serve, in registration order
	guard   *txGuard  // eth_sendRawTransaction
	served  bool      // the HTTP handler is registered
	ws      wsServer  // the WebSocket JSON-RPC server

	gasCeil  uint64                             // the gas limit blocks are built towards
	minTip   *big.Int                           // the lowest priority fee the builder includes
	recommit time.Duration                      // the builder's time budget for filling a block
	built    map[common.Hash]*stateless.Witness // witnesses of built blocks not imported yet

	stages     *stageClock
	poolSynced chan struct{} // closed once the txpool moved to the last head set
	syncMu     sync.Mutex    // serialises txpool syncs
	wg         sync.WaitGroup
	seeds      sync.WaitGroup // seedSenders of imported blocks, awaited before a head moves
}

// New assembles geth (node.Node + eth.Ethereum) without starting it. devp2p
// neither listens nor discovers; the HTTP JSON-RPC serves cfg.HTTPModules.
func New(cfg Config, log *slog.Logger) (*Geth, error) {
	if cfg.Genesis == nil || cfg.Genesis.Config == nil || cfg.Genesis.Config.ChainID == nil {
		return nil, errors.New("execution: genesis with a chain config is required")
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if err := checkWSAddr(cfg.WSAddr); err != nil {
		return nil, err
	}
	nodeCfg, err := nodeConfig(cfg, log)
	if err != nil {
		return nil, err
	}
	stack, err := node.New(nodeCfg)
	if err != nil {
		return nil, fmt.Errorf("execution: create geth node: %w", err)
	}
	if err := checkStateScheme(stack, cfg.DataDir, cfg.Archive); err != nil {
		stack.Close()
		return nil, err
	}
	ethCfg := ethConfig(cfg)
	backend, err := eth.New(stack, ethCfg)
	if err != nil {
		stack.Close()
		return nil, fmt.Errorf("execution: create eth service: %w", err)
	}
	filterSystem := filters.NewFilterSystem(backend.APIBackend, filters.Config{})
	stages := new(stageClock)
	guard, err := newTxGuard(backend, cfg.OnLocalTx, stages)
	if err != nil {
		stack.Close()
		return nil, err
	}
	ours := append([]rpc.API{{Namespace: "eth", Service: filters.NewFilterAPI(filterSystem)}}, tracers.APIs(backend.APIBackend)...)
	// After geth's own eth namespace, so that the guard's methods replace
	// geth's eth_sendRawTransaction{,Sync}.
	ours = append(ours, rpc.API{Namespace: "eth", Service: guard}, rpc.API{Namespace: "web3", Service: web3API{}})
	if cfg.Network != nil { // likewise eth_syncing and net_peerCount
		ours = append(ours, rpc.API{Namespace: "eth", Service: syncingAPI{cfg.Network}}, rpc.API{Namespace: "net", Service: netAPI{cfg.Network}})
	}
	stack.RegisterAPIs(ours)

	return &Geth{cfg: cfg, log: log, stack: stack, eth: backend, stages: stages, guard: guard,
		apis:    append(backend.APIs(), ours...),
		gasCeil: ethCfg.Miner.GasCeil, minTip: ethCfg.Miner.GasPrice, recommit: ethCfg.Miner.Recommit,
		built: map[common.Hash]*stateless.Witness{}}, nil
}

func nodeConfig(cfg Config, log *slog.Logger) (*node.Config, error) {
	c := node.DefaultConfig
	c.Name = "geth"
	c.DataDir = cfg.DataDir
	c.IPCPath = ""
	c.P2P = p2p.Config{
		MaxPeers:    0,
		NoDiscovery: true,
		NoDial:      true,
		ListenAddr:  "",
		DiscoveryV4: false,
		DiscoveryV5: false,
	}
	c.HTTPHost, c.HTTPPort = "", 0
	c.WSHost = ""
	c.AuthPort = 0
	c.Logger = gethLogger(log)
	c.AllowUnprotectedTxs = cfg.AllowUnprotectedTxs
	if cfg.HTTPAddr != "" {
		host, port, err := net.SplitHostPort(cfg.HTTPAddr)
		if err != nil {
			return nil, fmt.Errorf("execution: http address %q: %w", cfg.HTTPAddr, err)
		}
		p, err := strconv.Atoi(port)
		if err != nil || p < 0 || p > 65535 {
			return nil, fmt.Errorf("execution: http address %q: bad port", cfg.HTTPAddr)
		}
		if host == "" {
			host = "0.0.0.0"
		}
		c.HTTPHost, c.HTTPPort = host, p
		c.HTTPModules = cfg.HTTPModules
		if c.HTTPModules == nil {
			c.HTTPModules = DefaultHTTPModules
		}
		c.HTTPVirtualHosts = cfg.HTTPVirtualHosts
		if c.HTTPVirtualHosts == nil {
			c.HTTPVirtualHosts = DefaultHTTPVirtualHosts
		}
		c.HTTPCors = cfg.HTTPCors
		c.HTTPTimeouts = rpc.DefaultHTTPTimeouts
	}
	return &c, nil
}

func ethConfig(cfg Config) *ethconfig.Config {
	c := ethconfig.Defaults
	c.Genesis = cfg.Genesis
	c.NetworkId = cfg.Genesis.Config.ChainID.Uint64()
	c.SyncMode = ethconfig.FullSync
	if cfg.Archive {
		// Every block's state written through: a witness needs the trie
		// nodes of its parent state, which geth's path-scheme archive
		// (flat state histories) does not keep.
		c.NoPruning = true
		c.StateScheme = rawdb.HashScheme
	} else {
		c.StateScheme = rawdb.PathScheme
		c.StateHistory = stateHistory
	}
	// No speculative prefetcher: geth runs every transaction of a block a
	// second time, beside the import, to warm a state cache that the
	// builder or the previous block has already warmed; on a small box it
	// competes for the cores the import needs.
	c.NoPrefetch = true
	c.TxPool.NoLocals = true
	c.TxPool.Journal = ""
	minTip := big.NewInt(1)
	if cfg.MinTip != nil {
		minTip = new(big.Int).Set(cfg.MinTip)
	}
	c.TxPool.PriceLimit = minTip.Uint64()
	c.Miner.GasPrice = minTip
	c.Miner.GasCeil = cfg.GasCeil
	if c.Miner.GasCeil == 0 {
		c.Miner.GasCeil = cfg.Genesis.GasLimit
	}
	// Room for four blocks of transfers: geth's 5,120 executable
	// transactions would keep blocks of a large gas limit from filling.
	if slots := 4 * c.Miner.GasCeil / params.TxGas; slots > c.TxPool.GlobalSlots {
		c.TxPool.GlobalSlots = slots
		c.TxPool.GlobalQueue = max(c.TxPool.GlobalQueue, slots/4)
	}
	if mb := cfg.CacheMB; mb > 0 {
		c.DatabaseCache = max(mb/2, 8)
		c.TrieCleanCache = max(mb/4, 4)
		c.TrieDirtyCache = max(mb/8, 4)
		c.SnapshotCache = max(mb/8, 4)
		c.DatabaseHandles = 256
	}
	return &c
}

// stateHistory is the number of blocks whose reverse state diffs a pruned
// node keeps, so that geth can roll its persisted state back after a
// crash to the head it restarts on. Geth persists a block's state only
// once 128 newer blocks are in memory, and the node moves its head at most
// 64 blocks after importing them (block sync, sequencer.maxHeadLag), so the
// persisted state is not ahead of the head. 0 would keep the whole chain's histories,
// the disk growth pruning is for; geth's default keeps 90,000 blocks'.
const stateHistory = 128

// checkStateScheme refuses a data directory written in the other mode
// with a line that says what to do; geth's own refusal ("incompatible
// state scheme") names no setting.
func checkStateScheme(stack *node.Node, dir string, archive bool) error {
	if dir == "" || rawdb.PreexistingDatabase(stack.ResolvePath("chaindata")) == "" {
		return nil
	}
	db, err := stack.OpenDatabaseWithOptions("chaindata", node.DatabaseOptions{ReadOnly: true})
	if err != nil {
		return fmt.Errorf("execution: open %s: %w", dir, err)
	}
	stored := rawdb.ReadStateScheme(db)
	db.Close()
	switch {
	case stored == rawdb.HashScheme && !archive:
		return fmt.Errorf("execution: %s holds archive (hash-scheme) state; set execution.archive = true, or start pruned from an empty data directory", dir)
	case stored == rawdb.PathScheme && archive:
		return fmt.Errorf("execution: %s holds pruned (path-scheme) state; set execution.archive = false (a node with the operator key is always archive), or start archive from an empty data directory", dir)
	}
	return nil
}

// Start starts geth: the chain, the txpool and the HTTP server.
func (e *Geth) Start() error {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.closed {
		return errors.New("execution: engine closed")
	}
	if e.running {
		return nil
	}
	if err := e.checkHTTPModules(); err != nil {
		return err
	}
	if err := e.startServers(); err != nil {
		return err
	}
	// Post-merge from genesis: let geth's txpool and RPC consider the node synced.
	e.eth.SetSynced()
	// Genesis is batch 0, committed and verified by definition: the tags
	// are never missing on a fresh chain (geth restores finalized, and
	// safe with it, on a restart).
	if bc := e.eth.BlockChain(); bc.CurrentFinalBlock() == nil {
		g := bc.Genesis().Header()
		bc.SetSafe(g)
		bc.SetFinalized(g)
	}
	e.running = true
	head := e.Head()
	e.log.Info("Execution engine started", "head", head.Number, "archive", e.cfg.Archive, "hash", head.Hash(), "http", e.HTTPEndpoint(), "ws", e.WSEndpoint())
	return nil
}

// Close stops geth and releases the data directory.
func (e *Geth) Close() error {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.closed {
		return nil
	}
	e.closed = true
	e.running = false
	e.seeds.Wait() // they read geth's database
	e.ws.stop()    // geth's shutdown leaves upgraded connections open
	err := e.stack.Close()
	e.wg.Wait() // the pool syncs end once the pool is closed
	if err != nil && !errors.Is(err, node.ErrNodeStopped) {
		return err
	}
	return nil
}

// RegisterAPIs adds JSON-RPC services (such as the cairn namespace) to geth's
// servers. It must be called before Start; namespaces to be served over HTTP
// must be in Config.HTTPModules.
func (e *Geth) RegisterAPIs(apis []rpc.API) {
	e.mu.Lock()
	for _, a := range apis {
		e.extra = append(e.extra, a.Namespace)
	}
	e.apis = append(e.apis, apis...)
	e.mu.Unlock()
	e.stack.RegisterAPIs(apis)
}

// checkHTTPModules refuses the module lists geth would take badly: an empty
// one (geth then serves everything) and unknown names (geth logs and goes on).
func (e *Geth) checkHTTPModules() error {
	if (e.cfg.HTTPAddr == "" && e.cfg.WSAddr == "") || e.cfg.HTTPModules == nil {
		return nil
	}
	if len(e.cfg.HTTPModules) == 0 {
		return errors.New("execution: the list of HTTP JSON-RPC namespaces is empty")
	}
	for _, m := range e.cfg.HTTPModules {
		if !slices.Contains(GethHTTPModules, m) && !slices.Contains(e.extra, m) {
			return fmt.Errorf("execution: unknown HTTP JSON-RPC namespace %q; use %s", m,
				strings.Join(append(slices.Clone(GethHTTPModules), e.extra...), ", "))
		}
	}
	return nil
}

// HTTPEndpoint is the URL of the HTTP JSON-RPC server ("" if disabled). With
// port 0 it reports the port actually bound, once started.
func (e *Geth) HTTPEndpoint() string {
	if e.cfg.HTTPAddr == "" {
		return ""
	}
	return e.stack.HTTPEndpoint()
}

// ChainConfig is the L2 chain configuration in force.
func (e *Geth) ChainConfig() *params.ChainConfig { return e.eth.BlockChain().Config() }

// Head is the header of the current canonical head.
func (e *Geth) Head() *types.Header { return e.eth.BlockChain().CurrentBlock() }

// BlockByNumber is the canonical block at height n, or nil.
func (e *Geth) BlockByNumber(n uint64) *types.Block { return e.eth.BlockChain().GetBlockByNumber(n) }

// BlockByHash is the block with that hash (canonical or not), or nil.
func (e *Geth) BlockByHash(h common.Hash) *types.Block { return e.eth.BlockChain().GetBlockByHash(h) }

// Receipts are the receipts of the block with that hash, or nil.
func (e *Geth) Receipts(h common.Hash) types.Receipts {
	return e.eth.BlockChain().GetReceiptsByHash(h)
}

// StateAt opens the state after the block with that header.
func (e *Geth) StateAt(h *types.Header) (*state.StateDB, error) {
	return e.eth.BlockChain().StateAt(h.Root, h.Number, h.Time)
}

// HasState says whether geth holds the state with that root (a pruned
// node keeps the last 128 blocks', less after a crash).
func (e *Geth) HasState(root common.Hash) bool { return e.eth.BlockChain().HasState(root) }

// TxPool is geth's transaction pool (pending transactions, subscriptions).
func (e *Geth) TxPool() *txpool.TxPool { return e.eth.TxPool() }

// SendTx adds a transaction to the local txpool, as eth_sendRawTransaction
// does. Blob transactions are refused.
func (e *Geth) SendTx(ctx context.Context, tx *types.Transaction) error {
	if tx.Type() == types.BlobTxType {
		return ErrBlobTx
	}
	defer since(&e.stages.admission, time.Now())
	return addTx(e.eth, tx)
}

// SendTxs adds transactions to the local txpool in one call, as SendTx
// does each; the result has one error (or nil) per transaction.
func (e *Geth) SendTxs(ctx context.Context, txs []*types.Transaction) []error {
	errs := make([]error, len(txs))
	add := make([]*types.Transaction, 0, len(txs))
	idx := make([]int, 0, len(txs))
	for i, tx := range txs {
		if tx.Type() == types.BlobTxType {
			errs[i] = ErrBlobTx
			continue
		}
		add = append(add, tx)
		idx = append(idx, i)
	}
	if len(add) == 0 {
		return errs
	}
	defer since(&e.stages.admission, time.Now())
	for j, err := range e.eth.TxPool().Add(add, true) {
		errs[idx[j]] = err
	}
	return errs
}

// RecoverSenders starts recovering the senders of the blocks' transactions
// on geth's background workers (every core), so that their import finds
// them cached. It returns at once.
func (e *Geth) RecoverSenders(blocks []*types.Block) {
	if len(blocks) == 0 {
		return
	}
	cfg := e.ChainConfig()
	core.SenderCacher().RecoverFromBlocks(types.MakeSigner(cfg, blocks[0].Number(), blocks[0].Time()), blocks)
}

// PooledTx is the txpool's transaction with that hash, or nil. The pool's
// object carries its sender already recovered: a block decoded from the
// network that holds it can use this one instead.
func (e *Geth) PooledTx(h common.Hash) *types.Transaction { return e.eth.TxPool().Get(h) }

// BuildBlock builds a block on parent with the given attributes and the
// txpool's executable transactions (what an Engine API ForkchoiceUpdated
// with attributes + GetPayload yields once the builder has filled it) and
// stores it with its state, not as the head: each transaction executes
// once. ImportBlock and InsertBlock of the returned block find it stored.
func (e *Geth) BuildBlock(ctx context.Context, parent common.Hash, a BuildAttrs) (*types.Block, error) {
	// Until the pool is at the head, it offers transactions the head
	// already included.
	if err := e.awaitPool(ctx); err != nil {
		return nil, err
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if !e.running {
		return nil, ErrNotStarted
	}
	defer since(&e.stages.build, time.Now())
	bc := e.eth.BlockChain()
	ph := bc.GetHeaderByHash(parent)
	if ph == nil {
		return nil, fmt.Errorf("build block on %s: %w", parent, ErrUnknownParent)
	}
	if !bc.HasState(ph.Root) {
		return nil, fmt.Errorf("build block on %d (%s): parent state not available", ph.Number, parent)
	}
	if a.Timestamp <= ph.Time {
		return nil, fmt.Errorf("build block on %d: timestamp %d not after parent's %d", ph.Number, a.Timestamp, ph.Time)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	// No forced txpool reset here (awaitPool waited for the one SetHead
	// started, and transactions are added synchronously: SendTx, RPC): one
	// would strand transactions being promoted at that moment.
	b, err := e.buildOn(ctx, ph, a, e.recommit)
	if err != nil {
		return nil, err
	}
	// Stored now, executed once: importing it (the leader verifies its own
	// proposal) finds it known and takes the witness kept here.
	if err := e.writeBuilt(b); err != nil {
		return nil, err
	}
	if a.Witness {
		if len(e.built) >= maxBuiltWitnesses {
			clear(e.built) // proposals never imported
		}
		e.built[b.block.Hash()] = b.witness
	}
	e.seeds.Go(func() { seedSenders(bc, b.block) })
	return b.block, nil
}

// maxBuiltWitnesses bounds the witnesses kept for built blocks that are
// not imported yet.
const maxBuiltWitnesses = 4

// ImportBlock validates and stores a block (the Engine API's NewPayload),
// without making it the head, and returns the RLP encoding of the block's
// stateless witness (core/stateless.Witness), produced by the same execution.
// A block that does not execute to its header (state root, receipts, gas,
// bloom, requests) or whose parent is unknown is refused.
func (e *Geth) ImportBlock(ctx context.Context, b *types.Block) ([]byte, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	witness, err := e.importBlock(ctx, b, true)
	if err != nil {
		return nil, err
	}
	enc, err := rlp.EncodeToBytes(witness)
	if err != nil {
		return nil, fmt.Errorf("import block %d: encode witness: %w", b.NumberU64(), err)
	}
	return enc, nil
}

// InsertBlock validates and stores a block like ImportBlock, without
// collecting its witness (catching up from blocks whose witnesses are
// already stored). A block already known is accepted as it is.
func (e *Geth) InsertBlock(ctx context.Context, b *types.Block) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	_, err := e.importBlock(ctx, b, false)
	return err
}

// InsertChain is geth's own import of a chain segment (as `geth import`
// does it): the blocks are executed and stored in order and the last one
// becomes the head. It is the reference the node's block sync is measured
// against; the node itself imports through ImportBlock and InsertBlock.
func (e *Geth) InsertChain(ctx context.Context, blocks []*types.Block) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	if !e.running {
		return ErrNotStarted
	}
	for _, b := range blocks {
		for i, tx := range b.Transactions() {
			if tx.Type() == types.BlobTxType {
				return fmt.Errorf("insert chain: block %d tx %d (%s): %w", b.NumberU64(), i, tx.Hash(), ErrBlobTx)
			}
		}
	}
	if n, err := e.eth.BlockChain().InsertChain(blocks); err != nil {
		return fmt.Errorf("insert chain: block %d: %w", blocks[n].NumberU64(), err)
	}
	return ctx.Err()
}

func (e *Geth) importBlock(ctx context.Context, b *types.Block, makeWitness bool) (*stateless.Witness, error) {
	if !e.running {
		return nil, ErrNotStarted
	}
	defer since(&e.stages.imp, time.Now())
	num := b.NumberU64()
	if num == 0 {
		return nil, errors.New("import block: refusing a genesis block")
	}
	for i, tx := range b.Transactions() {
		if tx.Type() == types.BlobTxType {
			return nil, fmt.Errorf("import block %d: tx %d (%s): %w", num, i, tx.Hash(), ErrBlobTx)
		}
	}
	bc := e.eth.BlockChain()
	parent := bc.GetHeader(b.ParentHash(), num-1)
	if parent == nil {
		return nil, fmt.Errorf("import block %d (%s): parent %s: %w", num, b.Hash(), b.ParentHash(), ErrUnknownParent)
	}
	if b.Time() <= parent.Time {
		return nil, fmt.Errorf("import block %d: timestamp %d not after parent's %d", num, b.Time(), parent.Time)
	}
	witness := e.built[b.Hash()]
	delete(e.built, b.Hash())
	// A block known without its state (pruned state lost in a crash) is
	// executed again.
	if !bc.HasBlockAndState(b.Hash(), num) {
		w, err := bc.InsertBlockWithoutSetHead(ctx, b, makeWitness)
		if err != nil {
			return nil, fmt.Errorf("import block %d (%s): invalid: %w", num, b.Hash(), err)
		}
		witness = w
	}
	// Beside the next import (a sync imports runs of blocks); the head
	// moves only once it is done.
	e.seeds.Go(func() { seedSenders(bc, b) })
	if makeWitness && witness == nil {
		// Already known (or imported as a side chain without execution):
		// re-execute on the parent state to produce the witness.
		w, err := e.makeWitness(ctx, b, parent)
		if err != nil {
			return nil, fmt.Errorf("import block %d (%s): %w", num, b.Hash(), err)
		}
		witness = w
	}
	return witness, nil
}

// SetSafeAndFinalized marks the blocks geth serves as `safe` and
// `finalized` (the rollup's meaning: the last block of the last batch
// committed, and verified, on L1). Both must be canonical blocks, the
// finalized one not above the safe one. Neither tag moves backwards: a
// block below the current one leaves that tag where it is.
func (e *Geth) SetSafeAndFinalized(ctx context.Context, safe, finalized common.Hash) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	if !e.running {
		return ErrNotStarted
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	bc := e.eth.BlockChain()
	canonical := func(what string, h common.Hash) (*types.Header, error) {
		hdr := bc.GetHeaderByHash(h)
		if hdr == nil {
			return nil, fmt.Errorf("%s block %s: %w", what, h, ErrUnknownBlock)
		}
		if bc.GetCanonicalHash(hdr.Number.Uint64()) != h {
			return nil, fmt.Errorf("%s block %d (%s) is not canonical", what, hdr.Number, h)
		}
		return hdr, nil
	}
	s, err := canonical("safe", safe)
	if err != nil {
		return err
	}
	f, err := canonical("finalized", finalized)
	if err != nil {
		return err
	}
	if f.Number.Cmp(s.Number) > 0 {
		return fmt.Errorf("finalized block %d is above the safe block %d", f.Number, s.Number)
	}
	// Never backwards: a lower mark (an L1 endpoint behind the last one
	// read, an L1 reorganisation) leaves the current one. Both stay
	// canonical: final blocks are not reorganised.
	if cur := bc.CurrentSafeBlock(); cur != nil && cur.Number.Cmp(s.Number) > 0 {
		s = cur
	}
	if cur := bc.CurrentFinalBlock(); cur != nil && cur.Number.Cmp(f.Number) > 0 {
		f = cur
	}
	bc.SetSafe(s)
	bc.SetFinalized(f)
	return nil
}

// SafeAndFinalized returns the numbers of the safe and finalized blocks
// (SetSafeAndFinalized), 0 while a tag is unset.
func (e *Geth) SafeAndFinalized() (safe, finalized uint64) {
	bc := e.eth.BlockChain()
	if h := bc.CurrentSafeBlock(); h != nil {
		safe = h.Number.Uint64()
	}
	if h := bc.CurrentFinalBlock(); h != nil {
		finalized = h.Number.Uint64()
	}
	return safe, finalized
}

// Witness re-executes a stored block on its parent's state and returns the
// RLP encoding of its stateless witness.
func (e *Geth) Witness(ctx context.Context, hash common.Hash) ([]byte, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if !e.running {
		return nil, ErrNotStarted
	}
	bc := e.eth.BlockChain()
	b := bc.GetBlockByHash(hash)
	if b == nil {
		return nil, fmt.Errorf("witness of %s: %w", hash, ErrUnknownBlock)
	}
	parent := bc.GetHeader(b.ParentHash(), b.NumberU64()-1)
	if parent == nil {
		return nil, fmt.Errorf("witness of %d: %w", b.NumberU64(), ErrUnknownParent)
	}
	w, err := e.makeWitness(ctx, b, parent)
	if err != nil {
		return nil, fmt.Errorf("witness of %d: %w", b.NumberU64(), err)
	}
	return rlp.EncodeToBytes(w)
}

func (e *Geth) makeWitness(ctx context.Context, b *types.Block, parent *types.Header) (*stateless.Witness, error) {
	res, err := e.eth.BlockChain().ProcessBlock(ctx, parent.Root, b, core.ExecuteConfig{MakeWitness: true})
	if err != nil {
		return nil, fmt.Errorf("re-execute for witness: %w", err)
	}
	w := res.Witness()
	if w == nil {
		return nil, errors.New("re-execute for witness: no witness produced")
	}
	return w, nil
}

// SetHead makes the block with that hash the canonical head (the Engine
// API's ForkchoiceUpdated with head = hash) and returns once the txpool
// moved to it too. The block must have been imported. The safe and
// finalized blocks move separately, with SetSafeAndFinalized: on Cairn they
// follow L1, not consensus.
func (e *Geth) SetHead(ctx context.Context, hash common.Hash) error {
	if err := e.MoveHead(ctx, hash); err != nil {
		return err
	}
	return e.awaitPool(ctx)
}

// MoveHead is SetHead without waiting for the txpool, for a node catching
// up on blocks nobody builds on: the next BuildBlock waits for it instead.
func (e *Geth) MoveHead(ctx context.Context, hash common.Hash) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	if !e.running {
		return ErrNotStarted
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	defer since(&e.stages.head, time.Now())
	bc := e.eth.BlockChain()
	// The head event sends the blob pool to the new blocks: their stored
	// copies must carry their senders by then.
	e.seeds.Wait()
	block := bc.GetBlockByHash(hash)
	if block == nil {
		return fmt.Errorf("set head %s: %w", hash, ErrUnknownBlock)
	}
	if rawdb.ReadCanonicalHash(e.eth.ChainDb(), block.NumberU64()) != hash || bc.CurrentBlock().Hash() != hash {
		if _, err := bc.SetCanonical(block); err != nil {
			return fmt.Errorf("set head %d (%s): %w", block.NumberU64(), hash, err)
		}
	}
	e.eth.SetSynced()
	// geth writes without fsync; a finalized head must survive a crash, so
	// flush the write-ahead log (the block, its state and the head markers).
	if err := e.eth.ChainDb().SyncKeyValue(); err != nil {
		return fmt.Errorf("set head %d: sync database: %w", block.NumberU64(), err)
	}
	// The txpool moves to the new head on its own loop (for a full block,
	// milliseconds: the blob pool reads the senders importBlock seeded). Until it does, transactions sent for the new head
	// are queued against the old state, and a block built offers ones the
	// head already included: SetHead and BuildBlock wait for it, MoveHead
	// does not. The head event is already queued to the pool; the first
	// forced reset may still run on the old head, the second one is ordered
	// after the head event.
	synced := make(chan struct{})
	e.poolSynced = synced
	e.wg.Add(1)
	go func() {
		defer e.wg.Done()
		defer close(synced)
		// geth answers one Sync waiter at a time: a second concurrent
		// one would replace the first, which then waits forever.
		e.syncMu.Lock()
		defer e.syncMu.Unlock()
		for i := 0; i < 2; i++ {
			if err := e.eth.TxPool().Sync(); err != nil {
				return // closed meanwhile
			}
		}
	}()
	return nil
}

// awaitPool waits until the txpool has moved to the last head set.
func (e *Geth) awaitPool(ctx context.Context) error {
	e.mu.Lock()
	synced := e.poolSynced
	e.mu.Unlock()
	if synced == nil {
		return nil
	}
	select {
	case <-synced:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// TxLogs returns the logs of the canonical transaction with that hash, and
// false when no block of this node's chain holds it (unknown, or still in
// the pool).
func (e *Geth) TxLogs(h common.Hash) ([]*types.Log, bool) {
	bc := e.eth.BlockChain()
	lookup, _ := bc.GetCanonicalTransaction(h)
	if lookup == nil {
		return nil, false
	}
	receipts := bc.GetReceiptsByHash(lookup.BlockHash)
	if lookup.Index >= uint64(len(receipts)) {
		return nil, false
	}
	// Copies: the receipts may be the chain's cached ones.
	logs := make([]*types.Log, len(receipts[lookup.Index].Logs))
	for i, l := range receipts[lookup.Index].Logs {
		c := *l
		c.TxHash, c.BlockNumber, c.BlockHash = h, lookup.BlockIndex, lookup.BlockHash
		logs[i] = &c
	}
	return logs, true
}
